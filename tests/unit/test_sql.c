/*
 * test_sql.c - SQL rendering: quoting, type spelling and every statement
 * kind and option, on AST nodes built by hand (independent of the parser).
 * The rendered statements were also checked once against a real PostgreSQL 15.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "sql.h"
#include "tap.h"

static struct arena A;

/* ---- builders ------------------------------------------------------------ */

static struct ast_type ty(enum ast_type_kind k, int m1, int m2, int dims)
{
	struct ast_type t = { .kind = k, .mod1 = m1, .mod2 = m2, .array_dims = dims };
	return t;
}

static struct ast_type named_ty(const char *schema, const char *name, int dims)
{
	struct ast_type t = ty(TY_NAMED, -1, -1, dims);
	t.named.schema = schema;
	t.named.name = name;
	return t;
}

static struct ast_expr *ex(const char *text)
{
	struct ast_expr *e = arena_alloc(&A, sizeof *e);
	e->text = text;
	return e;
}

static struct ast_ident id(const char *name)
{
	struct ast_ident i = { .name = name };
	return i;
}

static struct ast_ident *ids(size_t n, ...)
{
	struct ast_ident *v = arena_calloc(&A, n, sizeof *v);
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		v[i].name = va_arg(ap, const char *);
	va_end(ap);
	return v;
}

static struct ast_name nm(const char *schema, const char *name)
{
	struct ast_name n = { .schema = schema, .name = name };
	return n;
}

static struct ast_stmt st(enum ast_stmt_kind k, const char *schema,
			  const char *name)
{
	struct ast_stmt s = { .kind = k };
	s.target = nm(schema, name);
	return s;
}

static struct ast_constraint con(enum ast_constraint_kind k)
{
	struct ast_constraint c = { .kind = k };
	return c;
}

static const char *render(const struct ast_stmt *s)
{
	return sql_render_stmt(&A, s);
}

/* ---- quoting ------------------------------------------------------------- */

static void test_quoting(void)
{
	is_str(sql_ident(&A, "users"), "\"users\"", "plain identifier");
	is_str(sql_ident(&A, "user"), "\"user\"", "reserved word");
	is_str(sql_ident(&A, "MixedCase"), "\"MixedCase\"", "mixed case kept");
	is_str(sql_ident(&A, "we\"ird"), "\"we\"\"ird\"", "embedded double quote");
	is_str(sql_ident(&A, "\"\""), "\"\"\"\"\"\"", "only double quotes");
	is_str(sql_ident(&A, "with space"), "\"with space\"", "space");
	is_str(sql_ident(&A, "caf\xc3\xa9_\xe6\x97\xa5"), "\"caf\xc3\xa9_\xe6\x97\xa5\"",
	       "unicode bytes kept");
	is_str(sql_ident(&A, "it's"), "\"it's\"", "single quote in identifier");
	is_str(sql_literal(&A, "hello"), "'hello'", "plain literal");
	is_str(sql_literal(&A, "it's"), "'it''s'", "embedded single quote");
	is_str(sql_literal(&A, "''"), "''''''", "only single quotes");
	is_str(sql_literal(&A, ""), "''", "empty literal");
	is_str(sql_literal(&A, "a\\b"), "'a\\b'", "backslash not escaped");
	is_str(sql_literal(&A, "say \"hi\""), "'say \"hi\"'", "double quotes in literal");
	is_str(sql_literal(&A, "line1\nline2"), "'line1\nline2'", "newline kept");

	struct strbuf sb;
	struct ast_name q = nm("my schema", "T\"1");
	sb_init(&sb, &A);
	sql_put_name(&sb, &q);
	is_str(sb_str(&sb), "\"my schema\".\"T\"\"1\"", "qualified name");
	struct ast_name u = nm(NULL, "t");
	sb_init(&sb, &A);
	sql_put_name(&sb, &u);
	is_str(sb_str(&sb), "\"t\"", "unqualified name");
}

/* ---- types --------------------------------------------------------------- */

static void check_type(struct ast_type t, const char *want)
{
	is_str(sql_type(&A, &t), want, want);
}

