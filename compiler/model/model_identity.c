/*
 * model_identity.c - the sequence options of identity columns
 * (model_seq.h): resolved from a column's id_opts or PostgreSQL's
 * defaults for the column's type (increment 1, minvalue 1 or the type's
 * least value when descending, maxvalue the type's greatest or -1 when
 * descending, start at minvalue or maxvalue, cache 1, no cycle), written
 * back with only the options that differ from those defaults, in an
 * order where each default follows from the options already written, so
 * that reading the text back gives the same resolved options.  A column
 * whose options are all defaults keeps id_opts NULL (model_identity_canon).
 * mast_identity_change() writes the ALTER COLUMN actions from one
 * identity state of a column to another (autogenerate, downgrades).
 */
#include <string.h>

#include "arena.h"
#include "model.h"
#include "model_ast.h"
#include "pgsql_tree.h"

static const char *type_of(const struct m_column *c)
{
	return c->type.kind == TY_SMALLINT ? "smallint" :
	       c->type.kind == TY_INTEGER ? "integer" : "bigint";
}

static void defaults(const char *type, long long inc, struct m_seq *q)
{
	long long lo, hi;
	model_seq_type_range(type, &lo, &hi);
	q->type = type;
	q->inc = inc;
	q->min = inc > 0 ? 1 : lo;
	q->max = inc > 0 ? hi : -1;
	q->start = inc > 0 ? q->min : q->max;
	q->cache = 1;
	q->cycle = false;
}

void model_identity_resolved(const struct m_column *c, struct m_seq *out)
{
	memset(out, 0, sizeof *out);
	if (c->id_opts) {
		*out = *c->id_opts;
		out->type = type_of(c);
		return;
	}
	defaults(type_of(c), 1, out);
}

const char *model_identity_options(struct arena *a, const struct m_column *c)
{
	struct m_seq q, d;
	model_identity_resolved(c, &q);
	defaults(q.type, q.inc, &d);
	const char *s = "";
	if (q.inc != 1)
		s = arena_printf(a, "%s INCREMENT BY %lld", s, q.inc);
	if (q.min != d.min)
		s = arena_printf(a, "%s MINVALUE %lld", s, q.min);
	if (q.max != d.max)
		s = arena_printf(a, "%s MAXVALUE %lld", s, q.max);
	if (q.start != (q.inc > 0 ? q.min : q.max))
		s = arena_printf(a, "%s START WITH %lld", s, q.start);
	if (q.cache != 1)
		s = arena_printf(a, "%s CACHE %lld", s, q.cache);
	if (q.cycle)
		s = arena_printf(a, "%s CYCLE", s);
	return *s ? s + 1 : s;
}

bool model_identity_equal(const struct m_column *c, const struct m_column *d)
{
	struct m_seq x, y;
	model_identity_resolved(c, &x);
	model_identity_resolved(d, &y);
	return x.inc == y.inc && x.min == y.min && x.max == y.max && x.start == y.start &&
	       x.cache == y.cache && x.cycle == y.cycle;
}

const struct m_seq *model_identity_canon(struct arena *a, const struct m_column *c,
					 const struct m_seq *q)
{
	struct m_seq d;
	defaults(type_of(c), 1, &d);
	if (!q || (q->inc == d.inc && q->min == d.min && q->max == d.max &&
		   q->start == d.start && q->cache == d.cache && q->cycle == d.cycle))
		return NULL;
	struct m_seq *x = arena_alloc(a, sizeof *x);
	*x = *q;
	x->type = d.type;
	return x;
}

const struct pgsql_seq *model_identity_written(struct arena *a, const struct m_column *c)
{
	if (!c->id_opts)
		return NULL;
	struct m_seq q, d;
	model_identity_resolved(c, &q);
	defaults(q.type, q.inc, &d);
	struct pgsql_seq *w = arena_calloc(a, 1, sizeof *w);
	w->has_inc = q.inc != 1;
	w->inc = q.inc;
	w->has_min = q.min != d.min;
	w->min = q.min;
	w->has_max = q.max != d.max;
	w->max = q.max;
	w->has_start = q.start != (q.inc > 0 ? q.min : q.max);
	w->start = q.start;
	w->has_cache = q.cache != 1;
	w->cache = q.cache;
	w->has_cycle = w->cycle = q.cycle;
	return w;
}

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
	struct m_seq f, o;
	model_identity_resolved(from, &f);
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
