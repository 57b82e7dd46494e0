/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/init.c: PID 1's report channel and its wait loop (not as PID 1 here). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "init.h"
#include "macro.h"
#include "proc.h"
#include "unit.h"

static int status_of_exit(int code)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(code);
	ck_assert_int_eq(nst_waitpid(pid, &status, 0), pid);
	return status;
}

static int status_of_signal(int sig)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(sig, SIG_DFL);
		raise(sig);
		_exit(99);
	}
	ck_assert_int_eq(nst_waitpid(pid, &status, 0), pid);
	return status;
}

/* What PID 1 exits with for a wait status (unshare-run.c does the same) */
static int exit_code(int status)
{
	struct nst_exit ex;

	ck_assert_int_eq(nst_exit_from_status(status, &ex), 0);
	return ex.code;
}

START_TEST(exit_code_is_the_shell_convention)
{
	ck_assert_int_eq(exit_code(status_of_exit(0)), 0);
	ck_assert_int_eq(exit_code(status_of_exit(42)), 42);
	ck_assert_int_eq(exit_code(status_of_exit(255)), 255);
	ck_assert_int_eq(exit_code(status_of_signal(SIGTERM)), 143);
	ck_assert_int_eq(exit_code(status_of_signal(SIGKILL)), 137);
}
END_TEST

START_TEST(channel_ends_are_cloexec_and_nonblocking)
{
	int fds[2];

	ck_assert_int_eq(nst_init_channel(fds), 0);
	for (int i = 0; i < 2; i++) {
		ck_assert(fcntl(fds[i], F_GETFD) & FD_CLOEXEC);
		ck_assert(fcntl(fds[i], F_GETFL) & O_NONBLOCK);
	}
	ck_assert(fcntl(fds[0], F_GETFL) & O_ASYNC);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(empty_channel_reads_nothing)
{
	struct nst_init_state st = { 0 };
	int fds[2];

	ck_assert_int_eq(nst_init_channel(fds), 0);
	ck_assert_int_eq(nst_init_read(fds[0], &st), 0);
	ck_assert(!st.stopped && !st.ended);
	close(fds[1]);
	/* end of file: the writer is gone */
	ck_assert_int_eq(nst_init_read(fds[0], &st), 0);
	ck_assert(!st.stopped && !st.ended);
	close(fds[0]);
}
END_TEST

START_TEST(end_report_carries_the_raw_status)
{
	struct nst_init_state st = { 0 };
	int fds[2], status = status_of_signal(SIGTERM);

	ck_assert_int_eq(nst_init_channel(fds), 0);
	ck_assert_int_eq(nst_init_report_end(fds[1], status), 0);
	ck_assert_int_eq(nst_init_read(fds[0], &st), 0);
	ck_assert(st.ended);
	ck_assert(WIFSIGNALED(st.final));
	ck_assert_int_eq(WTERMSIG(st.final), SIGTERM);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(no_writer_end_is_a_no_op)
{
	ck_assert_int_eq(nst_init_report_end(-EBADF, 0), 0);
}
END_TEST

START_TEST(torn_or_unknown_report_is_an_error)
{
	struct nst_init_state st = { 0 };
	int32_t bad[2] = { 'X', 0 };
	int fds[2];

	ck_assert_int_eq(nst_init_channel(fds), 0);
	ck_assert_int_eq(write(fds[1], "abc", 3), 3);
	ck_assert_int_eq(nst_init_read(fds[0], &st), -EPROTO);
	close(fds[0]);
	close(fds[1]);

	ck_assert_int_eq(nst_init_channel(fds), 0);
	ck_assert_int_eq(write(fds[1], bad, sizeof(bad)), (ssize_t)sizeof(bad));
	ck_assert_int_eq(nst_init_read(fds[0], &st), -EPROTO);
	ck_assert(!st.stopped && !st.ended);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(report_raises_sigchld_in_the_reader)
{
	struct timespec wait = { 5, 0 };
	siginfo_t si;
	sigset_t set;
	int fds[2];

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	ck_assert_int_eq(nst_init_channel(fds), 0);
	/* nothing written yet: no signal */
	ck_assert_int_eq(sigtimedwait(&set, &si, &(struct timespec){ 0, 0 }), -1);
	ck_assert_int_eq(nst_init_report_end(fds[1], 0), 0);
	ck_assert_int_eq(sigtimedwait(&set, &si, &wait), SIGCHLD);
	/* SIGCHLD has codes of its own, so the kernel marks an I/O signal SI_SIGIO */
	ck_assert_int_eq(si.si_code, SI_SIGIO);
	ck_assert_int_eq(si.si_fd, fds[0]);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/*
 * The loop in a stand-in for PID 1 (a child of ours): its child stops itself; the loop reports
 * the stop; our SIGCONT to the stand-in is relayed and the program goes on; it ends with exit 5,
 * and the stand-in reports that and exits like PID 1 does.
 */
START_TEST(loop_reports_stop_continue_and_end)
{
	struct nst_init_state st = { 0 };
	int fds[2], status, r;
	pid_t init;

	ck_assert_int_eq(nst_init_channel(fds), 0);
	init = fork();
	ck_assert_int_ge(init, 0);
	if (init == 0) {
		sigset_t old;
		pid_t prog;

		close(fds[0]);
		if (nst_init_setup(&old) < 0)
			_exit(90);
		prog = fork();
		if (prog < 0)
			_exit(91);
		if (prog == 0) {
			if (nst_init_child_reset(&old) < 0)
				_exit(92);
			raise(SIGSTOP);
			_exit(5);
		}
		if (nst_init_loop(prog, fds[1], &status) < 0)
			_exit(93);
		(void)nst_init_report_end(fds[1], status);
		_exit(WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
	}
	close(fds[1]);
	/* wait for the stop report */
	for (int i = 0; i < 500 && !st.stopped; i++) {
		ck_assert_int_eq(nst_init_read(fds[0], &st), 0);
		usleep(10000);
	}
	ck_assert_msg(st.stopped, "no stop report");
	ck_assert(!st.ended);
	ck_assert_int_eq(kill(init, SIGCONT), 0);
	ck_assert_int_eq(nst_waitpid(init, &status, 0), init);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 5);
	r = nst_init_read(fds[0], &st);
	ck_assert_int_eq(r, 0);
	ck_assert(!st.stopped);		/* continued (if that was seen before the exit) and ended */
	ck_assert(st.ended);
	ck_assert(WIFEXITED(st.final));
	ck_assert_int_eq(WEXITSTATUS(st.final), 5);
	close(fds[0]);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("init");
	TCase *tc = tcase_create("init");

	tcase_add_test(tc, exit_code_is_the_shell_convention);
	tcase_add_test(tc, channel_ends_are_cloexec_and_nonblocking);
	tcase_add_test(tc, empty_channel_reads_nothing);
	tcase_add_test(tc, end_report_carries_the_raw_status);
	tcase_add_test(tc, no_writer_end_is_a_no_op);
	tcase_add_test(tc, torn_or_unknown_report_is_an_error);
	tcase_add_test(tc, report_raises_sigchld_in_the_reader);
	tcase_add_test(tc, loop_reports_stop_continue_and_end);
	suite_add_tcase(s, tc);
	return s;
}

const char *nst_test_skip_reason(void)
{
	return NULL;
}
