/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unshare: from unshare(2) to exec: persistence, --fork and its parent, the child's setup. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#include "proc.h"
#include "pty.h"
#include "relay.h"
#include "timens.h"
#include "unshare.h"

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
			unshare_die_hint(r, r == -EINVAL ? nst_hint_shared_target(o->persist[t])
							 : NULL,
					 "mount %s on %s failed", src, o->persist[t]);
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
		unshare_die_hint(-errno, errno == EPERM ? nst_hint_apparmor() : NULL,
				 "mount %s failed", dir);
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
		unshare_write_single_maps(o, euid, egid);
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
		if (r < 0) {
			bool user = o->mask & NST_MASK(NST_USER), pid = o->mask & NST_MASK(NST_PID);

			unshare_die_hint(r, r == -EPERM ? nst_hint_proc_mount(user, pid) : NULL,
					 "mount %s failed", o->mount_proc);
		}
	}
	if (o->mount_binfmt && !binfmt_done)
		mount_binfmt(o->mount_binfmt);
	if (o->load_interp && !binfmt_done)
		register_interp(o->mount_binfmt, o->load_interp);

	if (o->force_gid) {
		if (setgroups(0, NULL) < 0)
			unshare_die_hint(-errno, nst_hint_setgroups(), "setgroups failed");
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

/* What PID 1 exits with for the program's wait status: its code, or 128+N. */
static int init_exit_code(int status)
{
	struct nst_exit ex;

	return nst_exit_from_status(status, &ex) < 0 ? EXIT_FAILURE : ex.code;
}

/* --init: PID 1 forks the program and stays behind to reap and relay; it reports the
 * program's stops and end to the outer unshare on report. With --pty the program runs in the
 * terminal's foreground as a process group of its own. */
static void run_init(int report, bool pty)
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
		if (pty) {
			r = nst_init_child_foreground();
			if (r < 0)
				die(r, "failed to set up the pseudo-terminal");
		}
		r = nst_init_child_reset(&old);
		if (r < 0)
			die(r, "sigprocmask restore failed");
		return;		/* report is close-on-exec */
	}
	/* init holds nothing of the caller's beyond fds 0-2 (the rest are the program's
	 * business): only its own report pipe, as fd 3, and what nst_init_loop() opens */
	if (report != 3) {
		if (dup3(report, 3, O_CLOEXEC) < 0)
			die(-errno, "cannot set up init");
		report = 3;
	}
	(void)close_range(4, ~0U, 0);
	r = nst_init_loop(child, report, &status);
	if (r < 0)
		die(r, "init failed");
	/* PID 1 can't die by a signal the kernel protects it from: it exits 128+N (the shell
	 * convention of nst_exit_from_status()), and the outer unshare, told the real status,
	 * dies by N */
	(void)nst_init_report_end(report, status);
	exit(init_exit_code(status));
}

/*
 * The fork parent's view of its child. With --init the child is PID 1 and the program's
 * stops and end come from its reports; otherwise waitpid() shows them. Either way the parent
 * stops when the program stops and ends as it ended.
 */
struct watch {
	pid_t child;
	int report;			/* --init: read end of PID 1's reports, else -EBADF */
	struct nst_init_state state;
	unsigned continues;		/* cli_continues() when last looked */
	struct nst_pty *pty;		/* terminal to give back while stopped, or NULL */
};

static void watch_stop(struct watch *w)
{
	cli_stop_like_child(w->child, w->pty);
	w->continues = cli_continues();
}

/* 1 and *ret_status once the child has ended, 0 while it runs, -errno. */
static int watch_check(struct watch *w, int *ret_status)
{
	int status, r;

	if (w->report >= 0) {
		r = nst_init_read(w->report, &w->state);
		if (r < 0)
			return r;
		if (w->state.stopped) {
			w->state.stopped = false;
			/* A stop reported while we were stopped and continued ourselves (^Z
			 * stops the whole job): our caller has resumed the job already. Make
			 * sure the program runs again rather than stopping a second time. */
			if (cli_continues() != w->continues)
				(void)kill(w->child, SIGCONT);
			else
				watch_stop(w);
		}
		w->continues = cli_continues();
	}
	r = nst_waitpid(w->child, &status, WNOHANG | WUNTRACED);
	if (r <= 0)
		return r;
	if (WIFSTOPPED(status)) {
		watch_stop(w);
		return 0;
	}
	if (w->report >= 0) {
		/* PID 1 reported the program's status before exiting; trust it only if its
		 * exit code agrees */
		(void)nst_init_read(w->report, &w->state);
		if (w->state.ended && WIFEXITED(status) &&
		    WEXITSTATUS(status) == init_exit_code(w->state.final))
			status = w->state.final;
	}
	*ret_status = status;
	return 1;
}

/* Wait until the child has ended, then end like it. Signals in set come through a
 * signalfd: SIGCHLD (also for each report of PID 1) and, with forward, the relayed ones;
 * without forward, the held-back INT and TERM are dropped. */
static _noreturn_ void wait_for_child(struct watch *w, int pidfd, const sigset_t *set,
				      bool forward)
{
	_cleanup_close_ int sfd = nst_relay_signalfd(set);
	int status, r;

	if (sfd < 0)
		die(sfd, "signalfd failed");
	for (;;) {
		struct pollfd pfd = { .fd = sfd, .events = POLLIN };
		struct signalfd_siginfo si;

		r = watch_check(w, &status);
		if (r < 0)
			die(r, "waitpid failed");
		if (r > 0)
			cli_exit_like(status);
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			die(-errno, "poll failed");
		while ((r = nst_relay_read(sfd, &si)) > 0)
			if (forward && si.ssi_signo != SIGCHLD)
				(void)nst_relay_forward(pidfd, w->child, &si);
		if (r < 0)
			die(r, "signalfd read failed");
	}
}

