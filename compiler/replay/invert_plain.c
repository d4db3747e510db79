/*
 * invert_plain.c - derived downgrades of the plain SQL statements the
 * model knows (invert_view.h, invert_passthrough): views through
 * invert_view.c, routines and triggers through invert_routine.c.
 */
#include <string.h>

#include "arena.h"
#include "invert_view.h"
#include "model.h"
#include "model_ast.h"
#include "pgsql_tree.h"
#include "sql.h"

static const char *qname(struct arena *a, const struct model *m, const char *schema,
			 const char *name)
{
	if (strcmp(schema, m->default_schema) == 0)
		return sql_ident(a, name);
	return arena_printf(a, "%s.%s", sql_ident(a, schema), sql_ident(a, name));
}

bool invert_passthrough(struct arena *a, const struct model *before,
			const struct model *after, const struct ast_stmt *s,
			struct mast_list *l, const char **why)
{
	struct pgsql_stmt p;
	*why = "a plain SQL statement cannot be inverted";
	if (!s->sql || !pgsql_describe(a, s->sql, strlen(s->sql), &p))
		return false;
	if (p.kind == PGSQL_RENAME_VIEW) {
		const char *sch = model_schema_name(before, p.names[0].schema);
		const struct m_view *v = model_view(before, sch, p.names[0].name);
		if (!v)
			return true;	/* IF EXISTS on a missing view */
		view_push_sql(l, arena_printf(a, "ALTER %sVIEW %s RENAME TO %s",
					      v->materialized ? "MATERIALIZED " : "",
					      qname(a, before, sch, p.new_name),
					      sql_ident(a, v->name)), s->loc);
		return true;
	}
	if (p.kind == PGSQL_RENAME_FUNCTION)
		return invert_routine_rename(a, before, &p, s->loc, l);
	if (p.kind == PGSQL_CREATE_FUNCTION || p.kind == PGSQL_DROP_FUNCTION ||
	    p.kind == PGSQL_CREATE_TRIGGER || p.kind == PGSQL_DROP_TRIGGER) {
		invert_routines(a, before, after, true, s->loc, l);
		return true;
	}
	if (p.kind == PGSQL_CREATE_TYPE || p.kind == PGSQL_DROP_TYPE || p.kind == PGSQL_RENAME_TYPE)
		return invert_utype(a, before, &p, s->loc, l, why);
	if (p.kind == PGSQL_CREATE_SEQUENCE || p.kind == PGSQL_ALTER_SEQUENCE ||
	    p.kind == PGSQL_DROP_SEQUENCE || p.kind == PGSQL_RENAME_SEQUENCE)
		return invert_seq(a, before, &p, s->loc, l, why);
	if (p.kind != PGSQL_CREATE_VIEW && p.kind != PGSQL_DROP_VIEW)
		return false;
	invert_views(a, before, after, true, s->loc, l);
	return true;
}
