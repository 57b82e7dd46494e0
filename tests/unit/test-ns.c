/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the namespace table: lookups, masks, lists, and opening files by path. */
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"
#include "missing.h"
#include "ns.h"
#include "unit.h"

START_TEST(table_round_trip)
{
	unsigned seen_flags = 0;

	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		const struct nst_type_info *info = nst_type_info((enum nst_type)t);

		ck_assert_ptr_nonnull(info);
		ck_assert_int_eq(nst_type_from_name(info->name), t);
		ck_assert_int_eq(nst_type_from_name(info->long_opt), t);
		ck_assert_int_eq(nst_type_from_clone_flag(info->clone_flag), t);
		ck_assert_int_eq(nst_type_from_short_opt(info->short_opt), t);
		ck_assert_ptr_nonnull(info->desc);
		/* every flag is a single distinct bit */
		ck_assert_int_eq(__builtin_popcount((unsigned)info->clone_flag), 1);
		ck_assert_int_eq(seen_flags & (unsigned)info->clone_flag, 0);
		seen_flags |= (unsigned)info->clone_flag;
	}
}
END_TEST

START_TEST(table_known_values)
{
	ck_assert_int_eq(nst_type_from_name("mnt"), NST_MNT);
	ck_assert_int_eq(nst_type_from_name("mount"), NST_MNT);
	ck_assert_int_eq(nst_type_from_name("net"), NST_NET);
	ck_assert_int_eq(nst_type_from_clone_flag(CLONE_NEWNS), NST_MNT);
	ck_assert_int_eq(nst_type_from_clone_flag(CLONE_NEWTIME), NST_TIME);
	ck_assert_int_eq(nst_type_from_clone_flag(CLONE_NEWCGROUP), NST_CGROUP);
	ck_assert_int_eq(nst_type_from_short_opt('U'), NST_USER);
	ck_assert_int_eq(nst_type_from_short_opt('C'), NST_CGROUP);
	ck_assert_str_eq(nst_type_info(NST_PID)->for_children, "pid_for_children");
	ck_assert_str_eq(nst_type_info(NST_TIME)->for_children, "time_for_children");
	ck_assert_ptr_null(nst_type_info(NST_NET)->for_children);
}
END_TEST

START_TEST(table_bad_lookups)
{
	ck_assert_int_eq(nst_type_from_name(NULL), -EINVAL);
	ck_assert_int_eq(nst_type_from_name(""), -EINVAL);
	ck_assert_int_eq(nst_type_from_name("network"), -EINVAL);
	ck_assert_int_eq(nst_type_from_name("NET"), -EINVAL);
	ck_assert_int_eq(nst_type_from_name("net "), -EINVAL);
	ck_assert_int_eq(nst_type_from_clone_flag(0), -EINVAL);
	ck_assert_int_eq(nst_type_from_clone_flag(CLONE_NEWNET | CLONE_NEWUTS), -EINVAL);
	ck_assert_int_eq(nst_type_from_short_opt('x'), -EINVAL);
	ck_assert_ptr_null(nst_type_info(_NST_TYPE_MAX));
	ck_assert_ptr_null(nst_type_info((enum nst_type)-1));
}
END_TEST

START_TEST(enter_order_is_a_permutation)
{
	unsigned mask = 0;

	ck_assert_int_eq(nst_enter_order[0], NST_USER);
	for (int i = 0; i < _NST_TYPE_MAX; i++)
		mask |= NST_MASK(nst_enter_order[i]);
	ck_assert_uint_eq(mask, NST_MASK_ALL);
}
END_TEST

START_TEST(masks_and_flags)
{
	unsigned mask = 0;
	int flags = CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWUSER;

	ck_assert_int_eq(nst_mask_from_clone_flags(flags, &mask), 0);
	ck_assert_uint_eq(mask, NST_MASK(NST_NET) | NST_MASK(NST_UTS) | NST_MASK(NST_USER));
	ck_assert_int_eq(nst_mask_to_clone_flags(mask), flags);
	ck_assert_int_eq(nst_mask_to_clone_flags(0), 0);
	ck_assert_int_eq(nst_mask_from_clone_flags(0, &mask), 0);
	ck_assert_uint_eq(mask, 0);
	mask = 7;
	ck_assert_int_eq(nst_mask_from_clone_flags(CLONE_NEWNET | CLONE_VM, &mask), -EINVAL);
	ck_assert_uint_eq(mask, 7); /* untouched on failure */
}
END_TEST

