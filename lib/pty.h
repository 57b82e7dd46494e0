/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A pseudo-terminal for the program, proxied by its fork parent (nsenter/unshare --pty). */
#ifndef NST_PTY_H
#define NST_PTY_H

#include <signal.h>
#include <stdbool.h>
#include <sys/signalfd.h>
#include <termios.h>

/*
 * Why: a program on the caller's terminal can push input into it (TIOCSTI) that the caller's
 * shell reads after the program exits. On a pty of its own it can only reach that pty.
 *
 * Lifecycle (tool-neutral; "in" is the caller's stdin, "out" its stdout):
 *   nst_pty_open()          before any namespace change: /dev/ptmx of the caller's devpts
 *   fork()
 *   child:  nst_pty_child() setsid, slave as controlling tty and fds 0-2, master closed
 *   parent: nst_pty_close_slave(), nst_pty_raw(), nst_pty_proxy() ..., nst_pty_restore()
 *   nst_pty_done()          closes what is left (idempotent)
 * All fds are close-on-exec.
 */
struct nst_pty {
	int master;			/* -EBADF = none */
	int slave;
	int in;				/* the caller's terminal side: usually 0 and 1 */
	int out;
	bool raw;			/* in was switched to raw mode; saved holds the old mode */
	struct termios saved;
};

void nst_pty_init(struct nst_pty *pty);
void nst_pty_done(struct nst_pty *pty);

/* Allocate the pair. The slave gets the caller's window size and, if in is a terminal, its
 * settings, so the program starts in the mode the caller had. */
int nst_pty_open(struct nst_pty *pty, int in, int out);
/* Child side: new session, slave as controlling terminal and fds 0-2, pair fds closed. */
int nst_pty_child(struct nst_pty *pty);
void nst_pty_close_slave(struct nst_pty *pty);

/* Parent side: raw mode on in if it is a terminal (keys go to the program unchanged).
 * nst_pty_restore() puts the saved mode back; safe to call any number of times. */
int nst_pty_raw(struct nst_pty *pty);
void nst_pty_restore(struct nst_pty *pty);
/* Copy in's window size to the pty (on SIGWINCH); the kernel then signals the program. */
int nst_pty_sync_winsize(const struct nst_pty *pty);

/*
 * Proxy data both ways until the callback says the program has ended, then drain the
 * program's output until the pty reports EIO (every slave fd closed). EOF on in is passed on
 * as the pty's EOF character. Signals arrive through sfd (a signalfd; -EBADF for none):
 * on_signal is called for each and returns < 0 to abort, 1 when the program has ended,
 * 0 to go on. Returns 0 or -errno.
 */
int nst_pty_proxy(struct nst_pty *pty, int sfd,
		  int (*on_signal)(const struct signalfd_siginfo *si, void *userdata),
		  void *userdata);

#endif
