/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Facts about the namespaces of a scan, computed on request: relatives, NETNSID, nsfs mounts. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "macro.h"
#include "proc.h"
#include "scan.h"
#include "scan-internal.h"

/* Open path (relative to the scan root) if it still is namespace ns. */
static int open_verified(const struct nst_scan *scan, const char *path,
			 const struct nst_scan_ns *ns)
{
	_cleanup_close_ int fd = -EBADF;
	struct stat st;

	fd = openat(scan->rootfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return nst_negerrno();
	if (fstat(fd, &st) < 0)
		return nst_negerrno();
	/* the pid or the mount may have been reused since the walk */
	if (st.st_ino != ns->ino || (ns->dev && st.st_dev != ns->dev))
		return -ESRCH;
	return TAKE_FD(fd);
}

int nst_scan_open_ns(const struct nst_scan *scan, size_t idx)
{
	const struct nst_scan_ns *ns = &scan->ns[idx];
	const uint32_t *m;
	char path[64];
	size_t n;
	int fd;

	if (ns->fd >= 0) {
		fd = fcntl(ns->fd, F_DUPFD_CLOEXEC, 3);
		return fd < 0 ? nst_negerrno() : fd;
	}
	if (ns->pid) {
		snprintf(path, sizeof(path), "%d/ns/%s", (int)ns->pid, nst_type_info(ns->type)->name);
		fd = open_verified(scan, path, ns);
		if (fd >= 0 || (!nst_scan_skippable(fd) && fd != -ESRCH))
			return fd;
	}
	m = nst_scan_members(scan, idx, &n);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%d/ns/%s", (int)scan->procs[m[i]].pid,
			 nst_type_info(ns->type)->name);
		fd = open_verified(scan, path, ns);
		if (fd >= 0 || (!nst_scan_skippable(fd) && fd != -ESRCH))
			return fd;
	}
	if (ns->open_path) {
		fd = open_verified(scan, ns->open_path, ns);
		if (fd >= 0 || (!nst_scan_skippable(fd) && fd != -ESRCH))
			return fd;
	}
	return -ESRCH;
}

/* Inode of the namespace an NS_GET_PARENT/NS_GET_USERNS fd r refers to; takes the fd.
 * EPERM (the relative is outside our view) gives 0. */
static int related_ino(int r, uint64_t *ret_ino)
{
	_cleanup_close_ int fd = r;
	struct nst_id id;

	if (r == -EPERM) {
		*ret_ino = 0;
		return 0;
	}
	if (r < 0)
		return r;
	r = nst_fd_id(fd, &id);
	if (r < 0)
		return r;
	*ret_ino = id.ino;
	return 0;
}

static int compute_facts(struct nst_scan *scan, struct nst_scan_ns *ns, size_t idx)
{
	_cleanup_close_ int fd = -EBADF, owner = -EBADF;
	struct nst_scan_facts f = { 0 };
	int r;

	fd = nst_scan_open_ns(scan, idx);
	if (fd < 0)
		return fd;
	if (ns->type == NST_PID || ns->type == NST_USER) {
		r = related_ino(nst_fd_parent(fd), &f.parent_ino);
		if (r < 0) {
			ns->facts_failed = "NS_GET_PARENT";
			return r;
		}
	}
	owner = nst_fd_owner(fd);
	if (owner < 0 && owner != -EPERM) {
		ns->facts_failed = "NS_GET_USERNS";
		return owner;
	}
	if (owner >= 0) {
		struct nst_id id;

		r = nst_fd_id(owner, &id);
		if (r < 0)
			return r;
		f.owner_ino = id.ino;
	}
	/* a user namespace has an owner uid of its own; the others have their owner's */
	if (ns->type == NST_USER || owner >= 0) {
		r = nst_fd_owner_uid(ns->type == NST_USER ? fd : owner, &f.owner_uid);
		if (r < 0) {
			ns->facts_failed = "NS_GET_OWNER_UID";
			return r;
		}
		f.has_owner_uid = true;
	}
	ns->facts = f;
	return 1;
}

int nst_scan_facts(struct nst_scan *scan, size_t idx, const struct nst_scan_facts **ret_facts,
		   const char **reterr_ioctl)
{
	struct nst_scan_ns *ns;

	if (idx >= scan->n_ns)
		return -EINVAL;
	ns = &scan->ns[idx];
	if (!ns->facts_state)
		ns->facts_state = compute_facts(scan, ns, idx);
	if (ns->facts_state < 0) {
		if (reterr_ioctl)
			*reterr_ioctl = ns->facts_failed;
		return ns->facts_state;
	}
	*ret_facts = &ns->facts;
	return 0;
}

