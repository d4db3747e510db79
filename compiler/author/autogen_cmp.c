/*
 * autogen_cmp.c - when two model objects are "the same" for autogenerate,
 * and which drop + add pairs look like renames (autogen.h).
 *
 * Comments are left out of sameness on purpose: a comment is changed with
 * `comment on`, never by recreating the object.  Expressions compare as
 * model_equal.c compares them (normal, then canonical form), as `migc
 * check --models` does.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "model.h"
#include "sql.h"

void autogen_push_line(struct arena *a, const char ***v, size_t *n, const char *line)
{
	*v = arena_grow(a, *v, *n * sizeof **v, (*n + 2) * sizeof **v);
	(*v)[(*n)++] = line;
	(*v)[*n] = NULL;
}

bool autogen_type_same(const struct m_column *x, const struct m_column *y)
{
	return model_type_equal(&x->type, &y->type);
}

bool autogen_default_same(struct arena *a, const struct m_column *x, const struct m_column *y)
{
	return model_default_equal(a, x, y);
}

bool autogen_column_same(struct arena *a, const struct m_column *x, const struct m_column *y)
{
	return model_column_equal(a, x, y, 0);
}

bool autogen_con_same(struct arena *a, const struct m_constraint *x, const struct m_constraint *y)
{
	return model_constraint_equal(a, x, y, 0);
}

bool autogen_index_same(struct arena *a, const struct m_index *x, const struct m_index *y)
{
	return model_index_equal(a, x, y, 0);
}

/* Same column names and types, in any order. */
static bool ag_table_shape_same(const struct m_table *x, const struct m_table *y)
{
	if (x->n_cols != y->n_cols)
		return false;
	for (size_t i = 0; i < x->n_cols; i++) {
		const struct m_column *c = table_column(y, x->cols[i].name);
		if (!c || !autogen_type_same(&x->cols[i], c))
			return false;
	}
	return true;
}

static void ag_rename_tables(struct arena *a, const struct model *from, const struct model *to,
			     const struct m_schema *fs, const struct m_schema *ts,
			     struct autogen *out)
{
	size_t nf, nt;
	struct m_table **ft = schema_tables_sorted(fs, a, &nf);
	struct m_table **tt = schema_tables_sorted(ts, a, &nt);
	bool *used = arena_calloc(a, nt + 1, sizeof *used);
	for (size_t i = 0; i < nf; i++) {
		if (model_table(to, fs->name, ft[i]->name))
			continue;	/* not dropped */
		for (size_t k = 0; k < nt; k++) {
			if (used[k] || model_table(from, ts->name, tt[k]->name) ||
			    !ag_table_shape_same(ft[i], tt[k]))
				continue;
			used[k] = true;
			const char *q = strcmp(fs->name, from->default_schema) == 0 ? ""
				      : arena_printf(a, "%s.", sql_ident_min(a, fs->name));
			autogen_push_line(a, &out->renames, &out->n_renames, arena_printf(a,
				"table %s%s is dropped and %s%s created with the same columns; "
				"if it was renamed, use instead: alter table %s%s rename to %s;",
				q, sql_ident_min(a, ft[i]->name), q,
				sql_ident_min(a, tt[k]->name), q,
				sql_ident_min(a, ft[i]->name), sql_ident_min(a, tt[k]->name)));
			break;
		}
	}
}

static void ag_rename_columns(struct arena *a, const struct model *from,
			      const struct m_table *f, const struct m_table *t,
			      struct autogen *out)
{
	bool *used = arena_calloc(a, t->n_cols + 1, sizeof *used);
	const char *tn = strcmp(f->schema, from->default_schema) == 0
		? sql_ident_min(a, f->name)
		: arena_printf(a, "%s.%s", sql_ident_min(a, f->schema),
			       sql_ident_min(a, f->name));
	for (size_t i = 0; i < f->n_cols; i++) {
		const struct m_column *c = &f->cols[i];
		if (table_column(t, c->name))
			continue;
		for (size_t k = 0; k < t->n_cols; k++) {
			const struct m_column *n = &t->cols[k];
			if (used[k] || table_column(f, n->name) || !autogen_type_same(c, n) ||
			    c->not_null != n->not_null)
				continue;
			used[k] = true;
			autogen_push_line(a, &out->renames, &out->n_renames, arena_printf(a,
				"column %s.%s is dropped and %s.%s added with the same type; "
				"if it was renamed, use instead: alter table %s rename column %s to %s;",
				tn, sql_ident_min(a, c->name), tn, sql_ident_min(a, n->name),
				tn, sql_ident_min(a, c->name), sql_ident_min(a, n->name)));
			break;
		}
	}
}

void autogen_renames(struct arena *a, const struct model *from, const struct model *to,
		     struct autogen *out)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(from, a, &ns);
	for (size_t i = 0; i < ns; i++) {
		const struct m_schema *ts = model_schema(to, ss[i]->name);
		if (!ts)
			continue;
		ag_rename_tables(a, from, to, ss[i], ts, out);
		size_t nt;
		struct m_table **tabs = schema_tables_sorted(ss[i], a, &nt);
		for (size_t k = 0; k < nt; k++) {
			const struct m_table *t = model_table(to, ss[i]->name, tabs[k]->name);
			if (t)
				ag_rename_columns(a, from, tabs[k], t, out);
		}
	}
}
