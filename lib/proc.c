/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Child processes and small /proc reads: wait status, whole-file reads, passwd shell. */
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "macro.h"
#include "proc.h"

int nst_exit_from_status(int status, struct nst_exit *ret)
{
	if (WIFEXITED(status)) {
		ret->code = WEXITSTATUS(status);
		ret->signal = 0;
		return 0;
	}
	if (WIFSIGNALED(status)) {
		/* if the signal doesn't kill us when re-raised, the shell convention is the best
		 * approximation of what the caller would have seen */
		ret->code = 128 + WTERMSIG(status);
		ret->signal = WTERMSIG(status);
		return 0;
	}
	return -EINVAL;
}

int nst_waitpid(pid_t pid, int *ret_status, int flags)
{
	int status;
	pid_t r;

	do
		r = waitpid(pid, &status, flags);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return nst_negerrno();
	if (r > 0 && ret_status)
		*ret_status = status;
	return r;
}

int nst_read_file_at(int dirfd, const char *path, char **ret_buf, size_t *ret_len)
{
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ char *buf = NULL;
	size_t size = 4096, len = 0;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return nst_negerrno();
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len + 1 >= size) {
			char *p;

			if (size > (64u << 20))
				return -EFBIG;
			p = realloc(buf, size * 2);
			if (!p)
				return -ENOMEM;
			buf = p;
			size *= 2;
		}
		n = read(fd, buf + len, size - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return nst_negerrno();
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (ret_len)
		*ret_len = len;
	*ret_buf = TAKE_PTR(buf);
	return 0;
}

int nst_passwd_shell(uid_t uid, char **ret_shell)
{
	struct passwd pw, *res = NULL;
	_cleanup_free_ char *buf = NULL;
	long sz = sysconf(_SC_GETPW_R_SIZE_MAX);
	size_t size = sz > 0 ? (size_t)sz : 16384;
	char *shell;
	int r;

	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	r = getpwuid_r(uid, &pw, buf, size, &res);
	if (r != 0)
		return -r;
	if (!res || !res->pw_shell || !*res->pw_shell)
		return -ENOENT;
	shell = strdup(res->pw_shell);
	if (!shell)
		return -ENOMEM;
	*ret_shell = shell;
	return 0;
}

const char *nst_proc_stat_state(const char *stat)
{
	const char *p = stat ? strrchr(stat, ')') : NULL;

	if (!p || p[1] != ' ' || !p[2] || p[2] == ' ' || p[2] == '\n')
		return NULL;
	return p + 2;
}
