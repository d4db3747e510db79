/*
 * model_utype.c - the domains, composite types and range types of a model
 * (persistent map keyed "schema\nname", copy on write like every other
 * model map).  A type here resolves like an enum for a column's type; its
 * definition is the create statement as written, kept for the derived
 * downgrade of a drop; domains compare by their parts (model_domain.c).
 */
#include <string.h>

#include "arena.h"
#include "model.h"

struct m_utype *model_utype(const struct model *m, const char *schema, const char *name)
{
	return model_map_get2(&m->utypes, schema, name);
}

void model_utype_set(struct model *m, struct arena *a, struct m_utype *t)
{
	model_map_set2(m, a, &m->utypes, t->schema, t->name, t);
}

void model_utype_del(struct model *m, struct arena *a, const struct m_utype *t)
{
	model_map_del2(m, a, &m->utypes, t->schema, t->name);
}

struct m_utype **model_utypes_sorted(const struct model *m, struct arena *a, size_t *n)
{
	return (struct m_utype **)pmap_sorted(&m->utypes, a, n);
}

const char *model_utype_word(const struct m_utype *t)
{
	return t->kind == 'd' ? "domain" : t->kind == 'c' ? "composite type" :
	       t->kind == 's' ? "shell type" : "range type";
}

const char *model_utype_diff_line(struct arena *a, const struct m_utype *e,
				  const struct m_utype *c)
{
	const struct m_utype *t = e ? e : c;
	if (!e || !c)
		return arena_printf(a, "%s \"%s.%s\" is %s", model_utype_word(t), t->schema,
				    t->name, e ? "missing" : "unexpected");
	if (e->kind != c->kind)
		return arena_printf(a, "type \"%s.%s\" is a %s, expected a %s", e->schema, e->name,
				    model_utype_word(c), model_utype_word(e));
	if (!model_utype_same(a, e, c))
		return arena_printf(a, "%s \"%s.%s\" is \"%s\", expected \"%s\"",
				    model_utype_word(e), e->schema, e->name, c->sql, e->sql);
	if (!model_str_equal(e->comment, c->comment))
		return arena_printf(a, "%s \"%s.%s\" has a different comment", model_utype_word(e),
				    e->schema, e->name);
	return NULL;
}
