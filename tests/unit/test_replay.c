/*
 * test_replay.c - replaying statements into the model: each statement's
 * effect, every error and where it points, PostgreSQL's automatic names,
 * cascade rules, and renames that keep object names.
 */
#include "replay_helpers.h"

static const char *USERS =
	"create table users (id serial primary key, email varchar(255) not null unique);";
static const char *POSTS =
	"create table users (id serial primary key, email varchar(255) not null unique);"
	"create table posts (id serial primary key, title text not null,"
	" owner_id integer not null references users (id) on delete cascade);";

static void test_create_table(void)
{
	struct model *m = mk(USERS);
	struct m_table *t = model_table(m, NULL, "users");
	ok(t && t->n_cols == 2, "create table: columns");
	struct m_column *id = table_column(t, "id");
	ok(id->type.kind == TY_INTEGER && id->not_null && id->serial == TY_SERIAL,
	   "serial becomes integer not null");
	is_str(id->default_text, "nextval('users_id_seq'::regclass)", "serial default");
	is_str(id->seq, "users_id_seq", "serial sequence name");
	ok(has_rel(m, "users_id_seq") && has_rel(m, "users_pkey") &&
	   has_rel(m, "users_email_key"), "sequence and indexes in the namespace");
	ok(has_con(m, "users", "users_pkey") && has_con(m, "users", "users_email_key"),
	   "pkey and unique constraint names");
	m = mk(POSTS);
	ok(has_con(m, "posts", "posts_owner_id_fkey"), "fk name");
	struct m_constraint *fk = table_constraint(model_table(m, NULL, "posts"),
						   "posts_owner_id_fkey");
	ok(fk->on_delete == FK_CASCADE && fk->on_update == FK_NO_ACTION, "fk actions");
	is_str(fk->ref_index, "users_pkey", "fk depends on the pkey index");
	m = mk("create table t (a int, b int, check (a > b), check (a > 0),"
	       " c int check (c > 0), unique (a, b), unique (a, b));");
	ok(has_con(m, "t", "t_check") && has_con(m, "t", "t_a_check") &&
	   has_con(m, "t", "t_c_check"), "check names");
	ok(has_con(m, "t", "t_a_b_key") && !has_con(m, "t", "t_a_b_key1"),
	   "repeated unique merged, as PostgreSQL does");
	m = mk("create table t (a int check (a > 0), b int, check (a > 1));");
	ok(has_con(m, "t", "t_a_check") && has_con(m, "t", "t_a_check1"),
	   "check name collision numbered");
	m = mk("create table t (a int primary key unique);");
	ok(has_con(m, "t", "t_pkey") && !has_con(m, "t", "t_a_key"), "unique same as pkey merged");
	m = mk("create table t (id int generated always as identity, b int);");
	struct m_column *c = table_column(model_table(m, NULL, "t"), "id");
	ok(c->identity == ID_ALWAYS && c->not_null && has_rel(m, "t_id_seq"), "identity column");
	m = mk("create table t (id smallint generated always as identity (increment -2 cache 3 cycle));");
	c = table_column(model_table(m, NULL, "t"), "id");
	ok(c->id_opts && c->id_opts->inc == -2 && c->id_opts->min == -32768 &&
	   c->id_opts->max == -1 && c->id_opts->start == -1 && c->id_opts->cache == 3 &&
	   c->id_opts->cycle, "identity options resolved with the type's defaults");
	m = mk("create table t (id int generated always as identity (start 1 increment by 1 no cycle));");
	ok(!table_column(model_table(m, NULL, "t"), "id")->id_opts,
	   "identity options that are all defaults are none");
	m = mk("create table t_a_key (x int); create table t (a int unique);");
	ok(has_con(m, "t", "t_a_key1"), "index name avoids other relations");
	m = mk("create table a (x int, constraint b_x_fkey check (x > 0));"
	       "create table b (x int primary key, y int references b);");
	ok(has_con(m, "b", "b_y_fkey"), "self reference");
	m = mk("create table a (x int constraint b_y_fkey check (x > 0));"
	       "create table b (x int primary key, y int references b);");
	ok(has_con(m, "b", "b_y_fkey1"), "fk name avoids constraint names in the schema");
	m = mk("create table t (a char, n numeric(10), v varchar(20)[]);");
	struct m_table *tt = model_table(m, NULL, "t");
	ok(table_column(tt, "a")->type.mod1 == 1 && table_column(tt, "n")->type.mod2 == 0 &&
	   table_column(tt, "v")->type.array_dims == 1, "type normalisation");
	m = mk("create schema s; create table s.t (id bigserial primary key);");
	is_str(table_column(model_table(m, "s", "t"), "id")->default_text,
	       "nextval('s.t_id_seq'::regclass)", "serial default in another schema");
	m = mk("create table if not exists users (x int);");
	good(m, "create table if not exists users (y int);", "if not exists: no error");
	ok(table_column(model_table(m, NULL, "users"), "x") != NULL, "if not exists: unchanged");
}

