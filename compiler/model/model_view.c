/*
 * model_view.c - views and materialized views in the model (model.h).
 *
 * Views live in their schema's `views` map and in its relation namespace
 * (REL_VIEW), so a table and a view cannot share a name, as in
 * PostgreSQL; a materialized view's indexes are kept with it and have
 * REL_INDEX entries naming it.  Views are immutable; model_view_set() replaces one.  The
 * dependency lookups walk every view of the model: schemas have few views
 * next to their tables, and only drops, retypes and renames ask.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model.h"

struct m_view *model_view(const struct model *m, const char *schema, const char *name)
{
	struct m_schema *s = model_schema(m, schema);
	return s ? pmap_get(&s->views, name) : NULL;
}

void model_view_set(struct model *m, struct arena *a, struct m_view *v)
{
	struct m_schema *s = model_schema_mut(m, a, v->schema);
	if (!s)
		return;
	pmap_set(&s->views, a, model_stamp(m), v->name, v);
	schema_rel_set(m, a, s, REL_VIEW, v->name, NULL, NULL);
	for (size_t i = 0; i < v->n_idx; i++)
		schema_rel_set(m, a, s, REL_INDEX, v->idx[i].name, v->name, NULL);
}

struct m_view *model_view_indexes(struct model *m, struct arena *a, const struct m_view *v,
				  const struct m_index *idx, size_t n)
{
	struct m_view *c = arena_alloc(a, sizeof *c);
	*c = *v;
	c->idx = idx;
	c->n_idx = n;
	model_view_del(m, a, v->schema, v->name);
	model_view_set(m, a, c);
	return c;
}

const struct m_index *view_index(const struct m_view *v, const char *name)
{
	for (size_t i = 0; v && i < v->n_idx; i++)
		if (strcmp(v->idx[i].name, name) == 0)
			return &v->idx[i];
	return NULL;
}

void model_view_del(struct model *m, struct arena *a, const char *schema, const char *name)
{
	struct m_schema *s = model_schema_mut(m, a, schema);
	if (!s)
		return;
	const struct m_view *v = pmap_get(&s->views, name);
	for (size_t i = 0; v && i < v->n_idx; i++)
		schema_rel_del(m, a, s, v->idx[i].name);
	pmap_del(&s->views, a, model_stamp(m), name);
	schema_rel_del(m, a, s, name);
}

static void count_cb(void *ctx, const char *key, void *val)
{
	(void)key;
	const struct m_schema *s = val;
	*(size_t *)ctx += s->views.count + s->routines.count + s->triggers.count;
}

size_t model_plain_objects(const struct model *m)
{
	size_t n = 0;
	pmap_each(&m->schemas, count_cb, &n);
	return n;
}

struct m_view **model_views_sorted(const struct model *m, struct arena *a, size_t *n)
{
	size_t ns, cap = 0;
	struct m_schema **ss = model_schemas_sorted(m, a, &ns);
	struct m_view **out = NULL;
	*n = 0;
	for (size_t i = 0; i < ns; i++) {
		size_t nv;
		struct m_view **vs = (struct m_view **)pmap_sorted(&ss[i]->views, a, &nv);
		if (*n + nv > cap) {
			size_t nc = (*n + nv) * 2;
			out = arena_grow(a, out, cap * sizeof *out, nc * sizeof *out);
			cap = nc;
		}
		for (size_t k = 0; k < nv; k++)
			out[(*n)++] = vs[k];
	}
	if (!out)
		out = arena_calloc(a, 1, sizeof *out);
	return out;
}

static bool reads(const struct m_view *v, const char *schema, const char *rel,
		  const char *column)
{
	if (!column) {
		for (size_t i = 0; i < v->n_reads; i++)
			if (strcmp(v->reads[i].schema, schema) == 0 &&
			    strcmp(v->reads[i].table, rel) == 0)
				return true;
		return false;
	}
	for (size_t i = 0; i < v->n_uses; i++)
		if (strcmp(v->uses[i].schema, schema) == 0 &&
		    strcmp(v->uses[i].table, rel) == 0 &&
		    strcmp(v->uses[i].column, column) == 0)
			return true;
	return false;
}

struct m_view **model_view_dependents(const struct model *m, struct arena *a,
				      const char *schema, const char *rel,
				      const char *column, size_t *n)
{
	size_t nv, k = 0;
	struct m_view **vs = model_views_sorted(m, a, &nv);
	for (size_t i = 0; i < nv; i++)
		if (reads(vs[i], schema, rel, column))
			vs[k++] = vs[i];
	*n = k;
	return vs;
}

const char *model_view_diff(struct arena *a, const char *label, const struct m_view *e,
			    const struct m_view *c)
{
	if (!e || !c)
		return arena_printf(a, "%s is %s", label, e ? "missing" : "unexpected");
	if (e->materialized != c->materialized)
		return arena_printf(a, "%s is %s, expected %s", label,
				    c->materialized ? "a materialized view" : "a view",
				    e->materialized ? "a materialized view" : "a view");
	if (!model_expr_equal(a, e->def, c->def))
		return arena_printf(a, "%s has definition %s, expected %s", label,
				    model_expr_norm(a, c->def), model_expr_norm(a, e->def));
	if (!model_str_equal(e->comment, c->comment))
		return arena_printf(a, "%s has comment %s, expected %s", label,
				    c->comment ? c->comment : "none", e->comment ? e->comment : "none");
	for (size_t i = 0; i < e->n_idx; i++) {
		const struct m_index *x = view_index(c, e->idx[i].name);
		if (!x)
			return arena_printf(a, "index \"%s\" on %s is missing", e->idx[i].name, label);
		if (!model_index_equal(a, &e->idx[i], x, MODEL_EQ_COMMENTS))
			return arena_printf(a, "index \"%s\" on %s differs", e->idx[i].name, label);
	}
	for (size_t i = 0; i < c->n_idx; i++)
		if (!view_index(e, c->idx[i].name))
			return arena_printf(a, "index \"%s\" on %s is unexpected", c->idx[i].name, label);
	return NULL;
}
