/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: lsns reading /proc/PID/cmdline, comm and stat (through a fixture tree). */
#include <errno.h>

#include "fixture.h"
#include "scan.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fixture_make();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nst_scan scan;
	char *cmd = NULL;
	pid_t ppid;
	int r;

	/* the whole input as cmdline and stat; comm gets what follows the first NUL, so an
	 * input starting with a NUL is an empty command line with some comm */
	fixture_write("1/cmdline", data, size);
	fixture_write("1/stat", data, size);
	{
		size_t n = strnlen((const char *)data, size);
		size_t rest = n < size ? size - n - 1 : 0;

		fixture_write("1/comm", data + size - rest, rest);
	}

	nst_scan_init(&scan);
	FUZZ_CHECK(nst_scan_run(&scan, fixture_root, NST_MASK(NST_NET)) == 0);
	r = nst_scan_read_command(&scan, 1, &cmd);
	FUZZ_CHECK(r == 0 || r == -ENODATA);
	if (r == 0) {
		/* one line of text: no NUL inside, and not empty */
		FUZZ_CHECK(cmd[0] != '\0');
		free(cmd);
	}
	r = nst_scan_read_ppid(&scan, 1, &ppid);
	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0)
		FUZZ_CHECK(ppid >= 0);
	nst_scan_done(&scan);
	return 0;
}
