/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: /proc/PID/environ blocks (nst_environ_parse), NULs and all. */
#include <errno.h>

#include "environ.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	char **list = NULL;
	size_t total = 0;
	int n;

	/* an exact-size copy, so that reading one byte too far is an ASan report */
	FUZZ_CHECK(buf != NULL);
	memcpy(buf, data, size);
	n = nst_environ_parse(buf, size, &list);
	FUZZ_CHECK(n >= 0 || n == -ENOMEM);
	if (n >= 0) {
		int i;

		for (i = 0; list[i]; i++) {
			const char *eq = strchr(list[i], '=');

			/* each entry can be given to setenv(): a non-empty name before '=' */
			FUZZ_CHECK(eq && eq != list[i]);
			total += strlen(list[i]) + 1;
		}
		FUZZ_CHECK(i == n);
		FUZZ_CHECK(total <= size + 1);
		nst_environ_free(list);
	}
	free(buf);
	return 0;
}
