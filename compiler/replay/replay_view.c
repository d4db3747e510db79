/*
 * replay_view.c - plain SQL statements the model knows, read from
 * PostgreSQL's parse tree (pgsql_tree.h), and the dependency rules of
 * views.
 *
 * create [or replace] [materialized] view, drop [materialized] view and
 * alter [materialized] view ... rename to change the model like the
 * server changes its catalog.  What a view reads is checked: a relation
 * it names must exist (tables and views of the model; pg_catalog and
 * information_schema are the server's); the table columns it uses are
 * recorded.  A table or column a view uses cannot be dropped without
 * cascade (which drops the views too, and views on them), nor retyped at
 * all, as in PostgreSQL.  Renaming a table or column keeps the views
 * reading it, with the names in their definitions renamed.
 *
 * Every other plain SQL statement leaves the model alone.  Only
 * statements starting with create, drop or alter are parsed again here,
 * so data statements cost nothing in the replay.
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "sqltext.h"

static struct loc at_stmt(void)
{
	return (struct loc){ 0 };
}

static const char *view_word(bool materialized)
{
	return materialized ? "materialized view" : "view";
}

static const char *label(struct rp *r, const char *schema, const char *name)
{
	if (strcmp(schema, r->m->default_schema) == 0)
		return name;
	return arena_printf(r->a, "%s.%s", schema, name);
}

/* ---- what a view reads ---- */

struct reads {
	struct m_ref *rels;
	size_t n_rels, cap_rels;
	struct m_colref *cols;
	size_t n_cols, cap_cols;
	const struct m_table **tabs;	/* per pgsql rel: the table or NULL */
};

static void add_rel(struct rp *r, struct reads *x, const char *schema, const char *name)
{
	for (size_t i = 0; i < x->n_rels; i++)
		if (strcmp(x->rels[i].schema, schema) == 0 && strcmp(x->rels[i].table, name) == 0)
			return;
	if (x->n_rels == x->cap_rels) {
		size_t nc = x->cap_rels ? x->cap_rels * 2 : 4;
		x->rels = arena_grow(r->a, x->rels, x->cap_rels * sizeof *x->rels,
				     nc * sizeof *x->rels);
		x->cap_rels = nc;
	}
	x->rels[x->n_rels++] = (struct m_ref){ schema, name };
}

static void add_col(struct rp *r, struct reads *x, const struct m_table *t, const char *col)
{
	for (size_t i = 0; i < x->n_cols; i++)
		if (x->cols[i].table == t->name && x->cols[i].schema == t->schema &&
		    strcmp(x->cols[i].column, col) == 0)
			return;
	if (x->n_cols == x->cap_cols) {
		size_t nc = x->cap_cols ? x->cap_cols * 2 : 8;
		x->cols = arena_grow(r->a, x->cols, x->cap_cols * sizeof *x->cols,
				     nc * sizeof *x->cols);
		x->cap_cols = nc;
	}
	x->cols[x->n_cols++] = (struct m_colref){ t->schema, t->name, col };
}

static void use_col(struct rp *r, struct reads *x, const struct m_table *t, const char *col)
{
	if (strcmp(col, "*") == 0) {
		for (size_t i = 0; i < t->n_cols; i++)
			add_col(r, x, t, t->cols[i].name);
	} else {
		const struct m_column *c = table_column(t, col);
		if (c)
			add_col(r, x, t, c->name);
	}
}

static bool server_relation(const struct pgsql_name *n)
{
	if (n->schema)
		return strcmp(n->schema, "pg_catalog") == 0 ||
		       strcmp(n->schema, "information_schema") == 0;
	return strncmp(n->name, "pg_", 3) == 0;
}

static bool view_reads(struct rp *r, const struct pgsql_stmt *p, struct reads *x)
{
	x->tabs = arena_calloc(r->a, p->n_rels + 1, sizeof *x->tabs);
	for (size_t i = 0; i < p->n_rels; i++) {
		const struct pgsql_name *n = &p->rels[i].name;
		if (server_relation(n))
			continue;
		const char *sch = model_schema_name(r->m, n->schema);
		struct m_schema *s = model_schema(r->m, sch);
		struct m_rel *rel = s ? pmap_get(&s->rels, n->name) : NULL;
		if (!rel || rel->kind == REL_INDEX) {
			rp_error(r, at_stmt(), "relation \"%s\" does not exist",
				 n->schema ? arena_printf(r->a, "%s.%s", n->schema, n->name) : n->name);
			return false;
		}
		if (rel->kind == REL_SEQUENCE)
			continue;
		add_rel(r, x, s->name, pmap_get(&s->views, n->name)
			? ((struct m_view *)pmap_get(&s->views, n->name))->name
			: ((struct m_table *)pmap_get(&s->tables, n->name))->name);
		if (rel->kind == REL_TABLE)
			x->tabs[i] = pmap_get(&s->tables, n->name);
	}
	for (size_t k = 0; k < p->n_cols; k++) {
		const struct pgsql_colref *c = &p->cols[k];
		for (size_t i = 0; i < p->n_rels; i++) {
			if (!x->tabs[i])
				continue;
			const struct pgsql_rel *pr = &p->rels[i];
			if (c->qual && strcmp(c->qual, pr->alias ? pr->alias : pr->name.name) != 0)
				continue;
			use_col(r, x, x->tabs[i], c->name);
		}
	}
	return true;
}