START_TEST(list_good)
{
	unsigned mask = 0;

	ck_assert_int_eq(nst_mask_from_list("net", &mask, NULL), 0);
	ck_assert_uint_eq(mask, NST_MASK(NST_NET));
	ck_assert_int_eq(nst_mask_from_list("net,uts,mount", &mask, NULL), 0);
	ck_assert_uint_eq(mask, NST_MASK(NST_NET) | NST_MASK(NST_UTS) | NST_MASK(NST_MNT));
	ck_assert_int_eq(nst_mask_from_list("cgroup,ipc,mnt,net,pid,time,user,uts", &mask, NULL),
			 0);
	ck_assert_uint_eq(mask, NST_MASK_ALL);
	ck_assert_int_eq(nst_mask_from_list("net,net", &mask, NULL), 0);
	ck_assert_uint_eq(mask, NST_MASK(NST_NET));
}
END_TEST

START_TEST(list_bad)
{
	static const struct {
		const char *s;
		size_t pos;
	} bad[] = {
		{ "", 0 },	   { ",", 0 },	     { "net,", 4 },	   { ",net", 0 },
		{ "net,,uts", 4 }, { "net,foo", 4 }, { "net uts", 0 },	   { "NET", 0 },
		{ "networkx", 0 }, { "net;uts", 0 }, { "a_very_long_namespace_name", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		unsigned mask = 42;
		size_t pos = 999;

		ck_assert_msg(nst_mask_from_list(bad[i].s, &mask, &pos) == -EINVAL, "%s", bad[i].s);
		ck_assert_uint_eq(mask, 42);
		ck_assert_msg(pos == bad[i].pos, "'%s': pos %zu", bad[i].s, pos);
	}
	ck_assert_int_eq(nst_mask_from_list(NULL, &(unsigned){ 0 }, NULL), -EINVAL);
}
END_TEST

START_TEST(open_path_rejects_non_nsfs)
{
	ck_assert_int_eq(nst_open_path("/etc/passwd", NST_NET), -EINVAL);
	ck_assert_int_eq(nst_open_path("/etc/passwd", _NST_TYPE_INVALID), -EINVAL);
	ck_assert_int_eq(nst_open_path("/proc/self/status", NST_NET), -EINVAL);
	ck_assert_int_eq(nst_open_path("/nonexistent/ns", NST_NET), -ENOENT);
	ck_assert_int_eq(nst_open_path("", NST_NET), -EINVAL);
	ck_assert_int_eq(nst_open_path(NULL, NST_NET), -EINVAL);
}
END_TEST

START_TEST(open_path_checks_type)
{
	int fd;

	/* the right type opens; every other type is refused */
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/self/ns/%s",
			 nst_type_info((enum nst_type)t)->name);
		for (int want = 0; want < _NST_TYPE_MAX; want++) {
			fd = nst_open_path(path, (enum nst_type)want);
			if (want == t) {
				ck_assert_int_ge(fd, 0);
				ck_assert_int_eq(nst_fd_type(fd), t);
				ck_assert_int_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
				close(fd);
			} else {
				ck_assert_int_eq(fd, -EINVAL);
			}
		}
		fd = nst_open_path(path, _NST_TYPE_INVALID);
		ck_assert_int_ge(fd, 0);
		close(fd);
	}
}
END_TEST

START_TEST(fd_type_of_non_ns)
{
	int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(nst_fd_is_nsfs(fd), 0);
	ck_assert_int_lt(nst_fd_type(fd), 0);
	close(fd);
	ck_assert_int_eq(nst_fd_is_nsfs(-1), -EBADF);
}
END_TEST

START_TEST(set_init_done)
{
	struct nst_set set;
	int fd;

	nst_set_init(&set);
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		ck_assert_int_eq(set.fd[t], -EBADF);
	ck_assert_int_eq(set.pidfd, -EBADF);
	ck_assert_int_eq(set.procfd, -EBADF);
	ck_assert_int_eq(nst_set_alive(&set), -EBADF);	/* nothing pinned */
	fd = nst_open(0, NST_NET);
	ck_assert_int_ge(fd, 0);
	nst_set_put(&set, NST_NET, fd);
	ck_assert_int_eq(set.fd[NST_NET], fd);
	nst_set_done(&set);
	ck_assert_int_eq(set.fd[NST_NET], -EBADF);
	/* the fd really was closed */
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
	nst_set_done(&set); /* idempotent */
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("ns");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, table_round_trip);
	tcase_add_test(tc, table_known_values);
	tcase_add_test(tc, table_bad_lookups);
	tcase_add_test(tc, enter_order_is_a_permutation);
	tcase_add_test(tc, masks_and_flags);
	tcase_add_test(tc, list_good);
	tcase_add_test(tc, list_bad);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_test(tc, open_path_rejects_non_nsfs);
	tcase_add_test(tc, open_path_checks_type);
	tcase_add_test(tc, fd_type_of_non_ns);
	tcase_add_test(tc, set_init_done);
	suite_add_tcase(s, tc);
	return s;
}
