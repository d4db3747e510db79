/*
 * autogen_coll.c - autogenerate for collations (autogen.h): new ones and
 * those whose definition changed (as written: whitespace and the case of
 * bare words ignored) are created before the types and tables that may
 * use them; those that go (or changed) are dropped after the tables that
 * used them went.  PostgreSQL cannot alter a collation's definition, and
 * one that columns or index elements use cannot be dropped: such a change
 * is not written but listed as unsupported (offline the revision's TODO
 * names it too): create another collation, move the columns to it, drop
 * this one.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "invert_view.h"
#include "model_coll.h"

static bool same(struct arena *a, const struct m_coll *x, const struct m_coll *y)
{
	return x && y && model_expr_equal(a, x->def, y->def);
}

static bool names(const char *schema, const char *name, const struct m_coll *c)
{
	return schema && name && strcmp(schema, c->schema) == 0 && strcmp(name, c->name) == 0;
}

/* Does a column or an index element of m use c? */
static bool in_use(struct arena *a, const struct model *m, const struct m_coll *c)
{
	size_t ns, nt;
	struct m_schema **ss = model_schemas_sorted(m, a, &ns);
	for (size_t i = 0; i < ns; i++) {
		struct m_table **ts = schema_tables_sorted(ss[i], a, &nt);
		for (size_t k = 0; k < nt; k++) {
			for (size_t j = 0; j < ts[k]->n_cols; j++)
				if (names(ts[k]->cols[j].coll_schema, ts[k]->cols[j].collation, c))
					return true;
			for (size_t j = 0; j < ts[k]->n_idx; j++)
				for (size_t e = 0; e < ts[k]->idx[j].n_elems; e++)
					if (names(ts[k]->idx[j].elems[e].coll_schema,
						  ts[k]->idx[j].elems[e].collation, c))
						return true;
		}
	}
	return false;
}

void autogen_colls_create(struct arena *a, const struct model *from, const struct model *to,
			  struct autogen *out)
{
	struct mast_list *l = &out->stmts;
	size_t n;
	struct m_coll **v = model_colls_sorted(to, a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_coll *x = model_coll(from, v[i]->schema, v[i]->name);
		if (same(a, x, v[i]))
			continue;
		if (x && in_use(a, from, x)) {
			autogen_push_line(a, &out->unsupported, &out->n_unsupported, arena_printf(a,
				"collation \"%s.%s\" changes its definition while columns or indexes "
				"use it: PostgreSQL can neither alter nor drop it; create another "
				"collation, move them to it, then drop this one", x->schema, x->name));
			continue;
		}
		if (x)	/* changed: PostgreSQL has no alter for the definition */
			view_push_sql(l, model_coll_drop_sql(a, x), (struct loc){ 0 });
		view_push_sql(l, model_coll_create_sql(a, v[i]), (struct loc){ 0 });
	}
}

void autogen_colls_drop(struct arena *a, const struct model *from, const struct model *to,
			struct mast_list *l)
{
	size_t n;
	struct m_coll **v = model_colls_sorted(from, a, &n);
	for (size_t i = 0; i < n; i++)
		if (!model_coll(to, v[i]->schema, v[i]->name))
			view_push_sql(l, model_coll_drop_sql(a, v[i]), (struct loc){ 0 });
}
