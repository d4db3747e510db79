/*
 * invert_evtrig.c - derived downgrades of event trigger statements
 * (invert_view.h), from the model before the statement: a created event
 * trigger is dropped, a dropped one created again with its enable state,
 * an enable|disable gets the previous state back, a rename is renamed
 * back; event triggers a drop function ... cascade took are created
 * again after the function.
 */
#include <string.h>

#include "arena.h"
#include "invert_view.h"
#include "model.h"
#include "pgsql_tree.h"
#include "sql.h"

static void push_create(struct arena *a, const struct m_evtrig *t, struct loc loc,
			struct mast_list *l)
{
	size_t n;
	const char **v = model_evtrig_create_sql(a, t, &n);
	for (size_t i = 0; i < n; i++)
		view_push_sql(l, v[i], loc);
}

bool invert_evtrig(struct arena *a, const struct model *before, const struct pgsql_stmt *p,
		   struct loc loc, struct mast_list *l, const char **why)
{
	const char *name = p->names[0].name;
	const struct m_evtrig *t = model_evtrig(before, name);
	if (p->kind == PGSQL_CREATE_EVTRIG) {
		view_push_sql(l, arena_printf(a, "DROP EVENT TRIGGER %s", sql_ident(a, name)), loc);
		return true;
	}
	if (!t) {
		if (p->kind == PGSQL_DROP_EVTRIG && p->if_exists)
			return true;
		*why = "the event trigger is not one migc knows";
		return false;
	}
	if (p->kind == PGSQL_DROP_EVTRIG)
		push_create(a, t, loc, l);
	else if (p->kind == PGSQL_ALTER_EVTRIG)
		view_push_sql(l, model_evtrig_enable_sql(a, t->name, t->enabled), loc);
	else
		view_push_sql(l, arena_printf(a, "ALTER EVENT TRIGGER %s RENAME TO %s",
					      sql_ident(a, p->new_name), sql_ident(a, t->name)),
			      loc);
	return true;
}

void invert_evtrigs_restore(struct arena *a, const struct model *before,
			    const struct model *after, struct loc loc, struct mast_list *l)
{
	size_t n;
	struct m_evtrig **v = model_evtrigs_sorted(before, a, &n);
	for (size_t i = 0; i < n; i++)
		if (!model_evtrig(after, v[i]->name))
			push_create(a, v[i], loc, l);
}
