/*
 * replay_helpers.h - shared helpers of test_replay.c and test_invert.c.
 *
 * Statements are written as text and parsed with the real front end.
 * inv() checks a derived downgrade twice: applied as AST, and rendered to
 * SQL, parsed back and applied; both must give back the starting model.
 */
#ifndef MIGC_REPLAY_HELPERS_H
#define MIGC_REPLAY_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "invert.h"
#include "model.h"
#include "parse.h"
#include "replay.h"
#include "sql.h"
#include "srcfile.h"
#include "tap.h"

static struct arena A;
static char *last_out;		/* diagnostics of the last apply() */

static inline struct ast_file *parse_text(const char *text, struct diag *d)
{
	struct src_file *f = src_from_text(&A, "t.mig", text, strlen(text));
	return parse_file(&A, d, f, PARSE_SCHEMA);
}

/* Replays `text` into m; returns the number of errors (diagnostics in
 * last_out). */
static inline int apply(struct model *m, const char *text)
{
	size_t len = 0;
	char *buf = NULL;
	FILE *out = open_memstream(&buf, &len);
	struct diag d;
	diag_init(&d, out);
	struct ast_file *f = parse_text(text, &d);
	if (d.n_errors == 0) {
		struct replay_ctx ctx = { .arena = &A, .diag = &d };
		for (size_t i = 0; i < f->n_stmts; i++)
			replay_stmt(&ctx, m, &f->stmts[i]);
	}
	fclose(out);
	last_out = arena_strdup(&A, buf ? buf : "");
	free(buf);
	return d.n_errors;
}

static inline struct model *mk(const char *setup)
{
	struct model *m = model_new(&A, "public");
	if (setup && apply(m, setup) != 0) {
		printf("# setup failed: %s\n", last_out);
		ok(0, "setup");
	}
	return m;
}

/* The error `text` gives after `setup` contains `want`, and the model is
 * unchanged by the failing statement. */
static inline void err(const char *setup, const char *text, const char *want)
{
	struct model *m = mk(setup);
	struct model *before = model_clone(&A, m);
	int n = apply(m, text);
	const char **lines;
	size_t nd = model_diff(&A, before, m, &lines);
	bool found = strstr(last_out, want) != NULL;
	ok(n > 0 && found && nd == 0, want);
	if (!(n > 0 && found))
		printf("#   for: %s\n#   got: %s\n", text, last_out);
	if (nd)
		printf("#   model changed: %s\n", lines[0]);
}

static inline void good(struct model *m, const char *text, const char *name)
{
	int n = apply(m, text);
	ok(n == 0, name);
	if (n)
		printf("#   %s\n", last_out);
}

static inline bool has_rel(struct model *m, const char *name)
{
	return model_rel(m, NULL, name) != NULL;
}

static inline bool has_con(struct model *m, const char *table, const char *name)
{
	struct m_table *t = model_table(m, NULL, table);
	return t && table_constraint(t, name);
}

/* Every table's reverse foreign-key list matches the foreign keys that
 * really point at it (the bookkeeping drops and renames rely on). */
static inline bool refs_consistent(struct model *m)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(m, &A, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t nt;
		struct m_table **ts = schema_tables_sorted(ss[i], &A, &nt);
		for (size_t k = 0; k < nt; k++) {
			size_t want = 0;
			for (size_t j = 0; j < ns; j++) {
				size_t no;
				struct m_table **os = schema_tables_sorted(ss[j], &A, &no);
				for (size_t o = 0; o < no; o++)
					for (size_t c = 0; c < os[o]->n_cons; c++) {
						const struct m_constraint *fk = &os[o]->cons[c];
						if (fk->kind == MC_FKEY &&
						    strcmp(fk->ref_table, ts[k]->name) == 0 &&
						    strcmp(fk->ref_schema, ts[k]->schema) == 0) {
							want++;
							bool listed = false;
							for (size_t r = 0; r < ts[k]->n_refs; r++)
								listed |= strcmp(ts[k]->refs[r].table, os[o]->name) == 0 &&
									  strcmp(ts[k]->refs[r].schema, os[o]->schema) == 0;
							if (!listed)
								return false;
						}
					}
			}
			if (want != ts[k]->n_refs)
				return false;
		}
	}
	return true;
}

/* ---- inversion ----------------------------------------------------- */

static inline void inv(const char *setup, const char *text, const char *name)
{
	struct model *m = mk(setup);
	struct diag d;
	diag_init(&d, stdout);
	struct ast_file *f = parse_text(text, &d);
	struct replay_ctx ctx = { .arena = &A, .diag = &d };
	struct model *start = model_clone(&A, m);
	struct ast_stmt **groups = arena_calloc(&A, f->n_stmts + 1, sizeof *groups);
	size_t *glen = arena_calloc(&A, f->n_stmts + 1, sizeof *glen);
	bool okay = true;
	for (size_t i = 0; i < f->n_stmts; i++) {
		const char *why = NULL;
		if (!invert_stmt(&ctx, m, &f->stmts[i], &groups[i], &glen[i], &why)) {
			printf("#   cannot invert: %s\n", why);
			okay = false;
		}
		if (!replay_stmt(&ctx, m, &f->stmts[i]))
			okay = false;
	}
	/* the inverse as AST */
	struct model *q = model_clone(&A, m);
	struct strbuf sql;
	sb_init(&sql, &A);
	for (size_t i = f->n_stmts; i-- > 0;) {
		for (size_t k = 0; k < glen[i]; k++) {
			if (!replay_stmt(&ctx, q, &groups[i][k]))
				okay = false;
			sb_printf(&sql, "%s;\n", sql_render_stmt(&A, &groups[i][k]));
		}
	}
	const char **lines;
	size_t nd = model_diff(&A, start, q, &lines);
	for (size_t i = 0; i < nd; i++)
		printf("#   diff: %s\n", lines[i]);
	/* the inverse as rendered SQL, parsed back */
	struct model *q2 = model_clone(&A, m);
	int ne = apply(q2, sb_str(&sql));
	if (ne)
		printf("#   rendered inverse fails: %s\n#   sql: %s\n", last_out, sb_str(&sql));
	size_t nd2 = model_diff(&A, start, q2, &lines);
	for (size_t i = 0; i < nd2; i++)
		printf("#   diff (sql): %s\n", lines[i]);
	okay = okay && refs_consistent(m) && refs_consistent(q) && refs_consistent(q2);
	ok(okay && nd == 0 && ne == 0 && nd2 == 0, name);
	if (!(okay && nd == 0 && ne == 0 && nd2 == 0))
		printf("#   inverse sql:\n%s", sb_str(&sql));
}

static inline void no_inv(const char *setup, const char *text, const char *want)
{
	struct model *m = mk(setup);
	struct diag d;
	diag_init(&d, stdout);
	struct ast_file *f = parse_text(text, &d);
	struct replay_ctx ctx = { .arena = &A, .diag = &d };
	struct ast_stmt *out;
	size_t n;
	const char *why = NULL;
	bool r = invert_stmt(&ctx, m, &f->stmts[0], &out, &n, &why);
	ok(!r && why && strstr(why, want), want);
	if (r || !why)
		printf("#   inverted anyway\n");
	else if (!strstr(why, want))
		printf("#   why: %s\n", why);
}

#endif
