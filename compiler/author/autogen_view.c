/*
 * autogen_view.c - autogenerate for views and materialized views
 * (autogen_view.h).
 *
 * A view is dropped before the tables change when it is gone from the
 * target, its definition or kind changes, or something it reads changes
 * under it: a relation that goes, a column that goes or changes type, a
 * view dropped here (transitively).  PostgreSQL would refuse those table
 * changes while the view stands.  After the tables, every target view that
 * is new or was dropped here is created, each after the views it reads.
 * Views are written as plain SQL (create view ... as <definition as
 * written>), which the model reads back.  A materialized view's indexes
 * follow it: a view made here gets every index of the target after it; a
 * kept one loses the indexes the target lacks or changes (before the
 * views are dropped) and gets the new and changed ones, and changed
 * index comments, after the views are created.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "autogen_view.h"
#include "invert_view.h"
#include "model.h"
#include "model_ast.h"
#include "sql.h"

/* Names as a person writes them, in the lower case of autogenerate's
 * other statements. */
static const char *qname(struct arena *a, const struct model *m, const struct m_view *v)
{
	if (strcmp(v->schema, m->default_schema) == 0)
		return sql_ident_min(a, v->name);
	return arena_printf(a, "%s.%s", sql_ident_min(a, v->schema), sql_ident_min(a, v->name));
}

static const char *create_sql(struct arena *a, const struct model *m, const struct m_view *v)
{
	return arena_printf(a, "create %sview %s %s", v->materialized ? "materialized " : "",
			    qname(a, m, v), v->def);
}

static const char *drop_sql(struct arena *a, const struct model *m, const struct m_view *v)
{
	return arena_printf(a, "drop %sview %s", v->materialized ? "materialized " : "",
			    qname(a, m, v));
}

static bool column_kept(const struct model *from, const struct model *to,
			const struct m_colref *u)
{
	const struct m_table *x = model_table(from, u->schema, u->table);
	const struct m_table *y = model_table(to, u->schema, u->table);
	const struct m_column *cx = x ? table_column(x, u->column) : NULL;
	const struct m_column *cy = y ? table_column(y, u->column) : NULL;
	return cx && cy && autogen_type_same(cx, cy);
}

static bool rel_kept(const struct model *from, const struct model *to, const struct m_ref *r)
{
	if (model_table(from, r->schema, r->table))
		return model_table(to, r->schema, r->table) != NULL;
	return model_view(to, r->schema, r->table) != NULL;
}

static bool in(struct m_view **v, size_t n, const char *schema, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i]->schema, schema) == 0 && strcmp(v[i]->name, name) == 0)
			return true;
	return false;
}

/* The views of `from` to drop, in *n. */
static struct m_view **to_drop(struct arena *a, const struct model *from, const struct model *to,
			       size_t *n)
{
	size_t nv, k = 0;
	struct m_view **vs = model_views_sorted(from, a, &nv);
	struct m_view **d = arena_calloc(a, nv + 1, sizeof *d);
	bool *done = arena_calloc(a, nv + 1, sizeof *done);
	for (size_t i = 0; i < nv; i++) {
		const struct m_view *v = vs[i], *t = model_view(to, v->schema, v->name);
		bool drop = !t || t->materialized != v->materialized ||
			    !model_expr_equal(a, v->def, t->def);
		for (size_t r = 0; !drop && r < v->n_reads; r++)
			drop = !rel_kept(from, to, &v->reads[r]);
		for (size_t u = 0; !drop && u < v->n_uses; u++)
			drop = !column_kept(from, to, &v->uses[u]);
		if (drop) {
			d[k++] = vs[i];
			done[i] = true;
		}
	}
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t i = 0; i < nv; i++) {
			for (size_t r = 0; !done[i] && r < vs[i]->n_reads; r++) {
				if (in(d, k, vs[i]->reads[r].schema, vs[i]->reads[r].table)) {
					d[k++] = vs[i];
					done[i] = grew = true;
				}
			}
		}
	}
	*n = k;
	return d;
}

/* The target twin of materialized view v when v is kept (not dropped). */
static const struct m_view *kept(struct m_view **d, size_t nd, const struct model *to,
				 const struct m_view *v)
{
	if (!v->materialized || in(d, nd, v->schema, v->name))
		return NULL;
	return model_view(to, v->schema, v->name);
}

void autogen_views_drop(struct arena *a, const struct model *from, const struct model *to,
			struct mast_list *l)
{
	size_t n, nv;
	struct m_view **d = to_drop(a, from, to, &n);
	struct m_view **vs = model_views_sorted(from, a, &nv);
	for (size_t i = 0; i < nv; i++) {
		const struct m_view *t = kept(d, n, to, vs[i]);
		for (size_t k = 0; t && k < vs[i]->n_idx; k++) {
			const struct m_index *x = &vs[i]->idx[k], *y = view_index(t, x->name);
			if (y && autogen_index_same(a, x, y))
				continue;
			struct ast_stmt *s = mast_push(l, STMT_DROP_INDEX, (struct loc){ 0 });
			s->target = mast_name(from, vs[i]->schema, x->name, (struct loc){ 0 });
		}
	}
	view_order(d, n, true, a);
	for (size_t i = 0; i < n; i++)
		view_push_sql(l, drop_sql(a, from, d[i]), (struct loc){ 0 });
}

void autogen_views_create(struct arena *a, const struct model *from, const struct model *to,
			  struct mast_list *l)
{
	size_t nd, nv, k = 0;
	struct m_view **d = to_drop(a, from, to, &nd);
	struct m_view **vs = model_views_sorted(to, a, &nv);
	for (size_t i = 0; i < nv; i++)
		if (!model_view(from, vs[i]->schema, vs[i]->name) ||
		    in(d, nd, vs[i]->schema, vs[i]->name))
			vs[k++] = vs[i];
	view_order(vs, k, false, a);
	for (size_t i = 0; i < k; i++) {
		view_push_sql(l, create_sql(a, to, vs[i]), (struct loc){ 0 });
		if (vs[i]->comment)
			view_push_sql(l, view_comment_sql(a, to, vs[i], vs[i]->comment),
				      (struct loc){ 0 });
		mast_view_indexes(l, to, vs[i], (struct loc){ 0 });
	}
	vs = model_views_sorted(from, a, &nv);
	for (size_t i = 0; i < nv; i++) {
		const struct m_view *kv = model_view(to, vs[i]->schema, vs[i]->name);
		if (kv && !in(d, nd, kv->schema, kv->name) &&
		    !model_str_equal(vs[i]->comment, kv->comment))
			view_push_sql(l, view_comment_sql(a, to, kv, kv->comment), (struct loc){ 0 });
		const struct m_view *t = kept(d, nd, to, vs[i]);
		for (size_t j = 0; t && j < t->n_idx; j++) {
			const struct m_index *y = &t->idx[j], *x = view_index(vs[i], y->name);
			bool same = x && autogen_index_same(a, x, y);
			if (!same) {
				struct m_index bare = *y;
				bare.concurrently = false;	/* revisions run in a transaction */
				mast_create_index_on(l, to, t->schema, t->name, &bare, (struct loc){ 0 });
			}
			if (!model_str_equal(same ? x->comment : NULL, y->comment))
				mast_comment(l, to, COMMENT_INDEX, t->schema, y->name, NULL, y->comment,
					     (struct loc){ 0 });
		}
	}
}
