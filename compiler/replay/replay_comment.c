/*
 * replay_comment.c - comments on views, materialized views, functions,
 * procedures, aggregates, triggers, domains and composite and range types
 * (replay_int.h).
 *
 * The comment is kept on the model object (its `comment`), which is
 * immutable: a copy with the new text takes its place.  `is null` (or
 * '') removes it.  The object must exist and be of the kind the
 * statement names, as in PostgreSQL; a rename or `create or replace`
 * keeps the comment, a drop takes it along.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"

static struct loc at_stmt(void)
{
	return (struct loc){ 0 };
}

static bool view_comment(struct rp *r, const struct pgsql_stmt *p, const char *sch,
			 const char *text)
{
	const struct pgsql_name *n = &p->names[0];
	bool mat = p->comment_on == 'm';
	const struct m_view *v = model_view(r->m, sch, n->name);
	if (!v || v->materialized != mat) {
		rp_error(r, at_stmt(), v || model_rel(r->m, sch, n->name) ? "\"%s\" is not a %s"
			 : "%2$s \"%1$s\" does not exist", n->name, mat ? "materialized view" : "view");
		return false;
	}
	struct m_view *c = arena_alloc(r->a, sizeof *c);
	*c = *v;
	c->comment = text;
	model_view_set(r->m, r->a, c);
	return true;
}

static bool routine_comment(struct rp *r, const struct pgsql_stmt *p, const char *text)
{
	bool ok;
	const struct m_routine *f = rp_find_routine(r, p, &p->names[0], &ok);
	if (!f)
		return false;
	struct m_routine *c = arena_alloc(r->a, sizeof *c);
	*c = *f;
	c->comment = text;
	model_routine_set(r->m, r->a, c);
	return true;
}

static bool trigger_comment(struct rp *r, const struct pgsql_stmt *p, const char *sch,
			    const char *text)
{
	const struct pgsql_name *n = &p->names[0];
	const struct m_trigger *t = model_trigger(r->m, sch, n->table, n->name);
	if (!t) {
		rp_error(r, at_stmt(), "trigger \"%s\" for table \"%s\" does not exist", n->name,
			 n->table);
		return false;
	}
	struct m_trigger *c = arena_alloc(r->a, sizeof *c);
	*c = *t;
	c->comment = text;
	model_trigger_set(r->m, r->a, c);
	return true;
}

static bool utype_comment(struct rp *r, const char *sch, const char *name, bool domain,
			  const char *text)
{
	const struct m_utype *t = model_utype(r->m, sch, name);
	if (!t || (domain && t->kind != 'd')) {
		rp_error(r, at_stmt(), t ? "\"%s\" is not a domain" : "type \"%s\" does not exist",
			 name);
		return false;
	}
	struct m_utype *c = arena_alloc(r->a, sizeof *c);
	*c = *t;
	c->comment = text;
	model_utype_set(r->m, r->a, c);
	return true;
}

bool rp_comment_plain(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	const char *sch = model_schema_name(r->m, n->schema);
	const char *text = p->comment && *p->comment ? arena_strdup(r->a, p->comment) : NULL;
	if (!model_schema(r->m, n->schema)) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", n->schema);
		return false;
	}
	switch (p->comment_on) {
	case 'v':
	case 'm':
		return view_comment(r, p, sch, text);
	case 'r':
		return routine_comment(r, p, text);
	case 't':
		return trigger_comment(r, p, sch, text);
	case 'd':
		return utype_comment(r, sch, n->name, true, text);
	default:
		if (model_enum(r->m, sch, n->name))
			return true;	/* not modelled here: the native statement's */
		return utype_comment(r, sch, n->name, false, text);
	}
}

bool rp_utype_comment(struct rp *r, const struct ast_name *n, const char *text)
{
	const char *sch = model_schema_name(r->m, n->schema);
	if (!model_utype(r->m, sch, n->name)) {
		rp_error(r, n->loc, "type \"%s\" does not exist", n->name);
		return false;
	}
	return utype_comment(r, sch, n->name, false, text);
}
