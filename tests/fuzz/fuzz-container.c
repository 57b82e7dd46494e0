/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: the lsns CONTAINER column from /proc/PID/cgroup text and single cgroup paths. */
#include <errno.h>

#include "container.h"
#include "fuzz.h"

static void check_name(int r, char *name)
{
	FUZZ_CHECK(r == 0 || r == 1 || r == -ENOMEM);
	if (r == 1) {
		/* "kind:id". That it is printable text is the known finding kept as
		 * tests/unit/test-fuzz-container.c (escapes like "\x0a" in machine names). */
		FUZZ_CHECK(name && strchr(name, ':'));
		free(name);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char *name = NULL;
	int r;

	r = nst_container_from_cgroup(s, &name);
	check_name(r, name);
	name = NULL;
	r = nst_container_from_path(s, &name);
	check_name(r, name);
	free(s);
	return 0;
}
