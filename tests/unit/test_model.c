/*
 * test_model.c - the model's parts: PostgreSQL's automatic names
 * (truncation, UTF-8 boundaries, collisions), the persistent maps, clone
 * independence, model_diff's lines, and expression normalisation.
 */
#include <string.h>

#include "replay_helpers.h"

#include "naming.h"
#include "pmap.h"

static void test_naming(void)
{
	is_str(naming_object(&A, "posts", NULL, "pkey"), "posts_pkey", "pkey");
	is_str(naming_object(&A, "posts", "owner_id", "fkey"), "posts_owner_id_fkey", "fkey");
	char n1[80], n2[80];
	memset(n1, 'a', 60);
	n1[60] = '\0';
	memset(n2, 'b', 10);
	n2[10] = '\0';
	const char *r = naming_object(&A, n1, n2, "key");
	ok(strlen(r) == 63, "truncated to 63 bytes");
	ok(strspn(r, "a") == 48 && strcmp(r + 48, "_bbbbbbbbbb_key") == 0, "the longer name is truncated first");
	memset(n2, 'b', 40);
	n2[40] = '\0';
	r = naming_object(&A, n1, n2, "fkey");
	/* avail = 63 - 1 - 5 = 57: both shrink to 29 and 28 */
	ok(strlen(r) == 63 && strspn(r, "a") == 29 && strspn(r + 30, "b") == 28, "both truncated");
	/* a 2-byte character across the cut */
	char u[80];
	memset(u, 'x', 57);
	strcpy(u + 57, "\xc3\xa9\xc3\xa9");	/* 61 bytes */
	r = naming_object(&A, u, NULL, "pkey");
	ok(strlen(r) == 57 + 5 && strncmp(r + 57, "_pkey", 5) == 0,
	   "cut before a split UTF-8 character");
	const char *cols[] = { "a", "b", "a" };
	const char **d = naming_index_colnames(&A, cols, 3);
	is_str(naming_join(&A, d, 3), "a_b_a1", "duplicate index columns numbered");
	is_str(naming_expr_colname(&A, "lower(email)"), "lower", "expr: function");
	is_str(naming_expr_colname(&A, "(a + b)"), "expr", "expr: operator");
	is_str(naming_expr_colname(&A, "(a)::text"), "a", "expr: cast of column");
	is_str(naming_expr_colname(&A, "(a + 1)::integer"), "int4", "expr: cast of expression");
	is_str(naming_expr_colname(&A, "public.f(x)"), "f", "expr: qualified function");

	struct model *m = mk("create table t (a int unique); create table t_a_key1 (x int);"
			     "alter table t add unique (a); alter table t add unique (a);");
	ok(model_rel(m, NULL, "t_a_key") && model_rel(m, NULL, "t_a_key2") &&
	   model_table(m, NULL, "t_a_key1"), "collisions get label numbers, skipping taken ones");
	char longt[100];
	memset(longt, 't', 63);
	longt[63] = '\0';
	char stmt[300];
	snprintf(stmt, sizeof stmt, "create table %s (id serial primary key);", longt);
	m = mk(stmt);
	char want[70];
	memset(want, 't', 58);
	strcpy(want + 58, "_pkey");
	ok(model_rel(m, NULL, want) != NULL, "long table name: pkey truncated");
}

static void test_pmap(void)
{
	struct model_tag tag1 = { 0 }, tag2 = { 0 };
	struct cow_stamp s1 = { &tag1, 0 }, s2 = { &tag2, 0 };
	struct pmap a = { 0 };
	char **keys = arena_calloc(&A, 3000, sizeof *keys);
	for (int i = 0; i < 3000; i++) {
		keys[i] = arena_printf(&A, "k%d", i);
		pmap_set(&a, &A, s1, keys[i], keys[i]);
	}
	ok(a.count == 3000, "3000 keys");
	bool all = true;
	for (int i = 0; i < 3000; i++)
		all = all && pmap_get(&a, keys[i]) == keys[i];
	ok(all && !pmap_get(&a, "nope"), "lookups");
	struct pmap b = a;	/* a clone: b writes with another stamp */
	pmap_del(&b, &A, s2, keys[7]);
	pmap_set(&b, &A, s2, keys[8], "changed");
	pmap_set(&b, &A, s2, "new", "new");
	ok(pmap_get(&a, keys[7]) && pmap_get(&a, keys[8]) == keys[8] && !pmap_get(&a, "new"),
	   "the original is untouched by the clone's writes");
	ok(b.count == 3000 && !pmap_get(&b, keys[7]), "the clone changed");
	size_t n;
	void **sorted = pmap_sorted(&b, &A, &n);
	ok(n == 3000 && strcmp(sorted[0], "k0") == 0, "sorted values");
	for (int i = 0; i < 3000; i += 2)
		pmap_del(&a, &A, s1, keys[i]);
	all = a.count == 1500;
	for (int i = 0; i < 3000; i++)
		all = all && (pmap_get(&a, keys[i]) != NULL) == (i % 2 == 1);
	ok(all, "deletes");
}

