/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A recursive-descent parser and evaluator for scols-filter(5) style row filters. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"
#include "macro.h"

enum tok {
	TOK_END,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_AND,
	TOK_OR,
	TOK_NOT,
	TOK_CMP,
	TOK_COLUMN,
	TOK_NUMBER,
	TOK_STRING,
	TOK_BOOL,
};

enum cmp { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_RE, CMP_NRE };

static const struct {
	const char *sym, *word;
} cmp_names[] = {
	[CMP_EQ] = { "==", "eq" }, [CMP_NE] = { "!=", "ne" }, [CMP_LT] = { "<", "lt" },
	[CMP_LE] = { "<=", "le" }, [CMP_GT] = { ">", "gt" },  [CMP_GE] = { ">=", "ge" },
	[CMP_RE] = { "=~", NULL }, [CMP_NRE] = { "!~", NULL },
};

enum node_kind { NODE_AND, NODE_OR, NODE_NOT, NODE_CMP, NODE_VALUE };

struct operand {
	enum tok kind;			/* TOK_COLUMN, TOK_NUMBER, TOK_STRING, TOK_BOOL */
	char *text;			/* string or number as written */
	size_t column;			/* TOK_COLUMN: index into filter->columns */
	double num;			/* TOK_NUMBER; TOK_BOOL: 0 or 1 */
};

struct node {
	enum node_kind kind;
	enum cmp cmp;
	struct node *left, *right;	/* AND, OR; NOT uses left */
	struct operand a, b;		/* CMP uses both, VALUE only a */
	regex_t re;
	bool has_re;
};

struct nst_filter {
	struct node *root;
	char **columns;
	size_t n_columns;
};

struct parser {
	const char *expr, *p;
	struct nst_filter *f;
	/* the current token */
	enum tok tok;
	enum cmp cmp;
	const char *start;		/* where it begins in expr */
	char *text;			/* COLUMN, NUMBER, STRING: malloc'ed */
	double num;
	char *err;
	int r;
};

_printf_(2, 3) static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->r < 0)
		return ps->r;
	va_start(ap, fmt);
	if (vasprintf(&ps->err, fmt, ap) < 0) {
		ps->err = NULL;
		ps->r = -ENOMEM;
	} else
		ps->r = -EINVAL;
	va_end(ap);
	return ps->r;
}

static int oom(struct parser *ps)
{
	ps->r = -ENOMEM;
	return ps->r;
}

static size_t pos(const struct parser *ps)
{
	return (size_t)(ps->start - ps->expr) + 1;
}

static bool word_is(const char *w, size_t len, const char *kw)
{
	return kw && strlen(kw) == len && strncasecmp(w, kw, len) == 0;
}

static int read_string(struct parser *ps)
{
	char quote = *ps->p++;
	size_t n = 0;
	char *s = malloc(strlen(ps->p) + 1);

	if (!s)
		return oom(ps);
	for (;;) {
		char c = *ps->p;

		if (!c) {
			free(s);
			return fail(ps, "unterminated string starting at position %zu", pos(ps));
		}
		ps->p++;
		if (c == quote)
			break;
		if (c == '\\' && *ps->p)
			c = *ps->p++;
		s[n++] = c;
	}
	s[n] = '\0';
	ps->text = s;
	ps->tok = TOK_STRING;
	return 0;
}

static int read_number(struct parser *ps)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(ps->p, &end);
	if (errno || end == ps->p || isalpha((unsigned char)*end) || *end == '_')
		return fail(ps, "invalid number at position %zu", pos(ps));
	ps->text = strndup(ps->p, (size_t)(end - ps->p));
	if (!ps->text)
		return oom(ps);
	ps->num = v;
	ps->p = end;
	ps->tok = TOK_NUMBER;
	return 0;
}

static int read_word(struct parser *ps)
{
	const char *w = ps->p;
	size_t len = 0;

	while (isalnum((unsigned char)w[len]) || w[len] == '_')
		len++;
	ps->p += len;
	if (word_is(w, len, "and") || word_is(w, len, "or") || word_is(w, len, "not")) {
		ps->tok = tolower((unsigned char)w[0]) == 'a'   ? TOK_AND
			  : tolower((unsigned char)w[0]) == 'o' ? TOK_OR
								: TOK_NOT;
		return 0;
	}
	for (size_t c = 0; c < ARRAY_SIZE(cmp_names); c++)
		if (word_is(w, len, cmp_names[c].word)) {
			ps->tok = TOK_CMP;
			ps->cmp = (enum cmp)c;
			return 0;
		}
	if (word_is(w, len, "true") || word_is(w, len, "false")) {
		ps->tok = TOK_BOOL;
		ps->num = tolower((unsigned char)w[0]) == 't';
		ps->text = strndup(w, len);
		return ps->text ? 0 : oom(ps);
	}
	ps->text = strndup(w, len);
	if (!ps->text)
		return oom(ps);
	ps->tok = TOK_COLUMN;
	return 0;
}

