/*
 * test_autogen.c - autogenerate's diff of two models.
 *
 * For each pair of schemas A and B: the statements autogen_diff(A, B)
 * gives, written as .mig text (autogen_text.c), parsed back and replayed
 * on A, must give B exactly; and autogen_diff(B, A) must take that back to
 * A.  Every pair is run in both directions, so each kind of change is
 * tested as an add and as a drop.
 */
#include "replay_helpers.h"

#include "autogen.h"
#include "autogen_text.h"

/* Replays the statements through their text; returns the diag count. */
static int replay_text(struct model *m, const struct mast_list *l, char **text_out)
{
	struct strbuf sb;
	sb_init(&sb, &A);
	for (size_t i = 0; i < l->n; i++)
		sb_puts(&sb, autogen_stmt_text(&A, &l->v[i], ""));
	*text_out = (char *)sb_str(&sb);
	return apply(m, *text_out);
}

/* A -> B must reach B; the count of statements is returned. */
static size_t one_way(const char *from, const char *to, const char *name)
{
	struct model *a = mk(from), *b = mk(to);
	struct autogen g;
	autogen_diff(&A, a, b, &g);
	char *text = NULL;
	struct model *r = model_clone(&A, a);
	int errors = replay_text(r, &g.stmts, &text);
	const char **lines = NULL;
	size_t n = errors ? 0 : model_diff(&A, b, r, &lines);
	ok(errors == 0 && n == 0, name);
	if (errors)
		printf("#   does not apply: %s\n#   statements:\n%s", last_out, text);
	else if (n)
		printf("#   left: %s\n#   statements:\n%s", lines[0], text);
	return g.stmts.n;
}

static void pair(const char *a, const char *b, const char *name)
{
	one_way(a, b, name);
	one_way(b, a, arena_printf(&A, "%s (reverse)", name));
}

static void test_pairs(void)
{
	pair("", "create table t (id serial primary key, a text not null default 'x');",
	     "create table");
	pair("create table t (id int primary key);",
	     "create table t (id int primary key, a text, b int not null default 0);",
	     "add columns");
	pair("create table t (id int primary key, a text, b int, c timestamp);",
	     "create table t (id int primary key, a varchar(10), b bigint not null, c timestamptz default now());",
	     "types, nullability, defaults");
	pair("create table t (id int primary key, a text);",
	     "create table t (id int primary key, a int);", "text to integer needs using");
	pair("create table p (id int primary key);"
	     "create table c (id int primary key, p int references p);",
	     "", "drop tables with a foreign key between them");
	pair("create table p (id int primary key);"
	     "create table c (id int primary key, p int references p);",
	     "create table c (id int primary key, p int);", "drop a referenced table");
	pair("create table a (id int primary key, b int);"
	     "create table b (id int primary key, a int references a);"
	     "alter table a add foreign key (b) references b;",
	     "", "foreign key cycle");
	pair("create table t (id int primary key, a int);",
	     "create table t (id int, a int, constraint t_pkey primary key (id, a));",
	     "primary key columns change");
	pair("create table p (id int primary key, x int); create table c (p int references p);",
	     "create table p (id int, x int, constraint p_pkey primary key (id, x));",
	     "drop a referencing table while the key it references changes");
	pair("create table p (id int primary key); create table c (p int references p);"
	     "create table d (p int references p);",
	     "create table p (id bigint primary key); create table d (p bigint references p);",
	     "drop a referencing table while the referenced column changes type");
	pair("create table t (id int primary key, a int);",
	     "create table t (id int primary key, a int unique check (a > 0));",
	     "unique and check");
	pair("create table u (id int primary key); create table t (id int primary key,"
	     " u int references u on delete cascade);",
	     "create table u (id int primary key); create table t (id int primary key,"
	     " u int references u on delete set null deferrable);", "foreign key actions");
	pair("create table u (id int primary key, x int); create table t (u int references u);",
	     "create table u (id bigint primary key, x int); create table t (u bigint references u);",
	     "type change under a foreign key");
	pair("create table t (id int primary key, a text, b text);"
	     "create index t_a on t (a);",
	     "create table t (id int primary key, a text, b text);"
	     "create index t_a on t (a, b desc) where b is not null;"
	     "create unique index t_lower on t (lower(b));", "indexes");
	pair("create type m as enum ('a'); create table t (x m);",
	     "create type n as enum ('z'); create table t (x n);", "enum types");
	pair("create table t (id int primary key, a text); create index i on t (a);",
	     "create table t (id int primary key, a text); create index i on t (a);"
	     "comment on table t is 'tab'; comment on column t.a is 'col';"
	     "comment on index i is 'ix'; comment on constraint t_pkey on t is 'pk';",
	     "comments");
	pair("", "create schema s; create table s.t (id int primary key);"
	     " create table \"Order\" (\"select\" int, \"user\" text);",
	     "schemas and quoted names");
	pair("create table t (id int generated always as identity primary key);",
	     "create table t (id int generated always as identity primary key, n bigserial);",
	     "identity and serial columns");
	pair("create table \"Order\" (id int generated always as identity, \"user\" int not null,"
	     " \"limit\" bigint generated by default as identity (start 10 cache 5));",
	     "create table \"Order\" (id int generated by default as identity (increment -1),"
	     " \"user\" int generated always as identity (maxvalue 99), \"limit\" bigint);",
	     "identity options, kinds, added and dropped");
	ok(one_way("create table t (a int generated always as identity (start 5), b int);",
		   "create table t (a bigint generated always as identity (start 5), b int);",
		   "an identity column retyped") == 1, "is one alter column type, no option set");
	pair("create table t (a tsvector, b bit(4), c point[], d interval day to second(3), e money);",
	     "create table t (a text, b bit varying(8), c box[], d interval, e varbit,"
	     " f int4multirange, g \"char\");",
	     "other built-in types (issue 12)");
	pair("create table t (id int);",
	     "create extension citext; create extension hstore with schema public;"
	     " create table t (id int, e citext not null, h public.hstore[]);",
	     "extensions and their types");
	pair("create table t (w int, h int, a int generated always as (w * h) stored);",
	     "create table t (w int, h int, a int generated always as (w + h) stored,"
	     " b text generated always as (w::text) stored);",
	     "generated columns");
	pair("create table t (w int, a int generated always as (w * 2) stored);",
	     "create table t (w int, a int default 3);",
	     "a generated column becomes a plain one");
}

