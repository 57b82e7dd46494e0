/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Namespaces no process is in: held by threads, children, fds, sockets, mounts, or relatives. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "listns.h"
#include "macro.h"
#include "missing.h"
#include "proc.h"
#include "scan.h"
#include "scan-internal.h"

/* A set of non-zero inodes, open addressing. */
struct ino_set {
	uint64_t *v;
	size_t n, cap;
};

struct nst_scan_discover {
	pid_t self;			/* our own pid in the scanned /proc */
	struct ino_set sockets;		/* socket inodes already resolved */
	struct ino_set mnts;		/* mount namespaces with a process picked */
	pid_t *mnt_pids;		/* one process per mount namespace, in walk order */
	uint64_t *mnt_inos;
	size_t n_mnt_pids, mnt_pids_cap, mnt_inos_cap;
};

/* 1 if added, 0 if there already, -ENOMEM. */
static int set_add(struct ino_set *s, uint64_t v)
{
	size_t b;

	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		uint64_t *n = calloc(cap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->v[i])
				continue;
			b = (size_t)(s->v[i] * 0x9e3779b97f4a7c15ull >> 7) & (cap - 1);
			while (n[b])
				b = (b + 1) & (cap - 1);
			n[b] = s->v[i];
		}
		free(s->v);
		s->v = n;
		s->cap = cap;
	}
	b = (size_t)(v * 0x9e3779b97f4a7c15ull >> 7) & (s->cap - 1);
	while (s->v[b]) {
		if (s->v[b] == v)
			return 0;
		b = (b + 1) & (s->cap - 1);
	}
	s->v[b] = v;
	s->n++;
	return 1;
}

void nst_scan_discover_free(struct nst_scan *scan)
{
	struct nst_scan_discover *d = scan->discover;

	if (!d)
		return;
	free(d->sockets.v);
	free(d->mnts.v);
	free(d->mnt_pids);
	free(d->mnt_inos);
	free(d);
	scan->discover = NULL;
}

static bool wanted(const struct nst_scan *scan, enum nst_scan_source source)
{
	return scan->sources & (1u << source);
}

/* root/rel as PATH shows it. */
static int held_path(struct nst_scan *scan, enum nst_type type, uint64_t dev, uint64_t ino,
		     enum nst_scan_source source, pid_t pid, const char *rel, bool show)
{
	_cleanup_free_ char *full = NULL;
	int r;

	if (show && asprintf(&full, "%s/%s", scan->root, rel) < 0)
		return -ENOMEM;
	r = nst_scan_add_held(scan, type, dev, ino, source, pid, rel, full, NULL);
	return r < 0 ? r : 0;
}

