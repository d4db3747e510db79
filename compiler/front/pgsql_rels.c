/*
 * pgsql_rels.c - the relation names a plain SQL statement writes, with
 * their places (pgsql_tree.h: pgsql_rel_refs), for the elements of create
 * schema (ast_schema.c), which qualify them with the new schema.
 *
 * Guarantees: offsets are byte offsets into the text given, at the first
 * token of the name as written (its schema when qualified), in text order,
 * each place once; the statement's own relation (the view, sequence or
 * table it creates, a trigger's table) is marked `target`.
 */
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"

struct rels {
	struct arena *a;
	const char *sql;
	size_t len;
	const struct pj *target;
	struct pgsql_rel_ref *v;
	size_t n, cap;
};

static void add(struct rels *x, const struct pj *rv)
{
	const struct pj *loc = pj_get(rv, "location");
	const char *name = pj_str(rv, "relname");
	if (!name || !loc || loc->kind != PJ_NUM || atol(loc->str) < 0)
		return;
	size_t off = pj_char_to_byte(x->sql, x->len, atol(loc->str));
	for (size_t i = 0; i < x->n; i++)
		if (x->v[i].offset == off)
			return;
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 8;
		struct pgsql_rel_ref *v = arena_calloc(x->a, cap, sizeof *v);
		if (x->n)
			memcpy(v, x->v, x->n * sizeof *v);
		x->v = v;
		x->cap = cap;
	}
	x->v[x->n++] = (struct pgsql_rel_ref){ off, pj_str(rv, "schemaname"), name,
					      rv == x->target };
}

static void walk(struct rels *x, const struct pj *v)
{
	if (!v || (v->kind != PJ_OBJ && v->kind != PJ_ARR))
		return;
	for (size_t i = 0; v->kind == PJ_OBJ && i < v->n; i++) {
		const char *key = v->keys[i];
		if (strcmp(key, "RangeVar") == 0 || strcmp(key, "view") == 0 ||
		    strcmp(key, "relation") == 0 || strcmp(key, "rel") == 0 ||
		    strcmp(key, "sequence") == 0)
			add(x, v->vals[i]);
	}
	for (size_t i = 0; i < v->n; i++)
		walk(x, v->vals[i]);
}

static int by_offset(const void *p, const void *q)
{
	const struct pgsql_rel_ref *a = p, *b = q;
	return (a->offset > b->offset) - (a->offset < b->offset);
}

size_t pgsql_rel_refs(struct arena *a, const char *sql, size_t n,
		      struct pgsql_rel_ref **out)
{
	*out = NULL;
	char *text = arena_strndup(a, sql, n);
	PgQueryParseResult r = pg_query_parse(text);
	struct rels x = { .a = a, .sql = text, .len = n };
	if (!r.error && r.parse_tree) {
		const struct pj *tree = pj_parse(a, r.parse_tree);
		const struct pj *stmts = pj_get(tree, "stmts"), *st = NULL;
		if (stmts && stmts->kind == PJ_ARR && stmts->n == 1)
			st = pj_get(stmts->vals[0], "stmt");
		const struct pj *s;
		if ((s = pj_get(st, "ViewStmt")))
			x.target = pj_get(s, "view");
		else if ((s = pj_get(st, "CreateSeqStmt")))
			x.target = pj_get(s, "sequence");
		else if ((s = pj_get(st, "CreateTrigStmt")) || (s = pj_get(st, "CreateStmt")))
			x.target = pj_get(s, "relation");
		walk(&x, st);
	}
	pg_query_free_parse_result(r);
	if (x.n > 1)
		qsort(x.v, x.n, sizeof *x.v, by_offset);
	*out = x.v;
	return x.n;
}
