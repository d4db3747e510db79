/*
 * replay_setschema_type.c - `alter type | domain T set schema S` (plain
 * SQL, pgsql_seq.c describes it: PGSQL_SETSCHEMA_OBJECT) in the model.
 *
 * PostgreSQL moves the type (an enum, a domain, a composite or range
 * type); the columns typed by it keep their type (by oid).  The model
 * moves the type (an enum's labels and comment; a domain's or other
 * type's statement, which then names S) and the columns typed by it (or by
 * arrays of it) follow.  What the model keeps as source text naming the
 * type (a view's query, a table's default or check, a routine's statement
 * and arguments, another type's statement: rp_setschema_text_user) would
 * keep naming the old schema: such a move is an error at the statement,
 * and so is any move while migc.conf compares grants or owners.
 * Guarantees: on success the type is found under S only, no type or
 * relation of its name was there, and every column typed by it names S;
 * on an error the model is unchanged.
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "sqltext.h"

static struct loc at_stmt(void)
{
	return (struct loc){ 0 };
}

/* `sql` (create domain|type [schema.]name ...) naming the type in schema
 * `to` (rp_setschema_requalify); NULL when the name is not where it
 * should be. */
static const char *moved_sql(struct arena *a, const char *sql, const char *to,
			     const char *default_schema)
{
	size_t n = strlen(sql), i = sqlt_skip_blank(sql, n, 0);
	enum sqlt_kind k;
	for (int w = 0; w < 2; w++)	/* "create", then "domain" or "type" */
		i = sqlt_skip_blank(sql, n, sqlt_token(sql, n, i, &k));
	sqlt_token(sql, n, i, &k);
	if (i >= n || (k != SQLT_WORD && k != SQLT_QIDENT))
		return NULL;
	return rp_setschema_requalify(a, sql, i, to, default_schema);
}

bool rp_type_set_schema(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	const char *from = model_schema_name(r->m, n->schema), *to = p->new_name;
	struct m_enum *en = model_enum(r->m, from, n->name);
	struct m_utype *ut = en ? NULL : model_utype(r->m, from, n->name);
	if (!en && !ut) {
		if (p->if_exists)
			return true;
		rp_error(r, at_stmt(), "type \"%s\" does not exist", n->name);
		return false;
	}
	if (strcmp(p->obj_word, "domain") == 0 && (!ut || ut->kind != PGSQL_DOMAIN)) {
		rp_error(r, at_stmt(), "\"%s\" is not a domain", n->name);
		return false;
	}
	struct m_schema *ts = model_schema(r->m, to);
	if (!ts) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", to);
		return false;
	}
	if (strcmp(from, ts->name) == 0)
		return true;	/* already there */
	if (model_enum(r->m, ts->name, n->name) || model_utype(r->m, ts->name, n->name) ||
	    pmap_get(&ts->rels, n->name)) {
		rp_error(r, at_stmt(), "type \"%s\" already exists in schema \"%s\"", n->name, to);
		return false;
	}
	const void *self = ut;
	const char *why = r->m->acl ? "migc.conf compares grants or owners"
				    : rp_setschema_text_user(r, n->name, self);
	const char *moved = ut ? moved_sql(r->a, ut->sql, ts->name, r->m->default_schema) : NULL;
	if (!why && ut && !moved)
		why = "migc cannot find its name in its statement";
	if (why) {
		rp_error(r, at_stmt(), "not supported yet: moving %s \"%s\" to schema \"%s\" when "
			 "%s (migc keeps that text, which would name the old schema)", p->obj_word,
			 n->name, to, why);
		rp_note(r, en ? en->loc : ut->loc, "%s \"%s\" is defined here", p->obj_word, n->name);
		return false;
	}
	const char *name = en ? en->name : ut->name;
	if (en) {
		struct m_enum *c = arena_alloc(r->a, sizeof *c);
		*c = *en;
		c->stamp = model_stamp(r->m);
		c->schema = ts->name;
		struct m_schema *old = model_schema_mut(r->m, r->a, from);
		pmap_del(&old->enums, r->a, model_stamp(r->m), name);
		ts = model_schema_mut(r->m, r->a, ts->name);
		pmap_set(&ts->enums, r->a, model_stamp(r->m), name, c);
	} else {
		struct m_utype *c = arena_alloc(r->a, sizeof *c);
		*c = *ut;
		c->schema = ts->name;
		c->sql = moved;
		model_utype_del(r->m, r->a, ut);
		model_utype_set(r->m, r->a, c);
	}
	rp_type_columns_follow(r, from, name, ts->name, name);
	return true;
}
