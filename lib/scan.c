/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The /proc walk behind lsns: a namespace table keyed by (type, inode), and per-namespace facts. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"
#include "proc.h"
#include "scan.h"
#include "scan-internal.h"

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
	for (size_t i = 0; i < scan->n_ns; i++) {
		free(scan->ns[i].path);
		free(scan->ns[i].open_path);
		nst_closep(&scan->ns[i].fd);
	}
	nst_scan_discover_free(scan);
	if (scan->walk)
		free(scan->walk->command);
	free(scan->walk);
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
bool nst_scan_skippable(int r)
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

int nst_scan_grow(void **array, size_t *cap, size_t need, size_t size)
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

/* Find or add namespace (type, ino); returns its index. */
static int find_or_add(struct nst_scan *scan, enum nst_type type, uint64_t dev, uint64_t ino)
{
	size_t b;
	int r;

	if ((scan->n_ns + 1) * 2 > scan->n_buckets) {
		r = rehash(scan, scan->n_ns + 1);
		if (r < 0)
			return r;
	}
	b = find_bucket(scan, type, ino);
	if (!scan->buckets[b]) {
		if (scan->n_ns >= NST_SCAN_NONE - 1)
			return -E2BIG;
		r = nst_scan_grow((void **)&scan->ns, &scan->ns_cap, scan->n_ns + 1,
				  sizeof(*scan->ns));
		if (r < 0)
			return r;
		scan->ns[scan->n_ns] = (struct nst_scan_ns){
			.type = type,
			.ino = ino,
			.dev = dev,
			.fd = -EBADF,
		};
		scan->buckets[b] = (uint32_t)++scan->n_ns;
	}
	return (int)(scan->buckets[b] - 1);
}

int nst_scan_add_held(struct nst_scan *scan, enum nst_type type, uint64_t dev, uint64_t ino,
		      enum nst_scan_source source, pid_t pid, const char *open_path,
		      const char *path, int *fd)
{
	struct nst_scan_ns *ns;
	int idx = find_or_add(scan, type, dev, ino);

	if (idx < 0)
		return idx;
	ns = &scan->ns[idx];
	ns->holders |= 1u << source;
	if (pid && (!ns->hold_pid || pid < ns->hold_pid))
		ns->hold_pid = pid;
	if (path && !ns->path && !(ns->path = strdup(path)))
		return -ENOMEM;
	if (ns->fd < 0 && !ns->open_path && !ns->nprocs) {
		if (open_path) {
			ns->open_path = strdup(open_path);
			if (!ns->open_path)
				return -ENOMEM;
		} else if (fd && *fd >= 0) {
			ns->fd = *fd;
			*fd = -EBADF;
		}
	}
	return idx;
}

