/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/scan.c on the real /proc (the fixture tests are in test-scan.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "scan.h"
#include "unit.h"

START_TEST(live_own_namespaces)
{
	struct nst_scan scan;
	struct nst_id id;
	const struct nst_scan_facts *f;
	const struct nst_scan_ns *ns;
	const uint32_t *m;
	char *cmd = NULL;
	pid_t ppid;
	size_t n;
	bool found = false;
	int idx, netnsid = -2;

	nst_scan_init(&scan);
	ck_assert_int_eq(nst_scan_run(&scan, NULL, NST_MASK_ALL), 0);
	ck_assert_int_eq(nst_pid_id(0, NST_NET, false, &id), 0);
	idx = nst_scan_find(&scan, NST_NET, id.ino);
	ck_assert_int_ge(idx, 0);
	ns = &scan.ns[idx];
	ck_assert_uint_eq(ns->dev, id.dev);
	ck_assert_uint_ge(ns->nprocs, 1);
	ck_assert_int_le(ns->pid, getpid());
	m = nst_scan_members(&scan, (size_t)idx, &n);
	for (size_t i = 0; i < n; i++)
		found |= scan.procs[m[i]].pid == getpid();
	ck_assert(found);
	ck_assert_uint_eq(scan.procs[nst_scan_find_proc(&scan, getpid())].uid, geteuid());

	/* the member whose facts we ask is alive (we are one), so they must be there */
	ck_assert_int_eq(nst_scan_facts(&scan, (size_t)idx, &f, NULL), 0);
	ck_assert_uint_eq(f->parent_ino, 0);
	ck_assert_int_eq(nst_scan_netnsid(&scan, (size_t)idx, &netnsid), 0);
	ck_assert_int_ge(netnsid, -1);
	ck_assert_int_eq(nst_scan_netnsid(&scan, (size_t)idx, &netnsid), 0);	/* cached */

	ck_assert_int_eq(nst_pid_id(0, NST_USER, false, &id), 0);
	idx = nst_scan_find(&scan, NST_USER, id.ino);
	ck_assert_int_ge(idx, 0);
	ck_assert_int_eq(nst_scan_netnsid(&scan, (size_t)idx, &netnsid), -EINVAL);

	ck_assert_int_eq(nst_scan_read_ppid(&scan, getpid(), &ppid), 0);
	ck_assert_int_eq(ppid, getppid());
	ck_assert_int_eq(nst_scan_read_command(&scan, getpid(), &cmd), 0);
	ck_assert_ptr_nonnull(strstr(cmd, "test-scan"));
	free(cmd);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(live_child_in_new_net_namespace)
{
	struct nst_scan scan;
	struct nst_id id;
	int ready[2], hold[2], idx;
	char c = 0;
	pid_t child;
	size_t n;
	const uint32_t *m;

	ck_assert_int_eq(pipe2(ready, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(hold, O_CLOEXEC), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		close(hold[1]);
		close(ready[0]);
		c = unshare(CLONE_NEWNET) == 0 ||
		    (unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0) ? 'y' : 'n';
		(void)!write(ready[1], &c, 1);
		(void)!read(hold[0], &c, 1);
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	if (c != 'y') {
		close(hold[1]);
		waitpid(child, NULL, 0);
		return;	/* no way to make a network namespace here */
	}
	ck_assert_int_eq(nst_pid_id(child, NST_NET, false, &id), 0);
	nst_scan_init(&scan);
	ck_assert_int_eq(nst_scan_run(&scan, NULL, NST_MASK(NST_NET)), 0);
	idx = nst_scan_find(&scan, NST_NET, id.ino);
	ck_assert_int_ge(idx, 0);
	ck_assert_uint_eq(scan.ns[idx].nprocs, 1);
	ck_assert_int_eq(scan.ns[idx].pid, child);
	m = nst_scan_members(&scan, (size_t)idx, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(scan.procs[m[0]].pid, child);
	/* and it is not ours */
	ck_assert_int_eq(nst_pid_id(0, NST_NET, false, &id), 0);
	ck_assert_int_ne(nst_scan_find(&scan, NST_NET, id.ino), idx);
	nst_scan_done(&scan);

	close(hold[1]);
	ck_assert_int_eq(waitpid(child, NULL, 0), child);
}
END_TEST

/* The ancestor source asks every namespace for its relatives and keeps the answers as its
 * facts: they must be what asking later gives. */
START_TEST(live_ancestor_facts_match_lazy_ones)
{
	struct nst_scan eager, lazy;
	struct nst_id id;

	nst_scan_init(&eager);
	nst_scan_init(&lazy);
	ck_assert_int_eq(nst_scan_run_sources(&eager, NULL, NST_MASK_ALL,
					      (1u << NST_SCAN_PROCESS) | (1u << NST_SCAN_ANCESTOR)),
			 0);
	ck_assert_int_eq(nst_scan_run(&lazy, NULL, NST_MASK_ALL), 0);
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		const struct nst_scan_facts *a = NULL, *b = NULL;
		int i, j;

		if (nst_pid_id(0, (enum nst_type)t, false, &id) < 0)
			continue;
		i = nst_scan_find(&eager, (enum nst_type)t, id.ino);
		j = nst_scan_find(&lazy, (enum nst_type)t, id.ino);
		ck_assert_int_ge(i, 0);
		ck_assert_int_ge(j, 0);
		if (nst_scan_facts(&lazy, (size_t)j, &b, NULL) < 0)
			continue;	/* no nsfs ioctls here: nothing to compare */
		ck_assert_int_eq(eager.ns[i].facts_state, 1);
		ck_assert_int_eq(nst_scan_facts(&eager, (size_t)i, &a, NULL), 0);
		ck_assert_uint_eq(a->parent_ino, b->parent_ino);
		ck_assert_uint_eq(a->owner_ino, b->owner_ino);
		ck_assert_int_eq(a->has_owner_uid, b->has_owner_uid);
		if (a->has_owner_uid)
			ck_assert_uint_eq(a->owner_uid, b->owner_uid);
	}
	nst_scan_done(&eager);
	nst_scan_done(&lazy);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("scan-live");
	TCase *live = tcase_create("live");

	tcase_add_test(live, live_own_namespaces);
	tcase_add_test(live, live_child_in_new_net_namespace);
	tcase_add_test(live, live_ancestor_facts_match_lazy_ones);
	suite_add_tcase(s, live);
	return s;
}
