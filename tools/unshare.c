/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unshare: run a program in new namespaces. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "cli.h"
#include "hint.h"
#include "idmap.h"
#include "init.h"
#include "mnt.h"
#include "ns.h"
#include "nsfs.h"
#include "optrules.h"
#include "parse.h"
#include "proc.h"
#include "pty.h"
#include "relay.h"
#include "subid.h"
#include "timens.h"

enum {
	OPT_MOUNTPROC = CHAR_MAX + 1,
	OPT_PROPAGATION,
	OPT_KILLCHILD,
	OPT_FORWARD,
	OPT_MOUNTBINFMT,
	OPT_SETGROUPS,
	OPT_MAPUSER,
	OPT_MAPGROUP,
	OPT_MAPUSERS,
	OPT_MAPGROUPS,
	OPT_MAPAUTO,
	OPT_MAPSUBIDS,
	OPT_OWNER,
	OPT_KEEPCAPS,
	OPT_MONOTONIC,
	OPT_BOOTTIME,
	OPT_CLEARENV,
	OPT_WHITELIST,
	OPT_INIT,
	OPT_HOSTNAME,
	OPT_PTY,
};

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

static const char time_msg[] =
	"options --monotonic and --boottime require unsharing of a time namespace (-T)";

static const struct nst_opt_rule rules[] = {
	{ .opt = OPT_MONOTONIC, .requires_any = { 'T' }, .message = time_msg },
	{ .opt = OPT_BOOTTIME, .requires_any = { 'T' }, .message = time_msg },
	{ 0 },
};

static const char usage_head[] = "\n"
	"Usage:\n"
	" unshare [options] [<program> [<argument>...]]\n"
	"\n"
	"Run a program in new namespaces.\n"
	"\n"
	"Options:\n";

static const char usage_tail[] = "\n"
	" -f, --fork                 fork and run the program in a child, then wait for it\n"
	"     --kill-child[=<signal>]\n"
	"                            when unshare dies, send <signal> (default KILL)\n"
	"                            to the child (implies --fork)\n"
	"     --forward-signals      relay TERM INT HUP QUIT USR1 USR2 WINCH to the\n"
	"                            child (implies --fork)\n"
	"     --init                 run a small init as PID 1 that reaps orphans and\n"
	"                            relays signals (implies --pid --fork)\n"
	"     --pty                  give the program a pseudo-terminal of its own\n"
	"                            (implies --fork)\n"
	"     --mount-proc[=<dir>]   mount a new proc at <dir>, default /proc\n"
	"                            (implies --mount)\n"
	"     --mount-binfmt[=<dir>] mount binfmt_misc at <dir>; without <dir> at\n"
	"                            " BINFMT_DEFAULT ", and --mount-proc too\n"
	"                            (implies --mount --user)\n"
	" -l, --load-interp <string> register a binfmt_misc interpreter\n"
	"                            (implies --mount --user and --mount-binfmt)\n"
	"     --propagation <mode>   mount propagation in the new mount namespace:\n"
	"                            slave, shared, private or unchanged (default private)\n"
	"     --hostname <name>      set the host name in the new UTS namespace\n"
	"                            (implies --uts)\n"
	"\n"
	" -r, --map-root-user        map our user and group to root (implies --user)\n"
	" -c, --map-current-user     map our user and group to themselves (implies --user)\n"
	"     --map-user <uid>|<name>\n"
	"                            map our user to <uid> (implies --user)\n"
	"     --map-group <gid>|<name>\n"
	"                            map our group to <gid> (implies --user)\n"
	"     --map-users <map>      map a range of users (implies --user), repeatable;\n"
	"                            <map>: <inner>:<outer>:<count>, auto, subids or all\n"
	"     --map-groups <map>     map a range of groups (implies --user), repeatable\n"
	"     --map-auto             the same as --map-users=auto --map-groups=auto\n"
	"     --map-subids           the same as --map-users=subids --map-groups=subids\n"
	"     --owner <uid>:<gid>    create the user namespace as this owner (implies --user)\n"
	"     --setgroups allow|deny control setgroups(2) in the user namespace\n"
	"     --keep-caps            keep the capabilities of the user namespace in the program\n"
	"\n"
	" -R, --root <dir>           run the program with root directory <dir>\n"
	" -w, --wd <dir>             change the working directory to <dir>\n"
	" -S, --setuid <uid>         set the uid in the new namespaces\n"
	" -G, --setgid <gid>         set the gid in the new namespaces and drop groups\n"
	"     --monotonic <offset>   monotonic clock offset in seconds (needs --time)\n"
	"     --boottime <offset>    boottime clock offset in seconds (needs --time)\n"
	"     --clear-env            start the program with an empty environment\n"
	"     --whitelist-env <list> keep only these comma-separated environment variables\n"
	"\n"
	" -h, --help                 display this help\n"
	" -V, --version              display version\n"
	"\n"
	"For more details see unshare(1).\n";

