/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: namespace type names and lists ("net,uts"). */
#include <errno.h>

#include "fuzz.h"
#include "ns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	size_t len = strlen(s), pos = (size_t)-1;
	unsigned mask = 0;
	enum nst_type t;
	int r;

	t = nst_type_from_name(s);
	FUZZ_CHECK(t == _NST_TYPE_INVALID || ((int)t >= 0 && t < _NST_TYPE_MAX));
	if ((int)t >= 0) {
		const struct nst_type_info *info = nst_type_info(t);

		FUZZ_CHECK(strcmp(s, info->name) == 0 || strcmp(s, info->long_opt) == 0);
	}

	r = nst_mask_from_list(s, &mask, &pos);
	FUZZ_CHECK(r >= 0 || r == -EINVAL);
	if (r >= 0) {
		FUZZ_CHECK(mask != 0 && (mask & ~NST_MASK_ALL) == 0);
	} else if (pos != (size_t)-1) {
		FUZZ_CHECK(pos <= len);
	}
	free(s);
	return 0;
}
