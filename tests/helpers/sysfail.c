/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture: run a program with some system calls failing, to stand in for an older kernel. */
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
 *   RULE = NAME=ERRNO            every NAME(2) call fails with ERRNO
 *        | NAME:N&MASK=ERRNO     only calls whose argument N (0-5) has a bit of MASK set
 *        | NAME:N==VALUE=ERRNO   only calls whose argument N is VALUE
 * (arguments: their low 32 bits).
 * NAME is one of the calls below; ERRNO a name (ENOSYS) or a number. The seccomp filter is
 * inherited across fork and exec, so PROGRAM and everything it starts see the same "kernel".
 * Example: a kernel without pidfds (before 5.3, or valgrind 3.19):
 *   sysfail pidfd_open=ENOSYS pidfd_getfd=ENOSYS pidfd_send_signal=ENOSYS -- nsenter ...
 */

#if defined(__x86_64__)
#define OUR_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define OUR_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "sysfail: add this architecture's AUDIT_ARCH_*"
#endif

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
};

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "ENOSYS", ENOSYS }, { "EINVAL", EINVAL }, { "EPERM", EPERM },
	{ "ENOENT", ENOENT }, { "EACCES", EACCES }, { "ESRCH", ESRCH },
};

struct rule {
	long nr;
	int arg;			/* -1: any call */
	bool equal;			/* argument == value, else argument & value */
	unsigned long value;
	int err;
};

static _Noreturn void usage(const char *why)
{
	fprintf(stderr, "sysfail: %s\nusage: sysfail NAME[:N&MASK|:N==VALUE]=ERRNO... -- PROGRAM "
		"[ARG...]\n", why);
	exit(2);
}

static void parse_rule(const char *text, struct rule *r)
{
	char name[32], *end;
	/* the errno follows the last '=' ("==" may come before it) */
	const char *eq = strrchr(text, '='), *colon = strchr(text, ':');
	size_t len;

	if (!eq)
		usage("a rule needs '=ERRNO'");
	len = (size_t)((colon && colon < eq ? colon : eq) - text);
	if (len == 0 || len >= sizeof(name))
		usage("bad system call name");
	memcpy(name, text, len);
	name[len] = '\0';
	r->nr = -1;
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(name, calls[i].name) == 0)
			r->nr = calls[i].nr;
	if (r->nr < 0)
		usage("unknown system call name");
	r->arg = -1;
	if (colon && colon < eq) {
		r->arg = (int)strtol(colon + 1, &end, 10);
		if (end == colon + 1 || r->arg < 0 || r->arg > 5)
			usage("bad argument number");
		if (strncmp(end, "==", 2) == 0) {
			r->equal = true;
			end += 2;
		} else if (*end == '&') {
			r->equal = false;
			end++;
		} else {
			usage("bad ':N&MASK' or ':N==VALUE'");
		}
		r->value = strtoul(end, &end, 0);
		if (end != eq || r->value > 0xffffffffUL || (!r->equal && r->value == 0))
			usage("bad ':N&MASK' or ':N==VALUE'");
	}
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
		unsigned short op = r->equal ? BPF_JEQ : BPF_JSET;

		prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
							 offsetof(struct seccomp_data, nr));
		if (r->arg < 0) {
			prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
								 (unsigned)r->nr, 0, 1);
		} else {
			/* the low 32 bits of the argument (little-endian) */
			prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
								 (unsigned)r->nr, 0, 3);
			prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
				offsetof(struct seccomp_data, args) + 8 * (unsigned)r->arg);
			prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | op | BPF_K,
								 (unsigned)r->value, 0, 1);
		}
		prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ret);
	}
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	fprog.len = (unsigned short)n;

	/* required to install a filter without CAP_SYS_ADMIN; harmless with it */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		perror("sysfail: PR_SET_NO_NEW_PRIVS");
		return 2;
	}
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) < 0) {
		perror("sysfail: PR_SET_SECCOMP");
		return 2;
	}
	execvp(argv[i + 1], argv + i + 1);
	fprintf(stderr, "sysfail: cannot execute %s: %s\n", argv[i + 1], strerror(errno));
	return 127;
}
