#!/bin/sh
# tests/e2e/91-cov-views.t - views, materialized views, functions,
# procedures and triggers, end to end.
#
# A database built with plain SQL (tests/e2e/views/app.sql: views on
# views, a materialized view on a view in another schema, keyword and
# mixed-case names, column lists, a check option; a PL/pgSQL trigger
# function and its trigger, a SQL function a view calls, a procedure) is
# adopted with
# `migc init --from-url`; the adopted project builds, a fresh database
# upgraded with it dumps exactly as the original (pg_dump --schema-only,
# every object), and `migc diff --url` and the migrator's `check` find
# no difference.  Then a revision that replaces, renames and drops views
# (with its downgrade derived by migc), also replacing a function and
# dropping a trigger and a procedure, upgrades and downgrades back to the
# same dump; a hand-made view change is drift for `check` and `diff`.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() { "$PG_DUMP" --schema-only --no-owner --no-privileges --exclude-table=public.migc_version \
	-d "$1" | awk -f tests/lib/normdump.awk; }

pg_fresh_db orig
pg_psql -d orig -v ON_ERROR_STOP=1 -f tests/e2e/views/app.sql >/dev/null
dump orig >"$work/orig.sql"
"$MIGC" init --from-url "$(url orig)" "$work/p" >"$work/out" 2>"$work/err"
is "$?" 0 "init --from-url adopts a database with views"
schema=$(cat "$work/p/schema.mig")
lacks "$schema" "--   view" "no view is left out of schema.mig"
contains "$schema" "comment on view active_users is 'modelled: adopted and compared';" \
	"a comment on a view is adopted"
lacks "$schema" "--   function" "no function is left out"
lacks "$schema" "--   trigger" "no trigger is left out"
contains "$schema" 'execute function public.touch()' "the trigger is adopted"
contains "$schema" 'create materialized view "Reports".top_users as' "the materialized view is adopted"
ok "the adopted project checks" "$MIGC" -C "$work/p" check
ok "revision --autogenerate writes the first revision" \
	"$MIGC" -C "$work/p" revision --autogenerate -m "adopt" --rev-id 0a0b0c0d0e01
ok "check --models is clean" "$MIGC" -C "$work/p" check --models
ok "the adopted project builds" "$MIGC" -C "$work/p" build -o "$work/m"
pg_fresh_db rebuilt
ok "a fresh database upgrades with it" "$work/m" --url "$(url rebuilt)" upgrade head
dump rebuilt >"$work/rebuilt.sql"
ok "the rebuilt database dumps exactly as the original" diff -u "$work/orig.sql" "$work/rebuilt.sql"
out=$("$MIGC" -C "$work/p" diff --url "$(url rebuilt)" 2>&1)
is "$?:$out" "0:no differences: the database matches schema.mig" "diff --url is clean"
out=$("$work/m" --url "$(url rebuilt)" check 2>&1)
is "$?" 0 "the migrator's check is clean"

# a revision changing views, its downgrade derived
cat >"$work/p/versions/0a0b0c0d0e02_views.mig" <<'MIG'
revision 0a0b0c0d0e02
parent   0a0b0c0d0e01
message  "views"

upgrade {
    create or replace view active_users as select id, email, "Display Name", active from "user";
    alter view "Big Orders" rename to "Large Orders";
    drop view "table";
    alter table "order" drop column "select";
    alter table "user" drop column "Display Name" cascade;
    create or replace function touch() returns trigger language plpgsql as $$ begin return new; end $$;
    drop trigger "Before Insert" on "user";
    drop procedure "Reports".refresh;
}
MIG
ok "the views revision checks (derived downgrade)" "$MIGC" -C "$work/p" check
ok "and builds" "$MIGC" -C "$work/p" build -o "$work/m"
ok "the rebuilt database upgrades to it" "$work/m" --url "$(url rebuilt)" upgrade head
ok "and downgrades with the derived downgrade" "$work/m" --url "$(url rebuilt)" downgrade 0a0b0c0d0e01
dump rebuilt >"$work/down.sql"
ok "which restores every view (pg_dump)" diff -u "$work/orig.sql" "$work/down.sql"

# drift: a view changed by hand
pg_psql -d rebuilt -c 'CREATE OR REPLACE VIEW "table" AS SELECT id, email FROM "user"' >/dev/null
out=$("$work/m" --url "$(url rebuilt)" check 2>&1)
is "$?" 1 "a view changed by hand is drift for check"
done_testing
