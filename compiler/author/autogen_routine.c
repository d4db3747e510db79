/*
 * autogen_routine.c - autogenerate for functions, procedures, aggregates
 * and triggers (autogen_view.h).
 *
 * Triggers that go or change are dropped first (before any table
 * changes); routines are created or replaced (`create or replace` with
 * the target's text) after the tables exist and before the views, which
 * may call them; new and changed triggers are created last; routines that
 * go are dropped at the end, once nothing executes them.  Aggregates are
 * created after the other routines and dropped before them: an aggregate
 * names its state and final functions, which must exist (sorted by name
 * alone, "agg" would come before its "add").  Texts compare
 * as written (whitespace and the case of unquoted words ignored).
 */
#include <string.h>

#include "arena.h"
#include "autogen_view.h"
#include "invert_view.h"
#include "model.h"
#include "model_ast.h"

static bool trigger_same(struct arena *a, const struct m_trigger *x, const struct m_trigger *y)
{
	return x && y && model_expr_equal(a, x->body, y->body);
}

void autogen_triggers_drop(struct arena *a, const struct model *from, const struct model *to,
			   struct mast_list *l)
{
	size_t n;
	struct m_trigger **ts = model_triggers_sorted(from, a, &n);
	for (size_t i = 0; i < n; i++)
		if (!trigger_same(a, ts[i], model_trigger(to, ts[i]->schema, ts[i]->table,
							   ts[i]->name)) &&
		    model_table(to, ts[i]->schema, ts[i]->table))
			view_push_sql(l, trigger_drop_sql(a, from, ts[i]), (struct loc){ 0 });
}

void autogen_triggers_create(struct arena *a, const struct model *from, const struct model *to,
			     struct mast_list *l)
{
	size_t n;
	struct m_trigger **ts = model_triggers_sorted(to, a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_trigger *x = model_trigger(from, ts[i]->schema, ts[i]->table,
							  ts[i]->name);
		/* a trigger of a table created again goes with the table */
		bool table_kept = model_table(from, ts[i]->schema, ts[i]->table) != NULL;
		const char *was = x ? x->comment : NULL;
		if (!trigger_same(a, x, ts[i]) || !table_kept) {
			view_push_sql(l, arena_printf(a, "create %s", ts[i]->body), (struct loc){ 0 });
			was = NULL;
		}
		if (!model_str_equal(was, ts[i]->comment))
			view_push_sql(l, trigger_comment_sql(a, to, ts[i], ts[i]->comment),
				      (struct loc){ 0 });
	}
}

void autogen_routines_create(struct arena *a, const struct model *from, const struct model *to,
			     struct mast_list *l)
{
	size_t n;
	struct m_routine **fs = model_routines_sorted(to, a, &n);
	for (size_t k = 0; k < 2 * n; k++) {
		size_t i = k % n;
		if ((fs[i]->kind == 'a') != (k >= n))
			continue;	/* aggregates in the second pass */
		const struct m_routine *x = model_routine(from, fs[i]->schema, fs[i]->name,
							  fs[i]->args);
		if (!x)
			view_push_sql(l, arena_printf(a, "create %s", fs[i]->body), (struct loc){ 0 });
		else if (!model_expr_equal(a, x->body, fs[i]->body))
			view_push_sql(l, arena_printf(a, "create or replace %s", fs[i]->body),
				      (struct loc){ 0 });
		if (!model_str_equal(x ? x->comment : NULL, fs[i]->comment))	/* replace keeps it */
			view_push_sql(l, routine_comment_sql(a, to, fs[i], fs[i]->comment),
				      (struct loc){ 0 });
	}
}

void autogen_routines_drop(struct arena *a, const struct model *from, const struct model *to,
			   struct mast_list *l)
{
	size_t n;
	struct m_routine **fs = model_routines_sorted(from, a, &n);
	for (size_t k = 0; k < 2 * n; k++) {
		size_t i = k % n;
		if ((fs[i]->kind == 'a') != (k < n))
			continue;	/* aggregates in the first pass */
		if (!model_routine(to, fs[i]->schema, fs[i]->name, fs[i]->args))
			view_push_sql(l, routine_drop_sql(a, from, fs[i]), (struct loc){ 0 });
	}
}
