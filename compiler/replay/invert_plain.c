/*
 * invert_plain.c - derived downgrades of the plain SQL statements the
 * model knows (invert_view.h, invert_passthrough): views through
 * invert_view.c, routines and triggers through invert_routine.c, alter
 * domain through invert_domain.c, event triggers through invert_evtrig.c;
 * collations here;
 * grants and owners (when the model records them) from the models before
 * and after.
 */
#include <string.h>

#include "arena.h"
#include "invert.h"
#include "invert_view.h"
#include "model.h"
#include "model_acl.h"
#include "model_ast.h"
#include "model_coll.h"
#include "pgsql_tree.h"
#include "sql.h"

static const char *qname(struct arena *a, const struct model *m, const char *schema,
			 const char *name)
{
	if (strcmp(schema, m->default_schema) == 0)
		return sql_ident(a, name);
	return arena_printf(a, "%s.%s", sql_ident(a, schema), sql_ident(a, name));
}

/* create collation: dropped (unless if not exists found it); drop
 * collation: each created again from the model before; rename: renamed
 * back; refresh version: nothing (no schema effect). */
static bool invert_coll(struct arena *a, const struct model *before, const struct pgsql_stmt *p,
			struct loc loc, struct mast_list *l)
{
	if (p->kind == PGSQL_REFRESH_COLL)
		return true;
	if (p->kind == PGSQL_RENAME_COLL) {
		const char *sch = model_schema_name(before, p->names[0].schema);
		view_push_sql(l, arena_printf(a, "ALTER COLLATION %s RENAME TO %s",
					      qname(a, before, sch, p->new_name),
					      sql_ident(a, p->names[0].name)), loc);
		return true;
	}
	for (size_t i = 0; i < p->n_names; i++) {
		const char *sch = model_schema_name(before, p->names[i].schema);
		const struct m_coll *c = model_coll(before, sch, p->names[i].name);
		if (p->kind == PGSQL_CREATE_COLL && !c)
			view_push_sql(l, arena_printf(a, "DROP COLLATION %s",
						      qname(a, before, sch, p->names[i].name)), loc);
		else if (p->kind == PGSQL_DROP_COLL && c)
			view_push_sql(l, model_coll_create_sql(a, c), loc);
	}
	return true;
}

