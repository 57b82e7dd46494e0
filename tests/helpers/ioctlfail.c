/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture: run a program under a seccomp filter that fails one family of ioctls. */
#include <errno.h>
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

/*
 * Usage: ioctlfail MAGIC ERRNO PROG [ARG...]
 * Installs a seccomp filter under which every ioctl whose request has the type byte MAGIC
 * (0x00-0xff, e.g. 0xb7 for nsfs: NS_GET_USERNS, NS_GET_PARENT, NS_GET_NSTYPE, ...) fails with
 * ERRNO (ENOTTY or ENOSYS), as on a kernel without those ioctls, then execs PROG (found
 * through PATH). Every other system call is allowed. PROG and all its children inherit it.
 * Exit 125 on a usage or setup error, 127 if PROG cannot be executed.
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
#error "ioctlfail: add this architecture's AUDIT_ARCH_* value"
#endif

/* The low 32 bits of the ioctl request (args[1]): all of an _IOC() value. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define REQUEST_LOW offsetof(struct seccomp_data, args[1])
#else
#define REQUEST_LOW (offsetof(struct seccomp_data, args[1]) + 4)
#endif

/* _IOC_TYPE() occupies bits 8-15 of a request on every architecture. */
#define IOC_TYPE_MASK 0xff00u

static int install(unsigned magic, int error)
{
	struct sock_filter code[] = {
		/* another ABI (e.g. i386 on x86_64) numbers its syscalls differently: allow */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, OUR_AUDIT_ARCH, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, REQUEST_LOW),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, IOC_TYPE_MASK),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, magic << 8, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((unsigned)error & SECCOMP_RET_DATA)),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	/* without CAP_SYS_ADMIN the kernel only accepts a filter under no_new_privs */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long magic;
	char *end;
	int error, r;

	if (argc < 4) {
		fprintf(stderr, "usage: ioctlfail MAGIC ENOTTY|ENOSYS PROG [ARG...]\n");
		return 125;
	}
	errno = 0;
	magic = strtoul(argv[1], &end, 0);
	if (errno || end == argv[1] || *end || magic > 0xff) {
		fprintf(stderr, "ioctlfail: bad ioctl type byte '%s'\n", argv[1]);
		return 125;
	}
	if (strcmp(argv[2], "ENOTTY") == 0)
		error = ENOTTY;
	else if (strcmp(argv[2], "ENOSYS") == 0)
		error = ENOSYS;
	else {
		fprintf(stderr, "ioctlfail: unknown errno '%s'\n", argv[2]);
		return 125;
	}
	r = install((unsigned)magic, error);
	if (r < 0) {
		errno = -r;
		perror("ioctlfail: cannot install the seccomp filter");
		return 125;
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "ioctlfail: cannot execute '%s': %m\n", argv[3]);
	return 127;
}
