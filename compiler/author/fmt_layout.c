/*
 * fmt_layout.c - the canonical layout of one .mig file (docs/fmt.md).
 *
 * The AST of a file that parsed says where statements, table elements,
 * column names, types and expressions are; the tokens of fmt_scan.c say
 * everything else, comments included.  fmt_layout() marks the tokens
 * (line breaks, indents, padding, blank lines, ';' to add or drop) and
 * moves a ',' or ';' in front of the comments that trail it on its line;
 * fmt_write.c writes them out.
 */
#include "fmt_int.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"

#define FMT_HEADER_WIDTH 9	/* "revision " "parent   " "message  " */

/* ---- spans from the AST ----------------------------------------------- */

struct span_list {
	struct arena *a;
	struct fmt_span *v;
	size_t n, cap;
};

static void span_add(struct span_list *l, struct loc loc)
{
	if (loc.end <= loc.start)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		l->v = arena_grow(l->a, l->v, l->cap * sizeof *l->v, cap * sizeof *l->v);
		l->cap = cap;
	}
	l->v[l->n++] = (struct fmt_span){ loc.start, loc.end };
}

static void span_expr(struct span_list *l, const struct ast_expr *e)
{
	if (e)
		span_add(l, e->loc);
}

/* A table constraint's expressions: a check's, an exclusion constraint's
 * elements and predicate. */
static void span_con(struct span_list *exprs, const struct ast_constraint *c)
{
	span_expr(exprs, c->expr);
	span_expr(exprs, c->where);
	for (size_t k = 0; k < c->n_excl_elems; k++)
		span_expr(exprs, c->excl_elems[k].expr);
}

static void span_column(struct span_list *exprs, struct span_list *types,
			const struct ast_column *c)
{
	span_add(types, c->type.loc);
	for (size_t k = 0; k < c->n_constraints; k++)
		span_expr(exprs, c->constraints[k].expr);
}

static void span_stmt(struct span_list *exprs, struct span_list *types,
		      const struct ast_stmt *s)
{
	/* plain SQL is kept as written, like an expression; so are create /
	 * drop extension, whose SQL is their text as written (ast_ext.c) */
	if ((s->kind == STMT_EXECUTE && s->u.exec.passthrough) ||
	    ((s->kind == STMT_CREATE_EXTENSION || s->kind == STMT_DROP_EXTENSION) && s->u.ext.sql)) {
		span_add(exprs, s->loc);
		return;
	}
	bool table = s->kind == STMT_CREATE_TABLE, alter = s->kind == STMT_ALTER_TABLE;
	for (size_t i = 0; table && i < s->u.table.n_columns; i++)
		span_column(exprs, types, &s->u.table.columns[i]);
	for (size_t i = 0; table && i < s->u.table.n_constraints; i++)
		span_con(exprs, &s->u.table.constraints[i]);
	for (size_t i = 0; alter && i < s->u.alter.n_alters; i++) {
		const struct ast_alter *al = &s->u.alter.alters[i];
		if (al->column)
			span_column(exprs, types, al->column);
		if (al->kind == ALT_ALTER_TYPE)
			span_add(types, al->type.loc);
		span_expr(exprs, al->expr);
		if (al->constraint)
			span_con(exprs, al->constraint);
	}
	/* a partition key and a bound render as written */
	if (table) {
		span_add(exprs, s->u.table.part_by_loc);
		span_add(exprs, s->u.table.part_bound_loc);
	}
	if (s->kind == STMT_ATTACH_PARTITION)
		span_add(exprs, s->u.part.part_bound_loc);
	/* a policy's expressions render as written */
	if (s->kind == STMT_CREATE_POLICY) {
		span_expr(exprs, s->u.policy.pol_using);
		span_expr(exprs, s->u.policy.pol_check);
	}
	if (s->kind != STMT_CREATE_INDEX)
		return;
	for (size_t i = 0; i < s->u.index.n_elems; i++)
		span_expr(exprs, s->u.index.elems[i].expr);
	span_expr(exprs, s->u.index.where);
}

static int span_cmp(const void *x, const void *y)
{
	const struct fmt_span *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end > b->end ? -1 : a->end < b->end;
}

/* Sorted, the outermost of nested spans kept. */
static void span_finish(struct span_list *l)
{
	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof *l->v, span_cmp);
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++)
		if (k == 0 || l->v[i].start >= l->v[k - 1].end)
			l->v[k++] = l->v[i];
	l->n = k;
}

/* ---- marking ------------------------------------------------------------ */

