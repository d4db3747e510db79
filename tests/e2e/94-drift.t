#!/bin/sh
# tests/e2e/94-drift.t - the migrator's `check`: drift detection.
#
# A clean database checks clean (blog, and a project with enums, foreign
# keys, checks, partial and expression indexes, now() next to
# CURRENT_TIMESTAMP, literal defaults, identity, serial and a second
# schema), at the head and after downgrade -1; every kind of drift made by
# hand with psql is listed with the right text and JSON; exit statuses;
# check leaves nothing behind (pg_dump --schema-only identical, no
# migc_expected_* schema); several applied heads compare against the union.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/shop
mkdir -p "$P/versions"
printf 'name = shop\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create type mood as enum ('happy', 'sad');
    create schema app;
    create type app.tier as enum ('free', 'paid');
    create table users (
        id serial primary key,
        email varchar(200) not null unique,
        name text default 'x',
        created_at timestamptz not null default now(),
        seen_at timestamp default CURRENT_TIMESTAMP,
        mood mood not null default 'happy',
        score integer check (score >= 0)
    );
    create table app.accounts (
        id bigint generated always as identity primary key,
        user_id integer not null references users (id) on delete cascade,
        tier app.tier not null default 'free',
        balance numeric(12,2) not null default 0,
        constraint balance_nonneg check (balance >= 0)
    );
    create index users_lower_email_idx on users ((lower(email)));
    create index accounts_paid_idx on app.accounts (user_id) where tier = 'paid';
    comment on table users is 'people';
    comment on column app.accounts.balance is 'in cents';
}
downgrade {
    drop table app.accounts;
    drop table users;
    drop type app.tier;
    drop schema app;
    drop type mood;
}
MIG
cat >"$P/versions/000000000002_meh.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "meh"
inexact_downgrade

upgrade {
    alter type mood add value 'meh';
}
downgrade {
}
MIG
cat >"$P/versions/000000000003_idx.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "concurrent index"
no_transaction

upgrade {
    create index concurrently users_created_idx on users (created_at desc);
}
MIG
cat >"$P/versions/000000000004_events.mig" <<'MIG'
revision 000000000004
parent   000000000003
message  "events"

upgrade {
    alter table users add column nick text not null default 'anon';
    create table app.events (
        id bigserial primary key,
        account_id bigint references app.accounts (id),
        kind mood default 'meh',
        at date default current_date
    );
    execute $$ update users set name = 'y' where name is null $$;
}
downgrade {
    execute $$ select 1 $$;
    drop table app.events;
    alter table users drop column nick;
}
MIG

ok "migc build: blog" "$MIGC" -C examples/blog build -o "$work/blog-migrate"
ok "migc build: shop" "$MIGC" -C "$P" build -o "$work/shop-migrate"
B=$work/blog-migrate
S=$work/shop-migrate

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=${2:-$PGUSER}"; }
# byte for byte, but for the random key of the \restrict lines (pg_dump 15.14+)
dump() { "$PG_DUMP" --schema-only --no-owner --no-privileges -d "$1" | awk '!/^\\(un)?restrict /'; }
q() { psql -X -A -t -q -d "$1" -c "$2"; }
scratch() { q "$1" "select count(*) from pg_namespace where nspname like 'migc\_expected\_%'"; }
# json DB FIELD-EXPRESSION: evaluates a Python expression over the parsed
# check --format json output `j` of $S against DB
json() {
	"$S" --url "$(url "$1")" check --format json >"$work/j.json" 2>/dev/null
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$work/j.json"
}

# ---- blog: clean, JSON, nothing left behind -------------------------------
pg_fresh_db blog
out=$("$B" --url "$(url blog)" check 2>&1)
is "$?" 0 "check on an empty database exits 0"
contains "$out" "clean: the database matches revision base" "nothing applied: the expected schema is empty"
"$B" --url "$(url blog)" upgrade head >/dev/null 2>&1
dump blog >"$work/before.sql"
out=$("$B" --url "$(url blog)" check 2>&1)
is "$?" 0 "blog at head: check exits 0"
contains "$out" "clean: the database matches revision 5e6f708192a3 (head)" "blog at head: clean"
"$B" --url "$(url blog)" check --format json >"$work/b.json" 2>&1
is "$?" 0 "blog: check --format json exits 0"
is "$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["revision"], j["clean"], j["consistent"], j["differences"])' "$work/b.json")" \
	"5e6f708192a3 True True []" "blog: JSON says clean"
