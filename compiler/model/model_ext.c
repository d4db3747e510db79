/*
 * model_ext.c - the extensions of a model: lookups, writes (persistent map,
 * copy on write like every other model map) and the types they bring.
 *
 * An extension's types are those ext_types.c lists for its name; they live
 * in the extension's schema and resolve like any type there, so
 * `create extension citext` makes `citext` (in the default schema) and
 * `public.citext` known.  The set of extensions is small: lookups by type
 * walk it.  An extension migc does not list (not in ext_types.c) may
 * create any type: a name in its schema that nothing else there defines
 * is taken to be one of its types (model_ext_owner), so a database using
 * it is adopted with its columns and PostgreSQL checks the name.
 */
#include <string.h>

#include "arena.h"
#include "model.h"

struct m_ext *model_ext(const struct model *m, const char *name)
{
	return pmap_get(&m->extensions, name);
}

void model_ext_set(struct model *m, struct arena *a, struct m_ext *e)
{
	pmap_set(&m->extensions, a, model_stamp(m), e->name, e);
}

void model_ext_del(struct model *m, struct arena *a, const char *name)
{
	pmap_del(&m->extensions, a, model_stamp(m), name);
}

struct m_ext **model_exts_sorted(const struct model *m, struct arena *a, size_t *n)
{
	return (struct m_ext **)pmap_sorted(&m->extensions, a, n);
}

struct ext_find {
	const char *schema, *name;
	const struct m_ext *found;
	const struct m_ext *unlisted;	/* an unlisted extension in schema */
};

static void ext_find_type(void *ctx, const char *key, void *val)
{
	struct ext_find *f = ctx;
	const struct m_ext *e = val;
	(void)key;
	bool listed;
	if (f->found || strcmp(e->schema, f->schema) != 0)
		return;
	const char *const *types = ext_types(e->name, &listed);
	if (!listed && (!f->unlisted || strcmp(e->name, f->unlisted->name) < 0))
		f->unlisted = e;	/* the first by name: the same on every run */
	for (const char *const *t = types; *t; t++)
		if (strcmp(*t, f->name) == 0) {
			f->found = e;
			return;
		}
}

const struct m_ext *model_ext_of_type(const struct model *m, const char *schema,
				      const char *name)
{
	if (!m->extensions.count)
		return NULL;
	struct ext_find f = { model_schema_name(m, schema), name, NULL, NULL };
	pmap_each(&m->extensions, ext_find_type, &f);
	return f.found;
}

const struct m_ext *model_ext_owner(const struct model *m, const char *schema,
				    const char *name)
{
	if (!m->extensions.count)
		return NULL;
	struct ext_find f = { model_schema_name(m, schema), name, NULL, NULL };
	pmap_each(&m->extensions, ext_find_type, &f);
	if (f.found || !f.unlisted)
		return f.found;
	const struct m_schema *s = model_schema(m, f.schema);
	return s && pmap_get(&s->enums, name) ? NULL : f.unlisted;
}

bool model_ext_type_keep(const void *model, const struct ast_name *type)
{
	if (type->schema && strcmp(type->schema, "pg_catalog") == 0)
		return true;	/* PostgreSQL's own type (rp_resolve_type) */
	return model && model_ext_owner(model, type->schema, type->name) != NULL;
}

static void ext_find_schema(void *ctx, const char *key, void *val)
{
	struct ext_find *f = ctx;
	const struct m_ext *e = val;
	(void)key;
	if (!f->found && strcmp(e->schema, f->schema) == 0)
		f->found = e;
}

bool model_ext_func_keep(const void *model, const struct ast_name *func)
{
	const struct model *m = model;
	if (!m || !m->extensions.count || !func->schema)
		return false;
	struct ext_find f = { model_schema_name(m, func->schema), func->name, NULL, NULL };
	pmap_each(&m->extensions, ext_find_schema, &f);
	return f.found != NULL;
}

const char *model_ext_diff_line(struct arena *a, const struct m_ext *e,
				const struct m_ext *c)
{
	if (!e || !c)
		return arena_printf(a, "extension \"%s\" is %s", (e ? e : c)->name,
				    e ? "missing" : "unexpected");
	if (strcmp(e->schema, c->schema) != 0)
		return arena_printf(a, "extension \"%s\" is in schema \"%s\", expected \"%s\"",
				    e->name, c->schema, e->schema);
	return NULL;
}
