#!/bin/sh
# bench/fleet_bench.sh - `fleet upgrade head` over many tenant databases at
# -j 1, 2, 4 (and more), against a shell loop running the migrator once per
# database (POSIX sh; standalone, not part of `make bench`).
#
# Usage: MIGC_OUT=DIR sh bench/fleet_bench.sh [DATABASES] [REVISIONS] [JOBS...]
#
# bench/gen.py writes a REVISIONS-revision project (default 50); migc builds
# it; pg_bench.sh's server (fsync on) gets DATABASES empty databases
# (default 50).  Each mode upgrades every database from base to head and
# is timed by wall clock; between modes `fleet downgrade base -j 4` resets
# them (not timed).  Prints, per mode, the seconds, targets per second and
# the ratio to the loop (the loop's time is one target's time times the
# targets).  Every run must succeed.  Small counts only on a shared
# machine; docs/benchmarks.md has the figures and the command used.
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
MIGC=${MIGC_OUT:-$ROOT}/bin/migc
DBS=${1:-50}
REVS=${2:-50}
if [ $# -ge 2 ]; then shift 2; else set --; fi
JOBS=${*:-1 2 4 8}
. tests/lib/pg.sh
. bench/pg_bench.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/migc-fleet-bench.XXXXXX") || exit 1
trap 'pg_stop; rm -rf "$work"' EXIT

python3 bench/gen.py "$work" "$REVS" --only migc >/dev/null || exit 1
"$MIGC" -C "$work/migc" build -o "$work/m" 2>/dev/null || {
	echo "fleet_bench: migc build failed" >&2; exit 1; }
pg_bench_start || exit 1
i=1
while [ $i -le "$DBS" ]; do
	pg_psql -d postgres -c "create database tenant_$i" >/dev/null || exit 1
	echo "postgresql:///tenant_$i?host=$PGHOST&port=$PGPORT&user=$PGUSER"
	i=$((i + 1))
done >"$work/targets"

now_ms() { date +%s%3N; }
reset() {
	"$work/m" fleet downgrade base --targets "$work/targets" -j 4 >/dev/null 2>"$work/err" || {
		echo "fleet_bench: reset failed" >&2; cat "$work/err" >&2; exit 1; }
}
# report NAME MS: one line; LOOP_MS must be set for the ratio
report() {
	awk -v n="$1" -v ms="$2" -v loop="${LOOP_MS:-$2}" -v t="$DBS" 'BEGIN {
		printf "%-22s %8.2f s %8.1f targets/s   ratio to the loop %.2f\n", n, ms / 1000, t * 1000 / ms, ms / loop }'
}

echo "fleet_bench: $DBS databases, $REVS revisions, fsync on, $(nproc) CPUs"
t0=$(now_ms)
while read -r url; do
	"$work/m" --url "$url" -q upgrade head >/dev/null 2>"$work/err" || {
		echo "fleet_bench: the loop's upgrade failed" >&2; cat "$work/err" >&2; exit 1; }
done <"$work/targets"
LOOP_MS=$(( $(now_ms) - t0 ))
report "shell loop" "$LOOP_MS"
for j in $JOBS; do
	reset
	t0=$(now_ms)
	"$work/m" fleet upgrade head --targets "$work/targets" -j "$j" >"$work/out" 2>"$work/err" || {
		echo "fleet_bench: fleet -j $j failed" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
	report "fleet upgrade -j $j" $(( $(now_ms) - t0 ))
done
