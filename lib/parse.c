/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict parsers: numbers, ids, signals, time offsets, id-map ranges. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "macro.h"
#include "parse.h"

/* PID_MAX_LIMIT of 64-bit kernels: no pid can be larger, whatever pid_max says. */
#define NST_PID_MAX_LIMIT 4194304

/* getpwnam_r()/getgrnam_r() buffers grow by doubling up to this; a bigger entry is -ENOMEM. */
#define NSS_BUF_MAX (1u << 20)

/* (uid_t)-1 is "no change" to setresuid() and invalid in an id map, so it is never a valid id. */
#define ID_MAX ((uint32_t)UINT32_MAX - 1)

_Static_assert(sizeof(uid_t) == sizeof(uint32_t), "uid_t must be 32 bits");
_Static_assert(sizeof(gid_t) == sizeof(uint32_t), "gid_t must be 32 bits");
_Static_assert(sizeof(pid_t) == sizeof(int32_t), "pid_t must be 32 bits");

/*
 * The core of every number: exactly the n bytes at s, all decimal digits, at least one. A digit
 * loop rather than strtoull(), which would skip leading spaces and accept a sign ("-1" wraps to
 * UINT64_MAX). A non-digit anywhere wins over overflow, so "99999999999999999999x" is a syntax
 * error, not a range error.
 */
static int parse_u64_n(const char *s, size_t n, uint64_t *ret)
{
	uint64_t v = 0;
	bool overflow = false;

	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned int d;

		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		d = (unsigned int)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			overflow = true;
		else
			v = v * 10 + d;
	}
	if (overflow)
		return -ERANGE;
	*ret = v;
	return 0;
}

static int parse_u32_n(const char *s, size_t n, uint32_t max, uint32_t *ret)
{
	uint64_t v;
	int r;

	r = parse_u64_n(s, n, &v);
	if (r < 0)
		return r;
	if (v > max)
		return -ERANGE;
	*ret = (uint32_t)v;
	return 0;
}

int nst_parse_u64(const char *s, uint64_t *ret)
{
	assert(ret);
	if (!s)
		return -EINVAL;
	return parse_u64_n(s, strlen(s), ret);
}

int nst_parse_s64(const char *s, int64_t *ret)
{
	bool neg = false;
	uint64_t mag;
	int r;

	assert(ret);
	if (!s)
		return -EINVAL;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	r = parse_u64_n(s, strlen(s), &mag);
	if (r < 0)
		return r;
	if (mag > (uint64_t)INT64_MAX + neg)
		return -ERANGE;
	/* -(mag - 1) - 1 reaches INT64_MIN without a signed overflow. */
	*ret = neg && mag > 0 ? -(int64_t)(mag - 1) - 1 : (int64_t)mag;
	return 0;
}

int nst_parse_u32_max(const char *s, uint32_t max, uint32_t *ret)
{
	assert(ret);
	if (!s)
		return -EINVAL;
	return parse_u32_n(s, strlen(s), max, ret);
}

/* Of two results of parsing parts of one string, the one to report: a syntax error in any part
 * wins over a range error ("x:99999999999" is -EINVAL), else the first error, else 0. */
static int worst_error(int a, int b)
{
	if (a == -EINVAL || b == -EINVAL)
		return -EINVAL;
	return a < 0 ? a : b;
}

static int parse_pid_n(const char *s, size_t n, pid_t *ret)
{
	uint32_t v;
	int r;

	r = parse_u32_n(s, n, NST_PID_MAX_LIMIT, &v);
	if (r < 0)
		return r;
	if (v == 0)
		return -ERANGE;
	*ret = (pid_t)v;
	return 0;
}

int nst_parse_pid(const char *s, pid_t *ret)
{
	assert(ret);
	if (!s)
		return -EINVAL;
	return parse_pid_n(s, strlen(s), ret);
}

int nst_parse_pid_inode(const char *s, pid_t *ret_pid, uint64_t *ret_ino)
{
	const char *colon;
	uint64_t ino = 0;
	pid_t pid = 0;
	int r, k = 0;

	assert(ret_pid && ret_ino);
	if (!s)
		return -EINVAL;
	colon = strchr(s, ':');
	r = parse_pid_n(s, colon ? (size_t)(colon - s) : strlen(s), &pid);
	if (colon) {
		/* A second ':' is a non-digit in the inode: "1:2:3" is -EINVAL. */
		k = nst_parse_u64(colon + 1, &ino);
		if (k == 0 && ino == 0)
			k = -ERANGE;
	}
	r = worst_error(r, k);
	if (r < 0)
		return r;
	*ret_pid = pid;
	*ret_ino = ino;
	return 0;
}

int nst_parse_uid_number(const char *s, uid_t *ret)
{
	assert(ret);
	if (!s)
		return -EINVAL;
	return parse_u32_n(s, strlen(s), ID_MAX, ret);
}

int nst_parse_gid_number(const char *s, gid_t *ret)
{
	assert(ret);
	if (!s)
		return -EINVAL;
	return parse_u32_n(s, strlen(s), ID_MAX, ret);
}