static void test_create_errors(void)
{
	err(USERS, "create table users (x int);", "table \"users\" already exists");
	err(USERS, "create table users_pkey (x int);", "relation \"users_pkey\" already exists");
	err(NULL, "create table t (a int, a text);", "column \"a\" specified more than once");
	err(NULL, "create table t (a int primary key, b int primary key);",
	    "multiple primary keys for table \"t\" are not allowed");
	err(NULL, "create table t (a int, primary key (b));",
	    "column \"b\" does not exist in table \"t\"");
	err(NULL, "create table t (a mood);", "type \"mood\" does not exist");
	err(NULL, "create table s.t (a int);", "schema \"s\" does not exist");
	err(NULL, "create table t (a int references userz);",
	    "foreign key references table \"userz\", which does not exist");
	err("create table u (x int);", "create table t (a int references u);",
	    "there is no primary key for referenced table \"u\"");
	err("create table u (a int primary key, b int);", "create table t (a int references u (b));",
	    "there is no unique constraint matching given keys for referenced table \"u\"");
	err(USERS, "create table t (a text, b int, foreign key (a, b) references users (id));",
	    "number of referencing and referenced columns for foreign key disagree");
	err(USERS, "create table t (a text references users (id));",
	    "foreign key column \"a\" has type text but referenced column \"users\".\"id\" has type integer");
	err(USERS, "create table t (a int references users (emial));",
	    "column \"emial\" does not exist in table \"users\"");
	err(NULL, "create table t (a int not null null);", "conflicting NULL/NOT NULL");
	err(NULL, "create table t (a int default 1 default 2);", "multiple default values");
	err(NULL, "create table t (a serial default 1);", "multiple default values");
	err(NULL, "create table t (a int default 1 generated always as identity);",
	    "both default and identity specified");
	err(NULL, "create table t (a text generated always as identity);",
	    "identity column type must be smallint, integer, or bigint");
	err(NULL, "create table t (a int, check (b > 0));", "column \"b\" does not exist in table \"t\"");
	err("create type mood as enum ('a');", "create table mood (x int);",
	    "type \"mood\" already exists");
	struct model *m = mk(USERS);
	good(m, "create table t (a integer references users (id));",
	     "integer may reference a serial column");
	err(USERS, "create table t (a bigint references users (id));",
	    "foreign key column \"a\" has type bigint but referenced column \"users\".\"id\" has type integer");
}

