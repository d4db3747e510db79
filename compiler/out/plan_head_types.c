/*
 * plan_head_types.c - the columns whose type changed while they had a
 * default, for the head script of `check` (plan_head.c, plan_head.h).
 *
 * PostgreSQL keeps a column's default expression when the column changes
 * type, coerced to the new type: varchar(80) default 'x' changed to text
 * prints 'x'::character varying, where a text column made with default 'x'
 * prints 'x'::text.  The model keeps the default as written, so a head
 * script that creates the column with its final type would show drift
 * that is not there.  This file replays the history on a model, finds
 * every such column that still has the default set before its type
 * changes, and the head script then creates it with the type it had when
 * its default was set and changes the type in the same steps (the server
 * then stores exactly what the history gave it).
 *
 * A followed column keeps being followed through renames of it and of its
 * table.  Guarantees: plan_head_type_chains() returns false (the head
 * needs the replay) when a statement of the history does not replay on
 * the model without migc.conf's naming conventions.
 */
#include "plan_head.h"

#include <string.h>

#include "arena.h"
#include "ast.h"
#include "conf.h"
#include "diag.h"
#include "model.h"
#include "project.h"
#include "replay.h"

static const char *schema_of(const struct model *m, const char *schema)
{
	return schema ? schema : m->default_schema;
}

static struct head_chain *chain_find(struct head_chains *c, const char *schema,
				     const char *table, const char *col)
{
	for (size_t i = 0; i < c->n; i++) {
		struct head_chain *h = &c->v[i];
		if (!h->dead && strcmp(h->schema, schema) == 0 &&
		    strcmp(h->table, table) == 0 && (!col || strcmp(h->col, col) == 0))
			return h;
	}
	return NULL;
}

/* Forgets the chains of `table` (every column when `col` is NULL). */
static void chain_forget(struct head_chains *c, const char *schema, const char *table,
			 const char *col)
{
	struct head_chain *h;
	while ((h = chain_find(c, schema, table, col)))
		h->dead = true;
}

static void chain_push_type(struct arena *a, struct head_chain *h, struct ast_type t)
{
	struct ast_type *grown = arena_calloc(a, h->n_types + 1, sizeof *grown);
	if (h->n_types)
		memcpy(grown, h->types, h->n_types * sizeof *grown);
	grown[h->n_types++] = t;
	h->types = grown;
}

static struct head_chain *chain_new(struct arena *a, struct head_chains *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 8;
		struct head_chain *grown = arena_calloc(a, cap, sizeof *grown);
		if (c->n)
			memcpy(grown, c->v, c->n * sizeof *grown);
		c->v = grown;
		c->cap = cap;
	}
	struct head_chain *h = &c->v[c->n++];
	memset(h, 0, sizeof *h);
	return h;
}

/* Before statement `s` runs on `m`: the type changes of columns with a
 * default (marked in `pending`), and what ends a chain. */
static bool before_stmt(struct head_chains *c, const struct model *m,
			const struct ast_stmt *s, bool *pending)
{
	const char *schema = schema_of(m, s->target.schema);

	switch (s->kind) {
	case STMT_RENAME_TABLE:	/* a followed column moves along */
		for (size_t i = 0; i < c->n; i++)
			if (!c->v[i].dead && strcmp(c->v[i].schema, schema) == 0 &&
			    strcmp(c->v[i].table, s->target.name) == 0)
				c->v[i].table = s->u.rename.new_name.name;
		return true;
	case STMT_RENAME_COLUMN: {
		struct head_chain *h = chain_find(c, schema, s->target.name, s->u.rename.member.name);
		if (h)
			h->col = s->u.rename.new_name.name;
		return true;
	}
	case STMT_DROP_TABLE:
		for (size_t i = 0; i < ast_drop_count(s); i++) {	/* drop table a, b: each */
			struct ast_stmt one = ast_drop_one(s, i);
			chain_forget(c, schema_of(m, one.target.schema), one.target.name, NULL);
		}
		return true;
	case STMT_DROP_SCHEMA:
		for (size_t k = 0; k < ast_drop_count(s); k++) {	/* drop schema a, b: each */
			struct ast_stmt one = ast_drop_one(s, k);
			for (size_t i = 0; i < c->n; i++)
				if (strcmp(c->v[i].schema, one.target.name) == 0)
					c->v[i].dead = true;
		}
		return true;
	case STMT_ALTER_TABLE:
		break;
	default:
		return true;
	}
	const struct m_table *t = model_table(m, schema, s->target.name);
	for (size_t i = 0; i < s->u.alter.n_alters; i++) {
		const struct ast_alter *al = &s->u.alter.alters[i];
		const char *col = al->name.name;
		pending[i] = false;
		if (al->kind == ALT_SET_DEFAULT || al->kind == ALT_DROP_DEFAULT ||
		    al->kind == ALT_DROP_COLUMN) {
			chain_forget(c, schema, s->target.name, col);
			continue;
		}
		if (al->kind != ALT_ALTER_TYPE || !t)
			continue;
		const struct m_column *mc = table_column(t, col);
		if (!mc || !mc->default_text || mc->serial || mc->identity != ID_NONE ||
		    mc->generated)
			continue;
		pending[i] = true;
	}
	return true;
}

/* After `s` ran: the new types of the columns marked in `pending`. */
static void after_stmt(struct arena *a, struct head_chains *c, const struct model *before,
		       const struct model *m, const struct ast_stmt *s, const bool *pending)
{
	const char *schema = schema_of(m, s->target.schema);
	const struct m_table *t0 = model_table(before, schema, s->target.name);
	const struct m_table *t = model_table(m, schema, s->target.name);

	for (size_t i = 0; i < s->u.alter.n_alters; i++) {
		if (!pending[i] || !t || !t0)
			continue;
		const char *col = s->u.alter.alters[i].name.name;
		const struct m_column *mc0 = table_column(t0, col);
		const struct m_column *mc = table_column(t, col);
		if (!mc || !mc0)
			continue;
		struct head_chain *h = chain_find(c, schema, s->target.name, col);
		if (!h) {
			h = chain_new(a, c);
			h->schema = schema;
			h->table = s->target.name;
			h->col = col;
			h->first = mc0->type;
		}
		chain_push_type(a, h, mc->type);
	}
}

bool plan_head_type_chains(struct arena *a, const struct project *p, struct head_chains *out)
{
	struct diag quiet;
	struct replay_ctx ctx = { .arena = a, .diag = &quiet };
	struct model *m = model_new(a, p->conf.default_schema);

	memset(out, 0, sizeof *out);
	diag_init_silent(&quiet);
	conf_seed_extensions(&p->conf, m, a);
	for (size_t r = 0; r < p->n_revs; r++) {
		const struct ast_revision *ar = p->revs[r]->ast;
		for (size_t i = 0; i < ar->n_upgrade; i++) {
			const struct ast_stmt *s = &ar->upgrade[i];
			size_t n_alters = s->kind == STMT_ALTER_TABLE ? s->u.alter.n_alters : 0;
			bool *pending = arena_calloc(a, n_alters + 1, sizeof *pending);
			bool any = false;
			if (!before_stmt(out, m, s, pending))
				return false;
			for (size_t k = 0; k < n_alters; k++)
				any |= pending[k];
			/* a clone freezes m: only when a type change is followed */
			struct model *before = any ? model_clone(a, m) : NULL;
			/* names need no conventions here: a statement that does
			 * not replay without them sends the head to the replay */
			if (!replay_stmt(&ctx, m, s))
				return false;
			if (any)
				after_stmt(a, out, before, m, s, pending);
		}
	}
	return true;
}
