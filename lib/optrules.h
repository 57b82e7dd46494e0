/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Option rules as data: which options exclude each other and which need another. */
#ifndef NST_OPTRULES_H
#define NST_OPTRULES_H

#include <stdbool.h>

#define NST_OPT_ID_MAX 512		/* option ids: short letters and CHAR_MAX + 1 + n */
#define NST_OPT_RULE_WIDTH 8		/* options listed per conflicts/requires_any */

/*
 * A rule about option opt. Lists end at the first 0.
 * conflicts: none of these may be given together with opt.
 * requires_any: when opt is given, at least one of these must be given too.
 * message: optional wording for the tool to print instead of the generic one.
 */
struct nst_opt_rule {
	int opt;
	int conflicts[NST_OPT_RULE_WIDTH];
	int requires_any[NST_OPT_RULE_WIDTH];
	const char *message;
};

/* Which options were given and in what order (order decides the wording of a conflict). */
struct nst_opts_seen {
	unsigned short pos[NST_OPT_ID_MAX];	/* 0 = not given, else 1 + order of first use */
	unsigned short next;
};

enum nst_opt_violation_kind {
	NST_OPT_CONFLICT,
	NST_OPT_REQUIRES,
};

struct nst_opt_violation {
	enum nst_opt_violation_kind kind;
	int first;			/* CONFLICT: the option given first; REQUIRES: the rule's opt */
	int second;			/* CONFLICT: the other one; REQUIRES: the first required option */
	const struct nst_opt_rule *rule;
};

void nst_opts_seen_init(struct nst_opts_seen *seen);
/* Record that option id was given (-EINVAL for an id out of range). */
int nst_opts_seen_mark(struct nst_opts_seen *seen, int id);
bool nst_opts_seen_has(const struct nst_opts_seen *seen, int id);

/* Check every rule (the table ends with a rule whose opt is 0). Returns 0 if all hold, or
 * -EINVAL with *reterr filled for the first broken rule. */
int nst_optrules_check(const struct nst_opt_rule *rules, const struct nst_opts_seen *seen,
		       struct nst_opt_violation *reterr);

#endif
