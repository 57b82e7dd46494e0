/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsns: list namespaces, or the processes of one namespace, as a libsmartcols table. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ns.h"
#include "parse.h"
#include "scan.h"

#define EXIT_UNSUPPORTED_IOCTL 2	/* the kernel lacks an NS_GET_* ioctl */
#define EXIT_MOUNTINFO 32		/* mountinfo unreadable (libmount's "failure" code) */

enum {
	COL_NS,
	COL_TYPE,
	COL_PATH,
	COL_NPROCS,
	COL_PID,
	COL_PPID,
	COL_COMMAND,
	COL_UID,
	COL_USER,
	COL_NETNSID,
	COL_NSFS,
	COL_PNS,
	COL_ONS,
	_COL_MAX,
};

struct colinfo {
	const char *name;
	double whint;			/* width hint: columns, or a fraction of the terminal */
	int flags;			/* SCOLS_FL_* */
	int json_type;			/* SCOLS_JSON_* */
	const char *help;
};

/* Drives -o, the help text and the JSON types. NETNSID stays a JSON string, as in util-linux,
 * because it may be "unassigned". */
static const struct colinfo infos[_COL_MAX] = {
	[COL_NS] = { "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "namespace inode number" },
	[COL_TYPE] = { "TYPE", 5, 0, SCOLS_JSON_STRING, "namespace type" },
	[COL_PATH] = { "PATH", 0, 0, SCOLS_JSON_STRING, "namespace file of the process" },
	[COL_NPROCS] = { "NPROCS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "number of processes in the namespace" },
	[COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "lowest process ID in the namespace" },
	[COL_PPID] = { "PPID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "parent process ID of PID" },
	[COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			  "command line of PID" },
	[COL_UID] = { "UID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "user ID that owns PID" },
	[COL_USER] = { "USER", 0, 0, SCOLS_JSON_STRING, "user name that owns PID" },
	[COL_NETNSID] = { "NETNSID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_STRING,
			  "ID the network stack gives the namespace" },
	[COL_NSFS] = { "NSFS", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING,
		       "where the namespace is bind-mounted" },
	[COL_PNS] = { "PNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "parent namespace inode number" },
	[COL_ONS] = { "ONS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "owner user namespace inode number" },
};

#define MAX_COLUMNS (2 * _COL_MAX)

enum tree {
	TREE_NONE,
	TREE_PROCESS,			/* a row under the row of its PID's parent process */
};

struct opts {
	unsigned types;			/* -t; 0 = every type */
	pid_t task;			/* -p; 0 = none */
	uint64_t ns_ino;		/* the positional <namespace>; 0 = none */
	const char *output;		/* -o */
	bool json, raw, list, noheadings, notruncate;
	struct nst_opts_seen seen;

	/* derived by check_rules() */
	int columns[MAX_COLUMNS];
	size_t ncolumns;
	enum tree tree;
};

static const struct option longopts[] = {
	{ "json",       no_argument,       NULL, 'J' },
	{ "list",       no_argument,       NULL, 'l' },
	{ "noheadings", no_argument,       NULL, 'n' },
	{ "output",     required_argument, NULL, 'o' },
	{ "task",       required_argument, NULL, 'p' },
	{ "raw",        no_argument,       NULL, 'r' },
	{ "notruncate", no_argument,       NULL, 'u' },
	{ "type",       required_argument, NULL, 't' },
	{ "help",       no_argument,       NULL, 'h' },
	{ "version",    no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const struct nst_opt_rule rules[] = {
	{ .opt = 'J', .conflicts = { 'r' } },
	{ 0 }
};

static const char help_head[] =
	"\n"
	"Usage:\n"
	" lsns [options] [<namespace>]\n"
	"\n"
	"List the namespaces of the system, or the processes in one namespace.\n"
	"\n"
	"Options:\n"
	" -J, --json             JSON output\n"
	" -l, --list             flat list instead of a process tree\n"
	" -n, --noheadings       no header line\n"
	" -o, --output <list>    columns to show; a leading '+' adds to the defaults\n"
	" -p, --task <pid>       only the namespaces of this process\n"
	" -r, --raw              raw output: one space between columns, no alignment\n"
	" -u, --notruncate       never truncate COMMAND to fit the terminal\n"
	" -t, --type <name>      only namespaces of this type, repeatable:\n"
	"                        ";
static const char help_mid[] =
	"\n"
	"\n"
	" -h, --help             show this help and exit\n"
	" -V, --version          show the version and exit\n"
	"\n"
	"Available output columns:\n";
static const char help_tail[] =
	"\n"
	"For more details see lsns(8).\n";

static _noreturn_ void usage(void)
{
	_cleanup_free_ char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		die(-ENOMEM, "cannot format the help text");
	fputs(help_head, f);
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		fprintf(f, "%s%s", t ? ", " : "", nst_type_info((enum nst_type)t)->name);
	fputs(help_mid, f);
	for (size_t i = 0; i < _COL_MAX; i++)
		fprintf(f, " %11s  %s\n", infos[i].name, infos[i].help);
	fputs(help_tail, f);
	if (fclose(f) != 0)
		die(-ENOMEM, "cannot format the help text");
	print_help(text);
}

/* lsns takes only the /proc names: "mnt", not nsenter's "mount". */
static enum nst_type type_from_name(const char *name)
{
	for (int t = 0; t < _NST_TYPE_MAX; t++)
		if (strcmp(name, nst_type_info((enum nst_type)t)->name) == 0)
			return (enum nst_type)t;
	return _NST_TYPE_INVALID;
}

static int column_from_name(const char *name, size_t len)
{
	for (size_t i = 0; i < _COL_MAX; i++)
		if (strlen(infos[i].name) == len && strncasecmp(name, infos[i].name, len) == 0)
			return (int)i;
	return -EINVAL;
}

static void add_column(struct opts *o, int id)
{
	if (o->ncolumns >= MAX_COLUMNS)
		diex("too many columns specified, the limit is %zu columns", (size_t)MAX_COLUMNS);
	o->columns[o->ncolumns++] = id;
}

/* "NS,type" replaces the columns, "+NS,type" appends to them. */
static void apply_output(struct opts *o, const char *list)
{
	if (*list == '+')
		list++;
	else
		o->ncolumns = 0;
	for (;;) {
		size_t len = strcspn(list, ",");
		int id = column_from_name(list, len);

		if (id < 0)
			diex("unknown column: %.*s", (int)len, list);
		add_column(o, id);
		if (!list[len])
			break;
		list += len + 1;
	}
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	int c, r;

	nst_opts_seen_init(&o->seen);
	while ((c = getopt_long(argc, argv, "Jlno:p:rut:hV", longopts, NULL)) != -1) {
		(void)nst_opts_seen_mark(&o->seen, c);
		switch (c) {
		case 'J':
			o->json = true;
			break;
		case 'l':
			o->list = true;
			break;
		case 'n':
			o->noheadings = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'p':
			r = nst_parse_pid(optarg, &o->task);
			if (r == -ERANGE)
				die(r, "invalid PID argument: '%s'", optarg);
			if (r < 0)
				diex("invalid PID argument: '%s'", optarg);
			break;
		case 'r':
			o->raw = true;
			break;
		case 'u':
			o->notruncate = true;
			break;
		case 't': {
			enum nst_type t = type_from_name(optarg);

			if ((int)t < 0)
				diex("unknown namespace type: %s", optarg);
			o->types |= NST_MASK(t);
			break;
		}
		case 'h':
			usage();
		case 'V':
			print_version(NULL);
		default:
			try_help();
		}
	}
	if (optind < argc) {
		/* like util-linux, only the first <namespace> counts */
		r = nst_parse_u64(argv[optind], &o->ns_ino);
		if (r == -ERANGE)
			die(r, "invalid namespace argument: '%s'", argv[optind]);
		if (r < 0 || o->ns_ino == 0)
			diex("invalid namespace argument: '%s'", argv[optind]);
	}
}

static void check_rules(struct opts *o)
{
	cli_check_rules(longopts, rules, &o->seen);
	if (o->ns_ino && o->task)
		diex("--task is mutually exclusive with <namespace>");

	/* The implicit process tree is decided when the defaults are filled in, before -o is
	 * applied: "lsns -o NS,COMMAND" is still a tree (util-linux behaves the same way). */
	if (o->ns_ino) {
		add_column(o, COL_PID);
		add_column(o, COL_PPID);
		add_column(o, COL_USER);
		add_column(o, COL_COMMAND);
	} else {
		add_column(o, COL_NS);
		add_column(o, COL_TYPE);
		add_column(o, COL_NPROCS);
		add_column(o, COL_PID);
		add_column(o, COL_USER);
		if (o->types & NST_MASK(NST_NET)) {
			add_column(o, COL_NETNSID);
			add_column(o, COL_NSFS);
		}
		add_column(o, COL_COMMAND);
	}
	o->tree = o->list ? TREE_NONE : TREE_PROCESS;
	if (o->output)
		apply_output(o, o->output);
}

/*
 * Output.
 */
struct user_name {
	uid_t uid;
	char *name;
};

struct out {
	const struct opts *o;
	struct nst_scan *scan;
	struct libscols_table *tab;
	struct libscols_line **proc_line;	/* latest row made for each process */
	pid_t *ppid;				/* per process; 0 = not read, -1 = unknown */
	struct user_name *users;
	size_t n_users;
};

static const char *user_name(struct out *out, uid_t uid)
{
	struct user_name *u;
	struct passwd pw, *res = NULL;
	char buf[4096], *name;

	for (size_t i = 0; i < out->n_users; i++)
		if (out->users[i].uid == uid)
			return out->users[i].name;
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res && res->pw_name)
		name = strdup(res->pw_name);
	else if (asprintf(&name, "%u", (unsigned)uid) < 0)
		name = NULL;
	u = reallocarray(out->users, out->n_users + 1, sizeof(*u));
	if (!name || !u)
		die(-ENOMEM, "cannot look up user %u", (unsigned)uid);
	out->users = u;
	out->users[out->n_users++] = (struct user_name){ uid, name };
	return name;
}

/* Parent pid of process p (index into scan->procs), or -1 if it can't be read any more. */
static pid_t proc_ppid(struct out *out, size_t p)
{
	if (!out->ppid[p] && nst_scan_read_ppid(out->scan, out->scan->procs[p].pid,
						 &out->ppid[p]) < 0)
		out->ppid[p] = -1;
	return out->ppid[p];
}

static const struct nst_scan_facts *facts(struct out *out, size_t ns)
{
	const struct nst_scan_facts *f;
	const char *what = NULL;
	int r = nst_scan_facts(out->scan, ns, &f, &what);

	if (r == -ENOTTY || r == -ENOSYS) {
		warnx_msg("Unsupported ioctl %s", what ? what : "NS_GET_*");
		exit(EXIT_UNSUPPORTED_IOCTL);
	}
	return r < 0 ? NULL : f;
}

static char *cell(struct out *out, int col, size_t ns_idx, size_t p)
{
	const struct nst_scan_ns *ns = &out->scan->ns[ns_idx];
	const struct nst_scan_proc *proc = &out->scan->procs[p];
	const char *type = nst_type_info(ns->type)->name;
	const struct nst_scan_facts *f;
	char *s = NULL;
	int r, id;

	switch (col) {
	case COL_NS:
		r = asprintf(&s, "%" PRIu64, ns->ino);
		break;
	case COL_TYPE:
		r = asprintf(&s, "%s", type);
		break;
	case COL_PATH:
		r = asprintf(&s, "/proc/%d/ns/%s", (int)proc->pid, type);
		break;
	case COL_NPROCS:
		r = asprintf(&s, "%" PRIu32, ns->nprocs);
		break;
	case COL_PID:
		r = asprintf(&s, "%d", (int)proc->pid);
		break;
	case COL_PPID:
		if (proc_ppid(out, p) < 0)
			return NULL;
		r = asprintf(&s, "%d", (int)out->ppid[p]);
		break;
	case COL_COMMAND:
		return nst_scan_read_command(out->scan, proc->pid, &s) < 0 ? NULL : s;
	case COL_UID:
		r = asprintf(&s, "%u", (unsigned)proc->uid);
		break;
	case COL_USER:
		r = asprintf(&s, "%s", user_name(out, proc->uid));
		break;
	case COL_NETNSID:
		if (ns->type != NST_NET || nst_scan_netnsid(out->scan, ns_idx, &id) < 0)
			return NULL;
		r = id < 0 ? asprintf(&s, "unassigned") : asprintf(&s, "%d", id);
		break;
	case COL_NSFS:
		r = nst_scan_nsfs_paths(out->scan, ns_idx, out->o->raw ? ',' : '\n', &s);
		if (r == -ENOMEM)
			die(r, "cannot list nsfs mounts");
		if (r < 0) {
			warn_r(r, "failed to parse %s/self/mountinfo", out->scan->root);
			exit(EXIT_MOUNTINFO);
		}
		return s;
	case COL_PNS:
	case COL_ONS:
		f = facts(out, ns_idx);
		if (!f)
			return NULL;
		r = asprintf(&s, "%" PRIu64, col == COL_PNS ? f->parent_ino : f->owner_ino);
		break;
	default:
		return NULL;
	}
	if (r < 0)
		die(-ENOMEM, "cannot format a table cell");
	return s;
}

static struct libscols_line *add_row(struct out *out, size_t ns_idx, size_t p,
				     struct libscols_line *parent)
{
	struct libscols_line *line = scols_table_new_line(out->tab, parent);

	if (!line)
		die(-ENOMEM, "cannot add a table row");
	for (size_t i = 0; i < out->o->ncolumns; i++) {
		char *s = cell(out, out->o->columns[i], ns_idx, p);

		if (s && scols_line_refer_data(line, i, s) < 0) {
			free(s);
			die(-ENOMEM, "cannot fill a table row");
		}
	}
	out->proc_line[p] = line;
	return line;
}

/* The row of p's parent process, if it has one (in any namespace: util-linux links a row to
 * the latest row made for the parent process, whatever its type). */
static struct libscols_line *parent_row(struct out *out, size_t p)
{
	pid_t ppid = proc_ppid(out, p);
	int pp = ppid > 0 ? nst_scan_find_proc(out->scan, ppid) : -ENOENT;

	return pp >= 0 ? out->proc_line[pp] : NULL;
}

/* One row per namespace, sorted by inode; in a tree, under its PID's parent's row. */
static void add_namespaces(struct out *out)
{
	const struct nst_scan *scan = out->scan;
	int task = out->o->task ? nst_scan_find_proc(scan, out->o->task) : -ENOENT;

	if (out->o->task && task < 0)
		return;	/* not a process we could read: it is in none of the namespaces */
	for (size_t i = 0; i < scan->n_ns; i++) {
		const struct nst_scan_ns *ns = &scan->ns[i];
		int p;

		if (task >= 0 && scan->procs[task].ns[ns->type] != i)
			continue;
		p = nst_scan_find_proc(scan, ns->pid);
		if (p < 0)
			continue;	/* cannot happen: the lowest pid is a member */
		add_row(out, i, (size_t)p,
			out->o->tree == TREE_PROCESS ? parent_row(out, (size_t)p) : NULL);
	}
}

/* One row per member of namespace ns_idx; in a tree, a member's ancestors that are members
 * too come first, so every row can hang under its parent's. */
static void add_members(struct out *out, size_t ns_idx)
{
	const struct nst_scan *scan = out->scan;
	enum nst_type type = scan->ns[ns_idx].type;
	_cleanup_free_ uint32_t *chain = NULL;
	const uint32_t *m;
	size_t n;

	m = nst_scan_members(scan, ns_idx, &n);
	chain = calloc(n + 1, sizeof(*chain));
	if (!chain)
		die(-ENOMEM, "cannot list the processes");
	for (size_t i = 0; i < n; i++) {
		size_t depth = 0;

		if (out->proc_line[m[i]])
			continue;
		chain[depth++] = m[i];
		/* climb while the parent is a member without a row; the bound guards against a
		 * ppid loop made by pid reuse during the walk */
		while (out->o->tree == TREE_PROCESS && depth < n) {
			pid_t ppid = proc_ppid(out, chain[depth - 1]);
			int pp = ppid > 0 ? nst_scan_find_proc(scan, ppid) : -ENOENT;

			if (pp < 0 || out->proc_line[pp] || scan->procs[pp].ns[type] != ns_idx)
				break;
			chain[depth++] = (uint32_t)pp;
		}
		while (depth--) {
			size_t p = chain[depth];

			if (out->proc_line[p])
				continue;
			add_row(out, ns_idx, p,
				out->o->tree == TREE_PROCESS ? parent_row(out, p) : NULL);
		}
	}
}

static void setup_table(struct out *out)
{
	const struct opts *o = out->o;

	out->tab = scols_new_table();
	if (!out->tab)
		die(-ENOMEM, "cannot create the output table");
	scols_table_enable_raw(out->tab, o->raw);
	scols_table_enable_json(out->tab, o->json);
	scols_table_enable_noheadings(out->tab, o->noheadings);
	if (o->json)
		scols_table_set_name(out->tab, "namespaces");

	for (size_t i = 0; i < o->ncolumns; i++) {
		int id = o->columns[i];
		int flags = infos[id].flags;
		struct libscols_column *cl;

		if (o->notruncate)
			flags &= ~SCOLS_FL_TRUNC;
		if (o->raw)
			flags &= ~SCOLS_FL_WRAP;
		if (o->tree == TREE_PROCESS && id == COL_COMMAND)
			flags |= SCOLS_FL_TREE;
		cl = scols_table_new_column(out->tab, infos[id].name, infos[id].whint, flags);
		if (!cl)
			die(-ENOMEM, "cannot create the output columns");
		if (o->json)
			scols_column_set_json_type(cl, infos[id].json_type);
		if (flags & SCOLS_FL_WRAP) {
			/* NSFS: one mount point per line of the cell */
			scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
						  scols_wrapnl_nextchunk, NULL);
			scols_column_set_safechars(cl, "\n");
		}
	}
}

static int run(const struct opts *o)
{
	struct nst_scan scan;
	struct out out = { .o = o, .scan = &scan };
	int idx = -ENOENT, r;

	nst_scan_init(&scan);
	r = nst_scan_run(&scan, NULL, o->types ? o->types : NST_MASK_ALL);
	if (r < 0)
		die(r, "cannot read /proc");
	if (o->ns_ino) {
		idx = nst_scan_find_ino(&scan, o->ns_ino);
		if (idx < 0)
			diex("not found namespace: %" PRIu64, o->ns_ino);
	}

	out.proc_line = calloc(scan.n_procs + 1, sizeof(*out.proc_line));
	out.ppid = calloc(scan.n_procs + 1, sizeof(*out.ppid));
	if (!out.proc_line || !out.ppid)
		die(-ENOMEM, "cannot allocate the output");
	setup_table(&out);
	if (idx >= 0)
		add_members(&out, (size_t)idx);
	else
		add_namespaces(&out);
	r = scols_print_table(out.tab);

	scols_unref_table(out.tab);
	for (size_t i = 0; i < out.n_users; i++)
		free(out.users[i].name);
	free(out.users);
	free(out.proc_line);
	free(out.ppid);
	nst_scan_done(&scan);
	if (r < 0)
		die(r, "write error");
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };

	cli_init();
	/* libsmartcols draws the tree with line-drawing characters only in a UTF-8 locale */
	(void)setlocale(LC_ALL, "");
	parse_args(argc, argv, &o);
	check_rules(&o);
	return run(&o);
}
