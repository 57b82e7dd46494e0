/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nsenter: run a program in the namespaces of another process. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "cgroup.h"
#include "cli.h"
#include "environ.h"
#include "idmap.h"
#include "missing.h"
#include "netns.h"
#include "ns.h"
#include "nsenter.h"
#include "nsid.h"
#include "optrules.h"
#include "parse.h"
#include "proc.h"
#include "pty.h"
#include "relay.h"

enum {
	OPT_PRESERVE_CRED = CHAR_MAX + 1,
	OPT_KEEP_CAPS,
	OPT_USER_PARENT,
	OPT_FORWARD_SIGNALS,
	OPT_PTY,
	OPT_NETNS,
};

struct opts {
	pid_t target;			/* 0 = no --target */
	uint64_t target_ino;		/* 0 = not given */
	unsigned mask;			/* namespace types asked for */
	const char *file[_NST_TYPE_MAX];	/* --net=FILE or =:NSID, NULL = from the target */
	int sock_fd;			/* --net-socket, -1 = none */
	bool all;
	bool no_fork;
	bool preserve_cred;
	bool keep_caps;
	bool user_parent;
	bool env;
	bool join_cgroup;
	bool follow_context;
	bool forward_signals;
	bool pty;
	uid_t uid;
	gid_t gid;
	bool force_uid, force_gid;
	bool follow_uid, follow_gid;	/* -S follow / -G follow */
	bool root_given, wd_given, wdns_given;
	const char *root, *wd, *wdns;	/* NULL with *_given: the target's */
	const char *netns;
	char **argv;			/* program and arguments; NULL = default shell */
	struct nst_opts_seen seen;
};

static const struct nst_opt_rule rules[] = {
	{ .opt = 'w', .conflicts = { 'W' } },
	{ .opt = 'W', .conflicts = { 'w' } },
	{ .opt = OPT_FORWARD_SIGNALS, .conflicts = { 'F' } },
	{ .opt = OPT_PTY, .conflicts = { 'F' } },
	{ .opt = OPT_NETNS, .conflicts = { 'n', 'N' } },
	{ 0 },
};

static const char usage_head[] = "\n"
	"Usage:\n"
	" nsenter [options] [<program> [<argument>...]]\n"
	"\n"
	"Run a program in the namespaces of another process.\n"
	"\n"
	"Options:\n"
	" -a, --all                         enter every namespace that differs from ours\n"
	" -t, --target <pid>[:<ino>]        target process (with the inode of its pidfd)\n";

static const char usage_tail[] =
	" -N, --net-socket <fd>             enter the netns of the target's socket <fd>\n"
	"     --user-parent                 enter the parent user namespace\n"
	" -S, --setuid <uid>|follow         set uid in the entered namespaces\n"
	" -G, --setgid <gid>|follow         set gid in the entered namespaces\n"
	"     --preserve-credentials        do not touch uids, gids or groups\n"
	"     --keep-caps                   keep the user namespace's capabilities\n"
	" -r, --root[=<dir>]                set the root directory\n"
	" -w, --wd[=<dir>]                  set the working directory\n"
	" -W, --wdns[=<dir>]                set the working directory inside them\n"
	" -e, --env                         take the environment of the target\n"
	" -F, --no-fork                     do not fork before running <program>\n"
	" -c, --join-cgroup                 join the cgroups of the target\n"
	" -Z, --follow-context              take the SELinux context (not in this build)\n"
	"     --forward-signals             pass TERM, INT, HUP, ... on to <program>\n"
	"     --pty                         run <program> on a new pseudo-terminal\n"
	"     --netns <name>                enter an 'ip netns' namespace as ip does\n"
	"\n"
	" -h, --help                        display this help\n"
	" -V, --version                     display version\n"
	"\n"
	"For more details see nsenter(1).\n";

