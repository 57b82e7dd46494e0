/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nsfs bind mounts: reading mountinfo for them, and the NSFS column. */
#include <stdio.h>
#include <string.h>

#include "macro.h"
#include "proc.h"
#include "scan.h"
#include "scan-internal.h"

/* "net:[4026531840]" -> (NST_NET, 4026531840). */
bool nst_scan_parse_nsfs_root(const char *root, enum nst_type *ret_type, uint64_t *ret_ino)
{
	const char *colon = root ? strchr(root, ':') : NULL;
	char name[16], *end;
	unsigned long long ino;
	enum nst_type t;

	if (!colon || colon == root || (size_t)(colon - root) >= sizeof(name) || colon[1] != '[')
		return false;
	memcpy(name, root, (size_t)(colon - root));
	name[colon - root] = '\0';
	for (t = 0; t < _NST_TYPE_MAX; t++)
		if (strcmp(nst_type_info(t)->name, name) == 0)
			break;
	if (t == _NST_TYPE_MAX || colon[2] < '0' || colon[2] > '9')
		return false;
	errno = 0;
	ino = strtoull(colon + 2, &end, 10);
	if (errno || end[0] != ']' || end[1] != '\0')
		return false;
	*ret_type = t;
	*ret_ino = ino;
	return true;
}

/* The kernel writes space, tab, newline and backslash in mountinfo fields as \ooo; undo that in
 * place, like libmount does. */
static void unescape(char *s)
{
	char *w = s;

	for (const char *r = s; *r;) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '7' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)(((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* Split off the next space-separated field of *s (NUL-terminating it); NULL if none is left. */
static char *next_field(char **s)
{
	char *f = *s, *sp;

	if (!f || !*f)
		return NULL;
	sp = strchr(f, ' ');
	if (sp) {
		*sp = '\0';
		*s = sp + 1;
	} else {
		*s = NULL;
	}
	return f;
}

int nst_scan_next_nsfs_mount(char **pos, enum nst_type *ret_type, uint64_t *ret_ino,
			     const char **ret_target)
{
	static const char deleted[] = " (deleted)";

	while (*pos && **pos) {
		char *line = *pos, *nl = strchr(line, '\n'), *sep, *rest, *f[5];
		size_t len, dlen;
		int i;

		*pos = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		/* "ID PARENT MAJ:MIN ROOT TARGET OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER": the
		 * fields are escaped, so the first " - " is the separator */
		sep = strstr(line, " - ");
		if (!sep || strncmp(sep + 3, "nsfs", 4) != 0 || (sep[7] != ' ' && sep[7] != '\0'))
			continue;
		*sep = '\0';
		rest = line;
		for (i = 0; i < 5 && (f[i] = next_field(&rest)); i++)
			;
		if (i < 5)
			continue;
		unescape(f[3]);
		if (!nst_scan_parse_nsfs_root(f[3], ret_type, ret_ino))
			continue;
		unescape(f[4]);
		if (f[4][0] != '/')
			continue;	/* the kernel writes absolute mount points only */
		/* an unlinked mount point: libmount drops the suffix, and so do we */
		len = strlen(f[4]);
		dlen = sizeof(deleted) - 1;
		if (len > dlen && strcmp(f[4] + len - dlen, deleted) == 0)
			f[4][len - dlen] = '\0';
		*ret_target = f[4];
		return 1;
	}
	return 0;
}

int nst_scan_read_mounts(struct nst_scan *scan)
{
	_cleanup_free_ char *buf = NULL;
	enum nst_type type;
	const char *target;
	uint64_t ino;
	size_t cap = 0;
	char *pos;
	int r;

	if (scan->mounts_state)
		return scan->mounts_state;
	r = nst_read_file_at(scan->rootfd, "self/mountinfo", &buf, NULL);
	pos = buf;
	while (r >= 0 && nst_scan_next_nsfs_mount(&pos, &type, &ino, &target) > 0) {
		struct nst_scan_mount *m;

		r = nst_scan_grow((void **)&scan->mounts, &cap, scan->n_mounts + 1,
				  sizeof(*scan->mounts));
		if (r < 0)
			break;
		m = &scan->mounts[scan->n_mounts];
		m->target = strdup(target);
		if (!m->target) {
			r = -ENOMEM;
			break;
		}
		m->type = type;
		m->ino = ino;
		scan->n_mounts++;
	}
	scan->mounts_state = r < 0 ? r : 1;
	return scan->mounts_state;
}

int nst_scan_nsfs_paths(struct nst_scan *scan, size_t idx, char sep, char **ret_paths)
{
	const struct nst_scan_ns *ns;
	char *out = NULL;
	size_t len = 0;
	int r;

	if (idx >= scan->n_ns)
		return -EINVAL;
	ns = &scan->ns[idx];
	r = nst_scan_read_mounts(scan);
	if (r < 0)
		return r;
	for (size_t i = 0; i < scan->n_mounts; i++) {
		const struct nst_scan_mount *m = &scan->mounts[i];
		size_t tlen = strlen(m->target);
		bool dup = false;
		char *p;

		if (m->type != ns->type || m->ino != ns->ino)
			continue;
		for (size_t j = 0; j < i && !dup; j++)
			dup = scan->mounts[j].type == m->type && scan->mounts[j].ino == m->ino &&
			      strcmp(scan->mounts[j].target, m->target) == 0;
		if (dup)
			continue;
		p = realloc(out, len + tlen + 2);
		if (!p) {
			free(out);
			return -ENOMEM;
		}
		out = p;
		if (len)
			out[len++] = sep;
		memcpy(out + len, m->target, tlen + 1);
		len += tlen;
	}
	*ret_paths = out;
	return 0;
}
