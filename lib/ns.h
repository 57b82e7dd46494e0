/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The namespace table, and opening, identifying, entering and creating namespaces. */
#ifndef NST_NS_H
#define NST_NS_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Conventions for the whole of lib/: int functions return >= 0 or -errno; ret_* outputs are
 * written only on success, reterr_* only on failure; returned fds are O_CLOEXEC and owned by
 * the caller. Nothing here prints or exits.
 */

enum nst_type {
	NST_CGROUP,
	NST_IPC,
	NST_MNT,
	NST_NET,
	NST_PID,
	NST_TIME,
	NST_USER,
	NST_UTS,
	_NST_TYPE_MAX,
	_NST_TYPE_INVALID = -EINVAL,
};

#define NST_MASK(t) (1u << (t))
#define NST_MASK_ALL ((1u << _NST_TYPE_MAX) - 1)

struct nst_type_info {			/* the only place CLONE_* and /proc names appear */
	const char *name;		/* "mnt": the /proc/PID/ns entry and lsns TYPE */
	const char *long_opt;		/* "mount": the nsenter/unshare long option */
	const char *for_children;	/* "pid_for_children", or NULL */
	const char *desc;		/* "network": for help texts ("the network namespace") */
	int clone_flag;			/* CLONE_NEWNS; also what NS_GET_NSTYPE returns */
	char short_opt;			/* 'm' */
};

/* Row of the table; NULL for an out-of-range type. */
const struct nst_type_info *nst_type_info(enum nst_type type);
/* "mnt" and "mount" both give NST_MNT; -EINVAL for anything else (also NULL or ""). */
enum nst_type nst_type_from_name(const char *name);
/* CLONE_NEWNET -> NST_NET: exactly one known flag, else -EINVAL. Also decodes NS_GET_NSTYPE. */
enum nst_type nst_type_from_clone_flag(int flag);
/* 'n' -> NST_NET (the shared short option letter), else -EINVAL. */
enum nst_type nst_type_from_short_opt(int c);
/* Mask of types <-> OR of CLONE_* flags. Unknown flag bits give -EINVAL. */
int nst_mask_from_clone_flags(int flags, unsigned *ret_mask);
int nst_mask_to_clone_flags(unsigned mask);
/* "net,uts" -> mask. Names as for nst_type_from_name(); empty items, unknown names: -EINVAL,
 * with *reterr_pos set to the offset of the bad item (if reterr_pos is not NULL). */
int nst_mask_from_list(const char *list, unsigned *ret_mask, size_t *reterr_pos);

/* The types in the order util-linux enters them (user, cgroup, ipc, uts, net, pid, mnt, time):
 * nst_enter_order[i] for i < _NST_TYPE_MAX. */
extern const enum nst_type nst_enter_order[_NST_TYPE_MAX];

/* 1 if /proc/self/ns/<type> exists (the kernel has the type), 0 if not, -errno on error. */
int nst_kernel_has(enum nst_type type);

/*
 * Opening. Every returned fd is an nsfs fd of the requested type.
 */
/* /proc/PID/ns/<name>; pid 0 means "self". */
int nst_open(pid_t pid, enum nst_type type);
/* <name> (or its *_for_children file if for_children) below an open /proc/PID directory. */
int nst_open_at(int procdirfd, enum nst_type type, bool for_children);
/* Any file: must be on nsfs (-EINVAL otherwise) and, unless expect < 0, of type expect
 * (-EINVAL otherwise: a wrong file is never a silent success). */
int nst_open_path(const char *path, enum nst_type expect);
/* The namespace of the process behind pidfd, through PIDFD_GET_*_NAMESPACE (-ENOTTY before
 * Linux 6.11; callers may fall back to nst_open() and nst_pidfd_check()). */
int nst_open_pidfd(int pidfd, enum nst_type type);

/*
 * Identifying.
 */
struct nst_id {
	uint64_t dev;
	uint64_t ino;			/* the lsns NS column */
};
/* 1 if fd is on nsfs, 0 if not, -errno. */
int nst_fd_is_nsfs(int fd);
/* NS_GET_NSTYPE: the type of an nsfs fd; -EINVAL if not a known type, -ENOTTY if not nsfs. */
enum nst_type nst_fd_type(int fd);
int nst_fd_id(int fd, struct nst_id *ret_id);
/* stat() of /proc/PID/ns/<name> (pid 0 = self); for_children picks the *_for_children file. */
int nst_pid_id(pid_t pid, enum nst_type type, bool for_children, struct nst_id *ret_id);
static inline bool nst_id_equal(const struct nst_id *a, const struct nst_id *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}
/* NS_GET_PARENT / NS_GET_USERNS: new fd, or -EPERM (outside our view), -ENOTTY, ... */
int nst_fd_parent(int fd);
int nst_fd_owner(int fd);
/* NS_GET_OWNER_UID: user namespaces only (-EINVAL otherwise). */
int nst_fd_owner_uid(int fd, uid_t *ret_uid);
/* 1 if fd is the namespace of that type we are in ourselves, 0 if not. */
int nst_fd_is_own(int fd, enum nst_type type);

