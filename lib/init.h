/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal PID 1 for a new pid namespace (unshare --init). */
#ifndef NST_INIT_H
#define NST_INIT_H

#include <signal.h>
#include <sys/types.h>

/*
 * Why: the kernel delivers to PID 1 of a pid namespace only the signals it has a handler
 * for, so a program running as PID 1 ignores a plain SIGTERM from the host; and orphans are
 * re-parented to PID 1, which a normal program never reaps. This init is PID 1 instead: it
 * forks the program, reaps every child and relays the signals of nst_relay_signals to it.
 *
 *   nst_init_setup(&old)        in PID 1, before forking the program
 *   fork(); child: nst_init_child_reset(&old), then exec
 *   nst_init_loop(pid, &status) until the program ended; then exit like it
 */

/* Handlers for the relayed signals (a default disposition would drop them in PID 1), those
 * and SIGCHLD blocked for a signalfd, TTIN/TTOU ignored. *ret_old gets the previous mask. */
int nst_init_setup(sigset_t *ret_old);

/* In the program's process: default dispositions and the old mask back. */
int nst_init_child_reset(const sigset_t *old);

/* Reap and relay until pid ends; *ret_status is its wait status. Returns 0 or -errno. */
int nst_init_loop(pid_t pid, int *ret_status);

#endif
