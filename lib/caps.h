/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Keeping capabilities across exec (unshare --keep-caps). */
#ifndef NST_CAPS_H
#define NST_CAPS_H

/*
 * Make every permitted capability inheritable and ambient. A non-root program keeps only its
 * ambient capabilities across execve(2); after unshare(CLONE_NEWUSER) the permitted set is
 * full in the new namespace, so this hands all of it on. Returns 0 or -errno (-EPERM from
 * capset or prctl).
 */
int nst_caps_raise_ambient(void);

#endif