static _noreturn_ void usage(void)
{
	fputs(usage_head, stdout);
	cli_ns_usage("[=<file>]", "create a new");
	print_help(usage_tail);
}

/* "unshare: hint: ..." unless NSTOOLS_NO_HINTS is set; hints never change the exit code. */
static void hint(const char *text)
{
	const char *off = getenv("NSTOOLS_NO_HINTS");

	if (text && !(off && *off))
		fprintf(stderr, "%s: hint: %s\n", program_invocation_short_name, text);
}

static _noreturn_ _printf_(3, 4) void die_hint(int r, const char *text, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn_r(r, "%s", msg);
	hint(text);
	exit(EXIT_FAILURE);
}

#define N_FIXED 29
#define N_LONGOPTS (_NST_TYPE_MAX + N_FIXED + 2 + 1)

static void build_options(struct option *longopts, char *optstring)
{
	static const struct option fixed[N_FIXED] = {
		{ "fork", no_argument, NULL, 'f' },
		{ "kill-child", optional_argument, NULL, OPT_KILLCHILD },
		{ "forward-signals", no_argument, NULL, OPT_FORWARD },
		{ "mount-proc", optional_argument, NULL, OPT_MOUNTPROC },
		{ "mount-binfmt", optional_argument, NULL, OPT_MOUNTBINFMT },
		{ "load-interp", required_argument, NULL, 'l' },
		{ "propagation", required_argument, NULL, OPT_PROPAGATION },
		{ "map-root-user", no_argument, NULL, 'r' },
		{ "map-current-user", no_argument, NULL, 'c' },
		{ "map-user", required_argument, NULL, OPT_MAPUSER },
		{ "map-group", required_argument, NULL, OPT_MAPGROUP },
		{ "map-users", required_argument, NULL, OPT_MAPUSERS },
		{ "map-groups", required_argument, NULL, OPT_MAPGROUPS },
		{ "map-auto", no_argument, NULL, OPT_MAPAUTO },
		{ "map-subids", no_argument, NULL, OPT_MAPSUBIDS },
		{ "owner", required_argument, NULL, OPT_OWNER },
		{ "setgroups", required_argument, NULL, OPT_SETGROUPS },
		{ "keep-caps", no_argument, NULL, OPT_KEEPCAPS },
		{ "root", required_argument, NULL, 'R' },
		{ "wd", required_argument, NULL, 'w' },
		{ "setuid", required_argument, NULL, 'S' },
		{ "setgid", required_argument, NULL, 'G' },
		{ "monotonic", required_argument, NULL, OPT_MONOTONIC },
		{ "boottime", required_argument, NULL, OPT_BOOTTIME },
		{ "clear-env", no_argument, NULL, OPT_CLEARENV },
		{ "whitelist-env", required_argument, NULL, OPT_WHITELIST },
		{ "init", no_argument, NULL, OPT_INIT },
		{ "hostname", required_argument, NULL, OPT_HOSTNAME },
		{ "pty", no_argument, NULL, OPT_PTY },
	};
	static const struct option tail[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
	};
	size_t n = 0;
	char *o = optstring;

	o = stpcpy(o, "+fhVrcR:w:S:G:l:");
	cli_ns_options(longopts, &n, &o, optional_argument, false);
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		longopts[n++] = fixed[i];
	for (size_t i = 0; i < ARRAY_SIZE(tail); i++)
		longopts[n++] = tail[i];
	longopts[n] = (struct option){ 0 };
}

