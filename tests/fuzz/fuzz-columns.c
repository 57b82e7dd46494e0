/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: lsns column lists (-o "NS,TYPE", "+PATH"). */
#include <errno.h>
#include <strings.h>

#include "columns.h"
#include "fuzz.h"

/* lsns's column names (tools/lsns.c infos[]); a small limit so that -E2BIG is reached too. */
static const char *const names[] = {
	"NS", "TYPE", "PATH", "NPROCS", "PID", "PPID", "COMMAND", "UID", "USER",
	"NETNSID", "NSFS", "PNS", "ONS", "HOLDER", "CONTAINER",
};
#define N_NAMES (sizeof(names) / sizeof(names[0]))
#define MAX 12
#define SENTINEL (-7)

/* The number of comma-separated items of s. */
static size_t n_items(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == ',';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	size_t len = strlen(s), start = 0, n;
	const char *bad = NULL;
	size_t bad_len = (size_t)-1;
	int cols[MAX];
	int r;

	/* a byte after the list's NUL, if any, says how many columns are there already */
	if (size > len + 1)
		start = data[len + 1] % (MAX + 1);
	for (size_t i = 0; i < MAX; i++)
		cols[i] = i < start ? (int)(i % N_NAMES) : SENTINEL;
	n = start;

	r = nst_columns_parse(s, names, N_NAMES, cols, MAX, &n, &bad, &bad_len);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -E2BIG);
	if (r < 0) {
		/* nothing changed */
		FUZZ_CHECK(n == start);
		for (size_t i = 0; i < MAX; i++)
			FUZZ_CHECK(cols[i] == (i < start ? (int)(i % N_NAMES) : SENTINEL));
	}
	if (r == -EINVAL) {
		/* the bad item lies inside the input, holds no comma and names no column */
		FUZZ_CHECK(bad >= s && bad_len <= len && bad + bad_len <= s + len);
		FUZZ_CHECK(memchr(bad, ',', bad_len) == NULL);
		FUZZ_CHECK(bad[bad_len] == ',' || bad[bad_len] == '\0');
		FUZZ_CHECK(nst_column_lookup(names, N_NAMES, bad, bad_len) == -EINVAL);
	}
	if (r == 0) {
		const char *list = s + (*s == '+');
		size_t base = *s == '+' ? start : 0;
		const char *p = list;

		FUZZ_CHECK(n <= MAX && n == base + n_items(list));
		for (size_t i = 0; i < base; i++)
			FUZZ_CHECK(cols[i] == (int)(i % N_NAMES));
		/* every new column is its item, by name ignoring case */
		for (size_t i = base; i < n; i++) {
			size_t l = strcspn(p, ",");

			FUZZ_CHECK(cols[i] >= 0 && (size_t)cols[i] < N_NAMES);
			FUZZ_CHECK(l == strlen(names[cols[i]]));
			FUZZ_CHECK(strncasecmp(p, names[cols[i]], l) == 0);
			p += l + (p[l] == ',');
		}
		/* and the slots after them are as they were */
		for (size_t i = n; i < MAX; i++)
			FUZZ_CHECK(cols[i] == (i < start ? (int)(i % N_NAMES) : SENTINEL));
	}
	free(s);
	return 0;
}
