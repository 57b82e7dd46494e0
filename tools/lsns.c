/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsns: list namespaces, or the processes of one namespace, as a libsmartcols table. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli.h"
#include "columns.h"
#include "lsns.h"
#include "ns.h"
#include "parse.h"
#include "scan.h"

enum {
	OPT_OUTPUT_ALL = CHAR_MAX + 1,
};

/* Drives -o, -H, the help text and the JSON types. NETNSID stays a JSON string, as in
 * util-linux, because it may be "unassigned". */
const struct colinfo infos[_COL_MAX] = {
	[COL_NS] = { "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "namespace inode number" },
	[COL_TYPE] = { "TYPE", 5, 0, SCOLS_JSON_STRING, "namespace type" },
	[COL_PATH] = { "PATH", 0, 0, SCOLS_JSON_STRING, "namespace file to open it by" },
	[COL_NPROCS] = { "NPROCS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "number of processes in the namespace" },
	[COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "lowest process ID in the namespace" },
	[COL_PPID] = { "PPID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "parent process ID of PID" },
	[COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			  "command line of PID" },
	[COL_UID] = { "UID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "user ID that owns PID, else the namespace owner" },
	[COL_USER] = { "USER", 0, 0, SCOLS_JSON_STRING, "user name of UID" },
	[COL_NETNSID] = { "NETNSID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_STRING,
			  "ID the network stack gives the namespace" },
	[COL_NSFS] = { "NSFS", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING,
		       "where the namespace is bind-mounted" },
	[COL_PNS] = { "PNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "parent namespace inode number" },
	[COL_ONS] = { "ONS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "owner user namespace inode number" },
	[COL_HOLDER] = { "HOLDER", 0, 0, SCOLS_JSON_STRING,
			 "how the namespace was found (process, fd, bind, ...)" },
	[COL_CONTAINER] = { "CONTAINER", 0, 0, SCOLS_JSON_STRING,
			    "container, pod or machine of PID" },
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
	{ "output-all", no_argument,       NULL, OPT_OUTPUT_ALL },
	{ "persistent", no_argument,       NULL, 'P' },
	{ "filter",     required_argument, NULL, 'Q' },
	{ "nowrap",     no_argument,       NULL, 'W' },
	{ "tree",       optional_argument, NULL, 'T' },
	{ "list-columns", no_argument,     NULL, 'H' },
	{ "help",       no_argument,       NULL, 'h' },
	{ "version",    no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const struct nst_opt_rule rules[] = {
	{ .opt = 'J', .conflicts = { 'r' } },
	{ .opt = 'P', .conflicts = { 'p' } },
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
	"     --output-all       all columns\n"
	" -P, --persistent       only namespaces without processes\n"
	" -p, --task <pid>       only the namespaces of this process\n"
	" -Q, --filter <expr>    only rows for which expr is true (see lsns(8))\n"
	" -r, --raw              raw output: one space between columns, no alignment\n"
	" -u, --notruncate       never truncate COMMAND to fit the terminal\n"
	" -W, --nowrap           NSFS on one line, comma-separated\n"
	" -T, --tree[=<rel>]     tree by owner (default), parent or process\n"
	" -H, --list-columns     list the columns and exit\n"
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

/* The names of infos[], as lib/columns.c takes them. */
static void column_names(const char *names[_COL_MAX])
{
	for (size_t i = 0; i < _COL_MAX; i++)
		names[i] = infos[i].name;
}

int column_from_name(const char *name, size_t len)
{
	const char *names[_COL_MAX];

	column_names(names);
	return nst_column_lookup(names, _COL_MAX, name, len);
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
	const char *names[_COL_MAX];
	const char *bad = NULL;
	size_t len = 0;
	int r;

	column_names(names);
	r = nst_columns_parse(list, names, _COL_MAX, o->columns, MAX_COLUMNS, &o->ncolumns, &bad,
			      &len);
	if (r == -EINVAL)
		diex("unknown column: %.*s", (int)len, bad);
	if (r < 0)
		diex("too many columns specified, the limit is %zu columns", (size_t)MAX_COLUMNS);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	int c, r;

	nst_opts_seen_init(&o->seen);
	while ((c = getopt_long(argc, argv, "JlnPo:p:Q:ruWt:T::HhV", longopts, NULL)) != -1) {
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
		case OPT_OUTPUT_ALL:
			o->output_all = true;
			o->ncolumns = 0;
			for (int i = 0; i < _COL_MAX; i++)
				add_column(o, i);
			break;
		case 'P':
			o->persistent = true;
			break;
		case 'Q':
			o->filter_expr = optarg;
			break;
		case 'W':
			o->nowrap = true;
			break;
		case 'H':
			o->list_columns = true;
			break;
		case 'T':
					o->tree_opt = TREE_OWNER;
			if (optarg) {
				const char *v = optarg + (*optarg == '=');

				if (strcmp(v, "owner") == 0)
					o->tree_opt = TREE_OWNER;
				else if (strcmp(v, "parent") == 0)
					o->tree_opt = TREE_PARENT;
				else if (strcmp(v, "process") == 0)
					o->tree_opt = TREE_PROCESS;
				else
					diex("unknown tree type: %s", v);
			}
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

/* -Q: parse, and map every column it names to a column id. */
static void setup_filter(struct opts *o)
{
	_cleanup_free_ char *msg = NULL;
	int r = nst_filter_parse(o->filter_expr, &o->filter, &msg);

	if (r == -ENOMEM)
		diex("failed to initialize filter");
	if (r < 0)
		diex("failed to parse \"%s\": %s", o->filter_expr, msg ? msg : "syntax error");
	for (size_t i = 0; i < nst_filter_n_columns(o->filter); i++) {
		const char *name = nst_filter_column(o->filter, i);
		int id = column_from_name(name, strlen(name));

		if (id < 0 || i >= MAX_COLUMNS)
			diex("failed to parse \"%s\": unknown column: %s", o->filter_expr, name);
		o->filter_cols[i] = id;
	}
}

static void check_rules(struct opts *o)
{
	cli_check_rules(longopts, rules, &o->seen);
	if (o->list_columns)
		return;
	if (o->ns_ino && o->task)
		diex("--task is mutually exclusive with <namespace>");

	/* The implicit process tree is decided when the defaults are filled in, before -o is
	 * applied: "lsns -o NS,COMMAND" is still a tree, "lsns --output-all" is not (util-linux
	 * behaves the same way). -T wins over -l. */
	o->tree = o->tree_opt;
	if (!o->ncolumns) {
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
		if (o->tree_opt == TREE_NONE && !o->list)
			o->tree = TREE_PROCESS;
	}
	/* the rows of one namespace are processes: only a process tree fits them */
	if (o->ns_ino)
		o->tree = o->list && o->tree_opt == TREE_NONE ? TREE_NONE : TREE_PROCESS;
	if (o->output)
		apply_output(o, o->output);
	if (o->filter_expr)
		setup_filter(o);
}

static bool uses_column(const struct opts *o, int col)
{
	for (size_t i = 0; i < o->ncolumns; i++)
		if (o->columns[i] == col)
			return true;
	for (size_t i = 0; o->filter && i < nst_filter_n_columns(o->filter); i++)
		if (o->filter_cols[i] == col)
			return true;
	return false;
}

/*
 * Which sources to scan. Everything, unless it cannot change the output: the rows of one
 * namespace with members and the rows of -p are all found by the process walk, so other
 * sources only add to HOLDER there (and, in owner/parent trees, ancestors). Sockets are only
 * looked at for net (in lib/). NSTOOLS_LSNS_FULLSCAN=1 scans everything, so tests can check
 * that the shortcuts change nothing.
 */
static unsigned sources_for(const struct opts *o)
{
	const char *full = getenv("NSTOOLS_LSNS_FULLSCAN");
	unsigned few = 1u << NST_SCAN_PROCESS;

	if (full && strcmp(full, "1") == 0)
		return NST_SCAN_SOURCES_ALL;
	if (o->tree == TREE_OWNER || o->tree == TREE_PARENT)
		few |= 1u << NST_SCAN_ANCESTOR;
	if (o->ns_ino || (o->task && !uses_column(o, COL_HOLDER)))
		return few;
	return NST_SCAN_SOURCES_ALL;
}

/* util-linux asks NS_GET_PARENT and NS_GET_USERNS for every process it reads, so a kernel
 * without the nsfs ioctls ends it with exit 2 whatever the columns. We ask only for the facts
 * the output needs, so ask once up front to keep that exit code. */
static void check_nsfs_ioctls(void)
{
	_cleanup_close_ int fd = nst_open(0, NST_USER);
	int r;

	if (fd < 0)
		return;		/* the scan reports what is wrong with /proc */
	r = nst_fd_owner(fd);
	if (r >= 0)
		(void)close(r);
	else if (r == -ENOTTY || r == -ENOSYS) {
		warnx_msg("Unsupported ioctl NS_GET_USERNS");
		exit(EXIT_UNSUPPORTED_IOCTL);
	}
}

static int run(const struct opts *o)
{
	struct nst_scan scan;
	struct out out = { .o = o, .scan = &scan };
	unsigned mask = o->types ? o->types : NST_MASK_ALL;
	int idx = -ENOENT, r;

	if (o->list_columns) {
		list_columns(o);
		return EXIT_SUCCESS;
	}
	out.shown_types = mask;
	/* owner and parent trees show the user namespaces rows hang under, whatever -t says */
	if (o->tree == TREE_OWNER || o->tree == TREE_PARENT)
		mask |= NST_MASK(NST_USER);

	check_nsfs_ioctls();
	nst_scan_init(&scan);
	r = nst_scan_run_sources(&scan, NULL, mask, sources_for(o));
	if (r < 0)
		die(r, "cannot read /proc");
	if (scan.mounts_state < 0) {
		warnx_msg("failed to parse %s/self/mountinfo", scan.root);
		exit(EXIT_MOUNTINFO);
	}
	if (o->ns_ino) {
		idx = nst_scan_find_ino(&scan, o->ns_ino);
		/* a namespace without processes has no rows to show */
		if (idx < 0 || !scan.ns[idx].nprocs)
			diex("not found namespace: %" PRIu64, o->ns_ino);
	}

	out.proc_line = calloc(scan.n_procs + 1, sizeof(*out.proc_line));
	out.ns_line = calloc(scan.n_ns + 1, sizeof(*out.ns_line));
	out.ppid = calloc(scan.n_procs + 1, sizeof(*out.ppid));
	if (!out.proc_line || !out.ns_line || !out.ppid)
		die(-ENOMEM, "cannot allocate the output");
	setup_table(&out);
	if (idx >= 0)
		add_members(&out, (size_t)idx);
	else
		add_namespaces(&out);
	r = scols_print_table(out.tab);

	out_done(&out);
	nst_scan_done(&scan);
	if (r < 0)
		die(r, "write error");
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	struct opts o = { .tree_opt = TREE_NONE };
	struct rlimit lim;
	int r;

	cli_init();
	/* namespaces found only as ancestors or through sockets are held open until printed */
	if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
		lim.rlim_cur = lim.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &lim);
	}
	/* libsmartcols draws the tree with line-drawing characters only in a UTF-8 locale */
	(void)setlocale(LC_ALL, "");
	parse_args(argc, argv, &o);
	check_rules(&o);
	r = run(&o);
	nst_filter_free(o.filter);
	return r;
}
