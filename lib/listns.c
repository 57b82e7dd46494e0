/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enumerating namespaces with listns() (Linux > 6.18), behind a run-time probe. */
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "listns.h"
#include "macro.h"
#include "ns.h"
#include "nsid.h"

#ifndef __NR_listns
#if defined(__alpha__)
#define __NR_listns 580
#else
#define __NR_listns 470		/* the generic number; every other architecture agrees */
#endif
#endif

/* The request as first published (size 32); later kernels accept it by its size field. */
struct listns_req {
	uint32_t size;
	uint32_t spare;
	uint64_t last_id;	/* 0 for the first page, then the last ID seen */
	uint32_t clone_types;	/* CLONE_NEW* bits; 0 = every type */
	uint32_t spare2;
	uint64_t owner_id;	/* 0 = namespaces of every owner the caller may see */
};

#define LISTNS_PAGE 256

int nst_listns_each(unsigned mask, int (*cb)(int fd, void *ctx), void *ctx)
{
	int clone_types = nst_mask_to_clone_flags(mask & NST_MASK_ALL);
	struct listns_req req = { .size = sizeof(req), .clone_types = (uint32_t)clone_types };
	uint64_t ids[LISTNS_PAGE];
	bool first = true;

	if (clone_types <= 0)
		return clone_types < 0 ? clone_types : 0;
	for (;;) {
		long n = syscall(__NR_listns, &req, ids, (size_t)LISTNS_PAGE, 0u);

		if (n < 0)	/* ENOSYS before Linux 6.19; later pages: keep what we have */
			return first ? nst_negerrno() : 0;
		for (long i = 0; i < n; i++) {
			enum nst_nsid_step step;
			_cleanup_close_ int fd = nst_open_nsid(ids[i], &step);

			if (fd < 0) {
				/* no lookup by ID at all (the probe in nst_open_nsid()) */
				if (step == NST_NSID_STEP_HANDLE)
					return fd;
				continue;	/* gone meanwhile, or not ours to open */
			}
			int r = cb(fd, ctx);
			if (r < 0)
				return r;
		}
		if (n < LISTNS_PAGE)
			return 0;
		req.last_id = ids[n - 1];
		first = false;
	}
}
