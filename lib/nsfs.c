/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Persistent namespaces: nsfs files bind-mounted onto ordinary files. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "macro.h"
#include "nsfs.h"
#include "proc.h"

int nst_nsfs_bind(pid_t pid, enum nst_type type, bool for_children, const char *target)
{
	const struct nst_type_info *info = nst_type_info(type);
	char src[64];

	if (!info || (for_children && !info->for_children))
		return -EINVAL;
	snprintf(src, sizeof(src), "/proc/%d/ns/%s", pid > 0 ? pid : getpid(),
		 for_children ? info->for_children : info->name);
	if (mount(src, target, NULL, MS_BIND, NULL) < 0)
		return nst_negerrno();
	return 0;
}

/* The optional fields of a mountinfo line sit between the mount options (field 6) and "-". */
static bool optional_fields_have_shared(char *line)
{
	char *save = NULL, *tok;
	int field = 0;

	for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (++field <= 6)
			continue;
		if (strcmp(tok, "-") == 0)
			break;
		if (strncmp(tok, "shared:", 7) == 0)
			return true;
	}
	return false;
}

int nst_nsfs_target_shared(const char *path)
{
	_cleanup_free_ char *buf = NULL;
	struct stat st;
	size_t len;
	char *line, *save = NULL;
	int r;

	/* the file's st_dev names its mount's superblock but not which bind of it, so take the
	 * mount point: the longest mountinfo mount point that is a prefix of the real path */
	_cleanup_free_ char *real = realpath(path, NULL);
	if (!real)
		return nst_negerrno();
	if (stat(real, &st) < 0)
		return nst_negerrno();
	r = nst_read_file_at(AT_FDCWD, "/proc/self/mountinfo", &buf, &len);
	if (r < 0)
		return r;

	size_t best = 0;
	bool best_shared = false;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned maj, min;
		char mp[PATH_MAX];
		size_t n;

		/* mount points with spaces come escaped (\\040) and simply never match */
		if (sscanf(line, "%*u %*u %u:%u %*s %4095s", &maj, &min, mp) != 3)
			continue;
		if (makedev(maj, min) != st.st_dev)
			continue;
		n = strlen(mp);
		if (strncmp(real, mp, n) != 0 || (real[n] != '/' && real[n] != '\0' && n != 1))
			continue;
		if (n >= best) {
			/* a later line for the same point is the one on top */
			best = n;
			best_shared = optional_fields_have_shared(line);
		}
	}
	return best_shared ? 1 : 0;
}
