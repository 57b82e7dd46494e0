/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unshare: helper processes left in the original namespaces, and the uid/gid maps. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "hint.h"
#include "idmap.h"
#include "parse.h"
#include "proc.h"
#include "subid.h"
#include "unshare.h"

int unshare_fork_helper(struct helper *h)
{
	pid_t parent = getpid();

	h->efd = eventfd(0, EFD_CLOEXEC);
	if (h->efd < 0)
		die(-errno, "eventfd failed");
	fflush(NULL);
	h->pid = fork();
	if (h->pid < 0)
		die(-errno, "fork failed");
	if (h->pid > 0)
		return 1;

	uint64_t v;

	/* without us there is nothing to do: never wait forever */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(EXIT_FAILURE);
	if (read(h->efd, &v, sizeof(v)) != (ssize_t)sizeof(v))
		die(-errno, "failed to read eventfd");
	(void)close(h->efd);
	if (v != 1)
		_exit(EXIT_FAILURE);
	return 0;
}

void unshare_release_helper(struct helper *h)
{
	uint64_t one = 1;
	int status, r;

	if (write(h->efd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		die(-errno, "failed to write eventfd");
	(void)close(h->efd);
	h->efd = -EBADF;
	r = nst_waitpid(h->pid, &status, 0);
	if (r < 0)
		die(r, "waitpid failed");
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) != 0)
			exit(WEXITSTATUS(status));
		return;
	}
	/* util-linux counted a killed helper as success */
	diex("child exit failed");
}

static const char *user_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	if (!pw)
		diex("you (user %u) don't exist.", (unsigned)uid);
	return pw->pw_name;
}

static void resolve_specs(const char *const *specs, size_t n, bool gid, uid_t owner,
			  const struct nst_idmap_range *single, struct nst_idmap_chain *chain)
{
	const char *file = gid ? "/etc/subgid" : "/etc/subuid";
	int r;

	if (single && nst_idmap_chain_add(chain, single, NULL, false) < 0)
		diex("too many mappings");
	for (size_t i = 0; i < n; i++) {
		struct nst_idmap_range range;
		bool is_auto = strcmp(specs[i], "auto") == 0;

		if (is_auto || strcmp(specs[i], "subids") == 0) {
			const char *name = user_name(owner);

			r = nst_subid_find(file, name, owner, &range);
			if (r == -ESRCH)
				diex("no line matching user \"%s\" in %s", name, file);
			if (r == -EINVAL)
				diex("failed to parse subid map");
			if (r < 0)
				die(r, "could not open '%s'", file);
			if (!is_auto)
				range.inner = range.outer;
		} else if (strcmp(specs[i], "all") == 0) {
			_cleanup_free_ char *text = NULL;
			const char *map = gid ? "/proc/self/gid_map" : "/proc/self/uid_map";
			size_t len;

			r = nst_read_file_at(AT_FDCWD, map, &text, &len);
			if (r < 0)
				die(r, "could not open '%s'", map);
			struct nst_idmap_chain all = { .n = 0 };

			r = nst_idmap_parse_identity(text, &all);
			if (r < 0)
				die(r, "failed to parse %s", map);
			for (size_t j = 0; j < all.n; j++)
				if (nst_idmap_chain_add(chain, &all.r[j], single, false) < 0)
					diex("too many mappings");
			continue;
		} else if (nst_parse_idmap_range(specs[i], &range) < 0) {
			diex("invalid mapping '%s'", specs[i]);
		}
		r = nst_idmap_chain_add(chain, &range, single, is_auto);
		if (r < 0)
			die(r, "invalid mapping '%s'", specs[i]);
	}
}

