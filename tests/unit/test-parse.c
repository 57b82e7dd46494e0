/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/parse.c: good and bad input for every parser, each limit at and one past. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "macro.h"
#include "parse.h"
#include "unit.h"

#define STR(s) ((s) ? (s) : "(null)")

/* What an output holds before the call: a failing parser must leave it alone. */
#define SENTINEL 0x5a5a5a5a

struct ucase {
	const char *in;
	int r;
	uint64_t v;
};

struct scase {
	const char *in;
	int r;
	int64_t v;
};

/* Run parse over a table of { in, r, v } rows: the return code must match, and the output must
 * be v on success and untouched on failure. */
#define CHECK_TABLE(parse, type, cases)                                                            \
	for (size_t row_ = 0; row_ < ARRAY_SIZE(cases); row_++) {                                  \
		type val_ = (type)SENTINEL;                                                        \
		int ret_ = parse((cases)[row_].in, &val_);                                         \
                                                                                                   \
		ck_assert_msg(ret_ == (cases)[row_].r, "%s('%s') = %d, expected %d", #parse,       \
			      STR((cases)[row_].in), ret_, (cases)[row_].r);                       \
		if (ret_ == 0)                                                                     \
			ck_assert_msg(val_ == (type)(cases)[row_].v, "%s('%s') gave %jd", #parse,  \
				      STR((cases)[row_].in), (intmax_t)val_);                      \
		else                                                                               \
			ck_assert_msg(val_ == (type)SENTINEL,                                      \
				      "%s('%s') wrote its output on failure", #parse,              \
				      STR((cases)[row_].in));                                      \
	}

/* Every input in list must give r, with the output untouched. */
#define CHECK_ALL(parse, type, list, r_expected)                                                   \
	for (size_t row_ = 0; row_ < ARRAY_SIZE(list); row_++) {                                   \
		type val_ = (type)SENTINEL;                                                        \
		int ret_ = parse((list)[row_], &val_);                                             \
                                                                                                   \
		ck_assert_msg(ret_ == (r_expected), "%s('%s') = %d, expected %d", #parse,          \
			      STR((list)[row_]), ret_, (r_expected));                              \
		ck_assert_msg(val_ == (type)SENTINEL, "%s('%s') wrote its output on failure",      \
			      #parse, STR((list)[row_]));                                          \
	}

/* Not an unsigned decimal number, for any of the unsigned parsers. "\xd9\xa1" is the UTF-8 of
 * ARABIC-INDIC DIGIT ONE: digits are ASCII only, whatever the locale says. */
static const char *const not_unsigned[] = {
	NULL, "", "  ", "1 ", " 1", "\t1", "1\n", "+1", "-1", "-0", "+0", "--1", "0x10", "0X10",
	"0x", "010x", "1a", "a1", "abc", "1.0", "1,0", "1:0", "1e3", "1_0", "1 000", "\xd9\xa1",
	"1\x01", "=1",
};

/* --- nst_parse_u64 --- */

START_TEST(test_u64_good)
{
	static const struct ucase cases[] = {
		{ "0", 0, 0 },
		{ "1", 0, 1 },
		{ "42", 0, 42 },
		{ "007", 0, 7 }, /* leading zeros are decimal, not octal */
		{ "010", 0, 10 },
		{ "4294967296", 0, UINT64_C(4294967296) },
		{ "18446744073709551614", 0, UINT64_MAX - 1 },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "000000000000000000000000000018446744073709551615", 0, UINT64_MAX },
	};

	CHECK_TABLE(nst_parse_u64, uint64_t, cases);
}
END_TEST

START_TEST(test_u64_bad)
{
	CHECK_ALL(nst_parse_u64, uint64_t, not_unsigned, -EINVAL);
}
END_TEST

START_TEST(test_u64_range)
{
	static const struct ucase cases[] = {
		{ "18446744073709551616", -ERANGE, 0 },
		{ "18446744073709551620", -ERANGE, 0 },
		{ "99999999999999999999", -ERANGE, 0 },
		{ "184467440737095516150", -ERANGE, 0 },
		{ "99999999999999999999999999999999999999", -ERANGE, 0 },
		/* Junk wins over overflow. */
		{ "99999999999999999999x", -EINVAL, 0 },
		{ "-99999999999999999999", -EINVAL, 0 },
	};

	CHECK_TABLE(nst_parse_u64, uint64_t, cases);
}
END_TEST

/* --- nst_parse_s64 --- */

START_TEST(test_s64_good)
{
	static const struct scase cases[] = {
		{ "0", 0, 0 },
		{ "-0", 0, 0 },
		{ "+0", 0, 0 },
		{ "5", 0, 5 },
		{ "+5", 0, 5 },
		{ "-5", 0, -5 },
		{ "-007", 0, -7 },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "+9223372036854775807", 0, INT64_MAX },
		{ "-9223372036854775807", 0, -INT64_MAX },
		{ "-9223372036854775808", 0, INT64_MIN },
	};

	CHECK_TABLE(nst_parse_s64, int64_t, cases);
}
END_TEST

START_TEST(test_s64_bad)
{
	static const char *const bad[] = {
		NULL, "", "-", "+", " 5", "5 ", " -5", "- 5", "--5", "++5", "+-5", "-+5", "0x10",
		"-0x10", "5s", "1.5", "1e3", "5-", "5+1", "\t-5", "-5\n", "=-5", "-a",
	};

	CHECK_ALL(nst_parse_s64, int64_t, bad, -EINVAL);
}
END_TEST

