/*
 * autogen_evtrig.c - autogenerate for event triggers (autogen.h): one
 * whose event, tags or function changed (model_evtrig_same: not the
 * spelling) or that goes is dropped first, before any routine changes;
 * new and changed ones are created last, once the functions they execute
 * exist, with their enable state; one whose state alone changed gets
 * alter event trigger enable|disable.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "invert_view.h"
#include "model.h"
#include "sql.h"

static bool same_text(const struct m_evtrig *x, const struct m_evtrig *y)
{
	return x && y && model_evtrig_same(x, y);
}

void autogen_evtrigs_drop(struct arena *a, const struct model *from, const struct model *to,
			  struct mast_list *l)
{
	size_t n;
	struct m_evtrig **v = model_evtrigs_sorted(from, a, &n);
	for (size_t i = 0; i < n; i++)
		if (!same_text(v[i], model_evtrig(to, v[i]->name)))
			view_push_sql(l, arena_printf(a, "DROP EVENT TRIGGER %s",
						      sql_ident(a, v[i]->name)), (struct loc){ 0 });
}

void autogen_evtrigs_create(struct arena *a, const struct model *from, const struct model *to,
			    struct mast_list *l)
{
	size_t n;
	struct m_evtrig **v = model_evtrigs_sorted(to, a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_evtrig *x = model_evtrig(from, v[i]->name);
		if (same_text(x, v[i])) {
			if (x->enabled != v[i]->enabled)
				view_push_sql(l, model_evtrig_enable_sql(a, v[i]->name, v[i]->enabled),
					      (struct loc){ 0 });
			continue;
		}
		size_t k;
		const char **c = model_evtrig_create_sql(a, v[i], &k);
		for (size_t j = 0; j < k; j++)
			view_push_sql(l, c[j], (struct loc){ 0 });
	}
}
