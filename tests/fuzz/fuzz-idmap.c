/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: id-map ranges, "inner:outer:count" and "outer,inner,count". */
#include <errno.h>

#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct nst_idmap_range m;
	int r;

	r = nst_parse_idmap_range(s, &m);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
	if (r == 0) {
		/* what the kernel would reject must never get through */
		FUZZ_CHECK(m.count > 0);
		FUZZ_CHECK((uint64_t)m.inner + m.count <= (uint64_t)UINT32_MAX + 1);
		FUZZ_CHECK((uint64_t)m.outer + m.count <= (uint64_t)UINT32_MAX + 1);
	}
	free(s);
	return 0;
}
