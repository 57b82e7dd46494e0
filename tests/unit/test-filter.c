/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/filter.c: the -Q grammar, evaluation, and every kind of malformed input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"
#include "unit.h"

/* A fixed row: NS=4026531840 TYPE=net NPROCS=12 PID empty COMMAND="/sbin/init splash". */
static const char *const row_names[] = { "NS", "TYPE", "NPROCS", "PID", "COMMAND", "HOLDER" };
static const char *const row_cells[] = { "4026531840", "net", "12", NULL, "/sbin/init splash",
					 "process,fd" };
static unsigned calls;

static const char *row_cell(void *userdata, size_t column)
{
	const struct nst_filter *f = userdata;
	const char *name = nst_filter_column(f, column);

	calls++;
	for (size_t i = 0; i < sizeof(row_names) / sizeof(row_names[0]); i++)
		if (strcasecmp(name, row_names[i]) == 0)
			return row_cells[i];
	return NULL;
}

static int match(const char *expr)
{
	struct nst_filter *f = NULL;
	char *err = NULL;
	int r = nst_filter_parse(expr, &f, &err);

	ck_assert_msg(r == 0, "'%s' did not parse: %s", expr, err ? err : "?");
	r = nst_filter_match(f, row_cell, f);
	nst_filter_free(f);
	return r;
}

