/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Persistent namespaces: nsfs files bind-mounted onto ordinary files. */
#ifndef NST_NSFS_H
#define NST_NSFS_H

#include <stdbool.h>
#include <sys/types.h>

#include "ns.h"

/*
 * Bind /proc/PID/ns/<type> (its *_for_children file if for_children) onto target, which must
 * exist. The namespace then lives as long as the mount does. Returns 0 or -errno; -EINVAL
 * from the kernel usually means target sits on a shared mount (nst_nsfs_target_shared()).
 */
int nst_nsfs_bind(pid_t pid, enum nst_type type, bool for_children, const char *target);

/* 1 if the mount that holds path propagates as shared (a "shared:" tag in mountinfo), 0 if
 * not, -errno. The kernel refuses nsfs binds there: they could loop back into the namespace. */
int nst_nsfs_target_shared(const char *path);

#endif
