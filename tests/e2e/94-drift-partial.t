#!/bin/sh
# tests/e2e/94-drift-partial.t - the migrator's `check` at a head whose
# catalog read the compiler can predict only in part (plan ABI 8): the
# tables it cannot print (a check constraint, an expression index, a
# partial index, a default it does not know) are built on the server with
# what they need, the rest is predicted, and the two reads are merged
# (docs/migrator.md, check).
#
# Which way it went is read from the server's log (log_statement=all for
# check's session only).  A clean database is clean with only that closure
# built; drift in a predicted table and in a server-built object is each
# reported with the message the full build gives (the same text as the
# history replay, which is checked too, through a project that cannot use
# the model: one that drops a schema, which keeps the full replay,
# plan_hist.c).  Views are 94-drift-hist.t's.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/part
mkdir -p "$P/versions"
printf 'name = part\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create schema app;
    create table users (
        id serial primary key,
        email text not null unique,
        n integer not null default 0
    );
    create table app.accounts (
        id bigserial primary key,
        user_id integer not null references users (id) on delete cascade,
        note text
    );
    create table items (
        id bigint primary key,
        name text not null,
        qty integer not null,
        owner integer references users (id)
    );
    create table other (id integer primary key, v text);
    create table lonely (id bigint primary key, at timestamptz default now());
    create table stamps (id bigint primary key, at timestamp default (now() at time zone 'utc'));
    alter table items add constraint items_qty_check check (qty >= 0);
    create index users_lower_idx on users (lower(email));
    create index other_v_idx on other (v) where v is not null;
    comment on table lonely is 'alone';
}
MIG
# the same project with a schema created (with a view) and dropped: check replays the
# whole history there (plan_hist.c refuses a dropped schema), which is what
# the messages below are compared with
cp -r "$P" "$work/rep"
cat >"$work/rep/versions/000000000002_exec.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "a schema for a while"

upgrade {
    create schema passing;
    create view passing.v as select 1 as one;
    drop schema passing cascade;
}

downgrade {
    create schema passing;
    create view passing.v as select 1 as one;
    drop schema passing cascade;
}
MIG

ok "migc build: the project" "$MIGC" -C "$P" build -o "$work/part-migrate"
ok "migc build: with a dropped schema" "$MIGC" -C "$work/rep" build -o "$work/rep-migrate"
F=$work/part-migrate
"$MIGC" -C "$P" build --emit-c "$work/part.c" 2>/dev/null
contains "$(cat "$work/part.c")" ".check_partial = partial_0" "the plan holds a partial prediction"
"$MIGC" -C "$work/rep" build --emit-c "$work/rep.c" 2>/dev/null
lacks "$(cat "$work/rep.c")" ".check_catalog_exact = 1" "the reference project's plan holds no prediction (the full replay)"

e2e_pg_start
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
q() { psql -X -A -t -q -d "$1" -c "$2"; }
# logged BINARY DB: runs check with every statement logged; sets out
# (stdout and stderr), rc, and log (the server log lines it wrote)
logged() {
	n=$(wc -l <"$PG_DIR/server.log")
	out=$(PGOPTIONS="-c log_statement=all" "$1" --url "$(url "$2")" check 2>&1)
	rc=$?
	log=$(tail -n +"$((n + 1))" "$PG_DIR/server.log")
}

pg_fresh_db part
"$F" --url "$(url part)" upgrade head >/dev/null 2>&1
logged "$F" part
is "$rc" 0 "at the head: check exits 0"
contains "$out" "clean: the database matches revision 000000000001 (head)" "at the head: clean"
contains "$log" "SAVEPOINT migc_check_partial" "at the head: the closure is built"
contains "$log" 'CREATE TABLE "migc_expected_public"."items"' "the table with a check constraint is built"
contains "$log" 'CREATE INDEX "users_lower_idx" ON "migc_expected_public"."users"' "the expression index is built"
contains "$log" 'CREATE INDEX "other_v_idx" ON "migc_expected_public"."other"' "the partial index is built"
contains "$log" 'CREATE TABLE "migc_expected_public"."stamps"' "the table with an unpredicted default is built"
contains "$log" 'CREATE TABLE "migc_expected_public"."users"' "a table the closure names (a foreign key's) is built"
lacks "$log" 'CREATE TABLE "migc_expected_public"."lonely"' "a predicted table is not built"
lacks "$log" '"migc_expected_app"."accounts"' "a predicted table in another schema is not built"
lacks "$log" "migc_check_model" "the whole model is not built"
json=$("$F" --url "$(url part)" check --format json 2>/dev/null)
is "$json" '{"revision": "000000000001", "clean": true, "consistent": true, "differences": [], "not_compared": []}' \
	"at the head, --format json: clean"

pg_fresh_db rep
"$work/rep-migrate" --url "$(url rep)" upgrade head >/dev/null 2>&1
out=$("$work/rep-migrate" --url "$(url rep)" check 2>&1)
contains "$out" "clean: the database matches" "the reference project at the head: clean"
lacks "$out" "NOTICE" "the replay's own notices (drop cascades to a scratch view) are not shown"

# drifted WHAT SQL EXPECTED: applies SQL to a fresh database at the head of
# each project, checks both, expects exit 1 and EXPECTED in the output,
# the full build after the partial one, and the replay's differences (all
# but the last line, which names the revision)
drifted() {
	pg_fresh_db part
	"$F" --url "$(url part)" upgrade head >/dev/null 2>&1
	q part "$2" >/dev/null
	logged "$F" part
	is "$rc" 1 "$1: check exits 1"
	contains "$out" "$3" "$1: reported"
	contains "$log" "SAVEPOINT migc_check_model" "$1: reported from the full build"
	pg_fresh_db rep
	"$work/rep-migrate" --url "$(url rep)" upgrade head >/dev/null 2>&1
	q rep "$2" >/dev/null
	want=$("$work/rep-migrate" --url "$(url rep)" check 2>&1 | sed '$d')
	is "$(echo "$out" | sed '$d')" "$want" "$1: the same differences as the history replay"
}
drifted "a predicted table" "alter table lonely alter column at drop default" \
"differs:
  column public.lonely.at
      expected: \"at\" timestamp with time zone DEFAULT now()
      database: \"at\" timestamp with time zone"
drifted "a check constraint built on the server" \
	"alter table items drop constraint items_qty_check, add constraint items_qty_check check (qty > 0)" \
"  constraint public.items.items_qty_check
      expected: ALTER TABLE \"public\".\"items\" ADD CONSTRAINT \"items_qty_check\" CHECK ((qty >= 0))
      database: ALTER TABLE \"public\".\"items\" ADD CONSTRAINT \"items_qty_check\" CHECK ((qty > 0))"
drifted "an expression index built on the server" \
	"drop index users_lower_idx; create index users_lower_idx on users (upper(email))" \
"  index public.users_lower_idx
      expected: CREATE INDEX \"users_lower_idx\" ON \"public\".\"users\" (lower(email))"
drifted "both at once" \
	"alter table app.accounts drop column note; alter table stamps alter column at set default now()" \
"missing in database:
  column app.accounts.note"

done_testing
