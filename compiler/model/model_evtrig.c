/*
 * model_evtrig.c - the event triggers of a model (model.h): database-wide
 * objects keyed by name in a persistent map (copy on write like every
 * other model map).  Each keeps its create statement as written (after
 * "create ") and its enable state, which alter event trigger changes;
 * two compare equal when they fire alike (event, tags, function: the
 * statement's spelling aside) in the same state.
 */
#include <string.h>

#include "arena.h"
#include "model.h"
#include "sql.h"

struct m_evtrig *model_evtrig(const struct model *m, const char *name)
{
	return m->evtrigs.count ? pmap_get(&m->evtrigs, name) : NULL;
}

void model_evtrig_set(struct model *m, struct arena *a, struct m_evtrig *t)
{
	pmap_set(&m->evtrigs, a, model_stamp(m), arena_strdup(a, t->name), t);
}

void model_evtrig_del(struct model *m, struct arena *a, const struct m_evtrig *t)
{
	pmap_del(&m->evtrigs, a, model_stamp(m), t->name);
}

struct m_evtrig **model_evtrigs_sorted(const struct model *m, struct arena *a, size_t *n)
{
	return (struct m_evtrig **)pmap_sorted(&m->evtrigs, a, n);
}

bool model_evtrig_same(const struct m_evtrig *x, const struct m_evtrig *y)
{
	return strcmp(x->event, y->event) == 0 && strcmp(x->tags, y->tags) == 0 &&
	       strcmp(x->func_schema, y->func_schema) == 0 &&
	       strcmp(x->func_name, y->func_name) == 0;
}

const char *model_evtrig_enable_sql(struct arena *a, const char *name, char enabled)
{
	const char *what = enabled == 'D' ? "DISABLE" : enabled == 'R' ? "ENABLE REPLICA"
		: enabled == 'A' ? "ENABLE ALWAYS" : "ENABLE";
	return arena_printf(a, "ALTER EVENT TRIGGER %s %s", sql_ident(a, name), what);
}

const char **model_evtrig_create_sql(struct arena *a, const struct m_evtrig *t, size_t *n)
{
	const char **v = arena_calloc(a, 2, sizeof *v);
	*n = 0;
	v[(*n)++] = arena_printf(a, "CREATE %s", t->body);
	if (t->enabled != 'O')
		v[(*n)++] = model_evtrig_enable_sql(a, t->name, t->enabled);
	return v;
}

const char *model_evtrig_diff_line(struct arena *a, const struct m_evtrig *e,
				   const struct m_evtrig *c)
{
	const struct m_evtrig *t = e ? e : c;
	if (!e || !c)
		return arena_printf(a, "event trigger \"%s\" is %s", t->name,
				    e ? "missing" : "unexpected");
	if (!model_evtrig_same(e, c))
		return arena_printf(a, "event trigger \"%s\" has a different definition", e->name);
	if (e->enabled != c->enabled)
		return arena_printf(a, "event trigger \"%s\" is %s, expected %s", e->name,
				    c->enabled == 'D' ? "disabled" : "enabled",
				    e->enabled == 'D' ? "disabled" : "enabled");
	return NULL;
}