static void test_types(void)
{
	check_type(ty(TY_SMALLINT, -1, -1, 0), "smallint");
	check_type(ty(TY_INTEGER, -1, -1, 0), "integer");
	check_type(ty(TY_BIGINT, -1, -1, 0), "bigint");
	check_type(ty(TY_SMALLSERIAL, -1, -1, 0), "smallserial");
	check_type(ty(TY_SERIAL, -1, -1, 0), "serial");
	check_type(ty(TY_BIGSERIAL, -1, -1, 0), "bigserial");
	check_type(ty(TY_BOOLEAN, -1, -1, 0), "boolean");
	check_type(ty(TY_NUMERIC, -1, -1, 0), "numeric");
	check_type(ty(TY_NUMERIC, 10, -1, 0), "numeric(10)");
	check_type(ty(TY_NUMERIC, 10, 2, 0), "numeric(10,2)");
	check_type(ty(TY_NUMERIC, 5, 0, 0), "numeric(5,0)");
	check_type(ty(TY_REAL, -1, -1, 0), "real");
	check_type(ty(TY_DOUBLE, -1, -1, 0), "double precision");
	check_type(ty(TY_TEXT, -1, -1, 0), "text");
	check_type(ty(TY_VARCHAR, -1, -1, 0), "character varying");
	check_type(ty(TY_VARCHAR, 255, -1, 0), "character varying(255)");
	check_type(ty(TY_CHAR, -1, -1, 0), "character");
	check_type(ty(TY_CHAR, 2, -1, 0), "character(2)");
	check_type(ty(TY_DATE, -1, -1, 0), "date");
	check_type(ty(TY_TIME, -1, -1, 0), "time without time zone");
	check_type(ty(TY_TIME, 3, -1, 0), "time(3) without time zone");
	check_type(ty(TY_TIMETZ, -1, -1, 0), "time with time zone");
	check_type(ty(TY_TIMETZ, 0, -1, 0), "time(0) with time zone");
	check_type(ty(TY_TIMESTAMP, -1, -1, 0), "timestamp without time zone");
	check_type(ty(TY_TIMESTAMP, 6, -1, 0), "timestamp(6) without time zone");
	check_type(ty(TY_TIMESTAMPTZ, -1, -1, 0), "timestamp with time zone");
	check_type(ty(TY_TIMESTAMPTZ, 3, -1, 0), "timestamp(3) with time zone");
	check_type(ty(TY_INTERVAL, -1, -1, 0), "interval");
	check_type(ty(TY_INTERVAL, 2, -1, 0), "interval(2)");
	check_type(ty(TY_UUID, -1, -1, 0), "uuid");
	check_type(ty(TY_JSON, -1, -1, 0), "json");
	check_type(ty(TY_JSONB, -1, -1, 0), "jsonb");
	check_type(ty(TY_BYTEA, -1, -1, 0), "bytea");
	check_type(ty(TY_INET, -1, -1, 0), "inet");
	check_type(named_ty(NULL, "mood", 0), "\"mood\"");
	check_type(named_ty("s", "Mood", 0), "\"s\".\"Mood\"");
	check_type(ty(TY_INTEGER, -1, -1, 1), "integer[]");
	check_type(ty(TY_TEXT, -1, -1, 2), "text[][]");
	check_type(ty(TY_VARCHAR, 20, -1, 1), "character varying(20)[]");
	check_type(ty(TY_TIMESTAMPTZ, 3, -1, 1), "timestamp(3) with time zone[]");
	check_type(named_ty(NULL, "mood", 1), "\"mood\"[]");
}

/* ---- CREATE TABLE -------------------------------------------------------- */

