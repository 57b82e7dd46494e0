/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What mkworld.c (options, state file), mkworld-build.c and mkworld-cleanup.c share. */
#ifndef NST_MKWORLD_H
#define NST_MKWORLD_H

#include <stdio.h>
#include <sys/types.h>

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

#define TMPFS_SOURCE "nstools-bench"

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

extern char state_path[256];	/* DIR/ID.state */
extern char world_dir[256];	/* DIR/ID: the tmpfs that holds the bind mounts */
extern int in_keeper;		/* die() undoes the half-built world */
extern FILE *state;		/* the state file, while building */

/* mkworld.c */

/* "mkworld: message" on stderr, exit 1; in the keeper, clean up first. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
long long now_ms(void);
/* Start time of PID in clock ticks since boot (field 22 of /proc/PID/stat), or -errno. */
long long start_time(pid_t pid);
/* Write text to path in one write(2); 0 or -errno (-EIO for a short write). */
int write_text(const char *path, const char *text);
/* The number at the start of path, or -errno. */
long read_long(const char *path);
/* Append a line to the state file and flush it at once; die on error. */
void record(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* record() a "proc PID START ROLE" line. */
void record_proc(pid_t pid, const char *role);
/* Raise a sysctl to at least need (to set), and record the old value for cleanup. */
void ensure_sysctl(const char *path, long need, long set);

/* mkworld-build.c */

/* In the keeper: build the world for o, write the one-line report to reportfd, then stay until
 * cleanup has killed every child. Never returns. */
void build(const struct opts *o, int reportfd) __attribute__((noreturn));

/* mkworld-cleanup.c */

/* Kill, unmount and restore what the state file records; 0, or 1 if something stayed. */
int cleanup(void);

#endif
