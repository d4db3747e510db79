/*
 * replay_excl.c - exclusion constraints (EXCLUDE USING m (e WITH op, ...)).
 *
 * As in PostgreSQL, the constraint is backed by an index of the same
 * name (in the relation namespace; constraint true, not unique), named
 * when not written by ChooseRelationName(table, columns, "excl"), the
 * columns being the elements' and the INCLUDE ones ("expr" for an
 * expression).  The model keeps the definition on the constraint (its
 * `excl`, the same as the index) and every column it uses in `cols`, so
 * that dropping one of them drops the constraint, as PostgreSQL does.
 * Refused as PostgreSQL refuses them: a method without exclusion support
 * (gin, brin), ordering options on an unordered method, a partitioned
 * table (PostgreSQL 15), an unknown column.
 */
#include <string.h>

#include "arena.h"
#include "naming.h"
#include "replay_int.h"

static bool rx_col(struct rp *r, const struct m_table *t, const struct ast_ident *id,
		   struct loc at)
{
	if (table_column(t, id->name))
		return true;
	rp_error(r, id->loc.file ? id->loc : at, "column \"%s\" does not exist in table \"%s\"",
		 id->name, rp_table_label(r, t));
	return false;
}

static bool rx_cols(struct rp *r, const struct m_table *t, const struct ast_ident *ids,
		    size_t n, struct loc at)
{
	for (size_t i = 0; i < n; i++)
		if (!rx_col(r, t, &ids[i], at))
			return false;
	return true;
}

/* Adds `name` to the set v[0..*n) (room given by the caller). */
static void rx_use(const char **v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(v[i], name) == 0)
			return;
	v[(*n)++] = name;
}

static bool rx_method_ok(struct rp *r, const char *m, struct loc at)
{
	if (strcmp(m, "gin") == 0 || strcmp(m, "brin") == 0) {
		rp_error(r, at, "access method \"%s\" does not support exclusion constraints", m);
		return false;
	}
	return true;
}

/* OPERATOR(pg_catalog.op) is op, as PostgreSQL prints it (pg_catalog is
 * always on the search path). */
static const char *rx_op(struct rp *r, const char *op)
{
	static const char pfx[] = "OPERATOR(pg_catalog.";
	size_t n = strlen(op);
	if (strncmp(op, pfx, sizeof pfx - 1) != 0 || op[n - 1] != ')')
		return op;
	return arena_strndup(r->a, op + sizeof pfx - 1, n - sizeof pfx);
}

