/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mkworld: build a reproducible host state of many processes and namespaces, and tear it down. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <linux/sched.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * The world, for NPROCS processes in SETS sets:
 *
 *   keeper        the parent of everything, handed to our caller with CLONE_PARENT so that
 *                 the caller reaps it (PID 1 may not reap orphans); holds the fd-only
 *                 namespaces and exits by itself once cleanup has killed all its children
 *   leader        one per set, cloned with all eight CLONE_NEW* flags: PID 1 of its pid
 *                 namespace and the only real fork in the set
 *   member        the rest of a set: CLONE_VM children of the leader, so they cost a task
 *                 and an 8 KiB stack each, no page tables of their own
 *   threads       one process whose threads each unshare net, uts, ipc, cgroup and mnt
 *   helper        short-lived: its namespaces are bind-mounted (or opened), then it is killed
 *
 * Members share the leader's address space, and a CLONE_VM child does not switch time
 * namespace (the vDSO page is per mm), which is why the leader, not the keeper, forks them:
 * the leader already sits in its own time namespace, so they inherit it.
 *
 * The state file records every process with its start time (field 22 of /proc/PID/stat),
 * every mount and every sysctl we changed, as soon as each exists, so that --cleanup can undo
 * a half-built world too. Cleanup touches a process only while its start time still matches,
 * and a mount only if it is still the nsfs or tmpfs mount we made.
 */

#define ALL_NS (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | \
		CLONE_NEWCGROUP | CLONE_NEWPID | CLONE_NEWTIME)
#define THREAD_NS (CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWNS)
#define MEMBER_STACK (8 * 1024)
#define TMPFS_SOURCE "nstools-bench"

static const char *const ns_names[] = {
	"user", "mnt", "uts", "ipc", "net", "cgroup", "pid", "time",
};

struct opts {
	const char *id;
	const char *dir;
	long nprocs;
	long sets;
	long binds;
	long fds;
	long threads;
	int cleanup;
};

static char state_path[256];
static char world_dir[256];
static int in_keeper;

static int cleanup(void);

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
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

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Start time of PID in clock ticks since boot (field 22 of /proc/PID/stat), or -errno. */
static long long start_time(pid_t pid)
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

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = strlen(text), n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	close(fd);
	return n == len ? 0 : -EIO;
}

static long read_long(const char *path)
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

static FILE *state;

static void record(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void record(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(state, fmt, ap);
	va_end(ap);
	/* flushed at once: a crash must not lose a process or a mount */
	if (fflush(state) != 0)
		die("cannot write %s: %m", state_path);
}

static void record_proc(pid_t pid, const char *role)
{
	long long st = start_time(pid);

	if (st < 0)
		die("cannot read the start time of %d: %s", (int)pid, strerror((int)-st));
	record("proc %d %lld %s\n", (int)pid, st, role);
}

/* Raise a sysctl to at least NEED, and record the old value so that cleanup restores it. */
static void ensure_sysctl(const char *path, long need, long set)
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

/* ---- processes of the world ---- */

static int sys_clone3(uint64_t flags)
{
	struct clone_args args = { .flags = flags, .exit_signal = SIGCHLD };

	return (int)syscall(SYS_clone3, &args, sizeof(args));
}

/* Point 0-2 at /dev/null and drop every other fd except KEEP: world processes hold nothing. */
static void quiet_fds(int keep)
{
	/* closes everything but 0-2 and KEEP */
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		_exit(1);
	for (int i = 0; i < 3; i++)
		if (dup2(fd, i) < 0)
			_exit(1);
	close(fd);
	if (keep > 3)
		(void)syscall(SYS_close_range, 3U, (unsigned)keep - 1, 0);
	(void)syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0);
}

static void sleep_forever(void)
{
	for (;;)
		(void)syscall(SYS_pause);
}

static int member_main(void *arg __attribute__((unused)))
{
	/* shares the leader's memory and TLS: make raw system calls only */
	sleep_forever();
	return 0;
}

