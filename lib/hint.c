/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Probes that name the cause of an EPERM/EINVAL (run only after a failure). */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hint.h"
#include "macro.h"
#include "nsfs.h"
#include "parse.h"
#include "proc.h"

const char nst_hint_pid_without_fork[] =
	"--pid without --fork: the program's first child becomes PID 1 of the new namespace "
	"and later forks fail; add --fork (or --init)";

/* A sysctl as a number; -1 if it can't be read (the kernel lacks it). */
static long long read_sysctl(const char *path)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int64_t v;

	if (nst_read_file_at(AT_FDCWD, path, &buf, &len) < 0)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return nst_parse_s64(buf, &v) < 0 ? -1 : v;
}

static long long count_user_namespace_depth(void)
{
	/* nesting is limited to 32 levels: count our ancestors with NS_GET_PARENT */
	_cleanup_close_ int fd = nst_open(0, NST_USER);
	long long depth = 0;

	while (fd >= 0) {
		int parent = nst_fd_parent(fd);

		(void)close(fd);
		fd = parent;
		if (fd >= 0)
			depth++;
	}
	return depth;
}

static bool seccomp_filtered(void)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;

	if (nst_read_file_at(AT_FDCWD, "/proc/self/status", &buf, &len) < 0)
		return false;
	return strstr(buf, "\nSeccomp:\t2\n") != NULL;
}

/* 1 if our root is not the root of our mount namespace's init (only when that can be told) */
static bool chrooted(void)
{
	struct stat a, b;

	if (stat("/", &a) < 0 || stat("/proc/1/root/", &b) < 0)
		return false;
	return a.st_dev != b.st_dev || a.st_ino != b.st_ino;
}

const char *nst_hint_userns(int err)
{
	long long max = read_sysctl("/proc/sys/user/max_user_namespaces");

	if (read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return "unprivileged user namespaces are disabled by the sysctl "
		       "kernel.unprivileged_userns_clone=0 (enable: sysctl -w "
		       "kernel.unprivileged_userns_clone=1)";
	if (max == 0)
		return "user namespaces are disabled by the sysctl user.max_user_namespaces=0 "
		       "(raise it: sysctl -w user.max_user_namespaces=<n>)";
	if (err == -ENOSPC || err == -EUSERS) {
		if (count_user_namespace_depth() >= 32)
			return "user namespaces nest at most 32 levels deep";
		return "the limit user.max_user_namespaces (or max_user_namespaces of an "
		       "ancestor user namespace) is reached";
	}
	if (err == -EPERM) {
		if (seccomp_filtered())
			return "a seccomp filter (Seccomp: 2 in /proc/self/status) may refuse "
			       "unshare(2); containers often do";
		if (read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
			return nst_hint_apparmor();
		if (chrooted())
			return "the kernel refuses new user namespaces to chrooted processes";
	}
	return NULL;
}

const char *nst_hint_apparmor(void)
{
	if (read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") != 1)
		return NULL;
	return "AppArmor denies capabilities in unprivileged user namespaces "
	       "(kernel.apparmor_restrict_unprivileged_userns=1) to programs without a profile "
	       "that allows userns";
}

const char *nst_hint_setgroups(void)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;

	if (nst_read_file_at(AT_FDCWD, "/proc/self/setgroups", &buf, &len) < 0)
		return NULL;
	if (strncmp(buf, "deny", 4) != 0)
		return NULL;
	return "setgroups is denied in this user namespace (by -r, -c or --map-group); "
	       "map groups with --map-groups, or use --setgroups=allow";
}

const char *nst_hint_proc_mount(bool new_userns, bool new_pidns)
{
	_cleanup_free_ char *buf = NULL;
	char *line, *save = NULL;
	size_t len;

	if (new_userns && !new_pidns)
		return "proc can only be mounted by the owner of its pid namespace: add --pid "
		       "--fork to create one with the user namespace";
	if (nst_read_file_at(AT_FDCWD, "/proc/self/mountinfo", &buf, &len) < 0)
		return NULL;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char mp[4096], opts[256];

		if (sscanf(line, "%*u %*u %*s %*s %4095s %255s", mp, opts) != 2)
			continue;
		if (strncmp(mp, "/proc/", 6) == 0 ||
		    (strcmp(mp, "/proc") == 0 && strncmp(opts, "ro", 2) == 0 &&
		     (opts[2] == ',' || opts[2] == '\0')))
			return "the kernel refuses a new proc in a user namespace while parts of "
			       "/proc are overmounted or /proc is read-only (as in many containers)";
	}
	return NULL;
}

const char *nst_hint_shared_target(const char *path)
{
	if (nst_nsfs_target_shared(path) <= 0)
		return NULL;
	return "the target is on a shared mount; make its directory a private mount first, "
	       "e.g. mount --bind DIR DIR && mount --make-private DIR";
}

const char *nst_hint_need_userns(void)
{
	if (geteuid() == 0)
		return NULL;
	return "creating namespaces other than a user namespace needs CAP_SYS_ADMIN; "
	       "unprivileged, add --user (or -r) to create them inside a new user namespace";
}
