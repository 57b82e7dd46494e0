/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/optrules.c: option order, conflicts both ways, requirements, messages. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "macro.h"
#include "optrules.h"
#include "unit.h"

/* Option ids as the tools number them: short letters, long-only ones from CHAR_MAX + 1. */
enum {
	OPT_ALL = 'a',
	OPT_NET = 'n',
	OPT_NET_SOCKET = 'N',
	OPT_NO_FORK = 'F',
	OPT_TARGET = 't',
	OPT_TIME = 'T',
	OPT_WD = 'w',
	OPT_WDNS = 'W',
	OPT_USER_PARENT = CHAR_MAX + 1,
	OPT_NETNS,
	OPT_PTY,
	OPT_FORWARD_SIGNALS,
	OPT_MONOTONIC,
	OPT_BOOTTIME,
	OPT_ANY_OF,
	OPT_LAST = NST_OPT_ID_MAX - 1,
};

#define TIME_MESSAGE "options --monotonic and --boottime require unsharing of a time namespace (-T)"

/* Indexes into rules[], to check which rule a violation names. */
enum {
	R_WD,
	R_NETNS,
	R_USER_PARENT,
	R_NET_SOCKET,
	R_NO_FORK,
	R_MONOTONIC,
	R_BOOTTIME,
	R_ANY_OF,
	R_LAST,
};

static const struct nst_opt_rule rules[] = {
	[R_WD] = { .opt = OPT_WD, .conflicts = { OPT_WDNS } },
	/* Listed on one side only: the rule must also fire for -n given before --netns. */
	[R_NETNS] = { .opt = OPT_NETNS, .conflicts = { OPT_NET, OPT_NET_SOCKET } },
	[R_USER_PARENT] = { .opt = OPT_USER_PARENT, .requires_any = { OPT_TARGET } },
	[R_NET_SOCKET] = { .opt = OPT_NET_SOCKET, .requires_any = { OPT_TARGET } },
	[R_NO_FORK] = { .opt = OPT_NO_FORK, .conflicts = { OPT_PTY, OPT_FORWARD_SIGNALS } },
	[R_MONOTONIC] = { .opt = OPT_MONOTONIC, .requires_any = { OPT_TIME },
			  .message = TIME_MESSAGE },
	[R_BOOTTIME] = { .opt = OPT_BOOTTIME, .requires_any = { OPT_TIME },
			 .message = TIME_MESSAGE },
	[R_ANY_OF] = { .opt = OPT_ANY_OF, .requires_any = { 'x', 'y', 'z', OPT_LAST } },
	[R_LAST] = { 0 },
};

/* The options given, in order; the list ends at 0. */
static struct nst_opts_seen given(int first, ...)
{
	struct nst_opts_seen seen;
	va_list ap;

	nst_opts_seen_init(&seen);
	va_start(ap, first);
	for (int id = first; id != 0; id = va_arg(ap, int))
		ck_assert_int_eq(nst_opts_seen_mark(&seen, id), 0);
	va_end(ap);
	return seen;
}

/* A violation filled with values no check can produce: an untouched reterr stays like this. */
static const struct nst_opt_violation untouched = {
	.kind = (enum nst_opt_violation_kind)77,
	.first = -1,
	.second = -1,
	.rule = NULL,
};

static void assert_ok(const struct nst_opt_rule *table, const struct nst_opts_seen *seen)
{
	struct nst_opt_violation v = untouched;

	ck_assert_int_eq(nst_optrules_check(table, seen, &v), 0);
	ck_assert_int_eq(v.kind, untouched.kind);
	ck_assert_int_eq(v.first, untouched.first);
	ck_assert_int_eq(v.second, untouched.second);
	ck_assert_ptr_null(v.rule);
}

static void assert_violation(const struct nst_opt_rule *table, const struct nst_opts_seen *seen,
			     enum nst_opt_violation_kind kind, int first, int second,
			     const struct nst_opt_rule *rule)
{
	struct nst_opt_violation v = untouched;

	ck_assert_int_eq(nst_optrules_check(table, seen, &v), -EINVAL);
	ck_assert_int_eq(v.kind, kind);
	ck_assert_int_eq(v.first, first);
	ck_assert_int_eq(v.second, second);
	ck_assert_ptr_eq(v.rule, rule);
}

/* --- nst_opts_seen --- */