static void leader_main(long members, int readyfd)
{
	char *stacks;
	char ok = 'k';

	/* like unshare -m: host mounts must not propagate into a thousand namespaces */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		ok = 'e';
	stacks = members ? mmap(NULL, members * MEMBER_STACK, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0) : NULL;
	if (stacks == MAP_FAILED)
		ok = 'e';
	for (long i = 0; ok == 'k' && i < members; i++)
		if (clone(member_main, stacks + (i + 1) * MEMBER_STACK, CLONE_VM | SIGCHLD,
			  NULL) < 0)
			ok = 'e';
	if (write(readyfd, &ok, 1) != 1 || ok != 'k')
		_exit(1);
	close(readyfd);
	sleep_forever();
}

static void *thread_main(void *arg)
{
	int readyfd = (int)(intptr_t)arg;
	char ok = unshare(THREAD_NS) < 0 ? 'e' : 'k';

	if (write(readyfd, &ok, 1) != 1)
		_exit(1);
	sleep_forever();
	return NULL;
}

static void threads_main(long threads, int readyfd)
{
	pthread_attr_t attr;
	pthread_t t;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN > 65536 ? PTHREAD_STACK_MIN : 65536);
	for (long i = 0; i < threads; i++)
		if (pthread_create(&t, &attr, thread_main, (void *)(intptr_t)readyfd) != 0) {
			char e = 'e';
			(void)!write(readyfd, &e, 1);
			_exit(1);
		}
	sleep_forever();
}

/* Map every id to itself in PID's user namespace, so that nsenter -a can become root there. */
static void map_ids(pid_t pid)
{
	static const char *const maps[] = { "uid_map", "gid_map" };
	char path[64];

	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, maps[i]);
		if (write_text(path, "0 0 4294967295\n") < 0)
			die("cannot write %s", path);
	}
}

/* Read COUNT status bytes from READYFD; every one must say 'k'. */
static void await(int readyfd, long count, const char *what)
{
	char buf[512];

	while (count > 0) {
		ssize_t n = read(readyfd, buf, count < (long)sizeof(buf) ? count : (long)sizeof(buf));
		if (n <= 0)
			die("%s did not report", what);
		if (memchr(buf, 'e', n))
			die("%s failed", what);
		count -= n;
	}
}

/* A helper in fresh namespaces of every type, for namespaces that outlive their processes. */
static pid_t helper_start(const int hpipe[2])
{
	pid_t pid = sys_clone3(ALL_NS);
	char ok = 'k';

	if (pid < 0)
		die("cannot create namespaces: %m");
	if (pid == 0) {
		if (write(hpipe[1], &ok, 1) != 1)
			_exit(1);
		sleep_forever();
	}
	record_proc(pid, "helper");
	await(hpipe[0], 1, "a helper");
	return pid;
}

static void helper_stop(pid_t pid)
{
	(void)kill(pid, SIGKILL);
	(void)waitpid(pid, NULL, 0);
}

static void bind_unit(long unit, const int hpipe[2])
{
	pid_t pid = helper_start(hpipe);

	for (size_t i = 0; i < sizeof(ns_names) / sizeof(ns_names[0]); i++) {
		char src[64], dst[512];
		struct stat st;
		int fd;

		snprintf(src, sizeof(src), "/proc/%d/ns/%s", (int)pid, ns_names[i]);
		snprintf(dst, sizeof(dst), "%s/bind%ld-%s", world_dir, unit, ns_names[i]);
		fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			die("cannot create %s: %m", dst);
		close(fd);
		if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
			die("cannot bind %s to %s: %m", src, dst);
		if (stat(dst, &st) < 0)
			die("cannot stat %s: %m", dst);
		record("mount %s %llu\n", dst, (unsigned long long)st.st_ino);
	}
	helper_stop(pid);
}

static void fd_unit(const int hpipe[2])
{
	pid_t pid = helper_start(hpipe);

	for (size_t i = 0; i < sizeof(ns_names) / sizeof(ns_names[0]); i++) {
		char src[64];

		snprintf(src, sizeof(src), "/proc/%d/ns/%s", (int)pid, ns_names[i]);
		/* deliberately kept open for the keeper's lifetime */
		if (open(src, O_RDONLY | O_CLOEXEC) < 0)
			die("cannot open %s: %m", src);
	}
	helper_stop(pid);
}

