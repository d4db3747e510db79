/*
 * autogen_ext.c - autogenerate's extension phases: create extension for
 * each extension of `t` missing from `f` (right after the schemas, before
 * any type or table that may use it) and drop extension for each of `f`
 * missing from `t` (after the columns that used it changed or went).  An
 * extension declared in migc.conf on either side is left alone: it is
 * installed outside the history.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "model.h"

static void ag_ext(struct mast_list *l, const struct model *x, const struct model *y,
		   enum ast_stmt_kind kind, struct arena *a, struct loc loc)
{
	size_t n;
	struct m_ext **v = model_exts_sorted(x, a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_ext *other = model_ext(y, v[i]->name);
		if (other || v[i]->declared)
			continue;
		struct ast_stmt *s = mast_push(l, kind, loc);
		s->target.name = v[i]->name;
		s->target.loc = loc;
		if (kind == STMT_CREATE_EXTENSION) {
			s->if_not_exists = true;	/* runs again after a downgrade */
			s->u.ext.ext_schema = v[i]->schema;
		}
	}
}

void autogen_ext_create(struct mast_list *l, const struct model *f,
			const struct model *t, struct arena *a, struct loc loc)
{
	ag_ext(l, t, f, STMT_CREATE_EXTENSION, a, loc);
}

void autogen_ext_drop(struct mast_list *l, const struct model *f,
		      const struct model *t, struct arena *a, struct loc loc)
{
	ag_ext(l, f, t, STMT_DROP_EXTENSION, a, loc);
}
