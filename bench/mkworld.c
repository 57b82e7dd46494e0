/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mkworld: build a reproducible host state of many processes and namespaces, and tear it down. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mkworld.h"

char state_path[256];
char world_dir[256];
int in_keeper;
FILE *state;

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("mkworld: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (in_keeper) {
		/* undo the half-built world and reap it ourselves: orphans could become zombies */
		in_keeper = 0;
		(void)cleanup();
		while (waitpid(-1, NULL, 0) >= 0 || errno == EINTR)
			;
	}
	_exit(1);
}

static void usage(void)
{
	fputs("Usage:\n"
	      " mkworld [options] <nprocs>   build a world and print one line describing it\n"
	      " mkworld [options] --cleanup  kill and unmount what the world's state file records\n"
	      "\nOptions:\n"
	      " -i, --id <name>        world name (default: world)\n"
	      " -d, --dir <dir>        state directory (default: /run/nstools-bench)\n"
	      " -s, --sets <n>         sets of fresh namespaces (default: nprocs / 20)\n"
	      " -b, --binds <n>        namespace sets held only by bind mounts (default: sets / 50)\n"
	      " -f, --fds <n>          namespace sets held only by open fds (default: sets / 50)\n"
	      " -t, --threads <n>      threads holding their own namespaces (default: sets / 50)\n"
	      " -c, --cleanup          tear the world down\n",
	      stdout);
	exit(0);
}

static long parse_count(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		die("invalid number '%s'", s);
	return v;
}

static int valid_id(const char *s)
{
	if (!*s || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr("._-", *s))
			return 0;
	return 1;
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

long long start_time(pid_t pid)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd, field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -EIO;
	buf[n] = '\0';
	/* the command name may hold spaces and parentheses: fields restart after the last ')' */
	p = strrchr(buf, ')');
	if (!p)
		return -EIO;
	for (field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return -EIO;
	return strtoll(p + 1, NULL, 10);
}

int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = strlen(text), n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	close(fd);
	return n == len ? 0 : -EIO;
}

long read_long(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* ---- the state file ---- */

void record(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(state, fmt, ap);
	va_end(ap);
	/* flushed at once: a crash must not lose a process or a mount */
	if (fflush(state) != 0)
		die("cannot write %s: %m", state_path);
}

void record_proc(pid_t pid, const char *role)
{
	long long st = start_time(pid);

	if (st < 0)
		die("cannot read the start time of %d: %s", (int)pid, strerror((int)-st));
	record("proc %d %lld %s\n", (int)pid, st, role);
}

void ensure_sysctl(const char *path, long need, long set)
{
	char buf[32];
	long cur = read_long(path);

	if (cur < 0 || cur >= need)
		return;
	snprintf(buf, sizeof(buf), "%ld\n", set);
	if (write_text(path, buf) < 0)
		die("cannot raise %s from %ld to %ld", path, cur, set);
	record("sysctl %s %ld %ld\n", path, cur, set);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "id",      required_argument, NULL, 'i' },
		{ "dir",     required_argument, NULL, 'd' },
		{ "sets",    required_argument, NULL, 's' },
		{ "binds",   required_argument, NULL, 'b' },
		{ "fds",     required_argument, NULL, 'f' },
		{ "threads", required_argument, NULL, 't' },
		{ "cleanup", no_argument,       NULL, 'c' },
		{ "help",    no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*o = (struct opts){ .id = "world", .dir = "/run/nstools-bench", .sets = -1, .binds = -1,
			    .fds = -1, .threads = -1 };
	while ((c = getopt_long(argc, argv, "i:d:s:b:f:t:ch", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': o->id = optarg; break;
		case 'd': o->dir = optarg; break;
		case 's': o->sets = parse_count(optarg, 1000000); break;
		case 'b': o->binds = parse_count(optarg, 100000); break;
		case 'f': o->fds = parse_count(optarg, 1000); break;
		case 't': o->threads = parse_count(optarg, 100000); break;
		case 'c': o->cleanup = 1; break;
		case 'h': usage(); break;
		default:
			fputs("Try 'mkworld --help' for more information.\n", stderr);
			exit(1);
		}
	}
	if (!valid_id(o->id))
		die("invalid world id '%s'", o->id);
	if (o->cleanup) {
		if (optind != argc)
			die("--cleanup takes no arguments");
		return;
	}
	if (optind + 1 != argc)
		die("expected one argument: the number of processes");
	o->nprocs = parse_count(argv[optind], 4000000);
	if (o->sets < 0)
		o->sets = o->nprocs / 20 ? o->nprocs / 20 : (o->nprocs ? 1 : 0);
	if (o->sets > o->nprocs)
		die("more sets than processes");
	if (o->nprocs && !o->sets)
		die("processes need at least one set");
	if (o->binds < 0)
		o->binds = o->sets / 50 ? o->sets / 50 : 1;
	if (o->fds < 0)
		o->fds = o->sets / 50 ? o->sets / 50 : 1;
	if (o->threads < 0)
		o->threads = o->sets / 50 ? o->sets / 50 : 1;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct rlimit rl;
	char line[512];
	int report[2], fd;
	ssize_t n;
	pid_t keeper;

	parse_args(argc, argv, &o);
	if (snprintf(state_path, sizeof(state_path), "%s/%s.state", o.dir, o.id) >= (int)sizeof(state_path) ||
	    snprintf(world_dir, sizeof(world_dir), "%s/%s", o.dir, o.id) >= (int)sizeof(world_dir))
		die("path too long");
	if (o.cleanup)
		return cleanup();

	/* the fd units need 8 fds each */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (mkdir(o.dir, 0700) < 0 && errno != EEXIST)
		die("cannot create %s: %m", o.dir);
	fd = open(state_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		die("cannot create %s: %m%s", state_path,
		    errno == EEXIST ? " (run mkworld --cleanup first)" : "");
	state = fdopen(fd, "w");
	if (!state)
		die("fdopen: %m");
	record("nstools-mkworld 1\n");
	if (pipe2(report, O_CLOEXEC) < 0)
		die("pipe: %m");

	/*
	 * CLONE_PARENT: the keeper becomes our caller's child, so the shell or bench/run that
	 * started us reaps it after cleanup. Fork-like (no new stack): the keeper makes no
	 * glibc call that needs its own thread id (no raise, abort or pthread).
	 */
	keeper = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, 0);
	if (keeper < 0)
		die("clone: %m");
	if (keeper == 0) {
		close(report[0]);
		(void)setsid();
		build(&o, report[1]);
	}
	close(report[1]);
	fclose(state);
	n = read(report[0], line, sizeof(line) - 1);
	if (n <= 0) {
		fprintf(stderr, "mkworld: the world could not be built; cleaning up\n");
		(void)cleanup();
		return 1;
	}
	line[n] = '\0';
	fputs(line, stdout);
	return 0;
}
