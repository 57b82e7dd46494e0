/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nsenter: run a program in the namespaces of another process. */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "idmap.h"
#include "ns.h"
#include "optrules.h"
#include "parse.h"
#include "proc.h"

enum {
	OPT_PRESERVE_CRED = CHAR_MAX + 1,
};

struct opts {
	pid_t target;			/* 0 = no --target */
	uint64_t target_ino;		/* 0 = not given */
	unsigned mask;			/* namespace types asked for */
	const char *file[_NST_TYPE_MAX];	/* --net=FILE etc., NULL = from the target */
	bool all;
	bool no_fork;
	bool preserve_cred;
	uid_t uid;
	gid_t gid;
	bool force_uid;
	bool force_gid;
	char **argv;			/* program and arguments; NULL = default shell */
	struct nst_opts_seen seen;
};

static const struct nst_opt_rule rules[] = {
	{ 0 },
};

static const char usage_head[] = "\n"
	"Usage:\n"
	" nsenter [options] [<program> [<argument>...]]\n"
	"\n"
	"Run a program in the namespaces of another process.\n"
	"\n"
	"Options:\n"
	" -a, --all                  enter every namespace of the target that differs from ours\n"
	" -t, --target <pid>[:<ino>] take the namespaces from this process (pidfd inode <ino>)\n";

static const char usage_tail[] =
	" -S, --setuid <uid>         switch to this uid in the entered namespaces\n"
	" -G, --setgid <gid>         switch to this gid in the entered namespaces\n"
	"     --preserve-credentials keep uid and gid when entering a user namespace\n"
	" -F, --no-fork              do not fork before running the program\n"
	"\n"
	" -h, --help                 display this help\n"
	" -V, --version              display version\n"
	"\n"
	"For more details see nsenter(1).\n";

static _noreturn_ void usage(void)
{
	fputs(usage_head, stdout);
	cli_ns_usage("[=<file>]", "enter the");
	print_help(usage_tail);
}

/* getopt tables: the namespace options come from lib/ns.c's table. */
static void build_options(struct option *longopts, char *optstring)
{
	static const struct option fixed[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "target", required_argument, NULL, 't' },
		{ "setuid", required_argument, NULL, 'S' },
		{ "setgid", required_argument, NULL, 'G' },
		{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE_CRED },
		{ "no-fork", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
	};
	size_t n = 0;
	char *o = optstring;

	o = stpcpy(o, "+aht:S:G:FV");
	cli_ns_options(longopts, &n, &o, optional_argument, true);
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		longopts[n++] = fixed[i];
	longopts[n] = (struct option){ 0 };
}

#define N_LONGOPTS (_NST_TYPE_MAX + 8 + 1)

static void parse_args(int argc, char **argv, struct opts *o, struct option *longopts)
{
	char optstring[64];
	int c;

	build_options(longopts, optstring);
	nst_opts_seen_init(&o->seen);
	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		enum nst_type t = nst_type_from_short_opt(c);

		if (c != '?')
			(void)nst_opts_seen_mark(&o->seen, c);
		if ((int)t >= 0) {
			o->mask |= NST_MASK(t);
			o->file[t] = optarg ? nst_strip_eq(optarg) : NULL;
			continue;
		}
		switch (c) {
		case 'a':
			o->all = true;
			break;
		case 't':
			if (o->target)
				usage_error("option --target may be given only once");
			if (nst_parse_pid_inode(optarg, &o->target, &o->target_ino) < 0)
				diex("invalid PID argument: '%s'", optarg);
			break;
		case 'S':
			if (nst_parse_uid_number(optarg, &o->uid) < 0)
				diex("failed to parse uid: '%s'", optarg);
			o->force_uid = true;
			break;
		case 'G':
			if (nst_parse_gid_number(optarg, &o->gid) < 0)
				diex("failed to parse gid: '%s'", optarg);
			o->force_gid = true;
			break;
		case OPT_PRESERVE_CRED:
			o->preserve_cred = true;
			break;
		case 'F':
			o->no_fork = true;
			break;
		case 'h':
			usage();
		case 'V':
			print_version(NULL);
		default:
			try_help();
		}
	}
	if (optind < argc)
		o->argv = argv + optind;
}

/* Open the namespace files given as --type=FILE; the wrong kind of file is an error. */
static void open_files(const struct opts *o, struct nst_set *set)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		const struct nst_type_info *info = nst_type_info((enum nst_type)t);
		int fd;

		if (!o->file[t])
			continue;
		fd = nst_open_path(o->file[t], (enum nst_type)t);
		if (fd == -EINVAL)
			diex("not a %s namespace file: '%s'", info->desc, o->file[t]);
		if (fd < 0)
			die(fd, "cannot open %s", o->file[t]);
		nst_set_put(set, (enum nst_type)t, fd);
	}
}

