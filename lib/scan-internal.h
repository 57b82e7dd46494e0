/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the files of the scan (scan.c, scan-facts.c, scan-discover.c) share; not for tools. */
#ifndef NST_SCAN_INTERNAL_H
#define NST_SCAN_INTERNAL_H

#include "scan.h"

struct nst_scan_mount {
	enum nst_type type;
	uint64_t ino;
	char *target;
};

/* The names the walk looks up, built once per scan from the namespace table, and the one
 * command line nst_scan_read_command() read last (rows of one process come together). */
struct nst_scan_walk {
	char ns[_NST_TYPE_MAX][24];		/* "ns/net" */
	char children[_NST_TYPE_MAX][32];	/* "pid_for_children", "" if the type has none */
	uint64_t last_ino[_NST_TYPE_MAX];	/* the namespace of each type the walk saw last, */
	uint32_t last_idx[_NST_TYPE_MAX];	/* which neighbouring pids mostly share */
	pid_t command_pid;			/* 0: nothing cached */
	int command_r;				/* what reading it returned */
	char *command;
};

/* ENOENT, ESRCH, EACCES, EPERM, ENOTDIR, ELOOP: the process (or file) is not there for us. */
bool nst_scan_skippable(int r);
/* Grow *array (of *cap elements of size) to hold need; 0 or -ENOMEM. */
int nst_scan_grow(void **array, size_t *cap, size_t need, size_t size);

/*
 * Record that source found namespace (type, ino), adding it with nprocs 0 if new. pid: the
 * holding process for thread/children/fd/socket (0 otherwise). open_path (relative to the
 * root, or absolute) reopens it; path is what PATH shows; both copied, may be NULL. *fd, if
 * not NULL and >= 0, is taken (set to -EBADF) when the namespace has no other way to be
 * reopened. Returns the index, or -ENOMEM.
 */
int nst_scan_add_held(struct nst_scan *scan, enum nst_type type, uint64_t dev, uint64_t ino,
		      enum nst_scan_source source, pid_t pid, const char *open_path,
		      const char *path, int *fd);

/* An fd for namespace idx (a member's ns file, the held fd, or open_path, each checked by
 * inode); -ESRCH when none still refers to it. */
int nst_scan_open_ns(const struct nst_scan *scan, size_t idx);

/*
 * The namespace behind the ns link rel (below dirfd), which is of type type: its inode comes
 * from the link text ("net:[4026531840]", st_dev is scan->nsfs_dev), which readlinkat() gives
 * without making the nsfs dentry that following the link would. Text of another form (a
 * fixture tree of plain files) is followed with fstatat(). 0 or -errno.
 */
int nst_scan_ns_link(const struct nst_scan *scan, int dirfd, const char *rel, enum nst_type type,
		     uint64_t *ret_dev, uint64_t *ret_ino);

/* "net:[4026531840]" -> (NST_NET, 4026531840); false for anything else. */
bool nst_scan_parse_nsfs_root(const char *root, enum nst_type *ret_type, uint64_t *ret_ino);
/* The next nsfs mount in the mountinfo text at *pos, which is split and unescaped in place:
 * 1 with its type, inode and mount point (pointing into the text), 0 at the end. Lines that
 * don't parse are skipped. */
int nst_scan_next_nsfs_mount(char **pos, enum nst_type *ret_type, uint64_t *ret_ino,
			     const char **ret_target);
/* Read the nsfs mounts of root/self/mountinfo once; 1 or the cached -errno. */
int nst_scan_read_mounts(struct nst_scan *scan);

/* Sources thread, children, fd, socket for one process (nsfd: its /proc/PID/ns directory,
 * whose ../ is /proc/PID; task_links: st_nlink of its task/, 0 if unknown). */
int nst_scan_discover_process(struct nst_scan *scan, int nsfd, const struct nst_scan_proc *p,
			      nlink_t task_links);
/* Sources bind, bind-foreign and ancestor, after the walk. */
int nst_scan_discover_rest(struct nst_scan *scan);
void nst_scan_discover_free(struct nst_scan *scan);

#endif