bool invert_passthrough(struct arena *a, const struct model *before,
			const struct model *after, const struct ast_stmt *s,
			struct mast_list *l, const char **why)
{
	struct pgsql_stmt p;
	*why = "a plain SQL statement cannot be inverted";
	if (!s->u.exec.sql || !pgsql_describe(a, s->u.exec.sql, strlen(s->u.exec.sql), &p))
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
	if (p.kind == PGSQL_SETSCHEMA_TABLE) {
		/* alter table t set schema s: moved back (replay_setschema.c) */
		const char *sch = model_schema_name(before, p.names[0].schema);
		if (model_seq(before, sch, p.names[0].name)) {
			p.kind = PGSQL_SETSCHEMA_SEQUENCE;	/* alter table SEQ ... */
			return invert_seq(a, before, &p, s->loc, l, why);
		}
		const struct m_view *v = model_view(before, sch, p.names[0].name);
		if (v) {	/* a view (replay_setschema_view.c): moved back */
			if (strcmp(p.new_name, sch) != 0)
				view_push_sql(l, arena_printf(a, "ALTER %sVIEW %s SET SCHEMA %s",
							      v->materialized ? "MATERIALIZED " : "",
							      qname(a, before, p.new_name, v->name),
							      sql_ident(a, sch)), s->loc);
			return true;
		}
		if (!model_table(before, sch, p.names[0].name)) {
			*why = "the relation moved is not a table migc knows";
			return p.if_exists && !model_rel(before, sch, p.names[0].name);
		}
		if (strcmp(p.new_name, sch) != 0)
			view_push_sql(l, arena_printf(a, "ALTER TABLE %s SET SCHEMA %s",
						      qname(a, before, p.new_name, p.names[0].name),
						      sql_ident(a, sch)), s->loc);
		return true;
	}
	if (p.kind == PGSQL_ATTACH_INDEX) {
		*why = invert_attach_index_why();
		return false;
	}
	if (p.kind == PGSQL_COMMENT) {
		*why = "the object of the comment is not one migc knows";
		return invert_comment(a, before, &p, s->loc, l);
	}
	if (p.kind == PGSQL_SETSCHEMA_OBJECT && (strcmp(p.obj_word, "type") == 0 ||
						 strcmp(p.obj_word, "domain") == 0)) {
		/* a type or domain (replay_setschema_type.c): moved back */
		const char *sch = model_schema_name(before, p.names[0].schema);
		const struct m_utype *u = model_utype(before, sch, p.names[0].name);
		if (!u && !model_enum(before, sch, p.names[0].name))
			return true;	/* if exists on a missing type */
		if (strcmp(p.new_name, sch) != 0)
			view_push_sql(l, arena_printf(a, "ALTER %s %s SET SCHEMA %s",
						      u && u->kind == PGSQL_DOMAIN ? "DOMAIN" : "TYPE",
						      qname(a, before, p.new_name, p.names[0].name),
						      sql_ident(a, sch)), s->loc);
		return true;
	}
	if (p.kind == PGSQL_SETSCHEMA_OBJECT)
		return invert_routine_set_schema(a, before, &p, s->loc, l);
	if (p.kind == PGSQL_RENAME_FUNCTION)
		return invert_routine_rename(a, before, &p, s->loc, l);
	if (p.kind == PGSQL_CREATE_FUNCTION || p.kind == PGSQL_DROP_FUNCTION ||
	    p.kind == PGSQL_CREATE_TRIGGER || p.kind == PGSQL_DROP_TRIGGER) {
		invert_routines(a, before, after, true, s->loc, l);
		invert_evtrigs_restore(a, before, after, s->loc, l);
		return true;
	}
	if (p.kind == PGSQL_CREATE_TYPE || p.kind == PGSQL_DROP_TYPE || p.kind == PGSQL_RENAME_TYPE)
		return invert_utype(a, before, &p, s->loc, l, why);
	if (p.kind == PGSQL_CREATE_COLL || p.kind == PGSQL_DROP_COLL ||
	    p.kind == PGSQL_RENAME_COLL || p.kind == PGSQL_REFRESH_COLL)
		return invert_coll(a, before, &p, s->loc, l);
	if (p.kind == PGSQL_ALTER_DOMAIN)
		return invert_domain(a, before, after, &p, s->loc, l, why);
	if (p.kind == PGSQL_CREATE_EVTRIG || p.kind == PGSQL_ALTER_EVTRIG ||
	    p.kind == PGSQL_RENAME_EVTRIG || p.kind == PGSQL_DROP_EVTRIG)
		return invert_evtrig(a, before, &p, s->loc, l, why);
	if (p.kind == PGSQL_GRANT || p.kind == PGSQL_OWNER)
		return invert_acl(a, before, after, &p, s->loc, l, why);
	if (p.kind == PGSQL_CREATE_SEQUENCE || p.kind == PGSQL_ALTER_SEQUENCE ||
	    p.kind == PGSQL_DROP_SEQUENCE || p.kind == PGSQL_RENAME_SEQUENCE ||
	    p.kind == PGSQL_SETSCHEMA_SEQUENCE || p.kind == PGSQL_COMMENT_SEQUENCE)
		return invert_seq(a, before, &p, s->loc, l, why);
	if (p.kind != PGSQL_CREATE_VIEW && p.kind != PGSQL_DROP_VIEW)
		return false;
	invert_views(a, before, after, true, s->loc, l);
	return true;
}

bool invert_acl(struct arena *a, const struct model *before, const struct model *after,
		const struct pgsql_stmt *p, struct loc loc, struct mast_list *l,
		const char **why)
{
	unsigned need = p->kind == PGSQL_GRANT ? MODEL_ACL_GRANTS : MODEL_ACL_OWNERS;
	if (!(before->acl & need))
		return false;	/* opaque plain SQL, as without compare_grants|owners */
	size_t first = l->n;
	const char *unknown = NULL;
	model_acl_stmts(a, after, before, l, &unknown);
	if (unknown) {
		l->n = first;
		*why = arena_printf(a, "the owner of %s before this statement is not known: no "
				    "statement of the history set it (the owner is whoever ran "
				    "the create), so alter ... owner to cannot be inverted", unknown);
		return false;
	}
	for (size_t i = first; i < l->n; i++)
		l->v[i].loc = loc;
	return true;
}
