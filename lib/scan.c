/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The /proc walk behind lsns: a namespace table keyed by (type, inode), and per-namespace facts. */
#include <dirent.h>
#include <fcntl.h>
#include <libmount.h>
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

struct nst_scan_mount {
	enum nst_type type;
	uint64_t ino;
	char *target;
};

void nst_scan_init(struct nst_scan *scan)
{
	*scan = (struct nst_scan){ .rootfd = -EBADF, .netlink_fd = -EBADF };
}

void nst_scan_done(struct nst_scan *scan)
{
	nst_closep(&scan->rootfd);
	nst_closep(&scan->netlink_fd);
	for (size_t i = 0; i < scan->n_mounts; i++)
		free(scan->mounts[i].target);
	free(scan->mounts);
	free(scan->root);
	free(scan->ns);
	free(scan->procs);
	free(scan->members);
	free(scan->buckets);
	nst_scan_init(scan);
}

/* Errors that mean "this process (or this one file of it) is not there for us": it exited
 * (ENOENT, ESRCH), we may not look (EACCES, EPERM: hidepid, PID 1 of a container), or the
 * entry is not a process directory after all (ENOTDIR, ELOOP). */
static bool skippable(int r)
{
	return r == -ENOENT || r == -ESRCH || r == -EACCES || r == -EPERM || r == -ENOTDIR ||
	       r == -ELOOP;
}

/* "1234" -> 1234; anything else (".", "self", "0", "007", "12a", too big) -> false. */
static bool parse_pid_name(const char *name, pid_t *ret)
{
	long long v = 0;

	if (name[0] < '1' || name[0] > '9')
		return false;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
		if (v > INT_MAX)
			return false;
	}
	*ret = (pid_t)v;
	return true;
}

static size_t key_bucket(const struct nst_scan *scan, enum nst_type type, uint64_t ino)
{
	uint64_t h = (ino ^ ((uint64_t)type << 59)) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h ^ (h >> 31)) & (scan->n_buckets - 1);
}

/* The bucket holding (type, ino), or the empty bucket where it would go. */
static size_t find_bucket(const struct nst_scan *scan, enum nst_type type, uint64_t ino)
{
	size_t b = key_bucket(scan, type, ino);

	for (;;) {
		uint32_t v = scan->buckets[b];

		if (!v)
			return b;
		if (scan->ns[v - 1].ino == ino && scan->ns[v - 1].type == type)
			return b;
		b = (b + 1) & (scan->n_buckets - 1);
	}
}

/* (Re)build the hash with room for at least twice the namespaces we have. */
static int rehash(struct nst_scan *scan, size_t want)
{
	size_t n = 256;
	uint32_t *b;

	while (n < want * 2)
		n *= 2;
	b = calloc(n, sizeof(*b));
	if (!b)
		return -ENOMEM;
	free(scan->buckets);
	scan->buckets = b;
	scan->n_buckets = n;
	for (size_t i = 0; i < scan->n_ns; i++)
		b[find_bucket(scan, scan->ns[i].type, scan->ns[i].ino)] = (uint32_t)i + 1;
	return 0;
}

static int grow(void **array, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = reallocarray(*array, n, size);
	if (!p)
		return -ENOMEM;
	*array = p;
	*cap = n;
	return 0;
}

/* Find or add namespace (type, dev, ino) and count process p in it; returns its index. */
static int add_member(struct nst_scan *scan, enum nst_type type, const struct stat *st,
		      const struct nst_scan_proc *p)
{
	struct nst_scan_ns *ns;
	size_t b;
	int r;

	if ((scan->n_ns + 1) * 2 > scan->n_buckets) {
		r = rehash(scan, scan->n_ns + 1);
		if (r < 0)
			return r;
	}
	b = find_bucket(scan, type, st->st_ino);
	if (!scan->buckets[b]) {
		if (scan->n_ns >= NST_SCAN_NONE - 1)
			return -E2BIG;
		r = grow((void **)&scan->ns, &scan->ns_cap, scan->n_ns + 1, sizeof(*scan->ns));
		if (r < 0)
			return r;
		scan->ns[scan->n_ns] = (struct nst_scan_ns){
			.type = type,
			.ino = st->st_ino,
			.dev = st->st_dev,
		};
		scan->buckets[b] = (uint32_t)++scan->n_ns;
	}
	ns = &scan->ns[scan->buckets[b] - 1];
	ns->nprocs++;
	if (!ns->pid || p->pid < ns->pid) {
		ns->pid = p->pid;
		ns->uid = p->uid;
	}
	return (int)(scan->buckets[b] - 1);
}

