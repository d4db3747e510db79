/*
 * replay_identity.c - identity columns' sequence options and the ALTER
 * COLUMN identity forms replayed into the model, with PostgreSQL 15's
 * checks (tablecmds.c):
 *   add generated ... as identity [(options)]: the column's type is
 *     smallint, integer or bigint, it is NOT NULL, not yet an identity
 *     column and has no default (nor generation expression); its
 *     sequence gets PostgreSQL's name unless `sequence name` says;
 *   set generated ... / set <option> / restart [with n]: the column is an
 *     identity column; the options apply over the current ones (restart
 *     moves the current value, which the model does not hold);
 *   drop identity [if exists]: the sequence goes, NOT NULL stays;
 *   drop expression [if exists]: a stored generated column becomes a
 *     plain column (its values stay, no default).
 * The options are kept resolved and canonical (model_identity_canon):
 * NULL when they are all PostgreSQL's defaults for the column's type.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"

static bool rp_identity_opts(struct rp *r, struct m_column *out, const struct pgsql_seq *o,
			     struct loc at)
{
	struct m_seq q;
	model_identity_resolved(out, &q);
	if (!o)
		return true;
	if (!rp_seq_apply(r, &q, o, !out->id_opts, at))
		return false;
	out->id_opts = model_identity_canon(r->a, out, &q);
	return true;
}

bool rp_identity_column(struct rp *r, const struct ast_column *c, struct m_column *out)
{
	if (!out->identity)
		return true;
	for (size_t i = 0; i < c->n_constraints; i++)
		if (c->constraints[i].kind == CON_IDENTITY)
			return rp_identity_opts(r, out, c->constraints[i].seq_opts,
						c->constraints[i].loc);
	return true;
}

static bool col_err(struct rp *r, const struct m_table *t, const struct ast_alter *al,
		    const char *what)
{
	rp_error(r, al->loc, "column \"%s\" of relation \"%s\" %s", al->name.name, t->name, what);
	return false;
}

static bool add_identity(struct rp *r, struct m_table *t, struct m_column *c,
			 const struct ast_alter *al)
{
	const struct ast_constraint *k = al->constraint;
	if ((c->type.kind != TY_SMALLINT && c->type.kind != TY_INTEGER &&
	     c->type.kind != TY_BIGINT) || c->type.array_dims) {
		rp_error(r, al->loc, "identity column type must be smallint, integer, or bigint");
		return false;
	}
	if (!c->not_null)
		return col_err(r, t, al, "must be declared NOT NULL before identity can be added");
	if (c->identity)
		return col_err(r, t, al, "is already an identity column");
	if (c->default_text || c->generated)
		return col_err(r, t, al, "already has a default value");
	t = model_table_mut(r->m, r->a, t);
	c = table_column(t, al->name.name);
	c->identity = k->identity_always ? ID_ALWAYS : ID_BY_DEFAULT;
	c->id_opts = NULL;
	c->seq = k->seq_name;
	c->seq_loc = k->seq_loc;
	if (!rp_identity_opts(r, c, k->seq_opts, al->loc))
		return false;
	return rp_add_sequence(r, t, c);
}

static bool set_identity(struct rp *r, struct m_table *t, struct m_column *c,
			 const struct ast_alter *al)
{
	if (!c->identity)
		return col_err(r, t, al, "is not an identity column");
	t = model_table_mut(r->m, r->a, t);
	c = table_column(t, al->name.name);
	if (al->set_generated)
		c->identity = al->set_generated == 1 ? ID_ALWAYS : ID_BY_DEFAULT;
	if (!al->seq_opts)
		return true;
	struct m_seq q;
	model_identity_resolved(c, &q);
	if (!rp_seq_apply(r, &q, al->seq_opts, false, al->loc))
		return false;
	c->id_opts = model_identity_canon(r->a, c, &q);
	return true;
}

bool rp_alter_identity(struct rp *r, struct m_table *t, const struct ast_alter *al)
{
	struct m_column *c = table_column(t, al->name.name);
	if (!c) {
		rp_error(r, al->name.loc, "column \"%s\" does not exist in table \"%s\"",
			 al->name.name, rp_table_label(r, t));
		return false;
	}
	switch (al->kind) {
	case ALT_ADD_IDENTITY:
		return add_identity(r, t, c, al);
	case ALT_SET_IDENTITY:
		return set_identity(r, t, c, al);
	case ALT_DROP_IDENTITY:
		if (!c->identity)
			return al->if_exists || col_err(r, t, al, "is not an identity column");
		t = model_table_mut(r->m, r->a, t);
		c = table_column(t, al->name.name);
		if (c->seq)
			schema_rel_del(r->m, r->a, model_schema_mut(r->m, r->a, t->schema), c->seq);
		c->identity = ID_NONE;
		c->seq = NULL;
		c->id_opts = NULL;
		return true;
	case ALT_DROP_EXPRESSION:
		if (!c->generated)
			return al->if_exists || col_err(r, t, al, "is not a stored generated column");
		t = model_table_mut(r->m, r->a, t);
		c = table_column(t, al->name.name);
		c->generated = false;
		c->default_text = NULL;
		return true;
	default:
		return false;
	}
}
