/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Named network namespaces of ip-netns(8): /run/netns/NAME and /etc/netns/NAME. */
#include <dirent.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include "macro.h"
#include "netns.h"

bool nst_netns_name_valid(const char *name)
{
	return name && *name && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0;
}

int nst_netns_path(const char *name, char *buf, size_t size)
{
	if (!nst_netns_name_valid(name))
		return -EINVAL;
	if ((size_t)snprintf(buf, size, "%s/%s", NST_NETNS_RUN_DIR, name) >= size)
		return -ENAMETOOLONG;
	return 0;
}

static void bind_etc(const char *name,
		     void (*on_bind_fail)(const char *src, const char *dst, int err, void *ud),
		     void *ud)
{
	_cleanup_closedir_ DIR *d = NULL;
	char dir[PATH_MAX];
	struct dirent *e;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", NST_NETNS_ETC_DIR, name) >= sizeof(dir))
		return;
	d = opendir(dir);
	if (!d)
		return;		/* nothing to bind: the usual case */
	while ((e = readdir(d))) {
		char src[PATH_MAX], dst[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(src, sizeof(src), "%s/%s", dir, e->d_name) >= sizeof(src) ||
		    (size_t)snprintf(dst, sizeof(dst), "/etc/%s", e->d_name) >= sizeof(dst))
			continue;
		if (mount(src, dst, "none", MS_BIND, NULL) < 0 && on_bind_fail)
			on_bind_fail(src, dst, nst_negerrno(), ud);
	}
}

int nst_netns_mounts(const char *name,
		     void (*on_bind_fail)(const char *src, const char *dst, int err, void *ud),
		     void *ud, enum nst_netns_step *reterr_step)
{
	unsigned long flags = 0;

	if (!nst_netns_name_valid(name))
		return -EINVAL;
	if (unshare(CLONE_NEWNS) < 0) {
		*reterr_step = NST_NETNS_STEP_UNSHARE;
		return nst_negerrno();
	}
	/* slave, not private: later host mounts (a USB stick, an NFS automount) still show
	 * up, while ours stay here */
	if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0) {
		*reterr_step = NST_NETNS_STEP_PROPAGATION;
		return nst_negerrno();
	}
	/* sysfs shows the devices of the network namespace of whoever mounted it */
	if (umount2("/sys", MNT_DETACH) < 0) {
		struct statvfs sv;

		if (statvfs("/sys", &sv) == 0 && (sv.f_flag & ST_RDONLY))
			flags |= MS_RDONLY;
	}
	if (mount(name, "/sys", "sysfs", flags, NULL) < 0) {
		*reterr_step = NST_NETNS_STEP_MOUNT_SYS;
		return nst_negerrno();
	}
	bind_etc(name, on_bind_fail, ud);
	return 0;
}