static void add_spec(const char **specs, size_t *n, const char *spec)
{
	struct nst_idmap_range r;

	if (strcmp(spec, "auto") != 0 && strcmp(spec, "subids") != 0 &&
	    strcmp(spec, "all") != 0 && nst_parse_idmap_range(spec, &r) < 0)
		diex("invalid mapping '%s'", spec);
	if (*n >= MAX_SPECS)
		diex("too many mappings");
	specs[(*n)++] = spec;
}

/* --whitelist-env: the values are taken now, as the caller's environment has them. */
static void add_whitelist(struct opts *o, const char *list)
{
	_cleanup_free_ char *copy = strdup(list);
	char *save = NULL;

	if (!copy)
		die(-ENOMEM, "cannot allocate");
	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const char *v = getenv(name);

		if (!v)
			continue;
		if (o->n_env >= MAX_ENV)
			diex("too many environment variables");
		o->env[o->n_env].name = strdup(name);
		o->env[o->n_env].value = strdup(v);
		if (!o->env[o->n_env].name || !o->env[o->n_env].value)
			die(-ENOMEM, "cannot allocate");
		o->n_env++;
	}
}

/* -S/-G: numeric only, range-checked (util-linux wraps values >= 2^32) */
static void check_id(int r, bool gid, const char *arg)
{
	if (r == -ERANGE)
		die(r, "failed to parse %s: '%s'", gid ? "gid" : "uid", arg);
	if (r < 0)
		diex("failed to parse %s: '%s'", gid ? "gid" : "uid", arg);
}

static void parse_offset(const char *arg, const char *what, int64_t *ret)
{
	int r = nst_parse_time_offset(arg, ret);

	if (r == -ERANGE)
		die(r, "failed to parse %s offset: '%s'", what, arg);
	if (r < 0)
		diex("failed to parse %s offset: '%s'", what, arg);
}

