/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live tests: lib/ns.c against the real kernel, creating and entering namespaces in children. */
#include <fcntl.h>
#include <linux/capability.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
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

/* The loop tests below run twice: _i 0 pins the target with nst_set_pin() (a pidfd), _i 1 as
 * nst_set_pin() does where pidfd_open() fails with ENOSYS (kernel < 5.3, valgrind 3.19): with
 * an O_PATH fd on /proc/PID. */
static void pin(struct nst_set *set, pid_t pid, int how)
{
	char path[32];

	nst_set_init(set);
	if (how == 0) {
		ck_assert_int_eq(nst_set_pin(set, pid), 0);
		ck_assert_int_ge(set->pidfd, 0);
		return;
	}
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	set->procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(set->procfd, 0);
	set->pid = pid;
}

START_TEST(enter_pinned_target)
{
	struct holder h;
	struct nst_set set;
	struct nst_plan plan;
	int bad = 99;

	holder_start(&h, M(NET) | M(UTS) | M(IPC));
	ck_assert_uint_ne(ino_of(0, NST_NET), ino_of(h.pid, NST_NET));
	pin(&set, h.pid, _i);
	ck_assert_int_eq(nst_set_alive(&set), 1);
	nst_plan_make(M(NET) | M(UTS) | M(IPC), true, false, &plan);
	ck_assert_int_eq(nst_set_enter(&set, &plan, &bad), 0);
	ck_assert_uint_eq(ino_of(0, NST_NET), ino_of(h.pid, NST_NET));
	ck_assert_uint_eq(ino_of(0, NST_UTS), ino_of(h.pid, NST_UTS));
	ck_assert_uint_eq(ino_of(0, NST_IPC), ino_of(h.pid, NST_IPC));
	ck_assert_int_eq(bad, 99); /* reterr untouched on success */
	nst_set_done(&set);
	ck_assert_int_eq(set.pidfd, -EBADF);
	ck_assert_int_eq(set.procfd, -EBADF);
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
	pin(&set, h.pid, _i);
	ck_assert_int_eq(nst_set_alive(&set), 1);
	holder_stop(&h);
	ck_assert_int_eq(nst_set_alive(&set), 0);
	nst_plan_make(M(NET), true, false, &plan);
	ck_assert_int_eq(nst_set_enter(&set, &plan, &bad), -ESRCH);
	ck_assert_int_lt(bad, 0);
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

/* Runs as PID 1 of a new pid namespace with its own /proc: a stale /proc/PID fd must not reach
 * a process that got the same PID later, while the path /proc/PID does. */
static int reuse_check(void)
{
	int ctl[2], procfd, fd, status;
	pid_t a, b;
	char c;
	struct nst_id via_path, own_net;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return 10;
	if (pipe2(ctl, O_CLOEXEC) < 0)
		return 11;
	a = fork();
	if (a == 0) {
		close(ctl[1]);
		(void)read(ctl[0], &c, 1);
		_exit(0);
	}
	procfd = open("/proc/2", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (a != 2 || procfd < 0)
		return 12;
	if (nst_procdir_alive(procfd) != 1)
		return 13;
	close(ctl[1]);
	/* exited, not reaped yet: a zombie is not alive either (as for a pidfd) */
	while (nst_procdir_alive(procfd) == 1)
		(void)sched_yield();
	if (nst_procdir_alive(procfd) != 0)
		return 14;
	if (waitpid(a, &status, 0) != a)
		return 15;
	/* the next PID handed out is 2 again */
	fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "1", 1) != 1)
		return 16;
	close(fd);
	if (pipe2(ctl, O_CLOEXEC) < 0)
		return 17;
	b = fork();
	if (b == 0) {
		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		if (write(ctl[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ctl[1]);
	if (b != 2 || read(ctl[0], &c, 1) != 1)
		return 18;
	/* control: the path reaches the new process 2, in a net namespace other than ours */
	if (nst_pid_id(2, NST_NET, false, &via_path) < 0 ||
	    nst_pid_id(0, NST_NET, false, &own_net) < 0 || nst_id_equal(&via_path, &own_net))
		return 19;
	/* the old fd reaches nothing */
	if (nst_procdir_alive(procfd) != 0)
		return 20;
	fd = nst_open_at(procfd, NST_NET, false);
	if (fd >= 0 || (fd != -ENOENT && fd != -ESRCH))
		return 21;
	(void)kill(b, SIGKILL);
	return 0;
}

/* The namespaces are made in a child of the test that leaves with _exit(): a process whose
 * children are in another pid namespace can't run LeakSanitizer's exit check (ASan builds). */
static int reuse_check_in_new_pid_ns(void)
{
	pid_t init;
	int status;

	if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0)
		return 30;
	init = fork();
	if (init < 0)
		return 31;
	if (init == 0)
		_exit(reuse_check());
	if (nst_waitpid(init, &status, 0) != init)
		return 32;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

START_TEST(procdir_pin_survives_pid_reuse)
{
	pid_t child;
	int status;

	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(reuse_check_in_new_pid_ns());
	ck_assert_int_eq(nst_waitpid(child, &status, 0), child);
	ck_assert_msg(WIFEXITED(status), "killed by %d", WTERMSIG(status));
	/* 0, or the number of the check that failed (see reuse_check()) */
	ck_assert_int_eq(WEXITSTATUS(status), 0);
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
	tcase_add_loop_test(tc, enter_pinned_target, 0, 2);
	tcase_add_test(tc, enter_through_fds);
	tcase_add_loop_test(tc, dead_target_is_refused, 0, 2);
	tcase_add_test(tc, wrong_target_file);
	tcase_add_test(tc, pidfd_namespace_ioctl);
	tcase_add_test(tc, owner_and_parent);
	tcase_add_test(tc, unprivileged_enters_own_user_namespace);
	tcase_add_test(tc, unprivileged_refused_elsewhere);
	tcase_add_test(tc, root_enters_unprivileged_container);
	tcase_add_test(tc, procdir_pin_survives_pid_reuse);
	suite_add_tcase(s, tc);
	return s;
}
