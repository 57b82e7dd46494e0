/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Probes that name the cause of an EPERM/EINVAL (run only after a failure). */
#ifndef NST_HINT_H
#define NST_HINT_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Each probe returns a constant hint text (no prefix, no newline) when it finds its cause,
 * or NULL. They never print: the tools add "<prog>: hint: ". Probes read sysctls and /proc
 * only; a file that can't be read means "no hint", never an error.
 */

/* unshare(CLONE_NEWUSER) failed with err (-EPERM, -ENOSPC, -EUSERS): sysctls, limits,
 * nesting depth, seccomp. */
const char *nst_hint_userns(int err);

/* unshare(2) without a new user namespace failed with EPERM: we are not privileged. */
const char *nst_hint_need_userns(void);

/* EPERM on a map write or mount inside a new user namespace: AppArmor's restriction. */
const char *nst_hint_apparmor(void);

/* setgroups(2) or a setgroups write failed: /proc/self/setgroups says deny. */
const char *nst_hint_setgroups(void);

/* mount of proc refused with EPERM: in a new user namespace without a new pid namespace
 * (proc belongs to the pid namespace's owner), or parts of /proc are overmounted or it is
 * read-only. */
const char *nst_hint_proc_mount(bool new_userns, bool new_pidns);

/* EINVAL binding a namespace onto path: path is on a shared mount. */
const char *nst_hint_shared_target(const char *path);

/* unshare --pid without --fork (a warning, not a failure). */
extern const char nst_hint_pid_without_fork[];

#endif