static void test_enum_labels(void)
{
	one_way("create type m as enum ('b', 'd');",
		"create type m as enum ('a', 'b', 'c', 'd', 'e');", "enum labels added around");
	struct model *a = mk("create type m as enum ('a', 'b');");
	struct model *b = mk("create type m as enum ('a');");
	struct autogen g;
	autogen_diff(&A, a, b, &g);
	ok(g.stmts.n == 0 && g.n_enum_removals == 1 &&
	   strstr(g.enum_removals[0], "'b'") != NULL, "enum label removal is reported, not written");
}

static void test_no_change_and_renames(void)
{
	const char *s = "create table t (id int primary key, a text);"
			"create index t_a on t (a); comment on table t is 'x';";
	ok(one_way(s, s, "no change") == 0, "no change gives no statement");
	struct model *a = mk("create table old (id int, v text); create table k (id int, a text);");
	struct model *b = mk("create table new (v text, id int); create table k (id int, b text);");
	struct autogen g;
	autogen_diff(&A, a, b, &g);
	autogen_renames(&A, a, b, &g);
	ok(g.n_renames == 2, "two rename suggestions");
	ok(g.n_renames == 2 && strstr(g.renames[0], "alter table old rename to new;") != NULL,
	   "table rename suggested");
	ok(g.n_renames == 2 && strstr(g.renames[1], "alter table k rename column a to b;") != NULL,
	   "column rename suggested");
}

static void test_restyle(void)
{
	ok(strcmp(autogen_restyle(&A, "CREATE TABLE \"t\" (\"User\" integer DEFAULT 'A''B')"),
		  "create table t (\"User\" integer default 'A''B')") == 0, "restyle keeps literals");
	ok(strcmp(autogen_restyle(&A, "ALTER TABLE \"user\" ADD \"x\"\"y\" text"),
		  "alter table \"user\" add \"x\"\"y\" text") == 0, "keywords stay quoted");
	ok(strcmp(autogen_restyle(&A, "CHECK (A = $q$X$q$ AND B = E'\\'Y')"),
		  "check (a = $q$X$q$ and b = e'\\'Y')") == 0, "dollar and escape strings kept");
}

int main(void)
{
	plan(58);
	arena_init(&A);
	test_pairs();
	test_enum_labels();
	test_no_change_and_renames();
	test_restyle();
	arena_free(&A);
	return tap_done();
}