static void parse_args(int argc, char **argv, struct opts *o, struct option *longopts)
{
	char optstring[64];
	int c, r;

	build_options(longopts, optstring);
	nst_opts_seen_init(&o->seen);
	o->propagation = NST_PROP_PRIVATE;
	o->setgroups = -1;
	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		enum nst_type t = nst_type_from_short_opt(c);

		if (c != '?')
			(void)nst_opts_seen_mark(&o->seen, c);
		if ((int)t >= 0) {
			o->mask |= NST_MASK(t);
			if (optarg)
				o->persist[t] = optarg;
			continue;
		}
		switch (c) {
		case 'f':
			o->fork = true;
			break;
		case OPT_KILLCHILD:
			o->fork = true;
			o->kill_child = SIGKILL;
			if (optarg && nst_parse_signal(optarg, &o->kill_child) < 0)
				diex("unknown signal: %s", optarg);
			break;
		case OPT_FORWARD:
			o->fork = o->forward_signals = true;
			break;
		case OPT_INIT:
			o->init = o->fork = true;
			o->mask |= NST_MASK(NST_PID);
			break;
		case OPT_PTY:
			o->pty = o->fork = true;
			break;
		case 'r':
			o->map_user_set = o->map_group_set = true;
			o->map_user = 0;
			o->map_group = 0;
			o->mask |= NST_MASK(NST_USER);
			break;
		case 'c':
			o->map_user_set = o->map_group_set = true;
			o->map_user = geteuid();
			o->map_group = getegid();
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_MAPUSER:
			r = nst_parse_uid(optarg, &o->map_user);
			if (r < 0)
				diex("failed to parse uid '%s'", optarg);
			o->map_user_set = true;
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_MAPGROUP:
			r = nst_parse_gid(optarg, &o->map_group);
			if (r < 0)
				diex("failed to parse gid '%s'", optarg);
			o->map_group_set = true;
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_MAPUSERS:
			add_spec(o->user_specs, &o->n_user_specs, optarg);
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_MAPGROUPS:
			add_spec(o->group_specs, &o->n_group_specs, optarg);
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_MAPAUTO:
		case OPT_MAPSUBIDS:
			add_spec(o->user_specs, &o->n_user_specs, c == OPT_MAPAUTO ? "auto" : "subids");
			add_spec(o->group_specs, &o->n_group_specs,
				 c == OPT_MAPAUTO ? "auto" : "subids");
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_OWNER:
			if (nst_parse_uid_gid(optarg, &o->owner_uid, &o->owner_gid) < 0)
				diex("failed to parse owner");
			o->owner_set = true;
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_SETGROUPS:
			if (strcmp(optarg, "allow") == 0)
				o->setgroups = 1;
			else if (strcmp(optarg, "deny") == 0)
				o->setgroups = 0;
			else
				diex("unsupported --setgroups argument '%s'", optarg);
			break;
		case OPT_KEEPCAPS:
			o->keep_caps = true;
			break;
		case OPT_MOUNTPROC:
			o->mount_proc = optarg ? nst_strip_eq(optarg) : "/proc";
			o->mask |= NST_MASK(NST_MNT);
			break;
		case OPT_MOUNTBINFMT:
			o->mask |= NST_MASK(NST_MNT) | NST_MASK(NST_USER);
			if (optarg) {
				o->mount_binfmt = nst_strip_eq(optarg);
			} else {
				/* binfmt_misc lives below /proc: a proc of the new namespaces first */
				o->mount_binfmt = BINFMT_DEFAULT;
				if (!o->mount_proc)
					o->mount_proc = "/proc";
			}
			break;
		case 'l':
			o->load_interp = optarg;
			o->mask |= NST_MASK(NST_MNT) | NST_MASK(NST_USER);
			break;
		case OPT_PROPAGATION:
			o->propagation_arg = optarg;
			break;
		case OPT_HOSTNAME:
			o->hostname = optarg;
			o->mask |= NST_MASK(NST_UTS);
			break;
		case 'R':
			o->root = optarg;
			break;
		case 'w':
			o->wd = optarg;
			break;
		case 'S':
			check_id(nst_parse_uid_number(optarg, &o->uid), false, optarg);
			o->force_uid = true;
			break;
		case 'G':
			check_id(nst_parse_gid_number(optarg, &o->gid), true, optarg);
			o->force_gid = true;
			break;
		case OPT_MONOTONIC:
			parse_offset(optarg, "monotonic", &o->monotonic);
			o->monotonic_set = true;
			break;
		case OPT_BOOTTIME:
			parse_offset(optarg, "boottime", &o->boottime);
			o->boottime_set = true;
			break;
		case OPT_CLEARENV:
			o->clear_env = true;
			break;
		case OPT_WHITELIST:
			o->whitelist_set = true;
			add_whitelist(o, optarg);
			break;
		case 'h':
			usage();
		case 'V':
			print_version(NULL);
		default:
			try_help();
		}
	}
	if (o->propagation_arg) {
		o->propagation = nst_propagation_from_name(o->propagation_arg);
		if ((int)o->propagation < 0)
			diex("unsupported propagation mode: %s", o->propagation_arg);
	}
	/* -l without --mount-binfmt: the default binfmt_misc (and so a proc) of the new user ns */
	if (o->load_interp && !o->mount_binfmt) {
		o->mount_binfmt = BINFMT_DEFAULT;
		if (!o->mount_proc)
			o->mount_proc = "/proc";
	}
	if (optind < argc)
		o->argv = argv + optind;
}

static void check_args(const struct option *longopts, struct opts *o)
{
	cli_check_rules(longopts, rules, &o->seen);
	/* a single group map is written from inside, which needs setgroups denied; with group
	 * ranges a helper in the parent namespace writes it and nothing needs denying */
	if (o->setgroups == 1 && o->map_group_set && !o->n_group_specs)
		diex("options --setgroups=allow and --map-group are mutually exclusive");
}

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

static int fork_helper(struct helper *h)
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

/* Let the helper go and make its failure ours. */
static void release_helper(struct helper *h)
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

/* Bind every requested namespace of pid onto its file; pid and time take *_for_children. */
static void bind_ns_files(const struct opts *o, pid_t pid)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		const struct nst_type_info *info = nst_type_info((enum nst_type)t);
		bool children = info->for_children != NULL;
		char src[64];
		int r;

		if (!o->persist[t])
			continue;
		snprintf(src, sizeof(src), "/proc/%d/ns/%s", pid,
			 children ? info->for_children : info->name);
		r = nst_nsfs_bind(pid, (enum nst_type)t, children, o->persist[t]);
		if (r < 0)
			die_hint(r, r == -EINVAL ? nst_hint_shared_target(o->persist[t]) : NULL,
				 "mount %s on %s failed", src, o->persist[t]);
	}
}