/* "net:[4026531840]" (len bytes, not terminated) of type name -> 4026531840. */
static bool parse_link(const char *text, size_t len, const char *name, uint64_t *ret_ino)
{
	size_t n = strlen(name);
	uint64_t v = 0;

	if (len < n + 4 || memcmp(text, name, n) != 0 || text[n] != ':' || text[n + 1] != '[' ||
	    text[len - 1] != ']')
		return false;
	for (size_t i = n + 2; i < len - 1; i++) {
		if (text[i] < '0' || text[i] > '9' || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(text[i] - '0');
	}
	*ret_ino = v;
	return true;
}

int nst_scan_ns_link(const struct nst_scan *scan, int dirfd, const char *rel, enum nst_type type,
		     uint64_t *ret_dev, uint64_t *ret_ino)
{
	char text[64];
	struct stat st;
	ssize_t n;

	n = readlinkat(dirfd, rel, text, sizeof(text));
	if (n < 0 && errno != EINVAL)
		return nst_negerrno();
	if (n > 0 && (size_t)n < sizeof(text) && scan->nsfs_dev &&
	    parse_link(text, (size_t)n, nst_type_info(type)->name, ret_ino)) {
		*ret_dev = scan->nsfs_dev;
		return 0;
	}
	if (fstatat(dirfd, rel, &st, 0) < 0)
		return nst_negerrno();
	*ret_dev = st.st_dev;
	*ret_ino = st.st_ino;
	return 0;
}

/* Find or add namespace (type, dev, ino) and count process p in it; returns its index. */
static int add_member(struct nst_scan *scan, enum nst_type type, uint64_t dev, uint64_t ino,
		      const struct nst_scan_proc *p)
{
	struct nst_scan_walk *w = scan->walk;
	struct nst_scan_ns *ns;
	int idx;

	/* the same key find_or_add() would look up */
	if (w->last_idx[type] != NST_SCAN_NONE && w->last_ino[type] == ino)
		idx = (int)w->last_idx[type];
	else
		idx = find_or_add(scan, type, dev, ino);
	if (idx < 0)
		return idx;
	w->last_ino[type] = ino;
	w->last_idx[type] = (uint32_t)idx;
	ns = &scan->ns[idx];
	ns->nprocs++;
	ns->holders |= 1u << NST_SCAN_PROCESS;
	if (!ns->pid || p->pid < ns->pid) {
		ns->pid = p->pid;
		ns->uid = p->uid;
	}
	return idx;
}

static int read_process(struct nst_scan *scan, pid_t pid)
{
	_cleanup_close_ int fd = -EBADF;
	struct nst_scan_proc p = { .pid = pid };
	struct stat st;
	nlink_t task_links = 0;
	bool any = false;
	char rel[32];
	int r;

	/* /proc/PID/ns, O_PATH: a handle for the *at() calls below. The links then take one
	 * lookup each, and ../ is the same process's /proc/PID even if the pid is reused. */
	snprintf(rel, sizeof(rel), "%d/ns", (int)pid);
	fd = openat(scan->rootfd, rel, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return nst_scan_skippable(-errno) ? 0 : nst_negerrno();
	/* task/ has the mode of /proc/PID (0555), so the kernel gives it the same owner; its link
	 * count tells the thread source whether there are threads to look at */
	if ((scan->sources & (1u << NST_SCAN_THREAD)) && fstatat(fd, "../task", &st, 0) == 0 &&
	    S_ISDIR(st.st_mode))
		task_links = st.st_nlink;
	else if (fstatat(fd, "..", &st, 0) < 0)
		return nst_scan_skippable(-errno) ? 0 : nst_negerrno();
	p.uid = st.st_uid;

	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		uint64_t dev, ino;

		p.ns[t] = NST_SCAN_NONE;
		if (!(scan->mask & NST_MASK(t)))
			continue;
		r = nst_scan_ns_link(scan, fd, nst_type_info((enum nst_type)t)->name,
				     (enum nst_type)t, &dev, &ino);
		if (r < 0) {
			if (nst_scan_skippable(r))
				continue;
			return r;
		}
		r = add_member(scan, (enum nst_type)t, dev, ino, &p);
		if (r < 0)
			return r;
		p.ns[t] = (uint32_t)r;
		any = true;
	}
	if (!any)
		return 0;
	if (scan->sources & ~(1u << NST_SCAN_PROCESS)) {
		r = nst_scan_discover_process(scan, fd, &p, task_links);
		if (r < 0)
			return r;
	}
	r = nst_scan_grow((void **)&scan->procs, &scan->procs_cap, scan->n_procs + 1, sizeof(*scan->procs));
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

const char *nst_scan_source_name(enum nst_scan_source source)
{
	static const char *const names[_NST_SCAN_SOURCE_MAX] = {
		[NST_SCAN_PROCESS] = "process",	    [NST_SCAN_THREAD] = "thread",
		[NST_SCAN_CHILDREN] = "children",   [NST_SCAN_FD] = "fd",
		[NST_SCAN_SOCKET] = "socket",	    [NST_SCAN_BIND] = "bind",
		[NST_SCAN_BIND_FOREIGN] = "bind-foreign", [NST_SCAN_ANCESTOR] = "ancestor",
		[NST_SCAN_LISTNS] = "listns",
	};

	return (unsigned)source < _NST_SCAN_SOURCE_MAX ? names[source] : NULL;
}

int nst_scan_run(struct nst_scan *scan, const char *root, unsigned mask)
{
	return nst_scan_run_sources(scan, root, mask, 1u << NST_SCAN_PROCESS);
}

int nst_scan_run_sources(struct nst_scan *scan, const char *root, unsigned mask,
			 unsigned sources)
{
	_cleanup_closedir_ DIR *dir = NULL;
	int fd, r;

	if (scan->root || !mask || (mask & ~NST_MASK_ALL) || (sources & ~NST_SCAN_SOURCES_ALL))
		return -EINVAL;
	scan->sources = sources;
	scan->root = strdup(root ? root : "/proc");
	if (!scan->root)
		return -ENOMEM;
	scan->mask = mask;
	scan->walk = calloc(1, sizeof(*scan->walk));
	if (!scan->walk)
		return -ENOMEM;
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		const struct nst_type_info *info = nst_type_info((enum nst_type)t);

		snprintf(scan->walk->ns[t], sizeof(scan->walk->ns[t]), "ns/%s", info->name);
		scan->walk->last_idx[t] = NST_SCAN_NONE;
		if (info->for_children)
			snprintf(scan->walk->children[t], sizeof(scan->walk->children[t]), "%s",
				 info->for_children);
	}
	scan->rootfd = open(scan->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (scan->rootfd < 0)
		return nst_negerrno();
	r = rehash(scan, 0);
	if (r < 0)
		return r;
	/* every nsfs inode is on one device; namespaces known by inode alone get it */
	for (int t = 0; t < _NST_TYPE_MAX && !scan->nsfs_dev; t++) {
		struct stat st;
		char path[32];

		snprintf(path, sizeof(path), "self/%s", scan->walk->ns[t]);
		if (fstatat(scan->rootfd, path, &st, 0) == 0)
			scan->nsfs_dev = st.st_dev;
	}

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
		r = read_process(scan, pid);
		if (r < 0)
			return r;
	}
	if (sources & ~(1u << NST_SCAN_PROCESS)) {
		r = nst_scan_discover_rest(scan);
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

