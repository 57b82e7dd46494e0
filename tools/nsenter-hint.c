/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nsenter: hints that name the cause of a failure (REFERENCE 7.7). */
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "nsenter.h"

void nsenter_enter_hints(int r, int type, pid_t target, const struct nst_set *set, int procdir)
{
	struct nst_id a, b;

	if (type == NST_TIME && nst_kernel_has(NST_TIME) == 0) {
		cli_hint("the kernel lacks time namespaces");
		return;
	}
	if (r == -EACCES && type >= 0) {
		/* no pidfd: the /proc/PID/ns files are opened, which is ptrace's check */
		cli_hint("opening another user's /proc/PID/ns files needs ptrace access "
			     "to the process; run as its owner or as root");
		return;
	}
	if (r != -EPERM && r != -EINVAL)
		return;
	if (type == NST_USER && target && nst_pid_id(target, NST_USER, false, &a) >= 0 &&
	    nst_pid_id(0, NST_USER, false, &b) >= 0 && nst_id_equal(&a, &b)) {
		cli_hint("the target is in our own user namespace, which cannot be entered "
			     "again; drop --user");
		return;
	}
	if (type == NST_PID && target &&
	    nst_pid_id(target, NST_PID, false, &a) >= 0 &&
	    nst_pid_id(target, NST_PID, true, &b) >= 0 && !nst_id_equal(&a, &b))
		cli_hint("the target's pid and pid_for_children namespaces differ (it "
			     "unshared a pid namespace without forking); "
			     "--pid=/proc/%d/ns/pid_for_children enters the new one", (int)target);
	if (r == -EPERM && type >= 0 && nst_have_cap(CAP_SYS_ADMIN) <= 0) {
		_cleanup_close_ int own = -EBADF, userns = -EBADF;
		int fd = set->fd[type];
		uid_t uid;

		if (fd < 0 && procdir >= 0)
			fd = own = nst_open_at(procdir, (enum nst_type)type, false);
		if (fd >= 0)
			userns = type == NST_USER ? -EBADF : nst_fd_owner(fd);
		if (fd >= 0 && nst_fd_owner_uid(type == NST_USER ? fd : userns, &uid) >= 0 &&
		    uid != geteuid())
			cli_hint("the target is in a user namespace you don't own (owner "
				     "uid %u); run as root or as uid %u", (unsigned)uid,
				     (unsigned)uid);
		else
			cli_hint("entering a %s namespace needs CAP_SYS_ADMIN in the user "
				     "namespace that owns it; add --user if you own that one, or "
				     "run as root", nst_type_info((enum nst_type)type)->desc);
	}
}
