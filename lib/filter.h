/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Row filter expressions in the scols-filter(5) syntax, for lsns -Q. */
#ifndef NST_FILTER_H
#define NST_FILTER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Grammar (keywords are case-insensitive, column names are returned as written):
 *
 *   expr    := or
 *   or      := and { ("||" | "or") and }
 *   and     := unary { ("&&" | "and") unary }
 *   unary   := ("!" | "not") unary | "(" expr ")" | operand [ cmp operand ]
 *   cmp     := "==" "eq" "!=" "ne" "<" "lt" "<=" "le" ">" "gt" ">=" "ge" "=~" "!~"
 *   operand := COLUMN | NUMBER | "string" | 'string' | true | false
 *
 * A comparison with a number on either side compares numbers (a cell that is not a number
 * only satisfies "!="); otherwise it compares strings. The right side of =~ and !~ must be a
 * string: a POSIX extended regular expression, compiled once. An operand alone is true when
 * it is non-empty and not "0" (for a column: the cell of the row).
 */
struct nst_filter;

/*
 * Parse expr. Returns 0 and *ret_filter, or -EINVAL with *reterr_msg (malloc'ed, the
 * caller frees it) saying what is wrong and where; -ENOMEM.
 */
int nst_filter_parse(const char *expr, struct nst_filter **ret_filter, char **reterr_msg);
void nst_filter_free(struct nst_filter *filter);

/* The column names the expression refers to, each once, in order of appearance. */
size_t nst_filter_n_columns(const struct nst_filter *filter);
const char *nst_filter_column(const struct nst_filter *filter, size_t i);

/*
 * 1 if the row matches, 0 if not. cell(userdata, i) gives the cell of column i (an index as
 * for nst_filter_column()) in the row being tested, or NULL for an empty cell. It is called
 * only for the columns evaluation reaches (&& and || stop early), at most once per column;
 * the string must stay valid until nst_filter_match() returns.
 */
int nst_filter_match(const struct nst_filter *filter,
		     const char *(*cell)(void *userdata, size_t column), void *userdata);

#endif