static _noreturn_ void usage(void)
{
	fputs(usage_head, stdout);
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		const struct nst_type_info *info = nst_type_info((enum nst_type)t);
		char opt[64];

		snprintf(opt, sizeof(opt), "--%s[=<file>|=:<nsid>]", info->long_opt);
		printf(" -%c, %-29s enter the %s namespace\n", info->short_opt, opt, info->desc);
	}
	print_help(usage_tail);
}

/* getopt tables: the namespace options come from lib/ns.c's table. */
static void build_options(struct option *longopts, char *optstring)
{
	static const struct option fixed[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "target", required_argument, NULL, 't' },
		{ "net-socket", required_argument, NULL, 'N' },
		{ "user-parent", no_argument, NULL, OPT_USER_PARENT },
		{ "setuid", required_argument, NULL, 'S' },
		{ "setgid", required_argument, NULL, 'G' },
		{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE_CRED },
		{ "keep-caps", no_argument, NULL, OPT_KEEP_CAPS },
		{ "root", optional_argument, NULL, 'r' },
		{ "wd", optional_argument, NULL, 'w' },
		{ "wdns", optional_argument, NULL, 'W' },
		{ "env", no_argument, NULL, 'e' },
		{ "no-fork", no_argument, NULL, 'F' },
		{ "join-cgroup", no_argument, NULL, 'c' },
		{ "follow-context", no_argument, NULL, 'Z' },
		{ "forward-signals", no_argument, NULL, OPT_FORWARD_SIGNALS },
		{ "pty", no_argument, NULL, OPT_PTY },
		{ "netns", required_argument, NULL, OPT_NETNS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
	};
	size_t n = 0;
	char *o = optstring;

	o = stpcpy(o, "+ahVt:N:S:G:r::w::W::ecFZ");
	cli_ns_options(longopts, &n, &o, optional_argument, true);
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		longopts[n++] = fixed[i];
	longopts[n] = (struct option){ 0 };
}

#define N_LONGOPTS (_NST_TYPE_MAX + 20 + 1)