static void test_create_table(void)
{
	/* The example from the brief: serial PK, NOT NULL, FK with ON DELETE,
	 * a named table CHECK. */
	struct ast_column cols[3] = { 0 };
	struct ast_constraint c_id[1] = { con(CON_PRIMARY_KEY) };
	struct ast_constraint c_title[1] = { con(CON_NOT_NULL) };
	struct ast_constraint c_owner[2] = { con(CON_NOT_NULL), con(CON_FOREIGN_KEY) };
	c_owner[1].ref_table = nm(NULL, "users");
	c_owner[1].ref_columns = ids(1, "id");
	c_owner[1].n_ref_columns = 1;
	c_owner[1].on_delete = FK_CASCADE;
	cols[0].name = id("id");
	cols[0].type = ty(TY_SERIAL, -1, -1, 0);
	cols[0].constraints = c_id;
	cols[0].n_constraints = 1;
	cols[1].name = id("title");
	cols[1].type = ty(TY_TEXT, -1, -1, 0);
	cols[1].constraints = c_title;
	cols[1].n_constraints = 1;
	cols[2].name = id("owner_id");
	cols[2].type = ty(TY_INTEGER, -1, -1, 0);
	cols[2].constraints = c_owner;
	cols[2].n_constraints = 2;
	struct ast_constraint tc[1] = { con(CON_CHECK) };
	tc[0].name = "posts_title_check";
	tc[0].expr = ex("length(title) > 0");

	struct ast_stmt s = st(STMT_CREATE_TABLE, NULL, "posts");
	s.u.table.columns = cols;
	s.u.table.n_columns = 3;
	s.u.table.constraints = tc;
	s.u.table.n_constraints = 1;
	is_str(render(&s),
	       "CREATE TABLE \"posts\" (\n"
	       "    \"id\" serial PRIMARY KEY,\n"
	       "    \"title\" text NOT NULL,\n"
	       "    \"owner_id\" integer NOT NULL REFERENCES \"users\" (\"id\") ON DELETE CASCADE,\n"
	       "    CONSTRAINT \"posts_title_check\" CHECK (length(title) > 0)\n"
	       ")",
	       "create table: the brief's example");

	/* Every column constraint kind, in the order written, named ones
	 * prefixed; identity both ways; schema-qualified table. */
	struct ast_constraint k1[5] = {
		con(CON_DEFAULT), con(CON_UNIQUE), con(CON_CHECK),
		con(CON_NOT_NULL), con(CON_PRIMARY_KEY),
	};
	k1[0].expr = ex("'x'::text");
	k1[1].name = "t_a_key";
	k1[2].expr = ex("a <> ''");
	k1[3].name = "nn";
	k1[4].name = "Pk";
	struct ast_constraint k2[2] = { con(CON_NOT_NULL), con(CON_IDENTITY) };
	k2[1].identity_always = true;
	struct ast_constraint k3[1] = { con(CON_IDENTITY) };
	struct ast_constraint k4[2] = { con(CON_NULL), con(CON_FOREIGN_KEY) };
	k4[1].name = "fk";
	k4[1].ref_table = nm("other", "Parent");
	k4[1].on_delete = FK_SET_NULL;
	k4[1].on_update = FK_RESTRICT;
	k4[1].deferrable = true;
	k4[1].initially_deferred = true;
	struct ast_column c2[4] = { 0 };
	c2[0].name = id("a");
	c2[0].type = ty(TY_TEXT, -1, -1, 0);
	c2[0].constraints = k1;
	c2[0].n_constraints = 5;
	c2[1].name = id("b");
	c2[1].type = ty(TY_BIGINT, -1, -1, 0);
	c2[1].constraints = k2;
	c2[1].n_constraints = 2;
	c2[2].name = id("c");
	c2[2].type = ty(TY_INTEGER, -1, -1, 0);
	c2[2].constraints = k3;
	c2[2].n_constraints = 1;
	c2[3].name = id("d");
	c2[3].type = ty(TY_INTEGER, -1, -1, 0);
	c2[3].constraints = k4;
	c2[3].n_constraints = 2;
	struct ast_stmt s2 = st(STMT_CREATE_TABLE, "app", "T");
	s2.u.table.columns = c2;
	s2.u.table.n_columns = 4;
	is_str(render(&s2),
	       "CREATE TABLE \"app\".\"T\" (\n"
	       "    \"a\" text DEFAULT 'x'::text CONSTRAINT \"t_a_key\" UNIQUE"
	       " CHECK (a <> '') CONSTRAINT \"nn\" NOT NULL CONSTRAINT \"Pk\" PRIMARY KEY,\n"
	       "    \"b\" bigint NOT NULL GENERATED ALWAYS AS IDENTITY,\n"
	       "    \"c\" integer GENERATED BY DEFAULT AS IDENTITY,\n"
	       "    \"d\" integer NULL CONSTRAINT \"fk\" REFERENCES \"other\".\"Parent\""
	       " ON DELETE SET NULL ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED\n"
	       ")",
	       "create table: every column constraint");

	/* Table constraints: composite PK, UNIQUE, FK with every action. */
	struct ast_column c3[2] = { 0 };
	c3[0].name = id("user");
	c3[0].type = ty(TY_INTEGER, -1, -1, 0);
	c3[1].name = id("Group");
	c3[1].type = named_ty(NULL, "mood", 1);
	struct ast_constraint t3[5] = {
		con(CON_PRIMARY_KEY), con(CON_UNIQUE), con(CON_FOREIGN_KEY),
		con(CON_FOREIGN_KEY), con(CON_FOREIGN_KEY),
	};
	t3[0].columns = ids(2, "user", "Group");
	t3[0].n_columns = 2;
	t3[1].name = "u";
	t3[1].columns = ids(1, "Group");
	t3[1].n_columns = 1;
	t3[2].columns = ids(2, "user", "Group");
	t3[2].n_columns = 2;
	t3[2].ref_table = nm(NULL, "g");
	t3[2].ref_columns = ids(2, "a", "b");
	t3[2].n_ref_columns = 2;
	t3[2].on_delete = FK_NO_ACTION;
	t3[2].on_update = FK_SET_DEFAULT;
	t3[3].columns = ids(1, "user");
	t3[3].n_columns = 1;
	t3[3].ref_table = nm(NULL, "users");
	t3[3].on_update = FK_CASCADE;
	t3[3].deferrable = true;
	t3[4].columns = ids(1, "user");
	t3[4].n_columns = 1;
	t3[4].ref_table = nm(NULL, "users");
	struct ast_stmt s3 = st(STMT_CREATE_TABLE, NULL, "member ship");
	s3.u.table.columns = c3;
	s3.u.table.n_columns = 2;
	s3.u.table.constraints = t3;
	s3.u.table.n_constraints = 5;
	is_str(render(&s3),
	       "CREATE TABLE \"member ship\" (\n"
	       "    \"user\" integer,\n"
	       "    \"Group\" \"mood\"[],\n"
	       "    PRIMARY KEY (\"user\", \"Group\"),\n"
	       "    CONSTRAINT \"u\" UNIQUE (\"Group\"),\n"
	       "    FOREIGN KEY (\"user\", \"Group\") REFERENCES \"g\" (\"a\", \"b\")"
	       " ON DELETE NO ACTION ON UPDATE SET DEFAULT,\n"
	       "    FOREIGN KEY (\"user\") REFERENCES \"users\" ON UPDATE CASCADE DEFERRABLE,\n"
	       "    FOREIGN KEY (\"user\") REFERENCES \"users\"\n"
	       ")",
	       "create table: table constraints");

	struct ast_stmt s4 = st(STMT_CREATE_TABLE, NULL, "empty");
	is_str(render(&s4), "CREATE TABLE \"empty\" ()", "create table: no columns");
	s4.if_not_exists = true;
	is_str(render(&s4), "CREATE TABLE IF NOT EXISTS \"empty\" ()",
	       "create table if not exists");
}

/* ---- DROP / RENAME TABLE ------------------------------------------------- */

static void test_table_stmts(void)
{
	struct ast_stmt s = st(STMT_DROP_TABLE, NULL, "posts");
	is_str(render(&s), "DROP TABLE \"posts\"", "drop table");
	s.if_exists = true;
	s.cascade = true;
	s.target = nm("s", "user");
	is_str(render(&s), "DROP TABLE IF EXISTS \"s\".\"user\" CASCADE",
	       "drop table if exists cascade");

	s = st(STMT_RENAME_TABLE, "s", "old");
	s.u.rename.new_name = id("New");
	is_str(render(&s), "ALTER TABLE \"s\".\"old\" RENAME TO \"New\"", "rename table");

	s = st(STMT_RENAME_COLUMN, NULL, "t");
	s.u.rename.member = id("a");
	s.u.rename.new_name = id("b\"c");
	is_str(render(&s), "ALTER TABLE \"t\" RENAME COLUMN \"a\" TO \"b\"\"c\"",
	       "rename column");

	s = st(STMT_RENAME_CONSTRAINT, NULL, "t");
	s.u.rename.member = id("t_pkey");
	s.u.rename.new_name = id("t2_pkey");
	is_str(render(&s),
	       "ALTER TABLE \"t\" RENAME CONSTRAINT \"t_pkey\" TO \"t2_pkey\"",
	       "rename constraint");
}