/* ---- dependents ---- */

static bool listed(struct rp *r, const struct pgsql_stmt *p, const struct m_view *v)
{
	for (size_t i = 0; p && i < p->n_names; i++)
		if (strcmp(p->names[i].name, v->name) == 0 &&
		    strcmp(model_schema_name(r->m, p->names[i].schema), v->schema) == 0)
			return true;
	return false;
}

static void drop_view_cascade(struct rp *r, const char *schema, const char *name)
{
	size_t n;
	struct m_view **deps = model_view_dependents(r->m, r->a, schema, name, NULL, &n);
	for (size_t i = 0; i < n; i++)
		drop_view_cascade(r, deps[i]->schema, deps[i]->name);
	model_view_del(r->m, r->a, schema, name);
}

/* Views reading schema.rel (or its column `column`), other than those the
 * statement p drops itself: an error without cascade, dropped with it. */
static bool dependents(struct rp *r, const char *schema, const char *rel, const char *column,
		       bool cascade, const char *what, const struct pgsql_stmt *p)
{
	size_t n, k = 0;
	struct m_view **deps = model_view_dependents(r->m, r->a, schema, rel, column, &n);
	for (size_t i = 0; i < n; i++)
		if (!listed(r, p, deps[i]))
			deps[k++] = deps[i];
	if (k == 0)
		return true;
	if (!cascade) {
		struct loc at = r->s->target.loc.file ? r->s->target.loc : r->s->loc;
		rp_error(r, at, "cannot drop %s because other objects depend on it", what);
		for (size_t i = 0; i < k; i++)
			rp_note(r, deps[i]->loc, "%s \"%s\" depends on %s",
				view_word(deps[i]->materialized),
				label(r, deps[i]->schema, deps[i]->name), what);
		rp_note(r, r->s->loc, "use \"cascade\" to drop the dependent objects too");
		return false;
	}
	for (size_t i = 0; i < k; i++)
		if (model_view(r->m, deps[i]->schema, deps[i]->name))
			drop_view_cascade(r, deps[i]->schema, deps[i]->name);
	return true;
}

bool rp_view_drop_rel(struct rp *r, const char *schema, const char *rel, const char *column,
		      bool cascade, const char *what)
{
	if (!model_plain_objects(r->m))
		return true;	/* the common case: nothing to walk */
	if (!dependents(r, schema, rel, column, cascade, what, NULL))
		return false;
	if (!column)
		rp_triggers_table(r, schema, rel, NULL);
	return true;
}

bool rp_view_retype(struct rp *r, const struct m_table *t, const char *column, struct loc loc)
{
	if (!model_plain_objects(r->m))
		return true;
	size_t n;
	struct m_view **deps = model_view_dependents(r->m, r->a, t->schema, t->name, column, &n);
	if (n == 0)
		return true;
	rp_error(r, loc, "cannot alter type of a column used by a view or rule");
	for (size_t i = 0; i < n; i++)
		rp_note(r, deps[i]->loc, "%s \"%s\" depends on column \"%s\" of table \"%s\"",
			view_word(deps[i]->materialized), label(r, deps[i]->schema, deps[i]->name),
			column, rp_table_label(r, t));
	return false;
}

/* Every view reading schema.rel: `from` renamed to `to` (a column when
 * column is set, else the relation). */
void rp_view_rename(struct rp *r, const char *schema, const char *rel, bool column,
		    const char *from, const char *to)
{
	if (!model_plain_objects(r->m))
		return;
	size_t n;
	struct m_view **deps = model_view_dependents(r->m, r->a, schema, rel,
						     column ? from : NULL, &n);
	for (size_t i = 0; i < n; i++) {
		struct m_view *v = arena_alloc(r->a, sizeof *v);
		*v = *deps[i];
		v->def = model_expr_rename(r->a, v->def, from, to);
		if (column) {
			struct m_colref *u = arena_calloc(r->a, v->n_uses + 1, sizeof *u);
			for (size_t k = 0; k < v->n_uses; k++) {
				u[k] = v->uses[k];
				if (strcmp(u[k].schema, schema) == 0 && strcmp(u[k].table, rel) == 0 &&
				    strcmp(u[k].column, from) == 0)
					u[k].column = to;
			}
			v->uses = u;
		} else {
			struct m_ref *x = arena_calloc(r->a, v->n_reads + 1, sizeof *x);
			for (size_t k = 0; k < v->n_reads; k++) {
				x[k] = v->reads[k];
				if (strcmp(x[k].schema, schema) == 0 && strcmp(x[k].table, from) == 0)
					x[k].table = to;
			}
			v->reads = x;
			struct m_colref *u = arena_calloc(r->a, v->n_uses + 1, sizeof *u);
			for (size_t k = 0; k < v->n_uses; k++) {
				u[k] = v->uses[k];
				if (strcmp(u[k].schema, schema) == 0 && strcmp(u[k].table, from) == 0)
					u[k].table = to;
			}
			v->uses = u;
		}
		model_view_set(r->m, r->a, v);
	}
	if (!column)
		rp_triggers_table(r, schema, from, to);
}