static void parse_args(int argc, char **argv, struct opts *o, struct option *longopts)
{
	char optstring[96];
	int c;

	build_options(longopts, optstring);
	nst_opts_seen_init(&o->seen);
	o->sock_fd = -1;
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
				diex("option --target may be given only once");
			if (nst_parse_pid_inode(optarg, &o->target, &o->target_ino) < 0)
				diex("invalid PID argument: '%s'", optarg);
			break;
		case 'N':
			if (nst_parse_fd(optarg, &o->sock_fd) < 0)
				diex("failed to parse file descriptor: '%s'", optarg);
			break;
		case OPT_USER_PARENT:
			o->user_parent = true;
			break;
		case 'S':
			o->follow_uid = strcmp(optarg, "follow") == 0;
			if (!o->follow_uid && nst_parse_uid_number(optarg, &o->uid) < 0)
				diex("failed to parse uid: '%s'", optarg);
			o->force_uid = true;
			break;
		case 'G':
			o->follow_gid = strcmp(optarg, "follow") == 0;
			if (!o->follow_gid && nst_parse_gid_number(optarg, &o->gid) < 0)
				diex("failed to parse gid: '%s'", optarg);
			o->force_gid = true;
			break;
		case OPT_PRESERVE_CRED:
			o->preserve_cred = true;
			break;
		case OPT_KEEP_CAPS:
			o->keep_caps = true;
			break;
		case 'r':
			/* util-linux keeps the '=' of "-r=/x" and opens "=/x"; we don't */
			o->root_given = true;
			o->root = optarg ? nst_strip_eq(optarg) : NULL;
			break;
		case 'w':
			o->wd_given = true;
			o->wd = optarg ? nst_strip_eq(optarg) : NULL;
			break;
		case 'W':
			o->wdns_given = true;
			o->wdns = optarg ? nst_strip_eq(optarg) : NULL;
			break;
		case 'e':
			o->env = true;
			break;
		case 'F':
			o->no_fork = true;
			break;
		case 'c':
			o->join_cgroup = true;
			break;
		case 'Z':
			o->follow_context = true;
			break;
		case OPT_FORWARD_SIGNALS:
			o->forward_signals = true;
			break;
		case OPT_PTY:
			o->pty = true;
			break;
		case OPT_NETNS:
			if (!nst_netns_name_valid(optarg))
				diex("invalid network namespace name: %s", optarg);
			o->netns = optarg;
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

/* Everything run() opens before entering anything, so that it resolves in our own view. */
struct state {
	struct nst_set set;
	int procdir;			/* /proc/PID of the target (O_PATH), -EBADF = none */
	int root;			/* -r */
	int wd;				/* -w */
	char *wdns;			/* -W without a dir: the target's cwd, as a path */
	char **env;			/* -e */
	bool env_retry;			/* -e got EACCES: read it again with the new credentials */
	struct nst_cgroup_join cgroup;
	struct nst_pty pty;
	bool setgroups_failed;
};

static void state_init(struct state *s)
{
	nst_set_init(&s->set);
	s->procdir = s->root = s->wd = -EBADF;
	s->wdns = NULL;
	s->env = NULL;
	s->env_retry = false;
	nst_cgroup_join_init(&s->cgroup);
	nst_pty_init(&s->pty);
	s->setgroups_failed = false;
}

/* Step 2: namespace files and "=:NSID". The wrong kind of file is an error. */
static void open_ns_file(enum nst_type t, const char *file, struct nst_set *set)
{
	const struct nst_type_info *info = nst_type_info(t);
	int fd;

	if (*file == ':') {
		enum nst_nsid_step step;
		uint64_t id;

		if (nst_parse_u64(file + 1, &id) < 0)
			diex("failed to parse nsid: %s", file + 1);
		fd = nst_open_nsid(id, &step);
		if (fd < 0 && step == NST_NSID_STEP_HANDLE) {
			warn_r(fd, "failed to fill namespace file handle");
			cli_hint("this kernel cannot open namespaces by ID (needs Linux 6.19 "
				     "or later); use a namespace file or --target");
			exit(EXIT_FAILURE);
		}
		if (fd < 0)
			die(fd, "cannot open namespace of id %ju", (uintmax_t)id);
		if (nst_fd_type(fd) != t) {
			(void)close(fd);
			diex("namespace of id %ju is not a %s namespace", (uintmax_t)id, info->desc);
		}
	} else {
		fd = nst_open_path(file, t);
		if (fd == -EINVAL)
			diex("not a %s namespace file: '%s'", info->desc, file);
		if (fd < 0)
			die(fd, "cannot open %s", file);
	}
	nst_set_put(set, t, fd);
}

static int open_dir_or_die(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		die(-errno, "cannot open %s", path);
	return fd;
}

/* /proc/PID/<what> of the target, or the "neither ... nor" error without a target. */
static int open_target_file(const struct opts *o, const char *what)
{
	char path[64];

	if (!o->target)
		diex("neither filename nor target pid supplied for %s", what);
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)o->target, what);
	return open_dir_or_die(path);
}

static void pin_target(const struct opts *o, struct state *s)
{
	char path[64];
	int r = nst_set_pin(&s->set, o->target);

	if (r < 0)
		die(r, "failed to pidfd_open() for %d", (int)o->target);
	if (o->target_ino) {
		uint64_t ino;

		/* COMPAT(kernel < 5.3): without a pidfd there is no pidfs inode to compare, and
		 * an unchecked PID:INO must not pass for a checked one */
		if (s->set.pidfd < 0)
			diex("cannot check %d:%ju: the kernel has no pidfd_open()", (int)o->target,
			     (uintmax_t)o->target_ino);
		r = nst_pidfd_inode(s->set.pidfd, &ino);
		if (r < 0)
			die(r, "cannot stat pidfd of %d", (int)o->target);
		if (ino != o->target_ino)
			diex("process %d is not the one expected: pidfd inode %ju, not %ju",
			     (int)o->target, (uintmax_t)ino, (uintmax_t)o->target_ino);
	}
	if (s->set.pidfd < 0) {
		/* pinned by /proc/PID itself (COMPAT(kernel < 5.3)): our copy is that one */
		s->procdir = fcntl(s->set.procfd, F_DUPFD_CLOEXEC, 3);
		if (s->procdir < 0)
			die(-errno, "cannot open /proc/%d", (int)o->target);
		return;
	}
	/* /proc/PID is checked against the pidfd once everything is open (step 6) */
	snprintf(path, sizeof(path), "/proc/%d", (int)o->target);
	s->procdir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->procdir < 0)
		die(-errno, "cannot open %s", path);
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

