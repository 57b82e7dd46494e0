/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzer finding (tests/fuzz/fuzz-filter): a -Q regex must not cost unbounded memory. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "filter.h"
#include "unit.h"

/*
 * glibc's regcomp() needs memory exponential in a run of repetition operators:
 * 'COMMAND =~ "a++++++++++++++++++++++++"' (24 '+') asks for about 11 GiB, 18 for 170 MiB.
 * lsns -Q must reject such a pattern (or bound it) instead of eating the machine's memory.
 * The check: parsing an 18-'+' pattern may grow our peak RSS by at most 32 MiB.
 */
START_TEST(filter_regex_memory_bounded)
{
	char expr[64] = "COMMAND =~ \"a";
	struct nst_filter *f = NULL;
	struct rusage before, after;
	char *msg = NULL;
	long grown;

	memset(expr + strlen(expr), '+', 18);
	strcat(expr, "\"");
	ck_assert_int_eq(getrusage(RUSAGE_SELF, &before), 0);
	(void)nst_filter_parse(expr, &f, &msg);
	ck_assert_int_eq(getrusage(RUSAGE_SELF, &after), 0);
	grown = after.ru_maxrss - before.ru_maxrss;	/* KiB */
	ck_assert_msg(grown < 32 * 1024, "parsing '%s' grew the peak RSS by %ld KiB", expr, grown);
	free(msg);
	nst_filter_free(f);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("fuzz-filter");
	TCase *tc = tcase_create("fuzz-filter");

	tcase_add_test(tc, filter_regex_memory_bounded);
	suite_add_tcase(s, tc);
	return s;
}
