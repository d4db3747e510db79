/*
 * replay_con.c - adding constraints the way PostgreSQL does.
 *
 * Order and naming follow PostgreSQL's CREATE TABLE / ALTER TABLE: check
 * constraints are named first, then the primary key's index, then the
 * unique indexes (duplicates of an earlier key are merged, as
 * transformIndexConstraints does), then exclusion constraints, then
 * foreign keys, each name chosen
 * after the previous object exists.
 */
#include <string.h>

#include "arena.h"
#include "naming.h"
#include "replay_int.h"

struct rp_pending {
	const struct ast_constraint *c;
	const char *colname;		/* column form, or NULL */
	const char **cols;
	size_t n_cols;
	const char *name;
	bool primary, unique;
};

/* Stricter than PostgreSQL, on purpose: PostgreSQL accepts a foreign key
 * between types whose equality operator mixes (integer -> bigint, text ->
 * varchar), but such a key is almost always a mistake waiting to overflow
 * or to miss an index, so migc requires the same type (serial types count
 * as their integer type; length and precision modifiers may differ). */
bool rp_fk_types_compatible(const struct ast_type *fk, const struct ast_type *pk)
{
	if (fk->array_dims != pk->array_dims || fk->kind != pk->kind)
		return false;
	if (fk->kind != TY_NAMED)
		return true;
	return strcmp(fk->named.name, pk->named.name) == 0 &&
	       strcmp(fk->named.schema ? fk->named.schema : "",
		      pk->named.schema ? pk->named.schema : "") == 0;
}

static bool rp_cols_exist(struct rp *r, const struct m_table *t,
			  const struct ast_ident *ids, size_t n, const char *colname,
			  struct loc at)
{
	if (colname)
		return true;	/* the column being defined */
	for (size_t i = 0; i < n; i++) {
		if (!table_column(t, ids[i].name)) {
			rp_error(r, ids[i].loc.file ? ids[i].loc : at,
				 "column \"%s\" does not exist in table \"%s\"",
				 ids[i].name, rp_table_label(r, t));
			return false;
		}
	}
	return true;
}

static bool rp_name_free_in_table(struct rp *r, const struct m_table *t,
				  const char *name, struct loc at)
{
	const struct m_constraint *old = table_constraint(t, name);
	if (!old)
		return true;
	rp_error(r, at, "constraint \"%s\" for table \"%s\" already exists",
		 name, rp_table_label(r, t));
	rp_note(r, old->loc, "previously defined here");
	return false;
}

static struct loc rp_con_loc(const struct ast_constraint *c)
{
	return c->name_loc.file ? c->name_loc : c->loc;
}

static bool rp_add_check(struct rp *r, struct m_table *t, const struct ast_constraint *c,
			 const char *colname, bool alter)
{
	struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
	const struct ast_expr *e = c->expr;
	size_t n = e ? e->n_columns : 0;
	const char **cols = arena_calloc(r->a, n + 1, sizeof *cols);
	size_t nd = 0;
	for (size_t i = 0; i < n; i++) {
		const char *cn = e->columns[i].name;
		if (!table_column(t, cn)) {
			rp_error(r, e->columns[i].loc, "column \"%s\" does not exist in table \"%s\"",
				 cn, rp_table_label(r, t));
			return false;
		}
		size_t j = 0;
		while (j < nd && strcmp(cols[j], cn) != 0)
			j++;
		if (j == nd)
			cols[nd++] = cn;
	}
	if (c->deferrable || c->initially_deferred) {
		rp_error(r, c->loc, "check constraints cannot be marked deferrable");
		return false;
	}
	const char *name = c->name;
	if (name) {
		if (!rp_name_free_in_table(r, t, name, rp_con_loc(c)))
			return false;
	} else {
		name = naming_constraint(r->a, s, t->name, nd == 1 ? cols[0] : NULL, "check");
	}
	struct m_constraint *k = table_add_constraint(t, r->a);
	k->name = name;
	k->kind = MC_CHECK;
	k->check_text = e ? e->text : "true";
	k->check_cols = cols;
	k->n_check_cols = nd;
	k->column_form = colname != NULL;
	k->validated = !(alter && c->not_valid);
	k->no_inherit = c->no_inherit;
	k->on_delete = k->on_update = FK_NO_ACTION;
	k->loc = rp_con_loc(c);
	schema_conname_add(r->m, r->a, s, name);
	return true;
}

