/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Subordinate ids (/etc/subuid, /etc/subgid) and the id-map chains built from them. */
#ifndef NST_SUBID_H
#define NST_SUBID_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "parse.h"

/* The kernel takes at most 340 lines per uid_map/gid_map. */
#define NST_IDMAP_MAX 340

struct nst_idmap_chain {
	struct nst_idmap_range r[NST_IDMAP_MAX];
	size_t n;
};

/*
 * One line of a subid file, "name-or-id:start:count". Pure. Returns 1 and fills *ret_start,
 * *ret_count if the line's owner is name (may be NULL) or the number id; 0 if the line is
 * someone else's, a comment or empty; -EINVAL if it is malformed.
 */
int nst_subid_match_line(const char *line, const char *name, uid_t id, uint32_t *ret_start,
			 uint32_t *ret_count);

/* The first matching line of file (see above) as a range with inner 0. -ESRCH: no line for
 * us; -EINVAL: a malformed line before it; other -errno (-ENOENT...): the file can't be read. */
int nst_subid_find(const char *file, const char *name, uid_t id, struct nst_idmap_range *ret);

/*
 * Add range r to chain, minus the ids the single mapping uses already, so that the map the
 * kernel gets never maps one id twice. With shift false the range loses the overlapping id on
 * either side (a hole, as util-linux does). With shift true (an "auto" range) the inner ids
 * from the overlap on move up by one instead, so no subordinate id is wasted.
 * single may be NULL. -E2BIG: more than NST_IDMAP_MAX lines.
 */
int nst_idmap_chain_add(struct nst_idmap_chain *chain, const struct nst_idmap_range *r,
			const struct nst_idmap_range *single, bool shift);

/* Every line of a uid_map/gid_map text as a range mapped to itself ("all"). -EINVAL if bad. */
int nst_idmap_parse_identity(const char *text, struct nst_idmap_chain *chain);

#endif