START_TEST(test_comparisons)
{
	static const struct {
		const char *expr;
		int want;
	} cases[] = {
		{ "TYPE == \"net\"", 1 },	{ "TYPE eq 'net'", 1 },	   { "TYPE != \"net\"", 0 },
		{ "TYPE ne \"mnt\"", 1 },	{ "NPROCS > 2", 1 },	   { "NPROCS gt 12", 0 },
		{ "NPROCS >= 12", 1 },		{ "NPROCS ge 13", 0 },	   { "NPROCS < 100", 1 },
		{ "NPROCS lt 2", 0 },		{ "NPROCS <= 12", 1 },	   { "NPROCS le 11", 0 },
		{ "NS == 4026531840", 1 },	{ "NPROCS == 12.0", 1 },   { "PID == 1", 0 },
		{ "PID != 1", 1 },		{ "PID", 0 },		   { "TYPE", 1 },
		{ "COMMAND =~ \"^/sbin\"", 1 }, { "COMMAND !~ \"init\"", 0 },
		{ "HOLDER =~ \"(^|,)fd(,|$)\"", 1 },
		{ "COMMAND =~ \"^[+*]*/s+b\\\\+*in\"", 1 },	{ "COMMAND =~ \"i{1,3}t\"", 1 },
		{ "type == \"net\"", 1 },	{ "true", 1 },		   { "false", 0 },
		{ "TYPE < \"pid\"", 1 },	{ "\"abc\" == 'abc'", 1 },   { "1 == 1", 1 },
		{ "TYPE == \"n\\\"et\"", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(match(cases[i].expr) == cases[i].want, "'%s' should give %d",
			      cases[i].expr, cases[i].want);
}
END_TEST

START_TEST(test_logic_and_precedence)
{
	ck_assert_int_eq(match("TYPE == \"net\" && NPROCS > 2"), 1);
	ck_assert_int_eq(match("TYPE == \"net\" and NPROCS > 20"), 0);
	ck_assert_int_eq(match("TYPE == \"mnt\" || NPROCS > 2"), 1);
	ck_assert_int_eq(match("TYPE == \"mnt\" OR NPROCS > 20"), 0);
	ck_assert_int_eq(match("!(TYPE == \"mnt\")"), 1);
	ck_assert_int_eq(match("not TYPE == \"net\""), 0);
	ck_assert_int_eq(match("! ! TYPE"), 1);
	/* && binds tighter than || */
	ck_assert_int_eq(match("TYPE == \"net\" || TYPE == \"mnt\" && NPROCS > 100"), 1);
	ck_assert_int_eq(match("(TYPE == \"net\" || TYPE == \"mnt\") && NPROCS > 100"), 0);
	ck_assert_int_eq(match("((((TYPE == \"net\"))))"), 1);
}
END_TEST

START_TEST(test_lazy)
{
	struct nst_filter *f = NULL;
	char *err = NULL;

	ck_assert_int_eq(nst_filter_parse("TYPE == \"mnt\" && COMMAND =~ \"x\" && PID", &f, &err), 0);
	ck_assert_int_eq(nst_filter_n_columns(f), 3);
	ck_assert_str_eq(nst_filter_column(f, 0), "TYPE");
	ck_assert_str_eq(nst_filter_column(f, 1), "COMMAND");
	ck_assert_str_eq(nst_filter_column(f, 2), "PID");
	ck_assert_ptr_null(nst_filter_column(f, 3));
	calls = 0;
	ck_assert_int_eq(nst_filter_match(f, row_cell, f), 0);
	ck_assert_int_eq(calls, 1);	/* TYPE decides; COMMAND and PID are never read */
	nst_filter_free(f);

	ck_assert_int_eq(nst_filter_parse("TYPE == \"x\" || TYPE == \"net\" || Type == \"y\"", &f,
					  &err), 0);
	ck_assert_int_eq(nst_filter_n_columns(f), 1);	/* case-insensitive, listed once */
	calls = 0;
	ck_assert_int_eq(nst_filter_match(f, row_cell, f), 1);
	ck_assert_int_eq(calls, 1);	/* cached per row */
	nst_filter_free(f);
}
END_TEST

START_TEST(test_malformed)
{
	static const struct {
		const char *expr, *msg;
	} cases[] = {
		{ "", "empty expression" },
		{ "   ", "empty expression" },
		{ "TYPE ==", "expected a column, number or string at position 8" },
		{ "== 1", "expected a column, number or string at position 1" },
		{ "(TYPE == \"net\"", "missing ')' for the '(' at position 1" },
		{ "TYPE == \"net\")", "unexpected ')' at position 14" },
		{ "TYPE == \"net", "unterminated string" },
		{ "TYPE == 'net", "unterminated string" },
		{ "TYPE && ", "expected a column" },
		{ "|| TYPE", "expected a column" },
		{ "TYPE TYPE", "unexpected a value at position 6" },
		{ "NPROCS > 12abc", "invalid number at position 10" },
		{ "TYPE # 1", "unexpected character '#'" },
		{ "TYPE = 1", "unexpected character '='" },
		{ "TYPE & NS", "unexpected character '&'" },
		{ "COMMAND =~ 1", "the right side of =~ must be a string" },
		{ "COMMAND !~ TYPE", "the right side of !~ must be a string" },
		{ "COMMAND =~ \"(\"", "invalid regular expression '('" },
		{ "COMMAND =~ \"a++++++++++++++++++\"", "repeated repetition operator" },
		{ "COMMAND =~ \"a{2}{3}\"", "repeated repetition operator" },
		{ "COMMAND =~ \"a*?\"", "repeated repetition operator" },
		{ "COMMAND =~ \"a{1000}\"", "repetition count above 255" },
		{ "NS < 1 < 2", "comparisons cannot be chained" },
		{ "()", "expected a column, number or string at position 2" },
		{ "!", "expected a column, number or string" },
		{ "NOT", "expected a column, number or string" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nst_filter *f = (struct nst_filter *)1;
		char *err = NULL;
		int r = nst_filter_parse(cases[i].expr, &f, &err);

		ck_assert_msg(r == -EINVAL, "'%s' gave %d", cases[i].expr, r);
		ck_assert_ptr_eq(f, (struct nst_filter *)1);	/* untouched on failure */
		ck_assert_msg(err && strstr(err, cases[i].msg), "'%s': message '%s', want '%s'",
			      cases[i].expr, err ? err : "(null)", cases[i].msg);
		free(err);
	}
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("filter");

	tcase_add_test(tc, test_comparisons);
	tcase_add_test(tc, test_logic_and_precedence);
	tcase_add_test(tc, test_lazy);
	tcase_add_test(tc, test_malformed);
	suite_add_tcase(s, tc);
	return s;
}
