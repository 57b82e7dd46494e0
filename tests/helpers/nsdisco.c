/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture for lsns discovery: namespaces that no process is in, one per kind of holder. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "missing.h"

/*
 * Usage: nsdisco (as root). Prints one line per holder, "KIND TYPE INODE [PID [PATH]]":
 *   thread   uts   a thread of ours unshared its uts namespace
 *   children time  we unshared time: our time_for_children is new
 *   fd       ipc   we hold an fd of an ipc namespace whose process exited
 *   socket   net   we hold a socket of a net namespace whose process exited
 *   foreign  ipc   bound on PATH (/proc/PID/root/...) in the private mount namespace of PID
 *   ancestor user  the parent user namespace of PID; no process is in it
 * then blocks until stdin closes, and kills its children. Independent of the tools under test.
 */

static void fail(const char *what)
{
	fprintf(stderr, "nsdisco: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long long ino_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		fail(path);
	return (unsigned long long)st.st_ino;
}

/* Fork a child that runs fn and then waits to be killed; returns once fn has reported. */
static pid_t spawn(void (*fn)(int reply), char *buf, size_t size)
{
	int p[2];
	pid_t pid;
	ssize_t n;

	if (pipe2(p, O_CLOEXEC) < 0)
		fail("pipe");
	pid = fork();
	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		close(p[0]);
		fn(p[1]);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	n = read(p[0], buf, size - 1);
	if (n <= 0) {
		fprintf(stderr, "nsdisco: a child failed\n");
		exit(1);
	}
	buf[n] = '\0';
	close(p[0]);
	return pid;
}

static void reply(int fd, const char *text)
{
	if (write(fd, text, strlen(text)) < 0)
		_exit(1);
}

static void in_new_ipc(int fd)
{
	if (unshare(CLONE_NEWIPC) < 0)
		_exit(1);
	reply(fd, "ready");
}

static void in_new_net(int fd)
{
	char buf[32];
	int s;

	if (unshare(CLONE_NEWNET) < 0)
		_exit(1);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		_exit(1);
	snprintf(buf, sizeof(buf), "%d", s);
	reply(fd, buf);
}

static void kill_wait(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* A private mount namespace with a tmpfs on /mnt, where a fresh ipc namespace is bound. */
static void foreign_bind(int fd)
{
	char buf[64], path[64];
	pid_t b;
	int f;

	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("nsdisco", "/mnt", "tmpfs", 0, NULL) < 0)
		_exit(1);
	f = open("/mnt/ipc", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (f < 0)
		_exit(1);
	close(f);
	b = spawn(in_new_ipc, buf, sizeof(buf));
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)b);
	if (mount(path, "/mnt/ipc", NULL, MS_BIND, NULL) < 0)
		_exit(1);
	snprintf(buf, sizeof(buf), "%llu", ino_of("/mnt/ipc"));
	kill_wait(b);
	reply(fd, buf);
}

/* Two nested user namespaces; the outer one keeps no process. The parent writes the maps. */
static int ancestor_pipe[2];
static void nested_user(int fd)
{
	char buf[64], c;

	if (unshare(CLONE_NEWUSER) < 0)
		_exit(1);
	snprintf(buf, sizeof(buf), "%llu", ino_of("/proc/self/ns/user"));
	reply(fd, buf);
	close(fd);
	/* wait for the maps, then nest */
	if (read(ancestor_pipe[0], &c, 1) != 1 || unshare(CLONE_NEWUSER) < 0)
		_exit(1);
}

static void write_to(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		fail(path);
	close(fd);
}

static int thread_pipe[2];
static void *thread_main(void *arg)
{
	char buf[64];

	(void)arg;
	if (unshare(CLONE_NEWUTS) < 0)
		fail("unshare uts in a thread");
	snprintf(buf, sizeof(buf), "%llu", ino_of("/proc/thread-self/ns/uts"));
	if (write(thread_pipe[1], buf, strlen(buf)) < 0)
		fail("write");
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	pid_t kids[8];
	size_t nkids = 0;
	char buf[128], path[64];
	pthread_t th;
	int fd, pidfd, sock, netns;
	struct stat st;
	ssize_t n;

	setvbuf(stdout, NULL, _IONBF, 0);

	/* foreign: a bind mount in another mount namespace */
	kids[nkids] = spawn(foreign_bind, buf, sizeof(buf));
	printf("foreign ipc %s %d /proc/%d/root/mnt/ipc\n", buf, (int)kids[nkids],
	       (int)kids[nkids]);
	nkids++;

	/* ancestor: a user namespace whose only child holds a process */
	if (pipe2(ancestor_pipe, O_CLOEXEC) < 0)
		fail("pipe");
	kids[nkids] = spawn(nested_user, buf, sizeof(buf));
	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)kids[nkids]);
	write_to(path, "deny");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)kids[nkids]);
	write_to(path, "0 0 1");
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)kids[nkids]);
	write_to(path, "0 0 1");
	if (write(ancestor_pipe[1], "x", 1) != 1)
		fail("write");
	/* the child is in the inner namespace once its user link changes */
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)kids[nkids]);
	while (ino_of(path) == strtoull(buf, NULL, 10))
		sched_yield();
	printf("ancestor user %s %d\n", buf, (int)kids[nkids]);
	nkids++;

	/* fd: an ipc namespace whose process is gone */
	kids[nkids] = spawn(in_new_ipc, buf, sizeof(buf));
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)kids[nkids]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		fail(path);
	kill_wait(kids[nkids]);
	printf("fd ipc %llu %d\n", (unsigned long long)st.st_ino, (int)getpid());

	/* socket: a net namespace kept by a socket only */
	kids[nkids] = spawn(in_new_net, buf, sizeof(buf));
	pidfd = nst_sys_pidfd_open(kids[nkids], 0);
	sock = pidfd < 0 ? -1 : nst_sys_pidfd_getfd(pidfd, atoi(buf), 0);
	if (sock < 0)
		fail("pidfd_getfd");
	close(pidfd);
	kill_wait(kids[nkids]);
	netns = ioctl(sock, SIOCGSKNS);
	if (netns < 0 || fstat(netns, &st) < 0)
		fail("SIOCGSKNS");
	close(netns);
	printf("socket net %llu %d\n", (unsigned long long)st.st_ino, (int)getpid());

	/* thread: a uts namespace of one thread */
	if (pipe2(thread_pipe, O_CLOEXEC) < 0 || pthread_create(&th, NULL, thread_main, NULL))
		fail("pthread_create");
	n = read(thread_pipe[0], buf, sizeof(buf) - 1);
	if (n <= 0)
		fail("read");
	buf[n] = '\0';
	printf("thread uts %s %d\n", buf, (int)getpid());

	/* children: last, so that no child of ours is born into it */
	if (unshare(CLONE_NEWTIME) < 0)
		fail("unshare time");
	printf("children time %llu %d /proc/%d/ns/time_for_children\n",
	       ino_of("/proc/self/ns/time_for_children"), (int)getpid(), (int)getpid());
	printf("ready\n");

	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	for (size_t i = 0; i < nkids; i++)
		kill_wait(kids[i]);
	return 0;
}
