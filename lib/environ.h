/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading another process's environment block (/proc/PID/environ). */
#ifndef NST_ENVIRON_H
#define NST_ENVIRON_H

#include <stddef.h>

/*
 * Split an environ block (NUL-separated "NAME=value" strings; the last one may lack its NUL,
 * as when the process rewrote its environment) into a NULL-terminated, malloc'ed array of
 * malloc'ed strings. Entries without '=' or with an empty name are skipped: they cannot be
 * set with setenv(). Returns the number of entries or -errno; free with nst_environ_free().
 */
int nst_environ_parse(const char *buf, size_t len, char ***ret_list);
void nst_environ_free(char **list);

/* Read /proc/PID/environ below an open /proc/PID directory and parse it as above. */
int nst_environ_read_at(int procdirfd, char ***ret_list);

#endif
