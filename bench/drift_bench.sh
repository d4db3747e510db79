#!/bin/sh
# bench/drift_bench.sh - how long the migrator's `check` takes on a database
# of about 1,000 tables (POSIX sh; standalone, not part of `make bench`).
#
# Usage: MIGC_OUT=DIR [EXTRAS=K] [VIEWS=K] [BASE_MIGC=MIGC] sh bench/drift_bench.sh [REVISIONS] [RUNS]
#
# bench/gen.py writes a REVISIONS-revision project (default 3600: its mix
# creates a table in about a quarter of the revisions, so some 1,000
# tables with columns, foreign keys and indexes); migc builds it, the
# migrator upgrades a fresh database of tests/lib/pg.sh's throwaway server
# (PostgreSQL's default lock settings: max_locks_per_transaction 64,
# max_connections 100), then `check` runs RUNS times (default 5).  Prints
# the table and object counts, whether check had to build committed (the
# lock-table fallback, docs/migrator.md), and the median, min and max wall
# time.  Every run must be clean.
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
MIGC=${MIGC_OUT:-$ROOT}/bin/migc
REVS=${1:-3600}
RUNS=${2:-5}
. tests/lib/pg.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/migc-drift-bench.XXXXXX") || exit 1
trap 'pg_stop; rm -rf "$work"' EXIT

# EXTRAS=K: one more revision with K check constraints and K expression
# indexes (bench/gen.py --extras): what check builds on the server
python3 bench/gen.py "$work" "$REVS" --only migc --extras "${EXTRAS:-0}" >/dev/null || exit 1
# VIEWS=K: one more revision with K plain SQL views (select * of the
# tables t1 .. tK, which have a history) and K SQL functions reading them:
# what check replays from the history (plan ABI 9), for those tables only
if [ "${VIEWS:-0}" -gt 0 ]; then
	last=$(ls "$work/migc/versions" | tail -n 1)
	parent=$(sed -n 's/^revision *//p' "$work/migc/versions/$last")
	{
		printf 'revision ffffffffff01\nparent   %s\nmessage  "views"\n\nupgrade {\n' "$parent"
		k=1
		while [ $k -le "$VIEWS" ]; do
			printf '    create view v_bench_%s as select * from t%s;\n' $k $k
			printf '    create function f_bench_%s() returns bigint language sql\n' $k
			printf '        as $$ select count(*) from t%s $$;\n' $k
			k=$((k + 1))
		done
		printf '}\n'
	} >"$work/migc/versions/ffffffffff01_views.mig"
fi
"$MIGC" -C "$work/migc" build -o "$work/m" 2>/dev/null || {
	echo "drift_bench: migc build failed" >&2; exit 1; }
# BASE_MIGC: another migc (an older build) whose migrator's check is timed
# alongside, on the same database
if [ -n "${BASE_MIGC:-}" ]; then
	"$BASE_MIGC" -C "$work/migc" build -o "$work/base" 2>/dev/null || {
		echo "drift_bench: BASE_MIGC build failed" >&2; exit 1; }
fi
pg_start || exit 1
pg_fresh_db drift
url="postgresql:///drift?host=$PGHOST&port=$PGPORT&user=$PGUSER"
"$work/m" --url "$url" upgrade head >/dev/null 2>&1 || {
	echo "drift_bench: upgrade failed" >&2; exit 1; }
tables=$(pg_psql -d drift -c "select count(*) from pg_tables where schemaname = 'public' and tablename <> 'migc_version'")

now_ms() { date +%s%3N; }
# "median min max" of the numbers (milliseconds) in $1
stats() {
	echo "$1" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '
		{ v[NR] = $1 }
		END {
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print med, v[1], v[NR]
		}'
}
times=
dumps=
bases=
i=0
while [ $i -lt "$RUNS" ]; do
	if [ -n "${BASE_MIGC:-}" ]; then
		t0=$(now_ms)
		"$work/base" --url "$url" check >/dev/null 2>&1 || {
			echo "drift_bench: BASE_MIGC's check failed" >&2; exit 1; }
		t1=$(now_ms)
		bases="$bases $((t1 - t0))"
	fi
	t0=$(now_ms)
	"$work/m" --url "$url" check >"$work/out" 2>"$work/err"
	rc=$?
	t1=$(now_ms)
	if [ $rc -ne 0 ]; then
		echo "drift_bench: check exited $rc" >&2
		cat "$work/out" "$work/err" >&2
		exit 1
	fi
	times="$times $((t1 - t0))"
	t0=$(now_ms)
	"$PG_BINDIR/pg_dump" --schema-only -d drift >"$work/dump.sql" || {
		echo "drift_bench: pg_dump failed" >&2; exit 1; }
	t1=$(now_ms)
	dumps="$dumps $((t1 - t0))"
	i=$((i + 1))
done
objects=$(sed -n 's/.*(\([0-9]*\) objects)$/\1/p' "$work/out")
mode="one rolled-back transaction"
grep -q "building the expected schema committed" "$work/err" && mode="committed fallback"
# one more check with its statements logged: which way it built
PGOPTIONS="-c log_statement=all" "$work/m" --url "$url" check >/dev/null 2>&1
if ! grep -q 'CREATE SCHEMA "migc_expected_' "$PG_DIR/server.log"; then
	how="predicted by the compiler, only the live catalogs read"
elif grep -q "SAVEPOINT migc_check_partial" "$PG_DIR/server.log" &&
     ! grep -q "SAVEPOINT migc_check_model" "$PG_DIR/server.log"; then
	how="predicted but for $(grep -o 'CREATE TABLE "migc_expected_' "$PG_DIR/server.log" | wc -l) tables built on the server"
elif grep -q "statement: BEGIN;$" "$PG_DIR/server.log"; then
	how="from the head's model, committed in chunks"
elif grep -q "ROLLBACK TO SAVEPOINT migc_check_model" "$PG_DIR/server.log"; then
	how="replay after the model failed"
elif grep -q "SAVEPOINT migc_check_model" "$PG_DIR/server.log"; then
	how="from the head's model"
else
	how="replayed history"
fi
set -- $(stats "$times") $(stats "$dumps")
c_med=$1
awk -v t="$tables" -v r="$REVS" -v o="$objects" -v m="$mode" -v h="$how" -v n="$RUNS" \
	-v c="$1" -v c0="$2" -v c1="$3" -v d="$4" -v d0="$5" -v d1="$6" 'BEGIN {
	printf "check on %d tables (%d revisions, %s objects compared, expected schema %s, %s): ", t, r, o, h, m
	printf "median %.2f s, min %.2f s, max %.2f s over %d runs\n", c / 1000, c0 / 1000, c1 / 1000, n
	printf "pg_dump --schema-only of the same database: median %.2f s, min %.2f s, max %.2f s\n", d / 1000, d0 / 1000, d1 / 1000
	printf "check / pg_dump --schema-only: %.2f\n", c / d
}'
if [ -n "$bases" ]; then
	set -- $(stats "$bases")
	awk -v b="$1" -v b0="$2" -v b1="$3" -v c="$c_med" 'BEGIN {
		printf "check of BASE_MIGC'"'"'s migrator: median %.2f s, min %.2f s, max %.2f s (this one / it: %.2f)\n",
			b / 1000, b0 / 1000, b1 / 1000, c / b }'
fi
