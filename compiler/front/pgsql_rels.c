/*
 * pgsql_rels.c - the relation names a plain SQL statement writes, with
 * their places (pgsql_tree.h: pgsql_rel_refs), for the elements of create
 * schema (ast_schema.c), which qualify them with the new schema.
 *
 * Names in string literals that PostgreSQL resolves to a relation when
 * the statement runs ('seq'::regclass, cast('t' as regclass), the first
 * argument of nextval, currval and setval; pgsql_rel_literal) are listed
 * too, marked `literal`: the offset is that of the name inside the
 * literal, or of the literal's opening quote (`opaque`) when its text is
 * not the name as written (an E'' or dollar-quoted literal, '' inside).
 * pgsql_expr_rels does the same for an expression's text.
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
#include "sqltext.h"

struct rels {
	struct arena *a;
	const char *sql;
	size_t len;
	const struct pj *target;
	struct pgsql_rel_ref *v;
	size_t n, cap;
};

static struct pgsql_rel_ref *push(struct rels *x)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 8;
		struct pgsql_rel_ref *v = arena_calloc(x->a, cap, sizeof *v);
		if (x->n)
			memcpy(v, x->v, x->n * sizeof *v);
		x->v = v;
		x->cap = cap;
	}
	x->v[x->n] = (struct pgsql_rel_ref){ 0 };
	return &x->v[x->n++];
}

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
	struct pgsql_rel_ref *r = push(x);
	r->offset = off;
	r->schema = pj_str(rv, "schemaname");
	r->name = name;
	r->target = rv == x->target;
}

static void sink(void *ctx, const char *s, size_t n)
{
	sb_put(ctx, s, n);
}

/* The literal node (A_Const) naming a relation: its name, schema and
 * place (see the head comment). */
static void add_literal(struct rels *x, const struct pj *arg)
{
	const struct pj *c = pj_get(arg, "A_Const");
	const char *v = pj_str(pj_get(c, "sval"), "sval");
	const struct pj *loc = pj_get(c, "location");
	if (!v || !loc || loc->kind != PJ_NUM || atol(loc->str) < 0)
		return;
	size_t at = pj_char_to_byte(x->sql, x->len, atol(loc->str)), vn = strlen(v);
	/* the value as a possibly qualified name: word[.word[.word]] */
	const char *part[3] = { 0 };
	size_t np = 0, i = sqlt_skip_blank(v, vn, 0), first = i;
	for (;;) {
		enum sqlt_kind k;
		size_t e = sqlt_token(v, vn, i, &k);
		if ((k != SQLT_WORD && k != SQLT_QIDENT) || np == 3)
			return;	/* not a name: PostgreSQL's error, not ours */
		struct strbuf id;
		sb_init(&id, x->a);
		sqlt_put_token_ident(sink, &id, v + i, e - i, k);
		part[np++] = sb_str(&id);
		i = sqlt_skip_blank(v, vn, e);
		if (i >= vn)
			break;
		if (v[i] != '.')
			return;
		i = sqlt_skip_blank(v, vn, i + 1);
	}
	struct pgsql_rel_ref *r = push(x);
	r->literal = true;
	r->name = part[np - 1];
	r->schema = np > 1 ? part[np - 2] : NULL;
	bool plain = at < x->len && x->sql[at] == '\'' && at + 1 + vn < x->len &&
		     strncmp(x->sql + at + 1, v, vn) == 0 && x->sql[at + 1 + vn] == '\'';
	r->opaque = !plain;
	r->offset = plain ? at + 1 + first : at;
}

/* A relation named by a string literal: 'x'::regclass (any spelling of the
 * cast) or nextval|currval|setval('x', ...). */
static void literal_of(struct rels *x, const char *key, const struct pj *node)
{
	if (strcmp(key, "TypeCast") == 0) {
		const struct pj *names = pj_get(pj_get(node, "typeName"), "names");
		if (!names || names->kind != PJ_ARR || names->n < 1)
			return;
		const char *t = pj_str(pj_get(names->vals[names->n - 1], "String"), "sval");
		if (t && strcmp(t, "regclass") == 0)
			add_literal(x, pj_get(node, "arg"));
		return;
	}
	if (strcmp(key, "FuncCall") != 0)
		return;
	const struct pj *fn = pj_get(node, "funcname"), *args = pj_get(node, "args");
	if (!fn || fn->kind != PJ_ARR || fn->n < 1 || !args || args->kind != PJ_ARR || args->n < 1)
		return;
	const char *f = pj_str(pj_get(fn->vals[fn->n - 1], "String"), "sval");
	if (f && (strcmp(f, "nextval") == 0 || strcmp(f, "currval") == 0 ||
		  strcmp(f, "setval") == 0))
		add_literal(x, args->vals[0]);
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
		literal_of(x, key, v->vals[i]);
	}
	for (size_t i = 0; i < v->n; i++)
		walk(x, v->vals[i]);
}

static int by_offset(const void *p, const void *q)
{
	const struct pgsql_rel_ref *a = p, *b = q;
	return (a->offset > b->offset) - (a->offset < b->offset);
}

size_t pgsql_expr_rels(struct arena *a, const char *expr, struct pgsql_rel_ref **out)
{
	static const char head[] = "select ";
	const char *sql = arena_printf(a, "%s%s", head, expr);
	size_t n = pgsql_rel_refs(a, sql, strlen(sql), out), k = 0;
	for (size_t i = 0; i < n; i++) {
		if ((*out)[i].offset < sizeof head - 1)
			continue;
		(*out)[k] = (*out)[i];
		(*out)[k++].offset -= sizeof head - 1;
	}
	return k;
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
