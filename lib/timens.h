/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Clock offsets of a new time namespace. */
#ifndef NST_TIMENS_H
#define NST_TIMENS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/*
 * Write "<clockid> <secs> 0" to /proc/self/timens_offsets (CLOCK_MONOTONIC or
 * CLOCK_BOOTTIME). The kernel accepts this only between unshare(CLONE_NEWTIME) and the first
 * process entering the namespace, so it has to come before any fork or exec.
 * Returns 0 or -errno; then *reterr_open says whether the open (true) or the write failed.
 */
int nst_timens_set_offset(clockid_t clock, int64_t secs, bool *reterr_open);

#endif