START_TEST(test_s64_range)
{
	static const struct scase cases[] = {
		{ "9223372036854775808", -ERANGE, 0 },
		{ "+9223372036854775808", -ERANGE, 0 },
		{ "-9223372036854775809", -ERANGE, 0 },
		{ "18446744073709551615", -ERANGE, 0 },
		{ "-18446744073709551616", -ERANGE, 0 },
		{ "-99999999999999999999999", -ERANGE, 0 },
		{ "-99999999999999999999999x", -EINVAL, 0 },
	};

	CHECK_TABLE(nst_parse_s64, int64_t, cases);
}
END_TEST

/* --- nst_parse_u32_max --- */

struct u32_max_case {
	const char *in;
	uint32_t max;
	int r;
	uint32_t v;
};

static void check_u32_max(const struct u32_max_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t v = SENTINEL;
		int r = nst_parse_u32_max(cases[i].in, cases[i].max, &v);

		ck_assert_msg(r == cases[i].r, "nst_parse_u32_max('%s', %u) = %d, expected %d",
			      STR(cases[i].in), cases[i].max, r, cases[i].r);
		ck_assert_uint_eq(v, r == 0 ? cases[i].v : SENTINEL);
	}
}

START_TEST(test_u32_max_good)
{
	static const struct u32_max_case cases[] = {
		{ "0", 0, 0, 0 },
		{ "0", 10, 0, 0 },
		{ "9", 10, 0, 9 },
		{ "10", 10, 0, 10 },
		{ "0010", 10, 0, 10 },
		{ "4294967295", UINT32_MAX, 0, UINT32_MAX },
		{ "4294967294", UINT32_MAX - 1, 0, UINT32_MAX - 1 },
	};

	check_u32_max(cases, ARRAY_SIZE(cases));
}
END_TEST

START_TEST(test_u32_max_bad)
{
	for (size_t i = 0; i < ARRAY_SIZE(not_unsigned); i++) {
		uint32_t v = SENTINEL;

		ck_assert_int_eq(nst_parse_u32_max(not_unsigned[i], UINT32_MAX, &v), -EINVAL);
		ck_assert_uint_eq(v, SENTINEL);
	}
}
END_TEST

START_TEST(test_u32_max_range)
{
	static const struct u32_max_case cases[] = {
		{ "1", 0, -ERANGE, 0 },
		{ "11", 10, -ERANGE, 0 },
		{ "4294967295", UINT32_MAX - 1, -ERANGE, 0 },
		{ "4294967296", UINT32_MAX, -ERANGE, 0 },
		{ "18446744073709551616", UINT32_MAX, -ERANGE, 0 },
		{ "11x", 10, -EINVAL, 0 },
	};

	check_u32_max(cases, ARRAY_SIZE(cases));
}
END_TEST

/* --- nst_parse_pid --- */

START_TEST(test_pid_good)
{
	static const struct ucase cases[] = {
		{ "1", 0, 1 },
		{ "2", 0, 2 },
		{ "42", 0, 42 },
		{ "0042", 0, 42 },
		{ "32768", 0, 32768 },
		{ "4194303", 0, 4194303 },
		{ "4194304", 0, 4194304 },
	};

	CHECK_TABLE(nst_parse_pid, pid_t, cases);
}
END_TEST

START_TEST(test_pid_bad)
{
	static const char *const bad[] = { "1:2", "self", "$$", "42/", "/proc/42" };

	CHECK_ALL(nst_parse_pid, pid_t, not_unsigned, -EINVAL);
	CHECK_ALL(nst_parse_pid, pid_t, bad, -EINVAL);
}
END_TEST

START_TEST(test_pid_range)
{
	static const struct ucase cases[] = {
		{ "0", -ERANGE, 0 },
		{ "000", -ERANGE, 0 },
		{ "4194305", -ERANGE, 0 },
		{ "2147483647", -ERANGE, 0 },
		{ "4294967296", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
	};

	CHECK_TABLE(nst_parse_pid, pid_t, cases);
}
END_TEST

/* --- nst_parse_pid_inode --- */

struct pid_ino_case {
	const char *in;
	int r;
	pid_t pid;
	uint64_t ino;
};

static void check_pid_inode(const struct pid_ino_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		pid_t pid = SENTINEL;
		uint64_t ino = SENTINEL;
		int r = nst_parse_pid_inode(cases[i].in, &pid, &ino);

		ck_assert_msg(r == cases[i].r, "nst_parse_pid_inode('%s') = %d, expected %d",
			      STR(cases[i].in), r, cases[i].r);
		if (r == 0) {
			ck_assert_int_eq(pid, cases[i].pid);
			ck_assert_uint_eq(ino, cases[i].ino);
		} else {
			ck_assert_int_eq(pid, SENTINEL);
			ck_assert_uint_eq(ino, SENTINEL);
		}
	}
}