/* The token starting at byte `at`, or -1. */
static long tok_at(const struct layout *L, uint32_t at)
{
	size_t lo = 0, hi = L->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (L->t[mid].start < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < L->n && L->t[lo].start == at ? (long)lo : -1;
}

/* The token ending at byte `at`, or -1. */
static long tok_ending(const struct layout *L, uint32_t at)
{
	size_t lo = 0, hi = L->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (L->t[mid].end < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < L->n && L->t[lo].end == at ? (long)lo : -1;
}

static void mark_break(struct layout *L, uint32_t at, unsigned indent)
{
	long i = tok_at(L, at);
	if (i >= 0) {
		L->t[i].flags |= FM_BREAK;
		L->t[i].indent = indent;
	}
}

/* A line of a create table's element list (group: the statement). */
static void mark_elem(struct layout *L, uint32_t at, unsigned indent,
		      uint32_t group)
{
	mark_break(L, at, indent);
	long i = tok_at(L, at);
	if (i >= 0) {
		L->t[i].flags |= FM_ELEM;
		L->t[i].group = group;
	}
}

/* Width of a name as written out, in characters. */
static size_t name_width(const struct layout *L, const struct fmt_tok *t)
{
	const char *s = fmt_tok_text(L->a, L->text, t);
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/* create table: one element a line, column names padded to one width,
 * the closing parenthesis on its own line. */
static void mark_create_table(struct layout *L, const struct ast_stmt *s,
			      unsigned indent)
{
	if (s->u.table.n_columns + s->u.table.n_constraints == 0)
		return;
	unsigned inner = indent + FMT_INDENT;
	size_t width = 0;
	for (size_t i = 0; i < s->u.table.n_columns; i++) {
		long k = tok_at(L, s->u.table.columns[i].name.loc.start);
		if (k >= 0 && name_width(L, &L->t[k]) > width)
			width = name_width(L, &L->t[k]);
	}
	for (size_t i = 0; i < s->u.table.n_columns; i++) {
		mark_elem(L, s->u.table.columns[i].loc.start, inner, s->loc.start + 1);
		long k = tok_at(L, s->u.table.columns[i].name.loc.start);
		if (k >= 0) {
			L->t[k].flags |= FM_PAD;
			L->t[k].pad = inner + (unsigned)width + 1;
		}
	}
	for (size_t i = 0; i < s->u.table.n_constraints; i++)
		mark_elem(L, s->u.table.constraints[i].loc.start, inner, s->loc.start + 1);
	long close = tok_ending(L, s->loc.end);
	if (s->u.table.part_of.name) {	/* the ')' before the bound */
		close = tok_at(L, s->u.table.part_bound_loc.start);
		while (close > 0 && fmt_is_comment(&L->t[--close]))
			;
	} else if (s->u.table.part_by) {	/* the ')' before "partition by" */
		close = tok_at(L, s->u.table.part_by_loc.start);
		for (int words = 0; close > 0 && words < 3;)
			if (!fmt_is_comment(&L->t[--close]))
				words++;
	}
	if (close >= 0 && fmt_is_punct(&L->t[close], L->text, ')')) {
		L->t[close].flags |= FM_BREAK | FM_CLOSE | FM_ELEM;
		L->t[close].indent = indent;
		L->t[close].group = s->loc.start + 1;
	}
}

static void mark_types(struct layout *L, const struct span_list *types)
{
	for (size_t i = 0; i < types->n; i++) {
		long k = tok_at(L, types->v[i].start);
		for (; k >= 0 && (size_t)k < L->n && L->t[k].end <= types->v[i].end; k++)
			L->t[k].flags |= FM_TYPE;
	}
}

/* `elem`: an element of a create schema (ast_schema.c), on a line of its
 * own inside it, ended by the next element rather than by a ';'. */
static void mark_stmt(struct layout *L, const struct ast_stmt *s, unsigned indent,
		      bool elem)
{
	mark_break(L, s->loc.start, indent);
	if (s->kind == STMT_CREATE_TABLE)
		mark_create_table(L, s, indent);
	if (s->kind == STMT_ALTER_TABLE && s->u.alter.n_alters > 1)
		for (size_t i = 0; i < s->u.alter.n_alters; i++)
			mark_break(L, s->u.alter.alters[i].loc.start, indent + FMT_INDENT);
	long last = tok_ending(L, s->loc.end);
	if (last < 0 || elem)
		return;
	size_t k = (size_t)last + 1;
	while (k < L->n && fmt_is_comment(&L->t[k]))
		k++;
	if (k >= L->n || !fmt_is_punct(&L->t[k], L->text, ';'))
		L->t[last].flags |= FM_SEMI;
}

/* Is token i followed by a comment on the same line? */
static bool comment_trails(const struct layout *L, size_t i)
{
	if (i + 1 >= L->n || !fmt_is_comment(&L->t[i + 1]))
		return false;
	uint32_t from = L->t[i].end, to = L->t[i + 1].start;
	return memchr(L->text + from, '\n', to - from) == NULL &&
	       memchr(L->text + from, '\r', to - from) == NULL;	/* as fmt_scan.c */
}

/* A ';' with no statement before it is dropped, unless a comment trails
 * it on its line (dropping it would move that comment, a migc:allow
 * among them, onto a line of its own). */
static void mark_empty_stmts(struct layout *L)
{
	const struct fmt_tok *prev = NULL;
	for (size_t i = 0; i < L->n; i++) {
		struct fmt_tok *t = &L->t[i];
		if (fmt_is_comment(t))
			continue;
		if (fmt_is_punct(t, L->text, ';') &&
		    (!prev || fmt_is_punct(prev, L->text, ';') ||
		     fmt_is_punct(prev, L->text, '{'))) {
			if (!comment_trails(L, i))
				t->flags |= FM_DROP;
		} else {
			prev = t;
		}
	}
}

static bool word_is(const struct layout *L, const struct fmt_tok *t,
		    const char *w)
{
	size_t n = strlen(w);
	if (t->kind != FT_WORD || t->end - t->start != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = L->text[t->start + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return false;
	}
	return true;
}

/* A revision file's top level: header items, then the blocks. */
static void mark_revision_top(struct layout *L)
{
	int depth = 0;
	bool any = false;
	for (size_t i = 0; i < L->n; i++) {
		struct fmt_tok *t = &L->t[i];
		if (fmt_is_comment(t))
			continue;
		if (fmt_is_punct(t, L->text, '{')) {
			depth++;
			continue;
		}
		if (fmt_is_punct(t, L->text, '}')) {
			if (--depth == 0) {
				t->flags |= FM_BREAK | FM_CLOSE;
				t->indent = 0;
			}
			continue;
		}
		if (depth > 0)
			continue;
		if (word_is(L, t, "upgrade") || word_is(L, t, "downgrade")) {
			t->flags |= FM_BREAK | (any ? FM_BLANK : 0);
			t->indent = 0;
		} else if (word_is(L, t, "revision") || word_is(L, t, "parent") ||
			   word_is(L, t, "message")) {
			t->flags |= FM_BREAK | FM_PAD;
			t->indent = 0;
			t->pad = FMT_HEADER_WIDTH;
		} else if (word_is(L, t, "inexact_downgrade") ||
			   word_is(L, t, "no_transaction")) {
			t->flags |= FM_BREAK;
			t->indent = 0;
		} else {
			t->flags |= FM_HEADER;
		}
		any = true;
	}
}

/* A ',' or ';' goes before the comments that follow it on the same line
 * ("a -- x\n," reads "a,  -- x"); the comments stay on that line. */
static void bubble_punct(struct layout *L)
{
	for (size_t i = 1; i < L->n; i++) {
		if (!fmt_is_punct(&L->t[i], L->text, ',') &&
		    !fmt_is_punct(&L->t[i], L->text, ';'))
			continue;
		size_t k = i;
		while (k > 0 && fmt_is_comment(&L->t[k - 1]) && L->t[k - 1].nl_before == 0)
			k--;
		if (k == i)
			continue;
		/* the last comment now ends where the punctuation did */
		struct fmt_tok p = L->t[i];
		memmove(&L->t[k + 1], &L->t[k], (i - k) * sizeof *L->t);
		L->t[k] = p;
		L->t[i].nl_after = p.nl_after;
		L->t[k].nl_after = 0;
	}
}

/* A forced blank line goes before the comments that lead into its line. */
static void blank_before_comments(struct layout *L)
{
	for (size_t i = 1; i < L->n; i++) {
		if (!(L->t[i].flags & FM_BLANK))
			continue;
		size_t k = i;
		while (k > 0 && fmt_is_comment(&L->t[k - 1]) && L->t[k].nl_before == 1 &&
		       L->t[k - 1].nl_before > 0)
			k--;
		if (k != i) {
			L->t[i].flags &= ~(unsigned)FM_BLANK;
			L->t[k].flags |= FM_BLANK;
		}
	}
}

/* ---- the file ----------------------------------------------------------- */

const char *fmt_layout(struct arena *a, const struct ast_file *f)
{
	const struct src_file *src = f->src;
	struct span_list exprs = { a, NULL, 0, 0 }, types = { a, NULL, 0, 0 };
	const struct ast_stmt *v[2] = { f->stmts, NULL };
	size_t nv[2] = { f->n_stmts, 0 };
	unsigned base = 0;
	if (f->revision) {
		v[0] = f->revision->upgrade;
		nv[0] = f->revision->n_upgrade;
		v[1] = f->revision->downgrade;
		nv[1] = f->revision->n_downgrade;
		base = FMT_INDENT;
	}
	for (int b = 0; b < 2; b++)
		for (size_t i = 0; i < nv[b]; i++)
			span_stmt(&exprs, &types, &v[b][i]);
	span_finish(&exprs);

	struct layout L = { a, src->text, NULL, 0 };
	L.t = fmt_scan(a, src->text, src->len, exprs.v, exprs.n, &L.n);
	if (f->revision)
		mark_revision_top(&L);
	for (int b = 0; b < 2; b++) {
		struct loc outer = { 0 };	/* the create schema with elements */
		for (size_t i = 0; i < nv[b]; i++) {
			const struct ast_stmt *s = &v[b][i];
			bool elem = outer.end && s->loc.start > outer.start &&
				    s->loc.end <= outer.end;
			mark_stmt(&L, s, elem ? base + FMT_INDENT : base, elem);
			if (s->kind == STMT_CREATE_SCHEMA && s->u.schema.n_elts)
				outer = s->loc;
			else if (!elem)
				outer = (struct loc){ 0 };
		}
	}
	mark_types(&L, &types);
	mark_empty_stmts(&L);
	bubble_punct(&L);
	blank_before_comments(&L);

	return fmt_write(&L);
}
