/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsns output: cells computed only for rows that are printed or filtered, rows, trees, -H. */
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "container.h"
#include "lsns.h"

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

/* The cells of one row, each computed on first use. p < 0: a namespace without processes. */
struct row {
	struct out *out;
	size_t ns;
	long p;
	char *cell[_COL_MAX];
	bool have[_COL_MAX];
};

/* The uid a row shows: the process's, or for a namespace without processes its owner's. */
static bool row_uid(struct row *row, uid_t *ret)
{
	const struct nst_scan_facts *f;

	if (row->p >= 0) {
		*ret = row->out->scan->procs[row->p].uid;
		return true;
	}
	f = facts(row->out, row->ns);
	if (!f || !f->has_owner_uid)
		return false;
	*ret = f->owner_uid;
	return true;
}

static char *holders(const struct nst_scan_ns *ns)
{
	char buf[256] = "";

	for (int s = 0; s < _NST_SCAN_SOURCE_MAX; s++)
		if (ns->holders & (1u << s)) {
			if (*buf)
				strcat(buf, ",");
			strcat(buf, nst_scan_source_name((enum nst_scan_source)s));
		}
	return *buf ? strdup(buf) : NULL;
}

static char *compute(struct row *row, int col)
{
	struct out *out = row->out;
	const struct nst_scan_ns *ns = &out->scan->ns[row->ns];
	const struct nst_scan_proc *proc = row->p >= 0 ? &out->scan->procs[row->p] : NULL;
	const char *type = nst_type_info(ns->type)->name;
	const struct nst_scan_facts *f;
	char *s = NULL;
	uid_t uid;
	int r, id;

	switch (col) {
	case COL_NS:
		r = asprintf(&s, "%" PRIu64, ns->ino);
		break;
	case COL_TYPE:
		r = asprintf(&s, "%s", type);
		break;
	case COL_PATH:
		if (!proc)
			return ns->path ? strdup(ns->path) : NULL;
		r = asprintf(&s, "%s/%d/ns/%s", out->scan->root, (int)proc->pid, type);
		break;
	case COL_NPROCS:
		r = asprintf(&s, "%" PRIu32, ns->nprocs);
		break;
	case COL_PID:
		if (!proc)
			return NULL;
		r = asprintf(&s, "%d", (int)proc->pid);
		break;
	case COL_PPID:
		if (!proc || proc_ppid(out, (size_t)row->p) < 0)
			return NULL;
		r = asprintf(&s, "%d", (int)out->ppid[row->p]);
		break;
	case COL_COMMAND:
		if (!proc)
			return NULL;
		return nst_scan_read_command(out->scan, proc->pid, &s) < 0 ? NULL : s;
	case COL_UID:
		if (!row_uid(row, &uid))
			return NULL;
		r = asprintf(&s, "%u", (unsigned)uid);
		break;
	case COL_USER:
		if (!row_uid(row, &uid))
			return NULL;
		r = asprintf(&s, "%s", user_name(out, uid));
		break;
	case COL_NETNSID:
		if (ns->type != NST_NET || nst_scan_netnsid(out->scan, row->ns, &id) < 0)
			return NULL;
		r = id < 0 ? asprintf(&s, "unassigned") : asprintf(&s, "%d", id);
		break;
	case COL_NSFS:
		r = nst_scan_nsfs_paths(out->scan, row->ns,
					out->o->raw || out->o->nowrap ? ',' : '\n', &s);
		if (r == -ENOMEM)
			die(r, "cannot list nsfs mounts");
		if (r < 0) {
			warnx_msg("failed to parse %s/self/mountinfo", out->scan->root);
			exit(EXIT_MOUNTINFO);
		}
		return s;
	case COL_PNS:
	case COL_ONS:
		f = facts(out, row->ns);
		if (!f)
			return NULL;
		r = asprintf(&s, "%" PRIu64, col == COL_PNS ? f->parent_ino : f->owner_ino);
		break;
	case COL_HOLDER:
		return holders(ns);
	case COL_CONTAINER: {
		pid_t pid = proc ? proc->pid : ns->hold_pid;

		if (!pid || nst_container_read(out->scan->rootfd, pid, &s) <= 0)
			return NULL;
		return s;
	}
	default:
		return NULL;
	}
	if (r < 0)
		die(-ENOMEM, "cannot format a table cell");
	return s;
}

