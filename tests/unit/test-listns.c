/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/listns.c: listns() finds namespaces no process is in (Linux > 6.18). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "listns.h"
#include "macro.h"
#include "ns.h"
#include "unit.h"

static int count_cb(int fd, void *ctx)
{
	(void)fd;
	++*(int *)ctx;
	return 0;
}

const char *nst_test_skip_reason(void)
{
	static char why[128];
	int calls = 0;
	int r = nst_listns_each(NST_MASK(NST_NET), count_cb, &calls);

	if (r >= 0)
		return NULL;
	/* the unsupported path must not have reported anything */
	snprintf(why, sizeof(why), "listns() or lookup by namespace ID unsupported (%s, %d calls)",
		 strerror(-r), calls);
	return why;
}

struct seek {
	ino_t ino;
	enum nst_type type;
	int found, wrong_type;
};

static int seek_cb(int fd, void *ctx)
{
	struct seek *s = ctx;
	struct stat st;

	if (nst_fd_type(fd) != s->type)
		s->wrong_type++;
	if (fstat(fd, &st) == 0 && st.st_ino == s->ino)
		s->found++;
	return 0;
}

/* A net namespace that only an fd of ours holds (no process is in it) is listed once. */
START_TEST(finds_fd_held_namespace)
{
	_cleanup_close_ int orig = nst_open(0, NST_NET), held = -EBADF;
	struct stat st;

	ck_assert_int_ge(orig, 0);
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	held = nst_open(0, NST_NET);
	ck_assert_int_ge(held, 0);
	ck_assert_int_eq(setns(orig, CLONE_NEWNET), 0);
	ck_assert_int_eq(fstat(held, &st), 0);

	struct seek s = { .ino = st.st_ino, .type = NST_NET };
	ck_assert_int_eq(nst_listns_each(NST_MASK(NST_NET), seek_cb, &s), 0);
	ck_assert_int_eq(s.found, 1);
	ck_assert_int_eq(s.wrong_type, 0);

	/* control: asked for uts only, the net namespace is not reported */
	struct seek u = { .ino = st.st_ino, .type = NST_UTS };
	ck_assert_int_eq(nst_listns_each(NST_MASK(NST_UTS), seek_cb, &u), 0);
	ck_assert_int_eq(u.found, 0);
	ck_assert_int_eq(u.wrong_type, 0);
}
END_TEST

static int stop_cb(int fd, void *ctx)
{
	(void)fd;
	++*(int *)ctx;
	return -ECANCELED;
}

START_TEST(callback_error_stops_the_walk)
{
	int calls = 0;

	ck_assert_int_eq(nst_listns_each(NST_MASK_ALL, stop_cb, &calls), -ECANCELED);
	ck_assert_int_eq(calls, 1);
	/* an empty mask lists nothing */
	calls = 0;
	ck_assert_int_eq(nst_listns_each(0, count_cb, &calls), 0);
	ck_assert_int_eq(calls, 0);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("listns");
	TCase *tc = tcase_create("listns");

	tcase_add_test(tc, finds_fd_held_namespace);
	tcase_add_test(tc, callback_error_stops_the_walk);
	suite_add_tcase(s, tc);
	return s;
}
