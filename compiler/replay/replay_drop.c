/*
 * replay_drop.c - what dropping takes along, and what it may not.
 *
 * PostgreSQL's dependency rules for the subset: a table's indexes,
 * constraints and owned sequences go with it; a column takes the indexes
 * and constraints that involve it and the sequence it owns; a foreign key
 * from elsewhere that depends on the dropped object (referenced table,
 * column or unique index) is an error unless CASCADE, which drops the
 * foreign key instead.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "replay_int.h"

static bool rp_same_table(const struct m_table *t, const char *schema, const char *name)
{
	return strcmp(t->schema, schema) == 0 && strcmp(t->name, name) == 0;
}

static bool rp_has(const char *const *v, size_t n, const char *x)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], x) == 0)
			return true;
	return false;
}

struct rp_depscan {
	struct rp *r;
	const struct m_table *ref;
	enum rp_dep_what what;
	const char *name;
	struct rp_dep *out;
	size_t n, cap;
};

static void rp_dep_table(void *ctx, const char *key, void *val)
{
	(void)key;
	struct rp_depscan *sc = ctx;
	struct m_table *t = val;
	const struct m_table *ref = sc->ref;
	bool self = t == ref || rp_same_table(t, ref->schema, ref->name);
	for (size_t k = 0; k < t->n_cons; k++) {
		const struct m_constraint *c = &t->cons[k];
		if (c->kind != MC_FKEY || strcmp(c->ref_table, ref->name) != 0 ||
		    strcmp(c->ref_schema, ref->schema) != 0)
			continue;
		bool dep = false;
		switch (sc->what) {
		case DEP_TABLE:
			dep = !self;
			break;
		case DEP_COLUMN:
			dep = rp_has(c->ref_cols, c->n_ref_cols, sc->name) &&
			      !(self && rp_has(c->cols, c->n_cols, sc->name));
			break;
		case DEP_INDEX:
			dep = strcmp(c->ref_index, sc->name) == 0;
			break;
		}
		if (!dep)
			continue;
		if (sc->n == sc->cap) {
			size_t nc = sc->cap ? sc->cap * 2 : 4;
			sc->out = arena_grow(sc->r->a, sc->out, sc->cap * sizeof *sc->out,
					     nc * sizeof *sc->out);
			sc->cap = nc;
		}
		sc->out[sc->n].table = t;
		sc->out[sc->n++].fk = c;
	}
}


static int rp_dep_cmp(const void *a, const void *b)
{
	const struct rp_dep *x = a, *y = b;
	int c = strcmp(x->table->schema, y->table->schema);
	if (!c)
		c = strcmp(x->table->name, y->table->name);
	return c ? c : strcmp(x->fk->name, y->fk->name);
}

/* Visits only the tables that hold foreign keys to `ref` (ref->refs). */
struct rp_dep *rp_fk_dependents(struct rp *r, const struct m_table *ref,
				enum rp_dep_what what, const char *name, size_t *n)
{
	*n = 0;
	struct rp_depscan sc = { .r = r, .ref = ref, .what = what, .name = name };
	for (size_t i = 0; i < ref->n_refs; i++) {
		const struct m_ref *x = &ref->refs[i];
		size_t k = 0;
		while (k < i && !(strcmp(ref->refs[k].table, x->table) == 0 &&
				  strcmp(ref->refs[k].schema, x->schema) == 0))
			k++;
		if (k < i)
			continue;	/* that table was visited already */
		struct m_table *t = model_table(r->m, x->schema, x->table);
		if (t)
			rp_dep_table(&sc, NULL, t);
	}
	if (sc.n > 1)
		qsort(sc.out, sc.n, sizeof *sc.out, rp_dep_cmp);
	*n = sc.n;
	return sc.out;
}

static struct m_table *rp_table_mut_named(struct rp *r, const char *schema, const char *name)
{
	struct m_table *t = model_table(r->m, schema, name);
	return t ? model_table_mut(r->m, r->a, t) : NULL;
}

/* Whether t is one of the tables of the drop statement r replays. */
static bool rp_in_drop_set(struct rp *r, const struct m_table *t)
{
	for (size_t i = 0; i < ast_drop_count(r->drop_set); i++) {
		struct ast_stmt one = ast_drop_one(r->drop_set, i);
		if (rp_same_table(t, model_schema_name(r->m, one.target.schema), one.target.name))
			return true;
	}
	return false;
}

