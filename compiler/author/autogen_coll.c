/*
 * autogen_coll.c - autogenerate for collations (autogen.h): new ones and
 * those whose definition changed (as written: whitespace and the case of
 * bare words ignored) are created before the types and tables that may
 * use them; those that go (or changed) are dropped after the tables that
 * used them went.
 */
#include "arena.h"
#include "autogen.h"
#include "invert_view.h"
#include "model_coll.h"

static bool same(struct arena *a, const struct m_coll *x, const struct m_coll *y)
{
	return x && y && model_expr_equal(a, x->def, y->def);
}

void autogen_colls_create(struct arena *a, const struct model *from, const struct model *to,
			  struct mast_list *l)
{
	size_t n;
	struct m_coll **v = model_colls_sorted(to, a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_coll *x = model_coll(from, v[i]->schema, v[i]->name);
		if (same(a, x, v[i]))
			continue;
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