/* Step 6: everything that must be opened with our own credentials and view. */
static void open_before_setns(const struct opts *o, struct state *s)
{
	if (o->root_given && !o->root)
		s->root = open_target_file(o, "root");
	if (o->wd_given && !o->wd)
		s->wd = open_target_file(o, "cwd");
	if (o->wdns_given && !o->wdns) {
		/* the target's working directory, as a path to look up after entering */
		char buf[PATH_MAX];
		ssize_t n;

		if (!o->target)
			diex("neither filename nor target pid supplied for cwd");
		n = readlinkat(s->procdir, "cwd", buf, sizeof(buf) - 1);
		if (n < 0)
			die(-errno, "cannot open /proc/%d/cwd", (int)o->target);
		buf[n] = '\0';
		s->wdns = strdup(buf);
		if (!s->wdns)
			die(-ENOMEM, "cannot open /proc/%d/cwd", (int)o->target);
	}
	if (o->env) {
		int r;

		if (!o->target)
			diex("neither filename nor target pid supplied for environ");
		r = nst_environ_read_at(s->procdir, &s->env);
		/* A target in a user namespace may refuse us now and allow us later, once we
		 * are root in its user namespace (util-linux#4558). */
		if (r == -EACCES)
			s->env_retry = true;
		else if (r < 0)
			die(r, "failed to get environment variables");
	}
	if ((o->follow_uid || o->follow_gid) && !o->target)
		diex("neither filename nor target pid supplied for follow");
	if (o->pty) {
		int r = nst_pty_open(&s->pty, STDIN_FILENO, STDOUT_FILENO);

		if (r < 0)
			die(r, "failed to allocate pseudo-terminal");
	}
	if (o->join_cgroup) {
		enum nst_cgroup_step step;
		int r;

		if (!o->target)
			diex("neither filename nor target pid supplied for cgroup");
		r = nst_cgroup_join_open(s->procdir, &s->cgroup, &step);
		if (r < 0 && step == NST_CGROUP_STEP_READ)
			die(r, "failed to get cgroup path");
		if (r < 0 && step == NST_CGROUP_STEP_OPEN)
			die(r, "failed to open cgroup.procs");
		if (r < 0)
			diex("--join-cgroup is only supported in cgroup v2");
	}
	/* Everything from /proc/PID above belongs to the pinned process only if it is still
	 * alive now: a reused PID would have failed the pidfd poll. */
	if (o->target && nst_set_alive(&s->set) == 0)
		diex("target process %d exited during setup", (int)o->target);
}

