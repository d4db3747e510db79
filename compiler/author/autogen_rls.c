/*
 * autogen_rls.c - row level security in autogen_diff() (autogen.h): for
 * every table of `t` whose flags differ from its twin in `f` (a new table
 * has both off), the alter table that sets them, after the tables exist.
 */
#include "arena.h"
#include "autogen.h"
#include "model.h"

void autogen_rls(struct arena *a, const struct model *f, const struct model *t,
		 struct autogen *out, struct loc loc)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(t, a, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t nt;
		struct m_table **tt = schema_tables_sorted(ss[i], a, &nt);
		for (size_t k = 0; k < nt; k++) {
			const struct m_table *y = tt[k];
			const struct m_table *x = model_table(f, y->schema, y->name);
			bool en = x && x->rls_enabled, fo = x && x->rls_forced;
			if (en != y->rls_enabled)
				mast_alter(&out->stmts, t, y, ALT_ROW_SECURITY, loc)->rls =
					y->rls_enabled ? RLS_ENABLE : RLS_DISABLE;
			if (fo != y->rls_forced)
				mast_alter(&out->stmts, t, y, ALT_ROW_SECURITY, loc)->rls =
					y->rls_forced ? RLS_FORCE : RLS_NO_FORCE;
		}
	}
}