bool rp_handle_dependents(struct rp *r, struct rp_dep *deps, size_t n, bool cascade,
			  const char *what_msg)
{
	if (n == 0)
		return true;
	if (!cascade && r->drop_set && r->drop_set->kind == STMT_DROP_TABLE) {
		/* keys from tables the same statement drops go with them */
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (!rp_in_drop_set(r, deps[i].table))
				deps[k++] = deps[i];
		if (k == 0)
			cascade = true;
		else
			n = k;
	}
	if (!cascade) {
		struct loc at = r->s->target.loc.file ? r->s->target.loc : r->s->loc;
		rp_error(r, at, "cannot drop %s because other objects depend on it", what_msg);
		for (size_t i = 0; i < n; i++)
			rp_note(r, deps[i].fk->loc,
				"constraint \"%s\" on table \"%s\" depends on %s",
				deps[i].fk->name, rp_table_label(r, deps[i].table), what_msg);
		rp_note(r, r->s->loc, "use \"cascade\" to drop the dependent objects too");
		return false;
	}
	/* names first: the pointers go stale as tables are copied */
	const char **sch = arena_calloc(r->a, n, sizeof *sch);
	const char **tab = arena_calloc(r->a, n, sizeof *tab);
	const char **con = arena_calloc(r->a, n, sizeof *con);
	for (size_t i = 0; i < n; i++) {
		sch[i] = deps[i].table->schema;
		tab[i] = deps[i].table->name;
		con[i] = deps[i].fk->name;
	}
	for (size_t i = 0; i < n; i++) {
		struct m_table *t = rp_table_mut_named(r, sch[i], tab[i]);
		for (size_t k = 0; t && k < t->n_cons; k++) {
			if (strcmp(t->cons[k].name, con[i]) == 0) {
				rp_drop_constraint_at(r, t, k);
				break;
			}
		}
	}
	return true;
}

void rp_drop_index_at(struct rp *r, struct m_table *t, size_t i)
{
	struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
	schema_rel_del(r->m, r->a, s, t->idx[i].name);
	table_remove_index(t, i);
}

void rp_drop_constraint_at(struct rp *r, struct m_table *t, size_t i)
{
	struct m_constraint c = t->cons[i];
	struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
	schema_conname_del(r->m, r->a, s, c.name);
	table_remove_constraint(t, i);
	if (c.kind == MC_FKEY) {
		struct m_table *rt = rp_same_table(t, c.ref_schema, c.ref_table)
			? t : rp_table_mut_named(r, c.ref_schema, c.ref_table);
		if (rt)
			table_ref_del(rt, r->a, t->schema, t->name);
	}
	if (c.kind == MC_PKEY || c.kind == MC_UNIQUE || c.kind == MC_EXCLUDE) {
		for (size_t k = 0; k < t->n_idx; k++) {
			if (t->idx[k].constraint && strcmp(t->idx[k].name, c.name) == 0) {
				rp_drop_index_at(r, t, k);
				break;
			}
		}
	}
}

void rp_drop_table_objects(struct rp *r, struct m_table *t)
{
	while (t->n_cons)
		rp_drop_constraint_at(r, t, t->n_cons - 1);
	while (t->n_idx)
		rp_drop_index_at(r, t, t->n_idx - 1);
	struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
	for (size_t i = 0; i < t->n_cols; i++)
		if (t->cols[i].seq)
			schema_rel_del(r->m, r->a, s, t->cols[i].seq);
	schema_rel_del(r->m, r->a, s, t->name);
	pmap_del(&s->tables, r->a, model_stamp(r->m), t->name);
	rp_seq_owner_gone(r, t->schema, t->name, NULL);
}

/* Does generated column c's expression mention column `name`? */
static bool rp_generated_uses(struct rp *r, const struct m_column *c, const char *name)
{
	if (!c->generated || strcmp(c->name, name) == 0)
		return false;
	const char *renamed = model_expr_rename(r->a, c->default_text, name, "\x01");
	return strcmp(renamed, c->default_text) != 0;
}

/* The generated columns of *tp computed from column `name`: without
 * cascade an error (PostgreSQL's), with cascade dropped first. */
