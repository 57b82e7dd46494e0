/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Named network namespaces of ip-netns(8): /run/netns/NAME and /etc/netns/NAME. */
#ifndef NST_NETNS_H
#define NST_NETNS_H

#include <stdbool.h>
#include <stddef.h>

#define NST_NETNS_RUN_DIR "/run/netns"
#define NST_NETNS_ETC_DIR "/etc/netns"

/* A name ip-netns could have made: not empty, no '/', not "." or "..". */
bool nst_netns_name_valid(const char *name);
/* "/run/netns/NAME" into buf. -EINVAL for a bad name, -ENAMETOOLONG. */
int nst_netns_path(const char *name, char *buf, size_t size);

enum nst_netns_step {
	NST_NETNS_STEP_UNSHARE,		/* unshare(CLONE_NEWNS) */
	NST_NETNS_STEP_PROPAGATION,	/* making / a recursive slave */
	NST_NETNS_STEP_MOUNT_SYS,	/* mounting the netns's sysfs on /sys */
};

/*
 * What "ip netns exec NAME" does after joining the namespace, for a process already in the
 * network namespace: a private mount namespace (slave, so host mounts still arrive), a sysfs
 * on /sys that shows this namespace's devices (if the old /sys can't be unmounted and is
 * read-only, the new one is read-only too), and every entry of /etc/netns/NAME bound over
 * the entry of the same name in /etc. A failed bind is not fatal: on_bind_fail (may be NULL)
 * is told the source, the target and the -errno. Returns 0 or -errno with *reterr_step.
 */
int nst_netns_mounts(const char *name,
		     void (*on_bind_fail)(const char *src, const char *dst, int err, void *ud),
		     void *ud, enum nst_netns_step *reterr_step);

#endif
