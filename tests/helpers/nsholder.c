/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture: unshare the given namespace types, report pid and ids, block until stdin closes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "ns.h"
#include "proc.h"

/*
 * Usage: nsholder [-h HOSTNAME] TYPE...
 * Prints one line "PID type:inode type:inode ..." for the process that sits in the new
 * namespaces (for pid and time, a child: those apply to children only), then waits for EOF on
 * stdin. With a user namespace, the caller's uid and gid map to 0 inside.
 * Deliberately independent of the tools under test.
 */

/* In sanitizer builds: as PID 1 of a new pid namespace LeakSanitizer cannot stop the world
 * and reports a fatal error of its own. This fixture holds nothing worth leak-checking. */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
	return 1;
}

static int write_file(const char *path, const char *text)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(text);

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		return -errno;
	return 0;
}

static void fail(const char *what, int r)
{
	fprintf(stderr, "nsholder: %s: %s\n", what, strerror(-r));
	exit(1);
}

/* Map our own uid and gid to 0 inside. After unshare() we have no capability in the parent
 * user namespace, root or not, so a single line for our own id is all the kernel allows,
 * and gid_map needs setgroups denied first. */
static void map_ids(uid_t uid, gid_t gid)
{
	char buf[64];
	int r;

	snprintf(buf, sizeof(buf), "0 %u 1\n", (unsigned)uid);
	r = write_file("/proc/self/uid_map", buf);
	if (r >= 0)
		r = write_file("/proc/self/setgroups", "deny\n");
	snprintf(buf, sizeof(buf), "0 %u 1\n", (unsigned)gid);
	if (r >= 0)
		r = write_file("/proc/self/gid_map", buf);
	if (r < 0)
		fail("writing id maps", r);
}

static void wait_for_eof(void)
{
	char buf[256];

	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

		if (n == 0 || (n < 0 && errno != EINTR))
			return;
	}
}

static void report(pid_t pid)
{
	printf("%d", (int)pid);
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		struct nst_id id;

		if (nst_pid_id(pid, (enum nst_type)t, false, &id) >= 0)
			printf(" %s:%llu", nst_type_info((enum nst_type)t)->name,
			       (unsigned long long)id.ino);
	}
	putchar('\n');
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *hostname = NULL;
	unsigned mask = 0;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	pid_t child;
	int opt, r, status;

	while ((opt = getopt(argc, argv, "+h:")) != -1) {
		if (opt != 'h') {
			fprintf(stderr, "usage: nsholder [-h HOSTNAME] TYPE...\n");
			return 2;
		}
		hostname = optarg;
	}
	for (int i = optind; i < argc; i++) {
		enum nst_type t = nst_type_from_name(argv[i]);

		if ((int)t < 0) {
			fprintf(stderr, "nsholder: unknown namespace type '%s'\n", argv[i]);
			return 2;
		}
		mask |= NST_MASK(t);
	}

	r = nst_unshare(mask);
	if (r < 0)
		fail("unshare", r);
	if (mask & NST_MASK(NST_USER))
		map_ids(uid, gid);
	if (hostname && sethostname(hostname, strlen(hostname)) < 0)
		fail("sethostname", -errno);

	if (!(mask & (NST_MASK(NST_PID) | NST_MASK(NST_TIME)))) {
		report(getpid());
		wait_for_eof();
		return 0;
	}

	/* pid and time namespaces take effect for children only */
	child = fork();
	if (child < 0)
		fail("fork", -errno);
	if (child == 0) {
		wait_for_eof();
		_exit(0);
	}
	report(child);
	if (nst_waitpid(child, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