static bool rp_add_index_con(struct rp *r, struct m_table *t, struct rp_pending *p)
{
	struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
	const struct ast_constraint *c = p->c;
	const char *name = p->name;
	if (name) {
		struct m_rel *rel = pmap_get(&s->rels, name);
		if (rel) {
			rp_error(r, rp_con_loc(c), "relation \"%s\" already exists", name);
			return false;
		}
		if (!rp_name_free_in_table(r, t, name, rp_con_loc(c)))
			return false;
	} else {
		const char **icn = naming_index_colnames(r->a, p->cols, p->n_cols);
		name = naming_relation(r->a, s, t->name,
				       p->primary ? NULL : naming_join(r->a, icn, p->n_cols),
				       p->primary ? "pkey" : "key", true);
	}
	if (p->primary)
		for (size_t i = 0; i < p->n_cols; i++)
			table_column(t, p->cols[i])->not_null = true;
	struct m_constraint *k = table_add_constraint(t, r->a);
	k->name = name;
	k->kind = p->primary ? MC_PKEY : MC_UNIQUE;
	k->cols = p->cols;
	k->n_cols = p->n_cols;
	k->column_form = p->colname != NULL;
	k->deferrable = c->deferrable;
	k->initially_deferred = c->initially_deferred;
	k->validated = true;
	k->nulls_not_distinct = c->nulls_not_distinct;
	k->on_delete = k->on_update = FK_NO_ACTION;
	k->loc = rp_con_loc(c);
	struct m_index *ix = table_add_index(t, r->a);
	ix->name = name;
	ix->unique = true;
	ix->method = "btree";
	ix->n_elems = p->n_cols;
	ix->elems = arena_calloc(r->a, p->n_cols + 1, sizeof *ix->elems);
	for (size_t i = 0; i < p->n_cols; i++)
		ix->elems[i].column = p->cols[i];
	ix->constraint = true;
	ix->nulls_not_distinct = c->nulls_not_distinct;
	ix->loc = k->loc;
	schema_conname_add(r->m, r->a, s, name);
	schema_rel_set(r->m, r->a, s, REL_INDEX, name, t->name, NULL);
	return true;
}

/* The unique index of `ref` a foreign key on `cols` would depend on. */
static const struct m_index *rp_fk_index(const struct m_table *ref,
					 const char *const *cols, size_t n)
{
	for (size_t i = 0; i < ref->n_idx; i++) {
		const struct m_index *ix = &ref->idx[i];
		if (!ix->unique || ix->where_text || ix->n_elems != n)
			continue;
		bool plain = true;
		for (size_t j = 0; j < n && plain; j++)
			plain = ix->elems[j].column != NULL;
		if (!plain)
			continue;
		bool all = true;
		for (size_t j = 0; j < n && all; j++) {
			bool found = false;
			for (size_t k = 0; k < n && !found; k++)
				found = strcmp(ix->elems[k].column, cols[j]) == 0;
			all = found;
		}
		if (!all)
			continue;
		if (ix->constraint) {
			const struct m_constraint *k = table_constraint(ref, ix->name);
			if (k && k->deferrable)
				continue;
		}
		return ix;
	}
	return NULL;
}

static enum ast_fk_action rp_fk_action(enum ast_fk_action a)
{
	return a == FK_ACTION_NONE ? FK_NO_ACTION : a;
}

