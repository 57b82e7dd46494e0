/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Container names from cgroup paths, by the naming patterns of the common runtimes. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "macro.h"
#include "proc.h"

#define ID_LEN 64
#define SHORT_LEN 12

/* s[0..len) is exactly 64 lower-case hex digits. */
static bool is_id(const char *s, size_t len)
{
	if (len != ID_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && (s[i] < 'a' || s[i] > 'f'))
			return false;
	return true;
}

/* Component c (length len) is "<prefix><64hex><suffix>". */
static bool id_between(const char *c, size_t len, const char *prefix, const char *suffix)
{
	size_t p = strlen(prefix), s = strlen(suffix);

	return len == p + ID_LEN + s && strncmp(c, prefix, p) == 0 &&
	       strncmp(c + p + ID_LEN, suffix, s) == 0 && is_id(c + p, ID_LEN);
}

static bool has_suffix(const char *c, size_t len, const char *suffix)
{
	size_t s = strlen(suffix);

	return len >= s && strncmp(c + len - s, suffix, s) == 0;
}

/* Is any component before offset end equal to name (or, with prefix, starting with it)? */
static bool below(const char *path, size_t end, const char *name, bool prefix)
{
	size_t n = strlen(name);

	for (const char *c = path; c < path + end;) {
		size_t len = strcspn(c, "/");

		if (len > (size_t)(path + end - c))
			len = (size_t)(path + end - c);
		if (prefix ? len >= n && strncmp(c, name, n) == 0 : len == n && strncmp(c, name, n) == 0)
			return true;
		c += len + 1;
	}
	return false;
}

/* "pod<UID>" or "...-pod<UID>.slice" -> UID with '_' as '-'; false if not a pod component. */
static bool pod_uid(const char *path, const char *c, size_t len, char *uid, size_t size)
{
	const char *p;
	size_t n;

	if (has_suffix(c, len, ".slice")) {
		len -= strlen(".slice");
		p = NULL;
		for (size_t i = 0; i + 3 <= len; i++)
			if (strncmp(c + i, "pod", 3) == 0 && (i == 0 || c[i - 1] == '-'))
				p = c + i + 3;
		if (!p || !below(path, (size_t)(c - path) + len, "kubepods", true))
			return false;
	} else if (len > 3 && strncmp(c, "pod", 3) == 0 &&
		   below(path, (size_t)(c - path), "kubepods", true)) {
		p = c + 3;
	} else
		return false;
	n = (size_t)(c + len - p);
	if (n == 0 || n >= size)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)p[i]) && p[i] != '-' && p[i] != '_')
			return false;
		uid[i] = p[i] == '_' ? '-' : p[i];
	}
	uid[n] = '\0';
	return true;
}

/* "machine-foo\x2dbar.scope" -> "foo-bar". Only escapes of printable characters are undone,
 * and any other byte that is not printable becomes '?': whoever may name a cgroup must not
 * be able to put a newline or a terminal escape into root's lsns output. */
static void unescape(const char *s, size_t len, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 1 < size; i++) {
		unsigned v;

		if (s[i] == '\\' && i + 3 < len && s[i + 1] == 'x' && isxdigit((unsigned char)s[i + 2]) &&
		    isxdigit((unsigned char)s[i + 3]) && sscanf(s + i + 2, "%2x", &v) == 1 && v > 0x20 &&
		    v < 0x7f) {
			out[o++] = (char)v;
			i += 3;
		} else
			out[o++] = s[i] > 0x20 && s[i] < 0x7f ? s[i] : '?';
	}
	out[o] = '\0';
}