dump blog >"$work/after.sql"
ok "check leaves pg_dump --schema-only byte-identical" cmp "$work/before.sql" "$work/after.sql"
is "$(scratch blog)" 0 "no migc_expected_* schema is left"

# ---- shop: clean at head (enum values used after they were added) ---------
pg_fresh_db shop
out=$("$S" --url "$(url shop)" upgrade head 2>&1)
is "$?" 0 "shop: upgrade head"
dump shop >"$work/before.sql"
"$S" --url "$(url shop)" check >"$work/out" 2>"$work/err"
is "$?" 0 "shop at head: check exits 0"
contains "$(cat "$work/out")" "clean: the database matches revision 000000000004 (head)" "shop at head: clean"
# shop's history has only execute blocks, which no check replays: it is
# predicted (plan ABI 9), so nothing is built committed (94-drift-hist.t
# checks that fallback with the enum value in a history closure)
lacks "$(cat "$work/err")" "building the expected schema committed" "shop: predicted, nothing built committed"
dump shop >"$work/after.sql"
ok "shop: pg_dump --schema-only identical after check" cmp "$work/before.sql" "$work/after.sql"
is "$(scratch shop)" 0 "shop: no migc_expected_* schema is left"
is "$(json shop 'j["clean"], len(j["differences"])')" "True 0" "shop: JSON clean"

# ---- drift made by hand, one kind at a time, on copies of the clean db ---
psql -X -q -d postgres -c "CREATE DATABASE shop_tpl TEMPLATE shop" >/dev/null
# drift NAME SQL DIFFS TEXT: makes a copy, runs SQL, checks the text output
# contains TEXT and the JSON differences are DIFFS ("kind key; kind key")
drift() {
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS d_$1" -c "CREATE DATABASE d_$1 TEMPLATE shop_tpl" >/dev/null 2>&1
	psql -X -q -v ON_ERROR_STOP=1 -d "d_$1" -c "$2" >/dev/null 2>&1 || echo "# setup of $1 failed"
	out=$("$S" --url "$(url "d_$1")" check 2>/dev/null)
	is "$?" 1 "$1: check exits 1"
	contains "$out" "$4" "$1: text"
	is "$(json "d_$1" '"; ".join(d["kind"] + " " + d["key"] for d in j["differences"]), j["clean"]')" \
		"$3 False" "$1: JSON"
}
drift drop_column "alter table users drop column score" \
	"missing column public.users.score; missing constraint public.users.users_score_check" "missing in database:
  column public.users.score
      \"score\" integer
  constraint public.users.users_score_check
      ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_score_check\" CHECK ((score >= 0))"
drift change_type "alter table users alter column name type varchar(50)" \
	"differs column public.users.name" "differs:
  column public.users.name
      expected: \"name\" text DEFAULT 'x'::text
      database: \"name\" character varying(50) DEFAULT 'x'::text"
drift nullability "alter table users alter column score set not null" \
	"differs column public.users.score" "database: \"score\" integer NOT NULL"
drift default "alter table users alter column nick set default 'someone'" \
	"differs column public.users.nick" "expected: \"nick\" text NOT NULL DEFAULT 'anon'::text"
drift drop_index "drop index users_lower_email_idx" \
	"missing index public.users_lower_email_idx" "CREATE INDEX \"users_lower_email_idx\" ON \"public\".\"users\" (lower((email)::text))"
drift add_index "create index accounts_tier_idx on app.accounts (tier)" \
	"unexpected index app.accounts_tier_idx" "not expected:
  index app.accounts_tier_idx"
drift drop_constraint "alter table app.accounts drop constraint balance_nonneg" \
	"missing constraint app.accounts.balance_nonneg" "CHECK ((balance >= (0)::numeric))"
