/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What nsenter.c shares with nsenter-fork.c (the fork parent) and nsenter-hint.c (hints). */
#ifndef NST_NSENTER_H
#define NST_NSENTER_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "macro.h"
#include "ns.h"
#include "pty.h"

/*
 * Entering failed with r (-errno) on namespace type (-EINVAL if that is unknown): print the
 * hints of REFERENCE 7.7 that the probes find, run only now. target is the --target pid (0 if
 * none); set the namespaces we tried; procdir the target's /proc/PID fd, known to belong to the
 * pinned process (-EBADF if none).
 */
void nsenter_enter_hints(int r, int type, pid_t target, const struct nst_set *set, int procdir);

/*
 * The fork parent (REFERENCE 1.4), for child: wait for it, follow its stops, then exit like it
 * (cli_exit_like()); never returns. With forward_signals or pty, the signals in blocked (the
 * relayed ones and SIGCHLD, blocked since before the fork) come in through a signalfd and are
 * relayed to the child (forward_signals), and pty (NULL without --pty) is proxied. The caller
 * has closed everything it opened of the target.
 */
_noreturn_ void nsenter_parent(pid_t child, bool forward_signals, struct nst_pty *pty,
			       const sigset_t *blocked);

#endif
