/*
 * replay_routine.c - functions, procedures, aggregates and triggers, read
 * from PostgreSQL's parse tree (pgsql_tree.h) by rp_passthrough().
 *
 * A routine is identified by schema, name and argument types: creating
 * one that exists is an error unless `or replace` (which cannot turn a
 * function into a procedure); drop without argument types needs the name
 * to be unique.  A trigger needs its table and its function (name, no
 * arguments: trigger functions take none) to exist; a function a trigger
 * executes cannot be dropped without cascade (which drops the trigger).
 * Dropping a table drops its triggers; renaming it keeps them.
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

static const char *kind_word(char k)
{
	return k == 'p' ? "procedure" : k == 'a' ? "aggregate" : "function";
}

/* The statement after "create [or replace]". */
static const char *after_create(struct arena *a, const char *sql)
{
	size_t n = strlen(sql), i = 0;
	for (int w = 0; w < 3; w++) {
		enum sqlt_kind k;
		size_t s = sqlt_skip_blank(sql, n, i);
		size_t e = sqlt_token(sql, n, s, &k);
		bool skip = k == SQLT_WORD &&
			    ((w == 0 && e - s == 6 && strncasecmp(sql + s, "create", 6) == 0) ||
			     (w == 1 && e - s == 2 && strncasecmp(sql + s, "or", 2) == 0) ||
			     (w == 2 && e - s == 7 && strncasecmp(sql + s, "replace", 7) == 0));
		if (!skip)
			break;
		i = e;
	}
	return arena_strdup(a, sql + sqlt_skip_blank(sql, n, i));
}

static const char *fmt_routine(struct rp *r, const char *schema, const char *name,
			       const char *args)
{
	if (!schema || strcmp(schema, r->m->default_schema) == 0)
		return arena_printf(r->a, "%s(%s)", name, args ? args : "");
	return arena_printf(r->a, "%s.%s(%s)", schema, name, args ? args : "");
}

/* Triggers executing f (schema.name), sorted. */
static struct m_trigger **users(struct rp *r, const char *schema, const char *name, size_t *n)
{
	size_t nt, k = 0;
	struct m_trigger **ts = model_triggers_sorted(r->m, r->a, &nt);
	for (size_t i = 0; i < nt; i++)
		if (strcmp(ts[i]->func_schema, schema) == 0 && strcmp(ts[i]->func_name, name) == 0)
			ts[k++] = ts[i];
	*n = k;
	return ts;
}

static bool create_routine(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	struct m_schema *s = model_schema(r->m, n->schema);
	if (!s) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", n->schema);
		return false;
	}
	struct m_routine *old = model_routine(r->m, s->name, n->name, n->args);
	if (old && (!p->replace || old->kind != p->routine)) {
		if (p->replace)
			rp_error(r, at_stmt(), "cannot change routine kind: \"%s\" is a %s",
				 fmt_routine(r, s->name, n->name, n->args), kind_word(old->kind));
		else
			rp_error(r, at_stmt(), "%s \"%s\" already exists", kind_word(old->kind),
				 fmt_routine(r, s->name, n->name, n->args));
		rp_note(r, old->loc, "%s \"%s\" was defined here", kind_word(old->kind),
			fmt_routine(r, s->name, n->name, n->args));
		return false;
	}
	struct m_routine *f = arena_calloc(r->a, 1, sizeof *f);
	f->comment = old ? old->comment : NULL;	/* or replace keeps it */
	f->schema = s->name;
	f->name = arena_strdup(r->a, n->name);
	f->args = arena_strdup(r->a, n->args ? n->args : "");
	f->kind = p->routine;
	f->body = after_create(r->a, r->s->u.exec.sql);
	f->loc = r->s->loc;
	model_routine_set(r->m, r->a, f);
	return true;
}

/* The routine a drop or rename names; NULL with *ok when IF EXISTS lets
 * it be missing. */
struct m_routine *rp_find_routine(struct rp *r, const struct pgsql_stmt *p,
				   const struct pgsql_name *n, bool *ok)
{
	*ok = false;
	const char *sch = model_schema_name(r->m, n->schema);
	struct m_routine *f = NULL;
	if (n->args) {
		f = model_routine(r->m, sch, n->name, n->args);
	} else {
		size_t nf, hits = 0;
		struct m_routine **fs = model_routines_sorted(r->m, r->a, &nf);
		for (size_t i = 0; i < nf; i++)
			if (strcmp(fs[i]->schema, sch) == 0 && strcmp(fs[i]->name, n->name) == 0 &&
			    (!p->routine || fs[i]->kind == p->routine)) {
				f = fs[i];
				hits++;
			}
		if (hits > 1) {
			rp_error(r, at_stmt(), "%s name \"%s\" is not unique", kind_word(p->routine),
				 n->name);
			rp_note(r, r->s->loc, "specify the argument list to select the %s unambiguously",
				kind_word(p->routine));
			return NULL;
		}
	}
	if (!f) {
		if (p->if_exists) {
			*ok = true;
			return NULL;
		}
		rp_error(r, at_stmt(), "%s \"%s\" does not exist", kind_word(p->routine),
			 fmt_routine(r, sch, n->name, n->args));
		return NULL;
	}
	if (p->routine && f->kind != p->routine) {
		rp_error(r, at_stmt(), "\"%s\" is not a %s", fmt_routine(r, sch, n->name, f->args),
			 kind_word(p->routine));
		return NULL;
	}
	return f;
}

