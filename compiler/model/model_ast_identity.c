/*
 * model_ast_identity.c - the ALTER COLUMN actions that take an identity
 * column from one state to another (model_ast.h): drop identity; add
 * generated ... as identity with the options that differ from
 * PostgreSQL's defaults and the sequence name when it is not
 * PostgreSQL's; or set generated and one set per option that differs.
 * Autogenerate and derived downgrades write identity changes with it, so
 * both give the same statements.
 */
#include <string.h>

#include "arena.h"
#include "model.h"
#include "model_ast.h"
#include "pgsql_tree.h"

void mast_identity_change(struct mast_list *l, const struct model *m, const struct m_table *t,
			  const struct m_column *from, const struct m_column *to, struct loc loc)
{
	if (from->identity && !to->identity) {
		mast_alter(l, m, t, ALT_DROP_IDENTITY, loc)->name.name = to->name;
		return;
	}
	if (!to->identity)
		return;
	if (!from->identity) {
		struct ast_alter *x = mast_alter(l, m, t, ALT_ADD_IDENTITY, loc);
		x->name.name = to->name;
		struct ast_constraint *k = arena_calloc(l->a, 1, sizeof *k);
		k->kind = CON_IDENTITY;
		k->identity_always = to->identity == ID_ALWAYS;
		k->seq_opts = model_identity_written(l->a, to);
		if (to->seq && strcmp(to->seq, arena_printf(l->a, "%s_%s_seq", t->name, to->name)) != 0)
			k->seq_name = to->seq;
		k->loc = loc;
		x->constraint = k;
		return;
	}
	/* from as an alter column type before this left it */
	struct m_column fr = *from;
	fr.type = to->type;
	fr.id_opts = model_identity_retype(l->a, from, &fr);
	struct m_seq f, o;
	model_identity_resolved(&fr, &f);
	model_identity_resolved(to, &o);
	struct pgsql_seq *w = arena_calloc(l->a, 1, sizeof *w);
	w->has_inc = f.inc != o.inc;
	w->inc = o.inc;
	w->has_min = f.min != o.min;
	w->min = o.min;
	w->has_max = f.max != o.max;
	w->max = o.max;
	w->has_start = f.start != o.start;
	w->start = o.start;
	w->has_cache = f.cache != o.cache;
	w->cache = o.cache;
	w->has_cycle = f.cycle != o.cycle;
	w->cycle = o.cycle;
	bool opts = w->has_inc || w->has_min || w->has_max || w->has_start || w->has_cache ||
		    w->has_cycle;
	if (from->identity == to->identity && !opts)
		return;
	struct ast_alter *x = mast_alter(l, m, t, ALT_SET_IDENTITY, loc);
	x->name.name = to->name;
	if (from->identity != to->identity)
		x->set_generated = to->identity == ID_ALWAYS ? 1 : 2;
	x->seq_opts = opts ? w : NULL;
}