static bool rp_drop_generated_users(struct rp *r, struct m_table **tp, const char *name,
				    bool cascade, const char *what, struct loc loc)
{
	bool reported = false;
	for (size_t k = 0; k < (*tp)->n_cols; k++) {
		const struct m_column *c = &(*tp)->cols[k];
		if (!rp_generated_uses(r, c, name))
			continue;
		if (cascade) {
			if (!rp_drop_column(r, tp, c->name, true, loc))
				return false;
			k = (size_t)-1;	/* start over: the columns moved */
			continue;
		}
		if (!reported)
			rp_error(r, loc, "cannot drop %s because other objects depend on it", what);
		reported = true;
		rp_note(r, c->loc, "column \"%s\" of table \"%s\" depends on column \"%s\"",
			c->name, rp_table_label(r, *tp), name);
	}
	if (reported)
		rp_note(r, loc, "use \"cascade\" to drop the dependent objects too");
	return !reported;
}

bool rp_drop_column(struct rp *r, struct m_table **tp, const char *name,
		    bool cascade, struct loc loc)
{
	struct m_table *t = *tp;
	const char *schema = t->schema, *tname = t->name;
	size_t nd;
	struct rp_dep *deps = rp_fk_dependents(r, t, DEP_COLUMN, name, &nd);
	const char *what = arena_printf(r->a, "column \"%s\" of table \"%s\"", name,
					rp_table_label(r, t));
	if (!rp_handle_dependents(r, deps, nd, cascade, what))
		return false;
	if (!rp_drop_generated_users(r, &t, name, cascade, what, loc))
		return false;
	if (!rp_view_drop_rel(r, schema, tname, name, cascade, what))
		return false;
	t = rp_table_mut_named(r, schema, tname);
	for (size_t k = t->n_cons; k-- > 0;)
		if (k < t->n_cons && constraint_uses_column(&t->cons[k], name))
			rp_drop_constraint_at(r, t, k);
	for (size_t k = t->n_idx; k-- > 0;)
		if (k < t->n_idx && index_uses_column(&t->idx[k], name))
			rp_drop_index_at(r, t, k);
	ptrdiff_t pos = table_column_pos(t, name);
	if (pos >= 0) {
		if (t->cols[pos].seq) {
			struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
			schema_rel_del(r->m, r->a, s, t->cols[pos].seq);
		}
		table_remove_column(t, (size_t)pos);
		rp_seq_owner_gone(r, schema, tname, name);
	}
	*tp = t;
	return true;
}

static bool rp_check_pair(struct rp *r, const struct m_table *ft, const struct m_constraint *c,
			  size_t i, const struct m_table *pt, struct loc loc)
{
	const struct m_column *lc = table_column(ft, c->cols[i]);
	const struct m_column *pc = table_column(pt, c->ref_cols[i]);
	if (!lc || !pc || rp_fk_types_compatible(&lc->type, &pc->type))
		return true;
	rp_error(r, loc, "foreign key column \"%s\" has type %s but referenced column \"%s\".\"%s\" has type %s",
		 c->cols[i], rp_fmt_type(r->a, &lc->type), rp_table_label(r, pt),
		 c->ref_cols[i], rp_fmt_type(r->a, &pc->type));
	rp_note(r, c->loc, "foreign key \"%s\" on table \"%s\" was defined here", c->name,
		rp_table_label(r, ft));
	return false;
}

bool rp_recheck_fk_types(struct rp *r, const struct m_table *t, const char *col,
			 struct loc loc)
{
	for (size_t k = 0; k < t->n_cons; k++) {
		const struct m_constraint *c = &t->cons[k];
		if (c->kind != MC_FKEY)
			continue;
		const struct m_table *pt = model_table(r->m, c->ref_schema, c->ref_table);
		for (size_t i = 0; pt && i < c->n_cols; i++)
			if (strcmp(c->cols[i], col) == 0 && !rp_check_pair(r, t, c, i, pt, loc))
				return false;
	}
	size_t nd;
	struct rp_dep *deps = rp_fk_dependents(r, t, DEP_COLUMN, col, &nd);
	for (size_t d = 0; d < nd; d++) {
		const struct m_constraint *c = deps[d].fk;
		for (size_t i = 0; i < c->n_cols; i++)
			if (strcmp(c->ref_cols[i], col) == 0 &&
			    !rp_check_pair(r, deps[d].table, c, i, t, loc))
				return false;
	}
	return true;
}
