/*
 * models_write.c - `migc models --write`: schema.mig rewritten from the
 * replayed head of the history.
 *
 * The statements are autogenerate's from an empty model to the head (so
 * they replay in order), laid out by fmt.  The comments of the schema.mig
 * being replaced are kept where their objects remain: the file's header
 * (the comments before its first blank line), the comments before or
 * after a statement (keyed by its table, index, type, schema, constraint
 * or comment target) and those around a column or constraint of a create
 * table (keyed by the column or constraint).  A comment whose object is
 * not at head is dropped with a note naming its line; an execute
 * statement is dropped with a warning (the head has no object for it).
 * The result is proved by fmt and replaced atomically; --stdout prints it
 * instead.  Exit 0, 1 (the project has errors), 2 (usage, I/O).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "atomic_file.h"
#include "authoring.h"
#include "autogen.h"
#include "autogen_text.h"
#include "diag.h"
#include "fmt.h"
#include "migc.h"
#include "model.h"
#include "model_ast.h"
#include "parse.h"
#include "project.h"
#include "srcfile.h"

/* One comment of the old file and the object it belongs to. */
struct mw_comment {
	const char *key;	/* NULL: the header */
	const char *text;	/* the comment as written */
	uint32_t at;		/* offset in the old file */
	bool used;
};

struct mw {
	struct arena *a;
	const char *dflt;	/* default schema */
	const struct src_file *src;
	struct mw_comment *v;
	size_t n, cap;
};

static void mw_add(struct mw *w, const char *key, uint32_t s, uint32_t e)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 32;
		w->v = arena_grow(w->a, w->v, w->n * sizeof *w->v, cap * sizeof *w->v);
		w->cap = cap;
	}
	w->v[w->n++] = (struct mw_comment){ key, arena_strndup(w->a, w->src->text + s, e - s), s,
					    false };
}

static bool mw_same_line(const char *t, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		if (t[i] == '\n')
			return false;
	return true;
}

/* The comments in [from, to) of the old text: each goes to `before` when
 * it trails on the line where the gap starts (and `before` is set), else
 * to `after`.  Quoted identifiers and strings are skipped. */
