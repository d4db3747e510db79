#!/bin/sh
# durability_bench.sh - issue 7 part 4: the migrator's one round trip and one
# flush per run, against the psql floor, on a disk-backed server with fsync
# and synchronous_commit on (bench/pg_bench.sh).  Standalone: not part of
# `make bench`.
#
#   MIGC_OUT=DIR      the build to measure (bin/migc, lib/migc); required
#   OLD_MIGC=PATH     optional: a migc built before part 4; its migrator is
#                     measured too ("old": 3 + k round trips and a flush per
#                     revision)
#   N=1000            revisions (bench/gen.py's mix)
#   ROUNDS=5          rounds; each round runs every tool's upgrade head and
#                     downgrade base once, the tools' order rotating
#   WORK=DIR          generated project and samples (default $MIGC_OUT/build/durability)
#   BENCH_PGROOT=DIR  the server's data directory (default /var/tmp; a disk)
#
# Tools: "new" (the migrator as built), "sync-each" (the same with
# --sync-each: one round trip per revision, a flush per commit), "old"
# (OLD_MIGC's migrator, when given), "psql" (the floor: bench/gen.py's
# upgrade.sql / downgrade.sql, one BEGIN...COMMIT per revision, synchronous).
# Every upgrade gets a fresh database and a CHECKPOINT; the downgrade runs
# on the same database after another CHECKPOINT.  Wall time per command;
# the report prints medians with min-max and the ratios to the floor, and
# the raw samples are in $WORK/samples.txt.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
: "${MIGC_OUT:?MIGC_OUT must name the build output directory}"
N=${N:-1000}
ROUNDS=${ROUNDS:-5}
work=${WORK:-$MIGC_OUT/build/durability}
mkdir -p "$work"
rm -rf "$work/gen"

python3 "$here/gen.py" "$work/gen" "$N" >/dev/null
"$MIGC_OUT/bin/migc" -C "$work/gen/migc" build -o "$work/new" >/dev/null 2>&1
tools="new sync-each psql"
if [ -n "${OLD_MIGC:-}" ]; then
	"$OLD_MIGC" -C "$work/gen/migc" build -o "$work/old" >/dev/null 2>&1
	tools="new sync-each old psql"
fi

. "$top/tests/lib/pg.sh"
. "$here/pg_bench.sh"
trap 'pg_stop' EXIT
trap 'exit 130' INT TERM
pg_bench_start
PSQL="$PG_BINDIR/psql -X -q -v ON_ERROR_STOP=1"
sql() { PGOPTIONS="-c client_min_messages=warning" $PSQL -At -d "${2:-postgres}" -c "$1"; }

# Runs tool $1's upgrade head ($2 = upgrade) or downgrade base on database $3.
run() {
	case $1 in
	new) "$work/new" "$2" "$( [ "$2" = upgrade ] && echo head || echo base)" ;;
	sync-each) "$work/new" --sync-each "$2" "$( [ "$2" = upgrade ] && echo head || echo base)" ;;
	old) "$work/old" "$2" "$( [ "$2" = upgrade ] && echo head || echo base)" ;;
	psql) $PSQL -f "$work/gen/sql/$2.sql" ;;
	esac >/dev/null
}

now() { date +%s.%N; }
diff_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
: >"$work/samples.txt"
r=1
while [ $r -le "$ROUNDS" ]; do
	# rotate the order by one tool per round
	set -- $tools
	k=$(( (r - 1) % $# ))
	i=0
	while [ $i -lt $k ]; do t=$1; shift; set -- "$@" "$t"; i=$((i + 1)); done
	for t in "$@"; do
		db=dur_$(echo "$t" | tr - _)
		sql "DROP DATABASE IF EXISTS $db WITH (FORCE)"
		sql "CREATE DATABASE $db"
		sql CHECKPOINT
		t0=$(now); PGDATABASE=$db run "$t" upgrade; t1=$(now)
		n=$(sql "SELECT count(*) FROM migc_version" "$db")
		[ "$n" = "$N" ] || { echo "durability_bench: $t recorded $n of $N revisions" >&2; exit 1; }
		sql CHECKPOINT
		t2=$(now); PGDATABASE=$db run "$t" downgrade; t3=$(now)
		n=$(sql "SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
			 WHERE s.nspname = 'public' AND c.relname NOT LIKE 'migc\\_version%'" "$db")
		[ "$n" = 0 ] || { echo "durability_bench: $t downgrade base left $n relations" >&2; exit 1; }
		echo "$r $t upgrade $(diff_s "$t0" "$t1")" >>"$work/samples.txt"
		echo "$r $t downgrade $(diff_s "$t2" "$t3")" >>"$work/samples.txt"
	done
	echo "durability_bench: round $r/$ROUNDS done" >&2
	r=$((r + 1))
done

{
	echo "N=$N, $ROUNDS rounds, $(date -u '+%Y-%m-%d %H:%M UTC'), postgresql $(sql 'SHOW server_version'),"\
	     "fsync=$(sql 'SHOW fsync'), synchronous_commit=$(sql 'SHOW synchronous_commit'),"\
	     "disk $(df --output=source,fstype "$PG_DIR" | tail -1 | tr -s ' ')"
	python3 - "$work/samples.txt" <<'PY'
import statistics, sys
s = {}
per = {}
for line in open(sys.argv[1]):
    r, t, g, v = line.split()
    s.setdefault((g, t), []).append(float(v))
    per[(int(r), g, t)] = float(v)
rounds = sorted({k[0] for k in per})
print()
print("| run | tool | median wall (min-max) | / psql floor | per-round ratio, median (min-max) |")
print("|---|---|---|---|---|")
for g in ("upgrade", "downgrade"):
    floor = statistics.median(s[(g, "psql")])
    for t in ("new", "sync-each", "old", "psql"):
        if (g, t) not in s:
            continue
        v = s[(g, t)]
        pr = [per[(r, g, t)] / per[(r, g, "psql")] for r in rounds]
        print("| %s | %s | %.3f s (%.3f-%.3f) | %.3f | %.3f (%.3f-%.3f) |"
              % (g, t, statistics.median(v), min(v), max(v),
                 statistics.median(v) / floor, statistics.median(pr), min(pr), max(pr)))
PY
} | tee "$work/results.md"
