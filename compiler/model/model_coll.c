/*
 * model_coll.c - the collations of a model (model_coll.h), in a
 * persistent map keyed "schema\nname" (model_map_get2 and friends, copy
 * on write like every other model map).
 */
#include <string.h>

#include "arena.h"
#include "model_coll.h"
#include "sql.h"

struct m_coll *model_coll(const struct model *m, const char *schema, const char *name)
{
	return model_map_get2(&m->colls, schema, name);
}

void model_coll_set(struct model *m, struct arena *a, struct m_coll *c)
{
	model_map_set2(m, a, &m->colls, c->schema, c->name, c);
}

void model_coll_del(struct model *m, struct arena *a, const struct m_coll *c)
{
	model_map_del2(m, a, &m->colls, c->schema, c->name);
}

struct m_coll **model_colls_sorted(const struct model *m, struct arena *a, size_t *n)
{
	return (struct m_coll **)pmap_sorted(&m->colls, a, n);
}

const char *model_coll_create_sql(struct arena *a, const struct m_coll *c)
{
	return arena_printf(a, "CREATE COLLATION %s.%s %s", sql_ident(a, c->schema),
			    sql_ident(a, c->name), c->def);
}

const char *model_coll_drop_sql(struct arena *a, const struct m_coll *c)
{
	return arena_printf(a, "DROP COLLATION %s.%s", sql_ident(a, c->schema),
			    sql_ident(a, c->name));
}

const char *model_coll_diff_line(struct arena *a, const struct m_coll *e, const struct m_coll *c)
{
	const struct m_coll *t = e ? e : c;
	if (!e || !c)
		return arena_printf(a, "collation \"%s.%s\" is %s", t->schema, t->name,
				    e ? "missing" : "unexpected");
	if (!model_expr_equal(a, e->def, c->def))
		return arena_printf(a, "collation \"%s.%s\" has a different definition",
				    e->schema, e->name);
	return NULL;
}
