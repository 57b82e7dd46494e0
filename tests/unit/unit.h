/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What each unit test binary provides to the shared main(). */
#ifndef NST_UNIT_H
#define NST_UNIT_H

#include <check.h>

/* The suite of this test binary. */
Suite *nst_test_suite(void);
/* Optional: return a reason to skip the whole binary ("1..0 # SKIP reason"), or NULL. */
const char *nst_test_skip_reason(void);

#endif
