/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading another process's environment block (/proc/PID/environ). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "environ.h"
#include "macro.h"
#include "proc.h"

void nst_environ_free(char **list)
{
	if (!list)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

int nst_environ_parse(const char *buf, size_t len, char ***ret_list)
{
	char **list;
	size_t n = 0, cap = 1;

	/* an upper bound on the entries: one per NUL, plus a last one without it */
	for (size_t i = 0; i < len; i++)
		cap += buf[i] == '\0';
	list = calloc(cap + 1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	/* Each step consumes exactly one string and its NUL: what is left is measured from
	 * the position reached, never from the length of the next string (util-linux
	 * subtracted that and could stop early or read past the end). */
	for (size_t pos = 0; pos < len;) {
		const char *s = buf + pos;
		size_t slen = strnlen(s, len - pos);
		const char *eq = memchr(s, '=', slen);

		pos += slen + 1;
		if (!eq || eq == s)
			continue;
		list[n] = strndup(s, slen);
		if (!list[n]) {
			nst_environ_free(list);
			return -ENOMEM;
		}
		n++;
	}
	*ret_list = list;
	return (int)n;
}

int nst_environ_read_at(int procdirfd, char ***ret_list)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r;

	r = nst_read_file_at(procdirfd, "environ", &buf, &len);
	if (r < 0)
		return r;
	return nst_environ_parse(buf, len, ret_list);
}
