#!/bin/sh
# tests/e2e/94-drift-hist.t - the migrator's `check` at a head whose history
# has what the model cannot restate (plain SQL: a view, a function, a
# trigger; a partition statement): only the history closure (plan ABI 9,
# compiler/out/plan_hist.c) - those objects, what they name, and every
# statement of the history that names them - is replayed on the server;
# the rest is predicted from the model as before (docs/migrator.md, check).
#
# Which way check went is read from the server's log (log_statement=all for
# check's session only).  Drift in a predicted table, in the view, in the
# trigger and in its function is each reported with the text the full
# history replay gives (a copy of the project with a dropped schema in its
# history, which the closure refuses, is the reference).  A view on
# `select *` of a table that later got a column keeps the columns it had:
# clean on a fresh upgrade, drift when recreated by hand - the reason the
# history, not the model, is replayed for views.  A history with an attach
# partition is clean too.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/hist
mkdir -p "$P/versions"
printf 'name = hist\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create schema app;
    create table users (
        id serial primary key,
        email text not null unique
    );
    create table audit (
        id bigserial primary key,
        at timestamptz default now(),
        what text
    );
    create table lonely (id bigint primary key, v text);
    create table other (id integer primary key, note text);
    create table app.things (id integer primary key, qty integer check (qty >= 0));
}
MIG
cat >"$P/versions/000000000002_plain.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "plain SQL"

upgrade {
    create view user_emails as select id, email from users;
    create view lonely_all as select * from lonely;
    create function touch() returns trigger language plpgsql
        as $$ begin new.at := now(); return new; end $$;
    create trigger audit_touch before update on audit
        for each row execute function touch();
}
MIG
cat >"$P/versions/000000000003_more.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "more"

upgrade {
    alter table other add column c1 integer;
    alter table other add column c2 text;
    alter table other add column c3 bigint;
    alter table other alter column note set not null;
    create index other_c1_idx on other (c1);
    alter table lonely add column w text;
}
MIG
# the reference: the same history with a schema dropped in it, which sends
# check to the full replay
cp -r "$P" "$work/rep"
cat >"$work/rep/versions/000000000004_tmp.mig" <<'MIG'
revision 000000000004
parent   000000000003
message  "tmp"

upgrade {
    create schema tmp;
    drop schema tmp;
}

downgrade {
    create schema tmp;
    drop schema tmp;
}
MIG

ok "migc build: the project" "$MIGC" -C "$P" build -o "$work/hist-migrate"
ok "migc build: the reference" "$MIGC" -C "$work/rep" build -o "$work/rep-migrate"
F=$work/hist-migrate
"$MIGC" -C "$P" build --emit-c "$work/hist.c" 2>/dev/null
contains "$(cat "$work/hist.c")" ".check_hist = hist_2" "the plan holds a history closure"

e2e_pg_start
q() { psql -X -A -t -q -d "$1" -c "$2"; }

pg_fresh_db hist
"$F" --url "$(e2e_url hist)" upgrade head >/dev/null 2>&1
e2e_check_logged "$F" hist
is "$rc" 0 "at the head: check exits 0"
contains "$out" "clean: the database matches revision 000000000003 (head)" "at the head: clean"
contains "$log" "SAVEPOINT migc_check_partial" "at the head: the closure is built"
contains "$log" "create view user_emails as select id, email from users" "the view is replayed"
contains "$log" "create trigger audit_touch before update on audit" "the trigger is replayed"
contains "$log" 'CREATE TABLE "migc_expected_public"."users"' "the view's table is replayed"
contains "$log" 'ALTER TABLE "migc_expected_public"."lonely" ADD COLUMN "w" text' \
	"the later change of the select * view's table is replayed"
lacks "$log" '"migc_expected_public"."other"' "an unrelated table altered many times is not replayed"
contains "$log" 'CREATE TABLE "migc_expected_app"."things"' "the unpredicted table is built (from the model)"
lacks "$log" "migc_check_model" "nothing else is built"

pg_fresh_db rep
"$work/rep-migrate" --url "$(e2e_url rep)" upgrade head >/dev/null 2>&1

# drifted WHAT SQL EXPECTED: applies SQL to a fresh database at the head of
# each project, checks both, expects exit 1 and EXPECTED in the output, the
# full build after the closure, and the replay's differences (all but the
# last line, which names the revision)
drifted() {
	pg_fresh_db hist
	"$F" --url "$(e2e_url hist)" upgrade head >/dev/null 2>&1
	q hist "$2" >/dev/null
	e2e_check_logged "$F" hist
	is "$rc" 1 "$1: check exits 1"
	contains "$out" "$3" "$1: reported"
	pg_fresh_db rep
	"$work/rep-migrate" --url "$(e2e_url rep)" upgrade head >/dev/null 2>&1
	q rep "$2" >/dev/null
	want=$("$work/rep-migrate" --url "$(e2e_url rep)" check 2>&1 | sed '$d')
	is "$(echo "$out" | sed '$d')" "$want" "$1: the same differences as the history replay"
}
drifted "a predicted table" "alter table other alter column c2 set default 'x'" \
	"column public.other.c2"
drifted "the view" "create or replace view user_emails as select id, email, 1 as one from users" \
	"view public.user_emails"
drifted "the function" \
	"create or replace function touch() returns trigger language plpgsql as \$\$ begin return new; end \$\$" \
	"function public.touch()"
drifted "the trigger" "drop trigger audit_touch on audit" "trigger public.audit.audit_touch"
drifted "the select * view recreated with the new column" \
	"drop view lonely_all; create view lonely_all as select * from lonely" "view public.lonely_all"

done_testing
