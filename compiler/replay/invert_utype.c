/*
 * invert_utype.c - derived downgrades of create domain|type and drop
 * domain|type (plain SQL, pgsql_types.c): a create is undone by dropping
 * the type (and creating again the shell type it completed, if any), a drop by the create statements of the types it dropped, as
 * the model before it holds them (in reverse order), a rename by the
 * rename back.  A drop with CASCADE
 * (which may drop columns) is not inverted.
 */
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "invert_view.h"
#include "model.h"
#include "model_ast.h"
#include "pgsql_tree.h"
#include "sql.h"

static const char *qname(struct arena *a, const struct model *m, const struct m_utype *t)
{
	if (strcmp(t->schema, m->default_schema) == 0)
		return sql_ident(a, t->name);
	return arena_printf(a, "%s.%s", sql_ident(a, t->schema), sql_ident(a, t->name));
}

bool invert_utype(struct arena *a, const struct model *before, const struct pgsql_stmt *p,
		  struct loc loc, struct mast_list *l, const char **why)
{
	if (p->kind == PGSQL_CREATE_TYPE) {
		const struct pgsql_name *n = &p->names[0];
		const char *sch = model_schema_name(before, n->schema);
		const char *q = strcmp(sch, before->default_schema) == 0 ? sql_ident(a, n->name)
			: arena_printf(a, "%s.%s", sql_ident(a, sch), sql_ident(a, n->name));
		if (p->type_kind == PGSQL_BASE) {
			*why = "\"create type ... (input = ...)\" (a base type) cannot be inverted: "
			       "migc does not model base types";
			return false;
		}
		view_push_sql(l, arena_printf(a, "DROP %s %s",
					      p->type_kind == PGSQL_DOMAIN ? "DOMAIN" : "TYPE", q),
			      loc);
		/* a type that completed a shell type leaves the shell */
		const struct m_utype *sh = model_utype(before, sch, n->name);
		if (sh && sh->kind == PGSQL_SHELL)
			view_push_sql(l, sh->sql, loc);
		return true;
	}
	if (p->kind == PGSQL_RENAME_TYPE) {
		const struct pgsql_name *n = &p->names[0];
		const char *sch = model_schema_name(before, n->schema);
		const struct m_utype *t = model_utype(before, sch, n->name);
		if (!t) {
			*why = "the type renamed is not one migc knows";
			return false;
		}
		const char *q = strcmp(sch, before->default_schema) == 0 ? sql_ident(a, p->new_name)
			: arena_printf(a, "%s.%s", sql_ident(a, sch), sql_ident(a, p->new_name));
		view_push_sql(l, arena_printf(a, "ALTER %s %s RENAME TO %s",
					      t->kind == PGSQL_DOMAIN ? "DOMAIN" : "TYPE", q,
					      sql_ident(a, t->name)), loc);
		return true;
	}
	if (p->cascade) {
		*why = "\"drop domain|type ... cascade\" cannot be inverted: the columns it dropped lose their data";
		return false;
	}
	for (size_t i = p->n_names; i-- > 0;) {
		const struct pgsql_name *n = &p->names[i];
		const struct m_utype *t =
			model_utype(before, model_schema_name(before, n->schema), n->name);
		if (!t) {
			if (p->if_exists)
				continue;
			*why = "the type dropped is not one migc knows";
			return false;
		}
		size_t nc;
		const char **c = model_utype_create_sql(a, t, qname(a, before, t), &nc);
		for (size_t k = 0; k < nc; k++)
			view_push_sql(l, c[k], loc);
		if (t->comment)
			view_push_sql(l, utype_comment_sql(a, before, t, t->comment), loc);
	}
	return true;
}

bool invert_utype_restore(const struct model *before, const struct model *after,
			  const struct ast_stmt *s, struct mast_list *l)
{
	const char *sch = model_schema_name(before, s->target.schema);
	const struct m_utype *t = model_utype(before, sch, s->target.name);
	if (!t || model_utype(after, sch, s->target.name))
		return true;
	if (s->cascade)
		return false;
	view_push_sql(l, t->sql, s->loc);
	if (t->comment)
		view_push_sql(l, utype_comment_sql(l->a, before, t, t->comment), s->loc);
	return true;
}
