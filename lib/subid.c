/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Subordinate ids (/etc/subuid, /etc/subgid) and the id-map chains built from them. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "proc.h"
#include "subid.h"

int nst_subid_match_line(const char *line, const char *name, uid_t id, uint32_t *ret_start,
			 uint32_t *ret_count)
{
	char owner[256], start[32], count[32];
	const char *c1, *c2, *end;
	uint32_t s, n;
	uid_t num;

	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '\0' || *line == '#' || *line == '\n')
		return 0;
	end = line + strcspn(line, "\n");
	c1 = memchr(line, ':', (size_t)(end - line));
	c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
	if (!c2 || c1 == line || (size_t)(c1 - line) >= sizeof(owner) ||
	    (size_t)(c2 - c1 - 1) >= sizeof(start) || (size_t)(end - c2 - 1) >= sizeof(count))
		return -EINVAL;
	memcpy(owner, line, (size_t)(c1 - line));
	owner[c1 - line] = '\0';
	memcpy(start, c1 + 1, (size_t)(c2 - c1 - 1));
	start[c2 - c1 - 1] = '\0';
	memcpy(count, c2 + 1, (size_t)(end - c2 - 1));
	count[end - c2 - 1] = '\0';
	if (nst_parse_u32_max(start, UINT32_MAX, &s) < 0 ||
	    nst_parse_u32_max(count, UINT32_MAX, &n) < 0 || n == 0 || s > UINT32_MAX - n)
		return -EINVAL;
	if (!(name && strcmp(owner, name) == 0) &&
	    !(nst_parse_uid_number(owner, &num) >= 0 && num == id))
		return 0;
	*ret_start = s;
	*ret_count = n;
	return 1;
}

int nst_subid_find(const char *file, const char *name, uid_t id, struct nst_idmap_range *ret)
{
	_cleanup_free_ char *buf = NULL;
	char *line, *save = NULL;
	size_t len;
	int r;

	r = nst_read_file_at(AT_FDCWD, file, &buf, &len);
	if (r < 0)
		return r;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		uint32_t s, n;

		r = nst_subid_match_line(line, name, id, &s, &n);
		if (r < 0)
			return r;
		if (r > 0) {
			*ret = (struct nst_idmap_range){ .inner = 0, .outer = s, .count = n };
			return 0;
		}
	}
	return -ESRCH;
}

static int chain_push(struct nst_idmap_chain *chain, uint32_t inner, uint32_t outer,
		      uint32_t count)
{
	if (count == 0)
		return 0;
	if (chain->n >= NST_IDMAP_MAX)
		return -E2BIG;
	chain->r[chain->n++] = (struct nst_idmap_range){ inner, outer, count };
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int nst_idmap_chain_add(struct nst_idmap_chain *chain, const struct nst_idmap_range *r,
			const struct nst_idmap_range *single, bool shift)
{
	uint64_t holes[2];
	size_t nh = 0;
	uint64_t from = 0;
	int ret;

	if (r->count == 0)
		return -EINVAL;
	if (!single)
		return chain_push(chain, r->inner, r->outer, r->count);

	if (shift && single->inner >= r->inner && single->inner - r->inner < r->count &&
	    !(single->outer >= r->outer && single->outer - r->outer < r->count) &&
	    (uint64_t)r->inner + r->count < UINT32_MAX) {
		/* the inner ids at and above the single one move up by one: same outer ids */
		uint32_t k = single->inner - r->inner;

		ret = chain_push(chain, r->inner, r->outer, k);
		if (ret < 0)
			return ret;
		return chain_push(chain, single->inner + 1, r->outer + k, r->count - k);
	}

	/* offsets into r that the single mapping uses already, on either side */
	if (single->inner >= r->inner && single->inner - r->inner < r->count)
		holes[nh++] = single->inner - r->inner;
	if (single->outer >= r->outer && single->outer - r->outer < r->count &&
	    !(nh == 1 && holes[0] == single->outer - r->outer))
		holes[nh++] = single->outer - r->outer;
	qsort(holes, nh, sizeof(holes[0]), cmp_u64);
	for (size_t i = 0; i < nh; i++) {
		ret = chain_push(chain, (uint32_t)(r->inner + from), (uint32_t)(r->outer + from),
				 (uint32_t)(holes[i] - from));
		if (ret < 0)
			return ret;
		from = holes[i] + 1;
	}
	return chain_push(chain, (uint32_t)(r->inner + from), (uint32_t)(r->outer + from),
			  (uint32_t)(r->count - from));
}

int nst_idmap_parse_identity(const char *text, struct nst_idmap_chain *chain)
{
	const char *p = text;

	while (*p) {
		unsigned long long in, out, cnt;
		int used = 0;

		while (*p == '\n')
			p++;
		if (!*p)
			break;
		if (sscanf(p, " %llu %llu %llu%n", &in, &out, &cnt, &used) != 3 || in > UINT32_MAX ||
		    cnt == 0 || cnt > UINT32_MAX || in + cnt > UINT32_MAX)
			return -EINVAL;
		p += used;
		int r = chain_push(chain, (uint32_t)in, (uint32_t)in, (uint32_t)cnt);
		if (r < 0)
			return r;
		(void)out;
	}
	return 0;
}
