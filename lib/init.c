/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal PID 1 for a new pid namespace (unshare --init). */
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"
#include "macro.h"
#include "ns.h"
#include "relay.h"

static void noop_handler(int sig)
{
	(void)sig;
}

/* What PID 1 takes through its signalfd: the relayed signals, SIGCHLD, and SIGCONT from the
 * outer unshare when it resumes after the program stopped (blocked, so the kernel doesn't
 * drop it as a signal PID 1 has no handler for). */
static void init_sigset(sigset_t *set)
{
	nst_relay_sigset(set, true);
	sigaddset(set, SIGCONT);
}

int nst_init_setup(sigset_t *ret_old)
{
	struct sigaction noop = { .sa_handler = noop_handler };
	struct sigaction ign = { .sa_handler = SIG_IGN };
	sigset_t set;

	sigemptyset(&noop.sa_mask);
	sigemptyset(&ign.sa_mask);
	for (const int *s = nst_relay_signals; *s; s++)
		if (sigaction(*s, &noop, NULL) < 0)
			return nst_negerrno();
	/* a PID 1 in the background of a terminal must not be stopped by reading or writing */
	if (sigaction(SIGTTIN, &ign, NULL) < 0 || sigaction(SIGTTOU, &ign, NULL) < 0)
		return nst_negerrno();
	init_sigset(&set);
	if (sigprocmask(SIG_BLOCK, &set, ret_old) < 0)
		return nst_negerrno();
	return 0;
}

int nst_init_child_reset(const sigset_t *old)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	sigemptyset(&dfl.sa_mask);
	for (const int *s = nst_relay_signals; *s; s++)
		if (sigaction(*s, &dfl, NULL) < 0)
			return nst_negerrno();
	if (sigaction(SIGTTIN, &dfl, NULL) < 0 || sigaction(SIGTTOU, &dfl, NULL) < 0)
		return nst_negerrno();
	if (sigprocmask(SIG_SETMASK, old, NULL) < 0)
		return nst_negerrno();
	return 0;
}

int nst_init_child_foreground(void)
{
	if (setpgid(0, 0) < 0 || tcsetpgrp(STDIN_FILENO, getpid()) < 0)
		return nst_negerrno();
	return 0;
}

/* One report: a kind and a value, written in one piece (far below PIPE_BUF). */
struct report {
	int32_t kind;
	int32_t value;
};

enum { REPORT_STOPPED = 'S', REPORT_CONTINUED = 'C', REPORT_ENDED = 'E' };

static int report_send(int fd, int kind, int value)
{
	struct report rep = { kind, value };

	if (fd < 0)
		return 0;
	if (write(fd, &rep, sizeof(rep)) != (ssize_t)sizeof(rep))
		return nst_negerrno();
	return 0;
}

/* Reap every child that has ended; 1 when pid was among them. pid's stops and continues
 * are reported. */
static int reap(pid_t pid, int report, int *ret_status)
{
	int found = 0, status;
	pid_t p;

	do
		p = waitpid(pid, &status, WNOHANG | WUNTRACED | WCONTINUED);
	while (p < 0 && errno == EINTR);
	if (p == pid) {
		if (WIFSTOPPED(status))
			(void)report_send(report, REPORT_STOPPED, WSTOPSIG(status));
		else if (WIFCONTINUED(status))
			(void)report_send(report, REPORT_CONTINUED, 0);
		else {
			*ret_status = status;
			found = 1;
		}
	}
	for (;;) {
		p = waitpid(-1, &status, WNOHANG);
		if (p < 0 && errno == EINTR)
			continue;
		if (p <= 0)
			return found;
		if (p == pid) {
			*ret_status = status;
			found = 1;
		}
	}
}

int nst_init_loop(pid_t pid, int report, int *ret_status)
{
	_cleanup_close_ int sfd = -EBADF, pidfd = -EBADF;
	sigset_t set;
	int status = 0, r;

	init_sigset(&set);
	sfd = nst_relay_signalfd(&set);
	if (sfd < 0)
		return sfd;
	pidfd = nst_pidfd_open(pid);	/* -errno: nst_relay_forward() falls back to kill() */

	for (;;) {
		struct pollfd pfd = { .fd = sfd, .events = POLLIN };
		struct signalfd_siginfo si;

		/* a SIGCHLD before the signalfd existed is still pending, so reap first */
		if (reap(pid, report, &status)) {
			*ret_status = status;
			return 0;
		}
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return nst_negerrno();
		}
		while ((r = nst_relay_read(sfd, &si)) > 0) {
			if (si.ssi_signo == SIGCHLD)
				continue;
			/* SIGCONT: the outer unshare has resumed and so must the program, and its
			 * whole process group if it has one of its own (a terminal stop stopped
			 * all of it) */
			if (si.ssi_signo == SIGCONT && getpgid(pid) == pid)
				(void)kill(-pid, SIGCONT);
			else
				(void)nst_relay_forward(pidfd, pid, &si);
		}
		if (r < 0)
			return r;
	}
}

int nst_init_channel(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return nst_negerrno();
	/* reports wake the reader like its child's state changes do */
	if (fcntl(fds[0], F_SETOWN, getpid()) < 0 || fcntl(fds[0], F_SETSIG, SIGCHLD) < 0 ||
	    fcntl(fds[0], F_SETFL, O_NONBLOCK | O_ASYNC) < 0) {
		int r = nst_negerrno();

		(void)close(fds[0]);
		(void)close(fds[1]);
		return r;
	}
	return 0;
}

int nst_init_report_end(int report, int status)
{
	return report_send(report, REPORT_ENDED, status);
}

int nst_init_read(int fd, struct nst_init_state *state)
{
	struct report rep;
	ssize_t n;

	for (;;) {
		n = read(fd, &rep, sizeof(rep));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : nst_negerrno();
		if (n == 0)
			return 0;
		if (n != (ssize_t)sizeof(rep))
			return -EPROTO;
		switch (rep.kind) {
		case REPORT_STOPPED:
			state->stopped = true;
			break;
		case REPORT_CONTINUED:
			state->stopped = false;
			break;
		case REPORT_ENDED:
			/* an ended program isn't stopped, whether a continue came first or not */
			state->stopped = false;
			state->ended = true;
			state->final = rep.value;
			break;
		default:
			return -EPROTO;
		}
	}
}
