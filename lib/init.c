/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal PID 1 for a new pid namespace (unshare --init). */
#include <poll.h>
#include <stdbool.h>
#include <sys/wait.h>

#include "init.h"
#include "macro.h"
#include "ns.h"
#include "relay.h"

static void noop_handler(int sig)
{
	(void)sig;
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
	nst_relay_sigset(&set, true);
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

/* Reap every child that has ended; 1 when pid was among them. */
static int reap(pid_t pid, int *ret_status)
{
	int found = 0;

	for (;;) {
		int status;
		pid_t p = waitpid(-1, &status, WNOHANG);

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

int nst_init_loop(pid_t pid, int *ret_status)
{
	_cleanup_close_ int sfd = -EBADF, pidfd = -EBADF;
	sigset_t set;
	int status = 0, r;

	nst_relay_sigset(&set, true);
	sfd = nst_relay_signalfd(&set);
	if (sfd < 0)
		return sfd;
	pidfd = nst_pidfd_open(pid);	/* -errno: nst_relay_forward() falls back to kill() */

	for (;;) {
		struct pollfd pfd = { .fd = sfd, .events = POLLIN };
		struct signalfd_siginfo si;

		/* a SIGCHLD before the signalfd existed is still pending, so reap first */
		if (reap(pid, &status)) {
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
			(void)nst_relay_forward(pidfd, pid, &si);
		}
		if (r < 0)
			return r;
	}
}