START_TEST(test_pid_inode_good)
{
	static const struct pid_ino_case cases[] = {
		{ "42", 0, 42, 0 },
		{ "1", 0, 1, 0 },
		{ "4194304", 0, 4194304, 0 },
		{ "42:1", 0, 42, 1 },
		{ "42:4026531836", 0, 42, UINT64_C(4026531836) },
		{ "1:18446744073709551615", 0, 1, UINT64_MAX },
		{ "4194304:7", 0, 4194304, 7 },
		{ "007:007", 0, 7, 7 },
	};

	check_pid_inode(cases, ARRAY_SIZE(cases));
}
END_TEST

START_TEST(test_pid_inode_bad)
{
	static const char *const bad[] = {
		NULL, "", ":", "42:", ":5", "42:5:6", "42::5", " 42:5", "42 :5", "42: 5", "42:5 ",
		"42:+5", "+42:5", "42:-5", "-42", "42:0x5", "0x2a:5", "x:5", "42,5", "42:5x", "42x",
		"42/5",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const struct pid_ino_case c = { bad[i], -EINVAL, 0, 0 };

		check_pid_inode(&c, 1);
	}
}
END_TEST

START_TEST(test_pid_inode_range)
{
	static const struct pid_ino_case cases[] = {
		{ "0", -ERANGE, 0, 0 },
		{ "0:5", -ERANGE, 0, 0 },
		{ "42:0", -ERANGE, 0, 0 },
		{ "42:000", -ERANGE, 0, 0 },
		{ "4194305", -ERANGE, 0, 0 },
		{ "4194305:5", -ERANGE, 0, 0 },
		{ "42:18446744073709551616", -ERANGE, 0, 0 },
		/* A syntax error in either part wins over a range error in the other. */
		{ "0:x", -EINVAL, 0, 0 },
		{ "x:0", -EINVAL, 0, 0 },
		{ "99999999999:5x", -EINVAL, 0, 0 },
	};

	check_pid_inode(cases, ARRAY_SIZE(cases));
}
END_TEST

/* --- numeric uid/gid --- */

static const struct ucase id_good[] = {
	{ "0", 0, 0 },
	{ "1", 0, 1 },
	{ "1000", 0, 1000 },
	{ "65534", 0, 65534 },
	{ "65536", 0, 65536 },
	{ "2147483648", 0, UINT64_C(2147483648) },
	{ "4294967294", 0, UINT64_C(4294967294) },
};

static const struct ucase id_range[] = {
	/* (uid_t)-1 means "unchanged" to setresuid(): never an id. */
	{ "4294967295", -ERANGE, 0 },
	{ "4294967296", -ERANGE, 0 },
	{ "8589934592", -ERANGE, 0 }, /* 2^33: util-linux truncated this to 0 */
	{ "18446744073709551615", -ERANGE, 0 },
	{ "18446744073709551616", -ERANGE, 0 },
};

/* Names are for nst_parse_uid/gid; the *_number parsers take digits only. */
static const char *const id_names[] = { "root", "nobody", "0root", "x0" };

START_TEST(test_uid_number_good)
{
	CHECK_TABLE(nst_parse_uid_number, uid_t, id_good);
}
END_TEST

START_TEST(test_uid_number_bad)
{
	CHECK_ALL(nst_parse_uid_number, uid_t, not_unsigned, -EINVAL);
	CHECK_ALL(nst_parse_uid_number, uid_t, id_names, -EINVAL);
}
END_TEST

START_TEST(test_uid_number_range)
{
	CHECK_TABLE(nst_parse_uid_number, uid_t, id_range);
}
END_TEST

START_TEST(test_gid_number_good)
{
	CHECK_TABLE(nst_parse_gid_number, gid_t, id_good);
}
END_TEST

START_TEST(test_gid_number_bad)
{
	CHECK_ALL(nst_parse_gid_number, gid_t, not_unsigned, -EINVAL);
	CHECK_ALL(nst_parse_gid_number, gid_t, id_names, -EINVAL);
}
END_TEST

START_TEST(test_gid_number_range)
{
	CHECK_TABLE(nst_parse_gid_number, gid_t, id_range);
}
END_TEST

/* --- uid/gid numbers or names --- */

/* Not a number and not a name that may be looked up. */
static const char *const bad_id_names[] = {
	NULL, "", " ", " root", "root ", "ro ot", "\troot", "root\n", "root:", ":root", "0:0",
	"r:t", "-1", "+0", "+1", "-0", "-root", "+root", " 0", "0 ", "1 2", "0\t", "root\v",
};

/* Valid names that no passwd or group file has: the lookup says -ENOENT. Hex is not a number
 * here, so "0x10" is a name; names are case-sensitive, so "ROOT" is not root. */
static const char *const unknown_names[] = {
	"nst-no-such-name-4711", "0x10", "1abc", "12a", "ROOT",
};

START_TEST(test_uid_numbers)
{
	CHECK_TABLE(nst_parse_uid, uid_t, id_good);
	/* All digits is a number even when it is out of range: never looked up as a name. */
	CHECK_TABLE(nst_parse_uid, uid_t, id_range);
}
END_TEST

START_TEST(test_uid_name)
{
	static const struct ucase cases[] = { { "root", 0, 0 } };

	CHECK_TABLE(nst_parse_uid, uid_t, cases);
}
END_TEST

START_TEST(test_uid_unknown)
{
	CHECK_ALL(nst_parse_uid, uid_t, unknown_names, -ENOENT);
}
END_TEST

START_TEST(test_uid_bad)
{
	CHECK_ALL(nst_parse_uid, uid_t, bad_id_names, -EINVAL);
}
END_TEST