static bool rp_add_fk(struct rp *r, struct m_table *t, const struct ast_constraint *c,
		      const char *colname, bool alter)
{
	const char **cols;
	size_t n;
	if (colname) {
		cols = arena_calloc(r->a, 2, sizeof *cols);
		cols[0] = colname;
		n = 1;
	} else {
		cols = rp_names(r->a, c->columns, c->n_columns);
		n = c->n_columns;
	}
	struct m_schema *rs = model_schema(r->m, c->ref_table.schema);
	struct m_table *ref = rs ? pmap_get(&rs->tables, c->ref_table.name) : NULL;
	if (!rs) {
		rp_error(r, c->ref_table.loc, "schema \"%s\" does not exist", c->ref_table.schema);
		return false;
	}
	if (!ref) {
		rp_error(r, c->ref_table.loc.file ? c->ref_table.loc : c->loc,
			 "foreign key references table \"%s\", which does not exist",
			 c->ref_table.name);
		return false;
	}
	const char **rcols;
	size_t nr;
	if (c->n_ref_columns == 0) {
		const struct m_constraint *pk = table_pkey(ref);
		if (!pk) {
			rp_error(r, c->ref_table.loc.file ? c->ref_table.loc : c->loc,
				 "there is no primary key for referenced table \"%s\"",
				 rp_table_label(r, ref));
			return false;
		}
		rcols = pk->cols;
		nr = pk->n_cols;
	} else {
		for (size_t i = 0; i < c->n_ref_columns; i++) {
			if (!table_column(ref, c->ref_columns[i].name)) {
				rp_error(r, c->ref_columns[i].loc.file ? c->ref_columns[i].loc : c->loc,
					 "column \"%s\" does not exist in table \"%s\"",
					 c->ref_columns[i].name, rp_table_label(r, ref));
				return false;
			}
			for (size_t j = 0; j < i; j++) {
				if (strcmp(c->ref_columns[i].name, c->ref_columns[j].name) == 0) {
					rp_error(r, c->ref_columns[i].loc,
						 "foreign key referenced-columns list must not contain duplicates");
					return false;
				}
			}
		}
		rcols = rp_names(r->a, c->ref_columns, c->n_ref_columns);
		nr = c->n_ref_columns;
	}
	if (nr != n) {
		rp_error(r, c->loc, "number of referencing and referenced columns for foreign key disagree");
		return false;
	}
	const struct m_index *ix = rp_fk_index(ref, rcols, nr);
	if (!ix) {
		rp_error(r, c->ref_table.loc.file ? c->ref_table.loc : c->loc,
			 "there is no unique constraint matching given keys for referenced table \"%s\"",
			 rp_table_label(r, ref));
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const struct m_column *lc = table_column(t, cols[i]);
		const struct m_column *pc = table_column(ref, rcols[i]);
		if (!rp_fk_types_compatible(&lc->type, &pc->type)) {
			struct loc at = colname ? c->loc : c->columns[i].loc;
			rp_error(r, at, "foreign key column \"%s\" has type %s but referenced column \"%s\".\"%s\" has type %s",
				 cols[i], rp_fmt_type(r->a, &lc->type), rp_table_label(r, ref),
				 rcols[i], rp_fmt_type(r->a, &pc->type));
			rp_note(r, pc->loc, "\"%s\".\"%s\" was defined here", rp_table_label(r, ref),
				rcols[i]);
			return false;
		}
	}
	const char **del_cols;
	size_t n_del_cols;
	if (!rp_fk_del_set_cols(r, c, cols, n, &del_cols, &n_del_cols))
		return false;
	struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
	const char *name = c->name;
	if (name) {
		if (!rp_name_free_in_table(r, t, name, rp_con_loc(c)))
			return false;
	} else {
		name = naming_constraint(r->a, s, t->name, naming_join(r->a, cols, n), "fkey");
	}
	const char *ref_schema = ref->schema, *ref_name = ref->name, *ref_index = ix->name;
	struct m_table *rw = ref == t ? t : model_table_mut(r->m, r->a, ref);
	table_ref_add(rw, r->a, t->schema, t->name);
	struct m_constraint *k = table_add_constraint(t, r->a);
	k->name = name;
	k->kind = MC_FKEY;
	k->cols = cols;
	k->n_cols = n;
	k->column_form = colname != NULL;
	k->ref_schema = ref_schema;
	k->ref_table = ref_name;
	k->ref_cols = rcols;
	k->n_ref_cols = nr;
	k->ref_index = ref_index;
	k->on_delete = rp_fk_action(c->on_delete);
	k->on_update = rp_fk_action(c->on_update);
	k->deferrable = c->deferrable || c->initially_deferred;
	k->initially_deferred = c->initially_deferred;
	k->validated = !(alter && c->not_valid);
	k->match_full = c->match_full;
	k->del_set_cols = del_cols;
	k->n_del_set_cols = n_del_cols;
	k->loc = rp_con_loc(c);
	schema_conname_add(r->m, r->a, s, name);
	return true;
}