static int next(struct parser *ps)
{
	static const struct {
		const char *sym;
		enum tok tok;
		int cmp;
	} syms[] = {
		{ "&&", TOK_AND, 0 },	  { "||", TOK_OR, 0 },	    { "==", TOK_CMP, CMP_EQ },
		{ "!=", TOK_CMP, CMP_NE }, { "<=", TOK_CMP, CMP_LE }, { ">=", TOK_CMP, CMP_GE },
		{ "=~", TOK_CMP, CMP_RE }, { "!~", TOK_CMP, CMP_NRE }, { "<", TOK_CMP, CMP_LT },
		{ ">", TOK_CMP, CMP_GT },  { "!", TOK_NOT, 0 },	    { "(", TOK_LPAREN, 0 },
		{ ")", TOK_RPAREN, 0 },
	};

	free(ps->text);
	ps->text = NULL;
	while (isspace((unsigned char)*ps->p))
		ps->p++;
	ps->start = ps->p;
	if (!*ps->p) {
		ps->tok = TOK_END;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(syms); i++) {
		size_t len = strlen(syms[i].sym);

		if (strncmp(ps->p, syms[i].sym, len) == 0) {
			ps->p += len;
			ps->tok = syms[i].tok;
			ps->cmp = (enum cmp)syms[i].cmp;
			return 0;
		}
	}
	if (*ps->p == '"' || *ps->p == '\'')
		return read_string(ps);
	if (isdigit((unsigned char)*ps->p) ||
	    ((*ps->p == '-' || *ps->p == '+') && isdigit((unsigned char)ps->p[1])))
		return read_number(ps);
	if (isalpha((unsigned char)*ps->p) || *ps->p == '_')
		return read_word(ps);
	return fail(ps, "unexpected character '%c' at position %zu", *ps->p, pos(ps));
}

static const char *tok_desc(const struct parser *ps)
{
	switch (ps->tok) {
	case TOK_END:
		return "end of expression";
	case TOK_LPAREN:
		return "'('";
	case TOK_RPAREN:
		return "')'";
	case TOK_AND:
		return "'&&'";
	case TOK_OR:
		return "'||'";
	case TOK_NOT:
		return "'!'";
	case TOK_CMP:
		return "an operator";
	default:
		return "a value";
	}
}

static void free_operand(struct operand *o)
{
	free(o->text);
}

static void free_node(struct node *n)
{
	if (!n)
		return;
	free_node(n->left);
	free_node(n->right);
	free_operand(&n->a);
	free_operand(&n->b);
	if (n->has_re)
		regfree(&n->re);
	free(n);
}

static struct node *new_node(struct parser *ps, enum node_kind kind)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		(void)oom(ps);
	else
		n->kind = kind;
	return n;
}

static int column_index(struct parser *ps, const char *name, size_t *ret)
{
	char **c;

	for (size_t i = 0; i < ps->f->n_columns; i++)
		if (strcasecmp(ps->f->columns[i], name) == 0) {
			*ret = i;
			return 0;
		}
	c = reallocarray(ps->f->columns, ps->f->n_columns + 1, sizeof(*c));
	if (!c)
		return oom(ps);
	ps->f->columns = c;
	c[ps->f->n_columns] = strdup(name);
	if (!c[ps->f->n_columns])
		return oom(ps);
	*ret = ps->f->n_columns++;
	return 0;
}

/* Take the current token as an operand. */
static int take_operand(struct parser *ps, struct operand *o)
{
	if (ps->tok != TOK_COLUMN && ps->tok != TOK_NUMBER && ps->tok != TOK_STRING &&
	    ps->tok != TOK_BOOL)
		return fail(ps, "expected a column, number or string at position %zu, found %s",
			    pos(ps), tok_desc(ps));
	o->kind = ps->tok;
	o->text = TAKE_PTR(ps->text);
	o->num = ps->num;
	if (o->kind == TOK_COLUMN && column_index(ps, o->text, &o->column) < 0)
		return ps->r;
	return next(ps);
}