START_TEST(test_gid_numbers)
{
	CHECK_TABLE(nst_parse_gid, gid_t, id_good);
	CHECK_TABLE(nst_parse_gid, gid_t, id_range);
}
END_TEST

START_TEST(test_gid_name)
{
	static const struct ucase cases[] = { { "root", 0, 0 } };

	CHECK_TABLE(nst_parse_gid, gid_t, cases);
}
END_TEST

START_TEST(test_gid_unknown)
{
	CHECK_ALL(nst_parse_gid, gid_t, unknown_names, -ENOENT);
}
END_TEST

START_TEST(test_gid_bad)
{
	CHECK_ALL(nst_parse_gid, gid_t, bad_id_names, -EINVAL);
}
END_TEST

/* --- nst_parse_uid_gid --- */

struct uid_gid_case {
	const char *in;
	int r;
	uid_t uid;
	gid_t gid;
};

static void check_uid_gid(const struct uid_gid_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uid_t uid = SENTINEL;
		gid_t gid = SENTINEL;
		int r = nst_parse_uid_gid(cases[i].in, &uid, &gid);

		ck_assert_msg(r == cases[i].r, "nst_parse_uid_gid('%s') = %d, expected %d",
			      STR(cases[i].in), r, cases[i].r);
		ck_assert_uint_eq(uid, r == 0 ? cases[i].uid : SENTINEL);
		ck_assert_uint_eq(gid, r == 0 ? cases[i].gid : SENTINEL);
	}
}

START_TEST(test_uid_gid_good)
{
	static const struct uid_gid_case cases[] = {
		{ "0:0", 0, 0, 0 },
		{ "1000:100", 0, 1000, 100 },
		{ "100:1000", 0, 100, 1000 },
		{ "007:08", 0, 7, 8 },
		{ "4294967294:4294967294", 0, 4294967294u, 4294967294u },
	};

	check_uid_gid(cases, ARRAY_SIZE(cases));
}
END_TEST

START_TEST(test_uid_gid_bad)
{
	static const char *const bad[] = {
		NULL, "", ":", "0", "0:", ":0", "0:0:0", "0::0", "root:root", "root:0", " 0:0",
		"0 :0", "0: 0", "0:0 ", "+0:0", "0:+0", "-1:0", "0:-1", "0x1:0", "0:0x1", "0,0",
		"0.0", "1000:100x",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const struct uid_gid_case c = { bad[i], -EINVAL, 0, 0 };

		check_uid_gid(&c, 1);
	}
}
END_TEST

START_TEST(test_uid_gid_range)
{
	static const struct uid_gid_case cases[] = {
		{ "4294967295:0", -ERANGE, 0, 0 },
		{ "0:4294967295", -ERANGE, 0, 0 },
		{ "4294967296:0", -ERANGE, 0, 0 },
		{ "0:4294967296", -ERANGE, 0, 0 },
		{ "4294967295:4294967295", -ERANGE, 0, 0 },
		/* Syntax beats range in either half. */
		{ "x:4294967296", -EINVAL, 0, 0 },
		{ "4294967296:x", -EINVAL, 0, 0 },
	};

	check_uid_gid(cases, ARRAY_SIZE(cases));
}
END_TEST

/* --- nst_parse_fd --- */

START_TEST(test_fd_good)
{
	static const struct ucase cases[] = {
		{ "0", 0, 0 },		 { "1", 0, 1 },		  { "2", 0, 2 },
		{ "1023", 0, 1023 },	 { "03", 0, 3 },	  { "2147483646", 0, INT_MAX - 1 },
		{ "2147483647", 0, INT_MAX },
	};

	CHECK_TABLE(nst_parse_fd, int, cases);
}
END_TEST

START_TEST(test_fd_bad)
{
	static const char *const bad[] = { "stdin", "/dev/fd/3", "3:" };

	CHECK_ALL(nst_parse_fd, int, not_unsigned, -EINVAL);
	CHECK_ALL(nst_parse_fd, int, bad, -EINVAL);
}
END_TEST