/* ---- ALTER TABLE --------------------------------------------------------- */

static struct ast_stmt alter1(struct ast_alter *a)
{
	struct ast_stmt s = st(STMT_ALTER_TABLE, NULL, "t");
	s.u.alter.alters = a;
	s.u.alter.n_alters = 1;
	return s;
}

static void test_alter_table(void)
{
	struct ast_alter a = { 0 };
	struct ast_stmt s;

	struct ast_column col = { 0 };
	struct ast_constraint cc[2] = { con(CON_NOT_NULL), con(CON_DEFAULT) };
	cc[1].expr = ex("true");
	col.name = id("published");
	col.type = ty(TY_BOOLEAN, -1, -1, 0);
	col.constraints = cc;
	col.n_constraints = 2;
	a.kind = ALT_ADD_COLUMN;
	a.column = &col;
	s = alter1(&a);
	is_str(render(&s),
	       "ALTER TABLE \"t\" ADD COLUMN \"published\" boolean NOT NULL DEFAULT true",
	       "add column");

	a = (struct ast_alter){ .kind = ALT_DROP_COLUMN, .name = id("c") };
	s = alter1(&a);
	is_str(render(&s), "ALTER TABLE \"t\" DROP COLUMN \"c\"", "drop column");
	a.if_exists = a.cascade = true;
	is_str(render(&s), "ALTER TABLE \"t\" DROP COLUMN IF EXISTS \"c\" CASCADE",
	       "drop column if exists cascade");

	a = (struct ast_alter){ .kind = ALT_ALTER_TYPE, .name = id("n") };
	a.type = ty(TY_NUMERIC, 12, 4, 0);
	s = alter1(&a);
	is_str(render(&s), "ALTER TABLE \"t\" ALTER COLUMN \"n\" TYPE numeric(12,4)",
	       "alter column type");
	a.type = ty(TY_BIGINT, -1, -1, 0);
	a.expr = ex("n::bigint");
	is_str(render(&s),
	       "ALTER TABLE \"t\" ALTER COLUMN \"n\" TYPE bigint USING n::bigint",
	       "alter column type using");

	a = (struct ast_alter){ .kind = ALT_SET_NOT_NULL, .name = id("c") };
	s = alter1(&a);
	is_str(render(&s), "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET NOT NULL",
	       "set not null");
	a.kind = ALT_DROP_NOT_NULL;
	is_str(render(&s), "ALTER TABLE \"t\" ALTER COLUMN \"c\" DROP NOT NULL",
	       "drop not null");
	a.kind = ALT_SET_DEFAULT;
	a.expr = ex("now()");
	is_str(render(&s), "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DEFAULT now()",
	       "set default");
	a.kind = ALT_DROP_DEFAULT;
	is_str(render(&s), "ALTER TABLE \"t\" ALTER COLUMN \"c\" DROP DEFAULT",
	       "drop default");

	struct ast_constraint k = con(CON_CHECK);
	k.name = "pos";
	k.expr = ex("n > 0");
	k.not_valid = true;
	a = (struct ast_alter){ .kind = ALT_ADD_CONSTRAINT, .constraint = &k };
	s = alter1(&a);
	is_str(render(&s),
	       "ALTER TABLE \"t\" ADD CONSTRAINT \"pos\" CHECK (n > 0) NOT VALID",
	       "add check not valid");
	k = con(CON_FOREIGN_KEY);
	k.columns = ids(1, "owner_id");
	k.n_columns = 1;
	k.ref_table = nm(NULL, "users");
	k.ref_columns = ids(1, "id");
	k.n_ref_columns = 1;
	k.not_valid = true;
	is_str(render(&s),
	       "ALTER TABLE \"t\" ADD FOREIGN KEY (\"owner_id\") REFERENCES \"users\" (\"id\") NOT VALID",
	       "add unnamed foreign key not valid");
	k = con(CON_PRIMARY_KEY);
	k.columns = ids(1, "id");
	k.n_columns = 1;
	is_str(render(&s), "ALTER TABLE \"t\" ADD PRIMARY KEY (\"id\")",
	       "add primary key");
	k = con(CON_UNIQUE);
	k.name = "t_a_b_key";
	k.columns = ids(2, "a", "b");
	k.n_columns = 2;
	is_str(render(&s),
	       "ALTER TABLE \"t\" ADD CONSTRAINT \"t_a_b_key\" UNIQUE (\"a\", \"b\")",
	       "add unique");

	a = (struct ast_alter){ .kind = ALT_DROP_CONSTRAINT, .name = id("pos") };
	s = alter1(&a);
	is_str(render(&s), "ALTER TABLE \"t\" DROP CONSTRAINT \"pos\"", "drop constraint");
	a.if_exists = a.cascade = true;
	is_str(render(&s), "ALTER TABLE \"t\" DROP CONSTRAINT IF EXISTS \"pos\" CASCADE",
	       "drop constraint if exists cascade");

	a = (struct ast_alter){ .kind = ALT_VALIDATE_CONSTRAINT, .name = id("pos") };
	s = alter1(&a);
	is_str(render(&s), "ALTER TABLE \"t\" VALIDATE CONSTRAINT \"pos\"",
	       "validate constraint");

	/* Several actions in one statement. */
	struct ast_alter many[3] = {
		{ .kind = ALT_DROP_DEFAULT, .name = id("a") },
		{ .kind = ALT_SET_NOT_NULL, .name = id("b") },
		{ .kind = ALT_DROP_COLUMN, .name = id("c") },
	};
	s = st(STMT_ALTER_TABLE, "s", "t");
	s.u.alter.alters = many;
	s.u.alter.n_alters = 3;
	is_str(render(&s),
	       "ALTER TABLE \"s\".\"t\" ALTER COLUMN \"a\" DROP DEFAULT, "
	       "ALTER COLUMN \"b\" SET NOT NULL, DROP COLUMN \"c\"",
	       "several actions");
}

