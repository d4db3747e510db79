#!/bin/sh
# tests/e2e/90-cov-domains.t - issue 12 part 2: domains, composite and
# range types created by plain SQL are known to the model.  A history that
# creates them in a schema and the default one, types columns by them (also
# arrays), drops a column and its domain with plain SQL and the composite
# and range types with the native drop type (tests/golden/utypes) upgrades
# a PostgreSQL database; the types and column types are PostgreSQL's;
# the derived downgrades (drop type back to create, create back to drop)
# run down to base and up again to the same dump; the migrator's check
# replays them in its scratch schemas and is clean.  Not covered because
# not done: init --from-url adoption, diff --url and check comparing the
# types themselves.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() { "$PG_DUMP" --schema-only --no-owner --no-privileges --exclude-table=public.migc_version -d "$1" | awk -f tests/lib/normdump.awk; }
q() { pg_psql -d db -Atc "$1"; }

cp -r tests/golden/utypes "$work/p"
rm -f "$work/p"/*.actual "$work/p"/expected.* "$work/p/cmd"
ok "the project checks" "$MIGC" -C "$work/p" check
ok "it builds" "$MIGC" -C "$work/p" build -o "$work/migrate"

pg_fresh_db db
ok "upgrade to the second revision" "$work/migrate" --url "$(url db)" upgrade 000000000002
is "$(q "select typname || ':' || typtype::text from pg_type where typname in ('address', 'floatrange') order by 1")" \
	"$(printf 'address:c\nfloatrange:r')" "the composite and range types exist"
is "$(q "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'app.rooms'::regclass and attname in ('addr', 'stays') order by attname")" \
	"$(printf 'address\nfloatrange[]')" "the columns are typed by them"
is "$(q "select count(*) from pg_type where typname = 'posint'")" 0 "the second revision dropped the domain"
dump db >"$work/at2.sql"
# the check replays the history in scratch schemas: the plain SQL types go
# there too, and a range type's constructor functions are not routines
out=$("$work/migrate" --url "$(url db)" check 2>&1)
is "$?" 0 "the migrator's check is clean at the second revision"
contains "$out" "clean: the database matches revision 000000000002" "and says so"

ok "downgrade to the first revision (the domain and its column come back)" \
	"$work/migrate" --url "$(url db)" downgrade 000000000001
is "$(q "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'app.rooms'::regclass and attname = 'p'")" \
	"app.posint" "column p is typed by the recreated domain"
is "$(q "select pg_get_constraintdef(oid) from pg_constraint where contypid = 'app.posint'::regtype")" \
	"CHECK ((VALUE > 0))" "with its check"

ok "upgrade head (drop table, native drop type)" "$work/migrate" --url "$(url db)" upgrade head
is "$(q "select count(*) from pg_type where typname in ('address', 'floatrange', 'posint')")" 0 "the types are gone"
ok "downgrade -1 creates them again from their statements" "$work/migrate" --url "$(url db)" downgrade -1
dump db >"$work/back2.sql"
ok "the database dumps as it did at the second revision" diff -u "$work/at2.sql" "$work/back2.sql"
ok "downgrade base" "$work/migrate" --url "$(url db)" downgrade base
is "$(q "select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname in ('public', 'app') and t.typtype in ('c', 'd', 'r') and t.typrelid = 0")" \
	0 "nothing of them is left at base"

done_testing
