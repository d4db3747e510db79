/*
 * replay_misc.c - indexes, enum types, schemas and comments.
 */
#include <string.h>

#include "arena.h"
#include "naming.h"
#include "replay_int.h"

/* PostgreSQL's own index methods without an order (amcanorder false):
 * desc and nulls first/last are errors there. */
static bool unordered_method(const char *m)
{
	static const char *const v[] = { "hash", "gist", "gin", "spgist", "brin" };
	for (size_t i = 0; m && i < sizeof v / sizeof v[0]; i++)
		if (strcmp(m, v[i]) == 0)
			return true;
	return false;
}

static bool rp_cols_known(struct rp *r, const struct m_table *t,
			  const struct ast_ident *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!table_column(t, ids[i].name)) {
			rp_error(r, ids[i].loc, "column \"%s\" does not exist in table \"%s\"",
				 ids[i].name, rp_table_label(r, t));
			return false;
		}
	}
	return true;
}

bool rp_create_index(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_table *t = rp_table(r, &s->u.index.table, true);
	const struct m_view *mv = t ? NULL : rp_index_view(r, &s->u.index.table);
	if (!t && !mv)
		return false;
	const char *on_schema = t ? t->schema : mv->schema, *on = t ? t->name : mv->name;
	struct m_schema *sch = model_schema(r->m, on_schema);
	const char *name = s->target.name;
	if (name && pmap_get(&sch->rels, name)) {
		if (s->if_not_exists)
			return true;
		rp_error(r, s->target.loc, "relation \"%s\" already exists", name);
		return false;
	}
	size_t ne = s->u.index.n_elems, ni = s->u.index.n_include;
	struct m_index_elem *el = arena_calloc(r->a, ne + 1, sizeof *el);
	const char **icn = arena_calloc(r->a, ne + ni + 1, sizeof *icn);
	for (size_t i = 0; i < ne; i++) {
		const struct ast_index_elem *e = &s->u.index.elems[i];
		if (e->column.name) {
			if (t && !rp_cols_known(r, t, &e->column, 1))
				return false;
			el[i].column = e->column.name;
			icn[i] = e->column.name;
		} else if (e->expr) {
			if (t && !rp_cols_known(r, t, e->expr->columns, e->expr->n_columns))
				return false;
			el[i].expr = e->expr->text;
			el[i].expr_cols = rp_names(r->a, e->expr->columns, e->expr->n_columns);
			el[i].n_expr_cols = e->expr->n_columns;
			icn[i] = naming_expr_colname(r->a, e->expr->text);
		}
		if ((e->desc || e->nulls) && unordered_method(s->u.index.method)) {
			rp_error(r, e->loc.file ? e->loc : s->loc,
				 "access method \"%s\" does not support %s options",
				 s->u.index.method, e->desc ? "ASC/DESC" : "NULLS FIRST/LAST");
			return false;
		}
		el[i].desc = e->desc;
		el[i].nulls = e->nulls;
		if (!rp_collation(r, &e->collation, &el[i].coll_schema, &el[i].collation))
			return false;
		rp_catalog_name(&e->opclass, &el[i].opc_schema, &el[i].opclass);
		el[i].opc_opts = e->opc_opts;
	}
	if (t && !rp_cols_known(r, t, s->u.index.include, s->u.index.n_include))
		return false;
	for (size_t i = 0; i < ni; i++)
		icn[ne + i] = s->u.index.include[i].name;
	if (t && s->u.index.where &&
	    !rp_cols_known(r, t, s->u.index.where->columns, s->u.index.where->n_columns))
		return false;
	sch = model_schema_mut(r->m, r->a, on_schema);
	if (!name) {
		const char **dn = naming_index_colnames(r->a, icn, ne + ni);
		name = naming_relation(r->a, sch, on, naming_join(r->a, dn, ne + ni),
				       "idx", false);
	}
	struct m_index nx = { 0 }, *ix = &nx;
	ix->name = name;
	ix->unique = s->u.index.unique;
	ix->nulls_not_distinct = s->u.index.nulls_not_distinct;
	ix->method = s->u.index.method ? s->u.index.method : "btree";
	ix->elems = el;
	ix->n_elems = ne;
	ix->include = rp_names(r->a, s->u.index.include, ni);
	ix->n_include = ni;
	if (s->u.index.where) {
		ix->where_text = s->u.index.where->text;
		ix->where_cols = rp_names(r->a, s->u.index.where->columns, s->u.index.where->n_columns);
		ix->n_where_cols = s->u.index.where->n_columns;
	}
	ix->concurrently = s->u.index.concurrently;
	ix->with = s->u.index.with;
	if (s->u.index.only && t && t->part_by) {	/* else ONLY changes nothing */
		size_t np;
		model_partitions(r->m, r->a, t, &np);
		ix->only = np > 0;
	}
	ix->loc = s->target.loc.file ? s->target.loc : s->loc;
	if (mv) {
		rp_view_add_index(r, mv, ix);
		return true;
	}
	t = model_table_mut(r->m, r->a, t);
	*table_add_index(t, r->a) = nx;
	schema_rel_set(r->m, r->a, sch, REL_INDEX, name, t->name, NULL);
	return true;
}