static void record_members(pid_t leader)
{
	char path[96], *buf, *p, *end;
	size_t size = 1 << 16, len = 0;
	ssize_t n;
	int fd;

	/* members are leader's only children; the kernel lists them in our pid namespace */
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)leader, (int)leader);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("cannot open %s: %m", path);
	buf = malloc(size);
	if (!buf)
		die("out of memory");
	while ((n = read(fd, buf + len, size - len - 1)) > 0) {
		len += n;
		if (len + 1 == size && !(buf = realloc(buf, size *= 2)))
			die("out of memory");
	}
	close(fd);
	buf[len] = '\0';
	for (p = buf;; p = end) {
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		record_proc((pid_t)v, "member");
	}
	free(buf);
}

static void set_sysctls(const struct opts *o)
{
	long tasks = 0, ns_need = o->sets + o->binds + o->fds + o->threads + 1000;
	char path[96];
	FILE *f = fopen("/proc/loadavg", "re");

	/* the fourth field of loadavg is running/total scheduling entities */
	if (f) {
		if (fscanf(f, "%*s %*s %*s %*d/%ld", &tasks) != 1)
			tasks = 0;
		fclose(f);
	}
	tasks += o->nprocs + o->threads + o->sets + 4096;
	ensure_sysctl("/proc/sys/kernel/pid_max", tasks, tasks * 2 > 4194304 ? 4194304 : tasks * 2);
	ensure_sysctl("/proc/sys/kernel/threads-max", tasks, tasks * 2);
	for (size_t i = 0; i < sizeof(ns_names) / sizeof(ns_names[0]); i++) {
		snprintf(path, sizeof(path), "/proc/sys/user/max_%s_namespaces", ns_names[i]);
		ensure_sysctl(path, ns_need, ns_need * 2);
	}
}

static void build(const struct opts *o, int reportfd)
{
	long long t0 = now_ms();
	pid_t *leaders, thr = 0;
	int ready[2], hpipe[2], fd;
	char line[1024];

	in_keeper = 1;
	if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(hpipe, O_CLOEXEC) < 0)
		die("pipe: %m");
	record_proc(getpid(), "keeper");
	/* we are the parent of the world: orphans would otherwise go to a PID 1 that may not reap */
	(void)prctl(PR_SET_CHILD_SUBREAPER, 1);
	set_sysctls(o);

	if (mkdir(world_dir, 0700) < 0)
		die("cannot create %s: %m", world_dir);
	record("dir %s\n", world_dir);
	if (mount(TMPFS_SOURCE, world_dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "mode=0700,size=1m") < 0)
		die("cannot mount a tmpfs on %s: %m", world_dir);
	record("tmpfs %s\n", world_dir);
	/* private before anything is bound inside, so the binds propagate nowhere */
	if (mount(NULL, world_dir, NULL, MS_PRIVATE, NULL) < 0)
		die("cannot make %s private: %m", world_dir);

	leaders = calloc(o->sets ? o->sets : 1, sizeof(*leaders));
	if (!leaders)
		die("out of memory");
	for (long s = 0; s < o->sets; s++) {
		long size = o->nprocs / o->sets + (s < o->nprocs % o->sets);
		pid_t pid = sys_clone3(ALL_NS);

		if (pid < 0)
			die("cannot create set %ld: %m", s);
		if (pid == 0) {
			quiet_fds(ready[1]);
			leader_main(size - 1, ready[1]);
		}
		leaders[s] = pid;
		record_proc(pid, "leader");
		map_ids(pid);
	}
	if (o->threads) {
		thr = fork();
		if (thr < 0)
			die("fork: %m");
		if (thr == 0) {
			quiet_fds(ready[1]);
			threads_main(o->threads, ready[1]);
		}
		record_proc(thr, "threads");
	}
	for (long b = 0; b < o->binds; b++)
		bind_unit(b, hpipe);
	for (long f = 0; f < o->fds; f++)
		fd_unit(hpipe);
	await(ready[0], o->sets + o->threads, "a set or a thread");
	for (long s = 0; s < o->sets; s++)
		record_members(leaders[s]);
	record("ready\n");

	snprintf(line, sizeof(line),
		 "id=%s state=%s keeper=%d sets=%ld procs=%ld binds=%ld fds=%ld threads=%ld "
		 "sample_pid=%d build_ms=%lld\n",
		 world_dir + strlen(o->dir) + 1, state_path, (int)getpid(), o->sets, o->nprocs,
		 o->binds, o->fds, o->threads, o->sets ? (int)leaders[0] : (int)getpid(),
		 now_ms() - t0);
	free(leaders);
	if (write(reportfd, line, strlen(line)) < 0)
		_exit(1);
	close(reportfd);
	close(ready[0]);
	close(ready[1]);
	close(hpipe[0]);
	close(hpipe[1]);
	fclose(state);
	in_keeper = 0;
	/* the fds of the fd units stay open: they are what holds those namespaces */
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	for (int i = 0; fd >= 0 && i < 3; i++)
		(void)dup2(fd, i);
	if (fd > 2)
		close(fd);
	/* keep the fd-only namespaces open; leave once cleanup has killed every child */
	while (waitpid(-1, NULL, 0) >= 0 || errno == EINTR)
		;
	_exit(0);
}

