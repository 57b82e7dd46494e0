/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: /etc/subuid lines, and uid_map text read back as identity ranges. */
#include <errno.h>

#include "fuzz.h"
#include "subid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	static struct nst_idmap_chain chain;
	uint32_t start, count;
	int r;

	r = nst_subid_match_line(s, "nobody", 65534, &start, &count);
	FUZZ_CHECK(r == 0 || r == 1 || r == -EINVAL || r == -ERANGE);
	if (r == 1)
		FUZZ_CHECK((uint64_t)start + count <= (uint64_t)UINT32_MAX + 1);
	r = nst_subid_match_line(s, NULL, 0, &start, &count);
	FUZZ_CHECK(r == 0 || r == 1 || r == -EINVAL || r == -ERANGE);

	memset(&chain, 0, sizeof(chain));
	r = nst_idmap_parse_identity(s, &chain);
	FUZZ_CHECK(r >= 0 || r == -EINVAL || r == -E2BIG || r == -ERANGE);
	if (r >= 0) {
		FUZZ_CHECK(chain.n <= NST_IDMAP_MAX);
		for (size_t i = 0; i < chain.n; i++)
			FUZZ_CHECK(chain.r[i].count > 0 && chain.r[i].inner == chain.r[i].outer);
	}
	free(s);
	return 0;
}