START_TEST(test_fd_range)
{
	static const struct ucase cases[] = {
		{ "2147483648", -ERANGE, 0 },
		{ "4294967295", -ERANGE, 0 },
		{ "4294967296", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
	};

	CHECK_TABLE(nst_parse_fd, int, cases);
}
END_TEST

/* --- nst_parse_signal, nst_signal_name --- */

START_TEST(test_signal_names)
{
	static const struct scase cases[] = {
		{ "HUP", 0, SIGHUP },	    { "INT", 0, SIGINT },	{ "QUIT", 0, SIGQUIT },
		{ "ILL", 0, SIGILL },	    { "TRAP", 0, SIGTRAP },	{ "ABRT", 0, SIGABRT },
		{ "BUS", 0, SIGBUS },	    { "FPE", 0, SIGFPE },	{ "KILL", 0, SIGKILL },
		{ "USR1", 0, SIGUSR1 },	    { "SEGV", 0, SIGSEGV },	{ "USR2", 0, SIGUSR2 },
		{ "PIPE", 0, SIGPIPE },	    { "ALRM", 0, SIGALRM },	{ "TERM", 0, SIGTERM },
		{ "STKFLT", 0, SIGSTKFLT }, { "CHLD", 0, SIGCHLD },	{ "CONT", 0, SIGCONT },
		{ "STOP", 0, SIGSTOP },	    { "TSTP", 0, SIGTSTP },	{ "TTIN", 0, SIGTTIN },
		{ "TTOU", 0, SIGTTOU },	    { "URG", 0, SIGURG },	{ "XCPU", 0, SIGXCPU },
		{ "XFSZ", 0, SIGXFSZ },	    { "VTALRM", 0, SIGVTALRM }, { "PROF", 0, SIGPROF },
		{ "WINCH", 0, SIGWINCH },   { "IO", 0, SIGIO },		{ "PWR", 0, SIGPWR },
		{ "SYS", 0, SIGSYS },
		/* "SIG" is optional and case does not matter, for the prefix too. */
		{ "SIGTERM", 0, SIGTERM },  { "sigterm", 0, SIGTERM },	{ "term", 0, SIGTERM },
		{ "Term", 0, SIGTERM },	    { "SiGkIlL", 0, SIGKILL },	{ "sigHUP", 0, SIGHUP },
		{ "SIGUSR1", 0, SIGUSR1 },  { "usr2", 0, SIGUSR2 },	{ "SIGWINCH", 0, SIGWINCH },
		{ "SIGVTALRM", 0, SIGVTALRM },
	};

	CHECK_TABLE(nst_parse_signal, int, cases);
}
END_TEST

START_TEST(test_signal_aliases)
{
	static const struct scase cases[] = {
		{ "IOT", 0, SIGABRT },	{ "SIGIOT", 0, SIGABRT }, { "iot", 0, SIGABRT },
		{ "CLD", 0, SIGCHLD },	{ "SIGCLD", 0, SIGCHLD }, { "POLL", 0, SIGIO },
		{ "SIGPOLL", 0, SIGIO }, { "sigio", 0, SIGIO },
	};

	CHECK_TABLE(nst_parse_signal, int, cases);
}
END_TEST

START_TEST(test_signal_numbers)
{
	struct scase cases[] = {
		{ "1", 0, 1 },	 { "9", 0, SIGKILL }, { "15", 0, SIGTERM }, { "015", 0, 15 },
		{ "31", 0, 31 }, { "32", 0, 32 },     { "", 0, SIGRTMIN },  { "", 0, SIGRTMAX },
	};
	char rtmin[16], rtmax[16];

	snprintf(rtmin, sizeof(rtmin), "%d", SIGRTMIN);
	snprintf(rtmax, sizeof(rtmax), "%d", SIGRTMAX);
	cases[6].in = rtmin;
	cases[7].in = rtmax;
	CHECK_TABLE(nst_parse_signal, int, cases);
}
END_TEST

START_TEST(test_signal_number_range)
{
	struct scase cases[] = {
		{ "0", -ERANGE, 0 },
		{ "00", -ERANGE, 0 },
		{ "", -ERANGE, 0 }, /* SIGRTMAX + 1 */
		{ "1000", -ERANGE, 0 },
		{ "4294967296", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
	};
	char past[16];

	snprintf(past, sizeof(past), "%d", SIGRTMAX + 1);
	cases[2].in = past;
	CHECK_TABLE(nst_parse_signal, int, cases);
}
END_TEST

START_TEST(test_signal_rt)
{
	int span = SIGRTMAX - SIGRTMIN;
	struct scase cases[] = {
		{ "RTMIN", 0, SIGRTMIN },
		{ "SIGRTMIN", 0, SIGRTMIN },
		{ "rtmin", 0, SIGRTMIN },
		{ "RTMIN+0", 0, SIGRTMIN },
		{ "RTMIN+1", 0, SIGRTMIN + 1 },
		{ "sigrtmin+2", 0, SIGRTMIN + 2 },
		{ "RTMIN+02", 0, SIGRTMIN + 2 },
		{ "RTMAX", 0, SIGRTMAX },
		{ "SIGRTMAX", 0, SIGRTMAX },
		{ "RTMAX-0", 0, SIGRTMAX },
		{ "RTMAX-1", 0, SIGRTMAX - 1 },
		{ "SigRtMax-3", 0, SIGRTMAX - 3 },
		{ "", 0, SIGRTMAX }, /* RTMIN+span */
		{ "", 0, SIGRTMIN }, /* RTMAX-span */
	};
	char up[32], down[32];

	ck_assert_int_gt(span, 3);
	snprintf(up, sizeof(up), "RTMIN+%d", span);
	snprintf(down, sizeof(down), "RTMAX-%d", span);
	cases[12].in = up;
	cases[13].in = down;
	CHECK_TABLE(nst_parse_signal, int, cases);
}
END_TEST

START_TEST(test_signal_rt_bad)
{
	static const char *const bad[] = {
		"RTMIN+", "RTMAX-", "RTMIN-1", "RTMAX+1", "RTMIN++1", "RTMIN+-1", "RTMAX--1",
		"RTMAX-+1", "RTMIN+ 1", "RTMIN +1", "RTMIN+1 ", " RTMIN", "RTMIN+0x1", "RTMIN+1x",
		"RTMINX", "RTMIN1", "RTMAX1", "RTMI", "RT", "RTMID", "SIGRT", "RTMIN+1+1",
		"RTMAX-1-1", "RTMIN*2", "SIGSIGRTMIN",
	};

	CHECK_ALL(nst_parse_signal, int, bad, -EINVAL);
}
END_TEST

START_TEST(test_signal_rt_range)
{
	int span = SIGRTMAX - SIGRTMIN;
	struct scase cases[] = {
		{ "", -ERANGE, 0 }, /* RTMIN+(span+1) */
		{ "", -ERANGE, 0 }, /* RTMAX-(span+1) */
		{ "RTMIN+1000", -ERANGE, 0 },
		{ "RTMAX-4294967296", -ERANGE, 0 },
		{ "RTMIN+99999999999999999999", -ERANGE, 0 },
	};
	char up[32], down[32];

	snprintf(up, sizeof(up), "RTMIN+%d", span + 1);
	snprintf(down, sizeof(down), "SIGRTMAX-%d", span + 1);
	cases[0].in = up;
	cases[1].in = down;
	CHECK_TABLE(nst_parse_signal, int, cases);
}
END_TEST

START_TEST(test_signal_bad)
{
	static const char *const bad[] = {
		NULL, "", "SIG", "sig", "SIGSIGTERM", "SIG TERM", "TERM ", " TERM", "\tTERM",
		"TERM\n", "-9", "+9", "-1", "+15", "0x9", "0X0f", "9x", "9 ", " 9", "SIG9", "SIG+9",
		"FOO", "SIGFOO", "TER", "TERMINATE", "KIL", "KILLL", "SIGKILL9", "ALL", "EXIT",
		"ZERR", "UNUSED", "SIGINT,TERM", "=TERM", "SIG-TERM",
	};

	CHECK_ALL(nst_parse_signal, int, bad, -EINVAL);
}
END_TEST

START_TEST(test_signal_name)
{
	ck_assert_str_eq(nst_signal_name(SIGHUP), "HUP");
	ck_assert_str_eq(nst_signal_name(SIGKILL), "KILL");
	ck_assert_str_eq(nst_signal_name(SIGTERM), "TERM");
	/* Canonical names, not the aliases. */
	ck_assert_str_eq(nst_signal_name(SIGABRT), "ABRT");
	ck_assert_str_eq(nst_signal_name(SIGCHLD), "CHLD");
	ck_assert_str_eq(nst_signal_name(SIGIO), "IO");
	ck_assert_str_eq(nst_signal_name(SIGSYS), "SYS");
	ck_assert_str_eq(nst_signal_name(SIGRTMIN), "RTMIN");
	ck_assert_str_eq(nst_signal_name(SIGRTMIN + 1), "RTMIN+1");
	ck_assert_str_eq(nst_signal_name(SIGRTMAX), "RTMAX");
	/* Unknown numbers. */
	ck_assert_ptr_null(nst_signal_name(0));
	ck_assert_ptr_null(nst_signal_name(-1));
	ck_assert_ptr_null(nst_signal_name(-SIGTERM));
	ck_assert_ptr_null(nst_signal_name(SIGRTMAX + 1));
	ck_assert_ptr_null(nst_signal_name(1000));
	ck_assert_ptr_null(nst_signal_name(INT_MIN));
	ck_assert_ptr_null(nst_signal_name(INT_MAX));
}
END_TEST

START_TEST(test_signal_name_roundtrip)
{
	/* Every standard signal has a name, and every name parses back to its number, with and
	 * without "SIG". Signals between SIGSYS and SIGRTMIN are glibc's own: no name. */
	for (int sig = 1; sig <= SIGRTMAX; sig++) {
		const char *name = nst_signal_name(sig);
		char signame[32];
		int parsed = 0;

		if (sig > SIGSYS && sig < SIGRTMIN) {
			ck_assert_ptr_null(name);
			continue;
		}
		ck_assert_msg(name != NULL, "signal %d has no name", sig);
		ck_assert_int_eq(nst_parse_signal(name, &parsed), 0);
		ck_assert_int_eq(parsed, sig);
		snprintf(signame, sizeof(signame), "SIG%s", name);
		parsed = 0;
		ck_assert_int_eq(nst_parse_signal(signame, &parsed), 0);
		ck_assert_int_eq(parsed, sig);
	}
}
END_TEST

/* --- nst_parse_time_offset --- */

START_TEST(test_time_offset_good)
{
	static const struct scase cases[] = {
		{ "0", 0, 0 },
		{ "-0", 0, 0 },
		{ "5", 0, 5 },
		{ "+5", 0, 5 },
		{ "-5", 0, -5 },
		{ "86400", 0, 86400 },
		{ "-86400", 0, -86400 },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "-9223372036854775808", 0, INT64_MIN },
	};

	CHECK_TABLE(nst_parse_time_offset, int64_t, cases);
}
END_TEST

START_TEST(test_time_offset_bad)
{
	static const char *const bad[] = {
		NULL, "", "-", "+", "5s", "1.5", " 5", "5 ", "- 5", "--5", "+-5", "0x10", "1e3",
		"1d", "-5m", "5\n", "=5", "5,0", "1:00",
	};

	CHECK_ALL(nst_parse_time_offset, int64_t, bad, -EINVAL);
}
END_TEST

START_TEST(test_time_offset_range)
{
	static const struct scase cases[] = {
		{ "9223372036854775808", -ERANGE, 0 },
		{ "+9223372036854775808", -ERANGE, 0 },
		{ "-9223372036854775809", -ERANGE, 0 },
		{ "99999999999999999999", -ERANGE, 0 },
	};

	CHECK_TABLE(nst_parse_time_offset, int64_t, cases);
}
END_TEST

/* --- nst_parse_idmap_range --- */

struct idmap_case {
	const char *in;
	int r;
	uint32_t inner, outer, count;
};

static void check_idmap(const struct idmap_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct nst_idmap_range m = { SENTINEL, SENTINEL, SENTINEL };
		int r = nst_parse_idmap_range(cases[i].in, &m);

		ck_assert_msg(r == cases[i].r, "nst_parse_idmap_range('%s') = %d, expected %d",
			      STR(cases[i].in), r, cases[i].r);
		ck_assert_uint_eq(m.inner, r == 0 ? cases[i].inner : SENTINEL);
		ck_assert_uint_eq(m.outer, r == 0 ? cases[i].outer : SENTINEL);
		ck_assert_uint_eq(m.count, r == 0 ? cases[i].count : SENTINEL);
	}
}

