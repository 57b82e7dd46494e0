/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Mount operations used after creating a mount namespace: propagation and proc. */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include "macro.h"
#include "mnt.h"

static const struct {
	const char *name;
	unsigned long flag;
} propagation[_NST_PROP_MAX] = {
	[NST_PROP_PRIVATE] = { "private", MS_PRIVATE },
	[NST_PROP_SLAVE] = { "slave", MS_SLAVE },
	[NST_PROP_SHARED] = { "shared", MS_SHARED },
	[NST_PROP_UNCHANGED] = { "unchanged", 0 },
};

enum nst_propagation nst_propagation_from_name(const char *name)
{
	if (!name)
		return _NST_PROP_INVALID;
	for (int i = 0; i < _NST_PROP_MAX; i++)
		if (strcmp(name, propagation[i].name) == 0)
			return (enum nst_propagation)i;
	return _NST_PROP_INVALID;
}

const char *nst_propagation_name(enum nst_propagation mode)
{
	if ((int)mode < 0 || mode >= _NST_PROP_MAX)
		return NULL;
	return propagation[mode].name;
}

int nst_set_propagation(const char *path, enum nst_propagation mode)
{
	if ((int)mode < 0 || mode >= _NST_PROP_MAX)
		return -EINVAL;
	if (mode == NST_PROP_UNCHANGED)
		return 0;
	if (mount("none", path, NULL, MS_REC | propagation[mode].flag, NULL) < 0)
		return nst_negerrno();
	return 0;
}

int nst_mount_proc(const char *dir)
{
	if (mount("proc", dir, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
		return nst_negerrno();
	return 0;
}
