#!/bin/sh
# tests/e2e/94-catalog.t - common/catalog.c, the catalog reader shared by
# the migrator's check and migc's --url commands, against the throwaway
# PostgreSQL: the objects it prints for examples/blog and for a database
# with every kind of object migc's language has (tests/e2e/catalog/rich.sql),
# that the text replays in migc, that scratch schemas read back under their
# shown names exactly as the real ones, that what migc cannot express is
# listed (tests/e2e/catalog/unsupported.sql), and that the number of
# queries does not grow with the number of tables.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
OUT=${MIGC_OUT:-$ROOT}
MIGC=$OUT/bin/migc
EXP=tests/e2e/expected

D=$work/catalog_dump
ok "catalog_dump builds against common/catalog.c" \
	${CC:-cc} -std=c11 -Wall -Wextra -Werror -Icommon \
	$(pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql) \
	-o "$D" tests/runtime/catalog_dump.c common/catalog*.c -lpq

e2e_pg_start
q() { pg_psql -d "$1" -c "$2"; }
# compares a file with its expected copy (MIGC_ACCEPT=1 accepts it)
same() {
	[ -n "${MIGC_ACCEPT:-}" ] && cp "$1" "$EXP/$2"
	diff -u "$EXP/$2" "$1"
}

# ---- examples/blog, built by its own migrator --------------------------------
ok "migc builds examples/blog" "$MIGC" -C examples/blog build -o "$work/blog-migrate"
pg_fresh_db blog
ok "blog upgrades to head" "$work/blog-migrate" \
	--url "postgresql:///blog?host=$PGHOST&port=$PGPORT&user=$PGUSER" upgrade head
"$D" -x public.migc_version "dbname=blog" public >"$work/blog.txt" 2>&1
ok "the blog's objects as printed (version table excluded)" same "$work/blog.txt" catalog_blog.txt

# ---- every kind of object --------------------------------------------------------
pg_fresh_db rich
ok "rich.sql loads" pg_psql -d rich -f tests/e2e/catalog/rich.sql
"$D" "dbname=rich" public app >"$work/rich.txt" 2>&1
ok "enums, checks, keys, identity, serials, arrays, indexes, comments as printed" \
	same "$work/rich.txt" catalog_rich.txt
contains "$(cat "$work/rich.txt")" '"code" smallserial NOT NULL' "a smallserial is recognised by its owned sequence"
contains "$(cat "$work/rich.txt")" 'REFERENCES "app"."accounts" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED' \
	"a foreign key keeps its actions and deferrability"
contains "$(cat "$work/rich.txt")" "'sad'::app.mood" "types in other schemas are qualified"
is "$(grep -c '^unsupported' "$work/rich.txt")" 0 "nothing in rich.sql is unsupported"

# the text is migc's language: as schema.mig of a fresh project it checks
"$MIGC" init "$work/proj" >/dev/null 2>&1
"$D" -s "dbname=rich" public app >"$work/proj/schema.mig"
ok "the printed statements replay in migc (migc check)" "$MIGC" -C "$work/proj" check

# the same objects in scratch schemas read back under the real names
{
	echo "CREATE SCHEMA migc_expected_public; SET search_path = migc_expected_public;"
	sed -e 's/\bapp\./migc_expected_app./g' -e 's/\bpublic\./migc_expected_public./g' \
		-e 's/SCHEMA app/SCHEMA migc_expected_app/' tests/e2e/catalog/rich.sql
} >"$work/scratch.sql"
ok "rich.sql loads into scratch schemas" pg_psql -d rich -f "$work/scratch.sql"
"$D" "dbname=rich" migc_expected_public=public migc_expected_app=app >"$work/scratch.txt" 2>&1
ok "scratch schemas read as their shown names equal the real ones" diff -u "$work/rich.txt" "$work/scratch.txt"
"$D" "dbname=rich" public app >"$work/rich2.txt" 2>&1
ok "scratch schemas do not leak into the real read" diff -u "$work/rich.txt" "$work/rich2.txt"

# ---- what migc cannot express is listed, not dropped -----------------------------
ok "unsupported.sql loads" pg_psql -d rich -f tests/e2e/catalog/unsupported.sql
"$D" "dbname=rich" public app | grep '^unsupported' >"$work/unsupported.txt"
ok "exclusion constraints, inheritance, unlogged tables... are listed" \
	same "$work/unsupported.txt" catalog_unsupported.txt
contains "$("$D" "dbname=rich" public app)" 'CREATE SEQUENCE "app"."free_seq" AS bigint INCREMENT BY 1' \
	"a free sequence is read as a sequence (issue 12 part 2)"
contains "$("$D" "dbname=rich" public app)" "tsvector_ops (siglen='100'))" \
	"an index with operator class options is read with them"

# ---- errors and missing schemas -------------------------------------------------------
out=$("$D" "dbname=rich" no_such_schema 2>&1)
is "$?:$out" "0:" "a schema that does not exist reads as nothing"

# ---- a fixed number of queries, whatever the number of tables ---------------------
pg_fresh_db many
i=0
sql=""
while [ $i -lt 40 ]; do
	sql="$sql CREATE TABLE t$i (id serial PRIMARY KEY, v text DEFAULT 'x' CHECK (v <> ''));"
	sql="$sql CREATE INDEX t${i}_v_idx ON t$i (v);"
	i=$((i + 1))
done
q many "$sql" >/dev/null
pg_fresh_db few
q few "CREATE TABLE t0 (id serial PRIMARY KEY, v text DEFAULT 'x' CHECK (v <> ''));" >/dev/null
q postgres "ALTER DATABASE many SET log_statement = 'all'" >/dev/null
q postgres "ALTER DATABASE few SET log_statement = 'all'" >/dev/null
count_queries() {
	before=$(wc -l <"$PG_DIR/server.log")
	"$D" "dbname=$1" public >/dev/null
	# a statement after the reader's: once the log has it, it has the
	# reader's too (logged before their results were sent)
	q "$1" "select 'count-queries-end'" >/dev/null
	i=0
	until tail -n +"$((before + 1))" "$PG_DIR/server.log" | grep -q "count-queries-end" || [ $i -ge 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	tail -n +"$((before + 1))" "$PG_DIR/server.log" | grep -v "count-queries-end" |
		grep -c 'LOG:  \(statement\|execute\)'
}
n_few=$(count_queries few)
n_many=$(count_queries many)
is "$n_many" "$n_few" "40 tables take as many queries as one ($n_few)"
# one query per object kind the reader knows (14 with extensions, views,
# routines and triggers, policies), never one per table
ok "and that number is a handful: at most 16" test "$n_few" -le 16

done_testing
