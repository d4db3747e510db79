/*
 * replay_alter.c - ALTER TABLE actions, applied in the order written.
 *
 * Each action re-fetches the table by name: an earlier action (or a
 * cascade) may have replaced the table object with a copy.
 */
#include <string.h>

#include "arena.h"
#include "replay_int.h"

static struct m_column *rp_alter_col(struct rp *r, struct m_table *t,
				     const struct ast_alter *al)
{
	struct m_column *c = table_column(t, al->name.name);
	if (!c)
		rp_error(r, al->name.loc, "column \"%s\" does not exist in table \"%s\"",
			 al->name.name, rp_table_label(r, t));
	return c;
}

static bool rp_add_column(struct rp *r, struct m_table *t, const struct ast_alter *al)
{
	const struct ast_constraint **cons = NULL;
	size_t n = 0;
	struct m_column col;
	if (!rp_build_column(r, t, al->column, &col, &cons, &n) ||
	    !rp_identity_column(r, al->column, &col))
		return false;
	t = model_table_mut(r->m, r->a, t);
	struct m_column *c = table_add_column(t, r->a);
	*c = col;
	if ((c->serial || c->identity) && !rp_add_sequence(r, t, c))
		return false;
	const char **colnames = arena_calloc(r->a, n + 1, sizeof *colnames);
	for (size_t i = 0; i < n; i++)
		colnames[i] = col.name;
	return rp_add_constraints(r, t, cons, colnames, n, true);
}

static bool rp_alter_type(struct rp *r, struct m_table *t, const struct ast_alter *al)
{
	struct m_column *c = rp_alter_col(r, t, al);
	if (!c)
		return false;
	enum ast_type_kind k = al->type.kind;
	if (k == TY_SMALLSERIAL || k == TY_SERIAL || k == TY_BIGSERIAL) {
		rp_error(r, al->type.loc, "type \"%s\" does not exist",
			 k == TY_SERIAL ? "serial" : k == TY_BIGSERIAL ? "bigserial" : "smallserial");
		return false;
	}
	struct ast_type ty;
	if (!rp_resolve_type(r, &al->type, &ty))
		return false;
	if (c->identity && (ty.array_dims || !(ty.kind == TY_SMALLINT || ty.kind == TY_INTEGER ||
						 ty.kind == TY_BIGINT))) {
		rp_error(r, al->type.loc, "identity column type must be smallint, integer, or bigint");
		return false;
	}
	if (al->expr) {
		for (size_t i = 0; i < al->expr->n_columns; i++) {
			if (!table_column(t, al->expr->columns[i].name)) {
				rp_error(r, al->expr->columns[i].loc,
					 "column \"%s\" does not exist in table \"%s\"",
					 al->expr->columns[i].name, rp_table_label(r, t));
				return false;
			}
		}
	}
	if (!rp_view_retype(r, t, c->name, al->type.loc))
		return false;
	t = model_table_mut(r->m, r->a, t);
	struct m_column *nc = table_column(t, al->name.name), old = *nc;
	nc->type = ty;
	if (nc->identity)
		nc->id_opts = model_identity_retype(r->a, &old, nc);
	/* the new type's collation unless COLLATE is written, as PostgreSQL */
	if (!rp_collation(r, &al->collation, &nc->coll_schema, &nc->collation))
		return false;
	return rp_recheck_fk_types(r, t, al->name.name, al->type.loc);
}

static bool rp_identity_err(struct rp *r, const struct m_table *t, const struct ast_alter *al)
{
	rp_error(r, al->name.loc, "column \"%s\" of table \"%s\" is an identity column",
		 al->name.name, rp_table_label(r, t));
	return false;
}

static bool rp_col_action(struct rp *r, struct m_table *t, const struct ast_alter *al)
{
	struct m_column *c = rp_alter_col(r, t, al);
	if (!c)
		return false;
	switch (al->kind) {
	case ALT_SET_NOT_NULL:
		break;
	case ALT_DROP_NOT_NULL: {
		const struct m_constraint *pk = table_pkey(t);
		if (pk && constraint_uses_column(pk, c->name)) {
			rp_error(r, al->name.loc, "column \"%s\" is in a primary key", c->name);
			rp_note(r, pk->loc, "primary key \"%s\" was defined here", pk->name);
			return false;
		}
		if (c->identity)
			return rp_identity_err(r, t, al);
		break;
	}
	case ALT_SET_DEFAULT:
		if (c->identity)
			return rp_identity_err(r, t, al);
		if (c->generated) {
			rp_error(r, al->loc, "column \"%s\" of relation \"%s\" is a generated column",
				 c->name, t->name);
			return false;
		}
		if (al->expr && al->expr->n_columns) {
			rp_error(r, al->expr->columns[0].loc,
				 "cannot use column reference in DEFAULT expression");
			return false;
		}
		break;
	case ALT_DROP_DEFAULT:
		if (c->identity)
			return rp_identity_err(r, t, al);
		if (c->generated) {
			rp_error(r, al->loc, "column \"%s\" of relation \"%s\" is a generated column",
				 c->name, t->name);
			rp_note(r, al->loc, "\"alter column ... drop expression\" makes it a plain column, keeping its values");
			return false;
		}
		break;
	default:
		break;
	}
	t = model_table_mut(r->m, r->a, t);
	c = table_column(t, al->name.name);
	if (al->kind == ALT_SET_NOT_NULL || al->kind == ALT_DROP_NOT_NULL)
		c->not_null = al->kind == ALT_SET_NOT_NULL;
	else
		c->default_text = al->kind == ALT_SET_DEFAULT && al->expr ? al->expr->text : NULL;
	return true;
}