/*
 * glibc compiles some patterns into automata that grow exponentially: stacked repetitions
 * ("a++++", "a{9}{9}{9}") and large intervals. POSIX leaves stacked repetitions undefined
 * anyway, so refuse them and intervals above 255 before regcomp() sees them.
 */
static const char *regex_too_costly(const char *re)
{
	bool after_quant = false;

	if (strlen(re) > 1024)
		return "longer than 1024 characters";
	for (const char *p = re; *p; p++) {
		bool quant = false;

		if (*p == '\\') {
			if (p[1])
				p++;
		} else if (*p == '[') {
			/* a bracket expression: ']' first is literal */
			p += p[1] == '^' ? 2 : 1;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
		} else if (*p == '*' || *p == '+' || *p == '?') {
			quant = true;
		} else if (*p == '{') {
			for (const char *q = p + 1; *q && *q != '}'; q++) {
				if (*q >= '0' && *q <= '9' && strtoul(q, NULL, 10) > 255)
					return "repetition count above 255";
				while (q[1] >= '0' && q[1] <= '9')
					q++;
			}
			quant = true;
			while (*p && *p != '}')
				p++;
			if (!*p)
				break;
		}
		if (quant && after_quant)
			return "repeated repetition operator";
		after_quant = quant;
	}
	return NULL;
}

static struct node *parse_or(struct parser *ps);

static struct node *parse_unary(struct parser *ps)
{
	struct node *n;

	if (ps->r < 0)
		return NULL;
	if (ps->tok == TOK_NOT) {
		if (next(ps) < 0)
			return NULL;
		n = new_node(ps, NODE_NOT);
		if (n)
			n->left = parse_unary(ps);
		if (n && !n->left) {
			free_node(n);
			return NULL;
		}
		return n;
	}
	if (ps->tok == TOK_LPAREN) {
		size_t open = pos(ps);

		if (next(ps) < 0)
			return NULL;
		n = parse_or(ps);
		if (!n)
			return NULL;
		if (ps->tok != TOK_RPAREN) {
			(void)fail(ps, "missing ')' for the '(' at position %zu, found %s", open,
				   tok_desc(ps));
			free_node(n);
			return NULL;
		}
		if (next(ps) < 0) {
			free_node(n);
			return NULL;
		}
		return n;
	}
	n = new_node(ps, NODE_VALUE);
	if (!n || take_operand(ps, &n->a) < 0)
		goto err;
	if (ps->tok != TOK_CMP)
		return n;
	n->kind = NODE_CMP;
	n->cmp = ps->cmp;
	if (next(ps) < 0 || take_operand(ps, &n->b) < 0)
		goto err;
	if (n->cmp == CMP_RE || n->cmp == CMP_NRE) {
		const char *why;
		int rc;

		if (n->b.kind != TOK_STRING) {
			(void)fail(ps, "the right side of %s must be a string",
				   cmp_names[n->cmp].sym);
			goto err;
		}
		why = regex_too_costly(n->b.text);
		if (why) {
			(void)fail(ps, "invalid regular expression '%s': %s", n->b.text, why);
			goto err;
		}
		rc = regcomp(&n->re, n->b.text, REG_EXTENDED | REG_NOSUB);
		if (rc) {
			char msg[256];

			regerror(rc, &n->re, msg, sizeof(msg));
			(void)fail(ps, "invalid regular expression '%s': %s", n->b.text, msg);
			goto err;
		}
		n->has_re = true;
	}
	if (ps->tok == TOK_CMP) {
		(void)fail(ps, "comparisons cannot be chained (position %zu)", pos(ps));
		goto err;
	}
	return n;
err:
	free_node(n);
	return NULL;
}

static struct node *parse_binary(struct parser *ps, enum tok op)
{
	struct node *left = op == TOK_OR ? parse_binary(ps, TOK_AND) : parse_unary(ps);

	while (left && ps->tok == op) {
		struct node *n;

		if (next(ps) < 0 || !(n = new_node(ps, op == TOK_OR ? NODE_OR : NODE_AND))) {
			free_node(left);
			return NULL;
		}
		n->left = left;
		n->right = op == TOK_OR ? parse_binary(ps, TOK_AND) : parse_unary(ps);
		if (!n->right) {
			free_node(n);
			return NULL;
		}
		left = n;
	}
	return left;
}

