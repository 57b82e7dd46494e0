/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict parsers for everything that comes from the command line or from /proc files. */
#ifndef NST_PARSE_H
#define NST_PARSE_H

#include <stdint.h>
#include <sys/types.h>

/*
 * Every parser accepts the whole string or nothing: leading or trailing junk, spaces, an empty
 * string and NULL give -EINVAL; a number outside the type's range gives -ERANGE. ret_* is
 * written only on success.
 */

/* Decimal unsigned 64-bit / signed 64-bit numbers (no sign for unsigned, "+"/"-" for signed). */
int nst_parse_u64(const char *s, uint64_t *ret);
int nst_parse_s64(const char *s, int64_t *ret);
/* Decimal, at most max. */
int nst_parse_u32_max(const char *s, uint32_t max, uint32_t *ret);

/* A process id: 1 .. the kernel's PID_MAX_LIMIT (4194304). */
int nst_parse_pid(const char *s, pid_t *ret);
/* "PID" or "PID:INODE" (INODE > 0); *ret_ino is 0 when there is no ":INODE". */
int nst_parse_pid_inode(const char *s, pid_t *ret_pid, uint64_t *ret_ino);

/* Numeric uid/gid: 0 .. 2^32-2 ((uid_t)-1 means "no change" to the kernel, so it's -ERANGE). */
int nst_parse_uid_number(const char *s, uid_t *ret);
int nst_parse_gid_number(const char *s, gid_t *ret);
/* A number as above, else a user/group name looked up in the passwd/group database
 * (-ENOENT when there is no such name). */
int nst_parse_uid(const char *s, uid_t *ret);
int nst_parse_gid(const char *s, gid_t *ret);
/* "UID:GID", both numeric. */
int nst_parse_uid_gid(const char *s, uid_t *ret_uid, gid_t *ret_gid);

/* A file descriptor number: 0 .. INT_MAX. */
int nst_parse_fd(const char *s, int *ret);

/* A signal: a name ("TERM", "SIGTERM", "term"), "RTMIN+n", "RTMAX-n", or a number 1..SIGRTMAX. */
int nst_parse_signal(const char *s, int *ret);
/* The name of a signal without "SIG" ("TERM"), or NULL for an unknown number. */
const char *nst_signal_name(int sig);

/* A time offset in seconds, signed 64-bit, as written to /proc/self/timens_offsets. */
int nst_parse_time_offset(const char *s, int64_t *ret);

/* One id-map range. */
struct nst_idmap_range {
	uint32_t inner;
	uint32_t outer;
	uint32_t count;			/* > 0; inner + count and outer + count must not wrap 2^32 */
};
/* "inner:outer:count", or the old util-linux form "outer,inner,count". */
int nst_parse_idmap_range(const char *s, struct nst_idmap_range *ret);

/* A leading '=' of an attached optional argument ("-n=/run/netns/x") is dropped. */
const char *nst_strip_eq(const char *s);

#endif
