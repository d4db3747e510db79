#!/bin/sh
# tests/e2e/94-drift-hist.t - the migrator's `check` at a head whose history
# has what the model cannot restate (plain SQL: a view, a function, a
# trigger; a partition statement): only the history closure (plan ABI 9,
# compiler/out/plan_hist.c) - those objects, what they name, and every
# statement of the history that changes them - is replayed on the server;
# the rest is predicted from the model as before (docs/migrator.md, check).
#
# Which way check went is read from the server's log (log_statement=all for
# check's session only).  Drift in a predicted table (one with a foreign
# key to the view's table among them), in the view, in the
# trigger and in its function is each reported with the text the full
# history replay gives (a copy of the project with a dropped schema in its
# history, which the closure refuses, is the reference).  A view on
# `select *` of a table that later got a column keeps the columns it had:
# clean on a fresh upgrade, drift when recreated by hand - the reason the
# history, not the model, is replayed for views.  A table renamed under a
# view, a function in another table's default and a sequence in another
# table's nextval are clean, and drift in each is reported as the full
# replay reports it.  A history with an attach
# partition is clean too; an enum value added and used in the closure
# makes check fall back to the committed build, still clean.
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
    create table posts (id bigint primary key, user_id integer references users (id));
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
lacks "$log" '"migc_expected_public"."posts"' "a table whose foreign key references the view's table is not replayed"
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
drifted "a foreign key to the view's table" \
	"alter table posts drop constraint posts_user_id_fkey" "constraint public.posts.posts_user_id_fkey"
drifted "the view" "create or replace view user_emails as select id, email, 1 as one from users" \
	"view public.user_emails"
drifted "the function" \
	"create or replace function touch() returns trigger language plpgsql as \$\$ begin return new; end \$\$" \
	"function public.touch()"
drifted "the trigger" "drop trigger audit_touch on audit" "trigger public.audit.audit_touch"
drifted "the select * view recreated with the new column" \
	"drop view lonely_all; create view lonely_all as select * from lonely" "view public.lonely_all"

# a renamed table under a view, a function in another table's default, a
# sequence in another table's nextval: clean, and each drift reported as
# the full replay reports it
P4=$work/ren
mkdir -p "$P4/versions"
printf 'name = ren\n' >"$P4/migc.conf"
cat >"$P4/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create table t (id bigint primary key, a text);
    create function f() returns integer language sql as $$ select 7 $$;
    create table z (id bigint primary key, n integer default f());
    create view tv as select * from t;
    create sequence s;
    create table w (id bigint primary key default nextval('s'));
}
MIG
cat >"$P4/versions/000000000002_ren.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "rename"

upgrade {
    alter table t rename to t2;
    alter table t2 add column b integer;
    alter table t2 rename column a to aa;
    create index t2_b_idx on t2 (b);
    comment on table t2 is 'renamed';
}
MIG
cp -r "$P4" "$work/ren-rep"
sed 's/parent   000000000003/parent   000000000002/; s/revision 000000000004/revision 000000000003/' \
	"$work/rep/versions/000000000004_tmp.mig" >"$work/ren-rep/versions/000000000003_tmp.mig"
ok "migc build: a renamed table under a view" "$MIGC" -C "$P4" build -o "$work/ren-migrate"
ok "migc build: its reference" "$MIGC" -C "$work/ren-rep" build -o "$work/ren-rep-migrate"
pg_fresh_db ren
"$work/ren-migrate" --url "$(e2e_url ren)" upgrade head >/dev/null 2>&1
e2e_check_logged "$work/ren-migrate" ren
is "$rc" 0 "renamed table: check exits 0"
contains "$log" "RELEASE SAVEPOINT migc_check_partial" "renamed table: the closure is built"
for sql in "alter table z alter column n set default 0" \
	"create or replace function f() returns integer language sql as \$\$ select 8 \$\$" \
	"alter table t2 drop column b" "alter sequence s increment by 2" \
	"comment on table t2 is 'x'" "drop view tv; create view tv as select * from t2"; do
	pg_fresh_db ren
	"$work/ren-migrate" --url "$(e2e_url ren)" upgrade head >/dev/null 2>&1
	q ren "$sql" >/dev/null
	out=$("$work/ren-migrate" --url "$(e2e_url ren)" check 2>&1)
	is "$?" 1 "renamed table, $sql: check exits 1"
	pg_fresh_db rep
	"$work/ren-rep-migrate" --url "$(e2e_url rep)" upgrade head >/dev/null 2>&1
	q rep "$sql" >/dev/null
	want=$("$work/ren-rep-migrate" --url "$(e2e_url rep)" check 2>&1 | sed '$d')
	is "$(echo "$out" | sed '$d')" "$want" "renamed table, $sql: the same differences as the history replay"
