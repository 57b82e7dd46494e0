/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/subid.c: subid lines, files, id-map chains with holes, "all". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "subid.h"
#include "unit.h"

const char *nst_test_skip_reason(void)
{
	return NULL;
}

START_TEST(lines_match_by_name_or_number)
{
	uint32_t s = 7, n = 7;

	ck_assert_int_eq(nst_subid_match_line("alice:100000:65536", "alice", 1000, &s, &n), 1);
	ck_assert_uint_eq(s, 100000);
	ck_assert_uint_eq(n, 65536);
	ck_assert_int_eq(nst_subid_match_line("1000:5:10\n", "alice", 1000, &s, &n), 1);
	ck_assert_uint_eq(s, 5);
	ck_assert_uint_eq(n, 10);
	/* someone else's line, comments and blank lines are skipped, never parsed as ours */
	s = n = 7;
	ck_assert_int_eq(nst_subid_match_line("bob:100000:65536", "alice", 1000, &s, &n), 0);
	ck_assert_int_eq(nst_subid_match_line("1001:1:1", "alice", 1000, &s, &n), 0);
	ck_assert_int_eq(nst_subid_match_line("# alice:1:1", "alice", 1000, &s, &n), 0);
	ck_assert_int_eq(nst_subid_match_line("", "alice", 1000, &s, &n), 0);
	ck_assert_int_eq(nst_subid_match_line("alice:1:1", NULL, 1000, &s, &n), 0);
	ck_assert_uint_eq(s, 7);
	ck_assert_uint_eq(n, 7);
}
END_TEST

START_TEST(malformed_lines)
{
	static const char *const bad[] = {
		"alice", "alice:1", "alice:1:", "alice::1", ":1:1", "alice:x:1", "alice:1:0",
		"alice:1:1:1", "alice:4294967295:2", "alice:-1:5", "alice: 1:5",
	};
	uint32_t s = 7, n = 7;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(nst_subid_match_line(bad[i], "alice", 1000, &s, &n) == -EINVAL,
			      "accepted '%s'", bad[i]);
	ck_assert_uint_eq(s, 7);
}
END_TEST

