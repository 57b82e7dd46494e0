/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: the ppid field of a /proc/PID/stat line (a comm may hold spaces and ')'). */
#include <errno.h>

#include "fuzz.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	pid_t ppid;
	int r;

	r = nst_scan_parse_stat_ppid(s, &ppid);
	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0)
		FUZZ_CHECK(ppid >= 0);
	free(s);
	return 0;
}
