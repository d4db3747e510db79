/*
 * fmt.c - one file formatted, and the proof that formatting kept its
 * meaning (fmt.h).
 *
 * The layout is fmt_layout.c's.  Before a text is handed out it is parsed
 * again and compared with the original: the same statements rendering the
 * same SQL (so the same revision checksums), the same header, the same
 * comments, string literals and expressions byte for byte, every
 * `-- migc:allow` still on the statement it exempts; and formatting it
 * again must change nothing.  A text that fails is never written.
 */
#include "fmt.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "fmt_int.h"
#include "parse.h"
#include "sql.h"
#include "srcfile.h"

bool fmt_is_revision_text(const char *text, size_t len)
{
	static const char *const words[] = {
		"revision", "parent", "message", "upgrade", "downgrade",
		"inexact_downgrade", "no_transaction",
	};
	struct arena a;
	arena_init(&a);
	size_t n;
	const struct fmt_tok *t = fmt_scan(&a, text, len, NULL, 0, &n);
	bool rev = false;
	for (size_t i = 0; i < n; i++) {
		if (fmt_is_comment(&t[i]))
			continue;
		if (t[i].kind == FT_WORD) {
			const char *w = fmt_tok_text(&a, text, &t[i]);
			for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
				if (strcmp(w, words[k]) == 0)
					rev = true;
		}
		break;
	}
	arena_free(&a);
	return rev;
}

/* The statements of a file in order: schema statements, or upgrade then
 * downgrade. */
static size_t proof_stmts(struct arena *a, const struct ast_file *f,
			  const struct ast_stmt ***out)
{
	const struct ast_revision *r = f->revision;
	size_t n = r ? r->n_upgrade + r->n_downgrade : f->n_stmts, k = 0;
	const struct ast_stmt **v = arena_calloc(a, n ? n : 1, sizeof *v);
	if (r) {
		for (size_t i = 0; i < r->n_upgrade; i++)
			v[k++] = &r->upgrade[i];
		for (size_t i = 0; i < r->n_downgrade; i++)
			v[k++] = &r->downgrade[i];
	} else {
		for (size_t i = 0; i < f->n_stmts; i++)
			v[k++] = &f->stmts[i];
	}
	*out = v;
	return n;
}

static unsigned proof_line(const struct src_file *src, uint32_t off)
{
	unsigned line, col;
	src_line_col(src, off, &line, &col);
	return line;
}

static bool proof_trails(const struct ast_file *f, const struct ast_stmt *s,
			 const struct ast_allow *al);

/* The statement a `-- migc:allow` comment applies to, as lint.c decides:
 * own-line, the statement it sits in or the next one; trailing, the one
 * whose lines include it.  -1 for none. */
static long proof_allow_target(const struct ast_file *f,
			       const struct ast_stmt **v, size_t n,
			       const struct ast_allow *al)
{
	long next = -1;
	for (size_t i = 0; i < n; i++) {
		const struct loc *l = &v[i]->loc;
		if (al->own_line) {
			if (l->start <= al->loc.start && al->loc.start < l->end)
				return (long)i;
			if (l->start >= al->loc.end &&
			    (next < 0 || l->start < v[next]->loc.start))
				next = (long)i;
		} else if (proof_trails(f, v[i], al)) {
			return (long)i;
		}
	}
	return next;
}

/* Whether a trailing `-- migc:allow` is on one of the statement's lines. */
static bool proof_trails(const struct ast_file *f, const struct ast_stmt *s,
			 const struct ast_allow *al)
{
	unsigned line = proof_line(f->src, al->loc.start);
	uint32_t last = s->loc.end > s->loc.start ? s->loc.end - 1 : s->loc.start;
	return proof_line(f->src, s->loc.start) <= line && line <= proof_line(f->src, last);
}

/* A trailing `-- migc:allow` exempts every statement on its line (lint.c),
 * but fmt gives each statement its own line, so such a comment cannot stay
 * on all of them: reported as an error at the comment, the file untouched.
 * Returns whether there was one. */
static bool fmt_shared_allow(struct arena *a, struct diag *d, const struct ast_file *f)
{
	const struct ast_stmt **v;
	size_t n = proof_stmts(a, f, &v);
	bool found = false;
	for (size_t i = 0; i < f->n_allows; i++) {
		const struct ast_allow *al = &f->allows[i];
		size_t covered = 0;
		if (al->own_line)
			continue;
		for (size_t k = 0; k < n; k++)
			covered += proof_trails(f, v[k], al);
		if (covered > 1) {
			diag_error(d, al->loc, "this migc:allow comment trails %zu statements on one "
				   "line; migc fmt puts each statement on its own line: write one "
				   "statement per line first", covered);
			found = true;
		}
	}
	return found;
}

