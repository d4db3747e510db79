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

pg_fresh_db orig
pg_psql -d orig -v ON_ERROR_STOP=1 -f tests/e2e/views/app.sql >/dev/null
e2e_adopt_roundtrip orig "$work/p" rebuilt "$work/m"
schema=$(cat "$work/p/schema.mig")
lacks "$schema" "--   view" "no view is left out of schema.mig"
contains "$schema" "comment on view active_users is 'modelled: adopted and compared';" \
	"a comment on a view is adopted"
lacks "$schema" "--   function" "no function is left out"
lacks "$schema" "--   trigger" "no trigger is left out"
contains "$schema" 'execute function public.touch()' "the trigger is adopted"
contains "$schema" 'create materialized view "Reports".top_users as' "the materialized view is adopted"

# a revision changing views, its downgrade derived
cat >"$work/p/versions/0a0b0c0d0e02_views.mig" <<'MIG'
revision 0a0b0c0d0e02
parent   0a0b0c0d0e0f
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
e2e_revision_roundtrip "$work/p" "$work/m" rebuilt 0a0b0c0d0e0f "$work/orig.sql"

# drift: a view changed by hand
pg_psql -d rebuilt -c 'CREATE OR REPLACE VIEW "table" AS SELECT id, email FROM "user"' >/dev/null
out=$("$work/m" --url "$(e2e_url rebuilt)" check 2>&1)
is "$?" 1 "a view changed by hand is drift for check"
done_testing
