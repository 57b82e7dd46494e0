/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nsenter-floor: the raw system calls of `nsenter -t PID -n|-a PROG`, and nothing else. */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Usage: nsenter-floor PID n|a PROG [ARG...]
 * n: pidfd_open, setns(pidfd, CLONE_NEWNET), execvp.
 * a: pidfd_open, one setns(pidfd, all types), setgroups/setgid/setuid to 0 as nsenter does
 *    after entering a user namespace, then fork (a pid namespace applies to children only),
 *    execvp in the child and pass its status on.
 * Linked statically: the floor pays no dynamic loader and reads no locale.
 */

#define ALL_NS (CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | \
		CLONE_NEWTIME | CLONE_NEWUSER | CLONE_NEWUTS)

int main(int argc, char **argv)
{
	int pidfd, all, status;
	pid_t child;
	char *end;
	long pid;

	if (argc < 4 || strlen(argv[2]) != 1 || !strchr("na", argv[2][0]))
		return 2;
	pid = strtol(argv[1], &end, 10);
	if (end == argv[1] || *end || pid <= 0 || pid > INT_MAX)
		return 2;
	all = argv[2][0] == 'a';
	pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	if (pidfd < 0 || setns(pidfd, all ? ALL_NS : CLONE_NEWNET) < 0) {
		perror("nsenter-floor");
		return 1;
	}
	close(pidfd);
	if (all) {
		/* setgroups fails where the target namespace denies it; nsenter goes on too */
		(void)setgroups(0, NULL);
		if (setgid(0) < 0 || setuid(0) < 0) {
			perror("nsenter-floor: credentials");
			return 1;
		}
		child = fork();
		if (child < 0)
			return 1;
		if (child > 0) {
			if (waitpid(child, &status, 0) < 0)
				return 1;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
	}
	execvp(argv[3], argv + 3);
	perror("nsenter-floor: exec");
	return 127;
}