/* Step 7: --user-parent and --net-socket replace the user and net fds. */
static void open_derived(struct opts *o, struct state *s)
{
	if (o->user_parent) {
		_cleanup_close_ int own = -EBADF;
		int src = s->set.fd[NST_USER], parent;

		if (src < 0) {
			own = nst_open_pidfd(s->set.pidfd, NST_USER);
			src = own;
		}
		for (int t = 0; src < 0 && t < _NST_TYPE_MAX; t++)
			if (s->set.fd[t] >= 0)
				src = s->set.fd[t];
		if (src < 0) {
			/* below our /proc/PID fd, which step 6 showed is the pinned process */
			own = nst_open_at(s->procdir, NST_USER, false);
			src = own;
		}
		/* the owner of a user namespace is its parent; of any other, its user ns */
		parent = src >= 0 ? nst_fd_owner(src) : src;
		if (parent < 0)
			die(parent, "failed to open parent namespace");
		nst_set_put(&s->set, NST_USER, parent);
		o->mask |= NST_MASK(NST_USER);
	}
	if (o->sock_fd >= 0) {
		_cleanup_close_ int sk = -EBADF;
		int nsfd;

		/* COMPAT(kernel < 5.6): a socket can't be opened through /proc/PID/fd, so
		 * without pidfd_getfd() (or a pidfd at all) there is no way to it */
		sk = s->set.pidfd < 0 ? -ENOSYS : nst_sys_pidfd_getfd(s->set.pidfd, o->sock_fd, 0);
		if (sk < 0 && (s->set.pidfd < 0 || errno == ENOSYS)) {
			warn_r(-ENOSYS, "cannot take socket %d of process %d", o->sock_fd,
			       (int)o->target);
			cli_hint("--net-socket needs pidfd_getfd(), which this kernel "
				     "lacks (Linux 5.6 or later has it)");
			exit(EXIT_FAILURE);
		}
		if (sk < 0)
			die(-errno, "pidfd_getfd(%d, %d)", s->set.pidfd, o->sock_fd);
		/* pidfd_getfd() fds are close-on-exec by the kernel's rule */
		nsfd = ioctl(sk, SIOCGSKNS);
		if (nsfd < 0)
			die(-errno, "ioctl(%d, SIOCGSKNS)", sk);
		(void)fcntl(nsfd, F_SETFD, FD_CLOEXEC);
		nst_set_put(&s->set, NST_NET, nsfd);
		o->mask |= NST_MASK(NST_NET);
	}
}

static void on_bind_fail(const char *src, const char *dst, int err, void *ud)
{
	(void)ud;
	warn_r(err, "bind mount of %s on %s failed", src, dst);
}

/* Steps 13-15: --netns mounts, then root and working directory. */
static void change_dirs(const struct opts *o, struct state *s)
{
	if (o->netns) {
		enum nst_netns_step step;
		int r = nst_netns_mounts(o->netns, on_bind_fail, NULL, &step);

		if (r < 0 && step == NST_NETNS_STEP_UNSHARE)
			die(r, "unshare failed");
		if (r < 0 && step == NST_NETNS_STEP_PROPAGATION)
			die(r, "cannot change root filesystem propagation");
		if (r < 0)
			die(r, "mount /sys failed");
	}
	if (s->root >= 0) {
		/* chroot() keeps the cwd: remember it unless it is set anyway */
		if (s->wd < 0 && !o->wdns_given) {
			s->wd = open(".", O_RDONLY | O_CLOEXEC);
			if (s->wd < 0)
				die(-errno, "cannot open current working directory");
		}
		/* fchdir() first: chroot(".") can't be fooled by a path that resolves
		 * differently in the namespaces we entered */
		if (fchdir(s->root) < 0)
			die(-errno, "change directory by root file descriptor failed");
		if (chroot(".") < 0)
			die(-errno, "chroot failed");
		if (chdir("/") < 0)
			die(-errno, "cannot change directory to %s", "/");
		nst_closep(&s->root);
		s->root = -EBADF;
	}
	if (o->wdns_given) {
		s->wd = open(o->wdns ? o->wdns : s->wdns, O_RDONLY | O_CLOEXEC);
		if (s->wd < 0)
			die(-errno, "cannot open current working directory");
	}
	if (s->wd >= 0) {
		if (fchdir(s->wd) < 0)
			die(-errno, "change directory by working directory file descriptor failed");
		nst_closep(&s->wd);
		s->wd = -EBADF;
	}
}