static void test_alter(void)
{
	struct model *m = mk(POSTS);
	good(m, "alter table posts add column body text not null default '';", "add column");
	ok(table_column(model_table(m, NULL, "posts"), "body")->not_null, "add column not null");
	good(m, "alter table posts alter column body type varchar(80);", "alter type");
	ok(table_column(model_table(m, NULL, "posts"), "body")->type.kind == TY_VARCHAR, "type set");
	good(m, "alter table posts alter column body drop not null, alter column body drop default;",
	     "drop not null and default");
	struct m_column *c = table_column(model_table(m, NULL, "posts"), "body");
	ok(!c->not_null && !c->default_text, "both applied");
	good(m, "alter table posts add constraint t_body check (body <> '') not valid;",
	     "add check not valid");
	ok(!table_constraint(model_table(m, NULL, "posts"), "t_body")->validated, "not valid");
	good(m, "alter table posts validate constraint t_body;", "validate");
	ok(table_constraint(model_table(m, NULL, "posts"), "t_body")->validated, "validated");
	good(m, "alter table posts drop column body;", "drop column");
	ok(!has_con(m, "posts", "t_body"), "drop column drops its check");
	good(m, "alter table posts add unique (title);", "add unique");
	ok(has_con(m, "posts", "posts_title_key") && has_rel(m, "posts_title_key"), "unique name");
	good(m, "alter table posts drop constraint posts_title_key;", "drop constraint");
	ok(!has_rel(m, "posts_title_key"), "its index goes too");
	good(m, "alter table posts drop column if exists nope;", "drop column if exists");
	good(m, "alter table posts drop constraint if exists nope;", "drop constraint if exists");
	good(m, "alter table if exists nope add column x int;", "alter table if exists");

	err(POSTS, "alter table posts add column title text;", "column \"title\" specified more than once");
	err(POSTS, "alter table posts drop column emial;", "column \"emial\" does not exist in table \"posts\"");
	err(POSTS, "alter table postz add column x int;", "table \"postz\" does not exist");
	err(POSTS, "alter table posts alter column id drop not null;",
	    "column \"id\" is in a primary key");
	err(POSTS, "alter table posts drop constraint nope;",
	    "constraint \"nope\" for table \"posts\" does not exist");
	err(POSTS, "alter table posts validate constraint nope;",
	    "constraint \"nope\" for table \"posts\" does not exist");
	err(POSTS, "alter table posts add constraint posts_pkey check (id > 0);",
	    "constraint \"posts_pkey\" for table \"posts\" already exists");
	err(POSTS, "alter table posts add unique (title) not valid;",
	    "cannot be marked");
	err(POSTS, "alter table posts add primary key (title);",
	    "multiple primary keys for table \"posts\" are not allowed");
	err(POSTS, "alter table users alter column id type text;",
	    "foreign key column \"owner_id\" has type integer but referenced column \"users\".\"id\" has type text");
	err(POSTS, "alter table posts add column x int, add column title text;",
	    "specified more than once");
	err("create table t (a int generated always as identity);",
	    "alter table t alter column a set default 1;", "is an identity column");
	err("create table t (a int);", "alter table t alter column a add generated always as identity;",
	    "must be declared NOT NULL before identity can be added");
	err("create table t (a int not null);", "alter table t alter column a drop identity;",
	    "column \"a\" of relation \"t\" is not an identity column");
	m = mk("create table t (a int not null, b int generated always as (a) stored);"
	       "alter table t alter column a add generated by default as identity (cache 4);"
	       "alter table t alter column b drop expression;");
	c = table_column(model_table(m, NULL, "t"), "a");
	ok(c->identity == ID_BY_DEFAULT && c->id_opts && c->id_opts->cache == 4 &&
	   has_rel(m, "t_a_seq"), "add identity");
	ok(!table_column(model_table(m, NULL, "t"), "b")->generated &&
	   !table_column(model_table(m, NULL, "t"), "b")->default_text, "drop expression");
	good(m, "alter table t alter column a set generated always set maxvalue 10;", "set identity");
	c = table_column(model_table(m, NULL, "t"), "a");
	ok(c->identity == ID_ALWAYS && c->id_opts->max == 10 && c->id_opts->cache == 4,
	   "set identity keeps the other options");
	good(m, "alter table t alter column a type bigint;", "retype an identity column with options");
	c = table_column(model_table(m, NULL, "t"), "a");
	ok(c->id_opts->max == 10 && c->id_opts->cache == 4, "a bound not at the type's limit stays");
	m = mk("create table t (a int generated always as identity (start 10), b bigint generated"
	       " always as identity (increment -1 minvalue -100));"
	       "alter table t alter a type bigint, alter b type int;");
	c = table_column(model_table(m, NULL, "t"), "a");
	ok(c->id_opts && c->id_opts->max == 9223372036854775807LL && c->id_opts->start == 10,
	   "a maxvalue at the old type's limit follows the new type");
	c = table_column(model_table(m, NULL, "t"), "b");
	ok(c->id_opts && c->id_opts->min == -100 && c->id_opts->max == -1,
	   "a minvalue not at the limit stays");
	m = mk("create table t (a int not null, b int generated always as (a) stored);"
	       "alter table t alter column a add generated by default as identity (cache 4);"
	       "alter table t alter column a set generated always set maxvalue 10;");
	good(m, "alter table t alter column a drop identity;", "drop identity");
	ok(!has_rel(m, "t_a_seq") && table_column(model_table(m, NULL, "t"), "a")->not_null,
	   "drop identity drops the sequence, keeps not null");
	err(POSTS, "alter table posts alter column title set default length(id);",
	    "cannot use column reference in DEFAULT expression");
	m = mk("create table t (a int);");
	good(m, "alter table t add primary key (a);", "add pkey");
	ok(table_column(model_table(m, NULL, "t"), "a")->not_null, "pkey sets not null");
}

