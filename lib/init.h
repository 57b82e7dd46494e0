/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal PID 1 for a new pid namespace (unshare --init). */
#ifndef NST_INIT_H
#define NST_INIT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/*
 * Why: the kernel delivers to PID 1 of a pid namespace only the signals it has a handler
 * for, so a program running as PID 1 ignores a plain SIGTERM from the host; and orphans are
 * re-parented to PID 1, which a normal program never reaps. This init is PID 1 instead: it
 * forks the program, reaps every child and relays the signals of nst_relay_signals to it.
 *
 *   nst_init_setup(&old)        in PID 1, before forking the program
 *   fork(); child: nst_init_child_reset(&old), then exec
 *   nst_init_loop(pid, report, &status) until the program ended; then exit like it
 */

/* Handlers for the relayed signals (a default disposition would drop them in PID 1), those
 * and SIGCHLD blocked for a signalfd, TTIN/TTOU ignored. *ret_old gets the previous mask. */
int nst_init_setup(sigset_t *ret_old);

/* In the program's process: default dispositions and the old mask back. */
int nst_init_child_reset(const sigset_t *old);

/* In the program's process, with the pseudo-terminal of --pty as fd 0 and PID 1 as its session
 * leader: a process group of its own, in the terminal's foreground. Keys like ^C and ^Z reach
 * it (not PID 1), and, PID 1 being its parent in the same session, the group is not orphaned,
 * so the kernel lets a terminal stop (^Z) stop it. Call before nst_init_child_reset() (PID 1
 * ignores SIGTTOU, which tcsetpgrp() from the background would raise). */
int nst_init_child_foreground(void);

/* Reap and relay until pid ends; *ret_status is its wait status. Its stops and continues
 * go to report (see below; -EBADF for none). Returns 0 or -errno. */
int nst_init_loop(pid_t pid, int report, int *ret_status);

/*
 * The report channel. PID 1 can neither stop itself nor die by a signal of its own, and it
 * can't name the outer unshare, whose PID lies outside its namespace. So it reports the
 * program's stops, continues and final wait status through a pipe, and the outer process
 * stops or dies as the program did: its caller sees what running the program directly shows.
 *
 *   nst_init_channel(fds)           outer process, before forking what becomes PID 1; every
 *                                   report raises SIGCHLD in the outer process (F_SETSIG)
 *   PID 1: nst_init_loop(pid, fds[1], ...), nst_init_report_end(fds[1], status), exit
 *   outer: nst_init_read(fds[0], &state) on each SIGCHLD
 * Both ends are close-on-exec and non-blocking: a report that doesn't fit is dropped, and
 * PID 1 never blocks on it (the outer process then sees only PID 1's exit code).
 */
struct nst_init_state {
	bool stopped;		/* the last report was a stop, not yet answered */
	bool ended;		/* final is the program's wait status */
	int final;
};

int nst_init_channel(int fds[2]);
int nst_init_report_end(int report, int status);
/* Take every pending report into *state. Returns 0 or -errno. */
int nst_init_read(int fd, struct nst_init_state *state);

#endif
