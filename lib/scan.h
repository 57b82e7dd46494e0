/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The /proc walk behind lsns: which processes are in which namespaces, and facts about each. */
#ifndef NST_SCAN_H
#define NST_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ns.h"

/*
 * A scan is a table of namespaces keyed by (type, inode) and a table of the processes that
 * were read. Both are filled by nst_scan_run() and read-only afterwards: namespaces sorted by
 * inode (then type), processes by pid. Facts that need a syscall per namespace (owner, parent,
 * NETNSID, nsfs mounts) are computed on first request and cached, so a caller pays only for
 * the columns it shows.
 *
 * Usage: nst_scan_init(&s); r = nst_scan_run(&s, NULL, NST_MASK_ALL); ...; nst_scan_done(&s);
 */

#define NST_SCAN_NONE UINT32_MAX	/* "no namespace" in nst_scan_proc.ns[] */

/* How a namespace was found (the lsns HOLDER column), in the order HOLDER lists them. */
enum nst_scan_source {
	NST_SCAN_PROCESS,		/* a thread-group leader is in it (counts for NPROCS) */
	NST_SCAN_THREAD,		/* /proc/PID/task/TID/ns/<type> differs from the leader's */
	NST_SCAN_CHILDREN,		/* pid_for_children / time_for_children */
	NST_SCAN_FD,			/* an open nsfs fd in /proc/PID/fd */
	NST_SCAN_SOCKET,		/* the net namespace of a socket fd (SIOCGSKNS) */
	NST_SCAN_BIND,			/* an nsfs bind mount in our mount namespace */
	NST_SCAN_BIND_FOREIGN,		/* an nsfs bind mount in another mount namespace */
	NST_SCAN_ANCESTOR,		/* parent or owner of a namespace found otherwise */
	NST_SCAN_LISTNS,		/* listed by listns() (Linux > 6.18) and by nothing else */
	_NST_SCAN_SOURCE_MAX,
};
#define NST_SCAN_SOURCES_ALL ((1u << _NST_SCAN_SOURCE_MAX) - 1)

/* "process", "thread", ..., "ancestor", "listns"; NULL if out of range. */
const char *nst_scan_source_name(enum nst_scan_source source);

struct nst_scan_facts {
	uint64_t parent_ino;		/* NS_GET_PARENT (pid, user); 0: other type, top, or hidden */
	uint64_t owner_ino;		/* NS_GET_USERNS; 0 when outside our view */
	uid_t owner_uid;		/* NS_GET_OWNER_UID of the user ns itself, or of its owner */
	bool has_owner_uid;		/* false when the owner is outside our view */
};

struct nst_scan_ns {
	enum nst_type type;
	uint64_t ino;			/* the lsns NS column */
	uint64_t dev;
	uint32_t nprocs;		/* thread-group leaders whose ns/<type> is this namespace */
	pid_t pid;			/* lowest of them */
	uid_t uid;			/* owner of /proc/<pid> */
	uint32_t first_member;		/* into nst_scan.members */
	unsigned holders;		/* 1u << enum nst_scan_source */
	pid_t hold_pid;			/* lowest pid holding it by thread, children, fd, socket */
	char *path;			/* NPROCS 0: a file usable as nsenter --<type>=PATH
					 * (thread, children, bind-foreign), else NULL */
	char *open_path;		/* relative to the scan root (or absolute): reopens it */
	int fd;				/* held open when there is no path to it (socket,
					 * ancestor), else -EBADF */

	/* cached on first request; 0 = not asked yet, 1 = known, < 0 = -errno */
	int facts_state;
	const char *facts_failed;	/* the ioctl that failed ("NS_GET_USERNS"), or NULL */
	struct nst_scan_facts facts;
	int netnsid_state;
	int netnsid;
};

struct nst_scan_proc {
	pid_t pid;
	uid_t uid;			/* owner of /proc/<pid> */
	uint32_t ns[_NST_TYPE_MAX];	/* index into nst_scan.ns, NST_SCAN_NONE if not read */
};

struct nst_scan_mount;
struct nst_scan_discover;
struct nst_scan_walk;

struct nst_scan {
	char *root;			/* "/proc" or a fixture tree */
	int rootfd;
	unsigned mask;			/* the types walked */

	struct nst_scan_ns *ns;
	size_t n_ns, ns_cap;
	struct nst_scan_proc *procs;
	size_t n_procs, procs_cap;
	uint32_t *members;		/* process indices, grouped by namespace, by pid */

	uint32_t *buckets;		/* open addressing: namespace index + 1, 0 = empty */
	size_t n_buckets;

	int netlink_fd;			/* for NETNSID, opened on first use */
	uint32_t netlink_seq;
	unsigned sources;		/* 1u << enum nst_scan_source: what to look at */
	uint64_t nsfs_dev;		/* st_dev of nsfs, for namespaces known by inode only */
	int mounts_state;		/* nsfs mounts: 0 not read, 1 read, < 0 -errno */
	struct nst_scan_mount *mounts;
	size_t n_mounts;
	struct nst_scan_discover *discover;	/* state of the sources beyond processes */
	struct nst_scan_walk *walk;	/* link names and caches of the walk (scan-internal.h) */
};

