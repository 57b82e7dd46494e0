/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checks the options given against a table of conflicts and requirements. */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include "optrules.h"

void nst_opts_seen_init(struct nst_opts_seen *seen)
{
	assert(seen);
	memset(seen, 0, sizeof(*seen));
}

static bool id_valid(int id)
{
	return id > 0 && id < NST_OPT_ID_MAX;
}

int nst_opts_seen_mark(struct nst_opts_seen *seen, int id)
{
	assert(seen);
	if (!id_valid(id))
		return -EINVAL;
	/* Only the first use counts: "-w -W -w" still reports "--wd and --wdns". There are fewer
	 * than NST_OPT_ID_MAX ids, so next can't overflow. */
	if (seen->pos[id] == 0)
		seen->pos[id] = ++seen->next;
	return 0;
}

bool nst_opts_seen_has(const struct nst_opts_seen *seen, int id)
{
	assert(seen);
	return id_valid(id) && seen->pos[id] != 0;
}

/* Whether any option of a rule's list (ending at the first 0) was given. */
static bool any_seen(const struct nst_opts_seen *seen, const int list[NST_OPT_RULE_WIDTH])
{
	for (size_t i = 0; i < NST_OPT_RULE_WIDTH && list[i] != 0; i++)
		if (nst_opts_seen_has(seen, list[i]))
			return true;
	return false;
}

static int fail(struct nst_opt_violation *reterr, enum nst_opt_violation_kind kind, int first,
		int second, const struct nst_opt_rule *rule)
{
	if (reterr)
		*reterr = (struct nst_opt_violation){
			.kind = kind,
			.first = first,
			.second = second,
			.rule = rule,
		};
	return -EINVAL;
}

int nst_optrules_check(const struct nst_opt_rule *rules, const struct nst_opts_seen *seen,
		       struct nst_opt_violation *reterr)
{
	assert(seen);
	for (const struct nst_opt_rule *rule = rules; rule && rule->opt != 0; rule++) {
		if (!nst_opts_seen_has(seen, rule->opt))
			continue;

		for (size_t i = 0; i < NST_OPT_RULE_WIDTH && rule->conflicts[i] != 0; i++) {
			int other = rule->conflicts[i];

			if (other == rule->opt || !nst_opts_seen_has(seen, other))
				continue;
			/* The wording follows the command line, not the table. */
			if (seen->pos[other] < seen->pos[rule->opt])
				return fail(reterr, NST_OPT_CONFLICT, other, rule->opt, rule);
			return fail(reterr, NST_OPT_CONFLICT, rule->opt, other, rule);
		}

		if (rule->requires_any[0] != 0 && !any_seen(seen, rule->requires_any))
			return fail(reterr, NST_OPT_REQUIRES, rule->opt, rule->requires_any[0],
				    rule);
	}
	return 0;
}