/* ---- indexes ------------------------------------------------------------- */

static void test_indexes(void)
{
	struct ast_index_elem el[3] = { 0 };
	el[0].column = id("owner_id");
	struct ast_stmt s = st(STMT_CREATE_INDEX, NULL, "posts_owner_id_idx");
	s.u.index.table = nm(NULL, "posts");
	s.u.index.elems = el;
	s.u.index.n_elems = 1;
	is_str(render(&s),
	       "CREATE INDEX \"posts_owner_id_idx\" ON \"posts\" (\"owner_id\")",
	       "create index");

	el[0].column = id("created_at");
	el[0].desc = true;
	el[0].nulls = 2;
	el[1].expr = ex("lower(email)");
	el[2].column = id("b");
	el[2].nulls = 1;
	s = st(STMT_CREATE_INDEX, "app", "ix");
	s.u.index.table = nm("app", "users");
	s.u.index.unique = true;
	s.u.index.concurrently = true;
	s.u.index.method = "btree";
	s.u.index.elems = el;
	s.u.index.n_elems = 3;
	s.u.index.include = ids(2, "x", "Y");
	s.u.index.n_include = 2;
	s.u.index.where = ex("deleted_at IS NULL");
	is_str(render(&s),
	       "CREATE UNIQUE INDEX CONCURRENTLY \"ix\" ON \"app\".\"users\" USING \"btree\" "
	       "(\"created_at\" DESC NULLS LAST, (lower(email)), \"b\" NULLS FIRST) "
	       "INCLUDE (\"x\", \"Y\") WHERE deleted_at IS NULL",
	       "create index with every option");

	struct ast_index_elem e2[1] = { 0 };
	e2[0].expr = ex("(to_tsvector('simple', a::text))");
	s = st(STMT_CREATE_INDEX, NULL, NULL);
	s.u.index.table = nm(NULL, "t");
	s.u.index.method = "gin";
	s.u.index.elems = e2;
	s.u.index.n_elems = 1;
	is_str(render(&s), "CREATE INDEX ON \"t\" USING \"gin\" (((to_tsvector('simple', a::text))))",
	       "unnamed index, expression element");

	s = st(STMT_DROP_INDEX, NULL, "ix");
	is_str(render(&s), "DROP INDEX \"ix\"", "drop index");
	s.if_exists = s.cascade = true;
	s.target = nm("app", "ix");
	is_str(render(&s), "DROP INDEX IF EXISTS \"app\".\"ix\" CASCADE",
	       "drop index if exists cascade");
	s.u.drop.concurrently = true;
	s.cascade = false;
	is_str(render(&s), "DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"ix\"",
	       "drop index concurrently if exists");

	s = st(STMT_RENAME_INDEX, "app", "ix");
	s.u.rename.new_name = id("ix2");
	is_str(render(&s), "ALTER INDEX \"app\".\"ix\" RENAME TO \"ix2\"", "rename index");
}

/* ---- types, schemas, comments, execute ----------------------------------- */

static void test_enum_schema(void)
{
	const char *labels[3] = { "happy", "it's ok", "SAD" };
	struct ast_stmt s = st(STMT_CREATE_ENUM, NULL, "mood");
	s.u.enum_.labels = labels;
	s.u.enum_.n_labels = 3;
	is_str(render(&s),
	       "CREATE TYPE \"mood\" AS ENUM ('happy', 'it''s ok', 'SAD')",
	       "create enum");
	s.u.enum_.n_labels = 0;
	is_str(render(&s), "CREATE TYPE \"mood\" AS ENUM ()", "create empty enum");

	const char *one[1] = { "meh" };
	s = st(STMT_ADD_ENUM_VALUE, "s", "mood");
	s.u.enum_.labels = one;
	s.u.enum_.n_labels = 1;
	is_str(render(&s), "ALTER TYPE \"s\".\"mood\" ADD VALUE 'meh'", "add value");
	s.if_not_exists = true;
	s.u.enum_.neighbor = "SAD";
	s.u.enum_.before = true;
	is_str(render(&s),
	       "ALTER TYPE \"s\".\"mood\" ADD VALUE IF NOT EXISTS 'meh' BEFORE 'SAD'",
	       "add value if not exists before");
	s.if_not_exists = false;
	s.u.enum_.before = false;
	s.u.enum_.neighbor = "it's ok";
	is_str(render(&s),
	       "ALTER TYPE \"s\".\"mood\" ADD VALUE 'meh' AFTER 'it''s ok'",
	       "add value after");

	const char *two[2] = { "SAD", "sad" };
	s = st(STMT_RENAME_ENUM_VALUE, NULL, "mood");
	s.u.enum_.labels = two;
	s.u.enum_.n_labels = 2;
	is_str(render(&s), "ALTER TYPE \"mood\" RENAME VALUE 'SAD' TO 'sad'",
	       "rename value");

	s = st(STMT_DROP_TYPE, NULL, "mood");
	is_str(render(&s), "DROP TYPE \"mood\"", "drop type");
	s.if_exists = s.cascade = true;
	is_str(render(&s), "DROP TYPE IF EXISTS \"mood\" CASCADE", "drop type if exists cascade");

	s = st(STMT_CREATE_SCHEMA, NULL, "app");
	is_str(render(&s), "CREATE SCHEMA \"app\"", "create schema");
	s.if_not_exists = true;
	is_str(render(&s), "CREATE SCHEMA IF NOT EXISTS \"app\"", "create schema if not exists");
	s = st(STMT_DROP_SCHEMA, NULL, "app");
	is_str(render(&s), "DROP SCHEMA \"app\"", "drop schema");
	s.if_exists = s.cascade = true;
	is_str(render(&s), "DROP SCHEMA IF EXISTS \"app\" CASCADE", "drop schema if exists cascade");
}

