/*
 * replay_table.c - CREATE TABLE, DROP TABLE and the RENAME statements.
 *
 * Renames keep the names of constraints, indexes and sequences, as in
 * PostgreSQL; what follows a rename is every reference to the renamed
 * thing (foreign keys, index and constraint columns, expression text).
 */
#include <string.h>

#include "arena.h"
#include "replay_int.h"

static bool rp_name_taken(struct rp *r, const struct m_schema *s, const char *name,
			  struct loc at, bool as_type)
{
	struct m_rel *rel = pmap_get(&s->rels, name);
	struct m_enum *e = pmap_get(&s->enums, name);
	if (rel) {
		if (rel->kind == REL_TABLE) {
			struct m_table *t = pmap_get(&s->tables, name);
			rp_error(r, at, as_type ? "type \"%s\" already exists"
				 : "table \"%s\" already exists", name);
			rp_note(r, t->loc, "previously defined here");
		} else {
			rp_error(r, at, "relation \"%s\" already exists", name);
		}
		return true;
	}
	if (e) {
		rp_error(r, at, "type \"%s\" already exists", name);
		rp_note(r, e->loc, "previously defined here");
		return true;
	}
	return false;
}

bool rp_create_table(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_schema *sch = rp_schema(r, &s->target, false);
	if (!sch)
		return false;
	const char *name = s->target.name;
	if (s->if_not_exists && (pmap_get(&sch->rels, name) || pmap_get(&sch->enums, name)))
		return true;
	if (rp_name_taken(r, sch, name, s->target.loc, false))
		return false;
	sch = model_schema_mut(r->m, r->a, sch->name);
	struct m_table *t = arena_alloc(r->a, sizeof *t);
	t->stamp = model_stamp(r->m);
	t->schema = sch->name;
	t->name = name;
	t->loc = s->target.loc;
	const struct ast_constraint **cons = NULL;
	size_t n = 0;
	const char **colnames = NULL;
	for (size_t i = 0; i < s->u.table.n_columns; i++) {
		struct m_column col;
		size_t before = n;
		if (!rp_build_column(r, t, &s->u.table.columns[i], &col, &cons, &n) ||
		    !rp_identity_column(r, &s->u.table.columns[i], &col))
			return false;
		*table_add_column(t, r->a) = col;
		colnames = arena_grow(r->a, colnames, before * sizeof *colnames,
				      (n + 1) * sizeof *colnames);
		for (size_t k = before; k < n; k++)
			colnames[k] = col.name;
	}
	for (size_t i = 0; i < t->n_cols; i++)
		if ((t->cols[i].serial || t->cols[i].identity) &&
		    !rp_add_sequence(r, t, &t->cols[i]))
			return false;
	size_t total = n + s->u.table.n_constraints;
	cons = arena_grow(r->a, cons, n * sizeof *cons, (total + 1) * sizeof *cons);
	colnames = arena_grow(r->a, colnames, n * sizeof *colnames,
			      (total + 1) * sizeof *colnames);
	for (size_t i = 0; i < s->u.table.n_constraints; i++) {
		cons[n + i] = &s->u.table.constraints[i];
		colnames[n + i] = NULL;
	}
	pmap_set(&sch->tables, r->a, model_stamp(r->m), name, t);
	schema_rel_set(r->m, r->a, sch, REL_TABLE, name, name, NULL);
	return rp_add_constraints(r, t, cons, colnames, total, false);
}

bool rp_drop_table(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_schema *sch = rp_schema(r, &s->target, s->if_exists);
	if (!sch)
		return s->if_exists;
	struct m_table *t = pmap_get(&sch->tables, s->target.name);
	if (!t) {
		if (pmap_get(&sch->rels, s->target.name)) {
			rp_error(r, s->target.loc, "\"%s\" is not a table", s->target.name);
			return false;
		}
		if (s->if_exists)
			return true;
		rp_error(r, s->target.loc, "table \"%s\" does not exist", s->target.name);
		return false;
	}
	size_t nd;
	struct rp_dep *deps = rp_fk_dependents(r, t, DEP_TABLE, NULL, &nd);
	const char *what = arena_printf(r->a, "table \"%s\"", rp_table_label(r, t));
	if (!rp_handle_dependents(r, deps, nd, s->cascade, what))
		return false;
	if (!rp_view_drop_rel(r, sch->name, s->target.name, NULL, s->cascade, what))
		return false;
	t = model_table_mut(r->m, r->a, model_table(r->m, sch->name, s->target.name));
	rp_drop_table_objects(r, t);
	return true;
}

