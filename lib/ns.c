/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one namespace table; opening, identifying, entering and creating namespaces. */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "macro.h"
#include "missing.h"
#include "ns.h"
#include "proc.h"

static const struct nst_type_info table[_NST_TYPE_MAX] = {
	[NST_CGROUP] = { .name = "cgroup", .long_opt = "cgroup", .for_children = NULL,
		.desc = "cgroup", .clone_flag = CLONE_NEWCGROUP, .short_opt = 'C' },
	[NST_IPC] = { .name = "ipc", .long_opt = "ipc", .for_children = NULL,
		.desc = "IPC", .clone_flag = CLONE_NEWIPC, .short_opt = 'i' },
	[NST_MNT] = { .name = "mnt", .long_opt = "mount", .for_children = NULL,
		.desc = "mount", .clone_flag = CLONE_NEWNS, .short_opt = 'm' },
	[NST_NET] = { .name = "net", .long_opt = "net", .for_children = NULL,
		.desc = "network", .clone_flag = CLONE_NEWNET, .short_opt = 'n' },
	[NST_PID] = { .name = "pid", .long_opt = "pid", .for_children = "pid_for_children",
		.desc = "PID", .clone_flag = CLONE_NEWPID, .short_opt = 'p' },
	[NST_TIME] = { .name = "time", .long_opt = "time", .for_children = "time_for_children",
		.desc = "time", .clone_flag = CLONE_NEWTIME, .short_opt = 'T' },
	[NST_USER] = { .name = "user", .long_opt = "user", .for_children = NULL,
		.desc = "user", .clone_flag = CLONE_NEWUSER, .short_opt = 'U' },
	[NST_UTS] = { .name = "uts", .long_opt = "uts", .for_children = NULL,
		.desc = "UTS", .clone_flag = CLONE_NEWUTS, .short_opt = 'u' },
};

/* util-linux's order. Pass one skips user; the order inside a pass only matters for error
 * messages, as each setns() is checked against the credentials we have at that moment. */
const enum nst_type nst_enter_order[_NST_TYPE_MAX] = {
	NST_USER, NST_CGROUP, NST_IPC, NST_UTS, NST_NET, NST_PID, NST_MNT, NST_TIME,
};

/* PIDFD_GET_<TYPE>_NAMESPACE, in table order. */
static const unsigned long pidfd_ioctl[_NST_TYPE_MAX] = {
	[NST_CGROUP] = NST_PIDFD_GET_CGROUP_NAMESPACE,
	[NST_IPC] = NST_PIDFD_GET_IPC_NAMESPACE,
	[NST_MNT] = NST_PIDFD_GET_MNT_NAMESPACE,
	[NST_NET] = NST_PIDFD_GET_NET_NAMESPACE,
	[NST_PID] = NST_PIDFD_GET_PID_NAMESPACE,
	[NST_TIME] = NST_PIDFD_GET_TIME_NAMESPACE,
	[NST_USER] = NST_PIDFD_GET_USER_NAMESPACE,
	[NST_UTS] = NST_PIDFD_GET_UTS_NAMESPACE,
};

const struct nst_type_info *nst_type_info(enum nst_type type)
{
	if ((int)type < 0 || type >= _NST_TYPE_MAX)
		return NULL;
	return &table[type];
}

enum nst_type nst_type_from_name(const char *name)
{
	if (!name || !*name)
		return _NST_TYPE_INVALID;
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if (strcmp(name, table[t].name) == 0 || strcmp(name, table[t].long_opt) == 0)
			return (enum nst_type)t;
	return _NST_TYPE_INVALID;
}

enum nst_type nst_type_from_clone_flag(int flag)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if (flag == table[t].clone_flag)
			return (enum nst_type)t;
	return _NST_TYPE_INVALID;
}

enum nst_type nst_type_from_short_opt(int c)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if (c == table[t].short_opt)
			return (enum nst_type)t;
	return _NST_TYPE_INVALID;
}

int nst_mask_from_clone_flags(int flags, unsigned *ret_mask)
{
	unsigned mask = 0;

	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if (flags & table[t].clone_flag) {
			mask |= NST_MASK(t);
			flags &= ~table[t].clone_flag;
		}
	if (flags)
		return -EINVAL;
	*ret_mask = mask;
	return 0;
}

int nst_mask_to_clone_flags(unsigned mask)
{
	int flags = 0;

	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if (mask & NST_MASK(t))
			flags |= table[t].clone_flag;
	return flags;
}

