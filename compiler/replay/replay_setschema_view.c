/*
 * replay_setschema_view.c - `alter view | materialized view | table V set
 * schema S` of a view (plain SQL, pgsql_seq.c describes it) in the model.
 *
 * PostgreSQL moves the view (a materialized view with its indexes) and
 * keeps its comment and grants; what refers to it keeps referring to it by
 * oid.  The model moves the view, its indexes and its comment.  What the
 * model cannot follow is an error at the statement, so that the model
 * never holds a view where the database does not: other views reading it
 * (their stored text names the old schema), other text the model keeps
 * naming it (a policy, a routine's statement: rp_setschema_text_user),
 * triggers on it, and grants or owners when migc.conf compares them.  Routines and types:
 * replay_setschema_routine.c.
 * Guarantees: on success the view is found under its new schema only, and
 * every relation name it brings is free there; on an error the model is
 * unchanged.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"

static struct loc at_stmt(void)
{
	return (struct loc){ 0 };
}

static bool taken(struct rp *r, const char *schema, const char *name)
{
	if (!model_rel(r->m, schema, name))
		return false;
	rp_error(r, at_stmt(), "relation \"%s\" already exists in schema \"%s\"", name, schema);
	return true;
}

/* What the model cannot move along: an error (and false) if there is. */
static bool movable(struct rp *r, const struct m_view *v, const char *to)
{
	const char *why = NULL;
	size_t n = 0;
	const char *word = v->materialized ? "materialized view" : "view";
	model_view_dependents(r->m, r->a, v->schema, v->name, NULL, &n);
	if (n)
		why = "other views read it";
	if (!why)
		why = rp_setschema_text_user(r, v->name, v);
	struct m_trigger **ts = model_triggers_sorted(r->m, r->a, &n);
	for (size_t i = 0; !why && i < n; i++)
		if (strcmp(ts[i]->schema, v->schema) == 0 && strcmp(ts[i]->table, v->name) == 0)
			why = "it has triggers";
	if (!why && r->m->acl)
		why = "migc.conf compares grants or owners";
	if (why) {
		rp_error(r, at_stmt(), "not supported yet: moving %s \"%s\" to schema \"%s\" "
			 "when %s (migc cannot follow that move yet)", word, v->name, to, why);
		rp_note(r, v->loc, "%s \"%s\" is defined here", word, v->name);
		return false;
	}
	if (taken(r, to, v->name))
		return false;
	for (size_t i = 0; i < v->n_idx; i++)
		if (taken(r, to, v->idx[i].name))
			return false;
	return true;
}

bool rp_view_set_schema(struct rp *r, const struct pgsql_stmt *p, const struct m_view *v)
{
	const char *w = p->obj_word ? p->obj_word : "table";
	if ((strcmp(w, "view") == 0 && v->materialized) ||
	    (strcmp(w, "materialized view") == 0 && !v->materialized)) {
		rp_error(r, at_stmt(), "\"%s\" is not a %s", v->name, w);
		return false;
	}
	const char *to = p->new_name;
	if (!model_schema(r->m, to)) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", to);
		return false;
	}
	if (strcmp(to, v->schema) == 0)
		return true;	/* already there */
	if (!movable(r, v, to))
		return false;
	struct m_view *c = arena_alloc(r->a, sizeof *c);
	*c = *v;
	c->schema = arena_strdup(r->a, to);
	model_view_del(r->m, r->a, v->schema, v->name);
	model_view_set(r->m, r->a, c);
	return true;
}
