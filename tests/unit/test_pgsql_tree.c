/*
 * test_pgsql_tree.c - compiler/front/pgsql_tree.c and pgsql_json.c: what
 * a plain SQL statement creates, drops or renames, read from PostgreSQL's
 * parse tree (alter index ... attach partition: pgsql_attach.c), and the
 * JSON reader under it.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"
#include "tap.h"

static struct arena A;

static struct pgsql_stmt d(const char *sql)
{
	struct pgsql_stmt p;
	pgsql_describe(&A, sql, strlen(sql), &p);
	return p;
}

static const char *mapped_refs(const char *sql)
{
	struct pgsql_schema_ref *r;
	size_t n = pgsql_schema_refs(&A, sql, strlen(sql), &r);
	struct strbuf sb;
	sb_init(&sb, &A);
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, "%s%s@%zu", i ? " " : "", r[i].schema, r[i].offset);
	return sb_str(&sb);
}

int main(void)
{
	arena_init(&A);
	plan(43);

	struct pj *j = pj_parse(&A, "{\"a\": [1, \"x\\u00e9\\ud83d\\ude00\", true, null], \"b\": {}}");
	ok(j && j->kind == PJ_OBJ && j->n == 2, "json: an object with two members");
	const struct pj *arr = pj_get(j, "a");
	ok(arr && arr->n == 4 && arr->vals[2]->b, "json: an array, true");
	is_str(arr ? arr->vals[1]->str : "", "x\xc3\xa9\xf0\x9f\x98\x80", "json: \\u escapes and surrogate pairs to UTF-8");
	ok(!pj_parse(&A, "{\"a\": }") && !pj_parse(&A, "[1,]") && !pj_parse(&A, "\"open"),
	   "json: malformed texts are refused");

	struct pgsql_stmt p = d("create or replace view S.\"V w\" (a, b) as select t.a, b from t join app.u x on x.id = t.id");
	ok(p.kind == PGSQL_CREATE_VIEW && p.replace && !p.materialized, "create or replace view");
	is_str(p.names[0].schema, "s", "its schema, folded");
	is_str(p.names[0].name, "V w", "its quoted name, kept");
	is_str(p.def, "(a, b) as select t.a, b from t join app.u x on x.id = t.id", "the text after the name");
	ok(p.n_rels == 2 && strcmp(p.rels[1].name.schema, "app") == 0 &&
	   strcmp(p.rels[1].alias, "x") == 0, "the relations read, with aliases");
	ok(p.n_cols == 4 && strcmp(p.cols[0].qual, "t") == 0 && !p.cols[1].qual,
	   "the columns read, qualified or not");
	p = d("with w as (select 1) select * from w");
	ok(p.kind == PGSQL_OTHER, "a select is no object statement");
	p = d("create view v as with w as (select * from t) select * from w");
	ok(p.n_rels == 1 && strcmp(p.rels[0].name.name, "t") == 0, "a with clause's name is no relation");
	p = d("create materialized view if not exists m as select 1 with no data");
	ok(p.kind == PGSQL_CREATE_VIEW && p.materialized && p.if_exists, "create materialized view if not exists");
	p = d("drop materialized view if exists a, b.c cascade");
	ok(p.kind == PGSQL_DROP_VIEW && p.n_names == 2 && p.cascade && p.if_exists, "drop view, several");
	p = d("alter view v rename to w");
	ok(p.kind == PGSQL_RENAME_VIEW && strcmp(p.new_name, "w") == 0, "alter view rename");

	p = d("create function app.f(a int, out b text, variadic c integer[]) returns record language plpgsql as $$ begin end $$");
	ok(p.kind == PGSQL_CREATE_FUNCTION && p.routine == PGSQL_FUNCTION, "create function");
	is_str(p.names[0].args, "int4,int4[]", "a function's identity: out arguments left out, types normalised");
	is_str(p.language, "plpgsql", "its language");
	p = d("create procedure p(inout a int4, out b int)  language sql as 'select 1'");
	is_str(p.names[0].args, "int4,int4", "a procedure's identity keeps out arguments");
	p = d("drop function f(integer, text), g");
	ok(p.kind == PGSQL_DROP_FUNCTION && p.n_names == 2 && !p.names[1].args, "drop function, with and without arguments");
	is_str(p.names[0].args, "int4,text", "with its argument types");
	p = d("create aggregate ag(int) (sfunc = f, stype = int)");
	ok(p.routine == PGSQL_AGGREGATE && strcmp(p.names[0].args, "int4") == 0, "create aggregate");
	p = d("create trigger tr before update on s.t for each row execute function app.touch()");
	ok(p.kind == PGSQL_CREATE_TRIGGER && strcmp(p.names[0].table, "t") == 0 &&
	   strcmp(p.func.schema, "app") == 0, "create trigger: its table and function");
	p = d("drop trigger if exists tr on s.t");
	ok(p.kind == PGSQL_DROP_TRIGGER && strcmp(p.names[0].schema, "s") == 0 && p.if_exists, "drop trigger");

	is_str(mapped_refs("create view \"App\".v as select x.a from app.t x, pg_catalog.pg_class"),
	       "App@12 app@39 pg_catalog@48", "schema qualifiers of relations, with their places");
	is_str(mapped_refs("create function app.f(a app.mood) returns app.mood language sql as $$ select a $$"),
	       "app@16 app@24 app@42", "of a routine's name and types");

	/* grants and owners (pgsql_acl.c) */
	p = d("grant select, update (a, b), insert (a) on table s.t, u to bob, public with grant option");
	ok(p.kind == PGSQL_GRANT && p.acl->is_grant && p.acl->grant_option &&
	   p.acl->objkind == PGSQL_ACL_TABLE && p.n_names == 2, "grant on two tables with grant option");
	ok(p.acl->privs == PGSQL_PRIV_SELECT && p.acl->n_cols == 2 &&
	   p.acl->col_privs[0] == (PGSQL_PRIV_UPDATE | PGSQL_PRIV_INSERT) &&
	   p.acl->col_privs[1] == PGSQL_PRIV_UPDATE, "the table's and each column's privileges");
	ok(p.acl->n_grantees == 2 && strcmp(p.acl->grantees[1], "public") == 0, "the grantees, public");
	p = d("revoke grant option for all privileges on function app.f(int, text[]) from bob cascade");
	ok(p.kind == PGSQL_GRANT && !p.acl->is_grant && p.acl->grant_option && p.cascade &&
	   p.acl->privs == PGSQL_PRIV_ALL, "revoke grant option for all privileges");
	is_str(p.names[0].args, "int4,text[]", "a function's identity arguments");
	p = d("grant select on all tables in schema app to bob");
	ok(p.kind == PGSQL_GRANT && p.acl->all_in_schema && strcmp(p.names[0].name, "app") == 0,
	   "on all tables in schema");
	ok(d("grant select on t to current_user").kind == PGSQL_OTHER &&
	   d("grant bob to alice").kind == PGSQL_OTHER, "current_user and role membership stay opaque");
	p = d("alter materialized view s.m owner to bob");
	ok(p.kind == PGSQL_OWNER && p.acl->owner_word == 'm' && strcmp(p.acl->owner, "bob") == 0 &&
	   strcmp(p.names[0].schema, "s") == 0, "alter materialized view owner to");
	p = d("alter procedure p(int) owner to \"Bob\"");
	ok(p.kind == PGSQL_OWNER && p.acl->objkind == PGSQL_ACL_FUNCTION &&
	   strcmp(p.acl->owner, "Bob") == 0, "alter procedure owner to");
	is_str(mapped_refs("grant execute on function app.f(int) to bob"), "app@26",
	       "a granted routine's schema qualifier");
	p = d("create event trigger e on ddl_command_end when tag in ('create table', 'ALTER TABLE') "
	      "execute function f()");
	ok(p.kind == PGSQL_CREATE_EVTRIG, "create event trigger with tags");
	is_str(p.evt_tags, "ALTER TABLE, CREATE TABLE", "its tags upper case, sorted");
	is_str(d("create event trigger e on sql_drop execute function f()").evt_tags, "",
	       "no tags: empty");
	is_str(mapped_refs("create view v as select 'app.s'::regclass, nextval('\"App\".s'), 'app.x'"),
	       "app@25 App@52", "the schemas inside relation literals, not a text literal's");

	/* alter index ... attach partition (pgsql_attach.c) */
	p = d("alter index app.p_idx attach partition \"C1\"");
	ok(p.kind == PGSQL_ATTACH_INDEX && p.n_names == 2 && strcmp(p.names[0].schema, "app") == 0 &&
	   strcmp(p.names[0].name, "p_idx") == 0, "alter index attach partition: the parent's index");
	ok(!p.names[1].schema && strcmp(p.names[1].name, "C1") == 0, "and the partition's, quoted kept");
	ok(d("alter index p_idx set (fillfactor = 10)").kind == PGSQL_OTHER &&
	   d("alter table p attach partition c for values in (1)").kind == PGSQL_OTHER,
	   "other alter index forms and alter table attach partition are not it");

	arena_free(&A);
	return tap_done();
}