static bool drop_routine(struct rp *r, const struct pgsql_stmt *p)
{
	for (size_t i = 0; i < p->n_names; i++) {
		bool ok;
		struct m_routine *f = rp_find_routine(r, p, &p->names[i], &ok);
		if (!f) {
			if (ok)
				continue;
			return false;
		}
		size_t nu;
		struct m_trigger **u = users(r, f->schema, f->name, &nu);
		if (nu && strcmp(f->args, "") == 0) {
			const char *what = arena_printf(r->a, "function \"%s\"",
							fmt_routine(r, f->schema, f->name, f->args));
			if (!p->cascade) {
				rp_error(r, at_stmt(), "cannot drop %s because other objects depend on it",
					 what);
				for (size_t k = 0; k < nu; k++)
					rp_note(r, u[k]->loc, "trigger \"%s\" on table \"%s\" depends on %s",
						u[k]->name, u[k]->table, what);
				rp_note(r, r->s->loc, "use \"cascade\" to drop the dependent objects too");
				return false;
			}
			for (size_t k = 0; k < nu; k++)
				model_trigger_del(r->m, r->a, u[k]);
		}
		if (strcmp(f->args, "") == 0 &&
		    !rp_evtrig_func_drop(r, f->schema, f->name, p->cascade))
			return false;
		model_routine_del(r->m, r->a, f);
	}
	return true;
}

static bool rename_routine(struct rp *r, const struct pgsql_stmt *p)
{
	bool ok;
	struct m_routine *f = rp_find_routine(r, p, &p->names[0], &ok);
	if (!f)
		return ok;
	if (model_routine(r->m, f->schema, p->new_name, f->args)) {
		rp_error(r, at_stmt(), "%s \"%s\" already exists in schema \"%s\"",
			 kind_word(f->kind), fmt_routine(r, NULL, p->new_name, f->args), f->schema);
		return false;
	}
	struct m_routine *c = arena_alloc(r->a, sizeof *c);
	*c = *f;
	c->name = arena_strdup(r->a, p->new_name);
	/* the stored text names the old routine: keep it runnable */
	c->body = model_expr_rename(r->a, f->body, f->name, c->name);
	model_routine_del(r->m, r->a, f);
	model_routine_set(r->m, r->a, c);
	size_t nu;
	struct m_trigger **u = users(r, f->schema, f->name, &nu);
	for (size_t k = 0; k < nu; k++) {
		struct m_trigger *t = arena_alloc(r->a, sizeof *t);
		*t = *u[k];
		t->func_name = c->name;
		t->body = model_expr_rename(r->a, t->body, f->name, c->name);
		model_trigger_set(r->m, r->a, t);
	}
	return true;
}

static bool create_trigger(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	struct ast_name tn = { n->schema, n->table, at_stmt() };
	struct m_table *t = rp_table(r, &tn, false);
	if (!t)
		return false;
	const char *fs = model_schema_name(r->m, p->func.schema);
	if (!model_routine(r->m, fs, p->func.name, "") &&
	    !(p->func.schema && strcmp(p->func.schema, "pg_catalog") == 0)) {
		rp_error(r, at_stmt(), "function \"%s\" does not exist",
			 fmt_routine(r, fs, p->func.name, ""));
		return false;
	}
	struct m_trigger *old = model_trigger(r->m, t->schema, t->name, n->name);
	if (old && !p->replace) {
		rp_error(r, at_stmt(), "trigger \"%s\" for relation \"%s\" already exists", n->name,
			 rp_table_label(r, t));
		rp_note(r, old->loc, "trigger \"%s\" was defined here", n->name);
		return false;
	}
	struct m_trigger *g = arena_calloc(r->a, 1, sizeof *g);
	g->comment = old ? old->comment : NULL;	/* or replace keeps it */
	g->schema = t->schema;
	g->table = t->name;
	g->name = arena_strdup(r->a, n->name);
	g->func_schema = arena_strdup(r->a, fs);
	g->func_name = arena_strdup(r->a, p->func.name);
	g->body = after_create(r->a, r->s->u.exec.sql);
	g->loc = r->s->loc;
	model_trigger_set(r->m, r->a, g);
	return true;
}

static bool drop_trigger(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	struct ast_name tn = { n->schema, n->table, at_stmt() };
	struct m_table *t = rp_table(r, &tn, p->if_exists);
	if (!t)
		return p->if_exists;
	struct m_trigger *g = model_trigger(r->m, t->schema, t->name, n->name);
	if (!g) {
		if (p->if_exists)
			return true;
		rp_error(r, at_stmt(), "trigger \"%s\" for table \"%s\" does not exist", n->name,
			 rp_table_label(r, t));
		return false;
	}
	model_trigger_del(r->m, r->a, g);
	return true;
}

bool rp_routine_stmt(struct rp *r, const struct pgsql_stmt *p)
{
	switch (p->kind) {
	case PGSQL_CREATE_FUNCTION: return create_routine(r, p);
	case PGSQL_DROP_FUNCTION: return drop_routine(r, p);
	case PGSQL_RENAME_FUNCTION: return rename_routine(r, p);
	case PGSQL_CREATE_TRIGGER: return create_trigger(r, p);
	case PGSQL_DROP_TRIGGER: return drop_trigger(r, p);
	default: return true;
	}
}

void rp_triggers_table(struct rp *r, const char *schema, const char *table, const char *to)
{
	size_t nt;
	struct m_trigger **ts = model_triggers_sorted(r->m, r->a, &nt);
	for (size_t i = 0; i < nt; i++) {
		if (strcmp(ts[i]->schema, schema) != 0 || strcmp(ts[i]->table, table) != 0)
			continue;
		model_trigger_del(r->m, r->a, ts[i]);
		if (to) {
			struct m_trigger *t = arena_alloc(r->a, sizeof *t);
			*t = *ts[i];
			t->table = to;
			t->body = model_expr_rename(r->a, t->body, table, to);
			model_trigger_set(r->m, r->a, t);
		}
	}
}