drift change_check "alter table users drop constraint users_score_check, add constraint users_score_check check (score > 0)" \
	"differs constraint public.users.users_score_check" "database: ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_score_check\" CHECK ((score > 0))"
drift enum_value "alter type app.tier add value 'gold'" \
	"differs enum app.tier" "database: CREATE TYPE \"app\".\"tier\" AS ENUM ('free', 'paid', 'gold')"
drift extra_table "create table app.extra (a int)" \
	"unexpected table app.extra" "not expected:
  table app.extra
      CREATE TABLE \"app\".\"extra\" (\"a\" integer)"
drift drop_fk "alter table app.events drop constraint events_account_id_fkey" \
	"missing constraint app.events.events_account_id_fkey" "ALTER TABLE \"app\".\"events\" ADD CONSTRAINT \"events_account_id_fkey\" FOREIGN KEY (\"account_id\") REFERENCES \"app\".\"accounts\" (\"id\")"
drift comment "comment on column app.accounts.balance is 'in dollars'" \
	"differs comment column app.accounts.balance" "in dollars"

# a table dropped as a whole is one difference, not one per column
psql -X -q -d postgres -c "CREATE DATABASE d_drop_table TEMPLATE shop_tpl" >/dev/null
q d_drop_table "drop table app.events"
is "$(json d_drop_table 'sorted(d["key"] for d in j["differences"] if d["kind"] == "missing")')" \
	"['constraint app.events.events_account_id_fkey', 'constraint app.events.events_pkey', 'table app.events']" \
	"a dropped table: the table and its constraints, its columns folded into it"

# a view made by hand is drift; what migc cannot express (extended
# statistics) is named on stderr, not compared
psql -X -q -d postgres -c "CREATE DATABASE d_view TEMPLATE shop_tpl" >/dev/null
q d_view "create view app.v as select 1 as one"
"$S" --url "$(url d_view)" check >"$work/out" 2>"$work/err"
is "$?" 1 "a view made by hand: drift"
is "$(json d_view '[d["key"] for d in j["differences"]]')" "['view app.v']" "a view made by hand: the one difference"
psql -X -q -d postgres -c "CREATE DATABASE d_stats TEMPLATE shop_tpl" >/dev/null
q d_stats "create statistics app.s on id, account_id from app.events"
"$S" --url "$(url d_stats)" check >"$work/out" 2>"$work/err"
is "$?" 0 "statistics made by hand: not drift"
contains "$(cat "$work/err")" "note: not compared (migc's language cannot express them): statistics app.s" "statistics made by hand: named on stderr"
is "$(json d_stats 'j["not_compared"]')" "['statistics app.s']" "statistics made by hand: JSON not_compared"

# ---- exit statuses and the version table ----------------------------------
"$S" --url "$(url shop)" check extra >/dev/null 2>&1
is "$?" 2 "check with an argument: usage error"
"$S" --url "$(url shop)" check --format xml >/dev/null 2>&1
is "$?" 2 "check --format xml: usage error"
"$S" --url "$(url shop)" branches --format json >/dev/null 2>&1
is "$?" 2 "--format with a command that has no JSON report: usage error"
"$S" --url "postgresql:///shop?host=$PGHOST&port=1&user=postgres" check >/dev/null 2>&1
is "$?" 3 "check cannot connect: exit 3"

psql -X -q -d postgres -c "CREATE DATABASE d_checksum TEMPLATE shop_tpl" >/dev/null
q d_checksum "update migc_version set checksum = repeat('0', 64) where revision = '000000000001'"
out=$("$S" --url "$(url d_checksum)" check 2>&1)
is "$?" 4 "a changed checksum: check exits 4"
contains "$out" "changed after it was applied" "check reports the changed checksum"
contains "$out" "clean: the database matches" "and still compares the schema"
is "$(json d_checksum 'j["consistent"], j["clean"]')" "False True" "JSON: consistent false"

psql -X -q -d postgres -c "CREATE DATABASE d_nontx TEMPLATE shop_tpl" >/dev/null
q d_nontx "update migc_version set duration_ms = -1 where revision = '000000000003'"
out=$("$S" --url "$(url d_nontx)" check 2>&1)
is "$?" 4 "an interrupted no_transaction revision: check exits 4"
contains "$out" "000000000003" "check names the interrupted revision"

