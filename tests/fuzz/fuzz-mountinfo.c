/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: nsfs bind mounts in mountinfo (the lsns NSFS column), through a fixture tree. */
#include <errno.h>

#include "fixture.h"
#include "scan.h"

/* The fixture's namespace is a plain file with some inode; the harness renames it to this one
 * so that seeds like "... / /run/netns/x ... - nsfs nsfs rw" with root "net:[4026531840]" match. */
#define FUZZ_INO 4026531840ull

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fixture_make();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nst_scan scan;
	char *paths = NULL;
	int r;

	fixture_write("self/mountinfo", data, size);
	nst_scan_init(&scan);
	FUZZ_CHECK(nst_scan_run(&scan, fixture_root, NST_MASK(NST_NET)) == 0);
	FUZZ_CHECK(scan.n_ns == 1);
	scan.ns[0].ino = FUZZ_INO;
	r = nst_scan_nsfs_paths(&scan, 0, ',', &paths);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ENOMEM || r < 0);
	if (r == 0 && paths) {
		FUZZ_CHECK(paths[0] != '\0');
		free(paths);
	}
	nst_scan_done(&scan);
	return 0;
}
