/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Error reporting, exit codes and exec for the three tools. All printing of nstools lives in tools/. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "cli.h"
#include "ns.h"
#include "proc.h"

/*
 * LeakSanitizer (sanitizer builds only) checks for leaks at exit from a helper task made with
 * clone(). That task is born in our pid_for_children namespace: once that is another pid
 * namespace, the helper can't see us, and LSan spins forever (or fails with ENOMEM when that
 * namespace's init has already exited). The tools arm this hook when they switch it.
 */
static bool children_in_other_pid_ns;

int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
	return children_in_other_pid_ns;
}

void cli_children_in_other_pid_ns(void)
{
	children_in_other_pid_ns = true;
}

static void close_stdout(void)
{
	/* A lost write must not pass unnoticed: a script reading our output would take a
	 * truncated listing for a complete one. EPIPE means the reader left on purpose. */
	int failed = ferror(stdout);

	if (fclose(stdout) != 0)
		failed = 1;
	if (failed && errno != EPIPE) {
		fprintf(stderr, "%s: write error\n", program_invocation_short_name);
		_exit(EXIT_FAILURE);
	}
	/* stderr stays open: whatever runs after us at exit (a sanitizer's report) may need it */
	if (fflush(stderr) != 0 && errno != EBADF)
		_exit(EXIT_FAILURE);
}

void cli_init(void)
{
	/* A program started with fd 0, 1 or 2 closed would have our next open() land there:
	 * a namespace fd could then become the program's stdin. Fill the holes first. */
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int nfd = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (nfd < 0)
			_exit(EXIT_FAILURE);
		if (nfd != fd) {
			/* a lower fd was free too; it is filled on a later iteration */
			if (dup2(nfd, fd) < 0)
				_exit(EXIT_FAILURE);
			(void)close(nfd);
		}
	}
	(void)atexit(close_stdout);
}

_printf_(2, 0)
static void vmsg(int r, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	vfprintf(stderr, fmt, ap);
	if (r < 0)
		fprintf(stderr, ": %s", strerror(-r));
	fputc('\n', stderr);
}

void die(int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(r, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

void diex(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

void warn_r(int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(r, fmt, ap);
	va_end(ap);
}

void warnx_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void cli_hint(const char *fmt, ...)
{
	const char *off = getenv("NSTOOLS_NO_HINTS");
	va_list ap;

	if (off && *off)
		return;
	fflush(stdout);
	fprintf(stderr, "%s: hint: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", program_invocation_short_name);
	exit(EXIT_FAILURE);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	try_help();
}

void print_help(const char *text)
{
	fputs(text, stdout);
	exit(EXIT_SUCCESS);
}

void print_version(const char *features)
{
	printf("%s from nstools %s", program_invocation_short_name, NST_VERSION);
	if (features && *features)
		printf(" (features: %s)", features);
	putchar('\n');
	exit(EXIT_SUCCESS);
}

void cli_ns_options(struct option *longopts, size_t *n, char **opt, int long_has_arg,
		    bool short_takes_arg)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		const struct nst_type_info *info = nst_type_info((enum nst_type)t);

		longopts[(*n)++] = (struct option){ info->long_opt, long_has_arg, NULL,
						     info->short_opt };
		*(*opt)++ = info->short_opt;
		if (short_takes_arg) {
			*(*opt)++ = ':';
			*(*opt)++ = ':';
		}
	}
	**opt = '\0';
}

void cli_ns_usage(const char *argspec, const char *action)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++) {
		const struct nst_type_info *info = nst_type_info((enum nst_type)t);
		char opt[48];

		snprintf(opt, sizeof(opt), "--%s%s", info->long_opt, argspec);
		printf(" -%c, %-22s %s %s namespace\n", info->short_opt, opt, action, info->desc);
	}
}

const char *cli_opt_name(const struct option *longopts, int id, char *buf, size_t size)
{
	for (const struct option *o = longopts; o->name; o++)
		if (o->val == id && !o->flag) {
			snprintf(buf, size, "--%s", o->name);
			return buf;
		}
	if (id > 0 && id <= CHAR_MAX)
		snprintf(buf, size, "-%c", id);
	else
		snprintf(buf, size, "option %d", id);
	return buf;
}

