/*
 * autogen_policy.c - row security policies in autogen_diff() (autogen.h):
 * a policy that goes away or changes is dropped before the column changes
 * (PostgreSQL refuses to drop a column a policy uses), and one that is new
 * or changed is created after the foreign keys (its expressions may use
 * any table).  A policy of a table that is dropped goes with it.
 */
#include "arena.h"
#include "autogen.h"
#include "model.h"

static void each(struct arena *a, const struct model *walk, const struct model *other,
		 bool drop, struct autogen *out, struct loc loc)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(walk, a, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t nt;
		struct m_table **tt = schema_tables_sorted(ss[i], a, &nt);
		for (size_t k = 0; k < nt; k++) {
			const struct m_table *x = tt[k];
			const struct m_table *y = model_table(other, x->schema, x->name);
			if (drop && !y)
				continue;	/* dropped with its table */
			for (size_t p = 0; p < x->n_pols; p++) {
				const struct m_policy *yp = y ? table_policy(y, x->pols[p].name) : NULL;
				if (yp && model_policy_equal(a, &x->pols[p], yp))
					continue;
				if (drop)
					mast_drop_policy(&out->stmts, walk, x, x->pols[p].name, loc);
				else
					mast_create_policy(&out->stmts, walk, x, &x->pols[p], loc);
			}
		}
	}
}

void autogen_policy_drop(struct arena *a, const struct model *f, const struct model *t,
			 struct autogen *out, struct loc loc)
{
	each(a, f, t, true, out, loc);
}

void autogen_policy_create(struct arena *a, const struct model *f, const struct model *t,
			   struct autogen *out, struct loc loc)
{
	each(a, t, f, false, out, loc);
}
