/*
 * plan_hist_model.c - the head model without the objects the history
 * closure builds (plan_hist.c, plan ABI 9), for plan_head.c to write the
 * rest as model statements.
 *
 * With a history closure, the closure's objects are replayed from the
 * history on the server, not built from the model; so autogenerate need
 * only write, and write back exactly, everything else.  What it cannot
 * write (a partition's own default, a renamed routine, a sequence a
 * renamed table keeps ...) then no longer sends the head to the full
 * replay when the closure builds it.
 *
 * Taken out, by name alone in every schema (the closure's names are
 * schema-blind, so more goes to the closure, never less): a table whose
 * name is in the set (with its columns, constraints, indexes, comments,
 * policies: they live in the table), every relation entry (index, owned
 * sequence) of such a table or named in the set, enum types, views,
 * routines (functions, procedures, aggregates), sequences (also one owned
 * by a closure table), triggers (also one on a closure table), and the
 * model-wide domains, composite and range types and collations whose
 * names are in the set.  Schemas, extensions, event triggers, grants and
 * owners stay: schemas are always built from the model, extensions are
 * database-wide, event triggers refuse the closure, and grants or owners
 * keep the head away from the prediction (plan_catalog.c).
 *
 * With `closure`, the other way round: only those objects, in every schema
 * of the head (schema comments left out), with no extensions, grants or
 * owners - what the closure has built when the model statements run, for
 * plan_head.c to replay them on and compare with the whole head model.
 *
 * Guarantees: the result is a clone; the head model is not written.  An
 * object kept is the head model's object, unchanged.
 */
#include "plan_head.h"

#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "model.h"
#include "model_coll.h"
#include "model_routine.h"
#include "model_seq.h"
#include "pmap.h"

struct hm_keys {
	struct arena *a;
	const struct pmap *set;
	bool (*out)(const struct pmap *set, const void *val);
	bool closure;
	const char **v;
	size_t n, cap;
};

static bool in(const struct pmap *set, const char *name)
{
	return name && pmap_get(set, name) != NULL;
}

static void collect(void *ctx, const char *key, void *val)
{
	struct hm_keys *k = ctx;

	if (k->out(k->set, val) == k->closure)
		return;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 8;
		k->v = arena_grow(k->a, k->v, k->cap * sizeof *k->v, cap * sizeof *k->v);
		k->cap = cap;
	}
	k->v[k->n++] = key;
}

/* Deletes from `p` (a map of `m`) every entry whose value `out` picks
 * (`closure`: every entry it does not pick). */
static void drop_where(struct model *m, struct arena *a, struct pmap *p, const struct pmap *set,
		       bool (*out)(const struct pmap *set, const void *val), bool closure)
{
	struct hm_keys k = { .a = a, .set = set, .out = out, .closure = closure };

	pmap_each(p, collect, &k);
	for (size_t i = 0; i < k.n; i++)
		pmap_del(p, a, model_stamp(m), k.v[i]);
}

static bool table_out(const struct pmap *set, const void *v)
{
	return in(set, ((const struct m_table *)v)->name);
}

static bool rel_out(const struct pmap *set, const void *v)
{
	const struct m_rel *r = v;
	return in(set, r->name) || in(set, r->table);
}

static bool enum_out(const struct pmap *set, const void *v)
{
	return in(set, ((const struct m_enum *)v)->name);
}

static bool view_out(const struct pmap *set, const void *v)
{
	return in(set, ((const struct m_view *)v)->name);
}

static bool routine_out(const struct pmap *set, const void *v)
{
	return in(set, ((const struct m_routine *)v)->name);
}

static bool trigger_out(const struct pmap *set, const void *v)
{
	const struct m_trigger *t = v;
	return in(set, t->name) || in(set, t->table);
}

static bool seq_out(const struct pmap *set, const void *v)
{
	const struct m_seq *s = v;
	return in(set, s->name) || in(set, s->owner_table);
}

static bool utype_out(const struct pmap *set, const void *v)
{
	return in(set, ((const struct m_utype *)v)->name);
}

static bool coll_out(const struct pmap *set, const void *v)
{
	return in(set, ((const struct m_coll *)v)->name);
}

struct model *plan_hist_model(struct arena *a, const struct model *head, const struct pmap *set,
			      bool closure)
{
	struct model *m = model_clone(a, head);
	size_t n;
	struct m_schema **ss = model_schemas_sorted(m, a, &n);

	for (size_t i = 0; i < n; i++) {
		struct m_schema *s = model_schema_mut(m, a, ss[i]->name);
		drop_where(m, a, &s->tables, set, table_out, closure);
		drop_where(m, a, &s->rels, set, rel_out, closure);
		drop_where(m, a, &s->enums, set, enum_out, closure);
		drop_where(m, a, &s->views, set, view_out, closure);
		drop_where(m, a, &s->routines, set, routine_out, closure);
		drop_where(m, a, &s->triggers, set, trigger_out, closure);
		drop_where(m, a, &s->seqs, set, seq_out, closure);
		if (closure)
			s->comment = NULL;
	}
	drop_where(m, a, &m->utypes, set, utype_out, closure);
	drop_where(m, a, &m->colls, set, coll_out, closure);
	if (closure) {
		memset(&m->extensions, 0, sizeof m->extensions);
		memset(&m->grants, 0, sizeof m->grants);
		memset(&m->owners, 0, sizeof m->owners);
	}
	return m;
}
