/*
 * checksum_text.c - the text a checksum covers, where it is not the text
 * the migrator runs.
 *
 * Checksums are frozen once released (compile.c): a renderer fix must not
 * change the checksum of a revision a database already recorded.  Until
 * this round the renderer wrote `deferrable` / `initially deferred` only
 * for foreign keys, so a deferrable primary key or unique constraint ran
 * as not deferrable (a defect: the model said deferrable).  The fix runs
 * the clause; the checksums (v1 and v2) keep covering the text without
 * it, so rows recorded before the fix still verify.  The database such a
 * row describes has the key not deferrable: `check` reports that drift.
 *
 * Guarantees: NULL when the checksum text is the run text (nearly always,
 * and without rendering twice); never writes the statement.
 */
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "project.h"
#include "sql.h"

static bool key_deferrable(const struct ast_constraint *c)
{
	return c && (c->kind == CON_PRIMARY_KEY || c->kind == CON_UNIQUE) &&
	       (c->deferrable || c->initially_deferred);
}

static bool any_in(const struct ast_constraint *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (key_deferrable(&v[i]))
			return true;
	return false;
}

static bool needs_legacy(const struct ast_stmt *s)
{
	if (s->kind == STMT_CREATE_TABLE) {
		for (size_t i = 0; i < s->u.table.n_columns; i++)
			if (any_in(s->u.table.columns[i].constraints,
				   s->u.table.columns[i].n_constraints))
				return true;
		return any_in(s->u.table.constraints, s->u.table.n_constraints);
	}
	if (s->kind == STMT_ALTER_TABLE)
		for (size_t i = 0; i < s->u.alter.n_alters; i++) {
			const struct ast_alter *al = &s->u.alter.alters[i];
			if (key_deferrable(al->constraint) ||
			    (al->column && any_in(al->column->constraints, al->column->n_constraints)))
				return true;
		}
	return false;
}

/* A copy of v[0..n) with the keys' deferrability cleared. */
static struct ast_constraint *plain_keys(struct arena *a, const struct ast_constraint *v, size_t n)
{
	if (!v || !n)
		return (struct ast_constraint *)v;
	struct ast_constraint *c = arena_calloc(a, n, sizeof *c);
	memcpy(c, v, n * sizeof *c);
	for (size_t i = 0; i < n; i++)
		if (key_deferrable(&c[i]))
			c[i].deferrable = c[i].initially_deferred = false;
	return c;
}

static struct ast_column *plain_cols(struct arena *a, const struct ast_column *v, size_t n)
{
	if (!v || !n)
		return (struct ast_column *)v;
	struct ast_column *c = arena_calloc(a, n, sizeof *c);
	memcpy(c, v, n * sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i].constraints = plain_keys(a, v[i].constraints, v[i].n_constraints);
	return c;
}

const char *checksum_text(struct arena *a, const struct ast_stmt *s, const char *default_schema)
{
	if (!needs_legacy(s))
		return NULL;
	struct ast_stmt c = *s;
	if (s->kind == STMT_CREATE_TABLE) {
		c.u.table.columns = plain_cols(a, s->u.table.columns, s->u.table.n_columns);
		c.u.table.constraints = plain_keys(a, s->u.table.constraints, s->u.table.n_constraints);
	} else {
		struct ast_alter *al = arena_calloc(a, s->u.alter.n_alters, sizeof *al);
		memcpy(al, s->u.alter.alters, s->u.alter.n_alters * sizeof *al);
		for (size_t i = 0; i < s->u.alter.n_alters; i++) {
			al[i].constraint = plain_keys(a, al[i].constraint, al[i].constraint ? 1 : 0);
			al[i].column = plain_cols(a, al[i].column, al[i].column ? 1 : 0);
		}
		c.u.alter.alters = al;
	}
	struct sql_slots slots;
	return sql_render_stmt_slots(a, &c, default_schema, &slots);
}
