/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test fixture: write "FD TARGET" for every fd we were started with into a file. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * Usage: fdlist OUTFILE
 * Lists /proc/self/fd (without the directory fd the listing itself uses), then writes the list
 * to OUTFILE, opened only afterwards so it never shows. Exit 0, or 1 on any error.
 */
int main(int argc, char **argv)
{
	char lines[16384], path[300], target[4096];
	size_t len = 0;
	DIR *d;
	struct dirent *e;
	FILE *out;

	if (argc != 2)
		return 1;
	d = opendir("/proc/self/fd");
	if (!d)
		return 1;
	while ((e = readdir(d))) {
		ssize_t n;

		if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			return 1;
		target[n] = '\0';
		len += (size_t)snprintf(lines + len, sizeof(lines) - len, "%s %s\n", e->d_name, target);
		if (len >= sizeof(lines))
			return 1;
	}
	closedir(d);
	out = fopen(argv[1], "we");
	if (!out || fputs(lines, out) < 0 || fclose(out) != 0)
		return 1;
	return 0;
}