static struct node *parse_or(struct parser *ps)
{
	return parse_binary(ps, TOK_OR);
}

int nst_filter_parse(const char *expr, struct nst_filter **ret_filter, char **reterr_msg)
{
	struct parser ps = { .expr = expr, .p = expr };
	struct nst_filter *f;

	*reterr_msg = NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	ps.f = f;
	ps.start = expr;
	if (next(&ps) == 0) {
		if (ps.tok == TOK_END)
			(void)fail(&ps, "empty expression");
		else
			f->root = parse_or(&ps);
	}
	if (f->root && ps.tok != TOK_END)
		(void)fail(&ps, "unexpected %s at position %zu", tok_desc(&ps), pos(&ps));
	free(ps.text);
	if (ps.r < 0) {
		nst_filter_free(f);
		*reterr_msg = ps.err;
		return ps.r;
	}
	*ret_filter = f;
	return 0;
}

void nst_filter_free(struct nst_filter *filter)
{
	if (!filter)
		return;
	free_node(filter->root);
	for (size_t i = 0; i < filter->n_columns; i++)
		free(filter->columns[i]);
	free(filter->columns);
	free(filter);
}

size_t nst_filter_n_columns(const struct nst_filter *filter)
{
	return filter->n_columns;
}

const char *nst_filter_column(const struct nst_filter *filter, size_t i)
{
	return i < filter->n_columns ? filter->columns[i] : NULL;
}

struct eval {
	const char *(*cell)(void *userdata, size_t column);
	void *userdata;
	const char **cache;
	bool *have;
};

static const char *value(struct eval *ev, const struct operand *o)
{
	if (o->kind != TOK_COLUMN)
		return o->text;
	if (!ev->have[o->column]) {
		ev->cache[o->column] = ev->cell(ev->userdata, o->column);
		ev->have[o->column] = true;
	}
	return ev->cache[o->column] ? ev->cache[o->column] : "";
}

static bool to_number(const struct operand *o, const char *s, double *ret)
{
	char *end;

	if (o->kind == TOK_NUMBER || o->kind == TOK_BOOL) {
		*ret = o->num;
		return true;
	}
	if (!*s)
		return false;
	errno = 0;
	*ret = strtod(s, &end);
	return !errno && !*end && !isnan(*ret);
}

static bool compare(struct eval *ev, const struct node *n)
{
	const char *a = value(ev, &n->a), *b;
	int c;

	if (n->cmp == CMP_RE || n->cmp == CMP_NRE)
		return (regexec(&n->re, a, 0, NULL, 0) == 0) == (n->cmp == CMP_RE);
	b = value(ev, &n->b);
	if (n->a.kind == TOK_NUMBER || n->b.kind == TOK_NUMBER) {
		double x, y;

		if (!to_number(&n->a, a, &x) || !to_number(&n->b, b, &y))
			return n->cmp == CMP_NE;
		c = (x > y) - (x < y);
	} else
		c = strcmp(a, b);
	switch (n->cmp) {
	case CMP_EQ:
		return c == 0;
	case CMP_NE:
		return c != 0;
	case CMP_LT:
		return c < 0;
	case CMP_LE:
		return c <= 0;
	case CMP_GT:
		return c > 0;
	default:
		return c >= 0;
	}
}

static bool eval(struct eval *ev, const struct node *n)
{
	const char *s;

	switch (n->kind) {
	case NODE_AND:
		return eval(ev, n->left) && eval(ev, n->right);
	case NODE_OR:
		return eval(ev, n->left) || eval(ev, n->right);
	case NODE_NOT:
		return !eval(ev, n->left);
	case NODE_CMP:
		return compare(ev, n);
	default:
		if (n->a.kind == TOK_NUMBER || n->a.kind == TOK_BOOL)
			return n->a.num != 0;
		s = value(ev, &n->a);
		return *s && strcmp(s, "0") != 0;
	}
}

int nst_filter_match(const struct nst_filter *filter,
		     const char *(*cell)(void *userdata, size_t column), void *userdata)
{
	size_t n = filter->n_columns + 1;
	const char *cache[n];
	bool have[n];
	struct eval ev = { .cell = cell, .userdata = userdata, .cache = cache, .have = have };

	memset(have, 0, sizeof(have));
	return eval(&ev, filter->root) ? 1 : 0;
}
