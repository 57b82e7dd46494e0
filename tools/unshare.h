/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What unshare.c (options, help) shares with unshare-run.c and unshare-maps.c. */
#ifndef NST_UNSHARE_H
#define NST_UNSHARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "macro.h"
#include "mnt.h"
#include "ns.h"
#include "optrules.h"
#include "subid.h"

#define MAX_SPECS 64
#define MAX_ENV 128
#define BINFMT_DEFAULT "/proc/sys/fs/binfmt_misc"

struct saved_env {
	char *name;
	char *value;
};

struct opts {
	unsigned mask;				/* namespace types to create */
	const char *persist[_NST_TYPE_MAX];	/* --type=FILE */
	bool fork, forward_signals, init, pty;
	int kill_child;				/* signal, 0 = none */
	const char *mount_proc;			/* NULL = don't */
	const char *mount_binfmt;
	const char *load_interp;
	const char *propagation_arg;
	enum nst_propagation propagation;
	const char *root, *wd;
	bool force_uid, force_gid;
	uid_t uid;
	gid_t gid;
	bool keep_caps;
	bool map_user_set, map_group_set;	/* the single mapping: inner id of our euid/egid */
	uid_t map_user;
	gid_t map_group;
	const char *user_specs[MAX_SPECS], *group_specs[MAX_SPECS];
	size_t n_user_specs, n_group_specs;
	bool owner_set;
	uid_t owner_uid;
	gid_t owner_gid;
	int setgroups;				/* -1 unset, 0 deny, 1 allow */
	bool monotonic_set, boottime_set;
	int64_t monotonic, boottime;
	bool clear_env;
	bool whitelist_set;
	struct saved_env env[MAX_ENV];
	size_t n_env;
	const char *hostname;
	char **argv;
	struct nst_opts_seen seen;
};

/* unshare.c */

/* die() with a hint (text may be NULL) after the error line. */
_noreturn_ _printf_(3, 4) void unshare_die_hint(int r, const char *text, const char *fmt, ...);

/* unshare-run.c */

/* Everything after the options: unshare, persist, fork, set up, exec; never returns. */
_noreturn_ void unshare_run(struct opts *o);

/* unshare-maps.c */

/*
 * Helpers. A helper is forked before unshare(2) so that it stays in the original namespaces
 * with the original credentials: from there it can write our maps (the kernel wants the
 * writer in the parent user namespace for anything beyond our own id) and bind our namespace
 * files where the host sees them. It sleeps on an eventfd until we have unshared.
 */
struct helper {
	pid_t pid;
	int efd;
};

/* Fork a helper: 1 in the parent, 0 in the helper once it has been released. */
int unshare_fork_helper(struct helper *h);
/* Let the helper go and make its failure ours (its exit code, or 1 if it was killed). */
void unshare_release_helper(struct helper *h);

/* The id chains of the map helper. */
struct maps {
	bool uid, gid;			/* a chain to write */
	struct nst_idmap_chain u, g;
};

/* --map-users/--map-groups: check spec (a range, auto, subids or all) and add it. */
void unshare_add_spec(const char **specs, size_t *n, const char *spec);
/* The id chains for the map helper; malloc'ed; dies on a bad /etc/subuid or mapping. */
struct maps *unshare_build_maps(const struct opts *o, uid_t euid, gid_t egid);
/* The map helper's job for pid, in the original user namespace; exits. */
_noreturn_ void unshare_map_helper(const struct maps *m, pid_t pid, bool privileged);
/* Single maps written by ourselves from inside the new user namespace. */
void unshare_write_single_maps(const struct opts *o, uid_t euid, gid_t egid);

#endif