int nst_container_from_path(const char *path, char **ret_name)
{
	char ctr[300] = "", uid[128] = "", *name;
	const char *comp[256];
	size_t lens[256], n = 0;
	int r;

	for (const char *c = path; *c;) {
		size_t len = strcspn(c, "/\n");

		if (len && n < ARRAY_SIZE(comp)) {
			comp[n] = c;
			lens[n++] = len;
		}
		if (c[len] != '/')
			break;
		c += len + 1;
	}
	/* leaf first: the innermost container name wins, a pod is looked for above it */
	for (size_t i = n; i-- > 0;) {
		const char *c = comp[i];
		size_t len = lens[i], off = (size_t)(c - path);

		if (!*ctr) {
			if (id_between(c, len, "docker-", ".scope") ||
			    (is_id(c, len) && below(path, off, "docker", false)))
				snprintf(ctr, sizeof(ctr), "docker:%.12s", c + len - ID_LEN -
					 (has_suffix(c, len, ".scope") ? strlen(".scope") : 0));
			else if (id_between(c, len, "libpod-", ".scope") || id_between(c, len, "libpod-", ""))
				snprintf(ctr, sizeof(ctr), "podman:%.12s", c + strlen("libpod-"));
			else if (id_between(c, len, "cri-containerd-", ".scope"))
				snprintf(ctr, sizeof(ctr), "containerd:%.12s", c + strlen("cri-containerd-"));
			else if (id_between(c, len, "crio-", ".scope"))
				snprintf(ctr, sizeof(ctr), "crio:%.12s", c + strlen("crio-"));
			else if (is_id(c, len) && below(path, off, "kubepods", true))
				snprintf(ctr, sizeof(ctr), "%.12s", c);
			else if (len > strlen("machine-.scope") && strncmp(c, "machine-", 8) == 0 &&
				 has_suffix(c, len, ".scope") && below(path, off, "machine.slice", false)) {
				char m[256];

				unescape(c + 8, len - 8 - strlen(".scope"), m, sizeof(m));
				snprintf(ctr, sizeof(ctr), "machine:%s", m);
			}
			if (*ctr)
				continue;
		}
		if (pod_uid(path, c, len, uid, sizeof(uid)))
			break;
	}
	if (!*ctr && !*uid)
		return 0;
	if (*uid)
		r = asprintf(&name, "pod:%s%s%s", uid, *ctr ? "/" : "", ctr);
	else if (strchr(ctr, ':'))
		r = asprintf(&name, "%s", ctr);
	else
		return 0;	/* a bare id outside a pod names nothing */
	if (r < 0)
		return -ENOMEM;
	*ret_name = name;
	return 1;
}

/* The path of line (after the second ':') if the line is of the wanted kind. */
static const char *line_path(const char *line, size_t len, int kind)
{
	const char *c1 = memchr(line, ':', len), *c2;

	if (!c1)
		return NULL;
	c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line));
	if (!c2)
		return NULL;
	switch (kind) {
	case 0:		/* the unified hierarchy */
		return c1 - line == 1 && line[0] == '0' && c2 == c1 + 1 ? c2 + 1 : NULL;
	case 1:		/* v1 systemd's own hierarchy */
		return c2 - c1 - 1 == 12 && strncmp(c1 + 1, "name=systemd", 12) == 0 ? c2 + 1
										     : NULL;
	default:
		return c2 + 1;
	}
}

int nst_container_from_cgroup(const char *text, char **ret_name)
{
	for (int kind = 0; kind < 3; kind++)
		for (const char *l = text; l && *l;) {
			size_t len = strcspn(l, "\n");
			const char *p = line_path(l, len, kind);

			if (p) {
				_cleanup_free_ char *path = strndup(p, len - (size_t)(p - l));
				int r;

				if (!path)
					return -ENOMEM;
				r = nst_container_from_path(path, ret_name);
				if (r != 0)
					return r;
			}
			l = l[len] ? l + len + 1 : NULL;
		}
	return 0;
}

int nst_container_read(int procfd, pid_t pid, char **ret_name)
{
	_cleanup_free_ char *buf = NULL;
	char path[32];
	int r;

	snprintf(path, sizeof(path), "%d/cgroup", (int)pid);
	r = nst_read_file_at(procfd, path, &buf, NULL);
	if (r < 0)
		return r;
	return nst_container_from_cgroup(buf, ret_name);
}
