/*
 * plan_partial.c - which of the head's model statements `check` still has
 * PostgreSQL build when the compiler predicts the catalog read of the rest
 * (plan ABI 8: check_partial of struct migrt_revision).
 *
 * The model statements (plan_head.c) fall into units: a table with every
 * statement that targets it (its create table, alter tables, indexes,
 * comments on it and its parts, policies), an enum type with its
 * statements, a schema.  A table whose catalog rows plan_catalog.c cannot
 * print (a check constraint, an expression or partial index, a default
 * whose stored form it does not know, an identity column ...) is built on
 * the server, whole.  So is what such a unit needs to exist: every table
 * or type whose name appears anywhere in the unit's statements (as an
 * identifier, quoted or not, or inside a string literal such as a
 * nextval() argument), found by name alone in any schema - more than it
 * needs, never less - and, in turn, what those need.  Every create schema
 * is always built (scratch objects live in them).  A statement the units
 * do not know goes to the server with its own unit.
 *
 * Guarantees: the result is the closure described, as indexes into the
 * statements in increasing order (the order they apply in).  A name the
 * scan misses can only resolve to the live object of the same name through
 * check's search_path (the default schema's) - the scan misses none of the
 * project's, since every word of the statement's text is looked up.
 */
#include "plan_head.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "model.h"
#include "pmap.h"

struct pp_unit {
	bool server;		/* built on the server */
	size_t *stmts, n_stmts, cap_stmts;
};

struct pp_list {		/* units that define one name */
	struct pp_unit **v;
	size_t n, cap;
};

struct pp {
	struct arena *a;
	struct cow_stamp st;
	struct pmap units;	/* unit key -> struct pp_unit */
	struct pmap names;	/* bare name -> struct pp_list */
	struct pmap idx;	/* "schema.index" -> its table's unit key */
};

static struct pp_unit *unit(struct pp *p, const char *key)
{
	struct pp_unit *u = pmap_get(&p->units, key);

	if (!u) {
		u = arena_calloc(p->a, 1, sizeof *u);
		pmap_set(&p->units, p->a, p->st, arena_strdup(p->a, key), u);
	}
	return u;
}

static void define(struct pp *p, const char *name, struct pp_unit *u)
{
	struct pp_list *l = pmap_get(&p->names, name);

	if (!l) {
		l = arena_calloc(p->a, 1, sizeof *l);
		pmap_set(&p->names, p->a, p->st, arena_strdup(p->a, name), l);
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == u)
			return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 2;
		l->v = arena_grow(p->a, l->v, l->cap * sizeof *l->v, cap * sizeof *l->v);
		l->cap = cap;
	}
	l->v[l->n++] = u;
}

static const char *table_key(struct pp *p, const char *schema, const char *name)
{
	return arena_printf(p->a, "t %s.%s", schema, name);
}

/* The names each table and enum of the model defines: the table's, its
 * indexes', its owned sequences'; the type's. */
static void define_model(struct pp *p, const struct model *m)
{
	size_t n, nt, ne;
	struct m_schema **ss = model_schemas_sorted(m, p->a, &n);

	for (size_t i = 0; i < n; i++) {
		struct m_table **ts = schema_tables_sorted(ss[i], p->a, &nt);
		for (size_t k = 0; k < nt; k++) {
			const struct m_table *t = ts[k];
			const char *key = table_key(p, t->schema, t->name);
			struct pp_unit *u = unit(p, key);
			define(p, t->name, u);
			for (size_t c = 0; c < t->n_cols; c++)
				if (t->cols[c].seq)
					define(p, t->cols[c].seq, u);
			for (size_t x = 0; x < t->n_idx; x++) {
				define(p, t->idx[x].name, u);
				pmap_set(&p->idx, p->a, p->st,
					 arena_printf(p->a, "%s.%s", t->schema, t->idx[x].name),
					 (void *)key);
			}
		}
		struct m_enum **es = schema_enums_sorted(ss[i], p->a, &ne);
		for (size_t k = 0; k < ne; k++)
			define(p, es[k]->name,
			       unit(p, arena_printf(p->a, "y %s.%s", ss[i]->name, es[k]->name)));
	}
}

/* The unit key of statement `s` (number `i`), or NULL for a create schema. */
static const char *stmt_unit(struct pp *p, const struct model *m, const struct ast_stmt *s,
			     size_t i)
{
	const char *schema = s->target.schema ? s->target.schema : m->default_schema;
	const struct ast_name *t;

	switch (s->kind) {
	case STMT_CREATE_SCHEMA:
		return NULL;
	case STMT_CREATE_TABLE: case STMT_ALTER_TABLE: case STMT_RENAME_TABLE:
	case STMT_RENAME_COLUMN: case STMT_RENAME_CONSTRAINT:
		return table_key(p, schema, s->target.name);
	case STMT_CREATE_INDEX: case STMT_CREATE_POLICY:
		if (!(t = ast_stmt_table(s)) || !t->name)
			break;
		return table_key(p, t->schema ? t->schema : m->default_schema, t->name);
	case STMT_CREATE_ENUM: case STMT_ADD_ENUM_VALUE: case STMT_RENAME_ENUM_VALUE:
		return arena_printf(p->a, "y %s.%s", schema, s->target.name);
	case STMT_COMMENT:
		switch (s->u.comment.comment_target) {
		case COMMENT_TABLE: case COMMENT_COLUMN: case COMMENT_CONSTRAINT:
			return table_key(p, schema, s->target.name);
		case COMMENT_TYPE:
			return arena_printf(p->a, "y %s.%s", schema, s->target.name);
		case COMMENT_INDEX: {
			const char *k = pmap_get(&p->idx, arena_printf(p->a, "%s.%s", schema,
								       s->target.name));
			if (k)
				return k;
			break;
		}
		default:
			break;
		}
		break;
	default:
		break;
	}
	/* not known: a unit of its own, built */
	const char *key = arena_printf(p->a, "? %zu", i);
	unit(p, key)->server = true;
	return key;
}