static void test_drop_and_cascade(void)
{
	err(POSTS, "drop table users;", "cannot drop table \"users\" because other objects depend on it");
	ok(strstr(last_out, "constraint \"posts_owner_id_fkey\" on table \"posts\" depends on") &&
	   strstr(last_out, "use \"cascade\""), "dependency notes");
	struct model *m = mk(POSTS);
	good(m, "drop table users cascade;", "drop table cascade");
	ok(!has_con(m, "posts", "posts_owner_id_fkey") && !has_rel(m, "users_id_seq") &&
	   !has_rel(m, "users_pkey"), "cascade drops fk; table drops its objects");
	m = mk(POSTS);
	good(m, "drop table posts; drop table users;", "drop in dependency order");
	good(m, "drop table if exists users;", "drop if exists");
	err(NULL, "drop table postz;", "table \"postz\" does not exist");
	err(POSTS, "drop table users_pkey;", "\"users_pkey\" is not a table");
	err(POSTS, "alter table users drop column id;",
	    "cannot drop column \"id\" of table \"users\" because other objects depend on it");
	m = mk(POSTS);
	good(m, "alter table users drop column id cascade;", "drop column cascade");
	ok(!has_con(m, "posts", "posts_owner_id_fkey") && !has_rel(m, "users_pkey") &&
	   !has_rel(m, "users_id_seq"), "column takes pkey, sequence, dependent fk");
	err(POSTS, "alter table users drop constraint users_pkey;",
	    "cannot drop constraint \"users_pkey\" on table \"users\" because other objects depend on it");
	err(POSTS, "drop index users_pkey;",
	    "cannot drop index \"users_pkey\" because constraint \"users_pkey\" on table \"users\" requires it");
	m = mk("create table t (a int, b int); create index on t (a, b);"
	       " create index on t (lower(b::text)); create unique index on t (b) where a > 0;");
	ok(has_rel(m, "t_a_b_idx") && has_rel(m, "t_lower_idx") && has_rel(m, "t_b_idx"),
	   "index names (expression: function name)");
	good(m, "alter table t drop column a;", "drop column with indexes");
	ok(!has_rel(m, "t_a_b_idx") && !has_rel(m, "t_b_idx") && has_rel(m, "t_lower_idx"),
	   "indexes involving the column dropped");
	err("create table t (a int);", "create index on t (b);", "column \"b\" does not exist in table \"t\"");
	err("create table t (a int); create index i on t (a);", "create index i on t (a);",
	    "relation \"i\" already exists");
	err(NULL, "drop index nope;", "index \"nope\" does not exist");
	m = mk("create table t (a int); create index i on t (a);");
	good(m, "drop index i; drop index if exists i;", "drop index");
	ok(!has_rel(m, "i"), "index gone");
	/* plain unique index backing an fk */
	err("create table u (a int); create unique index ui on u (a);"
	    "create table v (a int references u (a));", "drop index ui;",
	    "cannot drop index \"ui\" because other objects depend on it");
}