static void mw_gap(struct mw *w, uint32_t from, uint32_t to, const char *before, const char *after)
{
	const char *t = w->src->text;
	for (uint32_t i = from; i < to; i++) {
		char c = t[i];
		if (c == '"' || c == '\'') {
			for (i++; i < to && t[i] != c; i++)
				;
			continue;
		}
		if (c == '$') {
			uint32_t k = i + 1;
			while (k < to && (t[k] == '_' || (t[k] >= 'a' && t[k] <= 'z') ||
					  (t[k] >= 'A' && t[k] <= 'Z') || (t[k] >= '0' && t[k] <= '9')))
				k++;
			if (k < to && t[k] == '$') {
				size_t tl = k - i + 1;
				const char *end = NULL;
				for (uint32_t m = k + 1; m + tl <= to; m++)
					if (memcmp(t + m, t + i, tl) == 0) {
						end = t + m;
						break;
					}
				if (end)
					i = (uint32_t)(end - t) + (uint32_t)tl - 1;
			}
			continue;
		}
		uint32_t s = i;
		if (c == '-' && i + 1 < to && t[i + 1] == '-') {
			while (i < to && t[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < to && t[i + 1] == '*') {
			int depth = 0;
			for (; i + 1 < to; i++) {
				if (t[i] == '/' && t[i + 1] == '*')
					depth++, i++;
				else if (t[i] == '*' && t[i + 1] == '/' && --depth == 0) {
					i += 2;
					break;
				}
			}
		} else
			continue;
		const char *key = before && mw_same_line(t, from, s) ? before : after;
		mw_add(w, key, s, i);
		i--;
	}
}

static const char *mw_schema(struct mw *w, const char *s)
{
	return s ? s : w->dflt;
}

static const char *mw_table_key(struct mw *w, const struct ast_name *n)
{
	return arena_printf(w->a, "table %s.%s", mw_schema(w, n->schema), n->name);
}

/* An unnamed index's key: its table and columns (NULL with an expression),
 * which the generated statement, named, has too. */
static const char *mw_index_cols_key(struct mw *w, const struct ast_stmt *s)
{
	struct strbuf sb;
	sb_init(&sb, w->a);
	sb_printf(&sb, "index on %s.%s (", mw_schema(w, s->u.index.table.schema), s->u.index.table.name);
	for (size_t i = 0; i < s->u.index.n_elems; i++) {
		if (!s->u.index.elems[i].column.name)
			return mw_table_key(w, &s->u.index.table);
		sb_printf(&sb, "%s%s", i ? "," : "", s->u.index.elems[i].column.name);
	}
	sb_printf(&sb, ")%s", s->u.index.unique ? " unique" : "");
	return sb_str(&sb);
}

/* The object a statement is about, or NULL (execute, drops, renames). */
static const char *mw_stmt_key(struct mw *w, const struct ast_stmt *s)
{
	switch (s->kind) {
	case STMT_CREATE_TABLE:
		return mw_table_key(w, &s->target);
	case STMT_CREATE_INDEX:
		if (!s->target.name)
			return mw_index_cols_key(w, s);
		return arena_printf(w->a, "index %s.%s",
				    mw_schema(w, s->target.schema ? s->target.schema : s->u.index.table.schema),
				    s->target.name);
	case STMT_ALTER_TABLE:
		if (s->u.alter.n_alters == 1 && s->u.alter.alters[0].kind == ALT_ADD_CONSTRAINT &&
		    s->u.alter.alters[0].constraint->name)
			return arena_printf(w->a, "constraint %s.%s.%s", mw_schema(w, s->target.schema),
					    s->target.name, s->u.alter.alters[0].constraint->name);
		return mw_table_key(w, &s->target);
	case STMT_CREATE_ENUM:
	case STMT_ADD_ENUM_VALUE:
		return arena_printf(w->a, "type %s.%s", mw_schema(w, s->target.schema), s->target.name);
	case STMT_CREATE_SCHEMA:
		return arena_printf(w->a, "schema %s", s->target.name);
	case STMT_COMMENT:
		return arena_printf(w->a, "comment %d %s.%s.%s", (int)s->u.comment.comment_target,
				    mw_schema(w, s->target.schema), s->target.name,
				    s->u.comment.member.name ? s->u.comment.member.name : "");
	default:
		return NULL;
	}
}

/* A create table's columns and table constraints in source order. */
struct mw_elem {
	struct loc loc;
	const char *key;
};

static int mw_elem_cmp(const void *x, const void *y)
{
	const struct mw_elem *a = x, *b = y;
	return a->loc.start < b->loc.start ? -1 : a->loc.start > b->loc.start;
}

static struct mw_elem *mw_elems(struct mw *w, const struct ast_stmt *s, const char *tkey,
				size_t *n)
{
	*n = s->u.table.n_columns + s->u.table.n_constraints;
	struct mw_elem *e = arena_calloc(w->a, *n ? *n : 1, sizeof *e);
	const char *sch = mw_schema(w, s->target.schema);
	for (size_t i = 0; i < s->u.table.n_columns; i++)
		e[i] = (struct mw_elem){ s->u.table.columns[i].loc,
					 arena_printf(w->a, "column %s.%s.%s", sch, s->target.name,
						      s->u.table.columns[i].name.name) };
	for (size_t i = 0; i < s->u.table.n_constraints; i++) {
		const struct ast_constraint *c = &s->u.table.constraints[i];
		e[s->u.table.n_columns + i] = (struct mw_elem){
			c->loc, c->name ? arena_printf(w->a, "constraint %s.%s.%s", sch,
						       s->target.name, c->name) : tkey };
	}
	qsort(e, *n, sizeof *e, mw_elem_cmp);
	return e;
}

/* Every comment of the old file, with its key. */
static void mw_collect(struct mw *w, const struct ast_file *f)
{
	const char *t = w->src->text;
	uint32_t pos = 0;
	const char *prev = NULL;
	for (size_t i = 0; i < f->n_stmts; i++) {
		const struct ast_stmt *s = &f->stmts[i];
		const char *key = mw_stmt_key(w, s);
		uint32_t gap_to = s->loc.start;
		if (i == 0) {
			/* the header: up to the last blank line before the statement */
			uint32_t cut = 0;
			for (uint32_t j = 0; j + 1 < gap_to; j++)
				if (t[j] == '\n') {
					uint32_t k = j + 1;
					while (k < gap_to && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r'))
						k++;
					if (k < gap_to && t[k] == '\n')
						cut = k;
				}
			mw_gap(w, 0, cut, NULL, NULL);
			pos = cut;
		}
		mw_gap(w, pos, gap_to, prev, key ? key : "");
		if (s->kind == STMT_EXECUTE) {
			unsigned line, col;
			src_line_col(w->src, s->loc.start, &line, &col);
			fprintf(stderr, "%s:%u:%u: warning: this execute statement is not kept: the head "
				"has no object for it (write it in a revision)\n", w->src->path, line, col);
		}
		if (s->kind == STMT_CREATE_TABLE) {
			size_t n;
			struct mw_elem *e = mw_elems(w, s, key, &n);
			uint32_t p = s->loc.start;
			const char *before = NULL;
			for (size_t j = 0; j < n; j++) {
				mw_gap(w, p, e[j].loc.start, before, e[j].key);
				/* comments inside an element (between its words) are its own */
				mw_gap(w, e[j].loc.start, e[j].loc.end, NULL, e[j].key);
				p = e[j].loc.end;
				before = e[j].key;
			}
			mw_gap(w, p, s->loc.end, before, before ? before : key);
		} else
			mw_gap(w, s->loc.start, s->loc.end, NULL, key ? key : "");
		pos = s->loc.end;
		prev = key ? key : "";
	}
	if (!f->n_stmts)
		mw_gap(w, 0, (uint32_t)w->src->len, NULL, NULL);
	else
		mw_gap(w, pos, (uint32_t)w->src->len, prev, "end");
}

/* The comments of `key` not yet placed, one per line, indented. */
static void mw_put(struct mw *w, struct strbuf *sb, const char *key, const char *indent)
{
	if (!key)
		return;
	for (size_t i = 0; i < w->n; i++)
		if (!w->v[i].used && w->v[i].key && strcmp(w->v[i].key, key) == 0) {
			w->v[i].used = true;
			sb_printf(sb, "%s%s\n", indent, w->v[i].text);
		}
}

/* Copies the generated text, the old comments inserted before the lines
 * of their objects. */
static const char *mw_merge(struct mw *w, struct diag *d, const char *gen, const char *header)
{
	struct src_file *g = src_from_text(w->a, "<head>", gen, strlen(gen));
	struct ast_file *f = parse_file(w->a, d, g, PARSE_SCHEMA);
	struct strbuf sb;
	sb_init(&sb, w->a);
	for (size_t i = 0; i < w->n; i++)
		if (!w->v[i].key) {
			w->v[i].used = true;
			sb_printf(&sb, "%s\n", w->v[i].text);
		}
	if (!sb.len)
		sb_puts(&sb, header);
	uint32_t pos = 0;
	for (size_t i = 0; f && i < f->n_stmts; i++) {
		const struct ast_stmt *s = &f->stmts[i];
		uint32_t ls, ll;
		src_line_span(g, s->loc.start, &ls, &ll);
		sb_put(&sb, gen + pos, ls - pos);
		pos = ls;
		const char *key = mw_stmt_key(w, s);
		mw_put(w, &sb, key, "");
		if (s->kind == STMT_CREATE_INDEX)
			mw_put(w, &sb, mw_index_cols_key(w, s), "");
		if (s->kind != STMT_CREATE_TABLE)
			continue;
		size_t n;
		struct mw_elem *e = mw_elems(w, s, key, &n);
		for (size_t j = 0; j < n; j++) {
			src_line_span(g, e[j].loc.start, &ls, &ll);
			if (ls < pos)
				continue;
			sb_put(&sb, gen + pos, ls - pos);
			pos = ls;
			mw_put(w, &sb, e[j].key, "    ");
		}
	}
	sb_puts(&sb, gen + pos);
	bool first = true;
	for (size_t i = 0; i < w->n; i++)
		if (!w->v[i].used && w->v[i].key && strcmp(w->v[i].key, "end") == 0) {
			sb_printf(&sb, "%s%s\n", first ? "\n" : "", w->v[i].text);
			w->v[i].used = true;
			first = false;
		}
	for (size_t i = 0; i < w->n; i++)
		if (!w->v[i].used) {
			unsigned line, col;
			src_line_col(w->src, w->v[i].at, &line, &col);
			fprintf(stderr, "%s:%u:%u: note: comment dropped: its object is not at head\n",
				w->src->path, line, col);
		}
	return sb_str(&sb);
}

int models_write(struct arena *a, struct diag *d, const char *root, bool to_stdout)
{
	int status = 0;
	struct project *p = migc_load(a, d, root, MIGC_CHECKED, &status);
	if (!p)
		return status;
	const char *dflt = p->conf.default_schema;
	struct autogen g;
	autogen_diff(a, model_new(a, dflt), p->head_model, &g);
	mast_schema_text(&g.stmts, p->head_model);
	struct strbuf sb;
	sb_init(&sb, a);
	for (size_t i = 0; i < g.stmts.n; i++) {
		sb_putc(&sb, '\n');
		sb_puts(&sb, autogen_stmt_text(a, &g.stmts.v[i], ""));
	}
	const char *gen = arena_strdup(a, sb_str(&sb));
	struct mw w = { .a = a, .dflt = dflt };
	static const char header[] = "-- schema.mig: the schema as it should be at head (the models).\n"
		"-- Written from the history by `migc models --write`.\n";
	const char *text;
	if (p->schema) {
		w.src = p->schema->src;
		mw_collect(&w, p->schema);
	}
	text = mw_merge(&w, d, gen, header);
	const char *path = arena_printf(a, "%s/schema.mig", root);
	struct src_file *src = src_from_text(a, "schema.mig", text, strlen(text));
	const char *out = NULL, *why = NULL;
	if (fmt_source(a, d, src, true, &out, &why) != FMT_OK) {
		diag_finish(d);
		fprintf(stderr, "migc models: cannot lay out schema.mig: %s\n", why ? why : "syntax");
		return 1;
	}
	if (to_stdout) {
		fputs(out, stdout);
		return 0;
	}
	if (atomic_write_file(path, out, strlen(out), ATOMIC_REPLACE, ATOMIC_DEFAULT_MODE) != 0) {
		fprintf(stderr, "migc models: cannot write \"%s\": %s\n", path, strerror(errno));
		return 2;
	}
	printf("wrote %s (%zu statements from the head of the history)\n", path, g.stmts.n);
	return 0;
}