# a role without CREATE on the database gets a clear error
q shop "create role drift_ro login; grant select on migc_version to drift_ro" >/dev/null 2>&1
out=$("$S" --url "$(url shop drift_ro)" check 2>&1)
is "$?" 5 "a read-only role: check exits 5"
contains "$out" "check needs the CREATE privilege on database \"shop\", which role \"drift_ro\" lacks" "a read-only role: the error says why"

# scratch schemas left by a killed committed build are dropped by the next
# check (check marks the scratch copy of the default schema as its own when
# it creates it; 45-integrity.t checks that an unmarked one is refused)
q shop "create schema migc_expected_public; comment on schema migc_expected_public is 'migc check: scratch schema, dropped when check ends'; create schema migc_expected_app"
out=$("$S" --url "$(url shop)" check 2>&1)
is "$?" 0 "with a leftover scratch schema: check is clean"
contains "$out" "dropping scratch schema \"migc_expected_app\" left by an interrupted check" "the leftover is named"
is "$(scratch shop)" 0 "and dropped"

# ---- several applied heads: the union of both branches ------------------
M=$work/branches
mkdir -p "$M/versions"
printf 'name = branches\n' >"$M/migc.conf"
mkrev() {
	printf 'revision %s\nparent   %s\n\nupgrade {\n    %s\n}\n' "$1" "$2" "$3" \
		>"$M/versions/$1.mig"
}
mkrev 0000000000a1 base "create table root (id integer primary key);"
mkrev 0000000000b1 0000000000a1 "create table left_side (id integer primary key references root (id));"
mkrev 0000000000c1 0000000000a1 "create table right_side (id integer primary key, note text default 'r');"
mkrev 0000000000d1 "0000000000b1 0000000000c1" "alter table root add column merged boolean not null default false;"
ok "migc build: a history with a branch and a merge" "$MIGC" -C "$M" build -o "$work/branches-migrate"
pg_fresh_db branches
"$work/branches-migrate" --url "$(url branches)" upgrade 0000000000b1 >/dev/null 2>&1
"$work/branches-migrate" --url "$(url branches)" upgrade 0000000000c1 >/dev/null 2>&1
out=$("$work/branches-migrate" --url "$(url branches)" check 2>&1)
is "$?" 0 "both branches applied, not the merge: check exits 0"
contains "$out" "clean: the database matches revision 0000000000b1, 0000000000c1" "both branches applied: clean against the union"
"$work/branches-migrate" --url "$(url branches)" check --format json >"$work/br.json" 2>&1
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["revision"])' "$work/br.json")" \
	"0000000000b1, 0000000000c1" "both branches applied: JSON names both heads"
q branches "drop table right_side"
out=$("$work/branches-migrate" --url "$(url branches)" check 2>&1)
is "$?" 1 "a branch's table dropped by hand: drift"
contains "$out" "  table public.right_side
      CREATE TABLE \"public\".\"right_side\"" "a branch's table dropped by hand: named"

# ---- a non-head revision: after downgrade -1 ------------------------------
ok "shop: downgrade -1" "$S" --url "$(url shop)" downgrade -1
dump shop >"$work/before.sql"
"$S" --url "$(url shop)" check >"$work/out" 2>"$work/err"
is "$?" 0 "at 000000000003: check exits 0"
contains "$(cat "$work/out")" "clean: the database matches revision 000000000003" "at 000000000003: clean"
is "$(cat "$work/err")" "" "at 000000000003: one rolled-back transaction, nothing on stderr"
dump shop >"$work/after.sql"
ok "at 000000000003: pg_dump identical after check" cmp "$work/before.sql" "$work/after.sql"
is "$(scratch shop)" 0 "at 000000000003: no migc_expected_* schema"
q shop "alter table users add column nick text"
out=$("$S" --url "$(url shop)" check 2>&1)
is "$?" 1 "at 000000000003: a column of a later revision is drift"
contains "$out" "not expected:
  column public.users.nick" "at 000000000003: the column is not expected"

done_testing