done

# a history with an attach partition: the partitions are replayed, the
# unrelated table is not
P2=$work/part
mkdir -p "$P2/versions"
printf 'name = part\n' >"$P2/migc.conf"
cat >"$P2/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create table events (id bigint not null, at date not null) partition by range (at);
    create table events_2024 (id bigint not null, at date not null);
    alter table events attach partition events_2024
        for values from ('2024-01-01') to ('2025-01-01');
    create table plain (id bigint primary key, v text);
    alter table plain add column w text;
}
MIG
ok "migc build: a history with an attach partition" "$MIGC" -C "$P2" build -o "$work/part-migrate"
pg_fresh_db part
"$work/part-migrate" --url "$(e2e_url part)" upgrade head >/dev/null 2>&1
e2e_check_logged "$work/part-migrate" part
is "$rc" 0 "attach partition: check exits 0"
contains "$out" "clean: the database matches revision 000000000001 (head)" "attach partition: clean"
contains "$log" 'ATTACH PARTITION "migc_expected_public"."events_2024"' "attach partition: replayed"
lacks "$log" '"migc_expected_public"."plain"' "attach partition: the unrelated table is not replayed"
q part "alter table events add column note text" >/dev/null
e2e_check_logged "$work/part-migrate" part
is "$rc" 1 "attach partition: a column added to the partitioned table: check exits 1"
contains "$out" "column public.events.note" "attach partition: the column is reported"

# an enum value added by one revision and used by a later one, both in the
# closure: PostgreSQL refuses that in one transaction, so check falls back
# to its other paths (the committed build) and is still clean
P3=$work/enum
mkdir -p "$P3/versions"
printf 'name = enum\n' >"$P3/migc.conf"
cat >"$P3/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create type st as enum ('a', 'b');
    create table jobs (id bigint primary key, s st not null default 'a');
}
MIG
cat >"$P3/versions/000000000002_c.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "c"
inexact_downgrade

upgrade {
    alter type st add value 'c';
}
downgrade {
}
MIG
cat >"$P3/versions/000000000003_use.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "use"

upgrade {
    alter table jobs alter column s set default 'c';
    create view jobs_c as select id from jobs where s = 'c';
}
MIG
ok "migc build: an enum value used after it was added" "$MIGC" -C "$P3" build -o "$work/enum-migrate"
pg_fresh_db enum
"$work/enum-migrate" --url "$(e2e_url enum)" upgrade head >/dev/null 2>&1
e2e_check_logged "$work/enum-migrate" enum
is "$rc" 0 "enum value: check exits 0"
contains "$out" "clean: the database matches revision 000000000003 (head)" "enum value: clean"
contains "$log" "ROLLBACK TO SAVEPOINT migc_check_partial" "enum value: the closure is refused"
contains "$out" "building the expected schema committed" "enum value: the committed build is announced"


# heads autogenerate cannot write back whole (a renamed function under an
# aggregate and a renamed procedure; a partitioned table whose parent alone
# got a default): the model statements are written only for what the
# closure does not build (plan_hist_model.c), so the head is still predicted
# but for the closure, even where the rest names the closure's objects (a
# foreign key to the procedure's table).  hist_rep PROJ: a copy of PROJ (head 000000000002)
# with a dropped schema in its history, built as PROJ-rep-migrate, the full
# replay's reference.  hist_drift PROJ DB SQL WHAT: SQL on a fresh database
# at the head of each is reported as WHAT, as the full replay reports it.
hist_rep() {
	cp -r "$work/$1" "$work/$1-rep"
	sed 's/parent   000000000003/parent   000000000002/; s/revision 000000000004/revision 000000000003/' \
		"$work/rep/versions/000000000004_tmp.mig" >"$work/$1-rep/versions/000000000003_tmp.mig"
	ok "migc build: $1" "$MIGC" -C "$work/$1" build -o "$work/$1-migrate"
	ok "migc build: $1's reference" "$MIGC" -C "$work/$1-rep" build -o "$work/$1-rep-migrate"
}
hist_drift() {
	pg_fresh_db "$2"
	"$work/$1-migrate" --url "$(e2e_url "$2")" upgrade head >/dev/null 2>&1
	q "$2" "$3" >/dev/null
	e2e_check_logged "$work/$1-migrate" "$2"
	is "$rc" 1 "$1, $3: check exits 1"
	contains "$out" "$4" "$1, $3: reported"
	pg_fresh_db rep
	"$work/$1-rep-migrate" --url "$(e2e_url rep)" upgrade head >/dev/null 2>&1
	q rep "$3" >/dev/null
	want=$("$work/$1-rep-migrate" --url "$(e2e_url rep)" check 2>&1 | sed '$d')
	is "$(echo "$out" | sed '$d')" "$want" "$1, $3: the same differences as the history replay"
}
P5=$work/proc
mkdir -p "$P5/versions"
printf 'name = proc\n' >"$P5/migc.conf"
cat >"$P5/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create table acc (id bigint primary key, n integer not null default 0);
    create table plain (id bigint primary key, v text);
    create table ledger (id bigint primary key, acc_id bigint references acc (id));
    create function add2(a int, b int) returns int language sql immutable as 'select a + b';
    create procedure reset_acc(int) language sql as $$ update acc set n = 0 where id = $1 $$;
    create aggregate sum2(int) (sfunc = add2, stype = int, initcond = '0');
}
MIG
cat >"$P5/versions/000000000002_more.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "more"

