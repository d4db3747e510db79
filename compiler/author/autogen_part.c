/*
 * autogen_part.c - the partitioning part of autogen_diff() (autogen.h):
 * new partitions are created after their parents, level by level; a table
 * whose parent or bound changed is detached before the column changes and
 * attached again after the tables are created; a partition is not dropped
 * on its own when its parent is dropped (PostgreSQL drops it along), and
 * its columns are its parent's, altered on their own only for its own not
 * null and default (autogen.c).  A changed
 * partition key cannot be altered in PostgreSQL: it is listed in
 * `unsupported`.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "model.h"

static const struct m_table *twin(const struct model *m, const struct m_table *x)
{
	return model_table(m, x->schema, x->name);
}

bool autogen_part_dropped_along(const struct model *from, const struct model *to,
				const struct m_table *ft)
{
	for (int d = 0; ft && ft->part_parent && d < 64; d++) {
		if (!model_table(to, ft->part_schema, ft->part_parent))
			return true;
		ft = model_table(from, ft->part_schema, ft->part_parent);
	}
	return false;
}

bool autogen_part_columns_follow(const struct m_table *ft, const struct m_table *tt)
{
	return ft->part_parent && tt->part_parent;
}

/* Same parent and same bound (both may be "not a partition"). */
static bool same_place(struct arena *a, const struct m_table *x, const struct m_table *y)
{
	struct m_table xx = *x, yy = *y;
	xx.part_by = yy.part_by = NULL;
	return model_part_same(a, &xx, &yy);
}

static void detach(struct mast_list *l, const struct model *m, const struct m_table *t,
		   enum ast_stmt_kind kind, struct loc loc)
{
	struct ast_stmt *s = mast_push(l, kind, loc);
	s->target = mast_name(m, t->part_schema, t->part_parent, loc);
	s->u.part.table = mast_name(m, t->schema, t->name, loc);
	s->u.part.part_bound = t->part_bound;
}

typedef void (*part_fn)(struct arena *a, const struct model *f, const struct model *t,
			const struct m_table *x, int depth, struct autogen *out, struct loc loc);

static void each_table(struct arena *a, const struct model *walk, const struct model *f,
		       const struct model *t, int depth, part_fn fn, struct autogen *out,
		       struct loc loc)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(walk, a, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t nt;
		struct m_table **tt = schema_tables_sorted(ss[i], a, &nt);
		for (size_t k = 0; k < nt; k++)
			fn(a, f, t, tt[k], depth, out, loc);
	}
}

static void detach_one(struct arena *a, const struct model *f, const struct model *t,
		       const struct m_table *ft, int depth, struct autogen *out, struct loc loc)
{
	(void)depth;
	const struct m_table *tt = twin(t, ft);
	if (tt && ft->part_parent && !same_place(a, ft, tt) &&
	    model_table(t, ft->part_schema, ft->part_parent))
		detach(&out->stmts, f, ft, STMT_DETACH_PARTITION, loc);
}

void autogen_part_detach(struct arena *a, const struct model *f, const struct model *t,
			 struct autogen *out, struct loc loc)
{
	each_table(a, f, f, t, 0, detach_one, out, loc);
}

static void create_one(struct arena *a, const struct model *f, const struct model *t,
		       const struct m_table *tt, int depth, struct autogen *out, struct loc loc)
{
	if (model_part_depth(t, tt) != depth)
		return;
	const struct m_table *ft = twin(f, tt);
	if (!ft) {
		if (depth > 0)	/* depth 0: phase 9 of autogen_diff() */
			mast_create_table(&out->stmts, t, tt, loc);
		return;
	}
	if (tt->part_by || ft->part_by) {
		struct m_table x = *ft, y = *tt;
		x.part_schema = x.part_parent = x.part_bound = NULL;
		y.part_schema = y.part_parent = y.part_bound = NULL;
		if (!model_part_same(a, &x, &y))
			autogen_push_line(a, &out->unsupported, &out->n_unsupported,
					  arena_printf(a, "table \"%s\".\"%s\": the partition key "
						       "changed (PostgreSQL cannot alter it: "
						       "recreate the table)", tt->schema, tt->name));
	}
	if (tt->part_parent && !same_place(a, ft, tt))
		detach(&out->stmts, t, tt, STMT_ATTACH_PARTITION, loc);
}

void autogen_part_create(struct arena *a, const struct model *f, const struct model *t,
			 struct autogen *out, struct loc loc)
{
	for (int depth = 1; depth < 64; depth++) {
		each_table(a, t, f, t, depth, create_one, out, loc);
		bool any = false;
		size_t ns;
		struct m_schema **ss = model_schemas_sorted(t, a, &ns);
		for (size_t i = 0; i < ns && !any; i++) {
			size_t nt;
			struct m_table **tt = schema_tables_sorted(ss[i], a, &nt);
			for (size_t k = 0; k < nt && !any; k++)
				any = model_part_depth(t, tt[k]) > depth;
		}
		if (!any)
			break;
	}
	each_table(a, t, f, t, 0, create_one, out, loc);	/* key changes of top tables */
}