/* Threads whose namespaces differ from their thread-group leader's. */
static int scan_threads(struct nst_scan *scan, int nsfd, const struct nst_scan_proc *p,
			nlink_t task_links)
{
	_cleanup_closedir_ DIR *dir = NULL;
	int fd, r;

	/* task/ has two links plus one per thread: read it only for multi-threaded processes */
	if (task_links <= 3)
		return 0;
	fd = openat(nsfd, "../task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	dir = fdopendir(fd);
	if (!dir) {
		(void)close(fd);
		return 0;
	}
	for (struct dirent *de; (de = readdir(dir));) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9' || atoi(de->d_name) == p->pid)
			continue;
		for (int t = 0; t < _NST_TYPE_MAX; t++) {
			const char *ns = scan->walk->ns[t];
			uint64_t dev, ino;
			char rel[320];

			if (p->ns[t] == NST_SCAN_NONE)
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", de->d_name, ns);
			r = nst_scan_ns_link(scan, dirfd(dir), rel, (enum nst_type)t, &dev,
					     &ino);
			if (r < 0 || ino == scan->ns[p->ns[t]].ino)
				continue;
			snprintf(rel, sizeof(rel), "%d/task/%s/%s", (int)p->pid, de->d_name, ns);
			r = held_path(scan, (enum nst_type)t, dev, ino, NST_SCAN_THREAD,
				      p->pid, rel, true);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* pid_for_children and time_for_children that differ from pid and time. */
static int scan_children(struct nst_scan *scan, int nsfd, const struct nst_scan_proc *p)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		const char *fc = scan->walk->children[t];
		uint64_t dev, ino;
		char rel[64];
		int r;

		if (!*fc || !(scan->mask & NST_MASK(t)))
			continue;
		if (nst_scan_ns_link(scan, nsfd, fc, (enum nst_type)t, &dev, &ino) < 0)
			continue;	/* also ENOENT: a new pid namespace without its init yet */
		if (p->ns[t] != NST_SCAN_NONE && ino == scan->ns[p->ns[t]].ino)
			continue;
		snprintf(rel, sizeof(rel), "%d/ns/%s", (int)p->pid, fc);
		r = held_path(scan, (enum nst_type)t, dev, ino, NST_SCAN_CHILDREN, p->pid, rel,
			      true);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The net namespace of socket fd n of the process behind *pidfd (opened on first use). */
static int socket_netns(struct nst_scan *scan, pid_t pid, int *pidfd, int n)
{
	_cleanup_close_ int sock = -EBADF, netns = -EBADF;
	struct stat st;
	int r;

	if (*pidfd == -EBADF) {
		*pidfd = nst_sys_pidfd_open(pid, 0);
		if (*pidfd < 0)
			*pidfd = -ESRCH;
	}
	if (*pidfd < 0)
		return 0;
	/* failures (no ptrace access, the fd closed meanwhile) only mean we learn nothing */
	sock = nst_sys_pidfd_getfd(*pidfd, n, 0);
	if (sock < 0)
		return 0;
	netns = ioctl(sock, SIOCGSKNS);
	if (netns < 0 || fstat(netns, &st) < 0)
		return 0;
	r = nst_scan_add_held(scan, NST_NET, st.st_dev, st.st_ino, NST_SCAN_SOCKET, pid, NULL, NULL,
			      &netns);
	return r < 0 ? r : 0;
}

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int classify_fd(struct nst_scan *scan, const struct nst_scan_proc *p, int dirfd,
		       const char *name, bool fds, bool sockets, int *pidfd)
{
	char link[64], rel[320];
	enum nst_type type;
	uint64_t ino;
	ssize_t len;
	int r;

	len = readlinkat(dirfd, name, link, sizeof(link) - 1);
	if (len <= 0)
		return 0;
	link[len] = '\0';
	if (sockets && strncmp(link, "socket:[", 8) == 0) {
		unsigned long long sino = strtoull(link + 8, NULL, 10);

		r = set_add(&scan->discover->sockets, sino);
		if (r > 0)
			r = socket_netns(scan, p->pid, pidfd, atoi(name));
		return r < 0 ? r : 0;
	}
	/* nsfs fds of types not asked for are skipped without opening anything */
	if (!fds || !nst_scan_parse_nsfs_root(link, &type, &ino) || !(scan->mask & NST_MASK(type)))
		return 0;
	snprintf(rel, sizeof(rel), "%d/fd/%s", (int)p->pid, name);
	return held_path(scan, type, scan->nsfs_dev, ino, NST_SCAN_FD, p->pid, rel, false);
}

/* Classify every fd by its link text: "<type>:[ino]" is nsfs, "socket:[ino]" a socket. The
 * directory is read with getdents64 into a stack buffer: no DIR, no allocation per process. */
static int scan_fds(struct nst_scan *scan, int nsfd, const struct nst_scan_proc *p)
{
	_cleanup_close_ int dirfd = -EBADF, pidfd = -EBADF;
	bool fds = wanted(scan, NST_SCAN_FD);
	bool sockets = wanted(scan, NST_SCAN_SOCKET) && (scan->mask & NST_MASK(NST_NET));
	union {
		struct linux_dirent64 de;
		char buf[8192];
	} u;
	long n;
	int r;

	/* our own fds hold what we opened while scanning: they are no holders */
	if ((!fds && !sockets) || p->pid == scan->discover->self)
		return 0;
	dirfd = openat(nsfd, "../fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return 0;
	while ((n = syscall(SYS_getdents64, dirfd, u.buf, sizeof(u.buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *de = (struct linux_dirent64 *)(u.buf + off);

			off += de->d_reclen;
			if (de->d_name[0] < '0' || de->d_name[0] > '9')
				continue;
			r = classify_fd(scan, p, dirfd, de->d_name, fds, sockets, &pidfd);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* Remember one process per mount namespace, for bind mounts in other mount namespaces. */
static int note_mnt(struct nst_scan *scan, int nsfd, const struct nst_scan_proc *p)
{
	struct nst_scan_discover *d = scan->discover;
	uint64_t dev, ino;
	int r;

	if (p->ns[NST_MNT] != NST_SCAN_NONE)
		ino = scan->ns[p->ns[NST_MNT]].ino;
	else if (nst_scan_ns_link(scan, nsfd, nst_type_info(NST_MNT)->name, NST_MNT, &dev,
				  &ino) < 0)
		return 0;
	r = set_add(&d->mnts, ino);
	if (r <= 0)
		return r;
	r = nst_scan_grow((void **)&d->mnt_pids, &d->mnt_pids_cap, d->n_mnt_pids + 1,
			  sizeof(*d->mnt_pids));
	if (r < 0)
		return r;
	r = nst_scan_grow((void **)&d->mnt_inos, &d->mnt_inos_cap, d->n_mnt_pids + 1,
			  sizeof(*d->mnt_inos));
	if (r < 0)
		return r;
	d->mnt_inos[d->n_mnt_pids] = ino;
	d->mnt_pids[d->n_mnt_pids++] = p->pid;
	return 0;
}

int nst_scan_discover_process(struct nst_scan *scan, int nsfd, const struct nst_scan_proc *p,
			      nlink_t task_links)
{
	int r;

	if (!scan->discover) {
		char self[16];
		ssize_t n;

		scan->discover = calloc(1, sizeof(*scan->discover));
		if (!scan->discover)
			return -ENOMEM;
		n = readlinkat(scan->rootfd, "self", self, sizeof(self) - 1);
		if (n > 0) {
			self[n] = '\0';
			scan->discover->self = (pid_t)atoi(self);
		}
	}
	if (wanted(scan, NST_SCAN_THREAD)) {
		r = scan_threads(scan, nsfd, p, task_links);
		if (r < 0)
			return r;
	}
	if (wanted(scan, NST_SCAN_CHILDREN)) {
		r = scan_children(scan, nsfd, p);
		if (r < 0)
			return r;
	}
	r = scan_fds(scan, nsfd, p);
	if (r < 0)
		return r;
	return wanted(scan, NST_SCAN_BIND_FOREIGN) ? note_mnt(scan, nsfd, p) : 0;
}

/* nsfs bind mounts in our own mount namespace; overmounted ones are skipped. */
static int scan_binds(struct nst_scan *scan)
{
	if (nst_scan_read_mounts(scan) < 0)
		return 0;	/* the caller learns it from mounts_state */
	for (size_t i = 0; i < scan->n_mounts; i++) {
		const struct nst_scan_mount *m = &scan->mounts[i];
		struct stat st;
		int r;

		if (!(scan->mask & NST_MASK(m->type)) ||
		    fstatat(scan->rootfd, m->target, &st, 0) < 0 || st.st_ino != m->ino)
			continue;
		r = nst_scan_add_held(scan, m->type, st.st_dev, st.st_ino, NST_SCAN_BIND, 0,
				      m->target, NULL, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}

/* nsfs bind mounts of the mount namespace of process pid, seen through /proc/PID/root. */
static int scan_foreign(struct nst_scan *scan, pid_t pid)
{
	_cleanup_free_ char *buf = NULL;
	enum nst_type type;
	const char *target;
	uint64_t ino;
	char path[32], *pos;

	snprintf(path, sizeof(path), "%d/mountinfo", (int)pid);
	if (nst_read_file_at(scan->rootfd, path, &buf, NULL) < 0)
		return 0;	/* the process is gone, or not ours to look at */
	pos = buf;
	while (nst_scan_next_nsfs_mount(&pos, &type, &ino, &target) > 0) {
		_cleanup_free_ char *rel = NULL;
		struct stat st;
		int r;

		if (!(scan->mask & NST_MASK(type)))
			continue;
		if (asprintf(&rel, "%d/root%s", (int)pid, target) < 0)
			return -ENOMEM;
		/* no setns: the magic root link resolves the path in that mount namespace */
		if (fstatat(scan->rootfd, rel, &st, 0) < 0 || st.st_ino != ino)
			continue;	/* gone, or overmounted */
		r = held_path(scan, type, st.st_dev, ino, NST_SCAN_BIND_FOREIGN, 0, rel, true);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * Add the parent (pid, user) and, if owners, the owning user namespace of namespace idx as
 * ancestors. When all of it could be asked, it is also what nst_scan_facts() would compute,
 * so it is kept as the namespace's facts. *ret_fd: the namespace, open (for the caller to hold
 * or close), or -EBADF if it could not be opened. Returns 0, or -ENOMEM (-E2BIG) from adding
 * a relative.
 */
static int ask_relatives(struct nst_scan *scan, size_t idx, bool owners, int *ret_fd)
{
	_cleanup_close_ int fd = nst_scan_open_ns(scan, idx);
	enum nst_type type = scan->ns[idx].type;
	bool parents = type == NST_PID || type == NST_USER;
	struct nst_scan_facts f = { 0 };
	bool complete = owners;

	*ret_fd = -EBADF;
	if (fd < 0)
		return 0;
	for (int k = 0; k < 2; k++) {
		_cleanup_close_ int rel = -EBADF;
		struct stat st;
		int r;

		if ((k == 0 && !parents) || (k == 1 && !owners))
			continue;
		rel = k == 0 ? nst_fd_parent(fd) : nst_fd_owner(fd);
		if (rel == -EPERM)
			continue;	/* outside our view: 0 in the facts */
		/* ENOTTY and the like are reported when the facts are asked for */
		if (rel < 0 || fstat(rel, &st) < 0) {
			complete = false;
			continue;
		}
		if (k == 0) {
			f.parent_ino = st.st_ino;
		} else {
			f.owner_ino = st.st_ino;
			/* a user namespace has an owner uid of its own, the others their owner's */
			if (type != NST_USER && nst_fd_owner_uid(rel, &f.owner_uid) == 0)
				f.has_owner_uid = true;
			else if (type != NST_USER)
				complete = false;
		}
		r = nst_scan_add_held(scan, k == 0 ? type : NST_USER, st.st_dev, st.st_ino,
				      NST_SCAN_ANCESTOR, 0, NULL, NULL, &rel);
		if (r < 0)
			return r;
	}
	if (complete && type == NST_USER) {
		if (nst_fd_owner_uid(fd, &f.owner_uid) == 0)
			f.has_owner_uid = true;
		else
			complete = false;
	}
	if (complete && !scan->ns[idx].facts_state) {
		scan->ns[idx].facts = f;
		scan->ns[idx].facts_state = 1;
	}
	*ret_fd = TAKE_FD(fd);
	return 0;
}

/*
 * Parents and owners of every namespace found, up the chains, as far as we can see. The user
 * namespaces go first and stay open (up to a share of our fd limit) while the others are
 * asked for their owner: the kernel then hands out the nsfs inode it already has instead of
 * making and freeing one per question.
 */
static int scan_ancestors(struct nst_scan *scan)
{
	bool owners = scan->mask & NST_MASK(NST_USER);
	_cleanup_free_ int *held = NULL;
	size_t n_held = 0, max_held = 0, first_pass = 0;
	struct rlimit lim;
	int r = 0;

	if (owners && getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur > 256) {
		max_held = (size_t)((lim.rlim_cur - 256) / 4);
		if (max_held > scan->n_ns)
			max_held = scan->n_ns;
		held = calloc(max_held + 1, sizeof(*held));
		if (!held)
			max_held = 0;
	}
	/* n_ns grows while we go: ancestors found get their own ancestors looked up */
	for (int pass = owners ? 0 : 1; pass < 2 && r >= 0; pass++) {
		for (size_t i = 0; i < scan->n_ns && r >= 0; i++) {
			bool user = scan->ns[i].type == NST_USER;
			int fd;

			if (pass == 0 ? !user : (user && i < first_pass))
				continue;
			if (!owners && scan->ns[i].type != NST_PID && !user)
				continue;
			r = ask_relatives(scan, i, owners, &fd);
			if (fd >= 0 && pass == 0 && n_held < max_held)
				held[n_held++] = fd;
			else if (fd >= 0)
				(void)close(fd);
		}
		if (pass == 0)
			first_pass = scan->n_ns;
	}
	while (n_held)
		(void)close(held[--n_held]);
	return r;
}

/* A namespace listns() reports that no other source found: kept open, as only the fd holds it
 * for us (no process, no path). */
static int listed(int fd, void *userdata)
{
	struct nst_scan *scan = userdata;
	enum nst_type type = nst_fd_type(fd);
	_cleanup_close_ int own = -EBADF;
	struct stat st;
	int r;

	if (type < 0 || !(scan->mask & NST_MASK(type)) || fstat(fd, &st) < 0 ||
	    nst_scan_find(scan, type, st.st_ino) >= 0)
		return 0;
	own = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (own < 0)
		return nst_negerrno();
	r = nst_scan_add_held(scan, type, st.st_dev, st.st_ino, NST_SCAN_LISTNS, 0, NULL, NULL,
			      &own);
	return r < 0 ? r : 0;
}

int nst_scan_discover_rest(struct nst_scan *scan)
{
	struct nst_scan_discover *d = scan->discover;
	int r;

	if (wanted(scan, NST_SCAN_BIND)) {
		r = scan_binds(scan);
		if (r < 0)
			return r;
	}
	if (wanted(scan, NST_SCAN_BIND_FOREIGN) && d) {
		struct stat st;
		uint64_t own = 0;

		if (fstatat(scan->rootfd, "self/ns/mnt", &st, 0) == 0)
			own = st.st_ino;
		for (size_t i = 0; i < d->n_mnt_pids; i++) {
			if (d->mnt_inos[i] == own)
				continue;
			r = scan_foreign(scan, d->mnt_pids[i]);
			if (r < 0)
				return r;
		}
	}
	if (wanted(scan, NST_SCAN_ANCESTOR)) {
		r = scan_ancestors(scan);
		if (r < 0)
			return r;
	}
	/* last, so that it names only what every other source missed; -ENOSYS before 6.19 */
	if (wanted(scan, NST_SCAN_LISTNS)) {
		r = nst_listns_each(scan->mask, listed, scan);
		if (r == -ENOMEM)
			return r;
	}
	return 0;
}
