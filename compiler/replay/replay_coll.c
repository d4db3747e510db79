/*
 * replay_coll.c - collations replayed into the model (plain SQL,
 * pgsql_coll.c): create collation needs its schema and a new name (if not
 * exists: nothing when it exists); drop collation needs each to exist
 * unless if exists, and none that a column or an index element uses
 * (PostgreSQL's 2BP01, a note for each user; with cascade PostgreSQL
 * drops those columns and indexes, which is refused here: not modelled);
 * alter collation ... rename to needs the collation and a free name, and
 * the columns and index elements that use it follow (PostgreSQL refers
 * to it by oid); alter collation ... refresh version needs the collation
 * and changes nothing the model keeps.  The COLLATE of columns and index
 * elements is resolved by rp_collation (replay_resolve.c).
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "model_coll.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "sqltext.h"

/* The next token of sql[..n) at or after *i: its start; *i after it. */
static size_t next(const char *sql, size_t n, size_t *i)
{
	enum sqlt_kind k;
	size_t b = sqlt_skip_blank(sql, n, *i);
	*i = sqlt_token(sql, n, b, &k);
	return b;
}

/* The text after the collation's name in create collation `sql`. */
static const char *def_of(struct arena *a, const char *sql)
{
	size_t n = strlen(sql), i = 0;
	while (n && (sql[n - 1] == ';' || sql[n - 1] == ' ' || sql[n - 1] == '\n' ||
		     sql[n - 1] == '\t' || sql[n - 1] == '\r'))
		n--;
	next(sql, n, &i);	/* create */
	next(sql, n, &i);	/* collation */
	size_t b = next(sql, n, &i);	/* if not exists, or the name */
	if (i - b == 2 && strncasecmp(sql + b, "if", 2) == 0) {
		next(sql, n, &i);
		next(sql, n, &i);
		next(sql, n, &i);
	}
	size_t j = sqlt_skip_blank(sql, n, i);
	if (j < n && sql[j] == '.') {
		i = j + 1;
		next(sql, n, &i);
	}
	i = sqlt_skip_blank(sql, n, i);
	return arena_strndup(a, sql + i, n - i);
}

static const char *label(struct rp *r, const char *schema, const char *name)
{
	return strcmp(schema, r->m->default_schema) == 0 ? name
		: arena_printf(r->a, "%s.%s", schema, name);
}

static bool uses(const char *schema, const char *name, const struct m_coll *c)
{
	return schema && name && strcmp(schema, c->schema) == 0 && strcmp(name, c->name) == 0;
}

/* The first error of coll_unused: once. */
static void refuse(struct rp *r, bool *reported, const char *what, bool cascade)
{
	struct loc at = { 0 };
	if (!*reported)
		rp_error(r, at, cascade
			 ? "drop collation ... cascade would drop the columns and indexes that "
			   "use %s, which migc does not model yet: drop or retype them first"
			 : "cannot drop %s because other objects depend on it", what);
	*reported = true;
}

/* No column or index element uses c; otherwise an error, a note for each. */
static bool coll_unused(struct rp *r, const struct m_coll *c, bool cascade)
{
	size_t nt;
	struct m_table **all = rp_all_tables(r, &nt);
	const char *what = arena_printf(r->a, "collation \"%s\"", c->name);
	bool reported = false;
	for (size_t i = 0; i < nt; i++) {
		const struct m_table *t = all[i];
		for (size_t k = 0; k < t->n_cols; k++) {
			if (!uses(t->cols[k].coll_schema, t->cols[k].collation, c))
				continue;
			refuse(r, &reported, what, cascade);
			rp_note(r, t->cols[k].loc, "column \"%s\" of table \"%s\" depends on %s",
				t->cols[k].name, rp_table_label(r, t), what);
		}
		for (size_t k = 0; k < t->n_idx; k++)
			for (size_t e = 0; e < t->idx[k].n_elems; e++) {
				const struct m_index_elem *el = &t->idx[k].elems[e];
				if (!uses(el->coll_schema, el->collation, c))
					continue;
				refuse(r, &reported, what, cascade);
				rp_note(r, t->idx[k].loc, "index \"%s\" depends on %s",
					t->idx[k].name, what);
				break;
			}
	}
	if (reported && !cascade)
		rp_note(r, r->s->loc, "use \"cascade\" to drop the dependent objects too");
	return !reported;
}