/* RTM_GETNSID for the net namespace behind nsfd; the reply carries NETNSA_NSID. */
static int query_netnsid(struct nst_scan *scan, int nsfd, int *ret_id)
{
	union {
		struct nlmsghdr nh;
		char buf[NLMSG_SPACE(sizeof(struct rtgenmsg)) + RTA_SPACE(sizeof(uint32_t))];
	} req;
	union {
		struct nlmsghdr nh;
		char buf[4096];
	} resp;
	struct rtgenmsg *g;
	struct rtattr *rta;
	uint32_t seq;
	ssize_t n;

	if (scan->netlink_fd < 0) {
		scan->netlink_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		if (scan->netlink_fd < 0)
			return nst_negerrno();
	}
	memset(&req, 0, sizeof(req));
	seq = ++scan->netlink_seq;
	req.nh.nlmsg_len = sizeof(req.buf);
	req.nh.nlmsg_type = RTM_GETNSID;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = seq;
	g = NLMSG_DATA(&req.nh);
	g->rtgen_family = AF_UNSPEC;
	rta = (struct rtattr *)(req.buf + NLMSG_SPACE(sizeof(struct rtgenmsg)));
	rta->rta_type = NETNSA_FD;
	rta->rta_len = RTA_LENGTH(sizeof(uint32_t));
	memcpy(RTA_DATA(rta), &(uint32_t){ (uint32_t)nsfd }, sizeof(uint32_t));
	if (send(scan->netlink_fd, req.buf, sizeof(req.buf), 0) < 0)
		return nst_negerrno();

	for (;;) {
		do
			n = recv(scan->netlink_fd, resp.buf, sizeof(resp.buf), 0);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return nst_negerrno();
		for (struct nlmsghdr *h = &resp.nh; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			int len;

			if (h->nlmsg_seq != seq)
				continue;	/* an answer to an earlier, abandoned request */
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error < 0 ? e->error : -EPROTO;
			}
			if (h->nlmsg_type != RTM_NEWNSID)
				return -EPROTO;
			len = (int)h->nlmsg_len - (int)NLMSG_SPACE(sizeof(struct rtgenmsg));
			rta = (struct rtattr *)((char *)NLMSG_DATA(h) +
						NLMSG_ALIGN(sizeof(struct rtgenmsg)));
			for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
				if (rta->rta_type == NETNSA_NSID &&
				    RTA_PAYLOAD(rta) >= sizeof(int32_t)) {
					int32_t id;

					memcpy(&id, RTA_DATA(rta), sizeof(id));
					*ret_id = id < 0 ? -1 : id;
					return 0;
				}
			return -EPROTO;
		}
	}
}

int nst_scan_netnsid(struct nst_scan *scan, size_t idx, int *ret_id)
{
	struct nst_scan_ns *ns;

	if (idx >= scan->n_ns || scan->ns[idx].type != NST_NET)
		return -EINVAL;
	ns = &scan->ns[idx];
	if (!ns->netnsid_state) {
		_cleanup_close_ int fd = nst_scan_open_ns(scan, idx);
		int id = -1, r = fd;

		if (fd >= 0)
			r = query_netnsid(scan, fd, &id);
		ns->netnsid_state = r < 0 ? r : 1;
		ns->netnsid = id;
	}
	if (ns->netnsid_state < 0)
		return ns->netnsid_state;
	*ret_id = ns->netnsid;
	return 0;
}

int nst_scan_parse_stat_ppid(const char *stat, pid_t *ret_ppid)
{
	/* "pid (comm) S ppid ...": the ppid follows the state letter */
	const char *p = nst_proc_stat_state(stat);
	long long v = 0;
	bool digits = false;

	if (!p || p[1] != ' ')
		return -EINVAL;
	for (p += 2; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		digits = true;
		if (v > INT_MAX)
			return -EINVAL;
	}
	if (!digits || (*p != ' ' && *p != '\n' && *p != '\0'))
		return -EINVAL;
	*ret_ppid = (pid_t)v;
	return 0;
}

int nst_scan_read_ppid(const struct nst_scan *scan, pid_t pid, pid_t *ret_ppid)
{
	_cleanup_free_ char *buf = NULL;
	char path[32];
	int r;

	snprintf(path, sizeof(path), "%d/stat", (int)pid);
	r = nst_read_file_at(scan->rootfd, path, &buf, NULL);
	if (r < 0)
		return r;
	return nst_scan_parse_stat_ppid(buf, ret_ppid);
}

static int read_command(const struct nst_scan *scan, pid_t pid, char **ret_command)
{
	_cleanup_free_ char *buf = NULL;
	char path[32];
	size_t len;
	int r;

	snprintf(path, sizeof(path), "%d/cmdline", (int)pid);
	r = nst_read_file_at(scan->rootfd, path, &buf, &len);
	if (r < 0)
		return r;
	/* arguments end in NUL: drop the last one, the others become spaces */
	if (len && buf[len - 1] == '\0')
		buf[--len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	if (!len) {
		/* kernel threads and zombies have no command line */
		free(buf);
		buf = NULL;
		snprintf(path, sizeof(path), "%d/comm", (int)pid);
		r = nst_read_file_at(scan->rootfd, path, &buf, &len);
		if (r < 0)
			return r;
		if (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (!len)
			return -ENODATA;
	}
	*ret_command = TAKE_PTR(buf);
	return 0;
}

int nst_scan_read_command(const struct nst_scan *scan, pid_t pid, char **ret_command)
{
	struct nst_scan_walk *w = scan->walk;
	char *copy;

	if (!w)
		return read_command(scan, pid, ret_command);
	/* the rows of one process come one after another: read its command line once */
	if (w->command_pid != pid) {
		free(w->command);
		w->command = NULL;
		w->command_r = read_command(scan, pid, &w->command);
		w->command_pid = pid;
	}
	if (w->command_r < 0)
		return w->command_r;
	copy = strdup(w->command);
	if (!copy)
		return -ENOMEM;
	*ret_command = copy;
	return 0;
}