int nst_mask_from_list(const char *list, unsigned *ret_mask, size_t *reterr_pos)
{
	unsigned mask = 0;
	const char *p = list;

	if (!list) {
		if (reterr_pos)
			*reterr_pos = 0;
		return -EINVAL;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		char name[16];
		enum nst_type t;

		if (len == 0 || len >= sizeof(name)) {
			if (reterr_pos)
				*reterr_pos = (size_t)(p - list);
			return -EINVAL;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		t = nst_type_from_name(name);
		if (t < 0) {
			if (reterr_pos)
				*reterr_pos = (size_t)(p - list);
			return -EINVAL;
		}
		mask |= NST_MASK(t);
		if (!p[len])
			break;
		p += len + 1;
	}
	*ret_mask = mask;
	return 0;
}

int nst_kernel_has(enum nst_type type)
{
	char path[64];

	if (!nst_type_info(type))
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/self/ns/%s", table[type].name);
	if (access(path, F_OK) == 0)
		return 1;
	return errno == ENOENT ? 0 : nst_negerrno();
}

int nst_fd_is_nsfs(int fd)
{
	struct statfs sfs;

	if (fstatfs(fd, &sfs) < 0)
		return nst_negerrno();
	return sfs.f_type == NSFS_MAGIC;
}

enum nst_type nst_fd_type(int fd)
{
	int flag = ioctl(fd, NST_NS_GET_NSTYPE);

	if (flag < 0)
		return (enum nst_type)nst_negerrno();
	return nst_type_from_clone_flag(flag);
}

/* Check that fd is an nsfs fd of type expect (any type if expect < 0); takes fd either way. */
static int check_ns_fd(int fd, enum nst_type expect)
{
	_cleanup_close_ int owned = fd;
	enum nst_type type;
	int r;

	r = nst_fd_is_nsfs(owned);
	if (r < 0)
		return r;
	if (r == 0)
		return -EINVAL;
	if ((int)expect < 0)
		return TAKE_FD(owned);
	type = nst_fd_type(owned);
	if ((int)type < 0)
		return (int)type == -ENOTTY ? -EINVAL : (int)type;
	return type == expect ? TAKE_FD(owned) : -EINVAL;
}

int nst_open_at(int procdirfd, enum nst_type type, bool for_children)
{
	const struct nst_type_info *info = nst_type_info(type);
	char path[64];
	int fd;

	if (!info || (for_children && !info->for_children))
		return -EINVAL;
	snprintf(path, sizeof(path), "ns/%s", for_children ? info->for_children : info->name);
	fd = openat(procdirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nst_negerrno();
	return fd;
}

int nst_open(pid_t pid, enum nst_type type)
{
	const struct nst_type_info *info = nst_type_info(type);
	char path[64];
	int fd;

	if (!info || pid < 0)
		return -EINVAL;
	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/ns/%s", info->name);
	else
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, info->name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nst_negerrno();
	return fd;
}

int nst_open_path(const char *path, enum nst_type expect)
{
	int fd;

	if (!path || !*path)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nst_negerrno();
	return check_ns_fd(fd, expect);
}

int nst_open_pidfd(int pidfd, enum nst_type type)
{
	int fd;

	if (!nst_type_info(type))
		return -EINVAL;
	fd = ioctl(pidfd, pidfd_ioctl[type], 0);
	if (fd < 0)
		return nst_negerrno();
	/* the ioctl sets O_CLOEXEC itself; make sure, older kernels varied */
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
		int r = nst_negerrno();
		(void)close(fd);
		return r;
	}
	return fd;
}

int nst_fd_id(int fd, struct nst_id *ret_id)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return nst_negerrno();
	ret_id->dev = st.st_dev;
	ret_id->ino = st.st_ino;
	return 0;
}

int nst_pid_id(pid_t pid, enum nst_type type, bool for_children, struct nst_id *ret_id)
{
	const struct nst_type_info *info = nst_type_info(type);
	char path[64];
	struct stat st;

	if (!info || pid < 0 || (for_children && !info->for_children))
		return -EINVAL;
	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/ns/%s",
			 for_children ? info->for_children : info->name);
	else
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid,
			 for_children ? info->for_children : info->name);
	if (stat(path, &st) < 0)
		return nst_negerrno();
	ret_id->dev = st.st_dev;
	ret_id->ino = st.st_ino;
	return 0;
}

static int ns_ioctl_fd(int fd, unsigned long request)
{
	int r = ioctl(fd, request);

	if (r < 0)
		return nst_negerrno();
	/* NS_GET_PARENT/NS_GET_USERNS fds are close-on-exec already (kernel >= 4.9) */
	return r;
}

int nst_fd_parent(int fd)
{
	return ns_ioctl_fd(fd, NST_NS_GET_PARENT);
}

int nst_fd_owner(int fd)
{
	return ns_ioctl_fd(fd, NST_NS_GET_USERNS);
}

int nst_fd_owner_uid(int fd, uid_t *ret_uid)
{
	uid_t uid = (uid_t)-1;	/* set by the kernel; valgrind doesn't know this ioctl */

	if (ioctl(fd, NST_NS_GET_OWNER_UID, &uid) < 0)
		return nst_negerrno();
	*ret_uid = uid;
	return 0;
}

