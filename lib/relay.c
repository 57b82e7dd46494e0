/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Relaying signals from a fork parent to its child through a pidfd (nsenter, unshare). */
#include <fcntl.h>
#include <unistd.h>

#include "macro.h"
#include "missing.h"
#include "relay.h"

const int nst_relay_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, 0 };

bool nst_relay_is_relayed(int sig)
{
	for (const int *s = nst_relay_signals; *s; s++)
		if (*s == sig)
			return true;
	return false;
}

void nst_relay_sigset(sigset_t *set, bool with_chld)
{
	sigemptyset(set);
	for (const int *s = nst_relay_signals; *s; s++)
		sigaddset(set, *s);
	if (with_chld)
		sigaddset(set, SIGCHLD);
}

int nst_relay_signalfd(const sigset_t *set)
{
	int fd = signalfd(-1, set, SFD_NONBLOCK | SFD_CLOEXEC);

	return fd < 0 ? nst_negerrno() : fd;
}

int nst_relay_read(int sfd, struct signalfd_siginfo *ret)
{
	ssize_t n;

	do
		n = read(sfd, ret, sizeof(*ret));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? 0 : nst_negerrno();
	return n == (ssize_t)sizeof(*ret) ? 1 : -EIO;
}

int nst_relay_forward(int pidfd, pid_t pid, const struct signalfd_siginfo *si)
{
	int sig = (int)si->ssi_signo;

	/* ^C, ^\ and a resized terminal signal the whole foreground process group: a child
	 * in our group has its own copy already */
	if (si->ssi_code == SI_KERNEL && pid > 0 && getpgid(pid) == getpgrp())
		return 0;
	if (pidfd >= 0) {
		if (nst_sys_pidfd_send_signal(pidfd, sig, NULL, 0) == 0)
			return 1;
		if (errno != ENOSYS)
			return nst_negerrno();
	}
	/* COMPAT(kernel < 5.1): no pidfd_send_signal; the child is ours and unreaped, so its
	 * pid cannot have been reused */
	if (pid <= 0)
		return -ESRCH;
	return kill(pid, sig) < 0 ? nst_negerrno() : 1;
}
