/*
 * invert_comment.c - the SQL of comments on views, routines, triggers,
 * domains and types, and the derived downgrade of such a comment
 * (invert_view.h): the comment the object had before (IS NULL when it
 * had none); and the comment a table, column, constraint, index or type
 * had before a `comment on` (comment_before, for invert.c).
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

static const char *is(struct arena *a, const char *text)
{
	return text ? sql_literal(a, text) : "NULL";
}

const char *view_comment_sql(struct arena *a, const struct model *m, const struct m_view *v,
			     const char *text)
{
	return arena_printf(a, "COMMENT ON %sVIEW %s IS %s", v->materialized ? "MATERIALIZED " : "",
			    qname(a, m, v->schema, v->name), is(a, text));
}

const char *routine_comment_sql(struct arena *a, const struct model *m,
				const struct m_routine *f, const char *text)
{
	const char *kind = f->kind == 'p' ? "PROCEDURE" : f->kind == 'a' ? "AGGREGATE" : "FUNCTION";
	const char *args = f->kind == 'a' && !f->args[0] ? "*" : f->args;
	return arena_printf(a, "COMMENT ON %s %s(%s) IS %s", kind,
			    qname(a, m, f->schema, f->name), args, is(a, text));
}

const char *trigger_comment_sql(struct arena *a, const struct model *m,
				const struct m_trigger *t, const char *text)
{
	return arena_printf(a, "COMMENT ON TRIGGER %s ON %s IS %s", sql_ident(a, t->name),
			    qname(a, m, t->schema, t->table), is(a, text));
}

const char *utype_comment_sql(struct arena *a, const struct model *m, const struct m_utype *t,
			      const char *text)
{
	return arena_printf(a, "COMMENT ON %s %s IS %s", t->kind == 'd' ? "DOMAIN" : "TYPE",
			    qname(a, m, t->schema, t->name), is(a, text));
}

bool invert_comment(struct arena *a, const struct model *before, const struct pgsql_stmt *p,
		    struct loc loc, struct mast_list *l)
{
	const struct pgsql_name *n = &p->names[0];
	const char *sch = model_schema_name(before, n->schema);
	const char *sql = NULL;
	switch (p->comment_on) {
	case 'v':
	case 'm': {
		const struct m_view *v = model_view(before, sch, n->name);
		if (v)
			sql = view_comment_sql(a, before, v, v->comment);
		break;
	}
	case 'r': {
		const struct m_routine *f = NULL;
		size_t nf;
		struct m_routine **fs = model_routines_sorted(before, a, &nf);
		for (size_t i = 0; i < nf && !f; i++)
			if (strcmp(fs[i]->schema, sch) == 0 && strcmp(fs[i]->name, n->name) == 0 &&
			    (!n->args || strcmp(fs[i]->args, n->args) == 0))
				f = fs[i];
		if (f)
			sql = routine_comment_sql(a, before, f, f->comment);
		break;
	}
	case 't': {
		const struct m_trigger *t = model_trigger(before, sch, n->table, n->name);
		if (t)
			sql = trigger_comment_sql(a, before, t, t->comment);
		break;
	}
	default: {
		const struct m_utype *t = model_utype(before, sch, n->name);
		if (t)
			sql = utype_comment_sql(a, before, t, t->comment);
		break;
	}
	}
	if (!sql)
		return false;	/* replay refused it, or an enum's (native) */
	struct ast_stmt *x = mast_push(l, STMT_EXECUTE, loc);	/* plain SQL */
	x->u.exec.sql = sql;
	x->u.exec.passthrough = true;
	return true;
}

/* The comment the object of `comment on` statement s had in b (*old,
 * NULL for none); false when b has no such table (nothing to restore). */
bool comment_before(const struct model *b, const struct ast_stmt *s, const char **old_out)
{
	const char *old = NULL;
	const char *schema = model_schema_name(b, s->target.schema);
	switch (s->u.comment.comment_target) {
	case COMMENT_TABLE:
	case COMMENT_COLUMN:
	case COMMENT_CONSTRAINT: {
		const struct m_table *t = model_table(b, schema, s->target.name);
		if (!t)
			return false;
		if (s->u.comment.comment_target == COMMENT_TABLE) {
			old = t->comment;
		} else if (s->u.comment.comment_target == COMMENT_COLUMN) {
			const struct m_column *c = table_column(t, s->u.comment.member.name);
			old = c ? c->comment : NULL;
		} else {
			const struct m_constraint *c = table_constraint(t, s->u.comment.member.name);
			old = c ? c->comment : NULL;
		}
		break;
	}
	case COMMENT_INDEX: {
		const struct m_rel *r = model_rel(b, schema, s->target.name);
		const struct m_table *t = r ? model_table(b, schema, r->table) : NULL;
		const struct m_index *ix = t ? table_index(t, s->target.name) : NULL;
		if (r && !t)	/* an index of a materialized view */
			ix = view_index(model_view(b, schema, r->table), s->target.name);
		old = ix ? ix->comment : NULL;
		break;
	}
	case COMMENT_TYPE: {
		const struct m_enum *e = model_enum(b, schema, s->target.name);
		const struct m_utype *t = e ? NULL : model_utype(b, schema, s->target.name);
		old = e ? e->comment : t ? t->comment : NULL;
		break;
	}
	}
	*old_out = old;
	return true;
}

