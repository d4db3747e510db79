/*
 * invert_routine.c - derived downgrades for functions, procedures,
 * aggregates and triggers (invert_view.h).
 *
 * Like views, from the models before and after a statement: what the
 * statement created is dropped (triggers first), what it replaced gets
 * its previous text back with `create or replace`, what it dropped (also
 * a table's triggers, by drop table) is created again (routines before
 * the triggers that execute them).
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

static const char *kind_sql(char k)
{
	return k == 'p' ? "PROCEDURE" : k == 'a' ? "AGGREGATE" : "FUNCTION";
}

/* The argument list to write: an aggregate of no arguments is f(*). */
static const char *sig(const struct m_routine *f)
{
	return f->kind == 'a' && !f->args[0] ? "*" : f->args;
}

const char *routine_drop_sql(struct arena *a, const struct model *m, const struct m_routine *f)
{
	return arena_printf(a, "DROP %s %s(%s)", kind_sql(f->kind),
			    qname(a, m, f->schema, f->name), sig(f));
}

const char *trigger_drop_sql(struct arena *a, const struct model *m, const struct m_trigger *t)
{
	return arena_printf(a, "DROP TRIGGER %s ON %s", sql_ident(a, t->name),
			    qname(a, m, t->schema, t->table));
}

void invert_routines(struct arena *a, const struct model *before, const struct model *after,
		     bool changed, struct loc loc, struct mast_list *l)
{
	size_t nbf, naf, nbt, nat;
	struct m_routine **bf = model_routines_sorted(before, a, &nbf);
	struct m_routine **af = model_routines_sorted(after, a, &naf);
	struct m_trigger **bt = model_triggers_sorted(before, a, &nbt);
	struct m_trigger **at = model_triggers_sorted(after, a, &nat);
	if (nbf + naf + nbt + nat == 0)
		return;
	for (size_t i = 0; i < nat; i++)
		if (!model_trigger(before, at[i]->schema, at[i]->table, at[i]->name))
			view_push_sql(l, trigger_drop_sql(a, after, at[i]), loc);
	for (size_t i = 0; i < naf; i++)
		if (!model_routine(before, af[i]->schema, af[i]->name, af[i]->args))
			view_push_sql(l, routine_drop_sql(a, after, af[i]), loc);
	for (size_t i = 0; i < nbf; i++) {
		const struct m_routine *x = model_routine(after, bf[i]->schema, bf[i]->name,
							  bf[i]->args);
		if (!x) {
			view_push_sql(l, arena_printf(a, "CREATE %s", bf[i]->body), loc);
			if (bf[i]->comment)
				view_push_sql(l, routine_comment_sql(a, before, bf[i], bf[i]->comment),
					      loc);
		} else if (changed && x != bf[i] && !model_str_equal(x->body, bf[i]->body))
			view_push_sql(l, arena_printf(a, "CREATE OR REPLACE %s", bf[i]->body), loc);
	}
	for (size_t i = 0; i < nbt; i++) {
		const struct m_trigger *x = model_trigger(after, bt[i]->schema, bt[i]->table,
							  bt[i]->name);
		if (!x) {
			view_push_sql(l, arena_printf(a, "CREATE %s", bt[i]->body), loc);
			if (bt[i]->comment)
				view_push_sql(l, trigger_comment_sql(a, before, bt[i], bt[i]->comment),
					      loc);
		} else if (changed && x != bt[i] && !model_str_equal(x->body, bt[i]->body))
			view_push_sql(l, arena_printf(a, "CREATE OR REPLACE %s", bt[i]->body), loc);
	}
}

/* The routine n names in `before` (the only one of its name when n has
 * no arguments), or NULL. */
static const struct m_routine *named(struct arena *a, const struct model *before,
				     const struct pgsql_name *n)
{
	const char *sch = model_schema_name(before, n->schema);
	if (n->args)
		return model_routine(before, sch, n->name, n->args);
	size_t nf;
	struct m_routine **fs = model_routines_sorted(before, a, &nf);
	for (size_t i = 0; i < nf; i++)
		if (strcmp(fs[i]->schema, sch) == 0 && strcmp(fs[i]->name, n->name) == 0)
			return fs[i];
	return NULL;
}

bool invert_routine_set_schema(struct arena *a, const struct model *before,
			       const struct pgsql_stmt *p, struct loc loc, struct mast_list *l)
{
	const struct m_routine *f = named(a, before, &p->names[0]);
	if (!f)
		return true;	/* a missing routine is refused by replay */
	if (strcmp(f->schema, p->new_name) != 0)
		view_push_sql(l, arena_printf(a, "ALTER %s %s(%s) SET SCHEMA %s", kind_sql(f->kind),
					      qname(a, before, p->new_name, f->name), sig(f),
					      sql_ident(a, f->schema)), loc);
	return true;
}

bool invert_routine_rename(struct arena *a, const struct model *before,
			   const struct pgsql_stmt *p, struct loc loc, struct mast_list *l)
{
	const struct pgsql_name *n = &p->names[0];
	const char *sch = model_schema_name(before, n->schema);
	const struct m_routine *f = NULL;
	if (n->args) {
		f = model_routine(before, sch, n->name, n->args);
	} else {
		size_t nf;
		struct m_routine **fs = model_routines_sorted(before, a, &nf);
		for (size_t i = 0; i < nf && !f; i++)
			if (strcmp(fs[i]->schema, sch) == 0 && strcmp(fs[i]->name, n->name) == 0)
				f = fs[i];
	}
	if (!f)
		return true;	/* IF EXISTS on a missing routine */
	view_push_sql(l, arena_printf(a, "ALTER %s %s(%s) RENAME TO %s", kind_sql(f->kind),
				      qname(a, before, sch, p->new_name), sig(f),
				      sql_ident(a, f->name)), loc);
	return true;
}