static const char *row_cell(struct row *row, int col)
{
	if (!row->have[col]) {
		row->cell[col] = compute(row, col);
		row->have[col] = true;
	}
	return row->cell[col];
}

static void row_done(struct row *row)
{
	for (int i = 0; i < _COL_MAX; i++)
		free(row->cell[i]);
}

static const char *filter_cell(void *userdata, size_t column)
{
	struct row *row = userdata;

	return row_cell(row, row->out->o->filter_cols[column]);
}

static bool row_matches(struct row *row)
{
	return !row->out->o->filter || nst_filter_match(row->out->o->filter, filter_cell, row) > 0;
}

static struct libscols_line *add_row(struct row *row, struct libscols_line *parent)
{
	struct out *out = row->out;
	struct libscols_line *line = scols_table_new_line(out->tab, parent);

	if (!line)
		die(-ENOMEM, "cannot add a table row");
	for (size_t i = 0; i < out->o->ncolumns; i++) {
		int col = out->o->columns[i];
		const char *s = row_cell(row, col);

		if (s && scols_line_set_data(line, i, s) < 0)
			die(-ENOMEM, "cannot fill a table row");
	}
	if (row->p >= 0)
		out->proc_line[row->p] = line;
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

/* The namespace a row hangs under in an owner or parent tree, or -1. */
static int relative(struct out *out, size_t idx)
{
	const struct nst_scan_ns *ns = &out->scan->ns[idx];
	const struct nst_scan_facts *f = facts(out, idx);
	uint64_t ino;
	enum nst_type type = NST_USER;

	if (!f)
		return -1;
	ino = f->owner_ino;
	if (out->o->tree == TREE_PARENT && (ns->type == NST_PID || ns->type == NST_USER) &&
	    f->parent_ino) {
		ino = f->parent_ino;
		type = ns->type;
	}
	if (!ino)
		return -1;
	return nst_scan_find(out->scan, type, ino);
}

/* The row of namespace idx in an owner/parent tree, made after its ancestors' rows (which
 * are printed whether or not they would be listed themselves). */
static struct libscols_line *ns_row(struct out *out, size_t idx, unsigned depth)
{
	const struct nst_scan_ns *ns = &out->scan->ns[idx];
	struct libscols_line *parent = NULL, *line;
	struct row row = { .out = out, .ns = idx, .p = -1 };
	int rel, p;

