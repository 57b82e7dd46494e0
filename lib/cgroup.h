/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Joining another process's cgroups on cgroup v2, hybrid and v1 hosts. */
#ifndef NST_CGROUP_H
#define NST_CGROUP_H

#include <stddef.h>
#include <sys/types.h>

/* At most this many hierarchies are joined (v1 has one per mounted controller group). */
#define NST_CGROUP_MAX 32

/*
 * The cgroup.procs files to write a pid to, one per hierarchy, opened for append and
 * close-on-exec. They are opened while we still see the host's /sys/fs/cgroup, before any
 * setns(): the mount namespace we are about to enter may not show those files at all.
 */
struct nst_cgroup_join {
	int fd[NST_CGROUP_MAX];
	size_t n;
};

/* Where a step failed, for the caller's wording. */
enum nst_cgroup_step {
	NST_CGROUP_STEP_READ,		/* /proc/PID/cgroup unreadable or without a usable line */
	NST_CGROUP_STEP_OPEN,		/* a cgroup.procs file could not be opened */
	NST_CGROUP_STEP_NONE,		/* no cgroup hierarchy is mounted that we can use */
};

void nst_cgroup_join_init(struct nst_cgroup_join *j);
/* Close every fd; idempotent. */
void nst_cgroup_join_done(struct nst_cgroup_join *j);

/*
 * Open the cgroup.procs files of process pid's cgroups. Pure v2 (cgroup2 on /sys/fs/cgroup):
 * the "0::" line. Otherwise every mounted hierarchy found in /proc/self/mountinfo: a cgroup2
 * mount (hybrid: /sys/fs/cgroup/unified) takes the "0::" line, each v1 mount the line whose
 * controller list matches its mount options. The cgroup path is everything after the second
 * ':' of a line (paths may contain ':'). procdirfd is an open /proc/PID directory.
 * Returns 0, or -errno with *reterr_step (-ENOENT + NST_CGROUP_STEP_NONE: nothing usable).
 */
int nst_cgroup_join_open(int procdirfd, struct nst_cgroup_join *j, enum nst_cgroup_step *reterr_step);

/* Write pid (0 = ourselves) to every opened cgroup.procs. Returns 0 or the first -errno. */
int nst_cgroup_join_write(const struct nst_cgroup_join *j, pid_t pid);

#endif