static void run_newidmap(const char *tool, pid_t pid, const struct nst_idmap_chain *c)
{
	char *argv[3 + 3 * NST_IDMAP_MAX + 1];
	char nums[3 * NST_IDMAP_MAX + 1][12];
	size_t a = 0, k = 0;
	int status, r;
	pid_t child;

	argv[a++] = (char *)tool;
	snprintf(nums[k], sizeof(nums[k]), "%d", pid);
	argv[a++] = nums[k++];
	for (size_t i = 0; i < c->n; i++) {
		uint32_t v[3] = { c->r[i].inner, c->r[i].outer, c->r[i].count };

		for (int j = 0; j < 3; j++) {
			snprintf(nums[k], sizeof(nums[k]), "%u", v[j]);
			argv[a++] = nums[k++];
		}
	}
	argv[a] = NULL;
	fflush(NULL);
	child = fork();
	if (child < 0)
		die(-errno, "fork failed");
	if (child == 0) {
		execvp(tool, argv);
		warn_r(-errno, "failed to execute %s", tool);
		_exit(errno == ENOENT ? 127 : 126);
	}
	r = nst_waitpid(child, &status, 0);
	if (r < 0)
		die(r, "waitpid failed");
	if (!WIFEXITED(status))
		diex("child exit failed");
	if (WEXITSTATUS(status) != 0)
		exit(WEXITSTATUS(status));
}

static void write_chain(pid_t pid, bool gid, const struct nst_idmap_chain *c)
{
	char path[64];
	int r;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, gid ? "gid_map" : "uid_map");
	r = nst_write_idmap(pid, gid, c->r, c->n);
	if (r == -E2BIG)
		diex("%s too large for kernel 4k limit", path);
	if (r < 0)
		unshare_die_hint(r, r == -EPERM ? nst_hint_apparmor() : NULL, "failed to write %s",
				 path);
}

/* The map helper's job, in the original user namespace. */
_noreturn_ void unshare_map_helper(const struct maps *m, pid_t pid, bool privileged)
{
	if (privileged) {
		if (m->uid)
			write_chain(pid, false, &m->u);
		if (m->gid)
			write_chain(pid, true, &m->g);
	} else {
		if (m->uid)
			run_newidmap("newuidmap", pid, &m->u);
		if (m->gid)
			run_newidmap("newgidmap", pid, &m->g);
	}
	exit(EXIT_SUCCESS);
}

/* Single map alone, written by ourselves from inside: setgroups must be denied before an
 * unprivileged process may write gid_map. */
void unshare_write_single_maps(const struct opts *o, uid_t euid, gid_t egid)
{
	int r;

	if (o->map_user_set) {
		struct nst_idmap_range u = { o->map_user, euid, 1 };

		r = nst_write_idmap(0, false, &u, 1);
		if (r < 0)
			unshare_die_hint(r, r == -EPERM ? nst_hint_apparmor() : NULL,
					 "write failed /proc/self/uid_map");
	}
	if (o->map_group_set) {
		struct nst_idmap_range g = { o->map_group, egid, 1 };

		r = nst_write_setgroups(0, false);
		if (r < 0 && r != -ENOENT)
			die(r, "write failed /proc/self/setgroups");
		r = nst_write_idmap(0, true, &g, 1);
		if (r < 0)
			unshare_die_hint(r, r == -EPERM ? nst_hint_apparmor() : NULL,
					 "write failed /proc/self/gid_map");
	}
}

/* The id chains for the map helper (ranges, or a single map with --owner), built before
 * anything changes so that an error in /etc/subuid costs nothing. */
struct maps *unshare_build_maps(const struct opts *o, uid_t euid, gid_t egid)
{
	uid_t ou = o->owner_set ? o->owner_uid : euid;
	gid_t og = o->owner_set ? o->owner_gid : egid;
	struct nst_idmap_range su = { o->map_user, ou, 1 }, sg = { o->map_group, og, 1 };
	struct maps *maps = calloc(1, sizeof(*maps));

	if (!maps)
		die(-ENOMEM, "cannot allocate");
	resolve_specs(o->user_specs, o->n_user_specs, false, ou, o->map_user_set ? &su : NULL,
		      &maps->u);
	resolve_specs(o->group_specs, o->n_group_specs, true, ou, o->map_group_set ? &sg : NULL,
		      &maps->g);
	maps->uid = maps->u.n > 0;
	maps->gid = maps->g.n > 0;
	return maps;
}

void unshare_add_spec(const char **specs, size_t *n, const char *spec)
{
	struct nst_idmap_range r;

	if (strcmp(spec, "auto") != 0 && strcmp(spec, "subids") != 0 &&
	    strcmp(spec, "all") != 0 && nst_parse_idmap_range(spec, &r) < 0)
		diex("invalid mapping '%s'", spec);
	if (*n >= MAX_SPECS)
		diex("too many mappings");
	specs[(*n)++] = spec;
}