/* A name array with `from` replaced by `to` (the same array if absent). */
static const char **rp_rename_in(struct arena *a, const char **v, size_t n,
				 const char *from, const char *to)
{
	size_t i = 0;
	while (i < n && strcmp(v[i], from) != 0)
		i++;
	if (i == n)
		return v;
	const char **c = arena_calloc(a, n + 1, sizeof *c);
	for (size_t k = 0; k < n; k++)
		c[k] = strcmp(v[k], from) == 0 ? to : v[k];
	return c;
}

void rp_each_fk_to(struct rp *r, const struct m_table *ref, rp_fk_fn fn, void *ctx)
{
	const char *rs = ref->schema, *rn = ref->name;
	size_t n = ref->n_refs;
	const struct m_ref *refs = ref->refs;	/* immutable: safe across copies */
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < i && !(strcmp(refs[k].table, refs[i].table) == 0 &&
				  strcmp(refs[k].schema, refs[i].schema) == 0))
			k++;
		struct m_table *t = k < i ? NULL : model_table(r->m, refs[i].schema, refs[i].table);
		if (!t)
			continue;
		t = model_table_mut(r->m, r->a, t);
		for (size_t c = 0; c < t->n_cons; c++) {
			struct m_constraint *fk = &t->cons[c];
			if (fk->kind == MC_FKEY && strcmp(fk->ref_schema, rs) == 0 &&
			    strcmp(fk->ref_table, rn) == 0)
				fn(r, fk, ctx);
		}
	}
}

static void rp_fk_set_table(struct rp *r, struct m_constraint *fk, void *ctx)
{
	(void)r;
	fk->ref_table = ctx;
}

struct rp_ren { const char *from, *to; };

static void rp_fk_ren_col(struct rp *r, struct m_constraint *fk, void *ctx)
{
	struct rp_ren *rn = ctx;
	fk->ref_cols = rp_rename_in(r->a, fk->ref_cols, fk->n_ref_cols, rn->from, rn->to);
}

static void rp_fk_ren_index(struct rp *r, struct m_constraint *fk, void *ctx)
{
	(void)r;
	struct rp_ren *rn = ctx;
	if (strcmp(fk->ref_index, rn->from) == 0)
		fk->ref_index = rn->to;
}

void rp_table_rels_set(struct rp *r, struct m_schema *s, const struct m_table *t)
{
	schema_rel_set(r->m, r->a, s, REL_TABLE, t->name, t->name, NULL);
	for (size_t i = 0; i < t->n_idx; i++)
		schema_rel_set(r->m, r->a, s, REL_INDEX, t->idx[i].name, t->name, NULL);
	for (size_t i = 0; i < t->n_cols; i++)
		if (t->cols[i].seq)
			schema_rel_set(r->m, r->a, s, REL_SEQUENCE, t->cols[i].seq, t->name,
				       t->cols[i].name);
}

static bool rp_rename_table(struct rp *r, struct m_table *t)
{
	const struct ast_stmt *s = r->s;
	struct m_schema *sch = model_schema(r->m, t->schema);
	const char *to = s->u.rename.new_name.name;
	if (rp_name_taken(r, sch, to, s->u.rename.new_name.loc, false))
		return false;
	const char *from = t->name;
	rp_each_fk_to(r, t, rp_fk_set_table, (void *)to);
	t = model_table_mut(r->m, r->a, model_table(r->m, t->schema, from));
	sch = model_schema_mut(r->m, r->a, t->schema);
	pmap_del(&sch->tables, r->a, model_stamp(r->m), from);
	schema_rel_del(r->m, r->a, sch, from);
	t->name = to;
	table_ref_rename(t, r->a, t->schema, from, to);
	pmap_set(&sch->tables, r->a, model_stamp(r->m), to, t);
	/* the tables t references list it under its old name */
	for (size_t i = 0; i < t->n_cons; i++) {
		const struct m_constraint *c = &t->cons[i];
		if (c->kind != MC_FKEY || (strcmp(c->ref_table, to) == 0 &&
					   strcmp(c->ref_schema, t->schema) == 0))
			continue;
		struct m_table *rt = model_table(r->m, c->ref_schema, c->ref_table);
		if (rt)
			table_ref_rename(model_table_mut(r->m, r->a, rt), r->a, t->schema, from, to);
	}
	rp_table_rels_set(r, sch, t);
	rp_seq_owner_renamed(r, t->schema, from, NULL, to);
	rp_part_renamed(r, t->schema, from, to);
	return true;
}

