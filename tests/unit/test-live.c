/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live tests: lib/ns.c against the real kernel, creating and entering namespaces in children. */
#include <fcntl.h>
#include <linux/capability.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idmap.h"
#include "macro.h"
#include "ns.h"
#include "proc.h"
#include "unit.h"

#define M(t) NST_MASK(NST_##t)

struct holder {
	pid_t pid;
	int ctl;	/* write end: closing it ends the holder */
};

/* Fork a process that unshares mask (mapping uid/gid to 0 for a user namespace), reports
 * ready through a pipe and then waits for ctl to close. */
static void holder_start(struct holder *h, unsigned mask)
{
	int ready[2], ctl[2];
	char c;

	ck_assert_int_eq(pipe2(ready, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(ctl, O_CLOEXEC), 0);
	h->pid = fork();
	ck_assert_int_ge(h->pid, 0);
	if (h->pid == 0) {
		uid_t uid = geteuid();
		gid_t gid = getegid();

		close(ready[0]);
		close(ctl[1]);
		if (nst_unshare(mask) < 0)
			_exit(1);
		if (mask & M(USER)) {
			struct nst_idmap_range u = { 0, uid, 1 }, g = { 0, gid, 1 };

			if (nst_write_idmap(0, false, &u, 1) < 0 ||
			    (nst_write_setgroups(0, false) < 0) ||
			    nst_write_idmap(0, true, &g, 1) < 0)
				_exit(2);
		}
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		(void)read(ctl[0], &c, 1);
		_exit(0);
	}
	close(ready[1]);
	close(ctl[0]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	h->ctl = ctl[1];
}

static void holder_stop(struct holder *h)
{
	int status;

	close(h->ctl);
	ck_assert_int_eq(nst_waitpid(h->pid, &status, 0), h->pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static uint64_t ino_of(pid_t pid, enum nst_type t)
{
	struct nst_id id;

	ck_assert_int_eq(nst_pid_id(pid, t, false, &id), 0);
	return id.ino;
}

static void become_nobody(void)
{
	ck_assert_int_eq(setgroups(0, NULL), 0);
	ck_assert_int_eq(setresgid(65534, 65534, 65534), 0);
	ck_assert_int_eq(setresuid(65534, 65534, 65534), 0);
	/* a uid change makes us non-dumpable, which hands /proc/self to root; an exec would
	 * undo that, and we don't exec */
	ck_assert_int_eq(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
}

START_TEST(kernel_has_every_type)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		ck_assert_int_eq(nst_kernel_has((enum nst_type)t), 1);
}
END_TEST

START_TEST(unshare_changes_namespace)
{
	uint64_t before = ino_of(0, NST_UTS), before_net = ino_of(0, NST_NET);

	ck_assert_int_eq(nst_unshare(M(UTS)), 0);
	ck_assert_uint_ne(ino_of(0, NST_UTS), before);
	/* and only the one asked for */
	ck_assert_uint_eq(ino_of(0, NST_NET), before_net);
	ck_assert_int_eq(nst_unshare(1u << 20), -EINVAL);
}
END_TEST

START_TEST(enter_through_pidfd)
{
	struct holder h;
	struct nst_set set;
	struct nst_plan plan;
	int bad = 99;

	holder_start(&h, M(NET) | M(UTS) | M(IPC));
	ck_assert_uint_ne(ino_of(0, NST_NET), ino_of(h.pid, NST_NET));
	nst_set_init(&set);
	ck_assert_int_eq(nst_set_pin(&set, h.pid), 0);
	nst_plan_make(M(NET) | M(UTS) | M(IPC), true, false, &plan);
	ck_assert_int_eq(nst_set_enter(&set, &plan, &bad), 0);
	ck_assert_uint_eq(ino_of(0, NST_NET), ino_of(h.pid, NST_NET));
	ck_assert_uint_eq(ino_of(0, NST_UTS), ino_of(h.pid, NST_UTS));
	ck_assert_uint_eq(ino_of(0, NST_IPC), ino_of(h.pid, NST_IPC));
	ck_assert_int_eq(bad, 99); /* reterr untouched on success */
	nst_set_done(&set);
	holder_stop(&h);
}
END_TEST

START_TEST(enter_through_fds)
{
	struct holder h;
	struct nst_set set;
	struct nst_plan plan;
	uint64_t own_uts = ino_of(0, NST_UTS);
	int bad;

	holder_start(&h, M(NET) | M(UTS));
	nst_set_init(&set);
	/* an fd of type net only: uts isn't asked for and must stay ours */
	nst_set_put(&set, NST_NET, nst_open(h.pid, NST_NET));
	ck_assert_int_ge(set.fd[NST_NET], 0);
	nst_plan_make(M(NET), true, false, &plan);
	ck_assert_int_eq(nst_set_enter(&set, &plan, &bad), 0);
	ck_assert_uint_eq(ino_of(0, NST_NET), ino_of(h.pid, NST_NET));
	ck_assert_uint_eq(ino_of(0, NST_UTS), own_uts);
	nst_set_done(&set);
	holder_stop(&h);
}
END_TEST

START_TEST(dead_target_is_refused)
{
	struct holder h;
	struct nst_set set;
	struct nst_plan plan;
	uint64_t own = ino_of(0, NST_NET);
	int bad = 99;

	holder_start(&h, M(NET));
	nst_set_init(&set);
	ck_assert_int_eq(nst_set_pin(&set, h.pid), 0);
	ck_assert_int_eq(nst_pidfd_alive(set.pidfd), 1);
	holder_stop(&h);
	ck_assert_int_eq(nst_pidfd_alive(set.pidfd), 0);
	nst_plan_make(M(NET), true, false, &plan);
	ck_assert_int_lt(nst_set_enter(&set, &plan, &bad), 0);
	/* nothing entered */
	ck_assert_uint_eq(ino_of(0, NST_NET), own);
	nst_set_done(&set);
}
END_TEST

START_TEST(wrong_target_file)
{
	struct holder h;
	char path[64];

	holder_start(&h, M(NET) | M(UTS));
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)h.pid);
	ck_assert_int_eq(nst_open_path(path, NST_NET), -EINVAL);
	int fd = nst_open_path(path, NST_UTS);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(nst_fd_is_own(fd, NST_UTS), 0);
	close(fd);
	fd = nst_open(0, NST_UTS);
	ck_assert_int_eq(nst_fd_is_own(fd, NST_UTS), 1);
	close(fd);
	holder_stop(&h);
}
END_TEST

START_TEST(pidfd_namespace_ioctl)
{
	struct holder h;
	struct nst_id id;
	int pidfd, fd;
	uint64_t ino1, ino2;

	holder_start(&h, M(NET));
	pidfd = nst_pidfd_open(h.pid);
	ck_assert_int_ge(pidfd, 0);
	fd = nst_open_pidfd(pidfd, NST_NET);
	if (fd == -ENOTTY) {
		/* Linux < 6.11: nothing more to check here */
		close(pidfd);
		holder_stop(&h);
		return;
	}
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(nst_fd_id(fd, &id), 0);
	ck_assert_uint_eq(id.ino, ino_of(h.pid, NST_NET));
	ck_assert_int_eq(nst_fd_type(fd), NST_NET);
	close(fd);
	/* one process, one pidfs inode */
	fd = nst_pidfd_open(h.pid);
	ck_assert_int_eq(nst_pidfd_inode(pidfd, &ino1), 0);
	ck_assert_int_eq(nst_pidfd_inode(fd, &ino2), 0);
	ck_assert_uint_eq(ino1, ino2);
	close(fd);
	fd = nst_pidfd_open(getpid());
	ck_assert_int_eq(nst_pidfd_inode(fd, &ino2), 0);
	ck_assert_uint_ne(ino1, ino2);
	close(fd);
	close(pidfd);
	holder_stop(&h);
}
END_TEST

START_TEST(owner_and_parent)
{
	struct holder h;
	int net, user, owner, parent;
	struct nst_id a, b;
	uid_t uid = 12345;

	holder_start(&h, M(USER) | M(NET));
	net = nst_open(h.pid, NST_NET);
	user = nst_open(h.pid, NST_USER);
	ck_assert_int_ge(net, 0);
	ck_assert_int_ge(user, 0);
	/* a net namespace created with a user namespace is owned by it */
	owner = nst_fd_owner(net);
	ck_assert_int_ge(owner, 0);
	ck_assert_int_eq(nst_fd_id(owner, &a), 0);
	ck_assert_int_eq(nst_fd_id(user, &b), 0);
	ck_assert(nst_id_equal(&a, &b));
	/* its user namespace's parent is ours */
	parent = nst_fd_parent(user);
	ck_assert_int_ge(parent, 0);
	ck_assert_int_eq(nst_fd_is_own(parent, NST_USER), 1);
	ck_assert_int_eq(nst_fd_owner_uid(user, &uid), 0);
	ck_assert_uint_eq(uid, geteuid());
	/* no parent for a net namespace */
	ck_assert_int_eq(nst_fd_parent(net), -EINVAL);
	close(net);
	close(user);
	close(owner);
	close(parent);
	holder_stop(&h);
}
END_TEST

START_TEST(unprivileged_enters_own_user_namespace)
{
	struct holder h;
	struct nst_set set;
	struct nst_plan plan;
	int bad = 99;

	become_nobody();
	holder_start(&h, M(USER) | M(NET) | M(UTS));
	nst_set_init(&set);
	ck_assert_int_eq(nst_set_pin(&set, h.pid), 0);
	ck_assert_int_eq(nst_have_cap(CAP_SYS_ADMIN), 0);
	nst_plan_make(M(USER) | M(NET) | M(UTS), false, false, &plan);
	ck_assert_uint_eq(plan.first, M(USER));
	ck_assert_int_eq(nst_set_enter(&set, &plan, &bad), 0);
	ck_assert_uint_eq(ino_of(0, NST_USER), ino_of(h.pid, NST_USER));
	ck_assert_uint_eq(ino_of(0, NST_NET), ino_of(h.pid, NST_NET));
	ck_assert_uint_eq(ino_of(0, NST_UTS), ino_of(h.pid, NST_UTS));
	nst_set_done(&set);
	holder_stop(&h);
}
END_TEST

START_TEST(unprivileged_refused_elsewhere)
{
	struct holder h;
	struct nst_set set;
	struct nst_plan plan;
	uint64_t own = ino_of(0, NST_NET);
	int bad = 99;
	int r;

	/* root's namespace, an unprivileged caller: EPERM, and nothing entered */
	holder_start(&h, M(NET));
	become_nobody();
	nst_set_init(&set);
	ck_assert_int_eq(nst_set_pin(&set, h.pid), 0);
	nst_plan_make(M(NET), false, false, &plan);
	r = nst_set_enter(&set, &plan, &bad);
	ck_assert_int_eq(r, -EPERM);
	ck_assert_uint_eq(ino_of(0, NST_NET), own);
	nst_set_done(&set);
	holder_stop(&h);
}
END_TEST

START_TEST(root_enters_unprivileged_container)
{
	struct holder h;
	struct nst_set set;
	struct nst_plan plan;
	int bad, r, status;
	int info[2], ctl[2];
	pid_t child;
	char c;

	/* The container belongs to nobody; root enters all of it, user namespace last. Once in,
	 * we have no rights over our own child any more, so it ends when ctl closes, not on a
	 * signal from us. */
	ck_assert_int_eq(pipe2(info, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(ctl, O_CLOEXEC), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		close(info[0]);
		close(ctl[1]);
		become_nobody();
		holder_start(&h, M(USER) | M(NET) | M(IPC));
		if (write(info[1], &h.pid, sizeof(h.pid)) != sizeof(h.pid))
			_exit(1);
		(void)read(ctl[0], &c, 1);
		holder_stop(&h);
		_exit(0);
	}
	close(info[1]);
	close(ctl[0]);
	ck_assert_int_eq(read(info[0], &h.pid, sizeof(h.pid)), sizeof(h.pid));
	nst_set_init(&set);
	ck_assert_int_eq(nst_set_pin(&set, h.pid), 0);
	nst_plan_make(M(USER) | M(NET) | M(IPC), true, false, &plan);
	r = nst_set_enter(&set, &plan, &bad);
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(ino_of(0, NST_USER), ino_of(h.pid, NST_USER));
	ck_assert_uint_eq(ino_of(0, NST_NET), ino_of(h.pid, NST_NET));
	ck_assert_uint_eq(ino_of(0, NST_IPC), ino_of(h.pid, NST_IPC));
	nst_set_done(&set);
	close(ctl[1]);
	ck_assert_int_eq(nst_waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

const char *nst_test_skip_reason(void)
{
	if (geteuid() != 0)
		return "the live tests run as root (they also drop to nobody themselves)";
	if (nst_kernel_has(NST_USER) <= 0)
		return "no user namespaces";
	return NULL;
}

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("live");
	TCase *tc = tcase_create("live");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, kernel_has_every_type);
	tcase_add_test(tc, unshare_changes_namespace);
	tcase_add_test(tc, enter_through_pidfd);
	tcase_add_test(tc, enter_through_fds);
	tcase_add_test(tc, dead_target_is_refused);
	tcase_add_test(tc, wrong_target_file);
	tcase_add_test(tc, pidfd_namespace_ioctl);
	tcase_add_test(tc, owner_and_parent);
	tcase_add_test(tc, unprivileged_enters_own_user_namespace);
	tcase_add_test(tc, unprivileged_refused_elsewhere);
	tcase_add_test(tc, root_enters_unprivileged_container);
	suite_add_tcase(s, tc);
	return s;
}