bool rp_drop_index(struct rp *r)
{
	const struct ast_stmt *s = r->s;
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
		return rp_view_drop_index(r, sch, rel, s->target.name);
	const struct m_index *ix = table_index(t, s->target.name);
	if (ix->constraint) {
		rp_error(r, s->target.loc,
			 "cannot drop index \"%s\" because constraint \"%s\" on table \"%s\" requires it",
			 ix->name, ix->name, rp_table_label(r, t));
		rp_note(r, ix->loc, "constraint \"%s\" was defined here", ix->name);
		rp_note(r, s->loc, "drop the constraint with \"alter table ... drop constraint\" instead");
		return false;
	}
	size_t nd;
	struct rp_dep *deps = rp_fk_dependents(r, t, DEP_INDEX, ix->name, &nd);
	const char *what = arena_printf(r->a, "index \"%s\"", ix->name);
	if (!rp_handle_dependents(r, deps, nd, s->cascade, what))
		return false;
	t = model_table_mut(r->m, r->a, pmap_get(&sch->tables, rel->table));
	for (size_t i = 0; i < t->n_idx; i++) {
		if (strcmp(t->idx[i].name, s->target.name) == 0) {
			rp_drop_index_at(r, t, i);
			break;
		}
	}
	return true;
}

static ptrdiff_t rp_label_pos(const struct m_enum *e, const char *l)
{
	for (size_t i = 0; i < e->n_labels; i++)
		if (strcmp(e->labels[i], l) == 0)
			return (ptrdiff_t)i;
	return -1;
}

static bool rp_label_ok(struct rp *r, const char *l, struct loc at)
{
	if (strlen(l) > 63) {
		rp_error(r, at, "invalid enum label \"%s\": labels must be 63 bytes or less", l);
		return false;
	}
	return true;
}

static struct loc rp_label_loc(const struct ast_stmt *s, size_t i)
{
	struct loc none = { 0 };
	return s->u.enum_.label_locs ? s->u.enum_.label_locs[i] : none;
}

static bool rp_create_enum(struct rp *r, struct m_schema *sch)
{
	const struct ast_stmt *s = r->s;
	const char *name = s->target.name;
	struct m_enum *old = pmap_get(&sch->enums, name);
	struct m_utype *shell = model_utype(r->m, sch->name, name);
	if (shell && shell->kind == 's')
		model_utype_del(r->m, r->a, shell);	/* completed, as in PostgreSQL */
	if (old || pmap_get(&sch->tables, name)) {
		rp_error(r, s->target.loc, "type \"%s\" already exists", name);
		rp_note(r, old ? old->loc : ((struct m_table *)pmap_get(&sch->tables, name))->loc,
			"previously defined here");
		return false;
	}
	for (size_t i = 0; i < s->u.enum_.n_labels; i++) {
		if (!rp_label_ok(r, s->u.enum_.labels[i], rp_label_loc(s, i)))
			return false;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(s->u.enum_.labels[i], s->u.enum_.labels[j]) == 0) {
				rp_error(r, rp_label_loc(s, i), "enum label \"%s\" used more than once",
					 s->u.enum_.labels[i]);
				return false;
			}
		}
	}
	sch = model_schema_mut(r->m, r->a, sch->name);
	struct m_enum *e = arena_alloc(r->a, sizeof *e);
	e->stamp = model_stamp(r->m);
	e->schema = sch->name;
	e->name = name;
	e->labels = arena_calloc(r->a, s->u.enum_.n_labels + 1, sizeof *e->labels);
	memcpy(e->labels, s->u.enum_.labels, s->u.enum_.n_labels * sizeof *e->labels);
	e->n_labels = s->u.enum_.n_labels;
	e->loc = s->target.loc;
	pmap_set(&sch->enums, r->a, model_stamp(r->m), name, e);
	return true;
}

/* The columns an enum's drop with cascade takes, collected first and
 * dropped after the walk. */
struct enum_users {
	const struct m_enum *e;
	const char **tsch, **ttab, **tcol;
	size_t nu;
};

static bool enum_uses(struct rp *r, const struct m_column *col, void *ctx)
{
	(void)r;
	const struct enum_users *eu = ctx;
	const struct ast_type *ty = &col->type;
	return ty->kind == TY_NAMED && strcmp(ty->named.name, eu->e->name) == 0 &&
	       strcmp(ty->named.schema, eu->e->schema) == 0;
}

