/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening a namespace by its 64-bit namespace ID (nsfs file handles, Linux > 6.18). */
#include <fcntl.h>
#include <string.h>

#include "macro.h"
#include "ns.h"
#include "nsid.h"

#ifndef AT_HANDLE_FID
#define AT_HANDLE_FID 0x200
#endif

/* The kernel's nsfs handle starts with the namespace ID; the rest may stay zero. */
#define NSFS_HANDLE_BYTES 16

int nst_open_nsid(uint64_t id, enum nst_nsid_step *reterr_step)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + 64];
	} h;
	_cleanup_close_ int self = -EBADF;
	int mount_id, fd;

	self = nst_open(0, NST_MNT);
	if (self < 0) {
		*reterr_step = NST_NSID_STEP_HANDLE;
		return self;
	}
	memset(&h, 0, sizeof(h));
	h.fh.handle_bytes = 64;
	if (name_to_handle_at(self, "", &h.fh, &mount_id, AT_EMPTY_PATH | AT_HANDLE_FID) < 0) {
		*reterr_step = NST_NSID_STEP_HANDLE;
		return nst_negerrno();
	}
	if (h.fh.handle_bytes < sizeof(id)) {
		*reterr_step = NST_NSID_STEP_HANDLE;
		return -EOPNOTSUPP;
	}
	/* The probe: our own namespace, by its ID alone (the rest of the handle zeroed, as for
	 * any other ID), must open again. Linux 6.18 hands out nsfs handles but finds a
	 * namespace only with its inode number in the handle too (ESTALE without), which would
	 * otherwise read as "no such namespace" for every ID. */
	memset(h.fh.f_handle + sizeof(id), 0, h.fh.handle_bytes - sizeof(id));
	fd = open_by_handle_at(self, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*reterr_step = NST_NSID_STEP_HANDLE;
		return nst_negerrno();
	}
	(void)close(fd);
	memset(h.fh.f_handle, 0, h.fh.handle_bytes);
	memcpy(h.fh.f_handle, &id, sizeof(id));
	fd = open_by_handle_at(self, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*reterr_step = NST_NSID_STEP_OPEN;
		return nst_negerrno();
	}
	return fd;
}
