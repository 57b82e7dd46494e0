/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tiny fake /proc for the targets that can only reach a parser through files:
 * ROOT/1/ns/net (a plain file), ROOT/1/{cmdline,comm,stat}, ROOT/self/mountinfo. */
#ifndef NST_FUZZ_FIXTURE_H
#define NST_FUZZ_FIXTURE_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char fixture_root[] = "/tmp/nstools-fuzz.XXXXXX";

static void fixture_rm(void)
{
	static const char *const files[] = { "1/ns/net", "1/ns", "1/cmdline", "1/comm", "1/stat",
					      "1", "self/mountinfo", "self" };
	char path[256];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fixture_root, files[i]);
		(void)remove(path);
	}
	(void)rmdir(fixture_root);
}

static void fixture_write(const char *name, const void *data, size_t size)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", fixture_root, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size);
	close(fd);
}

static void fixture_make(void)
{
	char path[256];

	FUZZ_CHECK(mkdtemp(fixture_root) != NULL);
	snprintf(path, sizeof(path), "%s/1", fixture_root);
	FUZZ_CHECK(mkdir(path, 0755) == 0);
	snprintf(path, sizeof(path), "%s/1/ns", fixture_root);
	FUZZ_CHECK(mkdir(path, 0755) == 0);
	snprintf(path, sizeof(path), "%s/self", fixture_root);
	FUZZ_CHECK(mkdir(path, 0755) == 0);
	fixture_write("1/ns/net", "", 0);
	fixture_write("1/cmdline", "", 0);
	fixture_write("1/comm", "x\n", 2);
	fixture_write("1/stat", "1 (x) S 0", 9);
	fixture_write("self/mountinfo", "", 0);
	(void)atexit(fixture_rm);
}

#endif
