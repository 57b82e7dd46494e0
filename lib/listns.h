/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enumerating namespaces with listns() (Linux > 6.18), behind a run-time probe. */
#ifndef NST_LISTNS_H
#define NST_LISTNS_H

/*
 * Call cb(fd, ctx) for every namespace of the types in mask (nst_type bits) that listns()
 * reports and that the caller may open; fd is an O_CLOEXEC nsfs fd that cb borrows (closed
 * after cb returns). Namespaces that vanish or cannot be opened between listing and opening
 * are skipped. A negative return from cb stops the walk and is returned.
 * -ENOSYS (or another -errno from the first call) when the kernel has no listns() or no
 * lookup of namespaces by ID: the caller then relies on its other sources.
 */
int nst_listns_each(unsigned mask, int (*cb)(int fd, void *ctx), void *ctx);

#endif
