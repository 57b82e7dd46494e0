/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture: run a program as root of a user namespace that another user owns (run as root). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "parse.h"
#include "proc.h"

/*
 * Usage: idholder OWNER UID GID -- PROGRAM [ARG...]
 * A child switches to uid/gid OWNER, creates a user namespace (so OWNER owns it), and waits
 * while we, as root outside, map inner 0 to UID and GID. It then becomes 0 inside, that is
 * UID/GID outside, and execs PROGRAM (same pid). We wait and exit with its status.
 *
 * This is a target that OWNER may enter (it owns the user namespace) but whose /proc files
 * OWNER may not read before entering: they belong to UID (nsenter -e, util-linux#4558). No
 * /etc/subuid entry is needed, as root writes the maps. Independent of the tools under test.
 */

static _Noreturn void fail(const char *what, int err)
{
	fprintf(stderr, "idholder: %s: %s\n", what, strerror(err));
	exit(2);
}

static void write_map(pid_t pid, const char *file, unsigned id)
{
	char path[64], line[32];
	_cleanup_close_ int fd = -EBADF;
	int len;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	len = snprintf(line, sizeof(line), "0 %u 1\n", id);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, line, (size_t)len) != len)
		fail(path, errno);
}

int main(int argc, char **argv)
{
	int to_child[2], to_parent[2], status;
	uid_t owner, uid;
	gid_t gid;
	pid_t child;
	char c;

	if (argc < 6 || strcmp(argv[4], "--") != 0 || nst_parse_uid_number(argv[1], &owner) < 0 ||
	    nst_parse_uid_number(argv[2], &uid) < 0 || nst_parse_gid_number(argv[3], &gid) < 0) {
		fprintf(stderr, "usage: idholder OWNER UID GID -- PROGRAM [ARG...]\n");
		return 2;
	}
	if (pipe2(to_child, O_CLOEXEC) < 0 || pipe2(to_parent, O_CLOEXEC) < 0)
		fail("pipe", errno);
	child = fork();
	if (child < 0)
		fail("fork", errno);
	if (child == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		if (setgroups(0, NULL) < 0 || setresgid(owner, owner, owner) < 0 ||
		    setresuid(owner, owner, owner) < 0)
			fail("becoming the owner", errno);
		if (unshare(CLONE_NEWUSER) < 0)
			fail("unshare", errno);
		if (write(to_parent[1], "u", 1) != 1 || read(to_child[0], &c, 1) != 1)
			fail("waiting for the maps", errno);
		/* all capabilities in the new namespace: become its root, UID/GID outside */
		if (setresgid(0, 0, 0) < 0 || setgroups(0, NULL) < 0 || setresuid(0, 0, 0) < 0)
			fail("becoming root inside", errno);
		execvp(argv[5], argv + 5);
		fail(argv[5], errno);
	}
	close(to_child[0]);
	close(to_parent[1]);
	if (read(to_parent[0], &c, 1) != 1)
		return 2;
	write_map(child, "uid_map", uid);
	write_map(child, "gid_map", gid);
	if (write(to_child[1], "m", 1) != 1)
		fail("releasing the child", errno);
	if (nst_waitpid(child, &status, 0) < 0)
		fail("waitpid", errno);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
