/*
 * autogen_utype.c - autogenerate's phases for domains, composite and range
 * types (model_utype.c): each type of `t` that `f` lacks is created with
 * its statement as written, right after the extensions and before the
 * enums and tables that may use it; a domain whose default, not null or
 * checks differ is altered there (alter domain, model_domain.c), so the
 * columns using it stay; any other type whose statement differs (as
 * written: whitespace and the case of unquoted words ignored), or a
 * domain whose base type or collation differ, is dropped and created
 * again (PostgreSQL, and migc's replay, refuse that while a column uses
 * it);
 * each type of `f` that `t` lacks is dropped after the columns that used
 * it changed or went.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "invert_view.h"
#include "model.h"
#include "sql.h"

static const char *qname(struct arena *a, const struct model *m, const struct m_utype *t)
{
	return strcmp(t->schema, m->default_schema) == 0 ? sql_ident(a, t->name)
		: arena_printf(a, "%s.%s", sql_ident(a, t->schema), sql_ident(a, t->name));
}

static const char *drop_sql(struct arena *a, const struct model *m, const struct m_utype *t)
{
	return arena_printf(a, "DROP %s %s", t->kind == 'd' ? "DOMAIN" : "TYPE", qname(a, m, t));
}

/* The alter domain statements from x to y, or NULL (drop and create). */
static const char **domain_alter(struct arena *a, const struct model *m,
				 const struct m_utype *x, const struct m_utype *y, size_t *n)
{
	struct m_domain *dx = model_domain_of(a, x), *dy = model_domain_of(a, y);
	return dx && dy ? model_domain_alter(a, qname(a, m, x), dx, dy, n) : NULL;
}

void autogen_utype_create(struct mast_list *l, const struct model *f,
			  const struct model *t, struct arena *a)
{
	size_t n;
	struct m_utype **v = model_utypes_sorted(t, a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_utype *x = model_utype(f, v[i]->schema, v[i]->name);
		const char *was = x ? x->comment : NULL;	/* the comment it has now */
		if (!x || !model_utype_same(a, x, v[i])) {
			size_t k;
			const char **alter = x && x->kind == 'd' && v[i]->kind == 'd'
				? domain_alter(a, f, x, v[i], &k) : NULL;
			if (alter) {
				for (size_t j = 0; j < k; j++)
					view_push_sql(l, alter[j], (struct loc){ 0 });
			} else {
				if (x)
					view_push_sql(l, drop_sql(a, f, x), (struct loc){ 0 });
				const char **c = model_utype_create_sql(a, v[i], qname(a, t, v[i]), &k);
				for (size_t j = 0; j < k; j++)
					view_push_sql(l, c[j], (struct loc){ 0 });
				was = NULL;
			}
		}
		if (!model_str_equal(was, v[i]->comment))
			view_push_sql(l, utype_comment_sql(a, t, v[i], v[i]->comment), (struct loc){ 0 });
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