START_TEST(test_seen_init)
{
	struct nst_opts_seen seen;

	memset(&seen, 0xff, sizeof(seen));
	nst_opts_seen_init(&seen);
	ck_assert_uint_eq(seen.next, 0);
	for (int id = 0; id < NST_OPT_ID_MAX; id++) {
		ck_assert_uint_eq(seen.pos[id], 0);
		ck_assert(!nst_opts_seen_has(&seen, id));
	}
}
END_TEST

START_TEST(test_seen_mark_order)
{
	struct nst_opts_seen seen = given(OPT_WDNS, OPT_TARGET, OPT_USER_PARENT, OPT_LAST, 0);

	ck_assert_uint_eq(seen.pos[OPT_WDNS], 1);
	ck_assert_uint_eq(seen.pos[OPT_TARGET], 2);
	ck_assert_uint_eq(seen.pos[OPT_USER_PARENT], 3);
	ck_assert_uint_eq(seen.pos[OPT_LAST], 4);
	ck_assert_uint_eq(seen.next, 4);
	ck_assert(nst_opts_seen_has(&seen, OPT_WDNS));
	ck_assert(nst_opts_seen_has(&seen, OPT_TARGET));
	ck_assert(nst_opts_seen_has(&seen, OPT_USER_PARENT));
	ck_assert(nst_opts_seen_has(&seen, OPT_LAST));
	ck_assert(!nst_opts_seen_has(&seen, OPT_WD));
	ck_assert(!nst_opts_seen_has(&seen, OPT_NETNS));
	ck_assert(!nst_opts_seen_has(&seen, 1));
}
END_TEST

START_TEST(test_seen_mark_twice)
{
	struct nst_opts_seen seen = given(OPT_WD, OPT_WDNS, OPT_WD, OPT_WD, OPT_WDNS, 0);

	/* The first use decides the position; repeats take no new one. */
	ck_assert_uint_eq(seen.pos[OPT_WD], 1);
	ck_assert_uint_eq(seen.pos[OPT_WDNS], 2);
	ck_assert_uint_eq(seen.next, 2);
	ck_assert_int_eq(nst_opts_seen_mark(&seen, OPT_TARGET), 0);
	ck_assert_uint_eq(seen.pos[OPT_TARGET], 3);
}
END_TEST

START_TEST(test_seen_mark_out_of_range)
{
	static const int bad[] = {
		0, -1, -2, NST_OPT_ID_MAX, NST_OPT_ID_MAX + 1, INT_MAX, INT_MIN,
	};
	struct nst_opts_seen seen = given(OPT_WD, 0);
	struct nst_opts_seen before = seen;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(nst_opts_seen_mark(&seen, bad[i]), -EINVAL);
		ck_assert(!nst_opts_seen_has(&seen, bad[i]));
	}
	ck_assert_int_eq(memcmp(&seen, &before, sizeof(seen)), 0);

	/* The ids just inside the range work. */
	ck_assert_int_eq(nst_opts_seen_mark(&seen, 1), 0);
	ck_assert_int_eq(nst_opts_seen_mark(&seen, NST_OPT_ID_MAX - 1), 0);
	ck_assert(nst_opts_seen_has(&seen, 1));
	ck_assert(nst_opts_seen_has(&seen, NST_OPT_ID_MAX - 1));
	ck_assert_uint_eq(seen.pos[1], 2);
	ck_assert_uint_eq(seen.pos[NST_OPT_ID_MAX - 1], 3);
}
END_TEST

START_TEST(test_seen_every_id)
{
	struct nst_opts_seen seen;

	/* All ids, last first: positions stay distinct and in order of marking. */
	nst_opts_seen_init(&seen);
	for (int id = NST_OPT_ID_MAX - 1; id > 0; id--)
		ck_assert_int_eq(nst_opts_seen_mark(&seen, id), 0);
	ck_assert_uint_eq(seen.next, NST_OPT_ID_MAX - 1);
	for (int id = 1; id < NST_OPT_ID_MAX; id++)
		ck_assert_uint_eq(seen.pos[id], NST_OPT_ID_MAX - id);
	/* Conflicts then name the higher id first, as it was given first. */
	assert_violation(rules, &seen, NST_OPT_CONFLICT, OPT_WD, OPT_WDNS, &rules[R_WD]);
}
END_TEST

/* --- nst_optrules_check --- */

START_TEST(test_check_nothing_given)
{
	static const struct nst_opt_rule none[] = { { 0 } };
	struct nst_opts_seen seen = given(0);

	assert_ok(rules, &seen);
	assert_ok(none, &seen);
	assert_ok(NULL, &seen);
}
END_TEST

