/* SPDX-License-Identifier: GPL-2.0-or-later */
/* uid/gid maps and the setgroups switch of user namespaces. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "idmap.h"
#include "macro.h"
#include "proc.h"

static void proc_path(char *buf, size_t size, pid_t pid, const char *file)
{
	if (pid == 0)
		snprintf(buf, size, "/proc/self/%s", file);
	else
		snprintf(buf, size, "/proc/%d/%s", (int)pid, file);
}

static int write_all_once(const char *path, const char *text, size_t len)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return nst_negerrno();
	/* these files accept exactly one write; a short write is a failure */
	n = write(fd, text, len);
	if (n < 0)
		return nst_negerrno();
	return (size_t)n == len ? 0 : -EIO;
}

int nst_write_setgroups(pid_t pid, bool allow)
{
	char path[64];

	proc_path(path, sizeof(path), pid, "setgroups");
	return allow ? write_all_once(path, "allow\n", 6) : write_all_once(path, "deny\n", 5);
}

int nst_setgroups_denied(pid_t pid)
{
	_cleanup_free_ char *buf = NULL;
	char path[64];
	int r;

	proc_path(path, sizeof(path), pid, "setgroups");
	r = nst_read_file_at(AT_FDCWD, path, &buf, NULL);
	if (r < 0)
		return r;
	return strncmp(buf, "deny", 4) == 0;
}

int nst_write_idmap(pid_t pid, bool gid, const struct nst_idmap_range *ranges, size_t n)
{
	char text[4096], path[64];
	size_t len = 0;

	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(text + len, sizeof(text) - len, "%u %u %u\n", ranges[i].inner,
				 ranges[i].outer, ranges[i].count);

		if (w < 0 || (size_t)w >= sizeof(text) - len)
			return -E2BIG;
		len += (size_t)w;
	}
	proc_path(path, sizeof(path), pid, gid ? "gid_map" : "uid_map");
	return write_all_once(path, text, len);
}