/* Does t have partitions (rename ... only must reach them too)? */
static bool rp_has_partitions(struct rp *r, const struct m_table *t)
{
	size_t n;
	model_partitions(r->m, r->a, t, &n);
	return n > 0;
}

static bool rp_rename_column(struct rp *r, struct m_table *t)
{
	const struct ast_stmt *s = r->s;
	const char *from = s->u.rename.member.name, *to = s->u.rename.new_name.name;
	if (!table_column(t, from)) {
		rp_error(r, s->u.rename.member.loc, "column \"%s\" does not exist in table \"%s\"",
			 from, rp_table_label(r, t));
		return false;
	}
	if (t->part_parent) {	/* PostgreSQL's rule: a partition's columns are its parent's */
		rp_error(r, s->u.rename.member.loc, "cannot rename inherited column \"%s\"", from);
		return false;
	}
	if (s->u.rename.only && rp_has_partitions(r, t)) {
		rp_error(r, s->u.rename.member.loc,
			 "inherited column \"%s\" must be renamed in child tables too", from);
		return false;
	}
	if (table_column(t, to)) {
		rp_error(r, s->u.rename.new_name.loc, "column \"%s\" already exists in table \"%s\"",
			 to, rp_table_label(r, t));
		rp_note(r, table_column(t, to)->loc, "previously defined here");
		return false;
	}
	struct rp_ren rn = { from, to };
	rp_each_fk_to(r, t, rp_fk_ren_col, &rn);
	t = model_table_mut(r->m, r->a, model_table(r->m, t->schema, t->name));
	struct m_column *col = table_column(t, from);
	col->name = to;
	if (col->seq) {
		struct m_schema *sch = model_schema_mut(r->m, r->a, t->schema);
		schema_rel_set(r->m, r->a, sch, REL_SEQUENCE, col->seq, t->name, to);
	}
	rp_seq_owner_renamed(r, t->schema, t->name, from, to);
	for (size_t k = 0; k < t->n_cols; k++)	/* generation expressions */
		if (t->cols[k].generated)
			t->cols[k].default_text = model_expr_rename(r->a, t->cols[k].default_text,
								    from, to);
	for (size_t k = 0; k < t->n_cons; k++) {
		struct m_constraint *c = &t->cons[k];
		c->cols = rp_rename_in(r->a, c->cols, c->n_cols, from, to);
		c->del_set_cols = rp_rename_in(r->a, c->del_set_cols, c->n_del_set_cols, from, to);
		if (c->kind == MC_CHECK && constraint_uses_column(c, from)) {
			c->check_cols = rp_rename_in(r->a, c->check_cols, c->n_check_cols, from, to);
			c->check_text = model_expr_rename(r->a, c->check_text, from, to);
		}
	}
	for (size_t k = 0; k < t->n_idx; k++) {
		struct m_index *ix = &t->idx[k];
		if (!index_uses_column(ix, from))
			continue;
		struct m_index_elem *el = arena_calloc(r->a, ix->n_elems + 1, sizeof *el);
		for (size_t e = 0; e < ix->n_elems; e++) {
			el[e] = ix->elems[e];
			if (el[e].column && strcmp(el[e].column, from) == 0)
				el[e].column = to;
			if (el[e].expr) {
				el[e].expr = model_expr_rename(r->a, el[e].expr, from, to);
				el[e].expr_cols = rp_rename_in(r->a, el[e].expr_cols,
							       el[e].n_expr_cols, from, to);
			}
		}
		ix->elems = el;
		ix->include = rp_rename_in(r->a, ix->include, ix->n_include, from, to);
		if (ix->where_text) {
			ix->where_text = model_expr_rename(r->a, ix->where_text, from, to);
			ix->where_cols = rp_rename_in(r->a, ix->where_cols, ix->n_where_cols,
						      from, to);
		}
	}
	rp_excl_resync(r, t);
	return true;
}

