/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture: keep one fd number flipping between two namespaces of different types. */
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Usage: fdflip FD
 * Unshares a new network and a new uts namespace when it can (as root), so that both are
 * namespaces nobody else lists; opens both, prints "PID net:[INO] uts:[INO]", then dup2()s the
 * two onto fd FD in turn, as fast as it can, until stdin closes. A scanner that stats one
 * object and opens another sees the fd change type under it.
 */
static int stdin_closed(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char buf[64];

	if (poll(&p, 1, 0) <= 0)
		return 0;
	return read(STDIN_FILENO, buf, sizeof(buf)) <= 0;
}

int main(int argc, char **argv)
{
	struct stat a, b;
	int net, uts, target;

	if (argc != 2 || (target = atoi(argv[1])) < 3) {
		fprintf(stderr, "usage: fdflip FD (FD >= 3)\n");
		return 2;
	}
	if (geteuid() == 0 && unshare(CLONE_NEWNET | CLONE_NEWUTS) < 0) {
		perror("fdflip: unshare");
		return 1;
	}
	net = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	if (net < 0 || uts < 0 || fstat(net, &a) < 0 || fstat(uts, &b) < 0) {
		perror("fdflip: open");
		return 1;
	}
	printf("%d net:[%llu] uts:[%llu]\n", (int)getpid(), (unsigned long long)a.st_ino,
	       (unsigned long long)b.st_ino);
	fflush(stdout);
	for (unsigned long i = 0;; i++) {
		if (dup2(i & 1 ? uts : net, target) < 0) {
			perror("fdflip: dup2");
			return 1;
		}
		if (i % 4096 == 0 && stdin_closed())
			return 0;
	}
}
