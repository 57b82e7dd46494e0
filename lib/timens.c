/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Clock offsets of a new time namespace. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "macro.h"
#include "timens.h"

int nst_timens_set_offset(clockid_t clock, int64_t secs, bool *reterr_open)
{
	_cleanup_close_ int fd = -EBADF;
	char line[64];
	int len;

	if (clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
		return -EINVAL;
	fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		if (reterr_open)
			*reterr_open = true;
		return nst_negerrno();
	}
	len = snprintf(line, sizeof(line), "%d %" PRId64 " 0", (int)clock, secs);
	/* one line per write: the kernel parses each write on its own */
	if (write(fd, line, (size_t)len) != len) {
		if (reterr_open)
			*reterr_open = false;
		return errno ? nst_negerrno() : -EIO;
	}
	return 0;
}