upgrade {
    alter table plain add column w text;
    alter function add2(int, int) rename to plus2;
    alter procedure reset_acc(int) rename to zero_acc;
}
MIG
hist_rep proc
"$MIGC" -C "$P5" build --emit-c "$work/proc.c" 2>/dev/null
contains "$(cat "$work/proc.c")" ".check_hist = hist_1" "procedure and aggregate: the plan holds a history closure"
pg_fresh_db proc
"$work/proc-migrate" --url "$(e2e_url proc)" upgrade head >/dev/null 2>&1
e2e_check_logged "$work/proc-migrate" proc
is "$rc" 0 "procedure and aggregate: check exits 0"
contains "$out" "clean: the database matches revision 000000000002 (head)" "procedure and aggregate: clean"
contains "$log" "RELEASE SAVEPOINT migc_check_partial" "procedure and aggregate: the closure is built"
contains "$log" "create aggregate sum2(int)" "procedure and aggregate: the aggregate is replayed"
contains "$log" "alter procedure reset_acc(int) rename to zero_acc" "procedure and aggregate: the rename is replayed"
contains "$log" 'CREATE TABLE "migc_expected_public"."acc"' "procedure and aggregate: the procedure's table is replayed"
lacks "$log" '"migc_expected_public"."plain"' "procedure and aggregate: the other table is not built"
lacks "$log" '"migc_expected_public"."ledger"' \
	"procedure and aggregate: a table with a foreign key to the procedure's table is not built"
lacks "$log" "migc_check_model" "procedure and aggregate: nothing else is built"
hist_drift proc proc "alter table plain alter column w set default 'x'" "column public.plain.w"
hist_drift proc proc "drop aggregate sum2(int)" "aggregate public.sum2"
hist_drift proc proc "alter table ledger drop constraint ledger_acc_id_fkey" \
	"constraint public.ledger.ledger_acc_id_fkey"

P6=$work/natpart
mkdir -p "$P6/versions"
printf 'name = natpart\n' >"$P6/migc.conf"
cat >"$P6/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create table events (id bigint not null, at date not null) partition by range (at);
    create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
    create table events_rest partition of events default;
    create table plain (id bigint primary key, v text);
    create view recent as select id, at from events where at > '2024-06-01';
}
MIG
cat >"$P6/versions/000000000002_more.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "more"

upgrade {
    alter table events add column note text;
    alter table only events alter column note set default 'x';
    alter table plain add column w text;
}
MIG
hist_rep natpart
"$MIGC" -C "$P6" build --emit-c "$work/natpart.c" 2>/dev/null
contains "$(cat "$work/natpart.c")" ".check_hist = hist_1" "native partitions: the plan holds a history closure"
pg_fresh_db natpart
"$work/natpart-migrate" --url "$(e2e_url natpart)" upgrade head >/dev/null 2>&1
e2e_check_logged "$work/natpart-migrate" natpart
is "$rc" 0 "native partitions: check exits 0"
contains "$out" "clean: the database matches revision 000000000002 (head)" "native partitions: clean"
contains "$log" "RELEASE SAVEPOINT migc_check_partial" "native partitions: the closure is built"
contains "$log" 'ALTER TABLE ONLY "migc_expected_public"."events" ALTER COLUMN "note" SET DEFAULT' \
	"native partitions: the parent's own default is replayed"
contains "$log" "create view recent as select" "native partitions: the view is replayed"
lacks "$log" '"migc_expected_public"."plain"' "native partitions: the other table is not built"
lacks "$log" "migc_check_model" "native partitions: nothing else is built"
hist_drift natpart natpart "alter table plain alter column w set default 'x'" "column public.plain.w"
hist_drift natpart natpart "alter table events_rest alter column note set default 'x'" \
	"column public.events_rest.note"

done_testing