static int enum_collect(struct rp *r, struct m_table **tp, size_t c, void *ctx)
{
	struct enum_users *eu = ctx;
	size_t nu = eu->nu;
	eu->tsch = arena_grow(r->a, eu->tsch, nu * sizeof *eu->tsch, (nu + 1) * sizeof *eu->tsch);
	eu->ttab = arena_grow(r->a, eu->ttab, nu * sizeof *eu->ttab, (nu + 1) * sizeof *eu->ttab);
	eu->tcol = arena_grow(r->a, eu->tcol, nu * sizeof *eu->tcol, (nu + 1) * sizeof *eu->tcol);
	eu->tsch[nu] = (*tp)->schema;
	eu->ttab[nu] = (*tp)->name;
	eu->tcol[eu->nu++] = (*tp)->cols[c].name;
	return 0;
}

/* Columns of any table whose type is enum e. */
static bool rp_drop_enum(struct rp *r, struct m_enum *e)
{
	const struct ast_stmt *s = r->s;
	struct enum_users eu = { .e = e, .tsch = arena_calloc(r->a, 1, sizeof *eu.tsch) };
	struct rp_col_users u = {
		.what = arena_printf(r->a, "type \"%s\"", e->name),
		.at = s->target.loc, .cascade = s->cascade,
		.uses = enum_uses, .drop = enum_collect, .ctx = &eu,
	};
	if (!rp_col_users(r, &u))
		return false;
	for (size_t i = 0; i < eu.nu; i++) {
		struct m_table *t = model_table(r->m, eu.tsch[i], eu.ttab[i]);
		if (!t || !table_column(t, eu.tcol[i]))
			continue;
		t = model_table_mut(r->m, r->a, t);
		if (!rp_drop_column(r, &t, eu.tcol[i], true, s->loc))
			return false;
	}
	struct m_schema *sch = model_schema_mut(r->m, r->a, e->schema);
	pmap_del(&sch->enums, r->a, model_stamp(r->m), e->name);
	return true;
}

bool rp_type_stmt(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	bool quiet = s->kind == STMT_DROP_TYPE && s->if_exists;
	struct m_schema *sch = rp_schema(r, &s->target, quiet);
	if (!sch)
		return quiet;
	if (s->kind == STMT_CREATE_ENUM)
		return rp_create_enum(r, sch);
	struct m_enum *e = pmap_get(&sch->enums, s->target.name);
	bool utype = false;
	if (!e && s->kind == STMT_DROP_TYPE) {
		/* a domain, composite or range type (replay_utype.c) */
		if (!rp_utype_drop(r, sch->name, s->target.name, false, s->cascade, &utype))
			return false;
		if (utype)
			return true;
	}
	if (!e) {
		if (quiet)
			return true;
		rp_error(r, s->target.loc, "type \"%s\" does not exist", s->target.name);
		return false;
	}
	if (s->kind == STMT_DROP_TYPE)
		return rp_drop_enum(r, e);
	const char *label = s->u.enum_.n_labels ? s->u.enum_.labels[0] : "";
	if (s->kind == STMT_ADD_ENUM_VALUE) {
		if (rp_label_pos(e, label) >= 0) {
			if (s->if_not_exists)
				return true;
			rp_error(r, rp_label_loc(s, 0), "enum label \"%s\" already exists", label);
			return false;
		}
		if (!rp_label_ok(r, label, rp_label_loc(s, 0)))
			return false;
		size_t at = e->n_labels;
		if (s->u.enum_.neighbor) {
			ptrdiff_t p = rp_label_pos(e, s->u.enum_.neighbor);
			if (p < 0) {
				rp_error(r, s->loc, "\"%s\" is not an existing enum label", s->u.enum_.neighbor);
				return false;
			}
			at = (size_t)p + (s->u.enum_.before ? 0 : 1);
		}
		e = model_enum_mut(r->m, r->a, e);
		const char **l = arena_calloc(r->a, e->n_labels + 2, sizeof *l);
		memcpy(l, e->labels, at * sizeof *l);
		l[at] = label;
		memcpy(l + at + 1, e->labels + at, (e->n_labels - at) * sizeof *l);
		e->labels = l;
		e->n_labels++;
		return true;
	}
	/* RENAME VALUE */
	const char *to = s->u.enum_.n_labels > 1 ? s->u.enum_.labels[1] : "";
	ptrdiff_t p = rp_label_pos(e, label);
	if (p < 0) {
		rp_error(r, rp_label_loc(s, 0), "\"%s\" is not an existing enum label", label);
		return false;
	}
	if (rp_label_pos(e, to) >= 0) {
		rp_error(r, rp_label_loc(s, 1), "enum label \"%s\" already exists", to);
		return false;
	}
	if (!rp_label_ok(r, to, rp_label_loc(s, 1)))
		return false;
	e = model_enum_mut(r->m, r->a, e);
	const char **l = arena_calloc(r->a, e->n_labels + 1, sizeof *l);
	memcpy(l, e->labels, e->n_labels * sizeof *l);
	l[p] = to;
	e->labels = l;
	return true;
}
