/*
 * autogen_seq.c - autogenerate's phases for standalone sequences
 * (model_seq.c): each sequence of `t` that `f` lacks is created with all
 * its options right after the types, before the tables whose defaults
 * call nextval() on it; one whose options differ gets an alter sequence
 * there; owners (owned by) are set once the tables exist; each sequence
 * of `f` that `t` lacks is dropped after the columns that used it changed
 * or went - unless its owning table or column went, which took it along.
 * A renamed sequence shows as a drop and a create.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "invert_view.h"
#include "model.h"
#include "sql.h"

static const char *qname(struct arena *a, const struct model *m, const struct m_seq *q)
{
	if (strcmp(q->schema, m->default_schema) == 0)
		return sql_ident(a, q->name);
	return arena_printf(a, "%s.%s", sql_ident(a, q->schema), sql_ident(a, q->name));
}

void autogen_seq_create(struct mast_list *l, const struct model *f, const struct model *t,
			struct arena *a)
{
	size_t n;
	struct m_seq **v = model_seqs_sorted(t, a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_seq *x = model_seq(f, v[i]->schema, v[i]->name);
		const char *want = model_seq_options(a, v[i]);
		if (!x)
			view_push_sql(l, seq_create_sql(a, t, v[i]), (struct loc){ 0 });
		else if (strcmp(model_seq_options(a, x), want) != 0)
			view_push_sql(l, arena_printf(a, "ALTER SEQUENCE %s %s", qname(a, t, v[i]), want),
				      (struct loc){ 0 });
		if (!model_str_equal(x ? x->comment : NULL, v[i]->comment))
			view_push_sql(l, seq_comment_sql(a, t, v[i]), (struct loc){ 0 });
	}
}

void autogen_seq_owners(struct mast_list *l, const struct model *f, const struct model *t,
			struct arena *a)
{
	size_t n;
	struct m_seq **v = model_seqs_sorted(t, a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_seq *x = model_seq(f, v[i]->schema, v[i]->name);
		const char *was = x ? x->owner_table : NULL, *wasc = x ? x->owner_column : NULL;
		if (model_str_equal(was, v[i]->owner_table) &&
		    model_str_equal(wasc, v[i]->owner_column))
			continue;
		if (!x && !v[i]->owner_table)
			continue;
		view_push_sql(l, seq_owned_sql(a, t, v[i]), (struct loc){ 0 });
	}
}

void autogen_seq_drop(struct mast_list *l, const struct model *f, const struct model *t,
		      struct arena *a)
{
	size_t n;
	struct m_seq **v = model_seqs_sorted(f, a, &n);
	for (size_t i = 0; i < n; i++) {
		if (model_seq(t, v[i]->schema, v[i]->name))
			continue;
		if (v[i]->owner_table) {	/* gone with its owner? */
			const struct m_table *ot = model_table(t, v[i]->schema, v[i]->owner_table);
			if (!ot || !table_column(ot, v[i]->owner_column))
				continue;
		}
		view_push_sql(l, arena_printf(a, "DROP SEQUENCE %s", qname(a, f, v[i])),
			      (struct loc){ 0 });
	}
}