struct pty_ctx {
	struct watch *w;
	int pidfd;
	int status;
	bool ended;
};

static int pty_on_signal(const struct signalfd_siginfo *si, void *userdata)
{
	struct pty_ctx *ctx = userdata;
	int r;

	if (si->ssi_signo == SIGWINCH) {
		(void)nst_pty_sync_winsize(ctx->w->pty);
		return 0;
	}
	if (si->ssi_signo != SIGCHLD) {
		(void)nst_relay_forward(ctx->pidfd, ctx->w->child, si);
		return 0;
	}
	/* more SIGCHLDs may be queued behind the one that ended it (PID 1's reports) */
	if (ctx->ended)
		return 1;
	r = watch_check(ctx->w, &ctx->status);
	ctx->ended = r > 0;
	return r;
}

static _noreturn_ void pty_until_exit(struct watch *w, int pidfd, const sigset_t *set)
{
	struct pty_ctx ctx = { w, pidfd, 0, false };
	int sfd = nst_relay_signalfd(set);

	if (sfd < 0)
		die(sfd, "signalfd failed");
	cli_pty_proxy(w->pty, sfd, pty_on_signal, &ctx);
	(void)close(sfd);
	nst_pty_done(w->pty);
	w->pty = NULL;
	if (ctx.ended)
		cli_exit_like(ctx.status);
	/* the proxy ended on EIO before the child was reaped */
	wait_for_child(w, pidfd, set, true);
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
		unshare_release_helper(bind_helper);
	else
		bind_ns_files(o, pid);
}

/*
 * --fork: returns in the child, which runs the program (or becomes PID 1 with --init; then
 * the return value is the write end of its report pipe, else -EBADF); the parent makes the
 * namespaces persistent, lets the child go on, then waits (relaying signals or proxying the
 * pty, following stops) and ends the way the program ended.
 */
static int fork_program(const struct opts *o, bool persist, struct helper *bind_helper,
			struct nst_pty *pty)
{
	_cleanup_close_ int parent_pidfd = -EBADF;
	pid_t parent_pid = 0;
	bool relay = o->forward_signals || o->pty;
	int ready[2] = { -EBADF, -EBADF }, report[2] = { -EBADF, -EBADF };
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
		sigaddset(&block, SIGCHLD);
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
	if (o->init) {
		r = nst_init_channel(report);
		if (r < 0)
			die(r, "pipe failed");
	}
	fflush(NULL);
	child = fork();
	if (child < 0)
		die(-errno, "fork failed");

	if (child > 0) {
		struct watch w = { .child = child, .report = report[0],
				   .pty = o->pty ? pty : NULL };
		int child_pidfd;

		if (o->init) {
			(void)close(report[1]);
			cli_count_continues();
			w.continues = cli_continues();
		}
		if (persist) {
			(void)close(ready[0]);
			persist_now(o, bind_helper, getpid());
			if (write(ready[1], "", 1) != 1)
				die(-errno, "write failed");
			(void)close(ready[1]);
		}
		/* -errno: nst_relay_forward() falls back to kill() on our own child */
		child_pidfd = relay ? nst_pidfd_open(child) : -EBADF;
		if (o->pty)
			pty_until_exit(&w, child_pidfd, &block);
		wait_for_child(&w, child_pidfd, &block, o->forward_signals);
	}

	if (o->init)
		(void)close(report[0]);
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
	return report[1];
}

void unshare_run(struct opts *o)
{
	uid_t euid = geteuid();
	gid_t egid = getegid();
	bool via_helper = o->n_user_specs || o->n_group_specs ||
			  (o->owner_set && (o->map_user_set || o->map_group_set));
	struct helper bind_helper = { 0, -EBADF }, map_h = { 0, -EBADF };
	struct maps *maps = NULL;
	struct nst_pty pty;
	bool persist = false;
	int report = -EBADF, r;

	nst_pty_init(&pty);
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		persist |= o->persist[t] != NULL;

	if ((o->mask & NST_MASK(NST_PID)) && !o->fork && isatty(STDERR_FILENO))
		cli_hint("%s", nst_hint_pid_without_fork);

	/* a SIGCHLD we inherited as ignored would make our waitpid() fail */
	(void)signal(SIGCHLD, SIG_DFL);

	if (via_helper)
		maps = unshare_build_maps(o, euid, egid);
	/* in a new mount or user namespace we could no longer bind where the host sees it */
	if (persist && (o->mask & (NST_MASK(NST_MNT) | NST_MASK(NST_USER)))) {
		if (unshare_fork_helper(&bind_helper) == 0) {
			bind_ns_files(o, getppid());
			exit(EXIT_SUCCESS);
		}
	}
	if (maps && (maps->uid || maps->gid)) {
		if (unshare_fork_helper(&map_h) == 0)
			unshare_map_helper(maps, getppid(), euid == 0);
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
		unshare_die_hint(r, why, "unshare failed");
	}
	if (o->mask & NST_MASK(NST_PID))
		cli_children_in_other_pid_ns();

	if (map_h.pid > 0)
		unshare_release_helper(&map_h);
	free(maps);
	set_time_offsets(o);

	if (o->fork)
		report = fork_program(o, persist, &bind_helper, &pty);
	else if (persist)
		persist_now(o, &bind_helper, getpid());

	setup_child(o, !via_helper, euid, egid);
	if (o->init)
		run_init(report, o->pty);
	cli_exec(o->argv);
}
