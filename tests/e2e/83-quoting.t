#!/bin/sh
# tests/e2e/83-quoting.t - names that are keywords, quoted or mixed case,
# through derived downgrades on a real server (issue 11 part 1).
#
# A derived downgrade of ALTER COLUMN "user" TYPE must cast "user", not
# user (PostgreSQL reads that as current_user and would write the role's
# name into every row); renaming a CHECK's column to "from" must keep the
# check valid SQL; a hand-written rename-back of a check written ("sel" > 0)
# is exact.  The project is upgraded and downgraded on PostgreSQL and the
# data and schema checked after each step.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = quoting\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_t.mig" <<'MIG'
revision 000000000001
parent   base
message  "keyword and mixed-case names"

upgrade {
    create table t ("user" text, sel int, "Größe" int, check ("sel" > 0), check ("Größe" >= 0));
    execute $$ insert into t values ('1', 5, 1), ('2', 7, 2) $$;
}

downgrade {
    drop table t;
}
MIG
cat >"$P/versions/000000000002_types.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "user becomes an integer"

upgrade {
    alter table t alter column "user" type integer using "user"::integer;
}
MIG
cat >"$P/versions/000000000003_rename.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "sel becomes from"

upgrade {
    alter table t rename column sel to "from";
    alter table t rename column "Größe" to "Order";
}

downgrade {
    alter table t rename column "Order" to "Größe";
    alter table t rename column "from" to sel;
}
MIG
cat >"$P/versions/000000000004_drop.mig" <<'MIG'
revision 000000000004
parent   000000000003
message  "drop the checks"

upgrade {
    alter table t drop constraint t_sel_check;
    alter table t drop constraint "t_Größe_check";
}
MIG

ok "migc check accepts the exact hand-written rename-back" "$MIGC" -C "$P" check
down=$("$MIGC" -C "$P" sql downgrade 2>&1)
contains "$down" 'USING "user"::text' "the derived downgrade casts \"user\", quoted"
contains "$down" 'CHECK ("from" > 0)' "the derived check names \"from\", quoted"
contains "$down" 'CHECK ("Order" >= 0)' "and \"Order\", quoted"
ok "migc builds the project" "$MIGC" -C "$P" build -o "$work/m"

e2e_pg_start
pg_fresh_db quoting
url="postgresql:///quoting?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d quoting -c "$1"; }
m() { "$work/m" --url "$url" "$@" >"$work/out" 2>"$work/err"; }

m upgrade head
is "$?" 0 "upgrade head succeeds"
is "$(q "select string_agg(\"user\"::text || ':' || \"from\", ',' order by \"user\") from t")" "1:5,2:7" "\"user\" holds the integers, \"from\" the old sel"
is "$(q "select count(*) from pg_constraint where conrelid = 't'::regclass and contype = 'c'")" 0 "the checks are gone at the head"

m downgrade 000000000001
is "$?" 0 "downgrade to the first revision succeeds (the derived SQL is valid)"
is "$(q "select string_agg(\"user\", ',' order by \"user\") from t")" "1,2" "\"user\" holds its own values again, not the role's name"
is "$(q "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 't'::regclass and attname = 'user'")" "text" "\"user\" is text again"
is "$(q "select string_agg(pg_get_constraintdef(oid), ' | ' order by conname) from pg_constraint where conrelid = 't'::regclass and contype = 'c'")" \
	'CHECK (("Größe" >= 0)) | CHECK ((sel > 0))' "the checks are back, on the renamed-back columns"
q "insert into t values ('3', -1, 0)" >/dev/null 2>&1
is "$?" 1 "the restored check on sel rejects a negative value"

m upgrade head
is "$?" 0 "upgrade head again succeeds"
m downgrade base
is "$?" 0 "downgrade base succeeds"
is "$(q "select count(*) from pg_class where relname = 't'")" 0 "the table is gone"
done_testing
