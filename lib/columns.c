/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Column lists as lsns -o takes them: name lookup, replace or append, first error reported. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "columns.h"

int nst_column_lookup(const char *const *names, size_t n_names, const char *name, size_t len)
{
	for (size_t i = 0; i < n_names; i++)
		if (strlen(names[i]) == len && strncasecmp(name, names[i], len) == 0)
			return (int)i;
	return -EINVAL;
}

int nst_columns_parse(const char *list, const char *const *names, size_t n_names, int *cols,
		      size_t max, size_t *ncols, const char **reterr_item, size_t *reterr_len)
{
	bool append = *list == '+';
	size_t n = append ? *ncols : 0;
	const char *p;

	if (append)
		list++;
	/* check everything first, so that a bad list changes nothing */
	for (p = list;; p++) {
		size_t len = strcspn(p, ",");

		if (nst_column_lookup(names, n_names, p, len) < 0) {
			*reterr_item = p;
			*reterr_len = len;
			return -EINVAL;
		}
		if (n >= max)
			return -E2BIG;
		n++;
		p += len;
		if (!*p)
			break;
	}
	n = append ? *ncols : 0;
	for (p = list;; p++) {
		size_t len = strcspn(p, ",");

		cols[n++] = nst_column_lookup(names, n_names, p, len);
		p += len;
		if (!*p)
			break;
	}
	*ncols = n;
	return 0;
}
