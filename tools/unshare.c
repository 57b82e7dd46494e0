/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unshare: run a program in new namespaces. Options and help; the work is in unshare-run.c. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ns.h"
#include "optrules.h"
#include "parse.h"
#include "unshare.h"

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

void unshare_die_hint(int r, const char *text, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn_r(r, "%s", msg);
	if (text)
		cli_hint("%s", text);
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
			unshare_add_spec(o->user_specs, &o->n_user_specs, optarg);
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_MAPGROUPS:
			unshare_add_spec(o->group_specs, &o->n_group_specs, optarg);
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_MAPAUTO:
		case OPT_MAPSUBIDS:
			unshare_add_spec(o->user_specs, &o->n_user_specs,
					 c == OPT_MAPAUTO ? "auto" : "subids");
			unshare_add_spec(o->group_specs, &o->n_group_specs,
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

int main(int argc, char **argv)
{
	struct option longopts[N_LONGOPTS];
	struct opts o = { 0 };

	cli_init();
	parse_args(argc, argv, &o, longopts);
	check_args(longopts, &o);
	unshare_run(&o);
}