bool rp_add_exclude(struct rp *r, struct m_table *t, const struct ast_constraint *c)
{
	struct loc at = c->name_loc.file ? c->name_loc : c->loc;
	const char *method = c->excl_method ? c->excl_method : "btree";
	if (t->part_by) {
		rp_error(r, c->loc, "exclusion constraints are not supported on partitioned tables");
		return false;
	}
	if (!rx_method_ok(r, method, c->loc))
		return false;
	size_t ne = c->n_excl_elems, ni = c->n_include, nused = 0, cap = ni + 1;
	for (size_t i = 0; i < ne; i++)
		cap += 1 + (c->excl_elems[i].expr ? c->excl_elems[i].expr->n_columns : 0);
	if (c->where)
		cap += c->where->n_columns;
	const char **used = arena_calloc(r->a, cap, sizeof *used);
	const char **icn = arena_calloc(r->a, ne + ni + 1, sizeof *icn);
	struct m_index_elem *el = arena_calloc(r->a, ne + 1, sizeof *el);
	bool unordered = strcmp(method, "btree") != 0;
	for (size_t i = 0; i < ne; i++) {
		const struct ast_index_elem *e = &c->excl_elems[i];
		if (e->column.name) {
			if (!rx_col(r, t, &e->column, c->loc))
				return false;
			el[i].column = e->column.name;
			icn[i] = e->column.name;
			rx_use(used, &nused, e->column.name);
		} else if (e->expr) {
			if (!rx_cols(r, t, e->expr->columns, e->expr->n_columns, c->loc))
				return false;
			el[i].expr = e->expr->text;
			el[i].expr_cols = rp_names(r->a, e->expr->columns, e->expr->n_columns);
			el[i].n_expr_cols = e->expr->n_columns;
			icn[i] = naming_expr_colname(r->a, e->expr->text);
			for (size_t k = 0; k < e->expr->n_columns; k++)
				rx_use(used, &nused, e->expr->columns[k].name);
		}
		if ((e->desc || e->nulls) && unordered) {
			rp_error(r, e->loc.file ? e->loc : c->loc,
				 "access method \"%s\" does not support %s options",
				 method, e->desc ? "ASC/DESC" : "NULLS FIRST/LAST");
			return false;
		}
		el[i].desc = e->desc;
		el[i].nulls = e->nulls;
		el[i].op = rx_op(r, e->op);
		rp_catalog_name(&e->collation, &el[i].coll_schema, &el[i].collation);
		rp_catalog_name(&e->opclass, &el[i].opc_schema, &el[i].opclass);
	}
	if (!rx_cols(r, t, c->include, ni, c->loc))
		return false;
	for (size_t i = 0; i < ni; i++) {
		icn[ne + i] = c->include[i].name;
		rx_use(used, &nused, c->include[i].name);
	}
	if (c->where) {
		if (!rx_cols(r, t, c->where->columns, c->where->n_columns, c->loc))
			return false;
		for (size_t k = 0; k < c->where->n_columns; k++)
			rx_use(used, &nused, c->where->columns[k].name);
	}
	struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
	const char *name = c->name;
	if (name) {
		if (pmap_get(&s->rels, name)) {
			rp_error(r, at, "relation \"%s\" already exists", name);
			return false;
		}
		const struct m_constraint *old = table_constraint(t, name);
		if (old) {
			rp_error(r, at, "constraint \"%s\" for table \"%s\" already exists",
				 name, rp_table_label(r, t));
			rp_note(r, old->loc, "previously defined here");
			return false;
		}
	} else {
		const char **dn = naming_index_colnames(r->a, icn, ne + ni);
		name = naming_relation(r->a, s, t->name, naming_join(r->a, dn, ne + ni),
				       "excl", true);
	}
	struct m_index *ix = arena_calloc(r->a, 1, sizeof *ix);
	ix->name = name;
	ix->method = method;
	ix->elems = el;
	ix->n_elems = ne;
	ix->include = rp_names(r->a, c->include, ni);
	ix->n_include = ni;
	if (c->where) {
		ix->where_text = c->where->text;
		ix->where_cols = rp_names(r->a, c->where->columns, c->where->n_columns);
		ix->n_where_cols = c->where->n_columns;
	}
	ix->constraint = true;
	ix->loc = at;
	struct m_constraint *k = table_add_constraint(t, r->a);
	k->name = name;
	k->kind = MC_EXCLUDE;
	k->cols = used;
	k->n_cols = nused;
	k->excl = ix;
	k->deferrable = c->deferrable;
	k->initially_deferred = c->initially_deferred;
	k->validated = true;
	k->on_delete = k->on_update = FK_NO_ACTION;
	k->loc = at;
	*table_add_index(t, r->a) = *ix;
	schema_conname_add(r->m, r->a, s, name);
	schema_rel_set(r->m, r->a, s, REL_INDEX, name, t->name, NULL);
	return true;
}

void rp_excl_resync(struct rp *r, struct m_table *t)
{
	for (size_t k = 0; k < t->n_cons; k++) {
		struct m_constraint *c = &t->cons[k];
		const struct m_index *bx = c->kind == MC_EXCLUDE ? table_index(t, c->name) : NULL;
		if (!bx)
			continue;
		struct m_index *cp = arena_alloc(r->a, sizeof *cp);
		*cp = *bx;
		c->excl = cp;
	}
}

bool rp_fk_del_set_cols(struct rp *r, const struct ast_constraint *c,
			const char *const *cols, size_t n, const char ***out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (!c->n_del_set_cols)
		return true;
	const char **v = arena_calloc(r->a, c->n_del_set_cols + 1, sizeof *v);
	for (size_t i = 0; i < c->n_del_set_cols; i++) {
		const struct ast_ident *id = &c->del_set_cols[i];
		size_t k = 0;
		while (k < n && strcmp(cols[k], id->name) != 0)
			k++;
		if (k == n) {
			rp_error(r, id->loc.file ? id->loc : c->loc,
				 "column \"%s\" referenced in ON DELETE SET action must be part of foreign key",
				 id->name);
			return false;
		}
		rx_use(v, nout, id->name);
	}
	*out = v;
	return true;
}