/* ---- the statements ---- */

static bool create_view(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	struct m_schema *s = model_schema(r->m, n->schema);
	if (!s) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", n->schema);
		return false;
	}
	struct m_rel *rel = pmap_get(&s->rels, n->name);
	struct m_view *old = pmap_get(&s->views, n->name);
	if (rel) {
		if (p->materialized && p->if_exists)
			return true;	/* if not exists */
		if (!old || !p->replace || old->materialized) {
			rp_error(r, at_stmt(), "relation \"%s\" already exists", n->name);
			if (old)
				rp_note(r, old->loc, "%s \"%s\" was defined here",
					view_word(old->materialized), n->name);
			return false;
		}
	}
	struct reads x = { 0 };
	if (!view_reads(r, p, &x))
		return false;
	struct m_view *v = arena_calloc(r->a, 1, sizeof *v);
	v->schema = s->name;
	v->name = arena_strdup(r->a, n->name);
	v->materialized = p->materialized;
	v->def = arena_strdup(r->a, p->def);
	v->reads = x.rels;
	v->n_reads = x.n_rels;
	v->uses = x.cols;
	v->n_uses = x.n_cols;
	v->loc = r->s->loc;
	v->comment = old ? old->comment : NULL;	/* or replace keeps it */
	model_view_set(r->m, r->a, v);
	return true;
}

/* The view named n, or NULL with the error reported (false in *ok) or
 * not (IF EXISTS). */
static struct m_view *find_view(struct rp *r, const struct pgsql_stmt *p,
				const struct pgsql_name *n, bool *ok)
{
	struct m_schema *s = model_schema(r->m, n->schema);
	struct m_rel *rel = s ? pmap_get(&s->rels, n->name) : NULL;
	struct m_view *v = s ? pmap_get(&s->views, n->name) : NULL;
	*ok = false;
	if (!v && !rel && p->if_exists) {
		*ok = true;
		return NULL;
	}
	if (!rel) {
		rp_error(r, at_stmt(), "%s \"%s\" does not exist", view_word(p->materialized), n->name);
		return NULL;
	}
	if (!v || v->materialized != p->materialized) {
		rp_error(r, at_stmt(), "\"%s\" is not a %s", n->name, view_word(p->materialized));
		return NULL;
	}
	return v;
}

static bool drop_view(struct rp *r, const struct pgsql_stmt *p)
{
	for (size_t i = 0; i < p->n_names; i++) {
		bool ok;
		struct m_view *v = find_view(r, p, &p->names[i], &ok);
		if (!v) {
			if (ok)
				continue;
			return false;
		}
		const char *what = arena_printf(r->a, "%s \"%s\"", view_word(v->materialized),
						label(r, v->schema, v->name));
		if (!dependents(r, v->schema, v->name, NULL, p->cascade, what, p))
			return false;
	}
	for (size_t i = 0; i < p->n_names; i++) {
		const char *sch = model_schema_name(r->m, p->names[i].schema);
		if (model_view(r->m, sch, p->names[i].name))
			model_view_del(r->m, r->a, sch, p->names[i].name);
	}
	return true;
}

static bool rename_view(struct rp *r, const struct pgsql_stmt *p)
{
	bool ok;
	struct m_view *v = find_view(r, p, &p->names[0], &ok);
	if (!v)
		return ok;
	struct m_schema *s = model_schema(r->m, v->schema);
	if (pmap_get(&s->rels, p->new_name)) {
		rp_error(r, at_stmt(), "relation \"%s\" already exists", p->new_name);
		return false;
	}
	const char *schema = v->schema, *from = v->name, *to = arena_strdup(r->a, p->new_name);
	struct m_view *c = arena_alloc(r->a, sizeof *c);
	*c = *v;
	c->name = to;
	model_view_del(r->m, r->a, schema, from);
	model_view_set(r->m, r->a, c);
	rp_view_rename(r, schema, from, false, from, to);
	return true;
}

/* Cheap test before parsing: create, drop or alter. */
bool rp_view_stmt(struct rp *r, const struct pgsql_stmt *p)
{
	switch (p->kind) {
	case PGSQL_CREATE_VIEW:
		return create_view(r, p);
	case PGSQL_DROP_VIEW:
		return drop_view(r, p);
	case PGSQL_RENAME_VIEW:
		return rename_view(r, p);
	default:
		return true;
	}
}