int nst_fd_is_own(int fd, enum nst_type type)
{
	struct nst_id a, b;
	int r;

	r = nst_fd_id(fd, &a);
	if (r < 0)
		return r;
	r = nst_pid_id(0, type, false, &b);
	if (r < 0)
		return r;
	return nst_id_equal(&a, &b);
}

int nst_pidfd_open(pid_t pid)
{
	int fd;

	if (pid <= 0)
		return -EINVAL;
	fd = nst_sys_pidfd_open(pid, 0);
	if (fd < 0)
		return nst_negerrno();
	return fd;
}

int nst_pidfd_alive(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int r;

	do
		r = poll(&p, 1, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return nst_negerrno();
	if (p.revents & POLLNVAL)
		return -EBADF;
	/* a pidfd becomes readable when its process exits */
	return r == 0;
}

int nst_pidfd_inode(int pidfd, uint64_t *ret_ino)
{
	struct stat st;

	if (fstat(pidfd, &st) < 0)
		return nst_negerrno();
	*ret_ino = st.st_ino;
	return 0;
}

int nst_setns_pidfd(int pidfd, unsigned mask)
{
	if (setns(pidfd, nst_mask_to_clone_flags(mask)) < 0)
		return nst_negerrno();
	return 0;
}

int nst_procdir_alive(int procdirfd)
{
	_cleanup_free_ char *buf = NULL;
	const char *p;
	size_t len;
	int r;

	/* A /proc/PID fd holds on to its struct pid, not to the number: once the process is
	 * reaped, lookups below it fail, whoever has the PID now. */
	r = nst_read_file_at(procdirfd, "stat", &buf, &len);
	if (r == -ENOENT || r == -ESRCH)
		return 0;
	if (r < 0)
		return r;
	/* a zombie (Z) or dead (X) task has exited, like a readable pidfd */
	p = nst_proc_stat_state(buf);
	if (!p)
		return -EIO;
	return *p != 'Z' && *p != 'X';
}

void nst_set_init(struct nst_set *set)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		set->fd[t] = -EBADF;
	set->pidfd = -EBADF;
	set->procfd = -EBADF;
	set->pid = 0;
}

void nst_set_done(struct nst_set *set)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		nst_closep(&set->fd[t]);
	nst_closep(&set->pidfd);
	nst_closep(&set->procfd);
	nst_set_init(set);
}

void nst_set_put(struct nst_set *set, enum nst_type type, int fd)
{
	if (!nst_type_info(type))
		return;
	nst_closep(&set->fd[type]);
	set->fd[type] = fd;
}

int nst_set_pin(struct nst_set *set, pid_t pid)
{
	int fd = nst_pidfd_open(pid), procfd = -EBADF;

	if (fd == -ENOSYS) {
		/* COMPAT(kernel < 5.3): no pidfd_open() (valgrind 3.19 refuses it too). An fd on
		 * /proc/PID pins the process as well: what is opened below it belongs to this
		 * process or fails (ENOENT/ESRCH), never reaches one that reuses the PID. */
		char path[32];

		snprintf(path, sizeof(path), "/proc/%d", (int)pid);
		procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (procfd < 0)
			return errno == ENOENT ? -ESRCH : nst_negerrno();
	} else if (fd < 0) {
		return fd;
	}
	nst_closep(&set->pidfd);
	nst_closep(&set->procfd);
	set->pidfd = fd >= 0 ? fd : -EBADF;
	set->procfd = procfd;
	set->pid = pid;
	return 0;
}

int nst_set_alive(const struct nst_set *set)
{
	if (set->pidfd >= 0)
		return nst_pidfd_alive(set->pidfd);
	if (set->procfd >= 0)
		return nst_procdir_alive(set->procfd);
	return -EBADF;
}

void nst_plan_make(unsigned mask, bool privileged, bool no_fork, struct nst_plan *ret_plan)
{
	unsigned user = mask & NST_MASK(NST_USER);
	unsigned rest = mask & ~NST_MASK(NST_USER);

	if (privileged || !user) {
		/* entering the user namespace would drop the capabilities we need for the rest */
		ret_plan->first = rest;
		ret_plan->second = user;
	} else {
		/* only the user namespace can give us the right to enter the others */
		ret_plan->first = user;
		ret_plan->second = rest;
	}
	ret_plan->need_fork = (mask & NST_MASK(NST_PID)) && !no_fork;
}

/*
 * The /proc/PID/ns route for kernels without setns(pidfd): open every file first, then check
 * that the pinned process is still alive. If it is, the PID was not reused while we opened
 * them, so every fd belongs to the process we pinned. Pinned by a /proc/PID fd instead of a
 * pidfd, the files are opened below that fd and can't belong to anyone else in the first place.
 * COMPAT(kernel < 5.8): setns() takes no pidfd.
 */
