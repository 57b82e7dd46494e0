/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timeit: run commands interleaved (A B A B ...), print wall, user, system time and peak RSS. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: timeit RUNS WARMUP CMD... [::: CMD...]...
 * Runs every command RUNS times after WARMUP unrecorded rounds, in rounds: one run of each
 * command per round, so that a drift in the machine's load hits all of them alike. Children
 * get /dev/null as stdin, stdout and stderr. One line per recorded run:
 *   CMD RUN WALL_NS USER_US SYS_US MAXRSS_KB STATUS
 * where STATUS is the exit code, or 128 + signal. User, system time and peak RSS come from
 * wait4's rusage: the command and the children it waited for.
 */

extern char **environ;

static long count(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > INT_MAX) {
		fprintf(stderr, "timeit: invalid number '%s'\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	char ***cmds;
	long runs, warmup;
	int ncmds = 0;

	if (argc < 4) {
		fputs("Usage: timeit RUNS WARMUP CMD... [::: CMD...]...\n", stderr);
		return 2;
	}
	runs = count(argv[1]);
	warmup = count(argv[2]);
	cmds = calloc(argc, sizeof(*cmds));
	if (!cmds)
		return 1;
	/* split argv in place at each ":::" */
	cmds[ncmds++] = argv + 3;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], ":::") == 0) {
			argv[i] = NULL;
			cmds[ncmds++] = argv + i + 1;
		}
	}
	for (int c = 0; c < ncmds; c++)
		if (!cmds[c][0]) {
			fputs("timeit: empty command\n", stderr);
			return 2;
		}
	posix_spawn_file_actions_init(&fa);
	for (int fd = 0; fd < 3; fd++)
		posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd ? O_WRONLY : O_RDONLY, 0);

	for (long r = -warmup; r < runs; r++) {
		for (int c = 0; c < ncmds; c++) {
			struct timespec t0, t1;
			struct rusage ru;
			int status, code;
			pid_t pid;

			clock_gettime(CLOCK_MONOTONIC, &t0);
			if (posix_spawnp(&pid, cmds[c][0], &fa, NULL, cmds[c], environ) != 0) {
				fprintf(stderr, "timeit: cannot run %s\n", cmds[c][0]);
				return 1;
			}
			if (wait4(pid, &status, 0, &ru) < 0) {
				perror("timeit: wait4");
				return 1;
			}
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (r < 0)
				continue;
			code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			printf("%d %ld %lld %lld %lld %ld %d\n", c, r,
			       (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec),
			       ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec,
			       ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec,
			       ru.ru_maxrss, code);
		}
		fflush(stdout);
	}
	posix_spawn_file_actions_destroy(&fa);
	return 0;
}