static void test_renames(void)
{
	struct model *m = mk(POSTS);
	good(m, "alter table users rename to members;", "rename table");
	struct m_table *t = model_table(m, NULL, "members");
	ok(t && table_constraint(t, "users_pkey") && has_rel(m, "users_id_seq") &&
	   model_rel(m, NULL, "users_pkey")->table == t->name, "rename keeps object names");
	struct m_constraint *fk = table_constraint(model_table(m, NULL, "posts"),
						   "posts_owner_id_fkey");
	is_str(fk->ref_table, "members", "fk follows the table rename");
	good(m, "alter table members rename column id to member_id;", "rename column");
	fk = table_constraint(model_table(m, NULL, "posts"), "posts_owner_id_fkey");
	is_str(fk->ref_cols[0], "member_id", "fk follows the column rename");
	is_str(table_constraint(model_table(m, NULL, "members"), "users_pkey")->cols[0],
	       "member_id", "pkey follows the column rename");
	good(m, "alter table members rename constraint users_pkey to members_pkey;",
	     "rename constraint");
	ok(has_rel(m, "members_pkey") && !has_rel(m, "users_pkey"), "index renamed with it");
	fk = table_constraint(model_table(m, NULL, "posts"), "posts_owner_id_fkey");
	is_str(fk->ref_index, "members_pkey", "fk dependency follows");
	good(m, "alter index members_pkey rename to m_pkey;", "rename index");
	ok(has_con(m, "members", "m_pkey"), "constraint renamed with its index");
	m = mk("create table t (a int check (a > 0));");
	good(m, "alter table t rename column a to b;", "rename column in check");
	is_str(table_constraint(model_table(m, NULL, "t"), "t_a_check")->check_text, "b > 0",
	       "check text follows the rename");
	err(POSTS, "alter table posts rename column title to id;", "column \"id\" already exists");
	err(POSTS, "alter table posts rename to users;", "table \"users\" already exists");
	err(POSTS, "alter table posts rename column nope to x;", "column \"nope\" does not exist");
	err(POSTS, "alter index nope rename to x;", "index \"nope\" does not exist");
	err(POSTS, "alter table posts rename constraint nope to x;",
	    "constraint \"nope\" for table \"posts\" does not exist");
}