START_TEST(test_check_no_violation)
{
	struct nst_opts_seen a = given(OPT_WD, OPT_TARGET, OPT_USER_PARENT, OPT_NET, 0);
	struct nst_opts_seen b = given(OPT_WDNS, OPT_NETNS, OPT_PTY, OPT_FORWARD_SIGNALS, 0);
	struct nst_opts_seen c = given(OPT_NO_FORK, OPT_TIME, OPT_MONOTONIC, OPT_BOOTTIME, 0);
	/* Options no rule mentions. */
	struct nst_opts_seen d = given(OPT_ALL, 'm', 'u', 'i', 0);

	assert_ok(rules, &a);
	assert_ok(rules, &b);
	assert_ok(rules, &c);
	assert_ok(rules, &d);
}
END_TEST

START_TEST(test_conflict_table_order)
{
	struct nst_opts_seen seen = given(OPT_WD, OPT_WDNS, 0);

	assert_violation(rules, &seen, NST_OPT_CONFLICT, OPT_WD, OPT_WDNS, &rules[R_WD]);
}
END_TEST

START_TEST(test_conflict_reverse_order)
{
	/* The rule lists --wdns under --wd, but --wdns came first on the command line. */
	struct nst_opts_seen seen = given(OPT_WDNS, OPT_WD, 0);

	assert_violation(rules, &seen, NST_OPT_CONFLICT, OPT_WDNS, OPT_WD, &rules[R_WD]);
}
END_TEST

START_TEST(test_conflict_other_options_between)
{
	struct nst_opts_seen a = given(OPT_NET, OPT_TARGET, OPT_ALL, OPT_NETNS, 0);
	struct nst_opts_seen b = given(OPT_NETNS, OPT_TARGET, OPT_NET, 0);

	assert_violation(rules, &a, NST_OPT_CONFLICT, OPT_NET, OPT_NETNS, &rules[R_NETNS]);
	assert_violation(rules, &b, NST_OPT_CONFLICT, OPT_NETNS, OPT_NET, &rules[R_NETNS]);
}
END_TEST

START_TEST(test_conflict_later_in_list)
{
	/* -N is second in --netns' list; -t keeps -N's own requirement satisfied. */
	struct nst_opts_seen a = given(OPT_TARGET, OPT_NETNS, OPT_NET_SOCKET, 0);
	struct nst_opts_seen b = given(OPT_NET_SOCKET, OPT_TARGET, OPT_NETNS, 0);
	struct nst_opts_seen c = given(OPT_FORWARD_SIGNALS, OPT_NO_FORK, 0);

	assert_violation(rules, &a, NST_OPT_CONFLICT, OPT_NETNS, OPT_NET_SOCKET, &rules[R_NETNS]);
	assert_violation(rules, &b, NST_OPT_CONFLICT, OPT_NET_SOCKET, OPT_NETNS, &rules[R_NETNS]);
	assert_violation(rules, &c, NST_OPT_CONFLICT, OPT_FORWARD_SIGNALS, OPT_NO_FORK,
			 &rules[R_NO_FORK]);
}
END_TEST

START_TEST(test_conflict_list_order)
{
	/* Both of -F's conflicts given: the first one in the rule's list is reported. */
	struct nst_opts_seen seen = given(OPT_FORWARD_SIGNALS, OPT_PTY, OPT_NO_FORK, 0);

	assert_violation(rules, &seen, NST_OPT_CONFLICT, OPT_PTY, OPT_NO_FORK, &rules[R_NO_FORK]);
}
END_TEST

START_TEST(test_conflict_repeated_option)
{
	/* -W -w -W: --wdns was given first, its repeat doesn't move it. */
	struct nst_opts_seen seen = given(OPT_WDNS, OPT_WD, OPT_WDNS, 0);

	assert_violation(rules, &seen, NST_OPT_CONFLICT, OPT_WDNS, OPT_WD, &rules[R_WD]);
}
END_TEST

START_TEST(test_requires_satisfied)
{
	struct nst_opts_seen a = given(OPT_USER_PARENT, OPT_TARGET, 0);
	struct nst_opts_seen b = given(OPT_TARGET, OPT_USER_PARENT, 0);
	struct nst_opts_seen c = given(OPT_NET_SOCKET, OPT_USER_PARENT, OPT_TARGET, 0);

	assert_ok(rules, &a);
	assert_ok(rules, &b);
	assert_ok(rules, &c);
}
END_TEST

