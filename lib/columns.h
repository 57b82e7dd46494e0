/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Column lists as lsns -o takes them ("NS,TYPE", "+PATH"), against the caller's column names. */
#ifndef NST_COLUMNS_H
#define NST_COLUMNS_H

#include <stddef.h>

/* The index of name[0..len) in names[0..n_names), compared ignoring case, or -EINVAL. */
int nst_column_lookup(const char *const *names, size_t n_names, const char *name, size_t len);

/*
 * Apply a comma-separated column list to the column indexes cols[0..*ncols): "A,B" replaces
 * them, "+A,B" appends to them. Every item must name a column; an empty item (",,", a trailing
 * comma, "" or a lone "+") names none.
 * Returns 0; -EINVAL for an item that names no column, *reterr_item and *reterr_len then give
 * it (a pointer into list, and its length); -E2BIG if the result would exceed max columns.
 * Items are checked in order, so the error is the first one found. On failure cols and
 * *ncols are untouched.
 */
int nst_columns_parse(const char *list, const char *const *names, size_t n_names, int *cols,
		      size_t max, size_t *ncols, const char **reterr_item, size_t *reterr_len);

#endif
