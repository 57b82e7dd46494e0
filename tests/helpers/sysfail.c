/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture: run a program with some system calls failing, to stand in for an older kernel. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "missing.h"

/*
 * Usage: sysfail RULE... -- PROGRAM [ARG...]
 *   RULE = NAME=ERRNO                 every NAME(2) call fails with ERRNO
 *        | NAME:N&MASK=ERRNO          only calls whose argument N (0-5) has a bit of MASK set
 *        | NAME:N==VALUE=ERRNO        only calls whose argument N is VALUE
 *        | NAME:N&MASK==VALUE=ERRNO   only calls whose argument N, ANDed with MASK, is VALUE
 * (arguments: their low 32 bits, whatever the byte order; MASK and VALUE: 0 to 0xffffffff).
 * NAME is one of the calls below; ERRNO a name (ENOSYS) or a number. The seccomp filter is
 * inherited across fork and exec, so PROGRAM and everything it starts see the same "kernel".
 * Exit 125 on a usage or setup error (not 1 or 2, which PROGRAM may return), 127 if PROGRAM
 * cannot be executed.
 * Examples: a kernel without pidfds (before 5.3, or valgrind 3.19):
 *   sysfail pidfd_open=ENOSYS pidfd_getfd=ENOSYS pidfd_send_signal=ENOSYS -- nsenter ...
 * a kernel without the nsfs ioctls (NS_GET_*: type byte 0xb7, bits 8-15 of every request):
 *   sysfail 'ioctl:1&0xff00==0xb700=ENOTTY' -- lsns ...
 */

#if defined(__x86_64__)
#define OUR_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define OUR_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define OUR_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define OUR_AUDIT_ARCH AUDIT_ARCH_RISCV64
#elif defined(__s390x__)
#define OUR_AUDIT_ARCH AUDIT_ARCH_S390X
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define OUR_AUDIT_ARCH AUDIT_ARCH_PPC64LE
#else
#error "sysfail: add this architecture's AUDIT_ARCH_*"
#endif

/* seccomp_data.args[] are u64 in native byte order: the low 32 bits come second on big-endian. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG_LOW(n) (offsetof(struct seccomp_data, args) + 8 * (unsigned)(n))
#else
#define ARG_LOW(n) (offsetof(struct seccomp_data, args) + 8 * (unsigned)(n) + 4)
#endif

#define ALL_BITS 0xffffffffUL

static const struct {
	const char *name;
	long nr;
} calls[] = {
	{ "pidfd_open", __NR_pidfd_open },
	{ "pidfd_getfd", __NR_pidfd_getfd },
	{ "pidfd_send_signal", __NR_pidfd_send_signal },
	{ "setns", __NR_setns },
	{ "unshare", __NR_unshare },
	{ "openat", __NR_openat },
	{ "faccessat", __NR_faccessat },
#ifdef __NR_faccessat2
	{ "faccessat2", __NR_faccessat2 },
#endif
#ifdef __NR_access
	{ "access", __NR_access },
#endif
	{ "ioctl", __NR_ioctl },
};

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "ENOSYS", ENOSYS }, { "EINVAL", EINVAL }, { "EPERM", EPERM },
	{ "ENOENT", ENOENT }, { "EACCES", EACCES }, { "ESRCH", ESRCH },
	{ "ENOTTY", ENOTTY },
};

struct rule {
	long nr;
	int arg;			/* -1: any call */
	bool equal;			/* (argument & mask) == value, else argument & mask != 0 */
	unsigned long mask;		/* ALL_BITS for a plain ":N==VALUE" */
	unsigned long value;
	int err;
};

static const char bad_test[] = "bad ':N&MASK', ':N==VALUE' or ':N&MASK==VALUE'";

static _Noreturn void usage(const char *why)
{
	fprintf(stderr, "sysfail: %s\nusage: sysfail "
		"NAME[:N&MASK|:N==VALUE|:N&MASK==VALUE]=ERRNO... -- PROGRAM [ARG...]\n", why);
	exit(125);
}

/* A MASK or VALUE: the filter compares 32 bits, so a wider number could never match. */
static unsigned long parse_u32(const char *text, char **end)
{
	unsigned long v;

	errno = 0;
	v = strtoul(text, end, 0);
	if (!isdigit((unsigned char)*text) || errno != 0 || v > ALL_BITS)
		usage(bad_test);
	return v;
}

