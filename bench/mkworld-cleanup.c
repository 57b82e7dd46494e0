/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mkworld --cleanup: kill, unmount and restore what the state file records, and only that. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mkworld.h"

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

/* Unmount PATH (not following a final symlink) and count it; 1 and a message if it failed. */
static int unmount_counted(const char *path, long *unmounted)
{
	if (umount2(path, UMOUNT_NOFOLLOW) < 0) {
		fprintf(stderr, "mkworld: cannot unmount %s: %m\n", path);
		return 1;
	}
	(*unmounted)++;
	return 0;
}

int cleanup(void)
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
			if (our_mount(path, "nsfs", root, NULL))
				bad |= unmount_counted(path, &unmounted);
			if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
				(void)unlink(path);
		} else if (sscanf(mounts[i], "tmpfs %4095s", path) == 1) {
			if (our_mount(path, "tmpfs", NULL, TMPFS_SOURCE))
				bad |= unmount_counted(path, &unmounted);
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
