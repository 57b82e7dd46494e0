/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsns-floor: the least work any lsns must do: walk /proc, stat every /proc/PID/ns/<type>. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Usage: lsns-floor [TYPE...]   (default: all eight types)
 * Per process: one openat of /proc/PID and one fstatat per namespace type, the syscalls that
 * REFERENCE.md §7.9 allows lsns per process. The inodes go into an open-addressing set so
 * that the floor also pays for telling namespaces apart; it prints the two counts.
 */

static const char *const types[] = {
	"ns/cgroup", "ns/ipc", "ns/mnt", "ns/net", "ns/pid", "ns/time", "ns/user", "ns/uts",
};

static uint64_t *set;
static size_t set_cap, set_len;

static void set_add(uint64_t ino)
{
	size_t i;

	if (2 * (set_len + 1) > set_cap) {
		uint64_t *old = set;
		size_t old_cap = set_cap;

		set_cap = set_cap ? set_cap * 2 : 1024;
		set = calloc(set_cap, sizeof(*set));
		if (!set)
			exit(1);
		set_len = 0;
		for (i = 0; i < old_cap; i++)
			if (old[i])
				set_add(old[i]);
		free(old);
	}
	for (i = (ino * 0x9e3779b97f4a7c15ull) & (set_cap - 1); set[i]; i = (i + 1) & (set_cap - 1))
		if (set[i] == ino)
			return;
	set[i] = ino;
	set_len++;
}

int main(int argc, char **argv)
{
	const char *want[sizeof(types) / sizeof(types[0])];
	size_t nwant = 0;
	DIR *proc;
	struct dirent *de;
	unsigned long procs = 0;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		for (int a = 1; a < argc; a++)
			if (strcmp(types[i] + 3, argv[a]) == 0)
				want[nwant++] = types[i];
	if (argc == 1)
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			want[nwant++] = types[i];
	if (nwant == 0 || nwant < (size_t)argc - 1) {
		fputs("Usage: lsns-floor [TYPE...]\n", stderr);
		return 2;
	}
	proc = opendir("/proc");
	if (!proc)
		return 1;
	while ((de = readdir(proc))) {
		struct stat st;
		int fd;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		fd = openat(dirfd(proc), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		procs++;
		for (size_t i = 0; i < nwant; i++)
			if (fstatat(fd, want[i], &st, 0) == 0)
				set_add((uint64_t)st.st_ino);
		close(fd);
	}
	closedir(proc);
	printf("%lu processes, %zu namespaces\n", procs, set_len);
	return 0;
}
