/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nsenter: the parent that stays when nsenter forks (REFERENCE 1.4, 7.3, 7.5). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "nsenter.h"
#include "proc.h"
#include "relay.h"

/* Without --forward-signals and --pty: wait, follow stops, exit like the child, as util-linux
 * does. With them, the relayed signals and SIGCHLD arrive through a signalfd. */
struct parent {
	bool forward_signals;
	struct nst_pty *pty;
	pid_t child;
	int child_pidfd;
	int status;
	bool ended;			/* status is the child's final one */
};

static int on_signal(const struct signalfd_siginfo *si, void *userdata)
{
	struct parent *p = userdata;
	int sig = (int)si->ssi_signo, status, r;

	if (sig == SIGCHLD) {
		while ((r = nst_waitpid(p->child, &status, WNOHANG | WUNTRACED)) > 0) {
			if (WIFSTOPPED(status)) {
				cli_stop_like_child(p->child, p->pty);
				continue;
			}
			p->status = status;
			p->ended = true;
			return 1;
		}
		return r < 0 && r != -ECHILD ? r : 0;
	}
	if (sig == SIGWINCH && p->pty) {
		/* the kernel passes the new size on to the program as its own SIGWINCH */
		(void)nst_pty_sync_winsize(p->pty);
		return 0;
	}
	if (p->forward_signals) {
		r = nst_relay_forward(p->child_pidfd, p->child, si);
		return r == -ESRCH ? 0 : r < 0 ? r : 0;
	}
	/* --pty alone: a fatal signal kills us as it would have without the pty, but
	 * the caller's terminal gets its mode back first */
	if (p->pty)
		nst_pty_restore(p->pty);
	{
		struct sigaction sa = { .sa_handler = SIG_DFL };
		sigset_t one;

		(void)sigaction(sig, &sa, NULL);
		sigemptyset(&one);
		sigaddset(&one, sig);
		(void)sigprocmask(SIG_UNBLOCK, &one, NULL);
		(void)raise(sig);
	}
	return 0;
}

void nsenter_parent(pid_t child, bool forward_signals, struct nst_pty *pty,
		    const sigset_t *blocked)
{
	struct parent p = { .forward_signals = forward_signals, .child = child,
			    .child_pidfd = -EBADF, .status = 0 };
	_cleanup_close_ int sfd = -EBADF;
	int r;

	if (!forward_signals && !pty) {
		int status;

		for (;;) {
			r = nst_waitpid(child, &status, WUNTRACED);
			if (r < 0)
				die(r, "waitpid failed");
			if (!WIFSTOPPED(status))
				cli_exit_like(status);
			cli_stop_like_child(p.child, p.pty);
		}
	}

	/* our own child, not yet reaped: its pid can't have been reused (without pidfds,
	 * nst_relay_forward() uses kill() for the same reason) */
	p.child_pidfd = nst_pidfd_open(child);
	sfd = nst_relay_signalfd(blocked);
	if (sfd < 0)
		die(sfd, "signalfd failed");
	if (pty) {
		p.pty = pty;
		cli_pty_proxy(pty, sfd, on_signal, &p);
		if (!p.ended && nst_waitpid(child, &p.status, 0) < 0)
			die(-errno, "waitpid failed");
	} else {
		for (;;) {
			struct pollfd pfd = { .fd = sfd, .events = POLLIN };
			struct signalfd_siginfo si;
			bool ended = false;

			if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
				die(-errno, "poll failed");
			while (!ended && (r = nst_relay_read(sfd, &si)) > 0) {
				r = on_signal(&si, &p);
				if (r < 0)
					die(r, "failed to forward a signal");
				ended = r > 0;
			}
			if (ended)
				break;
		}
	}
	nst_closep(&p.child_pidfd);
	if (pty)
		nst_pty_done(pty);
	cli_exit_like(p.status);
}