START_TEST(test_idmap_good)
{
	static const struct idmap_case cases[] = {
		{ "0:1000:1", 0, 0, 1000, 1 },
		{ "1:100000:65536", 0, 1, 100000, 65536 },
		/* The old form swaps the first two fields: outer,inner,count. */
		{ "1000,0,1", 0, 0, 1000, 1 },
		{ "100000,1,65536", 0, 1, 100000, 65536 },
		{ "0:0:1", 0, 0, 0, 1 },
		{ "00:010:01", 0, 0, 10, 1 },
		/* The last id of a range may be 2^32-2, (uid_t)-1 never. */
		{ "4294967294:0:1", 0, 4294967294u, 0, 1 },
		{ "0:4294967294:1", 0, 0, 4294967294u, 1 },
		{ "0:0:4294967295", 0, 0, 0, 4294967295u },
		{ "4294967294,0,1", 0, 0, 4294967294u, 1 },
		{ "1:0:4294967294", 0, 1, 0, 4294967294u },
	};

	check_idmap(cases, ARRAY_SIZE(cases));
}
END_TEST

START_TEST(test_idmap_bad)
{
	static const struct idmap_case cases[] = {
		{ NULL, -EINVAL, 0, 0, 0 },	     { "", -EINVAL, 0, 0, 0 },
		{ "0", -EINVAL, 0, 0, 0 },	     { "0:1000", -EINVAL, 0, 0, 0 },
		{ "0,1000", -EINVAL, 0, 0, 0 },	     { "0:1000:1:2", -EINVAL, 0, 0, 0 },
		{ "0,1000,1,2", -EINVAL, 0, 0, 0 },  { "1:2,3", -EINVAL, 0, 0, 0 },
		{ "1,2:3", -EINVAL, 0, 0, 0 },	     { "1:2:3,", -EINVAL, 0, 0, 0 },
		{ "::", -EINVAL, 0, 0, 0 },	     { ",,", -EINVAL, 0, 0, 0 },
		{ "0::1", -EINVAL, 0, 0, 0 },	     { ":0:1", -EINVAL, 0, 0, 0 },
		{ "0:0:", -EINVAL, 0, 0, 0 },	     { "0,0,", -EINVAL, 0, 0, 0 },
		{ "0:0:1:", -EINVAL, 0, 0, 0 },	     { "a:b:c", -EINVAL, 0, 0, 0 },
		{ " 0:0:1", -EINVAL, 0, 0, 0 },	     { "0:0:1 ", -EINVAL, 0, 0, 0 },
		{ "0: 0:1", -EINVAL, 0, 0, 0 },	     { "0 :0:1", -EINVAL, 0, 0, 0 },
		{ "+0:0:1", -EINVAL, 0, 0, 0 },	     { "0:-1:1", -EINVAL, 0, 0, 0 },
		{ "0:0:-1", -EINVAL, 0, 0, 0 },	     { "0:0:+1", -EINVAL, 0, 0, 0 },
		{ "0x0:0:1", -EINVAL, 0, 0, 0 },     { "0:0:0x10", -EINVAL, 0, 0, 0 },
		{ "0;0;1", -EINVAL, 0, 0, 0 },	     { "0 0 1", -EINVAL, 0, 0, 0 },
		{ "auto", -EINVAL, 0, 0, 0 },	     { "all", -EINVAL, 0, 0, 0 },
		{ "root:100000:65536", -EINVAL, 0, 0, 0 },
	};

	check_idmap(cases, ARRAY_SIZE(cases));
}
END_TEST