/* Renames index `ix_name` of t (and its constraint) or constraint
 * `con_name` (and its index). */
static bool rp_rename_con_index(struct rp *r, struct m_table *t, const char *from,
				const char *to, bool is_index)
{
	struct m_schema *sch = model_schema(r->m, t->schema);
	struct m_index *ix = table_index(t, from);
	struct m_constraint *c = table_constraint(t, from);
	if (is_index && !(ix && ix->constraint))
		c = NULL;
	if (!is_index && !(c && (c->kind == MC_PKEY || c->kind == MC_UNIQUE ||
				 c->kind == MC_EXCLUDE)))
		ix = NULL;
	if (ix && rp_name_taken(r, sch, to, r->s->u.rename.new_name.loc, false))
		return false;
	if (c && table_constraint(t, to)) {
		rp_error(r, r->s->u.rename.new_name.loc, "constraint \"%s\" for table \"%s\" already exists",
			 to, rp_table_label(r, t));
		rp_note(r, table_constraint(t, to)->loc, "previously defined here");
		return false;
	}
	struct rp_ren rn = { from, to };
	if (ix)
		rp_each_fk_to(r, t, rp_fk_ren_index, &rn);
	t = model_table_mut(r->m, r->a, model_table(r->m, t->schema, t->name));
	sch = model_schema_mut(r->m, r->a, t->schema);
	if (ix) {
		ix = table_index(t, from);
		ix->name = to;
		schema_rel_del(r->m, r->a, sch, from);
		schema_rel_set(r->m, r->a, sch, REL_INDEX, to, t->name, NULL);
	}
	if (c) {
		c = table_constraint(t, from);
		c->name = to;
		schema_conname_del(r->m, r->a, sch, from);
		schema_conname_add(r->m, r->a, sch, to);
	}
	return true;
}

bool rp_rename(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	if (s->kind == STMT_RENAME_INDEX) {
		struct m_schema *sch = rp_schema(r, &s->target, s->if_exists);
		if (!sch)
			return s->if_exists;
		struct m_rel *rel = pmap_get(&sch->rels, s->target.name);
		if (!rel || rel->kind != REL_INDEX) {
			if (!rel && s->if_exists)
				return true;
			rp_error(r, s->target.loc, rel ? "\"%s\" is not an index"
				 : "index \"%s\" does not exist", s->target.name);
			return false;
		}
		struct m_table *t = pmap_get(&sch->tables, rel->table);
		if (!t)
			return rp_view_rename_index(r, sch, rel, s->target.name,
						    s->u.rename.new_name.name);
		return rp_rename_con_index(r, t, s->target.name, s->u.rename.new_name.name, true);
	}
	struct m_table *t = rp_table(r, &s->target, s->if_exists);
	if (!t)
		return rp_missing_ok(r);
	switch (s->kind) {
	case STMT_RENAME_TABLE: {
		const char *sch = t->schema, *from = t->name;
		if (!rp_rename_table(r, t))
			return false;
		rp_view_rename(r, sch, from, false, from, s->u.rename.new_name.name);
		return true;
	}
	case STMT_RENAME_COLUMN: {
		const char *sch = t->schema, *tab = t->name;
		if (!rp_rename_column(r, t))
			return false;
		rp_view_rename(r, sch, tab, true, s->u.rename.member.name, s->u.rename.new_name.name);
		return true;
	}
	default:
		if (!table_constraint(t, s->u.rename.member.name)) {
			rp_error(r, s->u.rename.member.loc, "constraint \"%s\" for table \"%s\" does not exist",
				 s->u.rename.member.name, rp_table_label(r, t));
			return false;
		}
		const struct m_constraint *c = table_constraint(t, s->u.rename.member.name);
		if (s->u.rename.only && c->kind == MC_CHECK && !c->no_inherit &&
		    rp_has_partitions(r, t)) {	/* PostgreSQL cloned it onto them */
			rp_error(r, s->u.rename.member.loc,
				 "inherited constraint \"%s\" must be renamed in child tables too",
				 c->name);
			return false;
		}
		return rp_rename_con_index(r, t, s->u.rename.member.name, s->u.rename.new_name.name, false);
	}
}
