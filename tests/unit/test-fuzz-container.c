/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzzer finding (tests/fuzz/fuzz-container): CONTAINER names must be printable text. */
#include <stdlib.h>

#include "container.h"
#include "unit.h"

/*
 * fuzz-container: a machine name is unescaped in full, so "\x0a" became a newline (and "\x1b"
 * an escape sequence) in the CONTAINER cell. Whoever may name a cgroup (a user with a
 * delegated subtree) could then forge lines in root's lsns output. Only "\x2d" is meant to be
 * unescaped (REFERENCE §7.2); whatever comes out must be one line of printable text.
 */
START_TEST(container_name_is_printable)
{
	static const char *const inputs[] = {
		"12::/machine.slice/machine-ey\\x2dvmy\\x0adm0dvm.scopvm.scope\n0z/s\n",
		"0::/machine.slice/machine-a\\x0ab.scope\n",
		"0::/machine.slice/machine-a\\x1b[2Jb.scope\n",
		"0::/machine.slice/machine-a\\x00b.scope\n",
	};

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char *name = NULL;
		int r = nst_container_from_cgroup(inputs[i], &name);

		ck_assert_int_ge(r, 0);
		if (r == 0)
			continue;
		for (const char *p = name; *p; p++)
			ck_assert_msg(*p >= 0x20 && *p < 0x7f, "input %zu: byte 0x%02x in '%s'", i,
				      (unsigned char)*p, name);
		free(name);
	}
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("fuzz-container");
	TCase *tc = tcase_create("fuzz-container");

	tcase_add_test(tc, container_name_is_printable);
	suite_add_tcase(s, tc);
	return s;
}