static int read_process(struct nst_scan *scan, const char *name, pid_t pid)
{
	_cleanup_close_ int fd = -EBADF;
	struct nst_scan_proc p = { .pid = pid };
	struct stat st;
	bool any = false;
	int r;

	fd = openat(scan->rootfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return skippable(-errno) ? 0 : nst_negerrno();
	if (fstat(fd, &st) < 0)
		return skippable(-errno) ? 0 : nst_negerrno();
	p.uid = st.st_uid;

	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		char path[32];

		p.ns[t] = NST_SCAN_NONE;
		if (!(scan->mask & NST_MASK(t)))
			continue;
		snprintf(path, sizeof(path), "ns/%s", nst_type_info((enum nst_type)t)->name);
		/* follows the magic link to the nsfs inode (or, in a fixture, to a plain file) */
		if (fstatat(fd, path, &st, 0) < 0) {
			if (skippable(-errno))
				continue;
			return nst_negerrno();
		}
		r = add_member(scan, (enum nst_type)t, &st, &p);
		if (r < 0)
			return r;
		p.ns[t] = (uint32_t)r;
		any = true;
	}
	if (!any)
		return 0;
	r = grow((void **)&scan->procs, &scan->procs_cap, scan->n_procs + 1, sizeof(*scan->procs));
	if (r < 0)
		return r;
	scan->procs[scan->n_procs++] = p;
	return 0;
}

static int cmp_proc(const void *a, const void *b)
{
	pid_t x = ((const struct nst_scan_proc *)a)->pid, y = ((const struct nst_scan_proc *)b)->pid;

	return (x > y) - (x < y);
}

struct ns_key {
	uint64_t ino;
	enum nst_type type;
	uint32_t old;
};

static int cmp_key(const void *a, const void *b)
{
	const struct ns_key *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->type > y->type) - (x->type < y->type);
}

/* Sort processes by pid and namespaces by inode, then group the members of each namespace. */
static int finish(struct nst_scan *scan)
{
	_cleanup_free_ struct ns_key *keys = NULL;
	_cleanup_free_ uint32_t *remap = NULL;
	_cleanup_free_ uint32_t *cursor = NULL;
	_cleanup_free_ struct nst_scan_ns *sorted = NULL;
	size_t total = 0;
	bool in_order = true;

	/* /proc lists pids in ascending order; sort only if this tree did not */
	for (size_t i = 1; i < scan->n_procs && in_order; i++)
		in_order = scan->procs[i - 1].pid < scan->procs[i].pid;
	if (!in_order)
		qsort(scan->procs, scan->n_procs, sizeof(*scan->procs), cmp_proc);

	keys = calloc(scan->n_ns + 1, sizeof(*keys));
	remap = calloc(scan->n_ns + 1, sizeof(*remap));
	sorted = calloc(scan->n_ns + 1, sizeof(*sorted));
	cursor = calloc(scan->n_ns + 1, sizeof(*cursor));
	if (!keys || !remap || !sorted || !cursor)
		return -ENOMEM;
	for (size_t i = 0; i < scan->n_ns; i++)
		keys[i] = (struct ns_key){ scan->ns[i].ino, scan->ns[i].type, (uint32_t)i };
	qsort(keys, scan->n_ns, sizeof(*keys), cmp_key);
	for (size_t i = 0; i < scan->n_ns; i++) {
		sorted[i] = scan->ns[keys[i].old];
		remap[keys[i].old] = (uint32_t)i;
		sorted[i].first_member = (uint32_t)total;
		cursor[i] = (uint32_t)total;
		total += sorted[i].nprocs;
	}
	free(scan->ns);
	scan->ns = TAKE_PTR(sorted);
	scan->ns_cap = scan->n_ns + 1;

	scan->members = calloc(total + 1, sizeof(*scan->members));
	if (!scan->members)
		return -ENOMEM;
	for (size_t p = 0; p < scan->n_procs; p++)
		for (int t = 0; t < _NST_TYPE_MAX; t++) {
			uint32_t *v = &scan->procs[p].ns[t];

			if (*v == NST_SCAN_NONE)
				continue;
			*v = remap[*v];
			scan->members[cursor[*v]++] = (uint32_t)p;
		}
	return rehash(scan, scan->n_ns);
}