/* The id chains of the map helper. */
struct maps {
	bool uid, gid;			/* a chain to write */
	struct nst_idmap_chain u, g;
};

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
		die_hint(r, r == -EPERM ? nst_hint_apparmor() : NULL, "failed to write %s", path);
}

/* The map helper's job, in the original user namespace. */
static _noreturn_ void map_helper(const struct maps *m, pid_t pid, bool privileged)
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
static void write_single_maps(const struct opts *o, uid_t euid, gid_t egid)
{
	int r;

	if (o->map_user_set) {
		struct nst_idmap_range u = { o->map_user, euid, 1 };

		r = nst_write_idmap(0, false, &u, 1);
		if (r < 0)
			die_hint(r, r == -EPERM ? nst_hint_apparmor() : NULL,
				 "write failed /proc/self/uid_map");
	}
	if (o->map_group_set) {
		struct nst_idmap_range g = { o->map_group, egid, 1 };

		r = nst_write_setgroups(0, false);
		if (r < 0 && r != -ENOENT)
			die(r, "write failed /proc/self/setgroups");
		r = nst_write_idmap(0, true, &g, 1);
		if (r < 0)
			die_hint(r, r == -EPERM ? nst_hint_apparmor() : NULL,
				 "write failed /proc/self/gid_map");
	}
}

