/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture: run a command as a child subreaper and report every process it left behind. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Usage: reaper REPORT CMD [ARG...]
 * Runs CMD (argv[0] exactly as given, so getopt's messages are unchanged) with us as its child
 * subreaper: whatever CMD forks and abandons is reparented to us, not to init. After CMD ends,
 * every such process is listed in the file REPORT ("PID COMM" lines, empty file: none), killed
 * and reaped. We then end as CMD did: its exit code, or death by its signal.
 * Nothing scans /proc: on a busy machine that costs seconds per call.
 */

static void report_leftovers(const char *report)
{
	char path[64], comm[64];
	FILE *out = fopen(report, "we");
	pid_t pid;

	if (!out) {
		perror("reaper: report file");
		exit(125);
	}
	/* adopted orphans are our children now; collect them until none is left */
	for (;;) {
		FILE *f;
		int n = 0, status;

		snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
		f = fopen(path, "re");
		if (!f)
			break;
		while (fscanf(f, "%d", &pid) == 1) {
			FILE *c;

			snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
			c = fopen(path, "re");
			if (!c || !fgets(comm, sizeof(comm), c))
				strcpy(comm, "?\n");
			if (c)
				fclose(c);
			fprintf(out, "%d %s", (int)pid, comm);
			(void)kill(pid, SIGKILL);
			n++;
		}
		fclose(f);
		if (!n)
			break;
		while (waitpid(-1, &status, __WALL) > 0)
			;
	}
	/* zombies: adopted and already dead */
	while ((pid = waitpid(-1, NULL, WNOHANG | __WALL)) > 0)
		fprintf(out, "%d (zombie)\n", (int)pid);
	if (fclose(out) != 0)
		exit(125);
}

int main(int argc, char **argv)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	pid_t child;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: reaper REPORT CMD [ARG...]\n");
		return 125;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		perror("reaper: PR_SET_CHILD_SUBREAPER");
		return 125;
	}
	child = fork();
	if (child < 0) {
		perror("reaper: fork");
		return 125;
	}
	if (child == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "reaper: cannot run %s: %s\n", argv[2], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR) {
			perror("reaper: waitpid");
			return 125;
		}
	report_leftovers(argv[1]);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	(void)sigaction(WTERMSIG(status), &dfl, NULL);
	(void)raise(WTERMSIG(status));
	return 125;
}