static void test_comments(void)
{
	struct ast_stmt s = st(STMT_COMMENT, NULL, "posts");
	s.u.comment.comment_target = COMMENT_TABLE;
	s.u.comment.comment = "Blog posts, one per row; it's \"fine\"";
	is_str(render(&s),
	       "COMMENT ON TABLE \"posts\" IS 'Blog posts, one per row; it''s \"fine\"'",
	       "comment on table");
	s.u.comment.comment = NULL;
	is_str(render(&s), "COMMENT ON TABLE \"posts\" IS NULL", "comment on table is null");

	s = st(STMT_COMMENT, "app", "posts");
	s.u.comment.comment_target = COMMENT_COLUMN;
	s.u.comment.member = id("Title");
	s.u.comment.comment = "";
	is_str(render(&s), "COMMENT ON COLUMN \"app\".\"posts\".\"Title\" IS ''",
	       "comment on column");
	s.u.comment.comment = NULL;
	is_str(render(&s), "COMMENT ON COLUMN \"app\".\"posts\".\"Title\" IS NULL",
	       "comment on column is null");

	s = st(STMT_COMMENT, NULL, "posts_owner_id_idx");
	s.u.comment.comment_target = COMMENT_INDEX;
	s.u.comment.comment = "x";
	is_str(render(&s), "COMMENT ON INDEX \"posts_owner_id_idx\" IS 'x'",
	       "comment on index");

	s = st(STMT_COMMENT, NULL, "posts");
	s.u.comment.comment_target = COMMENT_CONSTRAINT;
	s.u.comment.member = id("posts_pkey");
	s.u.comment.comment = "pk";
	is_str(render(&s), "COMMENT ON CONSTRAINT \"posts_pkey\" ON \"posts\" IS 'pk'",
	       "comment on constraint");

	s = st(STMT_COMMENT, NULL, "mood");
	s.u.comment.comment_target = COMMENT_TYPE;
	s.u.comment.comment = "feelings";
	is_str(render(&s), "COMMENT ON TYPE \"mood\" IS 'feelings'", "comment on type");
}

static void test_execute(void)
{
	struct ast_stmt s = { .kind = STMT_EXECUTE };
	s.u.exec.sql = "\n    UPDATE posts SET published = true;\n";
	is_str(render(&s), "UPDATE posts SET published = true",
	       "execute: trimmed, trailing ';' dropped");
	s.u.exec.sql = "select 1; select 2;;  ";
	is_str(render(&s), "select 1; select 2;", "execute: only one ';' dropped");
	s.u.exec.sql = "select 'a;'";
	is_str(render(&s), "select 'a;'", "execute: inner ';' kept");
	s.u.exec.sql = "  \t\n ";
	is_str(render(&s), "", "execute: blank body");
	s.u.exec.sql = ";";
	is_str(render(&s), "", "execute: lone ';'");
	s.u.exec.sql = "DO $x$ BEGIN\n  PERFORM 1;\nEND $x$ ;\n";
	is_str(render(&s), "DO $x$ BEGIN\n  PERFORM 1;\nEND $x$",
	       "execute: inner lines kept verbatim");
}

/* Rendering into scratch schemas: every name qualified and prefixed,
 * expressions untouched. */
