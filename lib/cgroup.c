/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Joining another process's cgroups on cgroup v2, hybrid and v1 hosts. */
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>

#include "cgroup.h"
#include "macro.h"
#include "proc.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

#define CGROUP_ROOT "/sys/fs/cgroup"

void nst_cgroup_join_init(struct nst_cgroup_join *j)
{
	for (size_t i = 0; i < NST_CGROUP_MAX; i++)
		j->fd[i] = -EBADF;
	j->n = 0;
}

void nst_cgroup_join_done(struct nst_cgroup_join *j)
{
	for (size_t i = 0; i < NST_CGROUP_MAX; i++)
		nst_closep(&j->fd[i]);
	nst_cgroup_join_init(j);
}

/* Open <base>/<rel>/cgroup.procs for append and keep it in j. */
static int add_procs(struct nst_cgroup_join *j, const char *base, const char *rel)
{
	char path[PATH_MAX];
	int fd;

	if (j->n >= NST_CGROUP_MAX)
		return -E2BIG;
	while (*rel == '/')
		rel++;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s%scgroup.procs", base, rel,
			     *rel ? "/" : "") >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return nst_negerrno();
	j->fd[j->n++] = fd;
	return 0;
}

/* The line of /proc/PID/cgroup whose controller field (between the first and second ':')
 * is exactly the set of comma-separated names in want ("" = the v2 line "0::"). The path
 * after the second ':' is copied to buf. */
static bool find_line(const char *text, bool v2, const char *superopts, char *buf, size_t size)
{
	const char *line = text;

	while (*line) {
		const char *end = strchrnul(line, '\n');
		const char *c1 = memchr(line, ':', (size_t)(end - line));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;

		if (c2) {
			size_t clen = (size_t)(c2 - c1 - 1);
			bool match;

			if (v2)
				match = clen == 0;
			else {
				/* every controller of the line must be a mount option of the
				 * hierarchy: a controller belongs to exactly one hierarchy */
				const char *p = c1 + 1;

				match = clen > 0;
				while (match && p < c2) {
					size_t n = strcspn(p, ",:");
					const char *o = superopts;

					match = false;
					while (*o) {
						size_t on = strcspn(o, ",");

						if (on == n && strncmp(o, p, n) == 0)
							match = true;
						o += on + (o[on] == ',');
					}
					p += n + (p[n] == ',');
				}
			}
			if (match) {
				size_t plen = (size_t)(end - c2 - 1);

				if (plen == 0 || plen >= size)
					return false;
				memcpy(buf, c2 + 1, plen);
				buf[plen] = '\0';
				return true;
			}
		}
		line = *end ? end + 1 : end;
	}
	return false;
}

/* Undo mountinfo's octal escapes (\040 for a space) in place. */
static void unescape(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else
			*d++ = *s;
	}
	*d = '\0';
}

/* Walk our mountinfo: open every cgroup/cgroup2 mount that the process has a line for.
 * Finding none is not an error here (j->n stays 0). */
static int open_from_mountinfo(const char *cgtext, struct nst_cgroup_join *j)
{
	_cleanup_free_ char *mi = NULL;
	char seen[NST_CGROUP_MAX][32];
	size_t nseen = 0;
	char *save = NULL;
	int r;

	r = nst_read_file_at(AT_FDCWD, "/proc/self/mountinfo", &mi, NULL);
	if (r < 0)
		return r;
	for (char *line = strtok_r(mi, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[6], *sep, *fstype, *superopts, *rest = line, *tok;
		char path[PATH_MAX];
		bool v2, dup = false;
		size_t rootlen;
		int i;

		/* id parent maj:min root mountpoint options [optional...] - fstype source super */
		for (i = 0; i < 5 && (tok = strsep(&rest, " ")); i++)
			f[i] = tok;
		if (i < 5 || !rest || !(sep = strstr(rest, " - ")))
			continue;
		sep += 3;
		fstype = strsep(&sep, " ");
		(void)strsep(&sep, " ");	/* source */
		superopts = sep ? sep : "";
		if (!fstype)
			continue;
		if (strcmp(fstype, "cgroup2") == 0)
			v2 = true;
		else if (strcmp(fstype, "cgroup") == 0)
			v2 = false;
		else
			continue;
		/* the same hierarchy mounted twice is one hierarchy: join it once */
		for (size_t k = 0; k < nseen; k++)
			dup |= strcmp(seen[k], f[2]) == 0;
		if (dup || nseen >= NST_CGROUP_MAX)
			continue;
		if (!find_line(cgtext, v2, superopts, path, sizeof(path)))
			continue;
		unescape(f[3]);
		unescape(f[4]);
		/* a mount of a subtree only reaches cgroups below its root */
		rootlen = strcmp(f[3], "/") == 0 ? 0 : strlen(f[3]);
		if (rootlen && (strncmp(path, f[3], rootlen) != 0 ||
				(path[rootlen] != '/' && path[rootlen] != '\0')))
			continue;
		snprintf(seen[nseen++], sizeof(seen[0]), "%s", f[2]);
		r = add_procs(j, f[4], path + rootlen);
		if (r < 0)
			return r;
	}
	return 0;
}

int nst_cgroup_join_open(int procdirfd, struct nst_cgroup_join *j, enum nst_cgroup_step *reterr_step)
{
	_cleanup_free_ char *text = NULL;
	char path[PATH_MAX];
	struct statfs sfs;
	int r;

	r = nst_read_file_at(procdirfd, "cgroup", &text, NULL);
	if (r < 0 || !*text) {
		*reterr_step = NST_CGROUP_STEP_READ;
		return r < 0 ? r : -ENODATA;
	}
	if (statfs(CGROUP_ROOT, &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC) {
		/* pure v2: the one hierarchy is at the usual place */
		if (!find_line(text, true, "", path, sizeof(path))) {
			*reterr_step = NST_CGROUP_STEP_READ;
			return -ENODATA;
		}
		r = add_procs(j, CGROUP_ROOT, path);
		if (r < 0) {
			nst_cgroup_join_done(j);
			*reterr_step = NST_CGROUP_STEP_OPEN;
		}
		return r;
	}
	r = open_from_mountinfo(text, j);
	if (r < 0 || j->n == 0) {
		nst_cgroup_join_done(j);
		*reterr_step = r < 0 ? NST_CGROUP_STEP_OPEN : NST_CGROUP_STEP_NONE;
		return r < 0 ? r : -ENOENT;
	}
	return 0;
}

int nst_cgroup_join_write(const struct nst_cgroup_join *j, pid_t pid)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d", pid ? (int)pid : (int)getpid());

	for (size_t i = 0; i < j->n; i++) {
		ssize_t n = write(j->fd[i], buf, (size_t)len);

		if (n < 0)
			return nst_negerrno();
		if (n != len)
			return -EIO;
	}
	return 0;
}