START_TEST(test_requires_unsatisfied)
{
	struct nst_opts_seen a = given(OPT_USER_PARENT, 0);
	struct nst_opts_seen b = given(OPT_ALL, OPT_NET_SOCKET, OPT_NET, 0);

	assert_violation(rules, &a, NST_OPT_REQUIRES, OPT_USER_PARENT, OPT_TARGET,
			 &rules[R_USER_PARENT]);
	assert_violation(rules, &b, NST_OPT_REQUIRES, OPT_NET_SOCKET, OPT_TARGET,
			 &rules[R_NET_SOCKET]);
}
END_TEST

START_TEST(test_requires_any_alternatives)
{
	static const int alternatives[] = { 'x', 'y', 'z', OPT_LAST };
	struct nst_opts_seen none = given(OPT_ANY_OF, 0);
	struct nst_opts_seen other = given('w', 'q', OPT_ANY_OF, 0);

	for (size_t i = 0; i < ARRAY_SIZE(alternatives); i++) {
		struct nst_opts_seen before = given(alternatives[i], OPT_ANY_OF, 0);
		struct nst_opts_seen after = given(OPT_ANY_OF, alternatives[i], 0);

		assert_ok(rules, &before);
		assert_ok(rules, &after);
	}
	/* None of them: the violation names the first alternative listed. */
	assert_violation(rules, &none, NST_OPT_REQUIRES, OPT_ANY_OF, 'x', &rules[R_ANY_OF]);
	assert_violation(rules, &other, NST_OPT_REQUIRES, OPT_ANY_OF, 'x', &rules[R_ANY_OF]);
	/* A requirement alone is not a violation: only the rule's opt triggers it. */
	{
		struct nst_opts_seen only_alt = given('y', 0);

		assert_ok(rules, &only_alt);
	}
}
END_TEST

