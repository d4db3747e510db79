/*
 * model_part.c - comparing and walking partitioned tables and partitions
 * (model.h, "partitions").  The partition key and the bounds are compared
 * in model_expr_norm()'s normal form, so case, blanks and comments do not
 * count; the spellings PostgreSQL stores differently (a typed literal in a
 * bound) are compared by the --url commands, which read them back.
 * model_index_same_def() says when a partition's index may be attached to
 * its parent's (alter index ... attach partition, attach partition).
 */
#include <string.h>

#include "arena.h"
#include "model.h"

static bool text_same(struct arena *a, const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return strcmp(model_expr_norm(a, x), model_expr_norm(a, y)) == 0;
}

static const char *or_none(const char *s, const char *none)
{
	return s ? s : none;
}

bool model_part_same(struct arena *a, const struct m_table *x, const struct m_table *y)
{
	return text_same(a, x->part_by, y->part_by) &&
	       model_str_equal(x->part_schema, y->part_schema) &&
	       model_str_equal(x->part_parent, y->part_parent) &&
	       text_same(a, x->part_bound, y->part_bound);
}

size_t model_part_diff(struct arena *a, const char *tl, const struct m_table *e,
		       const struct m_table *c, const char *out[3])
{
	size_t n = 0;
	if (!text_same(a, e->part_by, c->part_by))
		out[n++] = arena_printf(a, "table %s is partitioned by %s, expected %s", tl,
					or_none(c->part_by, "nothing"),
					or_none(e->part_by, "nothing"));
	if (!model_str_equal(e->part_schema, c->part_schema) ||
	    !model_str_equal(e->part_parent, c->part_parent))
		out[n++] = arena_printf(a, "table %s is a partition of %s, expected %s", tl,
					c->part_parent ? arena_printf(a, "\"%s\".\"%s\"",
						c->part_schema, c->part_parent) : "nothing",
					e->part_parent ? arena_printf(a, "\"%s\".\"%s\"",
						e->part_schema, e->part_parent) : "nothing");
	else if (!text_same(a, e->part_bound, c->part_bound))
		out[n++] = arena_printf(a, "partition %s has bound %s, expected %s", tl,
					or_none(c->part_bound, "none"),
					or_none(e->part_bound, "none"));
	return n;
}

struct m_table **model_partitions(const struct model *m, struct arena *a,
				  const struct m_table *t, size_t *n)
{
	struct m_table **v = NULL;
	size_t k = 0;
	*n = 0;
	if (!t->part_by)
		return NULL;
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(m, a, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t nt;
		struct m_table **tt = schema_tables_sorted(ss[i], a, &nt);
		for (size_t j = 0; j < nt; j++) {
			const struct m_table *p = tt[j];
			if (!p->part_parent || strcmp(p->part_parent, t->name) != 0 ||
			    strcmp(p->part_schema, t->schema) != 0)
				continue;
			v = arena_grow(a, v, k * sizeof *v, (k + 1) * sizeof *v);
			v[k++] = tt[j];
		}
	}
	*n = k;
	return v;
}

bool model_index_same_def(struct arena *a, const struct m_index *parent,
			  const struct m_index *child)
{
	struct m_index x = *parent, y = *child;
	x.with = y.with = NULL;
	x.only = y.only = false;
	x.constraint = y.constraint = false;
	return model_index_equal(a, &x, &y, 0);
}

int model_part_depth(const struct model *m, const struct m_table *t)
{
	int d = 0;
	while (t && t->part_parent && d < 64) {
		d++;
		t = model_table(m, t->part_schema, t->part_parent);
	}
	return d;
}
