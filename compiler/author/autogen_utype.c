/*
 * autogen_utype.c - autogenerate's phases for domains, composite and range
 * types (model_utype.c): each type of `t` that `f` lacks is created with
 * its statement as written, right after the extensions and before the
 * enums and tables that may use it; one whose statement differs (as
 * written: whitespace and the case of unquoted words ignored) is dropped
 * and created again there (PostgreSQL, and migc's replay, refuse that
 * while a column uses it: the author then writes the alter domain);
 * each type of `f` that `t` lacks is dropped after the columns that used
 * it changed or went.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "invert_view.h"
#include "model.h"
#include "sql.h"

static const char *drop_sql(struct arena *a, const struct model *m, const struct m_utype *t)
{
	const char *q = strcmp(t->schema, m->default_schema) == 0 ? sql_ident(a, t->name)
		: arena_printf(a, "%s.%s", sql_ident(a, t->schema), sql_ident(a, t->name));
	return arena_printf(a, "DROP %s %s", t->kind == 'd' ? "DOMAIN" : "TYPE", q);
}

void autogen_utype_create(struct mast_list *l, const struct model *f,
			  const struct model *t, struct arena *a)
{
	size_t n;
	struct m_utype **v = model_utypes_sorted(t, a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_utype *x = model_utype(f, v[i]->schema, v[i]->name);
		if (x && model_expr_equal(a, x->sql, v[i]->sql))
			continue;
		if (x)
			view_push_sql(l, drop_sql(a, f, x), (struct loc){ 0 });
		view_push_sql(l, v[i]->sql, (struct loc){ 0 });
	}
}

void autogen_utype_drop(struct mast_list *l, const struct model *f,
			const struct model *t, struct arena *a)
{
	size_t n;
	struct m_utype **v = model_utypes_sorted(f, a, &n);
	for (size_t i = 0; i < n; i++)
		if (!model_utype(t, v[i]->schema, v[i]->name))
			view_push_sql(l, drop_sql(a, f, v[i]), (struct loc){ 0 });
}