struct diffcount { int n; };

static void count_cb(void *ctx, const char *key, void *va, void *vb)
{
	(void)key, (void)va, (void)vb;
	((struct diffcount *)ctx)->n++;
}

static void test_clone_and_diff(void)
{
	struct model *m = mk("create table users (id serial primary key, name text);");
	struct model *c = model_clone(&A, m);
	good(m, "alter table users add column email text; create table x (a int);", "change original");
	ok(!table_column(model_table(c, NULL, "users"), "email") && !model_table(c, NULL, "x"),
	   "clone unaffected by later writes to the original");
	good(c, "alter table users drop column name;", "change clone");
	ok(table_column(model_table(m, NULL, "users"), "name") != NULL,
	   "original unaffected by writes to the clone");
	struct diffcount dc = { 0 };
	struct m_schema *sm = model_schema(m, NULL), *sc = model_schema(c, NULL);
	pmap_diff(&sm->tables, &sc->tables, &A, count_cb, &dc);
	ok(dc.n == 2, "pmap_diff visits only what differs");

	struct model *p = mk("create type mood as enum ('a', 'b');"
			     "create table users (id serial primary key);"
			     "create table posts (id serial primary key, title varchar(80),"
			     " content text, owner_id int references users);");
	struct model *q = model_clone(&A, p);
	good(q, "alter table posts drop column content; alter table posts alter column title type text;"
	     "alter table posts drop constraint posts_owner_id_fkey;"
	     "alter table posts add constraint posts_owner_id_fkey foreign key (owner_id)"
	     " references users on delete cascade;"
	     "alter type mood add value 'c'; comment on table users is 'u';", "diverge");
	const char **lines;
	size_t n = model_diff(&A, p, q, &lines);
	ok(n == 5, "five differences");
	is_str(lines[0], "column \"posts\".\"content\" is missing", "missing column");
	is_str(lines[1], "column \"posts\".\"title\" has type text, expected character varying(80)",
	       "type difference");
	is_str(lines[2], "constraint \"posts_owner_id_fkey\" on \"posts\": on delete cascade, expected no action",
	       "fk action difference");
	is_str(lines[3], "table \"users\" has comment 'u', expected none", "comment difference");
	is_str(lines[4], "type \"mood\" has labels ('a', 'b', 'c'), expected ('a', 'b')", "labels");
	/* physical order does not matter */
	struct model *r = mk("create table t (a int, b text default 'X');");
	struct model *s = model_clone(&A, r);
	good(s, "alter table t drop column a; alter table t add column a int;", "re-add column");
	ok(model_diff(&A, r, s, &lines) == 0, "column order ignored");
	good(s, "alter table t alter column b set default 'X' ;", "same default respelled");
	ok(model_diff(&A, r, s, &lines) == 0, "default compared normalised");
}

static void test_expr(void)
{
	is_str(model_expr_norm(&A, "  A  >   0 AND \"B\" = 'X  Y' "), "a>0 and\"B\"='X  Y'",
	       "normalised: spaces, case outside quotes");
	is_str(model_expr_rename(&A, "price > 0 and lower(price::text) <> 'price'", "price", "cost"),
	       "cost > 0 and lower(cost::text) <> 'price'", "rename: identifiers only");
	is_str(model_expr_rename(&A, "\"Price\" > price", "Price", "Cost"), "\"Cost\" > price",
	       "rename: quoted identifiers");
	is_str(sql_ident_min(&A, "ok_1"), "ok_1", "bare identifier");
	is_str(sql_ident_min(&A, "Bad name"), "\"Bad name\"", "quoted identifier");
	/* issue 11: one keyword-aware rule */
	is_str(sql_ident_min(&A, "user"), "\"user\"", "a reserved word is quoted");
	is_str(sql_ident_min(&A, "action"), "action", "an unreserved keyword is bare");
	is_str(sql_ident_min(&A, "größe"), "\"größe\"", "non-ASCII is quoted");
	is_str(model_expr_rename(&A, "sel > 0", "sel", "from"), "\"from\" > 0",
	       "rename to a reserved word quotes it");
	is_str(model_expr_rename(&A, "\"sel\" > 0 /* sel */", "sel", "x"), "x > 0 /* sel */",
	       "rename: not inside a comment");
	is_str(model_expr_norm(&A, "(\"sel\" > 0)"), model_expr_norm(&A, "(sel > 0)"),
	       "\"sel\" and sel normalise alike");
	ok(strcmp(model_expr_norm(&A, "\"Sel\" > 0"), model_expr_norm(&A, "sel > 0")) != 0,
	   "\"Sel\" and sel do not");
	is_str(model_expr_norm(&A, "x = E'a\\'' -- c\n"), "x=e'a\\''", "E'' escapes and comments");
}

int main(void)
{
	plan(49);
	arena_init(&A);
	test_naming();
	test_pmap();
	test_clone_and_diff();
	test_expr();
	arena_free(&A);
	return tap_done();
}
