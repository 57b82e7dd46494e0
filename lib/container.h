/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lsns CONTAINER column: name a container, pod or machine from a process's cgroup paths. */
#ifndef NST_CONTAINER_H
#define NST_CONTAINER_H

#include <sys/types.h>

/*
 * From one cgroup path ("/system.slice/docker-<64hex>.scope"), leaf first:
 *   docker-<64hex>.scope, or <64hex> below "docker"    -> docker:<12hex>
 *   libpod-<64hex>.scope (not libpod-conmon-)           -> podman:<12hex>
 *   cri-containerd-<64hex>.scope / crio-<64hex>.scope   -> containerd:<12hex> / crio:<12hex>
 *   ...pod<UID>.slice ('_' -> '-') or pod<UID> below kubepods -> "pod:<UID>" prefix, joined
 *     with '/' to the container (a bare <64hex> below kubepods gives its <12hex>)
 *   machine-<name>.scope below machine.slice ("\x2d" unescaped) -> machine:<name>
 * Returns 1 with *ret_name (malloc'ed), 0 when nothing matches, -ENOMEM.
 */
int nst_container_from_path(const char *path, char **ret_name);

/*
 * From the text of /proc/PID/cgroup: the "0::" line first, then the v1 "name=systemd" line,
 * then the other lines in order; the first line that names something wins.
 * Returns 1 with *ret_name, 0 when no line matches, -ENOMEM.
 */
int nst_container_from_cgroup(const char *text, char **ret_name);

/* Read dirfd/PID/cgroup (dirfd: an open /proc) and name its container as above.
 * Returns 1, 0, or -errno (-ENOENT, -ESRCH: the process is gone). */
int nst_container_read(int procfd, pid_t pid, char **ret_name);

#endif