static void test_mapped(void)
{
	static const struct sql_schema_map map = { "migc_expected_", "public", NULL, NULL, NULL, NULL };
	struct ast_stmt s = st(STMT_CREATE_TABLE, NULL, "posts");
	struct ast_column cols[2] = { { .name = { .name = "mood" } },
				      { .name = { .name = "owner" } } };
	struct ast_constraint d = con(CON_DEFAULT), fk = con(CON_FOREIGN_KEY);
	d.expr = ex("'ok'::mood");
	fk.ref_table = nm("app", "users");
	cols[0].type = named_ty(NULL, "mood", 1);
	cols[0].constraints = &d;
	cols[0].n_constraints = 1;
	cols[1].type = ty(TY_BIGINT, -1, -1, 0);
	cols[1].constraints = &fk;
	cols[1].n_constraints = 1;
	s.u.table.columns = cols;
	s.u.table.n_columns = 2;
	is_str(sql_render_stmt_mapped(&A, &s, &map),
	       "CREATE TABLE \"migc_expected_public\".\"posts\" (\n"
	       "    \"mood\" \"migc_expected_public\".\"mood\"[] DEFAULT 'ok'::mood,\n"
	       "    \"owner\" bigint REFERENCES \"migc_expected_app\".\"users\"\n)",
	       "mapped create table: table, enum type and fk target remapped, default as written");
	is_str(render(&s),
	       "CREATE TABLE \"posts\" (\n"
	       "    \"mood\" \"mood\"[] DEFAULT 'ok'::mood,\n"
	       "    \"owner\" bigint REFERENCES \"app\".\"users\"\n)",
	       "unmapped rendering unchanged");

	s = st(STMT_CREATE_INDEX, NULL, "posts_idx");
	s.u.index.table = nm("app", "posts");
	struct ast_index_elem el = { .expr = ex("lower(title)") };
	s.u.index.elems = &el;
	s.u.index.n_elems = 1;
	is_str(sql_render_stmt_mapped(&A, &s, &map),
	       "CREATE INDEX \"posts_idx\" ON \"migc_expected_app\".\"posts\" ((lower(title)))",
	       "mapped create index: the table is remapped, the index name never qualified");

	s = st(STMT_DROP_INDEX, NULL, "posts_idx");
	is_str(sql_render_stmt_mapped(&A, &s, &map),
	       "DROP INDEX \"migc_expected_public\".\"posts_idx\"",
	       "mapped drop index: unqualified means the default schema");

	struct ast_alter alt = { .kind = ALT_ALTER_TYPE, .name = id("m") };
	alt.type = named_ty("app", "mood", 0);
	s = st(STMT_ALTER_TABLE, "app", "t");
	s.u.alter.alters = &alt;
	s.u.alter.n_alters = 1;
	is_str(sql_render_stmt_mapped(&A, &s, &map),
	       "ALTER TABLE \"migc_expected_app\".\"t\" ALTER COLUMN \"m\" TYPE \"migc_expected_app\".\"mood\"",
	       "mapped alter column type");

	const char *one[1] = { "meh" };
	s = st(STMT_ADD_ENUM_VALUE, NULL, "mood");
	s.u.enum_.labels = one;
	s.u.enum_.n_labels = 1;
	is_str(sql_render_stmt_mapped(&A, &s, &map),
	       "ALTER TYPE \"migc_expected_public\".\"mood\" ADD VALUE 'meh'",
	       "mapped alter type");

	s = st(STMT_CREATE_SCHEMA, NULL, "app");
	is_str(sql_render_stmt_mapped(&A, &s, &map), "CREATE SCHEMA \"migc_expected_app\"",
	       "mapped create schema");
	s = st(STMT_DROP_SCHEMA, NULL, "app");
	s.cascade = true;
	is_str(sql_render_stmt_mapped(&A, &s, &map),
	       "DROP SCHEMA \"migc_expected_app\" CASCADE", "mapped drop schema");

	s = st(STMT_COMMENT, NULL, "posts");
	s.u.comment.comment_target = COMMENT_CONSTRAINT;
	s.u.comment.member = id("posts_pkey");
	s.u.comment.comment = "pk";
	is_str(sql_render_stmt_mapped(&A, &s, &map),
	       "COMMENT ON CONSTRAINT \"posts_pkey\" ON \"migc_expected_public\".\"posts\" IS 'pk'",
	       "mapped comment target");

	s = st(STMT_RENAME_TABLE, NULL, "posts");
	s.u.rename.new_name = id("articles");
	is_str(sql_render_stmt_mapped(&A, &s, &map),
	       "ALTER TABLE \"migc_expected_public\".\"posts\" RENAME TO \"articles\"",
	       "mapped rename table: the new name stays bare");

	static const struct sql_schema_map quote = { "x\"", "p", NULL, NULL, NULL, NULL };
	s = st(STMT_DROP_TABLE, NULL, "t");
	is_str(sql_render_stmt_mapped(&A, &s, &quote), "DROP TABLE \"x\"\"p\".\"t\"",
	       "a prefix with a quote is quoted with the name");
}

/* The text with every slot spelling `q` (what the migrator's --schema
 * does, written again here from the contract in sql.h). */
static const char *spliced(const struct ast_stmt *s, const char *def,
			   const char *q)
{
	struct sql_slots sl;
	const char *text = sql_render_stmt_slots(&A, s, def, &sl);
	struct strbuf out;
	size_t at = 0;
	sb_init(&out, &A);
	for (size_t k = 0; k < sl.n; k++) {
		sb_put(&out, text + at, sl.v[2 * k] - at);
		sb_puts(&out, q);
		if (sl.v[2 * k + 1] == 0)
			sb_putc(&out, '.');
		at = sl.v[2 * k] + sl.v[2 * k + 1];
	}
	sb_puts(&out, text + at);
	return sb_str(&out);
}

/* Recording where the default schema is named: the text is the unmapped
 * one, and splicing a tenant into the slots qualifies exactly those names. */
static void test_slots(void)
{
	struct ast_stmt s = st(STMT_CREATE_TABLE, NULL, "posts");
	struct ast_column cols[2] = { { .name = { .name = "mood" } },
				      { .name = { .name = "owner" } } };
	struct ast_constraint d = con(CON_DEFAULT), fk = con(CON_FOREIGN_KEY);
	struct sql_slots sl;
	d.expr = ex("'ok'::mood");
	fk.ref_table = nm("app", "users");
	cols[0].type = named_ty(NULL, "mood", 1);
	cols[0].constraints = &d;
	cols[0].n_constraints = 1;
	cols[1].type = ty(TY_BIGINT, -1, -1, 0);
	cols[1].constraints = &fk;
	cols[1].n_constraints = 1;
	s.u.table.columns = cols;
	s.u.table.n_columns = 2;
	is_str(sql_render_stmt_slots(&A, &s, "public", &sl), render(&s),
	       "slots: the text is the unmapped rendering");
	ok(sl.n == 2 && sl.v[0] == 13 && sl.v[1] == 0, "slots: two, the first before \"posts\"");
	is_str(spliced(&s, "public", "\"T 1\""),
	       "CREATE TABLE \"T 1\".\"posts\" (\n"
	       "    \"mood\" \"T 1\".\"mood\"[] DEFAULT 'ok'::mood,\n"
	       "    \"owner\" bigint REFERENCES \"app\".\"users\"\n)",
	       "slots: unqualified names qualified, another schema and expressions kept");
	is_str(spliced(&s, "app", "\"t\""),
	       "CREATE TABLE \"t\".\"posts\" (\n"
	       "    \"mood\" \"t\".\"mood\"[] DEFAULT 'ok'::mood,\n"
	       "    \"owner\" bigint REFERENCES \"t\".\"users\"\n)",
	       "slots: the default schema written out is replaced");

	s = st(STMT_DROP_SCHEMA, NULL, "app");
	s.cascade = true;
	is_str(spliced(&s, "app", "\"t\""), "DROP SCHEMA \"t\" CASCADE",
	       "slots: drop schema of the default schema");
	s = st(STMT_CREATE_SCHEMA, NULL, "app");
	is_str(spliced(&s, "public", "\"t\""), "CREATE SCHEMA \"app\"",
	       "slots: another schema is not mapped");

	s = st(STMT_CREATE_INDEX, NULL, "posts_idx");
	s.u.index.table = nm(NULL, "posts");
	struct ast_index_elem el = { .column = { .name = "title" } };
	s.u.index.elems = &el;
	s.u.index.n_elems = 1;
	is_str(spliced(&s, "public", "\"t\""),
	       "CREATE INDEX \"posts_idx\" ON \"t\".\"posts\" (\"title\")",
	       "slots: an index's table, never its name");
	s = st(STMT_EXECUTE, NULL, NULL);
	s.u.exec.sql = "update posts set x = 1";
	is_str(spliced(&s, "public", "\"t\""), "update posts set x = 1",
	       "slots: execute bodies are never rewritten");
}