static void apply_env(struct state *s)
{
	if (clearenv() != 0)
		die(-ENOMEM, "failed to set environment variables");
	for (char **p = s->env; p && *p; p++) {
		char *eq = strchr(*p, '=');

		*eq = '\0';
		if (setenv(*p, eq + 1, 1) < 0)
			die(-errno, "failed to set environment variables");
		*eq = '=';
	}
	nst_environ_free(s->env);
	s->env = NULL;
}

static int run(struct opts *o)
{
	struct state s;
	struct nst_plan plan;
	sigset_t relay_set, old_mask;
	bool relay;
	int r, bad_type;

	state_init(&s);
	sigemptyset(&relay_set);
	sigemptyset(&old_mask);
	/* Step 1. A process in the target's pid namespace could ptrace us before exec and
	 * reach our host-side fds; not dumpable means not ptraceable. exec resets it. */
	if (o->mask & NST_MASK(NST_PID) || o->all)
		(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

	/* Step 2: what the command line names is opened first, in our own view */
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if (o->file[t])
			open_ns_file((enum nst_type)t, o->file[t], &s.set);
	if (o->root)
		s.root = open_dir_or_die(o->root);
	if (o->wd)
		s.wd = open_dir_or_die(o->wd);
	if (o->netns) {
		char path[PATH_MAX];

		r = nst_netns_path(o->netns, path, sizeof(path));
		if (r < 0)
			diex("invalid network namespace name: %s", o->netns);
		r = nst_open_path(path, NST_NET);
		if (r == -EINVAL)
			diex("not a network namespace file: '%s'", path);
		if (r < 0)
			die(r, "cannot open %s", path);
		nst_set_put(&s.set, NST_NET, r);
		o->mask |= NST_MASK(NST_NET);
	}
	if (o->target)
		pin_target(o, &s);

	/* Step 3 */
	if (o->follow_context)
		diex("--follow-context is not supported in this build (no SELinux support)");

	/* Steps 4-5 */
	if (o->all) {
		if (!o->target)
			diex("no target PID specified");
		o->mask |= all_mask(o->target);
	}
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if ((o->mask & NST_MASK(t)) && s.set.fd[t] < 0 && !o->target)
			diex("no target PID specified");
	if ((o->sock_fd >= 0 || o->user_parent) && !o->target)
		diex("no target PID specified");

	/* Steps 6-8 */
	open_before_setns(o, &s);
	open_derived(o, &s);
	if (!o->mask)
		diex("no namespace specified");

	/* Step 10: entering a user namespace makes us root there unless told otherwise */
	if ((o->mask & NST_MASK(NST_USER)) && !o->preserve_cred)
		o->force_uid = o->force_gid = true;
	/* Drop supplementary groups now, while we are still privileged, and again after
	 * entering: a user namespace may deny setgroups, so only both failing is fatal. */
	if (o->force_gid)
		s.setgroups_failed = setgroups(0, NULL) < 0;

	/* Steps 11-12 */
	nst_plan_make(o->mask, nst_have_cap(CAP_SYS_ADMIN) > 0, o->no_fork, &plan);
	r = nst_set_enter(&s.set, &plan, &bad_type);
	if (r < 0) {
		if (r == -ESRCH && bad_type < 0)
			diex("target process %d exited during setup", (int)o->target);
		if (bad_type >= 0)
			warn_r(r, "reassociate to namespace 'ns/%s' failed",
			       nst_type_info((enum nst_type)bad_type)->name);
		else
			warn_r(r, "reassociate to namespaces failed");
		nsenter_enter_hints(r, bad_type, o->target, &s.set, s.procdir);
		exit(EXIT_FAILURE);
	}
	if (o->mask & NST_MASK(NST_PID))
		cli_children_in_other_pid_ns();
	/* REFERENCE 7.7: like unshare -p without -f, a trap worth a word on a terminal only */
	if ((o->mask & NST_MASK(NST_PID)) && o->no_fork && isatty(STDERR_FILENO))
		cli_hint("pid namespace needs a fork; drop --no-fork (without one the program "
			     "stays in its own pid namespace and only its children enter the "
			     "target's)");
	/* Step 13: only the pidfd stays, pinning the target until exec */
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		nst_closep(&s.set.fd[t]);
		s.set.fd[t] = -EBADF;
	}

	/* Steps 13-16 */
	change_dirs(o, &s);
	if (s.env)
		apply_env(&s);

	/* Step 17: the child inherits the cgroup */
	if (s.cgroup.n) {
		r = nst_cgroup_join_write(&s.cgroup, 0);
		if (r < 0)
			die(r, "write cgroup.procs failed");
		nst_cgroup_join_done(&s.cgroup);
	}

	/* Step 18 */
	if (o->follow_uid || o->follow_gid) {
		struct stat st;

		if (fstat(s.procdir, &st) < 0)
			die(-errno, "can not get process stat");
		if (o->follow_uid)
			o->uid = st.st_uid;
		if (o->follow_gid)
			o->gid = st.st_gid;
	}

	/* Step 19: a pid namespace applies to children only; relaying and the pty proxy
	 * need a parent that stays */
	relay = o->forward_signals || o->pty;
	if (plan.need_fork || relay) {
		pid_t child;

		if (relay) {
			/* blocked before the fork, so none can slip past the relay */
			nst_relay_sigset(&relay_set, true);
			if (sigprocmask(SIG_BLOCK, &relay_set, &old_mask) < 0)
				die(-errno, "sigprocmask failed");
		}
		/* an inherited SIG_IGN for SIGCHLD would make the kernel reap the child
		 * itself, and the parent could not pass its status on */
		(void)signal(SIGCHLD, SIG_DFL);
		fflush(NULL);
		child = fork();
		if (child < 0)
			die(-errno, "fork failed");
		if (child > 0) {
			/* the parent stays outside: nothing of the target may stay open there */
			nst_set_done(&s.set);
			nst_closep(&s.procdir);
			nst_cgroup_join_done(&s.cgroup);
			nsenter_parent(child, o->forward_signals, o->pty ? &s.pty : NULL,
				       &relay_set);
		}
		if (relay && sigprocmask(SIG_SETMASK, &old_mask, NULL) < 0)
			die(-errno, "sigprocmask failed");
	}

	/* Step 20: drop order: groups, then gid, then uid; each failure is fatal */
	if (o->force_gid) {
		if (setgroups(0, NULL) < 0 && s.setgroups_failed &&
		    !(errno == EPERM && (o->mask & NST_MASK(NST_USER)) && nst_setgroups_denied(0) > 0)) {
			warn_r(-errno, "setgroups failed");
			if (nst_setgroups_denied(0) > 0)
				cli_hint("setgroups is denied in this user namespace; "
					     "use --preserve-credentials");
			exit(EXIT_FAILURE);
		}
		if (setgid(o->gid) < 0)
			die(-errno, "setgid() failed");
	}
	if (o->force_uid && setuid(o->uid) < 0)
		die(-errno, "setuid() failed");

	if (s.env_retry) {
		r = nst_environ_read_at(s.procdir, &s.env);
		if (r < 0)
			die(r, "failed to get environment variables");
		apply_env(&s);
	}

	/* Step 21 */
	/* --keep-caps: what we were granted in the user namespace survives exec (after
	 * setuid(), which would clear ambient capabilities) */
	if (o->keep_caps && (o->mask & NST_MASK(NST_USER))) {
		r = nst_caps_raise_ambient();
		if (r < 0)
			die(r, "prctl(PR_CAP_AMBIENT) failed");
	}
	if (o->pty) {
		r = nst_pty_child(&s.pty);
		if (r < 0)
			die(r, "failed to set up the pseudo-terminal");
	}

	/* Step 22: nothing of ours may reach the program (all close-on-exec; closed anyway) */
	nst_set_done(&s.set);
	nst_closep(&s.procdir);
	free(s.wdns);
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
