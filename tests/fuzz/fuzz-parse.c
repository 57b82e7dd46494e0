/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: the number parsers of lib/parse.c (pid, PID:inode, uid/gid, fd, time offset). */
#include <errno.h>
#include <limits.h>

#include "fuzz.h"
#include "parse.h"

/* Every parser returns 0, -EINVAL or -ERANGE: nothing else may come out of a bad string. */
static void check_rc(int r)
{
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	uint64_t u64, ino;
	int64_t s64;
	uint32_t u32;
	pid_t pid;
	uid_t uid;
	gid_t gid;
	int fd, r;

	r = nst_parse_u64(s, &u64);
	check_rc(r);
	if (r == 0)
		FUZZ_CHECK(s[0] >= '0' && s[0] <= '9');
	check_rc(nst_parse_s64(s, &s64));
	r = nst_parse_u32_max(s, 1000, &u32);
	check_rc(r);
	if (r == 0)
		FUZZ_CHECK(u32 <= 1000);

	r = nst_parse_pid(s, &pid);
	check_rc(r);
	if (r == 0)
		FUZZ_CHECK(pid >= 1 && pid <= 4194304);
	r = nst_parse_pid_inode(s, &pid, &ino);
	check_rc(r);
	if (r == 0) {
		FUZZ_CHECK(pid >= 1 && pid <= 4194304);
		/* ":INODE" present means a non-zero inode */
		FUZZ_CHECK((strchr(s, ':') != NULL) == (ino != 0));
	}

	r = nst_parse_uid_number(s, &uid);
	check_rc(r);
	if (r == 0)
		FUZZ_CHECK(uid != (uid_t)-1);
	r = nst_parse_gid_number(s, &gid);
	check_rc(r);
	if (r == 0)
		FUZZ_CHECK(gid != (gid_t)-1);
	r = nst_parse_uid_gid(s, &uid, &gid);
	check_rc(r);
	if (r == 0)
		FUZZ_CHECK(uid != (uid_t)-1 && gid != (gid_t)-1);

	r = nst_parse_fd(s, &fd);
	check_rc(r);
	if (r == 0)
		FUZZ_CHECK(fd >= 0);

	check_rc(nst_parse_time_offset(s, &s64));

	/* strip_eq: drops at most one leading '=' and points into the same string */
	{
		const char *t = nst_strip_eq(s);

		FUZZ_CHECK(t == s || (t == s + 1 && s[0] == '='));
	}
	free(s);
	return 0;
}