void cli_rule_error(const struct option *longopts, const struct nst_opt_violation *v)
{
	char a[64], b[64];

	cli_opt_name(longopts, v->first, a, sizeof(a));
	cli_opt_name(longopts, v->second, b, sizeof(b));
	if (v->rule && v->rule->message)
		usage_error("%s", v->rule->message);
	if (v->kind == NST_OPT_CONFLICT)
		usage_error("options %s and %s cannot be combined", a, b);
	usage_error("%s requires %s", a, b);
}

void cli_check_rules(const struct option *longopts, const struct nst_opt_rule *rules,
		     const struct nst_opts_seen *seen)
{
	struct nst_opt_violation v;

	if (nst_optrules_check(rules, seen, &v) < 0)
		cli_rule_error(longopts, &v);
}

static _noreturn_ void exec_failed(const char *what)
{
	int e = errno;

	warn_r(-e, "failed to execute %s", what);
	exit(e == ENOENT ? 127 : 126);
}

void cli_exec(char **argv)
{
	_cleanup_free_ char *pwshell = NULL;
	char *shell_argv[2] = { NULL, NULL };
	char login_name[PATH_MAX];
	const char *shell, *base;

	if (argv && argv[0]) {
		execvp(argv[0], argv);
		exec_failed(argv[0]);
	}

	shell = getenv("SHELL");
	if (!shell || !*shell) {
		if (nst_passwd_shell(getuid(), &pwshell) >= 0 && *pwshell)
			shell = pwshell;
		else
			shell = "/bin/sh";
	}
	/* a login shell: argv[0] is "-" + basename */
	base = strrchr(shell, '/');
	base = base ? base + 1 : shell;
	login_name[0] = '-';
	strncpy(login_name + 1, base, sizeof(login_name) - 2);
	login_name[sizeof(login_name) - 1] = '\0';
	shell_argv[0] = login_name;
	execv(shell, shell_argv);
	exec_failed(shell);
}

void cli_exit_like(int status)
{
	struct nst_exit ex;
	struct sigaction sa = { .sa_handler = SIG_DFL };
	struct rlimit nocore = { 0, 0 };
	sigset_t set;

	if (nst_exit_from_status(status, &ex) < 0)
		exit(EXIT_FAILURE);
	if (!ex.signal)
		exit(ex.code);

	/* Die the same way the child did. The child has dumped core already if it was going
	 * to; we must not dump a second one of our own. */
	fflush(stdout);
	(void)setrlimit(RLIMIT_CORE, &nocore);
	if (ex.signal != SIGKILL && ex.signal != SIGSTOP)
		(void)sigaction(ex.signal, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, ex.signal);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)raise(ex.signal);
	/* still alive: the signal doesn't kill */
	exit(EXIT_FAILURE);
}

void cli_stop_like_child(pid_t child, struct nst_pty *pty)
{
	bool raw = pty && pty->raw;

	if (raw)
		nst_pty_restore(pty);
	(void)kill(getpid(), SIGSTOP);
	if (raw)
		(void)nst_pty_raw(pty);
	(void)kill(child, SIGCONT);
}

static volatile sig_atomic_t continues;

static void count_continue(int sig)
{
	(void)sig;
	continues++;
}

void cli_count_continues(void)
{
	struct sigaction sa = { .sa_handler = count_continue, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGCONT, &sa, NULL);
}

unsigned cli_continues(void)
{
	return (unsigned)continues;
}

void cli_pty_proxy(struct nst_pty *pty, int sfd,
		   int (*on_signal)(const struct signalfd_siginfo *si, void *userdata),
		   void *userdata)
{
	int r;

	nst_pty_close_slave(pty);
	r = nst_pty_raw(pty);
	if (r < 0)
		die(r, "failed to set terminal attributes");
	r = nst_pty_proxy(pty, sfd, on_signal, userdata);
	nst_pty_restore(pty);
	if (r < 0)
		die(r, "pseudo-terminal proxy failed");
}