	if (out->ns_line[idx])
		return out->ns_line[idx];
	rel = relative(out, idx);
	/* the bound guards against a cycle made by inode reuse during the scan */
	if (rel >= 0 && (size_t)rel != idx && depth < 64)
		parent = ns_row(out, (size_t)rel, depth + 1);
	if (out->ns_line[idx])
		return out->ns_line[idx];
	p = ns->pid ? nst_scan_find_proc(out->scan, ns->pid) : -ENOENT;
	row.p = p;
	line = add_row(&row, parent);
	row_done(&row);
	out->ns_line[idx] = line;
	return line;
}

/* One row per namespace, sorted by inode; in a tree, under its parent row. */
void add_namespaces(struct out *out)
{
	const struct nst_scan *scan = out->scan;
	const struct opts *o = out->o;
	int task = o->task ? nst_scan_find_proc(scan, o->task) : -ENOENT;

	if (o->task && task < 0)
		return;	/* not a process we could read: it is in none of the namespaces */
	for (size_t i = 0; i < scan->n_ns; i++) {
		const struct nst_scan_ns *ns = &scan->ns[i];
		struct row row = { .out = out, .ns = i, .p = -1 };

		if (!(out->shown_types & NST_MASK(ns->type)))
			continue;
		if (task >= 0 && scan->procs[task].ns[ns->type] != i)
			continue;
		if (o->persistent && ns->nprocs)
			continue;
		if (ns->nprocs) {
			int p = nst_scan_find_proc(scan, ns->pid);

			if (p < 0)
				continue;	/* cannot happen: the lowest pid is a member */
			row.p = p;
		}
		if (!row_matches(&row)) {
			row_done(&row);
			continue;
		}
		if (o->tree == TREE_OWNER || o->tree == TREE_PARENT) {
			row_done(&row);
			(void)ns_row(out, i, 0);
			continue;
		}
		add_row(&row, o->tree == TREE_PROCESS && row.p >= 0 ? parent_row(out, (size_t)row.p)
								    : NULL);
		row_done(&row);
	}
}

/* One row per member of namespace ns_idx; in a tree, a member's ancestors that are members
 * too come first, so every row can hang under its parent's. */
void add_members(struct out *out, size_t ns_idx)
{
	const struct nst_scan *scan = out->scan;
	enum nst_type type = scan->ns[ns_idx].type;
	bool tree = out->o->tree != TREE_NONE;
	_cleanup_free_ uint32_t *chain = NULL;
	_cleanup_free_ bool *done = NULL;
	const uint32_t *m;
	size_t n;

	m = nst_scan_members(scan, ns_idx, &n);
	chain = calloc(n + 1, sizeof(*chain));
	done = calloc(scan->n_procs + 1, sizeof(*done));
	if (!chain || !done)
		die(-ENOMEM, "cannot list the processes");
	for (size_t i = 0; i < n; i++) {
		size_t depth = 0;

		if (done[m[i]])
			continue;
		chain[depth++] = m[i];
		/* climb while the parent is a member not yet placed; the bound guards against a
		 * ppid loop made by pid reuse during the walk */
		while (tree && depth < n) {
			pid_t ppid = proc_ppid(out, chain[depth - 1]);
			int pp = ppid > 0 ? nst_scan_find_proc(scan, ppid) : -ENOENT;

			if (pp < 0 || done[pp] || scan->procs[pp].ns[type] != ns_idx)
				break;
			chain[depth++] = (uint32_t)pp;
		}
		while (depth--) {
			size_t p = chain[depth];
			struct row row = { .out = out, .ns = ns_idx, .p = (long)p };

			if (done[p])
				continue;
			done[p] = true;
			if (row_matches(&row))
				add_row(&row, tree ? parent_row(out, p) : NULL);
			row_done(&row);
		}
	}
}

void setup_table(struct out *out)
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
		if (o->raw || o->nowrap)
			flags &= ~SCOLS_FL_WRAP;
		if (o->tree == TREE_PROCESS && id == COL_COMMAND)
			flags |= SCOLS_FL_TREE;
		if ((o->tree == TREE_OWNER || o->tree == TREE_PARENT) && id == COL_NS)
			flags = (flags | SCOLS_FL_TREE) & ~SCOLS_FL_RIGHT;
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

void out_done(struct out *out)
{
	scols_unref_table(out->tab);
	for (size_t i = 0; i < out->n_users; i++)
		free(out->users[i].name);
	free(out->users);
	free(out->proc_line);
	free(out->ns_line);
	free(out->ppid);
}

/* -H: one row per column: its name, JSON type and description. */
void list_columns(const struct opts *o)
{
	struct libscols_table *tab = scols_new_table();
	int r;

	if (!tab)
		die(-ENOMEM, "cannot create the output table");
	scols_table_enable_raw(tab, o->raw);
	scols_table_enable_json(tab, o->json);
	scols_table_enable_noheadings(tab, true);
	if (o->json)
		scols_table_set_name(tab, "lsns-columns");
	if (!scols_table_new_column(tab, "HOLDER", 0, SCOLS_FL_RIGHT) ||
	    !scols_table_new_column(tab, "TYPE", 0, 0) ||
	    !scols_table_new_column(tab, "DESCRIPTION", 0, 0))
		die(-ENOMEM, "cannot create the output columns");
	for (size_t i = 0; i < _COL_MAX; i++) {
		struct libscols_line *line = scols_table_new_line(tab, NULL);

		if (!line || scols_line_set_data(line, 0, infos[i].name) < 0 ||
		    scols_line_set_data(line, 1, infos[i].json_type == SCOLS_JSON_NUMBER
							 ? "<integer>"
							 : "<string>") < 0 ||
		    scols_line_set_data(line, 2, infos[i].help) < 0)
			die(-ENOMEM, "cannot fill a table row");
	}
	r = scols_print_table(tab);
	scols_unref_table(tab);
	if (r < 0)
		die(r, "write error");
}