/*
 * What may go to the passwd/group database. ':' and whitespace can't be in an entry; a leading
 * '-' or '+' is a number with a sign ("-1", "+5") that must not be taken for a name (useradd
 * rejects such names, and '+' is an old NIS compat marker).
 */
static bool valid_db_name(const char *s)
{
	if (*s == '\0' || *s == '-' || *s == '+')
		return false;
	for (; *s; s++)
		if (*s == ':' || isspace((unsigned char)*s))
			return false;
	return true;
}

static size_t nss_bufsize(int name)
{
	long n = sysconf(name);

	return n > 0 && (unsigned long)n <= NSS_BUF_MAX ? (size_t)n : 1024;
}

int nst_parse_uid(const char *s, uid_t *ret)
{
	int r;

	assert(ret);
	/* All digits is always a number (or -ERANGE): "4294967296" never becomes a name. */
	r = nst_parse_uid_number(s, ret);
	if (r != -EINVAL || !s || !valid_db_name(s))
		return r;
	for (size_t size = nss_bufsize(_SC_GETPW_R_SIZE_MAX); size <= NSS_BUF_MAX; size *= 2) {
		_cleanup_free_ char *buf = malloc(size);
		struct passwd pw, *res = NULL;

		if (!buf)
			return -ENOMEM;
		r = getpwnam_r(s, &pw, buf, size, &res);
		if (r == ERANGE)
			continue;
		if (r > 0)
			return -r;
		if (!res)
			return -ENOENT;
		if (pw.pw_uid > ID_MAX)
			return -ERANGE;
		*ret = pw.pw_uid;
		return 0;
	}
	return -ENOMEM;
}

int nst_parse_gid(const char *s, gid_t *ret)
{
	int r;

	assert(ret);
	r = nst_parse_gid_number(s, ret);
	if (r != -EINVAL || !s || !valid_db_name(s))
		return r;
	for (size_t size = nss_bufsize(_SC_GETGR_R_SIZE_MAX); size <= NSS_BUF_MAX; size *= 2) {
		_cleanup_free_ char *buf = malloc(size);
		struct group gr, *res = NULL;

		if (!buf)
			return -ENOMEM;
		r = getgrnam_r(s, &gr, buf, size, &res);
		if (r == ERANGE)
			continue;
		if (r > 0)
			return -r;
		if (!res)
			return -ENOENT;
		if (gr.gr_gid > ID_MAX)
			return -ERANGE;
		*ret = gr.gr_gid;
		return 0;
	}
	return -ENOMEM;
}

int nst_parse_uid_gid(const char *s, uid_t *ret_uid, gid_t *ret_gid)
{
	const char *colon;
	uint32_t uid = 0, gid = 0;
	int r;

	assert(ret_uid && ret_gid);
	if (!s)
		return -EINVAL;
	colon = strchr(s, ':');
	if (!colon)
		return -EINVAL;
	r = worst_error(parse_u32_n(s, (size_t)(colon - s), ID_MAX, &uid),
			parse_u32_n(colon + 1, strlen(colon + 1), ID_MAX, &gid));
	if (r < 0)
		return r;
	*ret_uid = uid;
	*ret_gid = gid;
	return 0;
}

int nst_parse_fd(const char *s, int *ret)
{
	uint32_t v;
	int r;

	assert(ret);
	r = nst_parse_u32_max(s, INT_MAX, &v);
	if (r < 0)
		return r;
	*ret = (int)v;
	return 0;
}

struct signame {
	const char *name;
	int sig;
};

/* The standard signals by their <signal.h> macros, so the numbers are the architecture's own.
 * Canonical names come first: nst_signal_name() returns the first match. */