static int open_from_proc(struct nst_set *set, unsigned mask, int *reterr_type)
{
	int r;

	if (set->pid <= 0 || (set->pidfd < 0 && set->procfd < 0)) {
		*reterr_type = _NST_TYPE_INVALID;
		return -ESRCH;
	}
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		if (!(mask & NST_MASK(t)) || set->fd[t] >= 0)
			continue;
		if (set->pidfd >= 0)
			r = nst_open(set->pid, (enum nst_type)t);
		else
			r = nst_open_at(set->procfd, (enum nst_type)t, false);
		if (r < 0 && nst_set_alive(set) == 0) {
			/* not this namespace's fault: the process is gone */
			*reterr_type = _NST_TYPE_INVALID;
			return -ESRCH;
		}
		if (r < 0) {
			*reterr_type = t;
			return r;
		}
		set->fd[t] = r;
	}
	r = nst_set_alive(set);
	if (r <= 0) {
		*reterr_type = _NST_TYPE_INVALID;
		return r < 0 ? r : -ESRCH;
	}
	return 0;
}

/* One pass: the types of mask with an fd one by one, the others through the pidfd at once.
 * Returns the mask of types entered; *ret_err is the first error (0 if none). */
static unsigned enter_pass(struct nst_set *set, unsigned mask, bool *use_pidfd, int *ret_err,
			   int *ret_err_type)
{
	unsigned done = 0, via_pidfd = 0;

	*ret_err = 0;
	*ret_err_type = _NST_TYPE_INVALID;
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if ((mask & NST_MASK(t)) && set->fd[t] < 0)
			via_pidfd |= NST_MASK(t);

	if (via_pidfd && *use_pidfd) {
		int r = nst_setns_pidfd(set->pidfd, via_pidfd);

		if (r >= 0)
			done |= via_pidfd;
		else if (r == -EINVAL || r == -ENOSYS) {
			/* Maybe the kernel can't setns() a pidfd; maybe it can and this is a real
			 * EINVAL. Either way, the per-type route below tells which namespace is
			 * at fault. */
			*use_pidfd = false;
		} else {
			*ret_err = r;
		}
	}
	if (via_pidfd && !*use_pidfd) {
		int r = open_from_proc(set, via_pidfd, ret_err_type);

		if (r < 0) {
			*ret_err = r;
			return done;
		}
	}
	for (size_t i = 0; i < _NST_TYPE_MAX; i++) {
		enum nst_type t = nst_enter_order[i];

		if (!(mask & NST_MASK(t)) || (done & NST_MASK(t)) || set->fd[t] < 0)
			continue;
		if (setns(set->fd[t], table[t].clone_flag) < 0) {
			if (!*ret_err) {
				*ret_err = nst_negerrno();
				*ret_err_type = t;
			}
			continue;
		}
		done |= NST_MASK(t);
	}
	return done;
}

int nst_set_enter(struct nst_set *set, const struct nst_plan *plan, int *reterr_type)
{
	bool use_pidfd = set->pidfd >= 0;
	unsigned left;
	int err, err_type;

	/* first pass: errors are expected and tolerated (see nst_plan_make()) */
	left = plan->first & ~enter_pass(set, plan->first, &use_pidfd, &err, &err_type);
	left |= plan->second;
	if (!left)
		return 0;
	left &= ~enter_pass(set, left, &use_pidfd, &err, &err_type);
	if (!left)
		return 0;
	if ((int)err_type < 0 && use_pidfd && err != -ESRCH) {
		/* setns(pidfd) fails as a whole; find out which namespace the kernel refused,
		 * so the caller can name it. We are failing anyway: the caller must not go on
		 * in whatever mix of namespaces this leaves. */
		int pidfd_err = err;

		use_pidfd = false;
		left &= ~enter_pass(set, left, &use_pidfd, &err, &err_type);
		if (!left)
			return 0;
		/* the error of the setns() we meant to do is the one to report */
		err = pidfd_err;
	}
	if (err >= 0)
		err = -EINVAL;
	*reterr_type = err_type;
	return err;
}

int nst_unshare(unsigned mask)
{
	if (mask & ~NST_MASK_ALL)
		return -EINVAL;
	if (unshare(nst_mask_to_clone_flags(mask)) < 0)
		return nst_negerrno();
	return 0;
}

int nst_have_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};

	if (cap < 0 || cap >= 32 * _LINUX_CAPABILITY_U32S_3)
		return -EINVAL;
	if (syscall(SYS_capget, &hdr, data) < 0)
		return nst_negerrno();
	return !!(data[cap / 32].effective & (1u << (cap % 32)));
}