START_TEST(test_idmap_range)
{
	static const struct idmap_case cases[] = {
		{ "0:0:0", -ERANGE, 0, 0, 0 },
		{ "0,0,0", -ERANGE, 0, 0, 0 },
		/* first + count reaching 2^32 would wrap in the kernel's u32 sum. */
		{ "4294967295:0:1", -ERANGE, 0, 0, 0 },
		{ "0:4294967295:1", -ERANGE, 0, 0, 0 },
		{ "4294967294:0:2", -ERANGE, 0, 0, 0 },
		{ "0:4294967294:2", -ERANGE, 0, 0, 0 },
		{ "1:0:4294967295", -ERANGE, 0, 0, 0 },
		{ "0:1:4294967295", -ERANGE, 0, 0, 0 },
		{ "4294967295,0,1", -ERANGE, 0, 0, 0 },
		{ "0,4294967295,1", -ERANGE, 0, 0, 0 },
		{ "4294967296:0:1", -ERANGE, 0, 0, 0 },
		{ "0:4294967296:1", -ERANGE, 0, 0, 0 },
		{ "0:0:4294967296", -ERANGE, 0, 0, 0 },
		/* A syntax error anywhere wins over a range error. */
		{ "x:4294967296:1", -EINVAL, 0, 0, 0 },
		{ "4294967296:0:x", -EINVAL, 0, 0, 0 },
		{ "0:0:0x", -EINVAL, 0, 0, 0 },
	};

	check_idmap(cases, ARRAY_SIZE(cases));
}
END_TEST

