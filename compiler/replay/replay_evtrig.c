/*
 * replay_evtrig.c - event triggers replayed into the model (plain SQL,
 * pgsql_evtrig.c): create event trigger needs a new name, one of
 * PostgreSQL 15's events and its function (no arguments) in the model (or
 * pg_catalog); alter event trigger enable|disable and rename to need it to
 * exist; drop event trigger too, unless if exists.  A function an event
 * trigger executes is not dropped without cascade (which drops the event
 * trigger), as PostgreSQL does.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "sqltext.h"

static struct loc at_stmt(void)
{
	return (struct loc){ 0 };
}

static bool missing(struct rp *r, const char *name)
{
	rp_error(r, at_stmt(), "event trigger \"%s\" does not exist", name);
	return false;
}

static bool create(struct rp *r, const struct pgsql_stmt *p, const char *name)
{
	static const char *const events[] = { "ddl_command_start", "ddl_command_end",
					      "sql_drop", "table_rewrite" };
	bool known = false;
	for (size_t i = 0; i < sizeof events / sizeof *events; i++)
		known |= strcmp(p->evt_event, events[i]) == 0;
	if (!known) {
		rp_error(r, at_stmt(), "unrecognized event name \"%s\"", p->evt_event);
		return false;
	}
	const struct m_evtrig *old = model_evtrig(r->m, name);
	if (old) {
		rp_error(r, at_stmt(), "event trigger \"%s\" already exists", name);
		if (old->loc.file)
			rp_note(r, old->loc, "event trigger \"%s\" was defined here", name);
		return false;
	}
	const char *fs = model_schema_name(r->m, p->func.schema);
	if (!model_routine(r->m, fs, p->func.name, "") && strcmp(fs, "pg_catalog") != 0) {
		rp_error(r, at_stmt(), "function \"%s\" does not exist",
			 strcmp(fs, r->m->default_schema) == 0
			 ? arena_printf(r->a, "%s()", p->func.name)
			 : arena_printf(r->a, "%s.%s()", fs, p->func.name));
		return false;
	}
	struct m_evtrig *t = arena_calloc(r->a, 1, sizeof *t);
	t->name = arena_strdup(r->a, name);
	t->func_schema = arena_strdup(r->a, fs);
	t->func_name = arena_strdup(r->a, p->func.name);
	t->event = arena_strdup(r->a, p->evt_event);
	t->tags = arena_strdup(r->a, p->evt_tags ? p->evt_tags : "");
	t->enabled = 'O';
	const char *sql = r->s->u.exec.sql;
	size_t n = strlen(sql), i = sqlt_skip_blank(sql, n, 0);
	enum sqlt_kind k;
	i = sqlt_skip_blank(sql, n, sqlt_token(sql, n, i, &k));	/* after "create" */
	t->body = arena_strdup(r->a, sql + i);
	t->loc = r->s->loc;
	model_evtrig_set(r->m, r->a, t);
	return true;
}

bool rp_evtrig_stmt(struct rp *r, const struct pgsql_stmt *p)
{
	const char *name = p->names[0].name;
	if (p->kind == PGSQL_CREATE_EVTRIG)
		return create(r, p, name);
	const struct m_evtrig *t = model_evtrig(r->m, name);
	if (!t)
		return (p->kind == PGSQL_DROP_EVTRIG && p->if_exists) || missing(r, name);
	if (p->kind == PGSQL_DROP_EVTRIG) {
		model_evtrig_del(r->m, r->a, t);
		return true;
	}
	struct m_evtrig *u = arena_alloc(r->a, sizeof *u);
	*u = *t;
	if (p->kind == PGSQL_ALTER_EVTRIG) {
		u->enabled = p->evt_enabled;
	} else if (p->kind == PGSQL_RENAME_EVTRIG) {
		if (model_evtrig(r->m, p->new_name)) {
			rp_error(r, at_stmt(), "event trigger \"%s\" already exists", p->new_name);
			return false;
		}
		u->name = arena_strdup(r->a, p->new_name);
		u->body = model_expr_rename(r->a, t->body, t->name, u->name);
		model_evtrig_del(r->m, r->a, t);
	}
	model_evtrig_set(r->m, r->a, u);
	return true;
}

bool rp_evtrig_func_drop(struct rp *r, const char *schema, const char *name, bool cascade)
{
	size_t n;
	struct m_evtrig **v = model_evtrigs_sorted(r->m, r->a, &n);
	bool reported = false;
	const char *what = strcmp(schema, r->m->default_schema) == 0
		? arena_printf(r->a, "function \"%s()\"", name)
		: arena_printf(r->a, "function \"%s.%s()\"", schema, name);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i]->func_schema, schema) != 0 || strcmp(v[i]->func_name, name) != 0)
			continue;
		if (cascade) {
			model_evtrig_del(r->m, r->a, v[i]);
			continue;
		}
		if (!reported)
			rp_error(r, at_stmt(), "cannot drop %s because other objects depend on it",
				 what);
		reported = true;
		rp_note(r, v[i]->loc, "event trigger \"%s\" depends on %s", v[i]->name, what);
	}
	if (reported)
		rp_note(r, r->s->loc, "use \"cascade\" to drop the dependent objects too");
	return !reported;
}