void plan_words(struct arena *a, const char *sql, void (*each)(void *ctx, const char *word),
		void *ctx)
{
	char *w = arena_calloc(a, strlen(sql) + 1, 1);

	for (const char *s = sql; *s;) {
		size_t n = 0;
		if (*s == '"') {	/* a quoted identifier, as it is */
			for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
				if (*s == '"')
					s++;
				w[n++] = *s;
			}
			if (*s)
				s++;
		} else if (isalnum((unsigned char)*s) || *s == '_' || (unsigned char)*s >= 0x80) {
			while (isalnum((unsigned char)*s) || *s == '_' || *s == '$' ||
			       (unsigned char)*s >= 0x80)
				w[n++] = *s++;
		} else {
			s++;
			continue;
		}
		w[n] = 0;
		each(ctx, w);
		bool upper = false;	/* unquoted: folded to lower case */
		for (size_t k = 0; k < n; k++)
			if (w[k] != (char)tolower((unsigned char)w[k])) {
				w[k] = (char)tolower((unsigned char)w[k]);
				upper = true;
			}
		if (upper)
			each(ctx, w);
	}
}

struct pp_scan {
	struct pp *p;
	struct pp_unit ***q;
	size_t *nq, *cq;
};

/* Adds the units that define `w` to the queue. */
static void scan_word(void *ctx, const char *w)
{
	struct pp_scan *c = ctx;
	struct pp_list *l = pmap_get(&c->p->names, w);

	for (size_t k = 0; l && k < l->n; k++) {
		struct pp_unit *u = l->v[k];
		if (u->server)
			continue;
		u->server = true;
		if (*c->nq == *c->cq) {
			size_t cap = *c->cq ? *c->cq * 2 : 16;
			*c->q = arena_grow(c->p->a, *c->q, *c->cq * sizeof **c->q,
					   cap * sizeof **c->q);
			*c->cq = cap;
		}
		(*c->q)[(*c->nq)++] = u;
	}
}

/* Adds the units that define a name in `sql` to the queue. */
static void scan(struct pp *p, const char *sql, struct pp_unit ***q, size_t *nq, size_t *cq)
{
	struct pp_scan c = { p, q, nq, cq };

	plan_words(p->a, sql, scan_word, &c);
}

struct pp_collect {
	struct pp_unit ***q;
	size_t *nq, *cq;
	struct arena *a;
};

static void collect_server(void *ctx, const char *key, void *val)
{
	struct pp_collect *c = ctx;
	struct pp_unit *u = val;

	(void)key;
	if (!u->server)
		return;
	if (*c->nq == *c->cq) {
		size_t cap = *c->cq ? *c->cq * 2 : 16;
		*c->q = arena_grow(c->a, *c->q, *c->cq * sizeof **c->q, cap * sizeof **c->q);
		*c->cq = cap;
	}
	(*c->q)[(*c->nq)++] = u;
}

size_t plan_partial_closure(struct arena *a, const struct model *m,
			    const struct ast_stmt *const *stmts, const char *const *sql,
			    size_t n, const char *const *server_tables, size_t n_server,
			    uint32_t **out)
{
	struct pp p = { .a = a };
	struct pp_unit **units = arena_calloc(a, n + 1, sizeof *units);
	struct pp_unit **q = NULL;
	size_t nq = 0, cq = 0, k = 0;

	p.st = (struct cow_stamp){ &p, 0 };
	define_model(&p, m);
	for (size_t i = 0; i < n; i++) {
		const char *key = stmt_unit(&p, m, stmts[i], i);
		struct pp_unit *u;
		if (!key)
			continue;
		units[i] = u = unit(&p, key);
		if (u->n_stmts == u->cap_stmts) {
			size_t cap = u->cap_stmts ? u->cap_stmts * 2 : 4;
			u->stmts = arena_grow(a, u->stmts, u->cap_stmts * sizeof *u->stmts,
					      cap * sizeof *u->stmts);
			u->cap_stmts = cap;
		}
		u->stmts[u->n_stmts++] = i;
	}
	for (size_t i = 0; i < n_server; i++)
		unit(&p, arena_printf(a, "t %s", server_tables[i]))->server = true;
	struct pp_collect c = { &q, &nq, &cq, a };
	pmap_each(&p.units, collect_server, &c);
	while (nq) {
		struct pp_unit *u = q[--nq];
		for (size_t i = 0; i < u->n_stmts; i++)
			scan(&p, sql[u->stmts[i]], &q, &nq, &cq);
	}
	*out = arena_calloc(a, n + 1, sizeof **out);
	for (size_t i = 0; i < n; i++)
		if (!units[i] || units[i]->server)
			(*out)[k++] = (uint32_t)i;
	return k;
}