static bool proof_str_eq(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

static const char *proof_header(const struct ast_revision *x,
				const struct ast_revision *y)
{
	if (!x || !y)
		return x == y ? NULL : "the file kind changed";
	if (!proof_str_eq(x->id.name, y->id.name) || x->parent_base != y->parent_base ||
	    x->n_parents != y->n_parents || !proof_str_eq(x->message, y->message) ||
	    x->inexact_downgrade != y->inexact_downgrade ||
	    x->no_transaction != y->no_transaction ||
	    x->has_upgrade != y->has_upgrade || x->has_downgrade != y->has_downgrade ||
	    x->n_upgrade != y->n_upgrade || x->n_downgrade != y->n_downgrade)
		return "the revision header or its blocks changed";
	for (size_t i = 0; i < x->n_parents; i++)
		if (!proof_str_eq(x->parents[i].name, y->parents[i].name))
			return "a parent changed";
	return NULL;
}

/* Comments and string literals, in order, byte for byte. */
static const char *proof_verbatim(struct arena *a, const struct src_file *x,
				  const struct src_file *y)
{
	size_t nx, ny, i = 0, k = 0;
	const struct fmt_tok *tx = fmt_scan(a, x->text, x->len, NULL, 0, &nx);
	const struct fmt_tok *ty = fmt_scan(a, y->text, y->len, NULL, 0, &ny);
	for (;;) {
		while (i < nx && !fmt_is_comment(&tx[i]) && tx[i].kind != FT_STRING)
			i++;
		while (k < ny && !fmt_is_comment(&ty[k]) && ty[k].kind != FT_STRING)
			k++;
		if (i == nx || k == ny)
			return i == nx && k == ny ? NULL : "a comment or string was lost";
		if (tx[i].kind != ty[k].kind ||
		    tx[i].end - tx[i].start != ty[k].end - ty[k].start ||
		    memcmp(x->text + tx[i].start, y->text + ty[k].start,
			   tx[i].end - tx[i].start) != 0)
			return "a comment or string changed";
		i++;
		k++;
	}
}

static const char *proof_same(struct arena *a, const struct ast_file *x,
			      const struct ast_file *y)
{
	const char *why = proof_header(x->revision, y->revision);
	if (why)
		return why;
	const struct ast_stmt **vx, **vy;
	size_t nx = proof_stmts(a, x, &vx), ny = proof_stmts(a, y, &vy);
	if (nx != ny)
		return "the number of statements changed";
	for (size_t i = 0; i < nx; i++)
		if (strcmp(sql_render_stmt(a, vx[i]), sql_render_stmt(a, vy[i])) != 0)
			return "a statement renders different SQL";
	if (x->n_allows != y->n_allows)
		return "a migc:allow comment was lost";
	for (size_t i = 0; i < x->n_allows; i++)
		if (strcmp(x->allows[i].text, y->allows[i].text) != 0 ||
		    x->allows[i].own_line != y->allows[i].own_line ||
		    proof_allow_target(x, vx, nx, &x->allows[i]) !=
			    proof_allow_target(y, vy, ny, &y->allows[i]))
			return "a migc:allow comment moved to another statement";
	return proof_verbatim(a, x->src, y->src);
}

enum fmt_result fmt_source(struct arena *a, struct diag *d,
			   const struct src_file *src, bool schema,
			   const char **out, const char **why)
{
	enum parse_mode mode = schema ? PARSE_SCHEMA : PARSE_REVISION;
	*out = NULL;
	*why = NULL;
	int before = d->n_errors;
	const struct ast_file *f = parse_file(a, d, src, mode);
	if (d->n_errors > before || fmt_shared_allow(a, d, f))
		return FMT_SYNTAX;
	const char *text = fmt_layout(a, f);

	struct diag quiet;
	diag_init_silent(&quiet);
	const struct src_file *again = src_from_text(a, src->path, text, strlen(text));
	const struct ast_file *g = parse_file(a, &quiet, again, mode);
	if (quiet.n_errors)
		*why = "the formatted text does not parse";
	else
		*why = proof_same(a, f, g);
	if (!*why && strcmp(fmt_layout(a, g), text) != 0)
		*why = "formatting the result changes it again";
	if (*why)
		return FMT_INTERNAL;
	*out = text;
	return FMT_OK;
}
