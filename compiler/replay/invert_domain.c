/*
 * invert_domain.c - derived downgrades of alter domain (invert_view.h):
 * from the domain's parts before and after the statement
 * (model_domain.c), the alter domain statements that take it back - a
 * constraint added is dropped, one dropped is added again with its old
 * check (not valid again when it was), set default restores the old
 * default or drops it, set|drop not null the other way; rename constraint
 * renames back.  Validate constraint has no inverse and needs none: the
 * downgrade leaves the constraint validated.
 */
#include <string.h>

#include "arena.h"
#include "invert_view.h"
#include "model.h"
#include "pgsql_tree.h"
#include "sql.h"

bool invert_domain(struct arena *a, const struct model *before, const struct model *after,
		   const struct pgsql_stmt *p, struct loc loc, struct mast_list *l,
		   const char **why)
{
	const struct pgsql_name *n = &p->names[0];
	const char *sch = model_schema_name(before, n->schema);
	const struct m_utype *tb = model_utype(before, sch, n->name);
	const struct m_utype *ta = model_utype(after, sch, n->name);
	struct m_domain *db = tb ? model_domain_of(a, tb) : NULL;
	struct m_domain *da = ta ? model_domain_of(a, ta) : NULL;
	if (!db || !da) {
		*why = "the domain altered is not one migc knows";
		return false;
	}
	const char *q = strcmp(sch, before->default_schema) == 0 ? sql_ident(a, n->name)
		: arena_printf(a, "%s.%s", sql_ident(a, sch), sql_ident(a, n->name));
	if (p->domain_op == 'R') {
		if (model_domain_con(db, p->con_name))
			view_push_sql(l, arena_printf(a, "ALTER DOMAIN %s RENAME CONSTRAINT %s TO %s",
						      q, sql_ident(a, p->new_name),
						      sql_ident(a, p->con_name)), loc);
		return true;
	}
	size_t k;
	const char **v = model_domain_alter(a, q, da, db, &k);
	if (!v) {
		*why = "the domain altered is not one migc knows";
		return false;
	}
	for (size_t i = 0; i < k; i++)
		view_push_sql(l, v[i], loc);
	return true;
}