static bool rp_same_index_con(const struct rp_pending *a, const struct rp_pending *b)
{
	if (a->n_cols != b->n_cols || a->c->deferrable != b->c->deferrable ||
	    a->c->initially_deferred != b->c->initially_deferred ||
	    a->c->nulls_not_distinct != b->c->nulls_not_distinct)
		return false;
	for (size_t i = 0; i < a->n_cols; i++)
		if (strcmp(a->cols[i], b->cols[i]) != 0)
			return false;
	return true;
}

static const char *rp_con_kind_word(enum ast_constraint_kind k)
{
	switch (k) {
	case CON_PRIMARY_KEY: return "primary key";
	case CON_UNIQUE: return "unique";
	default: return "this kind of";
	}
}

/* PRIMARY KEY | UNIQUE USING INDEX: the table's unique b-tree index on
 * plain columns in default order becomes the constraint's index, renamed
 * to the constraint's name (PostgreSQL's transformIndexConstraint and
 * index_constraint_create). */
static bool rp_con_using_index(struct rp *r, struct m_table *t, const struct ast_constraint *c,
			       bool alter)
{
	struct loc at = c->using_index_loc;
	const char *iname = c->using_index;
	if (!alter) {
		rp_error(r, at, "cannot use an existing index in CREATE TABLE");
		return false;
	}
	struct m_index *ix = table_index(t, iname);
	if (!ix) {
		rp_error(r, at, "index \"%s\" for table \"%s\" does not exist", iname,
			 rp_table_label(r, t));
		return false;
	}
	const char *why = ix->constraint ? "index \"%s\" is already associated with a constraint"
		: !ix->unique ? "\"%s\" is not a unique index"
		: ix->where_text ? "index \"%s\" is a partial index"
		: strcmp(ix->method, "btree") != 0 ? "index \"%s\" is not a b-tree"
		: ix->n_include ? "index \"%s\" has include columns: a key with them is not modelled"
		: NULL;
	for (size_t i = 0; !why && i < ix->n_elems; i++)
		if (!ix->elems[i].column)
			why = "index \"%s\" contains expressions";
		else if (ix->elems[i].desc || ix->elems[i].nulls)
			why = "index \"%s\" does not have default sorting behavior";
	if (why) {
		rp_error(r, at, why, iname);
		return false;
	}
	if (c->kind == CON_PRIMARY_KEY && table_pkey(t)) {
		rp_error(r, c->loc, "multiple primary keys for table \"%s\" are not allowed",
			 rp_table_label(r, t));
		rp_note(r, table_pkey(t)->loc, "previously defined here");
		return false;
	}
	struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
	const char *name = c->name ? c->name : iname;
	if (strcmp(name, iname) != 0) {
		if (pmap_get(&s->rels, name)) {
			rp_error(r, rp_con_loc(c), "relation \"%s\" already exists", name);
			return false;
		}
		if (!rp_name_free_in_table(r, t, name, rp_con_loc(c)))
			return false;
		schema_rel_del(r->m, r->a, s, iname);
		schema_rel_set(r->m, r->a, s, REL_INDEX, name, t->name, NULL);
	}
	const char **cols = arena_calloc(r->a, ix->n_elems + 1, sizeof *cols);
	for (size_t i = 0; i < ix->n_elems; i++) {
		cols[i] = ix->elems[i].column;
		if (c->kind == CON_PRIMARY_KEY)
			table_column(t, cols[i])->not_null = true;
	}
	ix->name = name;
	ix->constraint = true;
	struct m_constraint *k = table_add_constraint(t, r->a);
	k->name = name;
	k->kind = c->kind == CON_PRIMARY_KEY ? MC_PKEY : MC_UNIQUE;
	k->cols = cols;
	k->n_cols = ix->n_elems;
	k->deferrable = c->deferrable;
	k->initially_deferred = c->initially_deferred;
	k->validated = true;
	k->on_delete = k->on_update = FK_NO_ACTION;
	k->loc = rp_con_loc(c);
	schema_conname_add(r->m, r->a, s, name);
	return true;
}