START_TEST(test_full_width_lists)
{
	/* Lists that fill all NST_OPT_RULE_WIDTH slots, with no terminating 0. */
	static const struct nst_opt_rule full[] = {
		{ .opt = 'A', .conflicts = { 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i' } },
		{ .opt = 'B', .requires_any = { 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q' } },
		{ 0 },
	};
	struct nst_opts_seen last_conflict = given('A', 'i', 0);
	struct nst_opts_seen last_required = given('B', 'q', 0);
	struct nst_opts_seen no_required = given('B', 'r', 0);

	_Static_assert(NST_OPT_RULE_WIDTH == 8, "the lists above fill every slot");
	assert_violation(full, &last_conflict, NST_OPT_CONFLICT, 'A', 'i', &full[0]);
	assert_ok(full, &last_required);
	assert_violation(full, &no_required, NST_OPT_REQUIRES, 'B', 'j', &full[1]);
}
END_TEST

START_TEST(test_message_passed_through)
{
	struct nst_opts_seen mono = given(OPT_MONOTONIC, 0);
	struct nst_opts_seen boot = given(OPT_BOOTTIME, OPT_NET, 0);
	struct nst_opts_seen plain = given(OPT_WD, OPT_WDNS, 0);
	struct nst_opt_violation v = untouched;

	ck_assert_int_eq(nst_optrules_check(rules, &mono, &v), -EINVAL);
	ck_assert_ptr_eq(v.rule, &rules[R_MONOTONIC]);
	ck_assert_str_eq(v.rule->message, TIME_MESSAGE);
	ck_assert_int_eq(v.kind, NST_OPT_REQUIRES);
	ck_assert_int_eq(v.first, OPT_MONOTONIC);
	ck_assert_int_eq(v.second, OPT_TIME);

	v = untouched;
	ck_assert_int_eq(nst_optrules_check(rules, &boot, &v), -EINVAL);
	ck_assert_ptr_eq(v.rule, &rules[R_BOOTTIME]);
	ck_assert_str_eq(v.rule->message, TIME_MESSAGE);

	/* A rule without wording of its own leaves it to the tool. */
	v = untouched;
	ck_assert_int_eq(nst_optrules_check(rules, &plain, &v), -EINVAL);
	ck_assert_ptr_eq(v.rule, &rules[R_WD]);
	ck_assert_ptr_null(v.rule->message);
}
END_TEST

START_TEST(test_rules_in_table_order)
{
	/* --user-parent without -t was given first, but the --wd rule comes first in the table. */
	struct nst_opts_seen a = given(OPT_USER_PARENT, OPT_WDNS, OPT_WD, 0);
	/* Two broken rules further down: the earlier one in the table wins. */
	struct nst_opts_seen b = given(OPT_BOOTTIME, OPT_MONOTONIC, OPT_PTY, OPT_NO_FORK, 0);

	assert_violation(rules, &a, NST_OPT_CONFLICT, OPT_WDNS, OPT_WD, &rules[R_WD]);
	assert_violation(rules, &b, NST_OPT_CONFLICT, OPT_PTY, OPT_NO_FORK, &rules[R_NO_FORK]);
}
END_TEST

START_TEST(test_conflict_before_requires_in_rule)
{
	static const struct nst_opt_rule one[] = {
		{ .opt = 'A', .conflicts = { 'B' }, .requires_any = { 'C', 'D' } },
		{ 0 },
	};
	struct nst_opts_seen both = given('B', 'A', 0);
	struct nst_opts_seen alone = given('A', 0);
	struct nst_opts_seen with_c = given('A', 'C', 0);
	struct nst_opts_seen with_d = given('D', 'A', 0);
	struct nst_opts_seen all = given('A', 'C', 'B', 0);

	assert_violation(one, &both, NST_OPT_CONFLICT, 'B', 'A', &one[0]);
	assert_violation(one, &alone, NST_OPT_REQUIRES, 'A', 'C', &one[0]);
	assert_ok(one, &with_c);
	assert_ok(one, &with_d);
	assert_violation(one, &all, NST_OPT_CONFLICT, 'A', 'B', &one[0]);
}
END_TEST

START_TEST(test_table_ends_at_zero_opt)
{
	/* Rules after the terminator are never looked at. */
	static const struct nst_opt_rule cut[] = {
		{ .opt = 'A', .conflicts = { 'B' } },
		{ 0 },
		{ .opt = 'C', .conflicts = { 'D' } },
	};
	struct nst_opts_seen seen = given('C', 'D', 0);

	assert_ok(cut, &seen);
}
END_TEST

START_TEST(test_reterr_optional)
{
	struct nst_opts_seen bad = given(OPT_WD, OPT_WDNS, 0);
	struct nst_opts_seen good = given(OPT_WD, 0);

	ck_assert_int_eq(nst_optrules_check(rules, &bad, NULL), -EINVAL);
	ck_assert_int_eq(nst_optrules_check(rules, &good, NULL), 0);
}
END_TEST

START_TEST(test_self_conflict_ignored)
{
	/* An option can't conflict with itself: a repeated option is not a conflict. */
	static const struct nst_opt_rule self[] = {
		{ .opt = 'A', .conflicts = { 'A', 'B' } },
		{ 0 },
	};
	struct nst_opts_seen a = given('A', 'A', 0);
	struct nst_opts_seen ab = given('A', 'B', 0);

	assert_ok(self, &a);
	assert_violation(self, &ab, NST_OPT_CONFLICT, 'A', 'B', &self[0]);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("optrules");
	TCase *tc;

	tc = tcase_create("seen");
	tcase_add_test(tc, test_seen_init);
	tcase_add_test(tc, test_seen_mark_order);
	tcase_add_test(tc, test_seen_mark_twice);
	tcase_add_test(tc, test_seen_mark_out_of_range);
	tcase_add_test(tc, test_seen_every_id);
	suite_add_tcase(s, tc);

	tc = tcase_create("conflicts");
	tcase_add_test(tc, test_check_nothing_given);
	tcase_add_test(tc, test_check_no_violation);
	tcase_add_test(tc, test_conflict_table_order);
	tcase_add_test(tc, test_conflict_reverse_order);
	tcase_add_test(tc, test_conflict_other_options_between);
	tcase_add_test(tc, test_conflict_later_in_list);
	tcase_add_test(tc, test_conflict_list_order);
	tcase_add_test(tc, test_conflict_repeated_option);
	tcase_add_test(tc, test_self_conflict_ignored);
	suite_add_tcase(s, tc);

	tc = tcase_create("requires");
	tcase_add_test(tc, test_requires_satisfied);
	tcase_add_test(tc, test_requires_unsatisfied);
	tcase_add_test(tc, test_requires_any_alternatives);
	tcase_add_test(tc, test_full_width_lists);
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_test(tc, test_message_passed_through);
	tcase_add_test(tc, test_rules_in_table_order);
	tcase_add_test(tc, test_conflict_before_requires_in_rule);
	tcase_add_test(tc, test_table_ends_at_zero_opt);
	tcase_add_test(tc, test_reterr_optional);
	suite_add_tcase(s, tc);

	return s;
}
