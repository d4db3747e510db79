#!/bin/sh
# tests/e2e/94-drift-predict.t - the migrator's `check` at the head compares
# the live catalogs with the catalog read the compiler predicted (plan ABI
# 7) and builds no scratch schema when they match (docs/migrator.md, check).
#
# Which way it went is read from the server's log (log_statement=all for
# check's session only): the scratch build starts with CREATE SCHEMA
# "migc_expected_...".  A project of predicted objects only checks clean
# without it - which also proves every predicted row byte-identical to what
# the catalog reader prints for the live object; drift made by hand in each
# predicted field is reported from the scratch build, with the same
# differences as before; a project with a check constraint is predicted
# but for its table.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/pred
mkdir -p "$P/versions"
printf 'name = pred\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create type mood as enum ('a', 'it''s');
    create schema app;
    create table users (
        id serial primary key,
        email varchar(80) not null unique,
        name varchar(80) not null default 'x',
        n integer not null default 0,
        big bigint default 7,
        price numeric(10,2) not null default 0,
        ratio double precision default 1,
        small smallint not null default 1,
        flag boolean not null default false,
        at timestamptz not null default now(),
        day date default current_date,
        doc jsonb not null default '{}',
        tags text[] not null default '{}',
        note text default 'it''s',
        u uuid default gen_random_uuid(),
        c char(3),
        t time(3),
        iv interval
    );
    create table app.accounts (
        id bigserial primary key,
        user_id integer not null references users (id) on delete cascade,
        other integer references users (id) on update set null deferrable initially deferred
    );
    create index accounts_user_idx on app.accounts (user_id desc, other nulls first);
    create unique index users_name_idx on users (name) include (n);
    comment on table users is 'people';
    comment on column users.name is 'the name';
    comment on index app.accounts_user_idx is 'by user';
    comment on type mood is 'how';
}
MIG
cat >"$P/versions/000000000002_types.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "types"

upgrade {
    alter table users alter column note type varchar(200);
    alter table users alter column n type bigint;
    alter table users add column cnt integer default 3;
    alter table users alter column cnt type text;
}
MIG
# the same project with a check constraint: not predicted
cp -r "$P" "$work/chk"
cat >"$work/chk/versions/000000000003_check.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "check"

upgrade {
    alter table users add constraint users_n_check check (n >= 0);
}
MIG

ok "migc build: the project" "$MIGC" -C "$P" build -o "$work/pred-migrate"
ok "migc build: with a check constraint" "$MIGC" -C "$work/chk" build -o "$work/chk-migrate"
F=$work/pred-migrate

e2e_pg_start

pg_fresh_db pred
"$F" --url "$(e2e_url pred)" upgrade head >/dev/null 2>&1
e2e_check_logged "$F" pred
is "$rc" 0 "at the head: check exits 0"
contains "$out" "clean: the database matches revision 000000000002 (head)" "at the head: clean"
lacks "$log" 'CREATE SCHEMA "migc_expected_' "at the head: nothing is built, the prediction matched"
lacks "$log" "migc_check_model" "at the head: no model statement ran"
e2e_q pred "create statistics st on n, small from users" >/dev/null
json=$("$F" --url "$(e2e_url pred)" check --format json 2>/dev/null)
is "$json" '{"revision": "000000000002", "clean": true, "consistent": true, "differences": [], "not_compared": ["statistics public.st"]}' \
	"at the head, --format json: clean, what is not compared still named"

# drifted FIELD SQL EXPECTED: runs SQL, checks, expects exit 1, output
# holding EXPECTED and the scratch build, then puts things back with a
# fresh database
drifted() {
	pg_fresh_db pred
	"$F" --url "$(e2e_url pred)" upgrade head >/dev/null 2>&1
	e2e_q pred "$2" >/dev/null
	e2e_check_logged "$F" pred
	is "$rc" 1 "$1: check exits 1"
	contains "$out" "$3" "$1: reported"
	contains "$log" 'CREATE SCHEMA "migc_expected_public"' "$1: reported from the scratch build"
}
drifted "a column's type" "alter table users alter column name type varchar(90)" \
"differs:
  column public.users.name
      expected: \"name\" character varying(80) NOT NULL DEFAULT 'x'::character varying
      database: \"name\" character varying(90) NOT NULL DEFAULT 'x'::character varying"
