/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening a namespace by its 64-bit namespace ID (nsfs file handles, Linux > 6.18). */
#ifndef NST_NSID_H
#define NST_NSID_H

#include <stdint.h>

enum nst_nsid_step {
	NST_NSID_STEP_HANDLE,		/* the kernel gives no nsfs file handle: no ID support */
	NST_NSID_STEP_OPEN,		/* no namespace of that ID, or no right to open it */
};

/*
 * Open the namespace whose ID is id. The handle template comes from name_to_handle_at() on
 * our own mount namespace fd (AT_HANDLE_FID), so no kernel-internal handle type is hardcoded.
 * The probe: that handle must open again; a kernel without handles or without lookup by ID
 * (6.18) fails it (NST_NSID_STEP_HANDLE). Returns an
 * O_CLOEXEC nsfs fd or -errno with *reterr_step.
 */
int nst_open_nsid(uint64_t id, enum nst_nsid_step *reterr_step);

#endif