/*
 * pidfds.
 */
/* pidfd_open(2); the fd is close-on-exec by the kernel's rule. */
int nst_pidfd_open(pid_t pid);
/* 1 if the process is still running, 0 if it has exited (poll on the pidfd). */
int nst_pidfd_alive(int pidfd);
/* The pidfs inode of a pidfd (st_ino; meaningful on Linux >= 6.9 where pidfds live on pidfs). */
int nst_pidfd_inode(int pidfd, uint64_t *ret_ino);
/* setns(pidfd, clone flags of mask). -EINVAL/-ENOSYS mean "the kernel can't": callers fall back. */
int nst_setns_pidfd(int pidfd, unsigned mask);
/* 1 if the process behind an open /proc/PID directory (O_PATH is enough) is still running, 0 if
 * it has exited (a zombie, or reaped: the fd then reaches nothing, even if the PID is reused). */
int nst_procdir_alive(int procdirfd);

/*
 * A set of namespace fds to enter, with the pidfd they came from.
 */
struct nst_set {
	int fd[_NST_TYPE_MAX];		/* -EBADF = not opened */
	int pidfd;			/* -EBADF = none */
	int procfd;			/* /proc/PID (O_PATH) pinning it instead: only without
					 * pidfd_open(); -EBADF = none */
	pid_t pid;			/* the pinned process, for the /proc fallback; 0 = none */
};
void nst_set_init(struct nst_set *set);
/* Close every fd; idempotent. */
void nst_set_done(struct nst_set *set);
/* Take ownership of fd as the namespace of type; an fd already there is closed. */
void nst_set_put(struct nst_set *set, enum nst_type type, int fd);
/*
 * Pin process pid for nst_set_enter(): with a pidfd, or, only where pidfd_open() fails with
 * ENOSYS (kernel < 5.3, valgrind), with an O_PATH fd on /proc/PID in set->procfd. Either way
 * the process can't be swapped for a later one with the same PID: a stale /proc/PID fd reaches
 * nothing once its process is gone. Callers that need a pidfd itself (pidfs inode,
 * pidfd_getfd()) check set->pidfd >= 0. Returns 0 or -errno (-ESRCH/-ENOENT: no such process).
 */
int nst_set_pin(struct nst_set *set, pid_t pid);
/* 1 if the pinned process is still running, 0 if it has exited; -EBADF if nothing is pinned. */
int nst_set_alive(const struct nst_set *set);

/*
 * Enter plan: pure. Decides the passes and whether a fork is needed.
 *
 * The kernel checks CAP_SYS_ADMIN in the user namespace that owns each target namespace. A
 * privileged caller has it everywhere until it enters a user namespace, so the user namespace
 * goes last (entering it drops privilege). An unprivileged caller gains the capability only by
 * entering its own user namespace, so that goes first. Failures in the first pass are retried
 * in the second, after the user namespace changed: the plan is a preference, not a gamble.
 */
struct nst_plan {
	unsigned first;			/* entered first, failures tolerated */
	unsigned second;		/* entered next; everything left over here is fatal */
	bool need_fork;			/* a pid namespace only applies to children */
};
void nst_plan_make(unsigned mask, bool privileged, bool no_fork, struct nst_plan *ret_plan);

/*
 * Carry out a plan. Types in mask with an fd in set are entered through that fd; the others
 * through set->pidfd, with one setns(pidfd, mask) when the kernel has it and per-type
 * /proc/PID/ns files (checked against the pidfd) when it does not, or below set->procfd when
 * the process is pinned that way. On failure *reterr_type is
 * the namespace that could not be entered (or -EINVAL if that can't be told). After a failure
 * the caller is in an unspecified mix of namespaces and must not run anything.
 * Returns 0 or -errno (-ESRCH: the pinned process has exited).
 */
int nst_set_enter(struct nst_set *set, const struct nst_plan *plan, int *reterr_type);

/* unshare(2) of the types in mask. */
int nst_unshare(unsigned mask);

/* 1 if we have capability cap (e.g. CAP_SYS_ADMIN) in our effective set, 0 if not. */
int nst_have_cap(int cap);

#endif
