/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Everything the tools print, how they exit, and how they run the program. */
#ifndef NST_CLI_H
#define NST_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <sys/types.h>

#include "macro.h"
#include "optrules.h"
#include "pty.h"

/* Sanitize fds 0-2 (open /dev/null on closed ones) and arrange for stdout to be checked at
 * exit. Call first thing in main(). */
void cli_init(void);

/* Call after unshare(CLONE_NEWPID) or setns() into a pid namespace: our children are born
 * elsewhere now (turns off LeakSanitizer's exit check, which can't work then). */
void cli_children_in_other_pid_ns(void);

/* "prog: message: strerror(-r)" and exit 1. r is a negative errno. */
_noreturn_ _printf_(2, 3) void die(int r, const char *fmt, ...);
/* "prog: message" and exit 1. */
_noreturn_ _printf_(1, 2) void diex(const char *fmt, ...);
/* The same, without exiting. */
_printf_(2, 3) void warn_r(int r, const char *fmt, ...);
_printf_(1, 2) void warnx_msg(const char *fmt, ...);
/* "tool: hint: ..." after an error line; NSTOOLS_NO_HINTS (non-empty) silences hints. */
_printf_(1, 2) void cli_hint(const char *fmt, ...);
/* Usage error: "prog: message", then the Try line, exit 1. */
_noreturn_ _printf_(1, 2) void usage_error(const char *fmt, ...);
/* Only the Try line and exit 1 (getopt has printed the error already). */
_noreturn_ void try_help(void);
/* Help text to stdout, exit 0. */
_noreturn_ void print_help(const char *text);
/* "prog from nstools VERSION[ (features: ...)]", exit 0. features may be NULL. */
_noreturn_ void print_version(const char *features);

/* Append one getopt entry per row of the namespace table: the long option with long_has_arg,
 * the short letter with "::" if short_takes_arg (attached optional argument), else none.
 * *n indexes longopts, *opt points at the end of optstring; both advance. */
void cli_ns_options(struct option *longopts, size_t *n, char **opt, int long_has_arg,
		    bool short_takes_arg);
/* One help line per row of the table: " -n, --net<argspec>   <action> network namespace". */
void cli_ns_usage(const char *argspec, const char *action);

/* "--name" of a long option id (or "-x" for a short-only one) into buf. */
const char *cli_opt_name(const struct option *longopts, int id, char *buf, size_t size);
/* Word a broken option rule and exit 1 as a usage error. */
_noreturn_ void cli_rule_error(const struct option *longopts, const struct nst_opt_violation *v);
/* Check the rules; on a broken one, report it and exit 1. */
void cli_check_rules(const struct option *longopts, const struct nst_opt_rule *rules,
		     const struct nst_opts_seen *seen);

/* Exec argv[0] through PATH; with argv NULL or empty, the default shell ($SHELL, the passwd
 * shell of getuid(), /bin/sh) as a login shell. On failure: "failed to execute X", exit 127
 * for ENOENT, 126 otherwise. */
_noreturn_ void cli_exec(char **argv);

/* Mirror a child's wait status: exit with its code, or die by its signal (disposition reset,
 * signal unblocked, no second core dump). Exit 1 if the signal doesn't kill us. */
_noreturn_ void cli_exit_like(int status);
/* The child stopped: stop ourselves too (SIGSTOP), so that our caller's job control sees it;
 * once we are continued, continue the child. With pty, the caller's terminal gets its mode
 * back while we are stopped. */
void cli_stop_like_child(pid_t child, struct nst_pty *pty);
/* Count our own continues from now on (a SIGCONT handler); cli_continues() reads the count.
 * A fork parent that learns of a stop late uses it to tell whether it has been stopped and
 * continued itself since, together with the child. */
void cli_count_continues(void);
unsigned cli_continues(void);

/* Parent side of --pty: close the slave, make our terminal raw, proxy until the program ends
 * (nst_pty_proxy()), restore the terminal; dies on failure. */
void cli_pty_proxy(struct nst_pty *pty, int sfd,
		   int (*on_signal)(const struct signalfd_siginfo *si, void *userdata),
		   void *userdata);

#endif