static bool rp_con_action(struct rp *r, struct m_table *t, const struct ast_alter *al)
{
	struct m_constraint *c = table_constraint(t, al->name.name);
	if (!c) {
		if (al->kind == ALT_DROP_CONSTRAINT && al->if_exists)
			return true;
		rp_error(r, al->name.loc, "constraint \"%s\" for table \"%s\" does not exist",
			 al->name.name, rp_table_label(r, t));
		return false;
	}
	if (al->kind == ALT_ALTER_CONSTRAINT) {
		if (c->kind != MC_FKEY) {
			rp_error(r, al->name.loc,
				 "constraint \"%s\" of relation \"%s\" is not a foreign key constraint",
				 c->name, rp_table_label(r, t));
			return false;
		}
		t = model_table_mut(r->m, r->a, t);
		c = table_constraint(t, al->name.name);
		c->deferrable = al->deferrable;
		c->initially_deferred = al->initially_deferred;
		return true;
	}
	if (al->kind == ALT_VALIDATE_CONSTRAINT) {
		if (c->kind != MC_FKEY && c->kind != MC_CHECK) {
			rp_error(r, al->name.loc,
				 "constraint \"%s\" of table \"%s\" is not a foreign key or check constraint",
				 c->name, rp_table_label(r, t));
			return false;
		}
		t = model_table_mut(r->m, r->a, t);
		table_constraint(t, al->name.name)->validated = true;
		return true;
	}
	if (c->kind == MC_PKEY || c->kind == MC_UNIQUE) {
		size_t nd;
		struct rp_dep *deps = rp_fk_dependents(r, t, DEP_INDEX, c->name, &nd);
		const char *what = arena_printf(r->a, "constraint \"%s\" on table \"%s\"",
						c->name, rp_table_label(r, t));
		if (!rp_handle_dependents(r, deps, nd, al->cascade, what))
			return false;
	}
	t = model_table_mut(r->m, r->a, model_table(r->m, t->schema, t->name));
	for (size_t i = 0; i < t->n_cons; i++) {
		if (strcmp(t->cons[i].name, al->name.name) == 0) {
			rp_drop_constraint_at(r, t, i);
			break;
		}
	}
	return true;
}

static bool rp_alter_one(struct rp *r, struct m_table *t, const struct ast_alter *al)
{
	switch (al->kind) {
	case ALT_ADD_COLUMN:
		return rp_add_column(r, t, al);
	case ALT_DROP_COLUMN:
		if (!table_column(t, al->name.name)) {
			if (al->if_exists)
				return true;
			rp_alter_col(r, t, al);
			return false;
		}
		t = model_table_mut(r->m, r->a, t);
		return rp_drop_column(r, &t, al->name.name, al->cascade, al->name.loc);
	case ALT_ALTER_TYPE:
		return rp_alter_type(r, t, al);
	case ALT_SET_NOT_NULL:
	case ALT_DROP_NOT_NULL:
	case ALT_SET_DEFAULT:
	case ALT_DROP_DEFAULT:
		return rp_col_action(r, t, al);
	case ALT_ADD_CONSTRAINT: {
		const struct ast_constraint *c = al->constraint;
		const char *none = NULL;
		t = model_table_mut(r->m, r->a, t);
		return rp_add_constraints(r, t, &c, &none, 1, true);
	}
	case ALT_DROP_CONSTRAINT:
	case ALT_VALIDATE_CONSTRAINT:
	case ALT_ALTER_CONSTRAINT:
		return rp_con_action(r, t, al);
	case ALT_ROW_SECURITY:
		return rp_alter_rls(r, t, al);
	case ALT_ADD_IDENTITY:
	case ALT_SET_IDENTITY:
	case ALT_DROP_IDENTITY:
	case ALT_DROP_EXPRESSION:
		return rp_alter_identity(r, t, al);
	}
	return false;
}

bool rp_alter_table(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_table *t = rp_table(r, &s->target, s->if_exists);
	if (!t)
		return rp_missing_ok(r);
	const char *schema = t->schema, *name = t->name;
	for (size_t i = 0; i < s->u.alter.n_alters; i++) {
		t = model_table(r->m, schema, name);
		if (!rp_alter_one(r, t, &s->u.alter.alters[i]))
			return false;
	}
	return true;
}