/* The argument test, "N&MASK", "N==VALUE" or "N&MASK==VALUE", from text up to eq. */
static void parse_arg_test(const char *text, const char *eq, struct rule *r)
{
	char *end;
	bool has_mask;

	r->arg = (int)strtol(text, &end, 10);
	if (end == text || r->arg < 0 || r->arg > 5)
		usage("bad argument number");
	has_mask = *end == '&';
	r->mask = has_mask ? parse_u32(end + 1, &end) : ALL_BITS;
	r->equal = strncmp(end, "==", 2) == 0;
	r->value = r->equal ? parse_u32(end + 2, &end) : 0;
	/* a MASK of 0, or a VALUE with bits outside MASK, would never match: surely a typo */
	if (end != eq || !(has_mask || r->equal) || r->mask == 0 || (r->value & ~r->mask) != 0)
		usage(bad_test);
}

static void parse_rule(const char *text, struct rule *r)
{
	char name[32], *end;
	/* the errno follows the last '=' ("==" may come before it) */
	const char *eq = strrchr(text, '='), *colon = strchr(text, ':');
	size_t len;

	*r = (struct rule){ .nr = -1, .arg = -1 };
	if (!eq)
		usage("a rule needs '=ERRNO'");
	len = (size_t)((colon && colon < eq ? colon : eq) - text);
	if (len == 0 || len >= sizeof(name))
		usage("bad system call name");
	memcpy(name, text, len);
	name[len] = '\0';
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(name, calls[i].name) == 0)
			r->nr = calls[i].nr;
	if (r->nr < 0)
		usage("unknown system call name");
	if (colon && colon < eq)
		parse_arg_test(colon + 1, eq, r);
	r->err = -1;
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strcmp(eq + 1, errnos[i].name) == 0)
			r->err = errnos[i].value;
	if (r->err < 0) {
		r->err = (int)strtol(eq + 1, &end, 10);
		if (end == eq + 1 || *end || r->err <= 0 || r->err > 4095)
			usage("bad errno");
	}
}

int main(int argc, char **argv)
{
	/* 3 to check the ABI, at most 6 per rule, 1 to allow the rest */
	struct sock_filter prog[4 + 6 * 16];
	struct sock_fprog fprog = { .filter = prog };
	struct rule rules[16];
	size_t n = 0, nrules = 0;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (nrules == sizeof(rules) / sizeof(rules[0]))
			usage("too many rules");
		parse_rule(argv[i], &rules[nrules++]);
	}
	if (i >= argc - 1)
		usage("no program");

	/* a call from another ABI has other numbers: let it through untouched */
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						 offsetof(struct seccomp_data, arch));
	prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, OUR_AUDIT_ARCH, 1, 0);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	for (size_t k = 0; k < nrules; k++) {
		const struct rule *r = &rules[k];
		unsigned ret = SECCOMP_RET_ERRNO | ((unsigned)r->err & SECCOMP_RET_DATA);
		/* ":N&MASK==VALUE" masks the argument first; ":N==VALUE" compares all of it */
		bool and_mask = r->equal && r->mask != ALL_BITS;

		prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
							 offsetof(struct seccomp_data, nr));
		if (r->arg < 0) {
			prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
								 (unsigned)r->nr, 0, 1);
		} else {
			/* not this call: skip the load, the AND if any, the test and the return */
			prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
								 (unsigned)r->nr, 0,
								 and_mask ? 4 : 3);
			prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
								 ARG_LOW(r->arg));
			if (and_mask)
				prog[n++] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
									 (unsigned)r->mask);
			if (r->equal)
				prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
									 (unsigned)r->value, 0, 1);
			else
				prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
									 (unsigned)r->mask, 0, 1);
		}
		prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ret);
	}
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	fprog.len = (unsigned short)n;

	/* required to install a filter without CAP_SYS_ADMIN; harmless with it */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		perror("sysfail: PR_SET_NO_NEW_PRIVS");
		return 125;
	}
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) < 0) {
		perror("sysfail: PR_SET_SECCOMP");
		return 125;
	}
	execvp(argv[i + 1], argv + i + 1);
	fprintf(stderr, "sysfail: cannot execute %s: %s\n", argv[i + 1], strerror(errno));
	return 127;
}
