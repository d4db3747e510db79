/*
 * model_equal.c - the one equality of each model object: columns,
 * constraints, indexes (model.h).  Autogenerate asks "is this the same
 * object?" without comments (a changed comment is its own statement);
 * the downgrade check and `--models` ask with them.  Names compare
 * exactly; expressions compare in their normal form (model_expr.c) and,
 * when that differs, in PostgreSQL's canonical form (model_canon.c:
 * deparsed, and for a default the literal coerced to the column's type),
 * as PostgreSQL compares stored, parsed expressions.
 */
#include <string.h>

#include "model.h"

bool model_str_equal(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool model_expr_equal(struct arena *a, const char *x, const char *y)
{
	if (model_str_equal(x, y))
		return true;
	if (!x || !y)
		return false;
	return strcmp(model_expr_norm(a, x), model_expr_norm(a, y)) == 0 ||
	       model_expr_canon_equal(a, x, NULL, y, NULL);
}

bool model_default_equal(struct arena *a, const struct m_column *x, const struct m_column *y)
{
	const char *p = x->default_text, *q = y->default_text;
	if (model_str_equal(p, q))
		return true;
	if (!p || !q) {	/* default null is stored as no default */
		const char *d = p ? p : q;
		return strstr(model_expr_norm(a, d), "null") &&
		       model_expr_canon_equal(a, p ? p : "null", &x->type, q ? q : "null", &y->type);
	}
	return strcmp(model_expr_norm(a, p), model_expr_norm(a, q)) == 0 ||
	       model_expr_canon_equal(a, p, &x->type, q, &y->type);
}

bool model_names_equal(const char *const *x, size_t nx, const char *const *y, size_t ny)
{
	if (nx != ny)
		return false;
	for (size_t i = 0; i < nx; i++)
		if (strcmp(x[i], y[i]) != 0)
			return false;
	return true;
}

bool model_column_equal(struct arena *a, const struct m_column *x,
			const struct m_column *y, unsigned flags)
{
	return model_type_equal(&x->type, &y->type) && x->not_null == y->not_null &&
	       model_default_equal(a, x, y) &&
	       x->identity == y->identity && model_str_equal(x->seq, y->seq) &&
	       (x->identity == ID_NONE || model_identity_equal(x, y)) &&
	       x->generated == y->generated &&
	       model_str_equal(x->coll_schema, y->coll_schema) &&
	       model_str_equal(x->collation, y->collation) &&
	       (!(flags & MODEL_EQ_COMMENTS) || model_str_equal(x->comment, y->comment));
}

bool model_constraint_equal(struct arena *a, const struct m_constraint *x,
			    const struct m_constraint *y, unsigned flags)
{
	if (x->kind != y->kind || !model_names_equal(x->cols, x->n_cols, y->cols, y->n_cols))
		return false;
	if (x->kind == MC_CHECK && !model_expr_equal(a, x->check_text, y->check_text))
		return false;
	if (x->kind == MC_FKEY &&
	    (!model_str_equal(x->ref_schema, y->ref_schema) ||
	     !model_str_equal(x->ref_table, y->ref_table) ||
	     !model_names_equal(x->ref_cols, x->n_ref_cols, y->ref_cols, y->n_ref_cols) ||
	     x->on_delete != y->on_delete || x->on_update != y->on_update ||
	     !model_names_equal(x->del_set_cols, x->n_del_set_cols,
				y->del_set_cols, y->n_del_set_cols)))
		return false;
	if (x->kind == MC_EXCLUDE &&
	    (!x->excl || !y->excl || !model_index_equal(a, x->excl, y->excl, 0)))
		return false;
	return x->deferrable == y->deferrable && x->initially_deferred == y->initially_deferred &&
	       x->validated == y->validated && x->match_full == y->match_full &&
	       x->nulls_not_distinct == y->nulls_not_distinct && x->no_inherit == y->no_inherit &&
	       (!(flags & MODEL_EQ_COMMENTS) || model_str_equal(x->comment, y->comment));
}

bool model_index_equal(struct arena *a, const struct m_index *x, const struct m_index *y,
		       unsigned flags)
{
	if (x->unique != y->unique || !model_str_equal(x->method, y->method) ||
	    (!x->constraint && x->nulls_not_distinct != y->nulls_not_distinct) ||
	    x->n_elems != y->n_elems || x->constraint != y->constraint ||
	    !model_names_equal(x->include, x->n_include, y->include, y->n_include) ||
	    !model_expr_equal(a, x->where_text, y->where_text) ||
	    !model_str_equal(x->with, y->with) || x->only != y->only)
		return false;
	for (size_t i = 0; i < x->n_elems; i++) {
		const struct m_index_elem *p = &x->elems[i], *q = &y->elems[i];
		if (!model_str_equal(p->column, q->column) || p->desc != q->desc ||
		    p->nulls != q->nulls ||
		    !model_str_equal(p->coll_schema, q->coll_schema) ||
		    !model_str_equal(p->collation, q->collation) ||
		    !model_str_equal(p->opc_schema, q->opc_schema) ||
		    !model_str_equal(p->opclass, q->opclass) ||
		    !model_str_equal(p->op, q->op))
			return false;
		if (!p->column && !model_expr_equal(a, p->expr, q->expr))
			return false;
	}
	return !(flags & MODEL_EQ_COMMENTS) || model_str_equal(x->comment, y->comment);
}
