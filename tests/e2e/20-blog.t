#!/bin/sh
# tests/e2e/20-blog.t - examples/blog compiled by migc and run against a
# throwaway PostgreSQL: upgrade, current, history, downgrade, and the live
# schema (pg_dump --schema-only) at every revision, reached both by
# upgrading from base and by downgrading from head.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

ok "migc check accepts examples/blog" "$MIGC" -C examples/blog check
ok "migc check --models: schema.mig equals the head" "$MIGC" -C examples/blog check --models
ok "migc build -o produces the migrator" "$MIGC" -C examples/blog build -o "$work/blog-migrate"
M=$work/blog-migrate
ok "the migrator is executable" test -x "$M"

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() { "$PG_DUMP" --schema-only --no-owner --no-privileges -d "$1" | awk -f tests/lib/normdump.awk; }
q() { psql -X -A -t -q -d "$1" -c "$2"; }

pg_fresh_db blog
out=$("$M" --url "$(url blog)" upgrade head 2>&1)
is "$?" 0 "upgrade head exits 0"
contains "$out" "a1b2c3d4e5f6" "upgrade head reports the first revision"
contains "$out" "5e6f708192a3" "upgrade head reports the last revision"
is "$(q blog 'select count(*) from migc_version')" 5 "five revisions recorded"
is "$("$M" --url "$(url blog)" current 2>&1)" "5e6f708192a3 (head)" "current is the head"
dump blog >"$work/head.sql"
[ -n "${MIGC_ACCEPT:-}" ] && cp "$work/head.sql" tests/e2e/expected/blog_head.sql
ok "the head schema is the expected one" diff -u tests/e2e/expected/blog_head.sql "$work/head.sql"

out=$("$M" --url "$(url blog)" history 2>&1)
contains "$out" "4d5e6f708192 -> 5e6f708192a3 (head), add published to posts" "history shows the head"
contains "$out" "<base> -> a1b2c3d4e5f6, create posts table" "history shows the root"

out=$("$M" --url "$(url blog)" upgrade head 2>&1)
is "$?" 0 "a second upgrade head exits 0"
contains "$out" "nothing to upgrade" "a second upgrade head has nothing to do"

# every revision, reached two ways, gives the same live schema
for rev in a1b2c3d4e5f6 2b3c4d5e6f70 3c4d5e6f7081 4d5e6f708192; do
	pg_fresh_db up_$rev
	"$M" --url "$(url up_$rev)" upgrade "$rev" >/dev/null 2>&1
	dump up_$rev >"$work/up.sql"
	pg_fresh_db down_$rev
	"$M" --url "$(url down_$rev)" upgrade head >/dev/null 2>&1
	"$M" --url "$(url down_$rev)" downgrade "$rev" >/dev/null 2>&1
	dump down_$rev >"$work/down.sql"
	ok "at $rev: upgrade from base and downgrade from head agree" diff -u "$work/up.sql" "$work/down.sql"
	is "$("$M" --url "$(url down_$rev)" current 2>&1)" "$rev" "current after downgrade $rev"
done

out=$("$M" --url "$(url blog)" downgrade -1 2>&1)
is "$?" 0 "downgrade -1 exits 0"
is "$("$M" --url "$(url blog)" current 2>&1)" "4d5e6f708192" "downgrade -1 steps back one revision"
is "$(q blog "select count(*) from information_schema.columns where table_name = 'posts' and column_name = 'published'")" 0 "the derived downgrade dropped posts.published"
ok "upgrade head again" "$M" --url "$(url blog)" upgrade head

ok "downgrade base" "$M" --url "$(url blog)" downgrade base
is "$(q blog "select string_agg(table_name, ',') from information_schema.tables where table_schema = 'public'")" "migc_version" "downgrade base leaves only the version table"
is "$(q blog "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('S', 'i') and c.relname not like 'migc_version%'")" 0 "no sequence or index is left behind"
is "$(q blog 'select count(*) from migc_version')" 0 "the version table is empty"

# the offline SQL, run by psql, builds the same schema as the migrator
pg_fresh_db offline
"$MIGC" -C examples/blog sql upgrade >"$work/offline.sql" 2>"$work/offline.err"
is "$?" 0 "migc sql upgrade exits 0"
ok "psql runs the offline SQL" psql -X -q -v ON_ERROR_STOP=1 -d offline -f "$work/offline.sql"
dump offline >"$work/offline_dump.sql"
ok "offline SQL and migrator agree on the schema" diff -u "$work/head.sql" "$work/offline_dump.sql"
"$M" sql upgrade >"$work/offline2.sql" 2>&1
ok "migc sql and the migrator's sql print the same" diff -u "$work/offline.sql" "$work/offline2.sql"

done_testing
