/*
 * replay_ext.c - create extension and drop extension replayed into the
 * model, with PostgreSQL's checks: the schema exists, the name is new
 * (unless IF NOT EXISTS) or present (unless IF EXISTS), and an extension
 * whose type a column uses is not dropped without CASCADE (which drops
 * those columns, as PostgreSQL does).  An extension declared in migc.conf
 * was installed outside the history: dropping it is an error.
 */
#include <string.h>

#include "arena.h"
#include "replay_int.h"

static bool ext_create(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	const char *name = s->target.name;
	struct m_ext *old = model_ext(r->m, name);
	if (old) {
		if (s->if_not_exists)
			return true;
		rp_error(r, s->target.loc, "extension \"%s\" already exists", name);
		if (old->loc.file)
			rp_note(r, old->loc, "created here");
		return false;
	}
	const char *sch = model_schema_name(r->m, s->u.ext.ext_schema);
	if (!model_schema(r->m, sch)) {
		rp_error(r, s->u.ext.ext_schema ? s->u.ext.ext_schema_loc : s->loc,
			 "schema \"%s\" does not exist", sch);
		return false;
	}
	struct m_ext *e = arena_alloc(r->a, sizeof *e);
	e->name = name;
	e->schema = model_schema(r->m, sch)->name;
	e->version = s->u.ext.ext_version;
	e->loc = s->loc;
	model_ext_set(r->m, r->a, e);
	return true;
}

static bool ext_uses(struct rp *r, const struct m_column *col, void *ctx)
{
	const struct ast_type *ty = &col->type;
	return ty->kind == TY_NAMED &&
	       model_ext_owner(r->m, ty->named.schema, ty->named.name) == ctx;
}

static int ext_drop_col(struct rp *r, struct m_table **tp, size_t c, void *ctx)
{
	(void)ctx;
	struct m_table *t = model_table_mut(r->m, r->a, *tp);
	if (!rp_drop_column(r, &t, t->cols[c].name, true, r->s->loc))
		return -1;
	*tp = t;
	return 1;
}

/* The columns using a type of `e`; without cascade each is a note under
 * one error. */
static bool ext_drop_users(struct rp *r, const struct m_ext *e)
{
	struct rp_col_users u = {
		.what = arena_printf(r->a, "extension \"%s\"", e->name),
		.at = r->s->target.loc, .cascade = r->s->cascade,
		.uses = ext_uses, .drop = ext_drop_col, .ctx = (void *)e,
	};
	return rp_col_users(r, &u);
}

static bool ext_drop(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_ext *e = model_ext(r->m, s->target.name);
	if (!e) {
		if (s->if_exists)
			return true;
		rp_error(r, s->target.loc, "extension \"%s\" does not exist", s->target.name);
		return false;
	}
	if (e->declared) {
		rp_error(r, s->target.loc,
			 "extension \"%s\" is declared in migc.conf (installed outside the history) and cannot be dropped here",
			 e->name);
		return false;
	}
	if (!ext_drop_users(r, e))
		return false;
	model_ext_del(r->m, r->a, e->name);
	return true;
}

bool rp_extension(struct rp *r)
{
	return r->s->kind == STMT_CREATE_EXTENSION ? ext_create(r) : ext_drop(r);
}
