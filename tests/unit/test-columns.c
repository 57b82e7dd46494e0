/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/columns.c: lsns -o lists, replace and +append, errors, case, limits. */
#include <errno.h>
#include <string.h>

#include "columns.h"
#include "macro.h"
#include "unit.h"

/* A column table like lsns's; the parser knows nothing of it. */
static const char *const names[] = { "NS", "TYPE", "PATH", "NPROCS", "PID", "PPID", "NETNSID" };
enum { NS, TYPE, PATH, NPROCS, PID, PPID, NETNSID };

#define MAX 6

struct result {
	int r;
	int cols[MAX];
	size_t n;
	const char *bad;
	size_t bad_len;
};

/* Parse list over the starting columns start[0..n_start). */
static struct result parse(const char *list, const int *start, size_t n_start)
{
	struct result res = { .bad = NULL };

	for (size_t i = 0; i < MAX; i++)
		res.cols[i] = -1;
	memcpy(res.cols, start, n_start * sizeof(*start));
	res.n = n_start;
	res.r = nst_columns_parse(list, names, ARRAY_SIZE(names), res.cols, MAX, &res.n, &res.bad,
				  &res.bad_len);
	return res;
}

static const int defaults[] = { NS, TYPE, PID };

/* A successful parse that left exactly the columns want[0..n). */
#define assert_cols(res, ...)                                                                  \
	do {                                                                                   \
		const struct result got_ = (res);                                              \
		const int want_[] = { __VA_ARGS__ };                                           \
		ck_assert_int_eq(got_.r, 0);                                                   \
		ck_assert_uint_eq(got_.n, ARRAY_SIZE(want_));                                  \
		for (size_t i_ = 0; i_ < ARRAY_SIZE(want_); i_++)                              \
			ck_assert_int_eq(got_.cols[i_], want_[i_]);                            \
	} while (0)

START_TEST(test_lookup)
{
	ck_assert_int_eq(nst_column_lookup(names, ARRAY_SIZE(names), "NS", 2), NS);
	ck_assert_int_eq(nst_column_lookup(names, ARRAY_SIZE(names), "netnsid", 7), NETNSID);
	ck_assert_int_eq(nst_column_lookup(names, ARRAY_SIZE(names), "PiD", 3), PID);
	/* only the first len bytes count, and they must be the whole name */
	ck_assert_int_eq(nst_column_lookup(names, ARRAY_SIZE(names), "PIDX", 3), PID);
	ck_assert_int_eq(nst_column_lookup(names, ARRAY_SIZE(names), "PI", 2), -EINVAL);
	ck_assert_int_eq(nst_column_lookup(names, ARRAY_SIZE(names), "PPIDS", 5), -EINVAL);
	ck_assert_int_eq(nst_column_lookup(names, ARRAY_SIZE(names), "", 0), -EINVAL);
}
END_TEST

START_TEST(test_replace)
{
	assert_cols(parse("PATH,nprocs,Pid", defaults, ARRAY_SIZE(defaults)), PATH, NPROCS, PID);
	assert_cols(parse("TYPE", defaults, ARRAY_SIZE(defaults)), TYPE);
}
END_TEST

START_TEST(test_append)
{
	assert_cols(parse("+PATH,ppid", defaults, ARRAY_SIZE(defaults)), NS, TYPE, PID, PATH, PPID);
	/* onto nothing, "+" is a plain list */
	assert_cols(parse("+NS", NULL, 0), NS);
}
END_TEST

START_TEST(test_repeats_allowed)
{
	assert_cols(parse("NS,ns,NS", NULL, 0), NS, NS, NS);
}
END_TEST

/* An error leaves the columns as they were, and names the first bad item. */
static void assert_unknown(const char *list, const char *bad_item)
{
	struct result res = parse(list, defaults, ARRAY_SIZE(defaults));

	ck_assert_msg(res.r == -EINVAL, "'%s': %d", list, res.r);
	ck_assert_ptr_nonnull(res.bad);
	ck_assert_msg(res.bad >= list && res.bad + res.bad_len <= list + strlen(list),
		      "'%s': the bad item points outside the list", list);
	ck_assert_uint_eq(res.bad_len, strlen(bad_item));
	ck_assert_msg(strncmp(res.bad, bad_item, res.bad_len) == 0, "'%s': bad item '%.*s'", list,
		      (int)res.bad_len, res.bad);
	ck_assert_uint_eq(res.n, ARRAY_SIZE(defaults));
	ck_assert_int_eq(res.cols[0], NS);
	ck_assert_int_eq(res.cols[1], TYPE);
	ck_assert_int_eq(res.cols[2], PID);
	ck_assert_int_eq(res.cols[3], -1);
}

START_TEST(test_unknown)
{
	assert_unknown("BOGUS", "BOGUS");
	assert_unknown("NS,BOGUS,TYPE", "BOGUS");
	assert_unknown("+PATH,BOGUS", "BOGUS");
	assert_unknown("NS,BAD1,BAD2", "BAD1");
	assert_unknown("NS TYPE", "NS TYPE");
	assert_unknown("NS ", "NS ");
	assert_unknown("++NS", "+NS");
	assert_unknown("NS,+PATH", "+PATH");
}
END_TEST

START_TEST(test_empty_items)
{
	assert_unknown("", "");
	assert_unknown("+", "");
	assert_unknown("NS,,TYPE", "");
	assert_unknown("NS,", "");
	assert_unknown(",NS", "");
	assert_unknown(",", "");
}
END_TEST

START_TEST(test_too_many)
{
	struct result res;

	assert_cols(parse("NS,NS,NS,NS,NS,NS", NULL, 0), NS, NS, NS, NS, NS, NS);
	res = parse("NS,NS,NS,NS,NS,NS,NS", defaults, ARRAY_SIZE(defaults));
	ck_assert_int_eq(res.r, -E2BIG);
	ck_assert_uint_eq(res.n, ARRAY_SIZE(defaults));
	ck_assert_int_eq(res.cols[0], NS);
	ck_assert_int_eq(res.cols[3], -1);

	/* appending counts the columns already there */
	assert_cols(parse("+PATH,PATH,PATH", defaults, ARRAY_SIZE(defaults)), NS, TYPE, PID, PATH,
		    PATH, PATH);
	res = parse("+PATH,PATH,PATH,PATH", defaults, ARRAY_SIZE(defaults));
	ck_assert_int_eq(res.r, -E2BIG);
	ck_assert_uint_eq(res.n, ARRAY_SIZE(defaults));
}
END_TEST

START_TEST(test_first_error_wins)
{
	/* the unknown item comes after the limit is passed: the limit is the first error */
	struct result res = parse("NS,NS,NS,NS,NS,NS,NS,BOGUS", NULL, 0);

	ck_assert_int_eq(res.r, -E2BIG);
	/* and before it: the unknown item */
	res = parse("NS,BOGUS,NS,NS,NS,NS,NS,NS", NULL, 0);
	ck_assert_int_eq(res.r, -EINVAL);
	ck_assert_uint_eq(res.bad_len, 5);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("columns");
	TCase *tc = tcase_create("lists");

	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_replace);
	tcase_add_test(tc, test_append);
	tcase_add_test(tc, test_repeats_allowed);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_empty_items);
	tcase_add_test(tc, test_too_many);
	tcase_add_test(tc, test_first_error_wins);
	suite_add_tcase(s, tc);
	return s;
}
