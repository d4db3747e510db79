/*
 * model_routine.c - functions, procedures, aggregates and triggers in the
 * model (model.h).
 *
 * Each lives in its schema's map (routines by "name(args)", triggers by
 * "table\nname"; a newline cannot be in a name that PostgreSQL's scanner
 * reads back from a .mig file's bare or quoted words in practice, and keys
 * are never shown).  Objects are immutable; setting one replaces it.
 */
#include <string.h>

#include "arena.h"
#include "model.h"

const char *model_routine_key(struct arena *a, const char *name, const char *args)
{
	return arena_printf(a, "%s(%s)", name, args ? args : "");
}

struct m_routine *model_routine(const struct model *m, const char *schema, const char *name,
				const char *args)
{
	struct m_schema *s = model_schema(m, schema);
	char key[512];
	if (!s || strlen(name) + strlen(args ? args : "") + 3 > sizeof key)
		return NULL;
	strcpy(key, name);
	strcat(key, "(");
	strcat(key, args ? args : "");
	strcat(key, ")");
	return pmap_get(&s->routines, key);
}

void model_routine_set(struct model *m, struct arena *a, struct m_routine *f)
{
	struct m_schema *s = model_schema_mut(m, a, f->schema);
	if (s)
		pmap_set(&s->routines, a, model_stamp(m), model_routine_key(a, f->name, f->args), f);
}

void model_routine_del(struct model *m, struct arena *a, const struct m_routine *f)
{
	struct m_schema *s = model_schema_mut(m, a, f->schema);
	if (s)
		pmap_del(&s->routines, a, model_stamp(m), model_routine_key(a, f->name, f->args));
}

const char *model_trigger_key(struct arena *a, const char *table, const char *name)
{
	return model_key2(a, table, name);
}

struct m_trigger *model_trigger(const struct model *m, const char *schema, const char *table,
				const char *name)
{
	struct m_schema *s = model_schema(m, schema);
	return s ? model_map_get2(&s->triggers, table, name) : NULL;
}

void model_trigger_set(struct model *m, struct arena *a, struct m_trigger *t)
{
	struct m_schema *s = model_schema_mut(m, a, t->schema);
	if (s)
		pmap_set(&s->triggers, a, model_stamp(m), model_trigger_key(a, t->table, t->name), t);
}

void model_trigger_del(struct model *m, struct arena *a, const struct m_trigger *t)
{
	struct m_schema *s = model_schema_mut(m, a, t->schema);
	if (s)
		pmap_del(&s->triggers, a, model_stamp(m), model_trigger_key(a, t->table, t->name));
}

static void **all(const struct model *m, struct arena *a, size_t off, size_t *n)
{
	size_t ns, cap = 0;
	struct m_schema **ss = model_schemas_sorted(m, a, &ns);
	void **out = NULL;
	*n = 0;
	for (size_t i = 0; i < ns; i++) {
		size_t nv;
		const struct pmap *pm = (const struct pmap *)((const char *)ss[i] + off);
		void **vs = pmap_sorted(pm, a, &nv);
		if (*n + nv > cap) {
			size_t nc = (*n + nv) * 2;
			out = arena_grow(a, out, cap * sizeof *out, nc * sizeof *out);
			cap = nc;
		}
		for (size_t k = 0; k < nv; k++)
			out[(*n)++] = vs[k];
	}
	if (!out)
		out = arena_calloc(a, 1, sizeof *out);
	return out;
}

struct m_routine **model_routines_sorted(const struct model *m, struct arena *a, size_t *n)
{
	return (struct m_routine **)all(m, a, offsetof(struct m_schema, routines), n);
}

struct m_trigger **model_triggers_sorted(const struct model *m, struct arena *a, size_t *n)
{
	return (struct m_trigger **)all(m, a, offsetof(struct m_schema, triggers), n);
}

const char *model_routine_diff(struct arena *a, const char *label, const struct m_routine *e,
			       const struct m_routine *c)
{
	if (!e || !c)
		return arena_printf(a, "%s is %s", label, e ? "missing" : "unexpected");
	if (!model_expr_equal(a, e->body, c->body))
		return arena_printf(a, "%s has a different definition", label);
	if (!model_str_equal(e->comment, c->comment))
		return arena_printf(a, "%s has a different comment", label);
	return NULL;
}

const char *model_trigger_diff(struct arena *a, const char *label, const struct m_trigger *e,
			       const struct m_trigger *c)
{
	if (!e || !c)
		return arena_printf(a, "%s is %s", label, e ? "missing" : "unexpected");
	if (!model_expr_equal(a, e->body, c->body))
		return arena_printf(a, "%s has a different definition", label);
	if (!model_str_equal(e->comment, c->comment))
		return arena_printf(a, "%s has a different comment", label);
	return NULL;
}
