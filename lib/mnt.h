/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Mount operations used after creating a mount namespace: propagation and proc. */
#ifndef NST_MNT_H
#define NST_MNT_H

enum nst_propagation {
	NST_PROP_PRIVATE,
	NST_PROP_SLAVE,
	NST_PROP_SHARED,
	NST_PROP_UNCHANGED,
	_NST_PROP_MAX,
	_NST_PROP_INVALID = -22,	/* -EINVAL */
};

/* "private", "slave", "shared", "unchanged" -> mode; else -EINVAL. */
enum nst_propagation nst_propagation_from_name(const char *name);
const char *nst_propagation_name(enum nst_propagation mode);
/* Set the propagation of every mount below path (recursively); UNCHANGED does nothing. */
int nst_set_propagation(const char *path, enum nst_propagation mode);
/* Mount a fresh proc at dir, nosuid,noexec,nodev. */
int nst_mount_proc(const char *dir);

#endif
