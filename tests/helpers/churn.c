/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture: create and kill short-lived processes and namespaces until stdin closes. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Usage: churn
 * Prints "ready" once the first round is done, then loops until EOF on stdin: each round forks
 * a child that unshares some namespaces (a different mix each time: uts, ipc, net, mount,
 * cgroup, and as PID 1 of a new pid namespace a grandchild) and then either exits at once or
 * is killed by SIGKILL, so a scanner sees processes and namespaces vanish at every step.
 * At the end prints "processes N namespaces M" (M counts the namespaces created).
 */

static const int mixes[] = {
	CLONE_NEWUTS,
	CLONE_NEWIPC | CLONE_NEWUTS,
	CLONE_NEWNET,
	CLONE_NEWNS,
	CLONE_NEWCGROUP | CLONE_NEWUTS,
	CLONE_NEWPID | CLONE_NEWIPC,
	0,
};

static int popcount(int v)
{
	return __builtin_popcount((unsigned)v);
}

static int stdin_closed(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char buf[64];

	if (poll(&p, 1, 0) <= 0)
		return 0;
	return read(STDIN_FILENO, buf, sizeof(buf)) <= 0;
}

int main(void)
{
	unsigned long procs = 0, namespaces = 0, round = 0;
	int flags_ok = ~0;

	/* unprivileged: only a user namespace gives the right to make the others */
	if (geteuid() != 0)
		flags_ok = 0;
	for (;;) {
		int mix = mixes[round % (sizeof(mixes) / sizeof(mixes[0]))] & flags_ok;
		int pipefd[2];
		pid_t child;
		char c;

		if (pipe2(pipefd, O_CLOEXEC) < 0)
			return 1;
		child = fork();
		if (child < 0) {
			perror("churn: fork");
			return 1;
		}
		if (child == 0) {
			int ok = mix == 0 || unshare(mix) == 0;

			if (ok && (mix & CLONE_NEWPID)) {
				/* a pid namespace lives only with its PID 1 */
				pid_t g = fork();

				if (g == 0)
					_exit(0);
				if (g > 0)
					(void)waitpid(g, NULL, 0);
			}
			c = ok ? '1' : '0';
			(void)!write(pipefd[1], &c, 1);
			if (round % 3 == 0)
				pause();	/* killed below */
			_exit(0);
		}
		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) == 1 && c == '1')
			namespaces += (unsigned long)popcount(mix);
		close(pipefd[0]);
		if (round % 3 == 0)
			(void)kill(child, SIGKILL);
		(void)waitpid(child, NULL, 0);
		procs++;
		if (round++ == 0) {
			puts("ready");
			fflush(stdout);
		}
		if (round % 16 == 0 && stdin_closed())
			break;
	}
	printf("processes %lu namespaces %lu\n", procs, namespaces);
	return 0;
}
