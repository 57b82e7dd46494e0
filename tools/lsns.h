/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What lsns.c (options, scan) and lsns-output.c (rows, trees, filter) share. */
#ifndef NST_LSNS_H
#define NST_LSNS_H

#include <libsmartcols.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "filter.h"
#include "optrules.h"
#include "scan.h"

#define EXIT_UNSUPPORTED_IOCTL 2	/* the kernel lacks an NS_GET_* ioctl */
#define EXIT_MOUNTINFO 32		/* mountinfo unreadable (libmount's "failure" code) */

enum {
	COL_NS,
	COL_TYPE,
	COL_PATH,
	COL_NPROCS,
	COL_PID,
	COL_PPID,
	COL_COMMAND,
	COL_UID,
	COL_USER,
	COL_NETNSID,
	COL_NSFS,
	COL_PNS,
	COL_ONS,
	COL_HOLDER,
	COL_CONTAINER,
	_COL_MAX,
};

struct colinfo {
	const char *name;
	double whint;			/* width hint: columns, or a fraction of the terminal */
	int flags;			/* SCOLS_FL_* */
	int json_type;			/* SCOLS_JSON_* */
	const char *help;
};

extern const struct colinfo infos[_COL_MAX];

#define MAX_COLUMNS (2 * _COL_MAX)

enum tree {
	TREE_NONE,
	TREE_PROCESS,			/* a row under the row of its PID's parent process */
	TREE_OWNER,			/* a row under its owning user namespace */
	TREE_PARENT,			/* under its parent (pid, user), else its owner */
};

struct opts {
	unsigned types;			/* -t; 0 = every type */
	pid_t task;			/* -p; 0 = none */
	uint64_t ns_ino;		/* the positional <namespace>; 0 = none */
	const char *output;		/* -o */
	const char *filter_expr;	/* -Q */
	bool json, raw, list, noheadings, notruncate, nowrap, persistent, list_columns;
	bool output_all;
	int tree_opt;			/* -T: -1 = not given, else an enum tree */
	struct nst_opts_seen seen;

	/* derived by check_rules() */
	int columns[MAX_COLUMNS];
	size_t ncolumns;
	enum tree tree;
	struct nst_filter *filter;
	int filter_cols[MAX_COLUMNS];	/* column id of each column the filter names */
};

struct user_name {
	uid_t uid;
	char *name;
};

struct out {
	const struct opts *o;
	struct nst_scan *scan;
	unsigned shown_types;		/* types listed as rows of their own */
	struct libscols_table *tab;
	struct libscols_line **proc_line;	/* latest row made for each process */
	struct libscols_line **ns_line;		/* the row of each namespace (owner/parent trees) */
	pid_t *ppid;				/* per process; 0 = not read, -1 = unknown */
	struct user_name *users;
	size_t n_users;
};

/* Column id of name[0..len) (any case), or -EINVAL. */
int column_from_name(const char *name, size_t len);

/* lsns-output.c */
void setup_table(struct out *out);
void add_namespaces(struct out *out);
void add_members(struct out *out, size_t ns_idx);
void list_columns(const struct opts *o);
void out_done(struct out *out);

#endif