void nst_scan_init(struct nst_scan *scan);
/* Free everything and close every fd; idempotent, leaves an initialised scan. */
void nst_scan_done(struct nst_scan *scan);

/*
 * Walk root ("/proc" if NULL) for the namespace types in mask: per process one openat() of
 * root/PID/ns, one fstatat() of the process directory (its owner) and one readlinkat() of
 * ns/<type> per type, whose text "net:[4026531840]" names the namespace (link text of any
 * other form, as in a fixture tree, is followed with fstatat()). Directory names that are not
 * canonical positive decimal numbers are ignored. A process that cannot be read (it exited,
 * hidepid, EACCES on PID 1 in a container) is skipped, and so is a single type that cannot be
 * read for a process: the walk never fails because of one process. Runs once per scan.
 * Returns 0, or -errno for root itself (open, readdir), -ENOMEM, -EINVAL (bad mask, reuse).
 */
int nst_scan_run(struct nst_scan *scan, const char *root, unsigned mask);

/*
 * The same, also looking at the other sources in the bit set sources (1u << enum
 * nst_scan_source; the process walk is always done). Namespaces found only that way have
 * nprocs 0. Costs, per process: thread: the owner's fstatat() goes to task/ instead, whose
 * link count says whether to read it (and a readlinkat per thread and type) at all;
 * children: one readlinkat per *_for_children; fd/socket: a getdents of fd/ and a readlinkat
 * per fd, sockets (only for net) each resolved once with pidfd_getfd + SIOCGSKNS; bind: our
 * mountinfo; bind-foreign: ns/mnt per process (free when mnt is in mask) and one mountinfo
 * per other mount namespace; ancestor: one open and up to three ioctls per namespace of a
 * type that can have relatives in mask, which also fill in its nst_scan_facts().
 * An unreadable mountinfo of our own leaves scan->mounts_state < 0 and does not fail the walk.
 */
int nst_scan_run_sources(struct nst_scan *scan, const char *root, unsigned mask,
			 unsigned sources);

/* Index of namespace (type, ino), or -ENOENT. */
int nst_scan_find(const struct nst_scan *scan, enum nst_type type, uint64_t ino);
/* Index of the namespace with inode ino, whatever its type, or -ENOENT. */
int nst_scan_find_ino(const struct nst_scan *scan, uint64_t ino);
/* Index of process pid in scan->procs, or -ENOENT (not read, or in no walked namespace). */
int nst_scan_find_proc(const struct nst_scan *scan, pid_t pid);
/* The member processes of namespace idx, as indices into scan->procs, ascending pid. */
const uint32_t *nst_scan_members(const struct nst_scan *scan, size_t idx, size_t *ret_n);

/*
 * Facts of namespace idx, from the first member whose ns/<type> still is that namespace (pids
 * are re-checked by inode, so a reused pid cannot lend another namespace's facts). EPERM from
 * NS_GET_PARENT/NS_GET_USERNS means "outside our view" and gives 0. Errors: -ESRCH when no
 * member is left; -ENOTTY/-ENOSYS when the kernel lacks an ioctl, with *reterr_ioctl naming it
 * (if reterr_ioctl is not NULL). The result stays valid until nst_scan_done().
 */
int nst_scan_facts(struct nst_scan *scan, size_t idx, const struct nst_scan_facts **ret_facts,
		   const char **reterr_ioctl);

/*
 * NETNSID of net namespace idx as seen from our own network namespace (RTM_GETNSID):
 * >= 0, or -1 when no id is assigned. -EINVAL for another type, -ESRCH, netlink errors.
 */
int nst_scan_netnsid(struct nst_scan *scan, size_t idx, int *ret_id);

/*
 * The nsfs bind mounts of namespace idx in our mount namespace (root/self/mountinfo), their
 * mount points joined by sep without duplicates; *ret_paths is NULL when there are none.
 * Errors reading mountinfo are returned (and cached) as -errno.
 */
int nst_scan_nsfs_paths(struct nst_scan *scan, size_t idx, char sep, char **ret_paths);

/* The parent pid from root/PID/stat. -ENOENT/-ESRCH if gone, -EINVAL if unparsable. */
int nst_scan_read_ppid(const struct nst_scan *scan, pid_t pid, pid_t *ret_ppid);
/* Pure: the ppid field of a /proc/PID/stat line (the field after the state, after the last ')'). */
int nst_scan_parse_stat_ppid(const char *stat, pid_t *ret_ppid);
/* The command line of PID with NULs as spaces, else (kernel threads, zombies) its comm.
 * malloc'ed. -ENOENT/-ESRCH if gone, -ENODATA if both are empty. The last answer is cached
 * in the scan, so that the rows of one process read it once. */
int nst_scan_read_command(const struct nst_scan *scan, pid_t pid, char **ret_command);

#endif