int nst_scan_run(struct nst_scan *scan, const char *root, unsigned mask)
{
	_cleanup_closedir_ DIR *dir = NULL;
	int fd, r;

	if (scan->root || !mask || (mask & ~NST_MASK_ALL))
		return -EINVAL;
	scan->root = strdup(root ? root : "/proc");
	if (!scan->root)
		return -ENOMEM;
	scan->mask = mask;
	scan->rootfd = open(scan->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (scan->rootfd < 0)
		return nst_negerrno();
	r = rehash(scan, 0);
	if (r < 0)
		return r;

	/* a second fd for readdir: rootfd stays usable for the lazy lookups later */
	fd = openat(scan->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return nst_negerrno();
	dir = fdopendir(fd);
	if (!dir) {
		r = nst_negerrno();
		(void)close(fd);
		return r;
	}
	for (;;) {
		struct dirent *de;
		pid_t pid;

		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno)
				return nst_negerrno();
			break;
		}
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		if (!parse_pid_name(de->d_name, &pid))
			continue;
		r = read_process(scan, de->d_name, pid);
		if (r < 0)
			return r;
	}
	return finish(scan);
}

int nst_scan_find(const struct nst_scan *scan, enum nst_type type, uint64_t ino)
{
	uint32_t v;

	if (!scan->n_buckets || !nst_type_info(type))
		return -ENOENT;
	v = scan->buckets[find_bucket(scan, type, ino)];
	return v ? (int)(v - 1) : -ENOENT;
}

int nst_scan_find_ino(const struct nst_scan *scan, uint64_t ino)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		int r = nst_scan_find(scan, (enum nst_type)t, ino);

		if (r >= 0)
			return r;
	}
	return -ENOENT;
}

