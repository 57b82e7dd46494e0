/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared bits of the libFuzzer targets: the input as a C string, and a hard check. */
#ifndef NST_FUZZ_H
#define NST_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property the parser promises; a broken one is a finding like a crash. */
#define FUZZ_CHECK(cond)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "fuzz: %s:%d: check failed: %s\n", __FILE__,         \
				__LINE__, #cond);                                           \
			abort();                                                           \
		}                                                                          \
	} while (0)

/* The input up to its first NUL, as a malloc'ed string (what argv or a /proc line gives us). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

#endif