static void register_interp(const char *dir, const char *spec)
{
	_cleanup_close_ int fd = -EBADF;
	char path[PATH_MAX];
	size_t len = strlen(spec);

	snprintf(path, sizeof(path), "%s/register", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die(-errno, "cannot open %s/register", dir);
	if (write(fd, spec, len) != (ssize_t)len)
		die(-errno, "write failed %s/register", dir);
}

static void mount_binfmt(const char *dir)
{
	if (mount("binfmt_misc", dir, "binfmt_misc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die_hint(-errno, errno == EPERM ? nst_hint_apparmor() : NULL, "mount %s failed",
			 dir);
}

/* The F flag: the kernel opens the interpreter at registration, so it must be reachable
 * before -R changes the root. */
static bool interp_flag_f(const char *spec)
{
	const char *flags = strrchr(spec, ':');

	return flags && strchr(flags, 'F');
}

static void apply_env(const struct opts *o)
{
	if (!o->clear_env && !o->whitelist_set)
		return;
	if (clearenv() != 0)
		diex("failed to clear the environment");
	for (size_t i = 0; i < o->n_env; i++)
		if (setenv(o->env[i].name, o->env[i].value, 1) < 0)
			die(-errno, "failed to set whitelisted environment variables");
}

/* Everything between the fork (or unshare) and exec, in the process that runs the program
 * (or, with --init, becomes PID 1). */
static void setup_child(const struct opts *o, bool single_maps, uid_t euid, gid_t egid)
{
	bool binfmt_done = false;
	int r;

	if (single_maps)
		write_single_maps(o, euid, egid);
	if (o->setgroups >= 0) {
		r = nst_write_setgroups(0, o->setgroups == 1);
		if (r < 0 && r != -ENOENT)
			die(r, "write failed /proc/self/setgroups");
	}
	if (o->hostname && sethostname(o->hostname, strlen(o->hostname)) < 0)
		die(-errno, "sethostname failed");

	if (o->mask & NST_MASK(NST_MNT)) {
		r = nst_set_propagation("/", o->propagation);
		if (r < 0)
			die(r, "cannot change root filesystem propagation");
	}
	if (o->load_interp && o->root && interp_flag_f(o->load_interp)) {
		mount_binfmt(BINFMT_DEFAULT);
		register_interp(BINFMT_DEFAULT, o->load_interp);
		binfmt_done = true;
	}
	if (o->root && chroot(o->root) < 0)
		die(-errno, "cannot change root directory to '%s'", o->root);
	if (o->root || o->wd) {
		const char *dir = o->wd ? o->wd : "/";

		if (chdir(dir) < 0)
			die(-errno, "cannot change directory to %s", dir);
	}
	if (o->mount_proc) {
		if (!o->root && o->propagation != NST_PROP_PRIVATE) {
			/* the new proc must not propagate back to the host */
			r = nst_set_propagation(o->mount_proc, NST_PROP_PRIVATE);
			if (r < 0 && r != -EINVAL)
				die(r, "cannot change %s filesystem propagation", o->mount_proc);
		}
		r = nst_mount_proc(o->mount_proc);
		if (r < 0)
			die_hint(r, r == -EPERM ? nst_hint_proc_mount(o->mask & NST_MASK(NST_USER),
							  o->mask & NST_MASK(NST_PID))
					    : NULL,
				 "mount %s failed", o->mount_proc);
	}
	if (o->mount_binfmt && !binfmt_done)
		mount_binfmt(o->mount_binfmt);
	if (o->load_interp && !binfmt_done)
		register_interp(o->mount_binfmt, o->load_interp);

	if (o->force_gid) {
		if (setgroups(0, NULL) < 0)
			die_hint(-errno, nst_hint_setgroups(), "setgroups failed");
		if (setgid(o->gid) < 0)
			die(-errno, "setgid failed");
	}
	if (o->force_uid && setuid(o->uid) < 0)
		die(-errno, "setuid failed");
	/* --keep-caps: what the new user namespace gave us survives the exec of a non-root
	 * program, through the ambient set */
	if (o->keep_caps && (o->mask & NST_MASK(NST_USER))) {
		r = nst_caps_raise_ambient();
		if (r < 0)
			die(r, "cannot keep capabilities");
	}
	apply_env(o);
}

/* --init: PID 1 forks the program and stays behind to reap and relay. */
static void run_init(void)
{
	sigset_t old;
	pid_t child;
	int status, r;

	r = nst_init_setup(&old);
	if (r < 0)
		die(r, "cannot set up init");
	fflush(NULL);
	child = fork();
	if (child < 0)
		die(-errno, "fork failed");
	if (child == 0) {
		r = nst_init_child_reset(&old);
		if (r < 0)
			die(r, "sigprocmask restore failed");
		return;
	}
	/* init holds nothing but fds 0-2: the caller's other fds are the program's business */
	(void)close_range(3, ~0U, 0);
	r = nst_init_loop(child, &status);
	if (r < 0)
		die(r, "init failed");
	/* PID 1 can't die by a signal the kernel protects it from: 128+N as a shell does */
	if (WIFSIGNALED(status))
		exit(128 + WTERMSIG(status));
	exit(WEXITSTATUS(status));
}

/* --forward-signals parent: relay until the child has ended, then end like it. */
static _noreturn_ void relay_until_exit(pid_t child, int pidfd, const sigset_t *set)
{
	_cleanup_close_ int sfd = nst_relay_signalfd(set);
	int status, r;

	if (sfd < 0)
		die(sfd, "signalfd failed");
	for (;;) {
		struct pollfd pfd = { .fd = sfd, .events = POLLIN };
		struct signalfd_siginfo si;

		r = nst_waitpid(child, &status, WNOHANG);
		if (r < 0)
			die(r, "waitpid failed");
		if (r == child)
			cli_exit_like(status);
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			die(-errno, "poll failed");
		while ((r = nst_relay_read(sfd, &si)) > 0)
			if (si.ssi_signo != SIGCHLD)
				(void)nst_relay_forward(pidfd, child, &si);
		if (r < 0)
			die(r, "signalfd read failed");
	}
}

struct pty_ctx {
	pid_t child;
	int pidfd;
	int status;
	struct nst_pty *pty;
};

static int pty_on_signal(const struct signalfd_siginfo *si, void *userdata)
{
	struct pty_ctx *ctx = userdata;
	int r;

	if (si->ssi_signo == SIGWINCH) {
		(void)nst_pty_sync_winsize(ctx->pty);
		return 0;
	}
	if (si->ssi_signo != SIGCHLD) {
		(void)nst_relay_forward(ctx->pidfd, ctx->child, si);
		return 0;
	}
	r = nst_waitpid(ctx->child, &ctx->status, WNOHANG);
	if (r < 0)
		return r;
	return r == ctx->child ? 1 : 0;
}

static _noreturn_ void pty_until_exit(pid_t child, int pidfd, struct nst_pty *pty,
				      const sigset_t *set)
{
	_cleanup_close_ int sfd = nst_relay_signalfd(set);
	struct pty_ctx ctx = { child, pidfd, 0, pty };
	int r;

	if (sfd < 0)
		die(sfd, "signalfd failed");
	nst_pty_close_slave(pty);
	r = nst_pty_raw(pty);
	if (r < 0)
		die(r, "failed to set terminal attributes");
	r = nst_pty_proxy(pty, sfd, pty_on_signal, &ctx);
	nst_pty_restore(pty);
	if (r < 0)
		die(r, "pseudo-terminal proxy failed");
	/* the proxy may have ended on EIO before the child was reaped */
	if (nst_waitpid(child, &ctx.status, 0) != child && !WIFEXITED(ctx.status) &&
	    !WIFSIGNALED(ctx.status))
		die(-ECHILD, "waitpid failed");
	nst_pty_done(pty);
	cli_exit_like(ctx.status);
}

/* The id chains for the map helper (ranges, or a single map with --owner), built before
 * anything changes so that an error in /etc/subuid costs nothing. */
static struct maps *build_maps(const struct opts *o, uid_t euid, gid_t egid)
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

static void set_time_offset(clockid_t clock, int64_t secs)
{
	bool at_open = false;
	int r = nst_timens_set_offset(clock, secs, &at_open);

	if (r < 0)
		die(r, at_open ? "failed to open /proc/self/timens_offsets"
			       : "failed to write to /proc/self/timens_offsets");
}

/* Offsets go in right after unshare(2): the kernel takes them only until a process has
 * entered the namespace. Boottime first, as util-linux does. */
static void set_time_offsets(const struct opts *o)
{
	if (o->boottime_set)
		set_time_offset(CLOCK_BOOTTIME, o->boottime);
	if (o->monotonic_set)
		set_time_offset(CLOCK_MONOTONIC, o->monotonic);
}

/* Make the namespaces persistent: through the helper, or directly when we are still in the
 * original mount and user namespaces. pid is the process whose namespaces are bound. */
static void persist_now(const struct opts *o, struct helper *bind_helper, pid_t pid)
{
	if (bind_helper->pid > 0)
		release_helper(bind_helper);
	else
		bind_ns_files(o, pid);
}

/*
 * --fork: returns in the child, which runs the program; the parent makes the namespaces
 * persistent, lets the child go on, then waits (relaying signals or proxying the pty) and
 * ends the way the child ended.
 */
static void fork_program(const struct opts *o, bool persist, struct helper *bind_helper,
			 struct nst_pty *pty)
{
	_cleanup_close_ int parent_pidfd = -EBADF;
	pid_t parent_pid = 0;
	bool relay = o->forward_signals || o->pty;
	int ready[2] = { -EBADF, -EBADF };
	sigset_t block, saved;
	pid_t child;
	int r;

	/* without relaying, INT and TERM are held back: a ^C reaches the child through the
	 * process group, and a kill aimed at us alone does nothing (util-linux) */
	if (relay) {
		nst_relay_sigset(&block, true);
	} else {
		sigemptyset(&block);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGTERM);
	}
	if (sigprocmask(SIG_BLOCK, &block, &saved) < 0)
		die(-errno, "sigprocmask block failed");
	if (o->kill_child) {
		parent_pid = getpid();
		parent_pidfd = nst_pidfd_open(parent_pid);
		/* COMPAT(kernel < 5.3): no pidfd_open(); the child compares getppid() instead */
		if (parent_pidfd < 0 && parent_pidfd != -ENOSYS)
			die(parent_pidfd, "pidfd_open failed");
	}
	/* the child must not run the program before its namespaces are persistent */
	if (persist && pipe2(ready, O_CLOEXEC) < 0)
		die(-errno, "pipe failed");
	fflush(NULL);
	child = fork();
	if (child < 0)
		die(-errno, "fork failed");

	if (child > 0) {
		_cleanup_close_ int child_pidfd = -EBADF;
		int status;

		if (persist) {
			(void)close(ready[0]);
			persist_now(o, bind_helper, getpid());
			if (write(ready[1], "", 1) != 1)
				die(-errno, "write failed");
			(void)close(ready[1]);
		}
		if (relay) {
			/* -errno: nst_relay_forward() falls back to kill() on our own child */
			child_pidfd = nst_pidfd_open(child);
			if (o->pty)
				pty_until_exit(child, child_pidfd, pty, &block);
			relay_until_exit(child, child_pidfd, &block);
		}
		r = nst_waitpid(child, &status, 0);
		if (r < 0)
			die(r, "waitpid failed");
		cli_exit_like(status);
	}

	if (bind_helper->pid > 0)
		(void)close(bind_helper->efd);
	if (persist) {
		char c;

		(void)close(ready[1]);
		if (read(ready[0], &c, 1) != 1)
			_exit(EXIT_FAILURE);	/* the parent failed and has said why */
		(void)close(ready[0]);
	}
	if (sigprocmask(SIG_SETMASK, &saved, NULL) < 0)
		die(-errno, "sigprocmask restore failed");
	if (o->kill_child) {
		struct pollfd pfd = { .fd = parent_pidfd, .events = POLLIN };

		if (prctl(PR_SET_PDEATHSIG, o->kill_child) < 0)
			die(-errno, "prctl failed");
		/* the parent may have gone before the death signal was armed */
		if (parent_pidfd >= 0) {
			r = poll(&pfd, 1, 0);
			if (r < 0)
				die(-errno, "poll parent pidfd failed");
			if (r > 0)
				exit(EXIT_FAILURE);
		} else {
			/* getppid() is 0 when the parent is outside our new pid namespace: then
			 * the death signal alone has to do */
			pid_t ppid = getppid();

			if (ppid != 0 && ppid != parent_pid)
				exit(EXIT_FAILURE);
		}
	}
	if (o->pty) {
		r = nst_pty_child(pty);
		if (r < 0)
			die(r, "failed to set up the pseudo-terminal");
	}
}

static int run(struct opts *o)
{
	uid_t euid = geteuid();
	gid_t egid = getegid();
	bool via_helper = o->n_user_specs || o->n_group_specs ||
			  (o->owner_set && (o->map_user_set || o->map_group_set));
	struct helper bind_helper = { 0, -EBADF }, map_h = { 0, -EBADF };
	struct maps *maps = NULL;
	struct nst_pty pty;
	bool persist = false;
	int r;

	nst_pty_init(&pty);
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		persist |= o->persist[t] != NULL;

	if ((o->mask & NST_MASK(NST_PID)) && !o->fork && isatty(STDERR_FILENO))
		hint(nst_hint_pid_without_fork);

	/* a SIGCHLD we inherited as ignored would make our waitpid() fail */
	(void)signal(SIGCHLD, SIG_DFL);

	if (via_helper)
		maps = build_maps(o, euid, egid);
	/* in a new mount or user namespace we could no longer bind where the host sees it */
	if (persist && (o->mask & (NST_MASK(NST_MNT) | NST_MASK(NST_USER)))) {
		if (fork_helper(&bind_helper) == 0) {
			bind_ns_files(o, getppid());
			exit(EXIT_SUCCESS);
		}
	}
	if (maps && (maps->uid || maps->gid)) {
		if (fork_helper(&map_h) == 0)
			map_helper(maps, getppid(), euid == 0);
	}

	if (o->owner_set) {
		if (setgroups(0, NULL) < 0)
			die(-errno, "setgroups failed");
		if (setgid(o->owner_gid) < 0)
			die(-errno, "setgid() failed");
		if (setuid(o->owner_uid) < 0)
			die(-errno, "setuid() failed");
	}

	/* from the caller's devpts, before any namespace changes which one /dev/ptmx is */
	if (o->pty) {
		r = nst_pty_open(&pty, STDIN_FILENO, STDOUT_FILENO);
		if (r < 0)
			die(r, "failed to allocate pseudo-terminal");
	}

	r = nst_unshare(o->mask);
	if (r < 0) {
		const char *why = NULL;

		if (o->mask & NST_MASK(NST_USER))
			why = nst_hint_userns(r);
		else if (r == -EPERM)
			why = nst_hint_need_userns();
		die_hint(r, why, "unshare failed");
	}
	if (o->mask & NST_MASK(NST_PID))
		cli_children_in_other_pid_ns();

	if (map_h.pid > 0)
		release_helper(&map_h);
	free(maps);
	set_time_offsets(o);

	if (o->fork)
		fork_program(o, persist, &bind_helper, &pty);
	else if (persist)
		persist_now(o, &bind_helper, getpid());

	setup_child(o, !via_helper, euid, egid);
	if (o->init)
		run_init();
	cli_exec(o->argv);
}

int main(int argc, char **argv)
{
	struct option longopts[N_LONGOPTS];
	struct opts o = { 0 };

	cli_init();
	parse_args(argc, argv, &o, longopts);
	check_args(longopts, &o);
	return run(&o);
}
