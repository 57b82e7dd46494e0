/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the enter plan: a pure function, no privileges needed. */
#include "ns.h"
#include "unit.h"

#define M(t) NST_MASK(NST_##t)

START_TEST(privileged_user_last)
{
	struct nst_plan p;

	nst_plan_make(M(USER) | M(NET) | M(UTS), true, false, &p);
	ck_assert_uint_eq(p.first, M(NET) | M(UTS));
	ck_assert_uint_eq(p.second, M(USER));
	ck_assert(!p.need_fork);
}
END_TEST

START_TEST(unprivileged_user_first)
{
	struct nst_plan p;

	nst_plan_make(M(USER) | M(NET) | M(MNT), false, false, &p);
	ck_assert_uint_eq(p.first, M(USER));
	ck_assert_uint_eq(p.second, M(NET) | M(MNT));
}
END_TEST

START_TEST(no_user_namespace)
{
	struct nst_plan p;

	nst_plan_make(M(NET) | M(IPC), false, false, &p);
	ck_assert_uint_eq(p.first, M(NET) | M(IPC));
	ck_assert_uint_eq(p.second, 0);
	nst_plan_make(M(NET) | M(IPC), true, false, &p);
	ck_assert_uint_eq(p.first, M(NET) | M(IPC));
	ck_assert_uint_eq(p.second, 0);
}
END_TEST

START_TEST(only_user)
{
	struct nst_plan p;

	nst_plan_make(M(USER), true, false, &p);
	ck_assert_uint_eq(p.first | p.second, M(USER));
	nst_plan_make(M(USER), false, false, &p);
	ck_assert_uint_eq(p.first, M(USER));
	ck_assert_uint_eq(p.second, 0);
}
END_TEST

START_TEST(pid_needs_fork)
{
	struct nst_plan p;

	nst_plan_make(M(PID), true, false, &p);
	ck_assert(p.need_fork);
	nst_plan_make(M(PID) | M(USER), false, false, &p);
	ck_assert(p.need_fork);
	nst_plan_make(M(PID), true, true, &p);
	ck_assert(!p.need_fork);
	/* time namespaces apply to the caller at setns() time: no fork */
	nst_plan_make(M(TIME) | M(NET), true, false, &p);
	ck_assert(!p.need_fork);
}
END_TEST

START_TEST(every_type_in_exactly_one_pass)
{
	for (unsigned mask = 0; mask <= NST_MASK_ALL; mask++)
		for (int priv = 0; priv <= 1; priv++) {
			struct nst_plan p;

			nst_plan_make(mask, priv, false, &p);
			ck_assert_uint_eq(p.first | p.second, mask);
			ck_assert_uint_eq(p.first & p.second, 0);
			ck_assert(p.need_fork == !!(mask & M(PID)));
		}
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");

	tcase_add_test(tc, privileged_user_last);
	tcase_add_test(tc, unprivileged_user_first);
	tcase_add_test(tc, no_user_namespace);
	tcase_add_test(tc, only_user);
	tcase_add_test(tc, pid_needs_fork);
	tcase_add_test(tc, every_type_in_exactly_one_pass);
	suite_add_tcase(s, tc);
	return s;
}