bool rp_add_constraints(struct rp *r, struct m_table *t,
			const struct ast_constraint *const *cons,
			const char *const *colnames, size_t n, bool alter)
{
	struct rp_pending *ix = arena_calloc(r->a, n + 1, sizeof *ix);
	size_t nix = 0;
	/* checks, validating everything first */
	for (size_t i = 0; i < n; i++) {
		const struct ast_constraint *c = cons[i];
		if (c->not_valid && c->kind != CON_CHECK && c->kind != CON_FOREIGN_KEY) {
			rp_error(r, c->loc, "%s constraints cannot be marked not valid",
				 rp_con_kind_word(c->kind));
			return false;
		}
		if (c->kind == CON_CHECK && !rp_add_check(r, t, c, colnames[i], alter))
			return false;
		if (c->kind != CON_PRIMARY_KEY && c->kind != CON_UNIQUE)
			continue;
		if (c->using_index) {
			if (!rp_con_using_index(r, t, c, alter))
				return false;
			continue;
		}
		struct rp_pending p = { .c = c, .colname = colnames[i], .name = c->name,
					.primary = c->kind == CON_PRIMARY_KEY, .unique = true };
		if (!rp_cols_exist(r, t, c->columns, c->n_columns, colnames[i], c->loc))
			return false;
		if (colnames[i]) {
			p.cols = arena_calloc(r->a, 2, sizeof *p.cols);
			p.cols[0] = colnames[i];
			p.n_cols = 1;
		} else {
			p.cols = rp_names(r->a, c->columns, c->n_columns);
			p.n_cols = c->n_columns;
			for (size_t a = 0; a < p.n_cols; a++)
				for (size_t b = 0; b < a; b++)
					if (strcmp(p.cols[a], p.cols[b]) == 0) {
						rp_error(r, c->columns[a].loc,
							 "column \"%s\" appears twice in %s constraint",
							 p.cols[a], rp_con_kind_word(c->kind));
						return false;
					}
		}
		if (p.primary) {
			const struct m_constraint *old = table_pkey(t);
			const struct rp_pending *prev = nix && ix[0].primary ? &ix[0] : NULL;
			if (old || prev) {
				rp_error(r, c->loc, "multiple primary keys for table \"%s\" are not allowed",
					 rp_table_label(r, t));
				rp_note(r, old ? old->loc : prev->c->loc, "previously defined here");
				return false;
			}
			memmove(&ix[1], &ix[0], nix * sizeof *ix);
			ix[0] = p;
			nix++;
		} else {
			ix[nix++] = p;
		}
	}
	/* merge keys that repeat an earlier one */
	size_t kept = 0;
	for (size_t i = 0; i < nix; i++) {
		size_t j = 0;
		while (j < kept && !rp_same_index_con(&ix[j], &ix[i]))
			j++;
		if (j < kept) {
			if (!ix[j].name)
				ix[j].name = ix[i].name;
			continue;
		}
		ix[kept++] = ix[i];
	}
	for (size_t i = 0; i < kept; i++)
		if (!rp_add_index_con(r, t, &ix[i]))
			return false;
	for (size_t i = 0; i < n; i++)	/* exclusion constraints (replay_excl.c) */
		if (cons[i]->kind == CON_EXCLUDE && !rp_add_exclude(r, t, cons[i]))
			return false;
	if (alter && kept && !rp_part_keys_ok(r, t))
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct ast_constraint *c = cons[i];
		if (c->kind != CON_FOREIGN_KEY)
			continue;
		if (!rp_cols_exist(r, t, c->columns, c->n_columns, colnames[i], c->loc) ||
		    !rp_add_fk(r, t, c, colnames[i], alter))
			return false;
	}
	return true;
}