/* An extension lives in "public" and brings type "citext": in plain SQL
 * mapped into the scratch schemas its type and functions keep "public",
 * the project's own names there move. */
static bool keep_citext(const void *ctx, const struct ast_name *n)
{
	(void)ctx;
	return n->schema && strcmp(n->schema, "public") == 0 && strcmp(n->name, "citext") == 0;
}

static bool keep_public_func(const void *ctx, const struct ast_name *n)
{
	(void)ctx;
	return n->schema && strcmp(n->schema, "public") == 0;
}

static void test_mapped_extension(void)
{
	static const struct sql_schema_map map = { "migc_expected_", "public", NULL,
						   keep_citext, NULL, keep_public_func };
	struct ast_stmt s = st(STMT_EXECUTE, NULL, NULL);
	s.u.exec.passthrough = true;
	s.u.exec.sql = "create domain shop.email as public.citext "
		       "check (value operator(public.~) '^x'::public.citext)";
	is_str(sql_passthrough_mapped(&A, &s, &map),
	       "create domain \"migc_expected_shop\".email as public.citext "
	       "check (value operator(public.~) '^x'::public.citext)",
	       "mapped plain SQL: an extension's type keeps its schema, the domain moves");
	s.u.exec.sql = "create view public.v as select public.similarity(a, b) from public.t";
	is_str(sql_passthrough_mapped(&A, &s, &map),
	       "create view \"migc_expected_public\".v as select public.similarity(a, b) "
	       "from \"migc_expected_public\".t",
	       "mapped plain SQL: a function of the extension's schema stays, relations move");
	s.u.exec.sql = "create view public.v2 as select a::public.t from public.t";
	is_str(sql_passthrough_mapped(&A, &s, &map),
	       "create view \"migc_expected_public\".v2 as select a::\"migc_expected_public\".t "
	       "from \"migc_expected_public\".t",
	       "mapped plain SQL: a row type that is not the extension's moves");
}

/* A relation named inside a string literal (regclass, nextval & co.) moves
 * into the scratch schema; other literals stay as written. */
static void test_mapped_literals(void)
{
	static const struct sql_schema_map map = { "migc_expected_", "a", NULL, NULL, NULL, NULL };
	static const char *const schemas[] = { "a", "B" };
	const struct sql_remap rm = { schemas, 2, &map };
	is_str(sql_remap_text(&A, &rm, "nextval('b.counter')"), "nextval('b.counter')",
	       "remap: a schema the project lacks stays (b is not \"B\")");
	is_str(sql_remap_text(&A, &rm, "nextval('\"B\".counter'::regclass)"),
	       "nextval('\"migc_expected_B\".counter'::regclass)",
	       "remap: nextval's literal cast to regclass, quoted schema");
	is_str(sql_remap_text(&A, &rm, "pg_catalog.setval( 'A.s', 5)"),
	       "pg_catalog.setval( 'migc_expected_a.s', 5)",
	       "remap: setval's first literal, the schema folded");
	is_str(sql_remap_text(&A, &rm, "'a.s' :: regclass"), "'migc_expected_a.s' :: regclass",
	       "remap: a literal cast to regclass");
	is_str(sql_remap_text(&A, &rm, "'a.s'::text || lower('a.s') || E'a.s'::regclass"),
	       "'a.s'::text || lower('a.s') || E'a.s'::regclass",
	       "remap: other literals (and escape strings) stay");
	struct ast_stmt s = st(STMT_EXECUTE, NULL, NULL);
	s.u.exec.passthrough = true;
	s.u.exec.sql = "create view a.v as select 'a.s'::regclass, currval('a.s'), 'a.s' as t";
	is_str(sql_passthrough_mapped(&A, &s, &map),
	       "create view \"migc_expected_a\".v as select '\"migc_expected_a\".s'::regclass, "
	       "currval('\"migc_expected_a\".s'), 'a.s' as t",
	       "mapped plain SQL: a view's relation literals move, a text literal stays");
}

int main(void)
{
	plan(145);
	arena_init(&A);
	test_quoting();
	test_types();
	test_create_table();
	test_table_stmts();
	test_alter_table();
	test_indexes();
	test_enum_schema();
	test_comments();
	test_execute();
	test_mapped();
	test_mapped_extension();
	test_mapped_literals();
	test_slots();
	arena_free(&A);
	return tap_done();
}