/* The collation p names, or NULL after the error. */
static const struct m_coll *existing(struct rp *r, const struct pgsql_stmt *p)
{
	struct loc at = { 0 };
	const char *s = model_schema_name(r->m, p->names[0].schema);
	const struct m_coll *c = model_coll(r->m, s, p->names[0].name);
	if (!c)
		rp_error(r, at, "collation \"%s\" does not exist", label(r, s, p->names[0].name));
	return c;
}

static bool coll_rename(struct rp *r, const struct pgsql_stmt *p)
{
	struct loc at = { 0 };
	const struct m_coll *c = existing(r, p);
	if (!c)
		return false;
	if (model_coll(r->m, c->schema, p->new_name)) {
		rp_error(r, at, "collation \"%s\" already exists in schema \"%s\"", p->new_name,
			 c->schema);
		return false;
	}
	struct m_coll *n = arena_alloc(r->a, sizeof *n);
	*n = *c;
	n->name = arena_strdup(r->a, p->new_name);
	model_coll_del(r->m, r->a, c);
	model_coll_set(r->m, r->a, n);
	/* columns and index elements follow it */
	size_t nt;
	struct m_table **all = rp_all_tables(r, &nt);
	for (size_t i = 0; i < nt; i++) {
		struct m_table *mt = NULL;
		for (size_t k = 0; k < all[i]->n_cols; k++)
			if (uses(all[i]->cols[k].coll_schema, all[i]->cols[k].collation, c)) {
				mt = mt ? mt : model_table_mut(r->m, r->a, all[i]);
				mt->cols[k].collation = n->name;
			}
		for (size_t k = 0; k < all[i]->n_idx; k++) {
			const struct m_index *ix = &all[i]->idx[k];
			struct m_index_elem *el = NULL;
			for (size_t e = 0; e < ix->n_elems; e++) {
				if (!uses(ix->elems[e].coll_schema, ix->elems[e].collation, c))
					continue;
				if (!el) {	/* shared with the model before: a copy */
					mt = mt ? mt : model_table_mut(r->m, r->a, all[i]);
					el = arena_calloc(r->a, ix->n_elems, sizeof *el);
					memcpy(el, ix->elems, ix->n_elems * sizeof *el);
					mt->idx[k].elems = el;
				}
				el[e].collation = n->name;
			}
		}
	}
	return true;
}

bool rp_coll_stmt(struct rp *r, const struct pgsql_stmt *p)
{
	struct loc at = { 0 };
	if (p->kind == PGSQL_RENAME_COLL)
		return coll_rename(r, p);
	if (p->kind == PGSQL_REFRESH_COLL)
		return existing(r, p) != NULL;	/* the version: not modelled */
	if (p->kind == PGSQL_CREATE_COLL) {
		const char *s = model_schema_name(r->m, p->names[0].schema);
		if (!model_schema(r->m, s)) {
			rp_error(r, at, "schema \"%s\" does not exist", s);
			return false;
		}
		const struct m_coll *old = model_coll(r->m, s, p->names[0].name);
		if (old) {
			if (p->if_exists)
				return true;
			rp_error(r, at, "collation \"%s\" already exists", p->names[0].name);
			if (old->loc.file)
				rp_note(r, old->loc, "collation \"%s\" was defined here",
					p->names[0].name);
			return false;
		}
		struct m_coll *c = arena_calloc(r->a, 1, sizeof *c);
		c->schema = arena_strdup(r->a, s);
		c->name = arena_strdup(r->a, p->names[0].name);
		c->def = def_of(r->a, r->s->u.exec.sql);
		c->loc = r->s->loc;
		model_coll_set(r->m, r->a, c);
		return true;
	}
	for (size_t i = 0; i < p->n_names; i++) {
		const char *s = model_schema_name(r->m, p->names[i].schema);
		const struct m_coll *c = model_coll(r->m, s, p->names[i].name);
		if (c) {
			if (!coll_unused(r, c, p->cascade))
				return false;
			model_coll_del(r->m, r->a, c);
		} else if (!p->if_exists) {
			rp_error(r, at, "collation \"%s\" does not exist",
				 label(r, s, p->names[i].name));
			return false;
		}
	}
	return true;
}
