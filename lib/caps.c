/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Keeping capabilities across exec (unshare --keep-caps). */
#include <fcntl.h>
#include <linux/capability.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "macro.h"
#include "parse.h"
#include "proc.h"

/* The highest capability this kernel knows; the headers may be older or newer. */
static int last_cap(void)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	uint32_t v;

	if (nst_read_file_at(AT_FDCWD, "/proc/sys/kernel/cap_last_cap", &buf, &len) < 0)
		return CAP_LAST_CAP;
	buf[strcspn(buf, "\n")] = '\0';
	return nst_parse_u32_max(buf, 63, &v) < 0 ? CAP_LAST_CAP : (int)v;
}

int nst_caps_raise_ambient(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { 0 };	/* valgrind 3.19 sees only data[0] written */
	int last = last_cap();

	/* no libcap: two raw syscalls are all this needs */
	if (syscall(SYS_capget, &hdr, data) < 0)
		return nst_negerrno();
	/* the kernel raises an ambient capability only if it is permitted and inheritable */
	data[0].inheritable = data[0].permitted;
	data[1].inheritable = data[1].permitted;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return nst_negerrno();
	for (int cap = 0; cap <= last; cap++) {
		if (!(data[cap / 32].permitted & (1u << (cap % 32))))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return nst_negerrno();
	}
	return 0;
}
