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

/* "net:[4026531840]" -> (NST_NET, 4026531840); false for anything else. */
bool nst_scan_parse_nsfs_root(const char *root, enum nst_type *ret_type, uint64_t *ret_ino);
/* Read the nsfs mounts of root/self/mountinfo once; 1 or the cached -errno. */
int nst_scan_read_mounts(struct nst_scan *scan);

/* Sources thread, children, fd, socket for one process (procfd: its /proc/PID directory). */
int nst_scan_discover_process(struct nst_scan *scan, int procfd, const struct nst_scan_proc *p);
/* Sources bind, bind-foreign and ancestor, after the walk. */
int nst_scan_discover_rest(struct nst_scan *scan);
void nst_scan_discover_free(struct nst_scan *scan);

#endif