/* ---- cleanup ---- */

struct victim {
	pid_t pid;
	long long start;
};

/* Kill the processes that still are ours, and wait until each has exited. */
static long kill_batch(const struct victim *v, size_t n)
{
	int *pidfd = calloc(n ? n : 1, sizeof(*pidfd));
	long killed = 0;

	if (!pidfd)
		die("out of memory");
	for (size_t i = 0; i < n; i++) {
		pidfd[i] = -1;
		if (start_time(v[i].pid) != v[i].start)
			continue;
		pidfd[i] = (int)syscall(SYS_pidfd_open, v[i].pid, 0);
		/* the pidfd pins the process; check again that it is the one we started */
		if (pidfd[i] >= 0 && start_time(v[i].pid) != v[i].start) {
			close(pidfd[i]);
			pidfd[i] = -1;
		}
		if (pidfd[i] >= 0 && syscall(SYS_pidfd_send_signal, pidfd[i], SIGKILL, NULL, 0) == 0)
			killed++;
	}
	for (size_t i = 0; i < n; i++) {
		struct pollfd p = { .fd = pidfd[i], .events = POLLIN };

		if (pidfd[i] < 0)
			continue;
		/* a pidfd becomes readable when its process has exited */
		if (poll(&p, 1, 30000) != 1)
			fprintf(stderr, "mkworld: process %d did not exit\n", (int)v[i].pid);
		close(pidfd[i]);
	}
	free(pidfd);
	return killed;
}

/* Does /proc/self/mountinfo show a mount on PATH of FSTYPE whose root or source is WANT? */
static int our_mount(const char *path, const char *fstype, const char *want_root,
		     const char *want_source)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int found = 0;

	if (!f)
		return 0;
	while (getline(&line, &cap, f) > 0) {
		char root[PATH_MAX], target[PATH_MAX], type[64], source[PATH_MAX];
		char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %4095s %4095s", root, target) != 2 ||
		    sscanf(sep + 3, "%63s %4095s", type, source) != 2)
			continue;
		/* the last mount on a target is the visible one */
		if (strcmp(target, path) == 0)
			found = strcmp(type, fstype) == 0 &&
				(!want_root || strcmp(root, want_root) == 0) &&
				(!want_source || strcmp(source, want_source) == 0);
	}
	free(line);
	fclose(f);
	return found;
}

