/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cleanup attributes, TAKE_FD/TAKE_PTR and small helpers shared by lib/ and tools/. */
#ifndef NST_MACRO_H
#define NST_MACRO_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _unused_ __attribute__((unused))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _noreturn_ __attribute__((noreturn))

/* Close only real fds (>= 0), and keep errno as it was: a cleanup must never
 * hide the error that made the function return. */
static inline void nst_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		(void)close(*fd);
		errno = saved;
	}
}

static inline void nst_freep(void *p)
{
	int saved = errno;
	free(*(void **)p);
	errno = saved;
}

static inline void nst_fclosep(FILE **f)
{
	if (*f) {
		int saved = errno;
		(void)fclose(*f);
		errno = saved;
	}
}

static inline void nst_closedirp(DIR **d)
{
	if (*d) {
		int saved = errno;
		(void)closedir(*d);
		errno = saved;
	}
}

#define _cleanup_close_ _cleanup_(nst_closep)
#define _cleanup_free_ _cleanup_(nst_freep)
#define _cleanup_fclose_ _cleanup_(nst_fclosep)
#define _cleanup_closedir_ _cleanup_(nst_closedirp)

/* Hand an fd or pointer out of a cleanup variable: the variable forgets it. */
#define TAKE_FD(fd)                                                                                \
	({                                                                                         \
		int _nst_fd = (fd);                                                                \
		(fd) = -EBADF;                                                                     \
		_nst_fd;                                                                           \
	})
#define TAKE_PTR(p)                                                                                \
	({                                                                                         \
		__typeof__(p) _nst_p = (p);                                                        \
		(p) = NULL;                                                                        \
		_nst_p;                                                                            \
	})

/* Negative errno of the last failed call; never 0, so a caller can't mistake it for success. */
static inline int nst_negerrno(void)
{
	return errno > 0 ? -errno : -EIO;
}

#endif
