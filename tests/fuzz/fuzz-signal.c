/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: signal names and numbers (nst_parse_signal, nst_signal_name). */
#include <errno.h>
#include <signal.h>

#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	int sig, again, r;
	const char *name;

	r = nst_parse_signal(s, &sig);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
	if (r == 0) {
		FUZZ_CHECK(sig >= 1 && sig <= SIGRTMAX);
		/* a name we print must parse back to the same signal */
		name = nst_signal_name(sig);
		if (name) {
			FUZZ_CHECK(nst_parse_signal(name, &again) == 0);
			FUZZ_CHECK(again == sig);
		}
	}
	/* any int, including the input's first bytes read as one */
	if (size >= sizeof(int)) {
		memcpy(&sig, data, sizeof(int));
		name = nst_signal_name(sig);
		if (name) {
			FUZZ_CHECK(nst_parse_signal(name, &again) == 0 && again == sig);
		}
	}
	free(s);
	return 0;
}