static int cleanup(void)
{
	FILE *f = fopen(state_path, "re");
	struct victim *v = NULL, keeper = { 0, -1 };
	size_t nv = 0, cap = 0;
	long killed = 0, unmounted = 0, restored = 0;
	char *line = NULL, **mounts = NULL;
	size_t lcap = 0, nm = 0;
	int bad = 0;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		die("cannot open %s: %m", state_path);
	}
	while (getline(&line, &lcap, f) > 0) {
		struct victim x;
		char role[32];

		if (sscanf(line, "proc %d %lld %31s", &x.pid, &x.start, role) == 3) {
			if (strcmp(role, "keeper") == 0) {
				if (x.pid != getpid())
					keeper = x;
				continue;
			}
			if (nv == cap && !(v = realloc(v, (cap = cap ? cap * 2 : 1024) * sizeof(*v))))
				die("out of memory");
			v[nv++] = x;
		} else if (strncmp(line, "mount ", 6) == 0 || strncmp(line, "tmpfs ", 6) == 0 ||
			   strncmp(line, "dir ", 4) == 0 || strncmp(line, "sysctl ", 7) == 0) {
			if (!(mounts = realloc(mounts, (nm + 1) * sizeof(*mounts))) ||
			    !(mounts[nm++] = strdup(line)))
				die("out of memory");
		}
	}
	free(line);
	fclose(f);

	/* leaders first: a pid namespace dies with its PID 1, which takes the members along */
	for (size_t i = 0; i < nv; i += 512)
		killed += kill_batch(v + i, nv - i < 512 ? nv - i : 512);
	/* the keeper leaves by itself once it has reaped all of them */
	if (keeper.pid > 0 && start_time(keeper.pid) == keeper.start) {
		int pidfd = (int)syscall(SYS_pidfd_open, keeper.pid, 0);
		struct pollfd p = { .fd = pidfd, .events = POLLIN };

		if (pidfd >= 0 && start_time(keeper.pid) == keeper.start && poll(&p, 1, 30000) != 1) {
			fprintf(stderr, "mkworld: the keeper %d did not exit; killing it\n", keeper.pid);
			(void)syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
			bad = 1;
		}
		if (pidfd >= 0)
			close(pidfd);
	}

	/* undo in reverse order: binds, then the tmpfs, then the directory, then sysctls */
	for (size_t i = nm; i-- > 0;) {
		char path[PATH_MAX];
		unsigned long long ino;
		long old, set;

		if (sscanf(mounts[i], "mount %4095s %llu", path, &ino) == 2) {
			struct stat st;
			char root[64];
			const char *name = strrchr(path, '-');

			snprintf(root, sizeof(root), "%s:[%llu]", name ? name + 1 : "", ino);
			if (our_mount(path, "nsfs", root, NULL)) {
				if (umount2(path, UMOUNT_NOFOLLOW) < 0) {
					fprintf(stderr, "mkworld: cannot unmount %s: %m\n", path);
					bad = 1;
				} else {
					unmounted++;
				}
			}
			if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
				(void)unlink(path);
		} else if (sscanf(mounts[i], "tmpfs %4095s", path) == 1) {
			if (our_mount(path, "tmpfs", NULL, TMPFS_SOURCE)) {
				if (umount2(path, UMOUNT_NOFOLLOW) < 0) {
					fprintf(stderr, "mkworld: cannot unmount %s: %m\n", path);
					bad = 1;
				} else {
					unmounted++;
				}
			}
		} else if (sscanf(mounts[i], "dir %4095s", path) == 1) {
			if (rmdir(path) < 0 && errno != ENOENT) {
				fprintf(stderr, "mkworld: cannot remove %s: %m\n", path);
				bad = 1;
			}
		} else if (sscanf(mounts[i], "sysctl %4095s %ld %ld", path, &old, &set) == 3) {
			char buf[32];

			/* only if nobody changed it since */
			snprintf(buf, sizeof(buf), "%ld\n", old);
			if (read_long(path) == set && write_text(path, buf) == 0)
				restored++;
		}
		free(mounts[i]);
	}
	free(mounts);
	free(v);
	if (!bad && unlink(state_path) < 0)
		die("cannot remove %s: %m", state_path);
	printf("killed=%ld unmounted=%ld restored=%ld\n", killed, unmounted, restored);
	return bad;
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
