#!/bin/sh
# tests/e2e/30-generated.t - a generated 200-revision history (every kind of
# statement, written and derived downgrades) compiled and run against a
# throwaway PostgreSQL: the live schema at several revisions is the same
# whether reached by upgrading from base or by downgrading from head, and
# downgrade base leaves only the version table.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
N=200

ok "generate a $N-revision project" python3 tests/tools/genproject.py "$work/gen" $N 7
ok "migc check accepts it" "$MIGC" -C "$work/gen" check
ok "migc build compiles it" "$MIGC" -C "$work/gen" build -o "$work/gen-migrate"
M=$work/gen-migrate

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() { "$PG_DUMP" --schema-only --no-owner --no-privileges -d "$1" | awk -f tests/lib/normdump.awk; }
q() { psql -X -A -t -q -d "$1" -c "$2"; }
rev_at() { ls "$work/gen/versions" | sed -n "${1}p" | cut -d_ -f1; }

pg_fresh_db head
ok "upgrade head applies all $N revisions" "$M" --url "$(url head)" upgrade head
is "$(q head 'select count(*) from migc_version')" "$N" "$N revisions recorded"
is "$("$M" --url "$(url head)" current 2>&1)" "$(rev_at $N) (head)" "current is the head"

# offline SQL through psql gives the same schema as the migrator
pg_fresh_db offline
"$MIGC" -C "$work/gen" sql upgrade >"$work/offline.sql"
ok "migc sql exits 0 and psql runs its offline SQL" sql_runs $? "$work/offline.sql" offline
dump head >"$work/head.sql"
dump offline >"$work/offline_dump.sql"
ok "offline SQL and the migrator agree at head" diff -u "$work/head.sql" "$work/offline_dump.sql"

for k in 37 100 163; do
	rev=$(rev_at $k)
	pg_fresh_db up_$k
	"$M" --url "$(url up_$k)" upgrade "$rev" >/dev/null 2>&1
	is "$(q up_$k 'select count(*) from migc_version')" "$k" "upgrade $rev applies $k revisions"
	dump up_$k >"$work/up.sql"
	pg_fresh_db down_$k
	"$M" --url "$(url down_$k)" upgrade head >/dev/null 2>&1
	"$M" --url "$(url down_$k)" downgrade "$rev" >"$work/down.log" 2>&1
	is "$?" 0 "downgrade from head to revision $k exits 0"
	dump down_$k >"$work/down.sql"
	ok "at revision $k: upgrade from base and downgrade from head agree" diff -u "$work/up.sql" "$work/down.sql"
done

ok "downgrade base from head" "$M" --url "$(url head)" downgrade base
is "$(q head "select string_agg(c.relname, ',' order by c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'")" "migc_version,migc_version_pkey" "downgrade base leaves only the version table"
is "$(q head "select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'public' and t.typtype = 'e'")" 0 "no enum type is left behind"
ok "and upgrade head works again" "$M" --url "$(url head)" upgrade head

done_testing