static char *write_tmp(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/nst-subid-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

START_TEST(files)
{
	struct nst_idmap_range r = { 9, 9, 9 };
	char *p = write_tmp("# comment\nbob:1:2\nalice:300000:65536\nalice:1:1\n");

	ck_assert_int_eq(nst_subid_find(p, "alice", 1000, &r), 0);
	ck_assert_uint_eq(r.inner, 0);
	ck_assert_uint_eq(r.outer, 300000);
	ck_assert_uint_eq(r.count, 65536);
	ck_assert_int_eq(nst_subid_find(p, "carol", 1002, &r), -ESRCH);
	unlink(p);
	p = write_tmp("bob:1\nalice:1:1\n");
	ck_assert_int_eq(nst_subid_find(p, "alice", 1000, &r), -EINVAL);
	unlink(p);
	ck_assert_int_eq(nst_subid_find("/nonexistent/subuid", "alice", 1000, &r), -ENOENT);
}
END_TEST

static void check_chain(const struct nst_idmap_chain *c, const uint32_t (*want)[3], size_t n)
{
	ck_assert_uint_eq(c->n, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(c->r[i].inner, want[i][0]);
		ck_assert_uint_eq(c->r[i].outer, want[i][1]);
		ck_assert_uint_eq(c->r[i].count, want[i][2]);
	}
}

START_TEST(chain_without_single)
{
	struct nst_idmap_chain c = { .n = 0 };
	struct nst_idmap_range r = { 0, 100000, 10 };
	static const uint32_t want[][3] = { { 0, 100000, 10 } };

	ck_assert_int_eq(nst_idmap_chain_add(&c, &r, NULL, false), 0);
	check_chain(&c, want, 1);
}
END_TEST

START_TEST(chain_holes)
{
	struct nst_idmap_chain c = { .n = 0 };
	struct nst_idmap_range single = { 5, 1000, 1 }, r = { 0, 100000, 10 };
	static const uint32_t inner_hole[][3] = { { 0, 100000, 5 }, { 6, 100006, 4 } };

	ck_assert_int_eq(nst_idmap_chain_add(&c, &r, &single, false), 0);
	check_chain(&c, inner_hole, 2);

	/* the outer id too: a second hole */
	static const uint32_t two_holes[][3] = { { 0, 995, 5 }, { 6, 1001, 4 } };
	struct nst_idmap_range r2 = { 0, 995, 10 };

	c.n = 0;
	ck_assert_int_eq(nst_idmap_chain_add(&c, &r2, &single, false), 0);
	check_chain(&c, two_holes, 2);

	/* same offset on both sides: one hole only */
	static const uint32_t one_hole[][3] = { { 0, 995, 5 }, { 6, 1001, 4 } };
	struct nst_idmap_range single2 = { 5, 1000, 1 };

	c.n = 0;
	ck_assert_int_eq(nst_idmap_chain_add(&c, &r2, &single2, false), 0);
	check_chain(&c, one_hole, 2);

	/* at the edges */
	static const uint32_t edge[][3] = { { 1, 100001, 9 } };
	struct nst_idmap_range root = { 0, 1000, 1 };

	c.n = 0;
	ck_assert_int_eq(nst_idmap_chain_add(&c, &r, &root, false), 0);
	check_chain(&c, edge, 1);
}
END_TEST

START_TEST(chain_auto_shifts)
{
	/* util-linux#4457: -r with an auto range keeps every subordinate id */
	struct nst_idmap_chain c = { .n = 0 };
	struct nst_idmap_range root = { 0, 1000, 1 }, r = { 0, 300000, 65536 };
	static const uint32_t want[][3] = { { 1, 300000, 65536 } };

	ck_assert_int_eq(nst_idmap_chain_add(&c, &r, &root, true), 0);
	check_chain(&c, want, 1);

	struct nst_idmap_range mid = { 10, 1000, 1 };
	static const uint32_t want_mid[][3] = { { 0, 300000, 10 }, { 11, 300010, 65526 } };

	c.n = 0;
	ck_assert_int_eq(nst_idmap_chain_add(&c, &r, &mid, true), 0);
	check_chain(&c, want_mid, 2);
}
END_TEST

START_TEST(chain_limit)
{
	struct nst_idmap_chain *c = calloc(1, sizeof(*c));
	struct nst_idmap_range r = { 0, 1, 1 };

	ck_assert_ptr_nonnull(c);
	for (size_t i = 0; i < NST_IDMAP_MAX; i++)
		ck_assert_int_eq(nst_idmap_chain_add(c, &r, NULL, false), 0);
	ck_assert_int_eq(nst_idmap_chain_add(c, &r, NULL, false), -E2BIG);
	r.count = 0;
	ck_assert_int_eq(nst_idmap_chain_add(c, &r, NULL, false), -EINVAL);
	free(c);
}
END_TEST

START_TEST(identity)
{
	struct nst_idmap_chain c = { .n = 0 };
	static const uint32_t want[][3] = { { 0, 0, 1 }, { 1000, 1000, 10 } };

	ck_assert_int_eq(nst_idmap_parse_identity("         0     100000          1\n"
						  "      1000     200000         10\n", &c), 0);
	check_chain(&c, want, 2);
	c.n = 0;
	ck_assert_int_eq(nst_idmap_parse_identity("0 0 4294967295\n", &c), 0);
	ck_assert_uint_eq(c.r[0].count, 4294967295u);
	ck_assert_int_eq(nst_idmap_parse_identity("0 0\n", &c), -EINVAL);
	ck_assert_int_eq(nst_idmap_parse_identity("1 0 4294967295\n", &c), -EINVAL);
	ck_assert_int_eq(nst_idmap_parse_identity("0 0 0\n", &c), -EINVAL);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("subid");
	TCase *tc = tcase_create("subid");

	tcase_add_test(tc, lines_match_by_name_or_number);
	tcase_add_test(tc, malformed_lines);
	tcase_add_test(tc, files);
	tcase_add_test(tc, chain_without_single);
	tcase_add_test(tc, chain_holes);
	tcase_add_test(tc, chain_auto_shifts);
	tcase_add_test(tc, chain_limit);
	tcase_add_test(tc, identity);
	suite_add_tcase(s, tc);
	return s;
}
