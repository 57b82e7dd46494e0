/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Relaying signals from a fork parent to its child through a pidfd (nsenter, unshare). */
#ifndef NST_RELAY_H
#define NST_RELAY_H

#include <signal.h>
#include <stdbool.h>
#include <sys/signalfd.h>
#include <sys/types.h>

/*
 * Usage, in the parent-to-be:
 *   nst_relay_sigset(&set, true);            the relayed signals plus SIGCHLD
 *   sigprocmask(SIG_BLOCK, &set, &old);      before fork(): no signal is lost in between
 *   child: sigprocmask(SIG_SETMASK, &old)    before exec (dispositions are default already)
 *   parent: sfd = nst_relay_signalfd(&set);  then for each read siginfo:
 *           nst_relay_forward(pidfd, child, &si) for every relayed signal.
 * Blocked signals don't run their default action, so the parent survives to forward them;
 * when the child dies, the parent dies the same way (cli_exit_like()).
 */

/* The relayed signals: TERM INT HUP QUIT USR1 USR2 WINCH (0-terminated). */
extern const int nst_relay_signals[];

/* 1 if sig is one of nst_relay_signals. */
bool nst_relay_is_relayed(int sig);

/* Fill set with the relayed signals, plus SIGCHLD if with_chld. */
void nst_relay_sigset(sigset_t *set, bool with_chld);

/* A non-blocking, close-on-exec signalfd for set (which the caller has blocked). */
int nst_relay_signalfd(const sigset_t *set);

/* Read one pending signal from sfd: 1 and *ret filled, 0 if none is pending, -errno. */
int nst_relay_read(int sfd, struct signalfd_siginfo *ret);

/*
 * Send si's signal on to the child: pidfd_send_signal() on pidfd, kill(pid) if the kernel
 * lacks it or pidfd is < 0. A signal the terminal generated (SI_KERNEL) has already reached
 * the child if it is in our foreground process group, so it is not sent a second time then.
 * Returns 1 if sent, 0 if deliberately not sent, -errno (-ESRCH: the child is gone).
 */
int nst_relay_forward(int pidfd, pid_t pid, const struct signalfd_siginfo *si);

#endif
