/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/proc.c: wait status decoding, file reads, passwd shell. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "proc.h"
#include "unit.h"

static int status_of(void (*child)(void))
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		child();
		_exit(99);
	}
	ck_assert_int_eq(nst_waitpid(pid, &status, 0), pid);
	return status;
}

static void exit_42(void)
{
	_exit(42);
}

static void exit_0(void)
{
	_exit(0);
}

static void exit_255(void)
{
	_exit(255);
}

static void die_term(void)
{
	signal(SIGTERM, SIG_DFL);
	raise(SIGTERM);
}

static void die_kill(void)
{
	raise(SIGKILL);
}

START_TEST(exit_codes_pass_through)
{
	struct nst_exit ex;

	ck_assert_int_eq(nst_exit_from_status(status_of(exit_42), &ex), 0);
	ck_assert_int_eq(ex.code, 42);
	ck_assert_int_eq(ex.signal, 0);
	ck_assert_int_eq(nst_exit_from_status(status_of(exit_0), &ex), 0);
	ck_assert_int_eq(ex.code, 0);
	ck_assert_int_eq(nst_exit_from_status(status_of(exit_255), &ex), 0);
	ck_assert_int_eq(ex.code, 255);
}
END_TEST

START_TEST(signals_are_reraised)
{
	struct nst_exit ex;

	ck_assert_int_eq(nst_exit_from_status(status_of(die_term), &ex), 0);
	ck_assert_int_eq(ex.signal, SIGTERM);
	ck_assert_int_eq(ex.code, 128 + SIGTERM);
	ck_assert_int_eq(nst_exit_from_status(status_of(die_kill), &ex), 0);
	ck_assert_int_eq(ex.signal, SIGKILL);
}
END_TEST

START_TEST(stopped_is_not_an_exit)
{
	struct nst_exit ex = { 7, 7 };
	pid_t pid = fork();
	int status;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	ck_assert_int_eq(nst_waitpid(pid, &status, WUNTRACED), pid);
	ck_assert(WIFSTOPPED(status));
	ck_assert_int_eq(nst_exit_from_status(status, &ex), -EINVAL);
	ck_assert_int_eq(ex.code, 7); /* untouched */
	kill(pid, SIGKILL);
	nst_waitpid(pid, NULL, 0);
}
END_TEST

START_TEST(waitpid_errors)
{
	ck_assert_int_eq(nst_waitpid(-12345, NULL, 0), -ECHILD);
	ck_assert_int_eq(nst_waitpid(getpid(), NULL, WNOHANG), -ECHILD);
}
END_TEST

START_TEST(read_file)
{
	char path[] = "/tmp/nst-unit-XXXXXX";
	int fd = mkstemp(path);
	char *buf = NULL;
	size_t len = 0;
	static char big[20000];

	ck_assert_int_ge(fd, 0);
	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(write(fd, big, sizeof(big)), (ssize_t)sizeof(big));
	close(fd);
	ck_assert_int_eq(nst_read_file_at(AT_FDCWD, path, &buf, &len), 0);
	ck_assert_uint_eq(len, sizeof(big));
	ck_assert_int_eq(buf[len], '\0');
	ck_assert_int_eq(memcmp(buf, big, len), 0);
	free(buf);
	unlink(path);
	buf = NULL;
	ck_assert_int_eq(nst_read_file_at(AT_FDCWD, path, &buf, &len), -ENOENT);
	ck_assert_ptr_null(buf);
	/* a /proc file, whose size stat() can't tell */
	ck_assert_int_eq(nst_read_file_at(AT_FDCWD, "/proc/self/status", &buf, &len), 0);
	ck_assert_ptr_nonnull(strstr(buf, "Pid:"));
	free(buf);
}
END_TEST

START_TEST(stat_state)
{
	const char *p = nst_proc_stat_state("5 (a) b) c) Z 17\n");

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(*p, 'Z');
	ck_assert_int_eq(*nst_proc_stat_state("1 ( ) S 0"), 'S');
	ck_assert_ptr_null(nst_proc_stat_state("5 (a)"));
	ck_assert_ptr_null(nst_proc_stat_state("5 (a) "));
	ck_assert_ptr_null(nst_proc_stat_state("5 (a)S 1"));
	ck_assert_ptr_null(nst_proc_stat_state("5 a S 1"));
	ck_assert_ptr_null(nst_proc_stat_state(NULL));
}
END_TEST

START_TEST(passwd_shell)
{
	char *shell = NULL;

	ck_assert_int_eq(nst_passwd_shell(0, &shell), 0);
	ck_assert_ptr_nonnull(shell);
	ck_assert_int_eq(shell[0], '/');
	free(shell);
	shell = NULL;
	ck_assert_int_eq(nst_passwd_shell(4123456789u, &shell), -ENOENT);
	ck_assert_ptr_null(shell);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("proc");

	tcase_add_test(tc, exit_codes_pass_through);
	tcase_add_test(tc, signals_are_reraised);
	tcase_add_test(tc, stopped_is_not_an_exit);
	tcase_add_test(tc, waitpid_errors);
	tcase_add_test(tc, read_file);
	tcase_add_test(tc, passwd_shell);
	tcase_add_test(tc, stat_state);
	suite_add_tcase(s, tc);
	return s;
}
