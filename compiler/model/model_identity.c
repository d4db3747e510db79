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
 */
#include <string.h>

#include "arena.h"
#include "model.h"
#include "pgsql_tree.h"

static const char *type_of(const struct m_column *c)
{
	return c->type.kind == TY_SMALLINT ? "smallint" :
	       c->type.kind == TY_INTEGER ? "integer" : "bigint";
}

/* model_seq_type_range()'s, kept here so that the comparison of columns
 * (model_equal.c) does not call into standalone sequences' file. */
static void type_range(const char *type, long long *lo, long long *hi)
{
	bool small = strcmp(type, "smallint") == 0, in = strcmp(type, "integer") == 0;
	*lo = small ? -32768 : in ? -2147483648LL : (-9223372036854775807LL - 1);
	*hi = small ? 32767 : in ? 2147483647LL : 9223372036854775807LL;
}

static void defaults(const char *type, long long inc, struct m_seq *q)
{
	long long lo, hi;
	type_range(type, &lo, &hi);
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


const struct m_seq *model_identity_retype(struct arena *a, const struct m_column *c,
					  const struct m_column *retyped)
{
	if (!c->id_opts)
		return NULL;
	struct m_seq q;
	long long lo, hi, nlo, nhi;
	model_identity_resolved(c, &q);
	type_range(q.type, &lo, &hi);
	type_range(type_of(retyped), &nlo, &nhi);
	if (q.max == hi)
		q.max = nhi;
	if (q.min == lo)
		q.min = nlo;
	return model_identity_canon(a, retyped, &q);
}
