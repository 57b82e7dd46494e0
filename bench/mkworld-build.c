/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mkworld: the processes, mounts and fds of the world (see mkworld.h for its layout). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mkworld.h"

#define ALL_NS (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | \
		CLONE_NEWCGROUP | CLONE_NEWPID | CLONE_NEWTIME)
#define THREAD_NS (CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWNS)
#define MEMBER_STACK (8 * 1024)

static const char *const ns_names[] = {
	"user", "mnt", "uts", "ipc", "net", "cgroup", "pid", "time",
};

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

void build(const struct opts *o, int reportfd)
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
