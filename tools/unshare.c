/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unshare: run a program in new namespaces. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "idmap.h"
#include "mnt.h"
#include "ns.h"
#include "optrules.h"
#include "parse.h"
#include "proc.h"

enum {
	OPT_MOUNTPROC = CHAR_MAX + 1,
	OPT_PROPAGATION,
};

struct opts {
	unsigned mask;			/* namespace types to create */
	bool fork;
	const char *mount_proc;		/* NULL = don't */
	const char *propagation_arg;
	enum nst_propagation propagation;
	bool map_root;			/* -r */
	bool map_current;		/* -c */
	char **argv;
	struct nst_opts_seen seen;
};

static const struct nst_opt_rule rules[] = {
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
	" -r, --map-root-user        map our user and group to root (implies --user)\n"
	" -c, --map-current-user     map our user and group to themselves (implies --user)\n"
	"     --mount-proc[=<dir>]   mount a new proc at <dir>, default /proc (implies --mount)\n"
	"     --propagation <mode>   mount propagation in the new mount namespace:\n"
	"                              slave, shared, private or unchanged (default private)\n"
	"\n"
	" -h, --help                 display this help\n"
	" -V, --version              display version\n"
	"\n"
	"For more details see unshare(1).\n";

static _noreturn_ void usage(void)
{
	fputs(usage_head, stdout);
	cli_ns_usage("", "create a new");
	print_help(usage_tail);
}

static void build_options(struct option *longopts, char *optstring)
{
	static const struct option fixed[] = {
		{ "fork", no_argument, NULL, 'f' },
		{ "map-root-user", no_argument, NULL, 'r' },
		{ "map-current-user", no_argument, NULL, 'c' },
		{ "mount-proc", optional_argument, NULL, OPT_MOUNTPROC },
		{ "propagation", required_argument, NULL, OPT_PROPAGATION },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
	};
	size_t n = 0;
	char *o = optstring;

	o = stpcpy(o, "+fhVrc");
	cli_ns_options(longopts, &n, &o, no_argument, false);
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		longopts[n++] = fixed[i];
	longopts[n] = (struct option){ 0 };
}

#define N_LONGOPTS (_NST_TYPE_MAX + 7 + 1)

static void parse_args(int argc, char **argv, struct opts *o, struct option *longopts)
{
	char optstring[64];
	int c;

	build_options(longopts, optstring);
	nst_opts_seen_init(&o->seen);
	o->propagation = NST_PROP_PRIVATE;
	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		enum nst_type t = nst_type_from_short_opt(c);

		if (c != '?')
			(void)nst_opts_seen_mark(&o->seen, c);
		if ((int)t >= 0) {
			o->mask |= NST_MASK(t);
			continue;
		}
		switch (c) {
		case 'f':
			o->fork = true;
			break;
		case 'r':
			o->map_root = true;
			o->map_current = false;
			o->mask |= NST_MASK(NST_USER);
			break;
		case 'c':
			o->map_current = true;
			o->map_root = false;
			o->mask |= NST_MASK(NST_USER);
			break;
		case OPT_MOUNTPROC:
			o->mount_proc = optarg ? nst_strip_eq(optarg) : "/proc";
			o->mask |= NST_MASK(NST_MNT);
			break;
		case OPT_PROPAGATION:
			o->propagation_arg = optarg;
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
	if (optind < argc)
		o->argv = argv + optind;
}

/* Map our (outer) uid/gid to a single id inside; setgroups must be denied before an
 * unprivileged process may write gid_map. */
static void write_single_maps(uid_t inner_uid, gid_t inner_gid, uid_t euid, gid_t egid)
{
	struct nst_idmap_range u = { inner_uid, euid, 1 }, g = { inner_gid, egid, 1 };
	int r;

	r = nst_write_idmap(0, false, &u, 1);
	if (r < 0)
		die(r, "write failed /proc/self/uid_map");
	r = nst_write_setgroups(0, false);
	if (r < 0 && r != -ENOENT)
		die(r, "write failed /proc/self/setgroups");
	r = nst_write_idmap(0, true, &g, 1);
	if (r < 0)
		die(r, "write failed /proc/self/gid_map");
}

/* The fork parent: INT and TERM stay blocked so a ^C reaches only the child's group;
 * then mirror how the child ended. */
static _noreturn_ void wait_child(pid_t child)
{
	int status, r;

	r = nst_waitpid(child, &status, 0);
	if (r < 0)
		die(r, "waitpid failed");
	cli_exit_like(status);
}

static int run(struct opts *o)
{
	uid_t euid = geteuid();
	gid_t egid = getegid();
	int r;

	/* a SIGCHLD we inherited as ignored would make our waitpid() fail */
	(void)signal(SIGCHLD, SIG_DFL);

	if ((o->mask & NST_MASK(NST_PID)) && !o->fork && isatty(STDERR_FILENO))
		warnx_msg("warning: --pid without --fork: the program becomes neither PID 1 nor "
			  "able to fork more than once; add --fork");

	r = nst_unshare(o->mask);
	if (r < 0)
		die(r, "unshare failed");
	if (o->mask & NST_MASK(NST_PID))
		cli_children_in_other_pid_ns();

	if (o->fork) {
		sigset_t block, saved;
		pid_t child;

		sigemptyset(&block);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGTERM);
		if (sigprocmask(SIG_BLOCK, &block, &saved) < 0)
			die(-errno, "sigprocmask block failed");
		fflush(NULL);
		child = fork();
		if (child < 0)
			die(-errno, "fork failed");
		if (child > 0)
			wait_child(child);
		if (sigprocmask(SIG_SETMASK, &saved, NULL) < 0)
			die(-errno, "sigprocmask restore failed");
	}

	if (o->map_root)
		write_single_maps(0, 0, euid, egid);
	else if (o->map_current)
		write_single_maps(euid, egid, euid, egid);

	if (o->mask & NST_MASK(NST_MNT)) {
		r = nst_set_propagation("/", o->propagation);
		if (r < 0)
			die(r, "cannot change root filesystem propagation");
	}
	if (o->mount_proc) {
		if (o->propagation != NST_PROP_PRIVATE) {
			/* the new proc must not propagate back to the host */
			r = nst_set_propagation(o->mount_proc, NST_PROP_PRIVATE);
			if (r < 0 && r != -EINVAL)
				die(r, "cannot change %s filesystem propagation", o->mount_proc);
		}
		r = nst_mount_proc(o->mount_proc);
		if (r < 0)
			die(r, "mount %s failed", o->mount_proc);
	}

	cli_exec(o->argv);
}

int main(int argc, char **argv)
{
	struct option longopts[N_LONGOPTS];
	struct opts o = { 0 };

	cli_init();
	parse_args(argc, argv, &o, longopts);
	cli_check_rules(longopts, rules, &o.seen);
	return run(&o);
}