static void test_enums_schemas_comments(void)
{
	struct model *m = mk("create type mood as enum ('sad', 'ok');");
	good(m, "alter type mood add value 'happy'; alter type mood add value 'meh' before 'ok';"
	     " alter type mood add value if not exists 'sad';", "add value");
	struct m_enum *e = model_enum(m, NULL, "mood");
	ok(e->n_labels == 4 && strcmp(e->labels[1], "meh") == 0 &&
	   strcmp(e->labels[3], "happy") == 0, "labels in order");
	good(m, "alter type mood rename value 'meh' to 'fine';", "rename value");
	ok(strcmp(model_enum(m, NULL, "mood")->labels[1], "fine") == 0, "renamed");
	err("create type mood as enum ('a');", "alter type mood add value 'a';",
	    "enum label \"a\" already exists");
	err("create type mood as enum ('a');", "create type mood as enum ('b');",
	    "type \"mood\" already exists");
	err(NULL, "alter type mood add value 'a';", "type \"mood\" does not exist");
	err("create type mood as enum ('a'); create table t (m mood);", "drop type mood;",
	    "cannot drop type \"mood\" because other objects depend on it");
	m = mk("create type mood as enum ('a'); create table t (x int, m mood);");
	good(m, "drop type mood cascade;", "drop type cascade");
	ok(!table_column(model_table(m, NULL, "t"), "m") && !model_enum(m, NULL, "mood"),
	   "cascade drops the column");
	m = mk(NULL);
	good(m, "create schema s; create table s.t (a int); create type s.e as enum ('x');",
	     "objects in a schema");
	err("create schema s; create table s.t (a int);", "drop schema s;",
	    "cannot drop schema \"s\" because other objects depend on it");
	good(m, "drop schema s cascade;", "drop schema cascade");
	ok(!model_schema(m, "s"), "schema gone");
	err("create schema s;", "create schema s;", "schema \"s\" already exists");
	err(NULL, "drop schema s;", "schema \"s\" does not exist");
	m = mk(POSTS);
	good(m, "comment on table posts is 'p'; comment on column posts.title is 't';"
	     " comment on constraint posts_pkey on posts is 'k'; comment on index posts_pkey is 'i';",
	     "comments");
	struct m_table *t = model_table(m, NULL, "posts");
	ok(strcmp(t->comment, "p") == 0 && strcmp(table_column(t, "title")->comment, "t") == 0 &&
	   strcmp(table_constraint(t, "posts_pkey")->comment, "k") == 0 &&
	   strcmp(table_index(t, "posts_pkey")->comment, "i") == 0, "comments stored");
	good(m, "comment on table posts is null;", "comment is null");
	ok(model_table(m, NULL, "posts")->comment == NULL, "comment removed");
	err(POSTS, "comment on column posts.nope is 'x';", "column \"nope\" does not exist");
	m = mk(POSTS);
	good(m, "execute $$ update posts set title = '' $$;", "execute is opaque");
}

static void test_refs(void)
{
	struct model *m = mk(POSTS);
	good(m, "create table c (id int primary key, p int references posts, u int references users,"
	     " s int references c);"
	     "alter table users rename to members; alter table c rename to cc;"
	     "alter table posts rename to articles;", "fk graph with renames");
	ok(refs_consistent(m), "reverse fk lists after renames");
	good(m, "alter table cc drop column u; drop table articles cascade;", "drops");
	ok(refs_consistent(m), "reverse fk lists after drops");
	ok(model_table(m, NULL, "members")->n_refs == 0, "no one references members any more");
}

static void test_rollback(void)
{
	/* the second action fails: the first must not stay applied */
	err(POSTS, "alter table posts add column x int, drop column nope;",
	    "column \"nope\" does not exist");
	err(POSTS, "create table t (a int primary key, b int references nope);",
	    "which does not exist");
	/* and, said directly: the failed statements left nothing */
	struct model *m = mk(POSTS);
	ok(apply(m, "alter table posts add column x int, drop column nope;") > 0 &&
	   table_column(model_table(m, NULL, "posts"), "x") == NULL &&
	   table_column(model_table(m, NULL, "posts"), "title") != NULL,
	   "a failed alter table: its first action (add column x) is not applied");
	m = mk(POSTS);
	ok(apply(m, "create table t (a int primary key, b int references nope);") > 0 &&
	   model_table(m, NULL, "t") == NULL && !has_rel(m, "t_pkey"),
	   "a failed create table: no table and no index left");
}

int main(void)
{
	plan(162);
	arena_init(&A);
	test_create_table();
	test_create_errors();
	test_alter();
	test_drop_and_cascade();
	test_renames();
	test_enums_schemas_comments();
	test_refs();
	test_rollback();
	arena_free(&A);
	return tap_done();
}
