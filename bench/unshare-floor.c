/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unshare-floor: the raw system calls of `unshare [-Urmnuipf] [--mount-proc] PROG`, and no more. */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Usage: unshare-floor LETTERS PROG [ARG...], LETTERS from U r m n u i p f P (P: --mount-proc).
 * One unshare(2); with f a fork, and in the child (or in place without f) the uid/gid maps
 * for r, MS_REC|MS_PRIVATE on / for m, a fresh /proc for P, then execvp. Statically linked.
 */

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = (ssize_t)strlen(text);

	if (fd < 0 || write(fd, text, len) != len)
		return -1;
	return close(fd);
}

int main(int argc, char **argv)
{
	const char *l;
	int flags = 0, fork_it = 0, map_root = 0, mount_proc = 0, status;
	char uid_line[32], gid_line[32];
	pid_t child;

	if (argc < 3)
		return 2;
	for (l = argv[1]; *l; l++) {
		switch (*l) {
		case 'U': flags |= CLONE_NEWUSER; break;
		case 'r': flags |= CLONE_NEWUSER; map_root = 1; break;
		case 'm': flags |= CLONE_NEWNS; break;
		case 'n': flags |= CLONE_NEWNET; break;
		case 'u': flags |= CLONE_NEWUTS; break;
		case 'i': flags |= CLONE_NEWIPC; break;
		case 'p': flags |= CLONE_NEWPID; break;
		case 'f': fork_it = 1; break;
		case 'P': flags |= CLONE_NEWNS; mount_proc = 1; break;
		default: return 2;
		}
	}
	snprintf(uid_line, sizeof(uid_line), "0 %u 1\n", (unsigned)geteuid());
	snprintf(gid_line, sizeof(gid_line), "0 %u 1\n", (unsigned)getegid());
	if (unshare(flags) < 0) {
		perror("unshare-floor");
		return 1;
	}
	if (fork_it) {
		child = fork();
		if (child < 0)
			return 1;
		if (child > 0) {
			if (waitpid(child, &status, 0) < 0)
				return 1;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
	}
	if (map_root && (write_text("/proc/self/uid_map", uid_line) < 0 ||
			 write_text("/proc/self/setgroups", "deny\n") < 0 ||
			 write_text("/proc/self/gid_map", gid_line) < 0)) {
		perror("unshare-floor: maps");
		return 1;
	}
	if ((flags & CLONE_NEWNS) && mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		perror("unshare-floor: propagation");
		return 1;
	}
	if (mount_proc &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		perror("unshare-floor: /proc");
		return 1;
	}
	execvp(argv[2], argv + 2);
	perror("unshare-floor: exec");
	return 127;
}