/* --- nst_strip_eq --- */

START_TEST(test_strip_eq)
{
	static const char empty[] = "", eq[] = "=", path[] = "=/run/netns/x", plain[] = "/x",
			  twice[] = "==x", inner[] = "x=y";

	ck_assert_ptr_null(nst_strip_eq(NULL));
	ck_assert_ptr_eq(nst_strip_eq(empty), empty);
	ck_assert_ptr_eq(nst_strip_eq(eq), eq + 1);
	ck_assert_str_eq(nst_strip_eq(eq), "");
	ck_assert_ptr_eq(nst_strip_eq(path), path + 1);
	ck_assert_str_eq(nst_strip_eq(path), "/run/netns/x");
	ck_assert_ptr_eq(nst_strip_eq(plain), plain);
	/* Only one '=' goes. */
	ck_assert_ptr_eq(nst_strip_eq(twice), twice + 1);
	ck_assert_str_eq(nst_strip_eq(twice), "=x");
	ck_assert_ptr_eq(nst_strip_eq(inner), inner);
}
END_TEST

static TCase *tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, 30);
	return tc;
}

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc;

	tc = tcase("u64");
	tcase_add_test(tc, test_u64_good);
	tcase_add_test(tc, test_u64_bad);
	tcase_add_test(tc, test_u64_range);
	suite_add_tcase(s, tc);

	tc = tcase("s64");
	tcase_add_test(tc, test_s64_good);
	tcase_add_test(tc, test_s64_bad);
	tcase_add_test(tc, test_s64_range);
	suite_add_tcase(s, tc);

	tc = tcase("u32_max");
	tcase_add_test(tc, test_u32_max_good);
	tcase_add_test(tc, test_u32_max_bad);
	tcase_add_test(tc, test_u32_max_range);
	suite_add_tcase(s, tc);

	tc = tcase("pid");
	tcase_add_test(tc, test_pid_good);
	tcase_add_test(tc, test_pid_bad);
	tcase_add_test(tc, test_pid_range);
	tcase_add_test(tc, test_pid_inode_good);
	tcase_add_test(tc, test_pid_inode_bad);
	tcase_add_test(tc, test_pid_inode_range);
	suite_add_tcase(s, tc);

	tc = tcase("ids");
	tcase_add_test(tc, test_uid_number_good);
	tcase_add_test(tc, test_uid_number_bad);
	tcase_add_test(tc, test_uid_number_range);
	tcase_add_test(tc, test_gid_number_good);
	tcase_add_test(tc, test_gid_number_bad);
	tcase_add_test(tc, test_gid_number_range);
	tcase_add_test(tc, test_uid_numbers);
	tcase_add_test(tc, test_uid_name);
	tcase_add_test(tc, test_uid_unknown);
	tcase_add_test(tc, test_uid_bad);
	tcase_add_test(tc, test_gid_numbers);
	tcase_add_test(tc, test_gid_name);
	tcase_add_test(tc, test_gid_unknown);
	tcase_add_test(tc, test_gid_bad);
	tcase_add_test(tc, test_uid_gid_good);
	tcase_add_test(tc, test_uid_gid_bad);
	tcase_add_test(tc, test_uid_gid_range);
	suite_add_tcase(s, tc);

	tc = tcase("fd");
	tcase_add_test(tc, test_fd_good);
	tcase_add_test(tc, test_fd_bad);
	tcase_add_test(tc, test_fd_range);
	suite_add_tcase(s, tc);

	tc = tcase("signal");
	tcase_add_test(tc, test_signal_names);
	tcase_add_test(tc, test_signal_aliases);
	tcase_add_test(tc, test_signal_numbers);
	tcase_add_test(tc, test_signal_number_range);
	tcase_add_test(tc, test_signal_rt);
	tcase_add_test(tc, test_signal_rt_bad);
	tcase_add_test(tc, test_signal_rt_range);
	tcase_add_test(tc, test_signal_bad);
	tcase_add_test(tc, test_signal_name);
	tcase_add_test(tc, test_signal_name_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase("time_offset");
	tcase_add_test(tc, test_time_offset_good);
	tcase_add_test(tc, test_time_offset_bad);
	tcase_add_test(tc, test_time_offset_range);
	suite_add_tcase(s, tc);

	tc = tcase("idmap");
	tcase_add_test(tc, test_idmap_good);
	tcase_add_test(tc, test_idmap_bad);
	tcase_add_test(tc, test_idmap_range);
	suite_add_tcase(s, tc);

	tc = tcase("strip_eq");
	tcase_add_test(tc, test_strip_eq);
	suite_add_tcase(s, tc);

	return s;
}
