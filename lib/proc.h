/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Child processes: waiting, and turning a wait status into what our caller should see. */
#ifndef NST_PROC_H
#define NST_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/* What a wait status means for us: exit with code, or die by signal. */
struct nst_exit {
	int code;			/* exit code when signal == 0 */
	int signal;			/* fatal signal to re-raise, 0 if none */
};
/* Pure: status from waitpid() of an exited or killed child -> what to do. -EINVAL for a status
 * that is neither (stopped, continued). */
int nst_exit_from_status(int status, struct nst_exit *ret);

/* waitpid(pid, &status, flags), retrying EINTR. Returns the pid or -errno. */
int nst_waitpid(pid_t pid, int *ret_status, int flags);

/* Read a whole small file below dirfd (or an absolute path with dirfd AT_FDCWD) into a
 * NUL-terminated malloc'ed buffer; *ret_len excludes the NUL. Returns 0 or -errno. */
int nst_read_file_at(int dirfd, const char *path, char **ret_buf, size_t *ret_len);

/* Pure: the /proc/PID/stat text "PID (comm) S ..." -> a pointer to its state letter S (comm may
 * hold spaces and ')', so it is found after the last ')'); NULL if malformed. */
const char *nst_proc_stat_state(const char *stat);

/* The passwd shell of uid, malloc'ed; -ENOENT if none. */
int nst_passwd_shell(uid_t uid, char **ret_shell);

#endif
