/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/scan.c: the /proc walk on a fixture tree built at test time (the real
 * /proc: test-scan-live.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "scan.h"
#include "scan-internal.h"
#include "unit.h"

/*
 * The fixture mimics /proc. Real ns/<type> entries are magic links to nsfs inodes; here they
 * are symlinks to plain files under nsfs/, named like the link text of a real one. The scan
 * follows them with fstatat(), so a "namespace" is the inode of its target file, which the
 * tests read back with stat() instead of trusting the names.
 *
 *   pid  net    uts    user   ipc      other
 *   1    netA   utsA   userA  netA's   stat, cmdline "/sbin/init\0splash\0"
 *   42   netA   uts42  -      -        comm only; stat with ") S" inside comm
 *   100  netB   utsA   userA  -        directory owned by 65534
 *   7    (no ns/ at all: a process that exited mid-walk)
 *   8    (a regular file), 007, 0, 1x, 4294967296, self -> 42, sys/: not processes
 */
static char root[PATH_MAX];

static void path_of(char *buf, size_t size, const char *rel)
{
	ck_assert_int_lt(snprintf(buf, size, "%s/%s", root, rel), (int)size);
}

static void mkdir_rel(const char *rel)
{
	char p[PATH_MAX];

	path_of(p, sizeof(p), rel);
	ck_assert_msg(mkdir(p, 0755) == 0, "mkdir %s: %m", p);
}

static void write_rel(const char *rel, const char *data, size_t len)
{
	char p[PATH_MAX];
	int fd;

	path_of(p, sizeof(p), rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_msg(fd >= 0, "open %s: %m", p);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

static void write_str(const char *rel, const char *s)
{
	write_rel(rel, s, strlen(s));
}

static void link_rel(const char *target, const char *rel)
{
	char p[PATH_MAX];

	path_of(p, sizeof(p), rel);
	ck_assert_msg(symlink(target, p) == 0, "symlink %s: %m", p);
}

static uint64_t ino_rel(const char *rel)
{
	char p[PATH_MAX];
	struct stat st;

	path_of(p, sizeof(p), rel);
	ck_assert_int_eq(stat(p, &st), 0);
	return st.st_ino;
}

/* A process directory with ns/ links to the given nsfs/ targets (NULL ends the list). */
static void add_proc(const char *pid, ...)
{
	char rel[PATH_MAX], target[PATH_MAX];
	va_list ap;
	const char *type, *file;

	mkdir_rel(pid);
	snprintf(rel, sizeof(rel), "%s/ns", pid);
	mkdir_rel(rel);
	va_start(ap, pid);
	while ((type = va_arg(ap, const char *))) {
		file = va_arg(ap, const char *);
		snprintf(rel, sizeof(rel), "%s/ns/%s", pid, type);
		snprintf(target, sizeof(target), "../../nsfs/%s", file);
		link_rel(target, rel);
	}
	va_end(ap);
}

static void fixture_setup(void)
{
	static const char *targets[] = {
		"net:[4026531840]", "net:[4026532100]", "uts:[4026531838]",
		"uts:[4026532042]", "user:[4026531837]",
	};
	static const char cmdline1[] = "/sbin/init\0splash\0";
	char p[PATH_MAX];

	ck_assert_int_lt(snprintf(root, sizeof(root), "%s/nst-scan.XXXXXX",
				  getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp"),
			 (int)sizeof(root));
	ck_assert_ptr_nonnull(mkdtemp(root));
	ck_assert_int_eq(chmod(root, 0755), 0);
	mkdir_rel("nsfs");
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		snprintf(p, sizeof(p), "nsfs/%s", targets[i]);
		write_rel(p, "", 0);
	}

	add_proc("1", "net", "net:[4026531840]", "uts", "uts:[4026531838]", "user",
		 "user:[4026531837]", "ipc", "net:[4026531840]", NULL);
	write_str("1/stat", "1 (init) S 0 1 1 0 -1 4194560\n");
	write_rel("1/cmdline", cmdline1, sizeof(cmdline1) - 1);
	write_str("1/comm", "init\n");

	add_proc("42", "net", "net:[4026531840]", "uts", "uts:[4026532042]", NULL);
	write_str("42/stat", "42 (odd) S 7) S 1 42 42 0\n");
	write_str("42/cmdline", "");
	write_str("42/comm", "worker\n");

	add_proc("100", "net", "net:[4026532100]", "uts", "uts:[4026531838]", "user",
		 "user:[4026531837]", NULL);
	write_str("100/stat", "100 (x) R 42 100 100 0\n");
	write_rel("100/cmdline", "sleep\0" "30", 8);
	path_of(p, sizeof(p), "100");
	if (geteuid() == 0)
		ck_assert_int_eq(chown(p, 65534, 65534), 0);

	mkdir_rel("7");
	write_rel("8", "", 0);
	add_proc("007", "net", "net:[4026531840]", NULL);
	add_proc("0", "net", "net:[4026531840]", NULL);
	add_proc("1x", "net", "net:[4026531840]", NULL);
	add_proc("4294967296", "net", "net:[4026531840]", NULL);
	add_proc("sys", "net", "net:[4026531840]", NULL);
	link_rel("42", "self");
}

static void fixture_teardown(void)
{
	char cmd[PATH_MAX + 16];

	/* root is ours (mkdtemp) and contains no spaces or quotes */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	(void)system(cmd);
}

static int scan_fixture(struct nst_scan *scan, unsigned mask)
{
	nst_scan_init(scan);
	return nst_scan_run(scan, root, mask);
}

static const struct nst_scan_ns *ns_of(const struct nst_scan *scan, enum nst_type type,
				       const char *target)
{
	char rel[PATH_MAX];
	int idx;

	snprintf(rel, sizeof(rel), "nsfs/%s", target);
	idx = nst_scan_find(scan, type, ino_rel(rel));
	ck_assert_msg(idx >= 0, "%s not found", target);
	return &scan->ns[idx];
}

static void assert_members(const struct nst_scan *scan, const struct nst_scan_ns *ns,
			   const pid_t *want, size_t n_want)
{
	size_t n;
	const uint32_t *m = nst_scan_members(scan, (size_t)(ns - scan->ns), &n);

	ck_assert_uint_eq(n, n_want);
	ck_assert_uint_eq(ns->nprocs, n_want);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(scan->procs[m[i]].pid, want[i]);
}

START_TEST(groups_by_inode)
{
	struct nst_scan scan;
	const struct nst_scan_ns *ns;

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);

	ns = ns_of(&scan, NST_NET, "net:[4026531840]");
	assert_members(&scan, ns, (pid_t[]){ 1, 42 }, 2);
	ck_assert_int_eq(ns->pid, 1);
	ck_assert_uint_eq(ns->ino, ino_rel("1/ns/net"));

	ns = ns_of(&scan, NST_NET, "net:[4026532100]");
	assert_members(&scan, ns, (pid_t[]){ 100 }, 1);
	ck_assert_int_eq(ns->pid, 100);

	ns = ns_of(&scan, NST_UTS, "uts:[4026531838]");
	assert_members(&scan, ns, (pid_t[]){ 1, 100 }, 2);
	ck_assert_int_eq(ns->pid, 1);

	ns = ns_of(&scan, NST_UTS, "uts:[4026532042]");
	assert_members(&scan, ns, (pid_t[]){ 42 }, 1);

	/* 42 has no ns/user: it is simply not counted there */
	ns = ns_of(&scan, NST_USER, "user:[4026531837]");
	assert_members(&scan, ns, (pid_t[]){ 1, 100 }, 2);

	/* netA, netB, utsA, uts42, userA, and ipc (same file as netA, other type) */
	ck_assert_uint_eq(scan.n_ns, 6);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(key_is_type_and_inode)
{
	struct nst_scan scan;
	const struct nst_scan_ns *net, *ipc;

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	/* pid 1's ns/ipc and ns/net are the same inode: still two namespaces */
	net = ns_of(&scan, NST_NET, "net:[4026531840]");
	ipc = ns_of(&scan, NST_IPC, "net:[4026531840]");
	ck_assert_ptr_ne(net, ipc);
	ck_assert_uint_eq(net->ino, ipc->ino);
	ck_assert_uint_eq(net->nprocs, 2);
	ck_assert_uint_eq(ipc->nprocs, 1);
	ck_assert_int_eq(scan.procs[nst_scan_find_proc(&scan, 1)].ns[NST_IPC],
			 (int)(ipc - scan.ns));
	ck_assert_int_ge(nst_scan_find_ino(&scan, net->ino), 0);
	ck_assert_int_eq(nst_scan_find(&scan, NST_MNT, net->ino), -ENOENT);
	ck_assert_int_eq(nst_scan_find_ino(&scan, 1), -ENOENT);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(skips_what_is_not_a_process)
{
	struct nst_scan scan;

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	/* 7 (vanished), 8 (file), 007, 0, 1x, 4294967296, sys, self: none of them counts */
	ck_assert_uint_eq(scan.n_procs, 3);
	ck_assert_int_eq(scan.procs[0].pid, 1);
	ck_assert_int_eq(scan.procs[1].pid, 42);
	ck_assert_int_eq(scan.procs[2].pid, 100);
	ck_assert_int_eq(nst_scan_find_proc(&scan, 7), -ENOENT);
	ck_assert_int_eq(nst_scan_find_proc(&scan, 8), -ENOENT);
	ck_assert_int_eq(nst_scan_find_proc(&scan, 0), -ENOENT);
	ck_assert_int_eq(nst_scan_find_proc(&scan, 2), -ENOENT);
	ck_assert_int_eq(nst_scan_find_proc(&scan, 101), -ENOENT);
	ck_assert_int_eq(ns_of(&scan, NST_NET, "net:[4026531840]")->nprocs, 2);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(owner_uid_of_lowest_pid)
{
	struct nst_scan scan;

	if (geteuid() != 0)
		return;	/* the fixture could not chown "100" */
	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	ck_assert_uint_eq(ns_of(&scan, NST_NET, "net:[4026532100]")->uid, 65534);
	ck_assert_uint_eq(ns_of(&scan, NST_UTS, "uts:[4026531838]")->uid, 0);
	ck_assert_uint_eq(scan.procs[nst_scan_find_proc(&scan, 100)].uid, 65534);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(mask_limits_the_walk)
{
	struct nst_scan scan;
	char rel[] = "nsfs/net:[4026531840]";

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK(NST_UTS)), 0);
	ck_assert_uint_eq(scan.n_ns, 2);
	ck_assert_int_eq(nst_scan_find(&scan, NST_NET, ino_rel(rel)), -ENOENT);
	for (size_t i = 0; i < scan.n_procs; i++)
		ck_assert_uint_eq(scan.procs[i].ns[NST_NET], NST_SCAN_NONE);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(sorted_by_inode)
{
	struct nst_scan scan;

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	for (size_t i = 1; i < scan.n_ns; i++)
		ck_assert(scan.ns[i - 1].ino < scan.ns[i].ino ||
			  (scan.ns[i - 1].ino == scan.ns[i].ino &&
			   scan.ns[i - 1].type < scan.ns[i].type));
	/* every namespace's index points back at itself after the sort */
	for (size_t i = 0; i < scan.n_ns; i++)
		ck_assert_int_eq(nst_scan_find(&scan, scan.ns[i].type, scan.ns[i].ino), (int)i);
	nst_scan_done(&scan);
}
END_TEST

/* Runs in a child that may have dropped privileges: exit code 0 = as expected. */
static int scan_without_200(void)
{
	struct nst_scan scan;
	char rel[] = "nsfs/net:[4026532100]";
	int r = 0, idx;

	if (scan_fixture(&scan, NST_MASK_ALL) != 0)
		return 1;
	idx = nst_scan_find(&scan, NST_NET, ino_rel(rel));
	if (nst_scan_find_proc(&scan, 200) != -ENOENT)
		r = 2;
	else if (idx < 0 || scan.ns[idx].nprocs != 1)
		r = 3;
	else if (scan.n_procs != 3)
		r = 4;
	nst_scan_done(&scan);
	return r;
}

START_TEST(unreadable_process_is_skipped)
{
	char p[PATH_MAX];
	int status;
	pid_t child;

	add_proc("200", "net", "net:[4026532100]", NULL);
	path_of(p, sizeof(p), "200");
	ck_assert_int_eq(chmod(p, 0), 0);
	/* Root reads through permissions: scan as nobody, as lsns run by a user would. In a
	 * child, so that the teardown still runs with our credentials. */
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		if (geteuid() == 0 &&
		    (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0))
			_exit(10);
		_exit(scan_without_200());
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_int_eq(chmod(p, 0755), 0);	/* so that the teardown can remove it */
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
}
END_TEST

START_TEST(bad_arguments)
{
	struct nst_scan scan;

	nst_scan_init(&scan);
	ck_assert_int_eq(nst_scan_run(&scan, root, 0), -EINVAL);
	ck_assert_int_eq(nst_scan_run(&scan, root, NST_MASK_ALL + 1), -EINVAL);
	ck_assert_int_eq(nst_scan_run(&scan, root, NST_MASK_ALL), 0);
	ck_assert_int_eq(nst_scan_run(&scan, root, NST_MASK_ALL), -EINVAL);	/* once */
	nst_scan_done(&scan);
	nst_scan_done(&scan);	/* idempotent */

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	nst_scan_done(&scan);
	nst_scan_init(&scan);
	ck_assert_int_eq(nst_scan_run(&scan, "/nonexistent/nstools", NST_MASK_ALL), -ENOENT);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(stat_and_command)
{
	struct nst_scan scan;
	char *cmd = NULL;
	pid_t ppid = -1;

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	ck_assert_int_eq(nst_scan_read_ppid(&scan, 1, &ppid), 0);
	ck_assert_int_eq(ppid, 0);
	ck_assert_int_eq(nst_scan_read_ppid(&scan, 42, &ppid), 0);
	ck_assert_int_eq(ppid, 1);
	ck_assert_int_eq(nst_scan_read_ppid(&scan, 100, &ppid), 0);
	ck_assert_int_eq(ppid, 42);
	ck_assert_int_eq(nst_scan_read_ppid(&scan, 7, &ppid), -ENOENT);

	ck_assert_int_eq(nst_scan_read_command(&scan, 1, &cmd), 0);
	ck_assert_str_eq(cmd, "/sbin/init splash");
	free(cmd);
	ck_assert_int_eq(nst_scan_read_command(&scan, 42, &cmd), 0);
	ck_assert_str_eq(cmd, "worker");
	free(cmd);
	/* no trailing NUL: nothing is cut off */
	ck_assert_int_eq(nst_scan_read_command(&scan, 100, &cmd), 0);
	ck_assert_str_eq(cmd, "sleep 30");
	free(cmd);
	ck_assert_int_eq(nst_scan_read_command(&scan, 7, &cmd), -ENOENT);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(parse_stat)
{
	pid_t p = -1;

	ck_assert_int_eq(nst_scan_parse_stat_ppid("5 (a) S 3 5 5", &p), 0);
	ck_assert_int_eq(p, 3);
	ck_assert_int_eq(nst_scan_parse_stat_ppid("5 (a) b) c) Z 17\n", &p), 0);
	ck_assert_int_eq(p, 17);
	ck_assert_int_eq(nst_scan_parse_stat_ppid("5 ( ) S 0", &p), 0);
	ck_assert_int_eq(p, 0);
	ck_assert_int_eq(nst_scan_parse_stat_ppid("5 (a) S", &p), -EINVAL);
	ck_assert_int_eq(nst_scan_parse_stat_ppid("5 (a) S x", &p), -EINVAL);
	ck_assert_int_eq(nst_scan_parse_stat_ppid("5 (a) S 3x", &p), -EINVAL);
	ck_assert_int_eq(nst_scan_parse_stat_ppid("5 (a) S 99999999999", &p), -EINVAL);
	ck_assert_int_eq(nst_scan_parse_stat_ppid("5 a S 3", &p), -EINVAL);
	ck_assert_int_eq(nst_scan_parse_stat_ppid("", &p), -EINVAL);
	ck_assert_int_eq(nst_scan_parse_stat_ppid(NULL, &p), -EINVAL);
	ck_assert_int_eq(p, 0);
}
END_TEST

START_TEST(facts_need_nsfs)
{
	struct nst_scan scan;
	const struct nst_scan_facts *f = NULL;
	const char *what = NULL;
	int idx;

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	/* plain files answer the NS_GET_* ioctls with ENOTTY, and the tool learns which one */
	idx = (int)(ns_of(&scan, NST_NET, "net:[4026531840]") - scan.ns);
	ck_assert_int_eq(nst_scan_facts(&scan, (size_t)idx, &f, &what), -ENOTTY);
	ck_assert_str_eq(what, "NS_GET_USERNS");
	ck_assert_ptr_null(f);
	/* cached: the same answer without asking again */
	what = NULL;
	ck_assert_int_eq(nst_scan_facts(&scan, (size_t)idx, &f, &what), -ENOTTY);
	ck_assert_str_eq(what, "NS_GET_USERNS");
	idx = (int)(ns_of(&scan, NST_USER, "user:[4026531837]") - scan.ns);
	ck_assert_int_eq(nst_scan_facts(&scan, (size_t)idx, &f, &what), -ENOTTY);
	ck_assert_str_eq(what, "NS_GET_PARENT");
	ck_assert_int_eq(nst_scan_facts(&scan, scan.n_ns, &f, NULL), -EINVAL);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(nsfs_mounts)
{
	struct nst_scan scan;
	char mi[1024], *paths = NULL;
	uint64_t a = ino_rel("nsfs/net:[4026531840]"), b = ino_rel("nsfs/net:[4026532100]");
	int len, ia, ib, iu;

	/* self -> 42, so this is the fixture's self/mountinfo */
	len = snprintf(mi, sizeof(mi),
		       "22 1 0:21 / /proc rw - proc proc rw\n"
		       "600 22 0:4 net:[%llu] /run/netns/a rw - nsfs nsfs rw\n"
		       "601 22 0:4 net:[%llu] /run/netns/with\\040space rw - nsfs nsfs rw\n"
		       "602 22 0:4 net:[%llu] /run/netns/a rw - nsfs nsfs rw\n"
		       "603 22 0:4 uts:[%llu] /run/uts rw - nsfs nsfs rw\n"
		       "604 22 0:4 net:[%llu] /elsewhere rw - tmpfs tmpfs rw\n",
		       (unsigned long long)a, (unsigned long long)a, (unsigned long long)a,
		       (unsigned long long)b, (unsigned long long)b);
	write_rel("42/mountinfo", mi, (size_t)len);

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	ia = (int)(ns_of(&scan, NST_NET, "net:[4026531840]") - scan.ns);
	ib = (int)(ns_of(&scan, NST_NET, "net:[4026532100]") - scan.ns);
	iu = (int)(ns_of(&scan, NST_UTS, "uts:[4026532042]") - scan.ns);
	ck_assert_int_eq(nst_scan_nsfs_paths(&scan, (size_t)ia, ',', &paths), 0);
	ck_assert_str_eq(paths, "/run/netns/a,/run/netns/with space");
	free(paths);
	/* the uts mount names netB's inode but another type; tmpfs is not nsfs */
	ck_assert_int_eq(nst_scan_nsfs_paths(&scan, (size_t)ib, ',', &paths), 0);
	ck_assert_ptr_null(paths);
	ck_assert_int_eq(nst_scan_nsfs_paths(&scan, (size_t)iu, '\n', &paths), 0);
	ck_assert_ptr_null(paths);
	nst_scan_done(&scan);

	ck_assert_int_eq(unlink(strcat(strcpy(mi, root), "/42/mountinfo")), 0);
	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	ck_assert_int_eq(nst_scan_nsfs_paths(&scan, (size_t)ia, ',', &paths), -ENOENT);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(many_processes)
{
	enum { NPROC = 3000, NNET = 700 };
	struct nst_scan scan;
	char rel[64], target[64];

	mkdir_rel("big");
	mkdir_rel("big/nsfs");
	for (int i = 0; i < NNET; i++) {
		snprintf(rel, sizeof(rel), "big/nsfs/net:[%d]", i);
		write_rel(rel, "", 0);
	}
	write_rel("big/nsfs/uts", "", 0);
	/* pids 1000..3999 in reverse creation order, net ns = pid % NNET */
	for (int pid = 1000 + NPROC - 1; pid >= 1000; pid--) {
		snprintf(rel, sizeof(rel), "big/%d", pid);
		mkdir_rel(rel);
		snprintf(rel, sizeof(rel), "big/%d/ns", pid);
		mkdir_rel(rel);
		snprintf(rel, sizeof(rel), "big/%d/ns/net", pid);
		snprintf(target, sizeof(target), "../../nsfs/net:[%d]", pid % NNET);
		link_rel(target, rel);
		snprintf(rel, sizeof(rel), "big/%d/ns/uts", pid);
		link_rel("../../nsfs/uts", rel);
	}
	strcat(root, "/big");
	ck_assert_int_eq(scan_fixture(&scan, NST_MASK(NST_NET) | NST_MASK(NST_UTS)), 0);
	root[strlen(root) - 4] = '\0';
	ck_assert_uint_eq(scan.n_procs, NPROC);
	ck_assert_uint_eq(scan.n_ns, NNET + 1);
	for (int i = 0; i < NNET; i++) {
		const struct nst_scan_ns *ns;
		const uint32_t *m;
		size_t n;
		int first = 1000 + ((i - 1000 % NNET) % NNET + NNET) % NNET;

		snprintf(rel, sizeof(rel), "big/nsfs/net:[%d]", i);
		ns = &scan.ns[nst_scan_find(&scan, NST_NET, ino_rel(rel))];
		ck_assert_int_eq(ns->pid, first);
		m = nst_scan_members(&scan, (size_t)(ns - scan.ns), &n);
		ck_assert_uint_eq(n, ns->nprocs);
		ck_assert_uint_ge(n, NPROC / NNET);
		for (size_t k = 0; k < n; k++) {
			ck_assert_int_eq(scan.procs[m[k]].pid % NNET, i);
			if (k)
				ck_assert_int_lt(scan.procs[m[k - 1]].pid, scan.procs[m[k]].pid);
		}
	}
	ck_assert_uint_eq(scan.ns[nst_scan_find(&scan, NST_UTS, ino_rel("big/nsfs/uts"))].nprocs,
			  NPROC);
	nst_scan_done(&scan);
}
END_TEST

/* Sources beyond the process walk, on the fixture: a thread in a uts namespace of its own, a
 * pending pid_for_children, an nsfs fd (classified by its link text alone, never opened). */
START_TEST(discovers_threads_children_fds)
{
	const unsigned sources = (1u << NST_SCAN_PROCESS) | (1u << NST_SCAN_THREAD) |
				 (1u << NST_SCAN_CHILDREN) | (1u << NST_SCAN_FD);
	struct nst_scan scan;
	const struct nst_scan_ns *ns;
	char want[PATH_MAX + 64];
	int idx;

	write_rel("nsfs/uts:[4026532999]", "", 0);
	write_rel("nsfs/pid:[4026533000]", "", 0);
	mkdir_rel("1/task");
	mkdir_rel("1/task/1");
	mkdir_rel("1/task/1/ns");
	link_rel("../../../../nsfs/uts:[4026531838]", "1/task/1/ns/uts");
	mkdir_rel("1/task/5");
	mkdir_rel("1/task/5/ns");
	link_rel("../../../../nsfs/uts:[4026532999]", "1/task/5/ns/uts");
	link_rel("../../../../nsfs/net:[4026531840]", "1/task/5/ns/net");
	link_rel("../../nsfs/pid:[4026533000]", "100/ns/pid_for_children");
	mkdir_rel("100/fd");
	link_rel("net:[4026533001]", "100/fd/3");
	link_rel("/dev/null", "100/fd/0");
	link_rel("mnt:[4026533002]", "100/fd/4");
	/* 42 is "self": what lsns holds open itself is no holder */
	mkdir_rel("42/fd");
	link_rel("net:[4026533003]", "42/fd/3");

	nst_scan_init(&scan);
	ck_assert_int_eq(nst_scan_run_sources(&scan, root, NST_MASK_ALL & ~NST_MASK(NST_MNT),
					      sources), 0);

	ns = ns_of(&scan, NST_UTS, "uts:[4026532999]");
	ck_assert_uint_eq(ns->nprocs, 0);
	ck_assert_uint_eq(ns->holders, 1u << NST_SCAN_THREAD);
	ck_assert_int_eq(ns->hold_pid, 1);
	snprintf(want, sizeof(want), "%s/1/task/5/ns/uts", root);
	ck_assert_str_eq(ns->path, want);
	/* the thread's net namespace is its process's: nothing new */
	ns = ns_of(&scan, NST_NET, "net:[4026531840]");
	ck_assert_uint_eq(ns->holders, 1u << NST_SCAN_PROCESS);
	ck_assert_uint_eq(ns->nprocs, 2);

	ns = ns_of(&scan, NST_PID, "pid:[4026533000]");
	ck_assert_uint_eq(ns->nprocs, 0);
	ck_assert_uint_eq(ns->holders, 1u << NST_SCAN_CHILDREN);
	snprintf(want, sizeof(want), "%s/100/ns/pid_for_children", root);
	ck_assert_str_eq(ns->path, want);

	idx = nst_scan_find(&scan, NST_NET, 4026533001);
	ck_assert_int_ge(idx, 0);
	ns = &scan.ns[idx];
	ck_assert_uint_eq(ns->holders, 1u << NST_SCAN_FD);
	ck_assert_int_eq(ns->hold_pid, 100);
	ck_assert_ptr_null(ns->path);
	ck_assert_str_eq(ns->open_path, "100/fd/3");
	/* a type not asked for, and our own fds, are left out */
	ck_assert_int_eq(nst_scan_find(&scan, NST_MNT, 4026533002), -ENOENT);
	ck_assert_int_eq(nst_scan_find(&scan, NST_NET, 4026533003), -ENOENT);
	/* sorted by inode, processless ones included */
	for (size_t i = 1; i < scan.n_ns; i++)
		ck_assert_uint_le(scan.ns[i - 1].ino, scan.ns[i].ino);
	nst_scan_done(&scan);

	/* without the sources, none of them */
	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	ck_assert_int_eq(nst_scan_find(&scan, NST_NET, 4026533001), -ENOENT);
	for (size_t i = 0; i < scan.n_ns; i++)
		ck_assert_uint_ne(scan.ns[i].nprocs, 0);
	nst_scan_done(&scan);
}
END_TEST

/* Real ns/ links carry the namespace in their text ("net:[N]", the target itself does not
 * exist); the walk takes the inode from the text, the device from self/ns/. */
START_TEST(link_text_names_the_namespace)
{
	struct nst_scan scan;
	const struct nst_scan_ns *ns;
	int idx;

	mkdir_rel("300");
	mkdir_rel("300/ns");
	link_rel("net:[4026539000]", "300/ns/net");
	link_rel("uts:[4026539001]", "300/ns/uts");
	/* text of another type or form: followed instead, and a dangling one is skipped */
	link_rel("net:[4026539002]", "300/ns/ipc");
	link_rel("net:[40265x]", "300/ns/user");
	mkdir_rel("301");
	mkdir_rel("301/ns");
	link_rel("net:[4026539000]", "301/ns/net");

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	idx = nst_scan_find(&scan, NST_NET, 4026539000);
	ck_assert_int_ge(idx, 0);
	ns = &scan.ns[idx];
	assert_members(&scan, ns, (pid_t[]){ 300, 301 }, 2);
	ck_assert_uint_eq(ns->dev, scan.nsfs_dev);
	ck_assert_uint_ne(scan.nsfs_dev, 0);
	ck_assert_int_ge(nst_scan_find(&scan, NST_UTS, 4026539001), 0);
	ck_assert_int_eq(nst_scan_find(&scan, NST_IPC, 4026539002), -ENOENT);
	ck_assert_int_eq(nst_scan_find(&scan, NST_NET, 4026539002), -ENOENT);
	ck_assert_uint_eq(scan.procs[nst_scan_find_proc(&scan, 300)].ns[NST_IPC], NST_SCAN_NONE);
	ck_assert_uint_eq(scan.procs[nst_scan_find_proc(&scan, 300)].ns[NST_USER], NST_SCAN_NONE);
	nst_scan_done(&scan);
}
END_TEST

/* nsfs mounts in the mountinfo of another mount namespace (pid 100's; 1 and 42 share ours,
 * as self -> 42), seen through PID/root. */
START_TEST(foreign_mounts)
{
	const unsigned sources = (1u << NST_SCAN_PROCESS) | (1u << NST_SCAN_BIND_FOREIGN);
	struct nst_scan scan;
	const struct nst_scan_ns *ns;
	char mi[2048], p[PATH_MAX], want[PATH_MAX + 64];
	unsigned long long a = ino_rel("nsfs/net:[4026531840]"), g;
	int len;

	write_rel("nsfs/mnt:[4026531841]", "", 0);
	write_rel("nsfs/mnt:[4026531842]", "", 0);
	write_rel("nsfs/gone", "", 0);
	g = ino_rel("nsfs/gone");
	link_rel("../../nsfs/mnt:[4026531841]", "1/ns/mnt");
	link_rel("../../nsfs/mnt:[4026531841]", "42/ns/mnt");
	link_rel("../../nsfs/mnt:[4026531842]", "100/ns/mnt");
	/* 100's root is the fixture itself, so its mount points are fixture paths */
	path_of(p, sizeof(p), "");
	link_rel(p, "100/root");
	len = snprintf(mi, sizeof(mi),
		       "1 0 0:1 / / rw - ext4 /dev/x rw\n"
		       "600 1 0:4 net:[%llu] /nsfs/net:[4026531840] rw shared:5 - nsfs nsfs rw\n"
		       "601 1 0:4 net:[%llu] /nsfs/gone\\040(deleted) rw - nsfs nsfs rw\n"
		       "602 1 0:4 net:[%llu] /nsfs/net:[4026532100] rw - nsfs nsfs rw\n"
		       "603 1 0:4 net:[%llu] /x rw - tmpfs nsfs rw\n"
		       "garbage\n",
		       a, g, a, a);
	write_rel("100/mountinfo", mi, (size_t)len);

	nst_scan_init(&scan);
	ck_assert_int_eq(nst_scan_run_sources(&scan, root, NST_MASK_ALL, sources), 0);
	ck_assert_uint_eq(ns_of(&scan, NST_NET, "net:[4026531840]")->holders,
			  (1u << NST_SCAN_PROCESS) | (1u << NST_SCAN_BIND_FOREIGN));
	/* a mount point whose inode is another one's (overmounted) is not taken */
	ck_assert_uint_eq(ns_of(&scan, NST_NET, "net:[4026532100]")->holders,
			  1u << NST_SCAN_PROCESS);
	/* the " (deleted)" suffix of an unlinked mount point is dropped */
	ns = ns_of(&scan, NST_NET, "gone");
	ck_assert_uint_eq(ns->holders, 1u << NST_SCAN_BIND_FOREIGN);
	ck_assert_uint_eq(ns->nprocs, 0);
	snprintf(want, sizeof(want), "%s/100/root/nsfs/gone", root);
	ck_assert_str_eq(ns->path, want);
	nst_scan_done(&scan);
}
END_TEST

START_TEST(command_is_read_once_per_process)
{
	struct nst_scan scan;
	char *a = NULL, *b = NULL;

	ck_assert_int_eq(scan_fixture(&scan, NST_MASK_ALL), 0);
	ck_assert_int_eq(nst_scan_read_command(&scan, 1, &a), 0);
	write_str("1/cmdline", "changed");
	/* the rows of one process agree, and each caller owns its copy */
	ck_assert_int_eq(nst_scan_read_command(&scan, 1, &b), 0);
	ck_assert_str_eq(a, "/sbin/init splash");
	ck_assert_str_eq(b, a);
	ck_assert_ptr_ne(a, b);
	free(a);
	free(b);
	ck_assert_int_eq(nst_scan_read_command(&scan, 7, &a), -ENOENT);
	ck_assert_int_eq(nst_scan_read_command(&scan, 7, &a), -ENOENT);
	ck_assert_int_eq(nst_scan_read_command(&scan, 1, &a), 0);
	ck_assert_str_eq(a, "changed");
	free(a);
	nst_scan_done(&scan);
}
END_TEST

/* Fuzzer finding (fuzz-mountinfo): an empty or relative mount point, which the kernel never
 * writes, made an empty NSFS path. Such lines are skipped; a good line after them is not. */
START_TEST(mountinfo_targets_are_absolute)
{
	char mi[] = "600 1 0:4 net:[7]  rw - nsfs nsfs rw\n"
		    "601 1 0:4 net:[8] \\000 rw - nsfs nsfs rw\n"
		    "602 1 0:4 net:[9] run/x rw - nsfs nsfs rw\n"
		    "603 1 0:4 net:[10] /run/a\\040b rw - nsfs nsfs rw\n";
	char *pos = mi;
	enum nst_type type;
	const char *target;
	uint64_t ino;

	ck_assert_int_eq(nst_scan_next_nsfs_mount(&pos, &type, &ino, &target), 1);
	ck_assert_int_eq(type, NST_NET);
	ck_assert_uint_eq(ino, 10);
	ck_assert_str_eq(target, "/run/a b");
	ck_assert_int_eq(nst_scan_next_nsfs_mount(&pos, &type, &ino, &target), 0);
}
END_TEST

START_TEST(source_names)
{
	static const char *const want[] = { "process", "thread", "children", "fd", "socket",
					    "bind", "bind-foreign", "ancestor", "listns" };

	ck_assert_int_eq(_NST_SCAN_SOURCE_MAX, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		ck_assert_str_eq(nst_scan_source_name((enum nst_scan_source)i), want[i]);
	ck_assert_ptr_null(nst_scan_source_name(_NST_SCAN_SOURCE_MAX));
	ck_assert_int_eq(nst_scan_run_sources(&(struct nst_scan){ .rootfd = -EBADF }, "/proc",
					      NST_MASK_ALL, 1u << _NST_SCAN_SOURCE_MAX),
			 -EINVAL);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *fix = tcase_create("fixture");

	tcase_add_checked_fixture(fix, fixture_setup, fixture_teardown);
	tcase_add_test(fix, groups_by_inode);
	tcase_add_test(fix, key_is_type_and_inode);
	tcase_add_test(fix, skips_what_is_not_a_process);
	tcase_add_test(fix, owner_uid_of_lowest_pid);
	tcase_add_test(fix, mask_limits_the_walk);
	tcase_add_test(fix, sorted_by_inode);
	tcase_add_test(fix, unreadable_process_is_skipped);
	tcase_add_test(fix, bad_arguments);
	tcase_add_test(fix, stat_and_command);
	tcase_add_test(fix, parse_stat);
	tcase_add_test(fix, facts_need_nsfs);
	tcase_add_test(fix, nsfs_mounts);
	tcase_add_test(fix, many_processes);
	tcase_add_test(fix, discovers_threads_children_fds);
	tcase_add_test(fix, link_text_names_the_namespace);
	tcase_add_test(fix, foreign_mounts);
	tcase_add_test(fix, command_is_read_once_per_process);
	tcase_add_test(fix, source_names);
	tcase_add_test(fix, mountinfo_targets_are_absolute);
	tcase_set_timeout(fix, 60);
	suite_add_tcase(s, fix);
	return s;
}
