/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared main() of the Check unit tests: every test in its own child, TAP on stdout. */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

/* A binary that needs something the machine lacks defines this and returns why. */
__attribute__((weak)) const char *nst_test_skip_reason(void);

int main(void)
{
	SRunner *sr;
	int failed;

	if (nst_test_skip_reason && nst_test_skip_reason()) {
		printf("1..0 # SKIP %s\n", nst_test_skip_reason());
		return EXIT_SUCCESS;
	}
	sr = srunner_create(nst_test_suite());

	/* Each test runs in a child of its own, whatever CK_FORK says: a test that unshares or
	 * enters a namespace must not leak it into the next one. */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
