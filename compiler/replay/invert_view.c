/*
 * invert_view.c - derived downgrades for views (invert_view.h).
 *
 * The inverse is the difference of the views of two models, so it covers
 * every statement that creates, replaces or drops views, directly or by
 * cascade.  A rename inverts to the rename back, so that the views
 * reading the renamed one keep working.
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

const char *view_create_sql(struct arena *a, const struct model *m, const struct m_view *v,
			    bool replace)
{
	return arena_printf(a, "CREATE %s%sVIEW %s %s", replace ? "OR REPLACE " : "",
			    v->materialized ? "MATERIALIZED " : "",
			    qname(a, m, v->schema, v->name), v->def);
}

const char *view_drop_sql(struct arena *a, const struct model *m, const struct m_view *v)
{
	return arena_printf(a, "DROP %sVIEW %s", v->materialized ? "MATERIALIZED " : "",
			    qname(a, m, v->schema, v->name));
}

void view_push_sql(struct mast_list *l, const char *sql, struct loc loc)
{
	struct ast_stmt *x = mast_push(l, STMT_EXECUTE, loc);
	x->u.exec.sql = sql;
	x->u.exec.passthrough = true;
}

static bool reads_view(const struct m_view *v, const struct m_view *w)
{
	for (size_t i = 0; i < v->n_reads; i++)
		if (strcmp(v->reads[i].schema, w->schema) == 0 &&
		    strcmp(v->reads[i].table, w->name) == 0)
			return true;
	return false;
}

void view_order(struct m_view **vs, size_t n, bool reverse, struct arena *a)
{
	struct m_view **out = arena_calloc(a, n + 1, sizeof *out);
	bool *done = arena_calloc(a, n + 1, sizeof *done);
	size_t k = 0;
	while (k < n) {
		size_t before = k;
		for (size_t i = 0; i < n; i++) {
			if (done[i])
				continue;
			bool ready = true;
			for (size_t j = 0; j < n && ready; j++)
				if (!done[j] && j != i &&
				    (reverse ? reads_view(vs[j], vs[i]) : reads_view(vs[i], vs[j])))
					ready = false;
			if (ready) {
				done[i] = true;
				out[k++] = vs[i];
			}
		}
		if (k == before)	/* a cycle cannot be made; keep the rest */
			for (size_t i = 0; i < n; i++)
				if (!done[i]) {
					done[i] = true;
					out[k++] = vs[i];
				}
	}
	memcpy(vs, out, n * sizeof *vs);
}

static bool has(struct m_view **v, size_t n, const struct m_view *x)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i]->schema, x->schema) == 0 && strcmp(v[i]->name, x->name) == 0)
			return true;
	return false;
}

/* Adds x and, transitively, the views of m reading it. */
static void add_with_dependents(struct arena *a, const struct model *m, struct m_view *x,
				struct m_view **v, size_t *n)
{
	if (has(v, *n, x))
		return;
	v[(*n)++] = x;
	size_t nd;
	struct m_view **d = model_view_dependents(m, a, x->schema, x->name, NULL, &nd);
	for (size_t i = 0; i < nd; i++)
		add_with_dependents(a, m, d[i], v, n);
}

void invert_views(struct arena *a, const struct model *before, const struct model *after,
		  bool changed, struct loc loc, struct mast_list *l)
{
	size_t nb, na, nd = 0, nr = 0;
	struct m_view **bv = model_views_sorted(before, a, &nb);
	struct m_view **av = model_views_sorted(after, a, &na);
	if (nb == 0 && na == 0)
		return;
	/* to drop (as in after): the views created, and the views replaced
	 * with the views reading them (PostgreSQL cannot take columns out of
	 * a view in place); to create (as in before): those, and the lost */
	struct m_view **drop = arena_calloc(a, na + 1, sizeof *drop);
	struct m_view **make = arena_calloc(a, nb + 1, sizeof *make);
	for (size_t i = 0; i < na; i++) {
		const struct m_view *x = model_view(before, av[i]->schema, av[i]->name);
		if (!x)
			add_with_dependents(a, after, av[i], drop, &nd);
		else if (changed && x != av[i] && (x->materialized != av[i]->materialized ||
						   !model_str_equal(x->def, av[i]->def)))
			add_with_dependents(a, after, av[i], drop, &nd);
	}
	for (size_t i = 0; i < nb; i++) {
		const struct m_view *x = model_view(after, bv[i]->schema, bv[i]->name);
		if (!x || has(drop, nd, x))
			make[nr++] = bv[i];
	}
	view_order(drop, nd, true, a);
	for (size_t i = 0; i < nd; i++)
		view_push_sql(l, view_drop_sql(a, after, drop[i]), loc);
	view_order(make, nr, false, a);
	for (size_t i = 0; i < nr; i++) {
		view_push_sql(l, view_create_sql(a, before, make[i], false), loc);
		if (make[i]->comment)
			view_push_sql(l, view_comment_sql(a, before, make[i], make[i]->comment), loc);
		mast_view_indexes(l, before, make[i], loc);
	}
}

void invert_view_indexes(struct arena *a, const struct model *before,
			 const struct model *after, struct loc loc, struct mast_list *l)
{
	size_t nb;
	struct m_view **bv = model_views_sorted(before, a, &nb);
	for (size_t i = 0; i < nb; i++) {
		const struct m_view *x = bv[i], *y = model_view(after, x->schema, x->name);
		if (!y || x == y || !x->materialized || !y->materialized ||
		    !model_str_equal(x->def, y->def))
			continue;	/* the same, or made again by invert_views() */
		for (size_t k = 0; k < y->n_idx; k++) {
			if (view_index(x, y->idx[k].name))
				continue;
			struct ast_stmt *d = mast_push(l, STMT_DROP_INDEX, loc);
			d->target = mast_name(before, x->schema, arena_strdup(a, y->idx[k].name), loc);
			d->u.drop.concurrently = y->idx[k].concurrently;
		}
		for (size_t k = 0; k < x->n_idx; k++) {
			const struct m_index *ix = &x->idx[k], *iy = view_index(y, ix->name);
			if (!iy)
				mast_create_index_on(l, before, x->schema, x->name, ix, loc);
			if ((!iy && ix->comment) || (iy && !model_str_equal(ix->comment, iy->comment)))
				mast_comment(l, before, COMMENT_INDEX, x->schema, ix->name, NULL,
					     ix->comment, loc);
		}
	}
}