static const struct signame signames[] = {
	{ "HUP", SIGHUP },	{ "INT", SIGINT },	{ "QUIT", SIGQUIT },
	{ "ILL", SIGILL },	{ "TRAP", SIGTRAP },	{ "ABRT", SIGABRT },
	{ "BUS", SIGBUS },	{ "FPE", SIGFPE },	{ "KILL", SIGKILL },
	{ "USR1", SIGUSR1 },	{ "SEGV", SIGSEGV },	{ "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE },	{ "ALRM", SIGALRM },	{ "TERM", SIGTERM },
#ifdef SIGSTKFLT
	{ "STKFLT", SIGSTKFLT },
#endif
	{ "CHLD", SIGCHLD },	{ "CONT", SIGCONT },	{ "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },	{ "TTIN", SIGTTIN },	{ "TTOU", SIGTTOU },
	{ "URG", SIGURG },	{ "XCPU", SIGXCPU },	{ "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },	{ "WINCH", SIGWINCH },
	{ "IO", SIGIO },
#ifdef SIGPWR
	{ "PWR", SIGPWR },
#endif
	{ "SYS", SIGSYS },
	/* Aliases, after the names they stand for. */
	{ "POLL", SIGPOLL },	{ "IOT", SIGIOT },	{ "CLD", SIGCHLD },
};

/* Names of the real-time signals by offset from SIGRTMIN; SIGRTMAX itself is "RTMAX". */
static const char *const rtnames[] = {
	"RTMIN",    "RTMIN+1",	"RTMIN+2",  "RTMIN+3",	"RTMIN+4",  "RTMIN+5",	"RTMIN+6",
	"RTMIN+7",  "RTMIN+8",	"RTMIN+9",  "RTMIN+10", "RTMIN+11", "RTMIN+12", "RTMIN+13",
	"RTMIN+14", "RTMIN+15", "RTMIN+16", "RTMIN+17", "RTMIN+18", "RTMIN+19", "RTMIN+20",
	"RTMIN+21", "RTMIN+22", "RTMIN+23", "RTMIN+24", "RTMIN+25", "RTMIN+26", "RTMIN+27",
	"RTMIN+28", "RTMIN+29", "RTMIN+30", "RTMIN+31",
};

/* "RTMIN", "RTMIN+n", "RTMAX", "RTMAX-n" (s without "SIG"); 1 if s is not of that form. */
static int parse_rt_signal(const char *s, int *ret)
{
	bool min = strncasecmp(s, "RTMIN", 5) == 0;
	uint32_t n = 0;
	int r;

	if (!min && strncasecmp(s, "RTMAX", 5) != 0)
		return 1;
	s += 5;
	if (*s != '\0') {
		if (*s != (min ? '+' : '-'))
			return -EINVAL;
		/* SIGRTMIN and SIGRTMAX are glibc calls: the range is only known at run time. */
		r = nst_parse_u32_max(s + 1, (uint32_t)(SIGRTMAX - SIGRTMIN), &n);
		if (r < 0)
			return r;
	}
	*ret = min ? SIGRTMIN + (int)n : SIGRTMAX - (int)n;
	return 0;
}

int nst_parse_signal(const char *s, int *ret)
{
	uint32_t n;
	int r;

	assert(ret);
	if (!s)
		return -EINVAL;
	if (*s >= '0' && *s <= '9') {
		r = nst_parse_u32_max(s, (uint32_t)SIGRTMAX, &n);
		if (r < 0)
			return r;
		if (n == 0)
			return -ERANGE;
		*ret = (int)n;
		return 0;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < ARRAY_SIZE(signames); i++)
		if (strcasecmp(s, signames[i].name) == 0) {
			*ret = signames[i].sig;
			return 0;
		}
	r = parse_rt_signal(s, ret);
	return r > 0 ? -EINVAL : r;
}

const char *nst_signal_name(int sig)
{
	for (size_t i = 0; i < ARRAY_SIZE(signames); i++)
		if (signames[i].sig == sig)
			return signames[i].name;
	if (sig == SIGRTMAX)
		return "RTMAX";
	if (sig >= SIGRTMIN && sig < SIGRTMAX && (size_t)(sig - SIGRTMIN) < ARRAY_SIZE(rtnames))
		return rtnames[sig - SIGRTMIN];
	return NULL;
}

int nst_parse_time_offset(const char *s, int64_t *ret)
{
	return nst_parse_s64(s, ret);
}

int nst_parse_idmap_range(const char *s, struct nst_idmap_range *ret)
{
	struct nst_idmap_range range;
	const char *field[3];
	size_t len[3];
	uint32_t v[3] = { 0, 0, 0 };
	char sep;
	int r = 0;

	assert(ret);
	if (!s)
		return -EINVAL;
	/* Any ':' makes it the new form; a ',' in it then is a non-digit in some field, so mixed
	 * separators ("1:2,3") are -EINVAL, as is a third separator. */
	sep = strchr(s, ':') ? ':' : ',';
	field[0] = s;
	for (int i = 0; i < 2; i++) {
		const char *p = strchr(field[i], sep);

		if (!p)
			return -EINVAL;
		len[i] = (size_t)(p - field[i]);
		field[i + 1] = p + 1;
	}
	len[2] = strlen(field[2]);

	for (int i = 0; i < 3; i++)
		r = worst_error(r, parse_u32_n(field[i], len[i], UINT32_MAX, &v[i]));
	if (r < 0)
		return r;

	/* The old form is "outer,inner,count". */
	range.inner = sep == ':' ? v[0] : v[1];
	range.outer = sep == ':' ? v[1] : v[0];
	range.count = v[2];
	/*
	 * The kernel's map_write() computes first + count in u32 and rejects a sum that wraps,
	 * including one that reaches exactly 2^32: the last id of a range is at most 2^32-2,
	 * never (uid_t)-1. Reject here what the kernel would refuse later.
	 */
	if (range.count == 0 || (uint64_t)range.inner + range.count > UINT32_MAX ||
	    (uint64_t)range.outer + range.count > UINT32_MAX)
		return -ERANGE;
	*ret = range;
	return 0;
}

const char *nst_strip_eq(const char *s)
{
	return s && *s == '=' ? s + 1 : s;
}