drifted "not null" "alter table users alter column n drop not null" \
"      expected: \"n\" bigint NOT NULL DEFAULT 0
      database: \"n\" bigint DEFAULT 0"
drifted "a default" "alter table users alter column n set default 1" \
"      database: \"n\" bigint NOT NULL DEFAULT 1"
drifted "a default kept through a type change" "alter table users alter column cnt set default '3'" \
"      expected: \"cnt\" text DEFAULT 3
      database: \"cnt\" text DEFAULT '3'::text"
drifted "a serial column" "alter table users alter column id drop default" \
"      expected: \"id\" serial NOT NULL
      database: \"id\" integer NOT NULL"
drifted "a primary key" "alter table app.accounts drop constraint accounts_pkey" \
"missing in database:
  constraint app.accounts.accounts_pkey"
drifted "a unique constraint" "alter table users drop constraint users_email_key" \
"missing in database:
  constraint public.users.users_email_key"
drifted "a foreign key's action" \
	"alter table app.accounts drop constraint accounts_other_fkey, add constraint accounts_other_fkey foreign key (other) references users (id) on update set null" \
"  constraint app.accounts.accounts_other_fkey
      expected: ALTER TABLE \"app\".\"accounts\" ADD CONSTRAINT \"accounts_other_fkey\" FOREIGN KEY (\"other\") REFERENCES \"public\".\"users\" (\"id\") ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED
      database: ALTER TABLE \"app\".\"accounts\" ADD CONSTRAINT \"accounts_other_fkey\" FOREIGN KEY (\"other\") REFERENCES \"public\".\"users\" (\"id\") ON UPDATE SET NULL"
drifted "an index's ordering" \
	"drop index app.accounts_user_idx; create index accounts_user_idx on app.accounts (user_id, other nulls first); comment on index app.accounts_user_idx is 'by user'" \
"      expected: CREATE INDEX \"accounts_user_idx\" ON \"app\".\"accounts\" (\"user_id\" DESC, \"other\" NULLS FIRST)
      database: CREATE INDEX \"accounts_user_idx\" ON \"app\".\"accounts\" (\"user_id\", \"other\" NULLS FIRST)"
drifted "an index's include" \
	"drop index users_name_idx; create unique index users_name_idx on users (name)" \
"      expected: CREATE UNIQUE INDEX \"users_name_idx\" ON \"public\".\"users\" (\"name\") INCLUDE (\"n\")"
drifted "a comment" "comment on column users.name is 'a name'" \
"      expected: COMMENT ON COLUMN \"public\".\"users\".\"name\" IS 'the name'
      database: COMMENT ON COLUMN \"public\".\"users\".\"name\" IS 'a name'"
drifted "an enum" "alter type mood add value 'c'" \
"      expected: CREATE TYPE \"public\".\"mood\" AS ENUM ('a', 'it''s')
      database: CREATE TYPE \"public\".\"mood\" AS ENUM ('a', 'it''s', 'c')"
drifted "a table" "create table extra (x int)" \
"not expected:
  table public.extra"
drifted "a schema" "drop schema app cascade" \
"  schema app
      CREATE SCHEMA \"app\""

# a check constraint: its table (and what that names) is built on the
# server, the rest predicted (plan ABI 8; 94-drift-partial.t), not the
# whole model
pg_fresh_db chk
"$work/chk-migrate" --url "$(e2e_url chk)" upgrade head >/dev/null 2>&1
e2e_check_logged "$work/chk-migrate" chk
is "$rc" 0 "with a check constraint: check exits 0"
contains "$out" "clean: the database matches revision 000000000003 (head)" "with a check constraint: clean"
contains "$log" "SAVEPOINT migc_check_partial" "with a check constraint: its table built on the server"
lacks "$log" "SAVEPOINT migc_check_model" "with a check constraint: not the whole model"

done_testing