/* --all: every type the kernel has whose namespace differs from ours. Entering a namespace
 * we are already in is at best a no-op and at worst EPERM (a shared cgroup namespace owned
 * by a user namespace we can't act in), so those are skipped, by (st_dev, st_ino). */
static unsigned all_mask(pid_t target)
{
	unsigned mask = 0;

	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		struct nst_id theirs, ours;

		if (nst_kernel_has((enum nst_type)t) <= 0)
			continue;
		if (nst_pid_id(target, (enum nst_type)t, false, &theirs) < 0 ||
		    nst_pid_id(0, (enum nst_type)t, false, &ours) < 0) {
			/* can't compare: let the enter step decide and report */
			mask |= NST_MASK(t);
			continue;
		}
		if (!nst_id_equal(&theirs, &ours))
			mask |= NST_MASK(t);
	}
	return mask;
}

static void pin_target(const struct opts *o, struct nst_set *set)
{
	int r = nst_set_pin(set, o->target);

	if (r < 0)
		die(r, "failed to pidfd_open() for %d", (int)o->target);
	if (o->target_ino) {
		uint64_t ino;

		r = nst_pidfd_inode(set->pidfd, &ino);
		if (r < 0)
			die(r, "cannot stat pidfd of %d", (int)o->target);
		if (ino != o->target_ino)
			diex("process %d is not the one expected: pidfd inode %ju, not %ju",
			     (int)o->target, (uintmax_t)ino, (uintmax_t)o->target_ino);
	}
}

/* The fork parent: mirror the child, including stops (a shell's job control sees us). */
static _noreturn_ void wait_child(pid_t child)
{
	int status, r;

	for (;;) {
		r = nst_waitpid(child, &status, WUNTRACED);
		if (r < 0)
			die(r, "waitpid failed");
		if (WIFSTOPPED(status)) {
			(void)kill(getpid(), SIGSTOP);
			(void)kill(child, SIGCONT);
			continue;
		}
		cli_exit_like(status);
	}
}

static int run(struct opts *o)
{
	struct nst_set set;
	struct nst_plan plan;
	bool setgroups_failed = false;
	int r, bad_type;

	nst_set_init(&set);
	/* A process in the target's pid namespace could ptrace us before exec and reach our
	 * host-side fds; not dumpable means not ptraceable. exec resets it. */
	if (o->mask & NST_MASK(NST_PID) || o->all)
		(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

	open_files(o, &set);
	if (o->target)
		pin_target(o, &set);

	if (o->all) {
		if (!o->target)
			diex("no target PID specified for --all");
		o->mask |= all_mask(o->target);
	}
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if ((o->mask & NST_MASK(t)) && set.fd[t] < 0 && !o->target)
			diex("neither filename nor target pid supplied for ns/%s",
			     nst_type_info((enum nst_type)t)->name);
	if (!o->mask)
		diex("no namespace specified");

	if (set.pidfd >= 0 && nst_pidfd_alive(set.pidfd) == 0)
		diex("target process %d exited during setup", (int)o->target);

	if ((o->mask & NST_MASK(NST_USER)) && !o->preserve_cred) {
		/* entering a user namespace makes us root there unless told otherwise */
		if (!o->force_uid) {
			o->uid = 0;
			o->force_uid = true;
		}
		if (!o->force_gid) {
			o->gid = 0;
			o->force_gid = true;
		}
	}
	/* Drop supplementary groups now, while we are still privileged, and again after
	 * entering: a user namespace may deny setgroups, so only both failing is fatal. */
	if (o->force_gid)
		setgroups_failed = setgroups(0, NULL) < 0;

	nst_plan_make(o->mask, nst_have_cap(CAP_SYS_ADMIN) > 0, o->no_fork, &plan);
	r = nst_set_enter(&set, &plan, &bad_type);
	if (r < 0) {
		if (bad_type >= 0)
			die(r, "reassociate to namespace 'ns/%s' failed",
			    nst_type_info((enum nst_type)bad_type)->name);
		if (r == -ESRCH)
			diex("target process %d exited during setup", (int)o->target);
		die(r, "reassociate to namespaces failed");
	}
	nst_set_done(&set);
	if (o->mask & NST_MASK(NST_PID))
		cli_children_in_other_pid_ns();

	if (plan.need_fork) {
		pid_t child;

		fflush(NULL);
		child = fork();
		if (child < 0)
			die(-errno, "fork failed");
		if (child > 0)
			wait_child(child);
	}

	/* drop order: groups, then gid, then uid; each failure is fatal */
	if (o->force_gid) {
		if (setgroups(0, NULL) < 0 && setgroups_failed &&
		    !(errno == EPERM && (o->mask & NST_MASK(NST_USER)) && nst_setgroups_denied(0) > 0))
			die(-errno, "setgroups failed");
		if (setgid(o->gid) < 0)
			die(-errno, "setgid() failed");
	}
	if (o->force_uid && setuid(o->uid) < 0)
		die(-errno, "setuid() failed");

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