int nst_scan_find_proc(const struct nst_scan *scan, pid_t pid)
{
	size_t lo = 0, hi = scan->n_procs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (scan->procs[mid].pid == pid)
			return (int)mid;
		if (scan->procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

const uint32_t *nst_scan_members(const struct nst_scan *scan, size_t idx, size_t *ret_n)
{
	if (idx >= scan->n_ns || !scan->members) {
		*ret_n = 0;
		return NULL;
	}
	*ret_n = scan->ns[idx].nprocs;
	return scan->members + scan->ns[idx].first_member;
}

/* Open namespace idx through the first member that still is in it. */
static int open_ns(const struct nst_scan *scan, size_t idx)
{
	const struct nst_scan_ns *ns = &scan->ns[idx];
	const uint32_t *m;
	size_t n;

	m = nst_scan_members(scan, idx, &n);
	for (size_t i = 0; i < n; i++) {
		_cleanup_close_ int fd = -EBADF;
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "%d/ns/%s", (int)scan->procs[m[i]].pid,
			 nst_type_info(ns->type)->name);
		fd = openat(scan->rootfd, path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (skippable(-errno))
				continue;
			return nst_negerrno();
		}
		if (fstat(fd, &st) < 0)
			return nst_negerrno();
		/* the pid may have been reused since the walk */
		if (st.st_ino == ns->ino && st.st_dev == ns->dev)
			return TAKE_FD(fd);
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

	fd = open_ns(scan, idx);
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
		_cleanup_close_ int fd = open_ns(scan, idx);
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

/* "net:[4026531840]" -> (NST_NET, 4026531840). */
static bool parse_nsfs_root(const char *root, enum nst_type *ret_type, uint64_t *ret_ino)
{
	const char *colon = root ? strchr(root, ':') : NULL;
	char name[16], *end;
	unsigned long long ino;
	enum nst_type t;

	if (!colon || colon == root || (size_t)(colon - root) >= sizeof(name) || colon[1] != '[')
		return false;
	memcpy(name, root, (size_t)(colon - root));
	name[colon - root] = '\0';
	for (t = 0; t < _NST_TYPE_MAX; t++)
		if (strcmp(nst_type_info(t)->name, name) == 0)
			break;
	if (t == _NST_TYPE_MAX || colon[2] < '0' || colon[2] > '9')
		return false;
	errno = 0;
	ino = strtoull(colon + 2, &end, 10);
	if (errno || end[0] != ']' || end[1] != '\0')
		return false;
	*ret_type = t;
	*ret_ino = ino;
	return true;
}

static int read_mounts(struct nst_scan *scan)
{
	struct libmnt_table *tb = mnt_new_table();
	struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs;
	_cleanup_free_ char *path = NULL;
	size_t cap = 0;
	int r = -ENOMEM;

	if (!tb || !it || asprintf(&path, "%s/self/mountinfo", scan->root) < 0)
		goto out;
	r = mnt_table_parse_file(tb, path);
	if (r < 0)
		goto out;
	while (mnt_table_next_fs(tb, it, &fs) == 0) {
		const char *target = mnt_fs_get_target(fs);
		enum nst_type type;
		uint64_t ino;

		if (!target || !mnt_fs_match_fstype(fs, "nsfs") ||
		    !parse_nsfs_root(mnt_fs_get_root(fs), &type, &ino))
			continue;
		r = grow((void **)&scan->mounts, &cap, scan->n_mounts + 1, sizeof(*scan->mounts));
		if (r < 0)
			goto out;
		scan->mounts[scan->n_mounts].target = strdup(target);
		if (!scan->mounts[scan->n_mounts].target) {
			r = -ENOMEM;
			goto out;
		}
		scan->mounts[scan->n_mounts].type = type;
		scan->mounts[scan->n_mounts++].ino = ino;
	}
	r = 1;
out:
	mnt_free_iter(it);
	mnt_unref_table(tb);
	return r;
}

int nst_scan_nsfs_paths(struct nst_scan *scan, size_t idx, char sep, char **ret_paths)
{
	const struct nst_scan_ns *ns;
	char *out = NULL;
	size_t len = 0;

	if (idx >= scan->n_ns)
		return -EINVAL;
	ns = &scan->ns[idx];
	if (!scan->mounts_state)
		scan->mounts_state = read_mounts(scan);
	if (scan->mounts_state < 0)
		return scan->mounts_state;
	for (size_t i = 0; i < scan->n_mounts; i++) {
		const struct nst_scan_mount *m = &scan->mounts[i];
		size_t tlen = strlen(m->target);
		bool dup = false;
		char *p;

		if (m->type != ns->type || m->ino != ns->ino)
			continue;
		for (size_t j = 0; j < i && !dup; j++)
			dup = scan->mounts[j].type == m->type && scan->mounts[j].ino == m->ino &&
			      strcmp(scan->mounts[j].target, m->target) == 0;
		if (dup)
			continue;
		p = realloc(out, len + tlen + 2);
		if (!p) {
			free(out);
			return -ENOMEM;
		}
		out = p;
		if (len)
			out[len++] = sep;
		memcpy(out + len, m->target, tlen + 1);
		len += tlen;
	}
	*ret_paths = out;
	return 0;
}

int nst_scan_parse_stat_ppid(const char *stat, pid_t *ret_ppid)
{
	/* "pid (comm) S ppid ...": comm may hold spaces and ')', so start after the last ')' */
	const char *p = stat ? strrchr(stat, ')') : NULL;
	long long v = 0;
	bool digits = false;

	if (!p || p[1] != ' ' || !p[2] || p[3] != ' ')
		return -EINVAL;
	for (p += 4; *p >= '0' && *p <= '9'; p++) {
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

int nst_scan_read_command(const struct nst_scan *scan, pid_t pid, char **ret_command)
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
