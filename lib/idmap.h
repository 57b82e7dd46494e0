/* SPDX-License-Identifier: GPL-2.0-or-later */
/* uid/gid maps and the setgroups switch of user namespaces. */
#ifndef NST_IDMAP_H
#define NST_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "parse.h"

/* Write "deny" or "allow" to /proc/PID/setgroups (pid 0 = self). -ENOENT on kernels without
 * the file (before 3.19), which callers may ignore. */
int nst_write_setgroups(pid_t pid, bool allow);
/* 1 if /proc/PID/setgroups says "deny", 0 if "allow", -errno. */
int nst_setgroups_denied(pid_t pid);
/* Write ranges to /proc/PID/uid_map (gid=false) or gid_map, in one write(2) as the kernel
 * requires. -E2BIG if the text exceeds the kernel's 4 KiB limit. */
int nst_write_idmap(pid_t pid, bool gid, const struct nst_idmap_range *ranges, size_t n);

#endif
