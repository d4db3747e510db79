#!/bin/sh
# tests/e2e/50-concurrent.t - two migrators started at once against one
# database: the advisory lock serialises them, both exit 0 and every
# revision is applied exactly once.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
N=60

ok "generate a $N-revision project" python3 tests/tools/genproject.py "$work/gen" $N 11
ok "migc builds it" "$MIGC" -C "$work/gen" build -o "$work/m"
e2e_pg_start
url="postgresql:///conc?host=$PGHOST&port=$PGPORT&user=$PGUSER"
for round in 1 2 3; do
	pg_fresh_db conc
	"$work/m" --url "$url" upgrade head >"$work/a.out" 2>"$work/a.err" &
	a=$!
	"$work/m" --url "$url" upgrade head >"$work/b.out" 2>"$work/b.err" &
	b=$!
	wait $a
	sa=$?
	wait $b
	sb=$?
	is "$sa $sb" "0 0" "round $round: both migrators exit 0"
	applied=$(cat "$work/a.out" "$work/b.out" | grep -c '^upgrade .*)$')
	is "$applied" "$N" "round $round: $N revisions applied in all, none twice"
	is "$(psql -X -A -t -q -d conc -c 'select count(*), count(distinct revision) from migc_version')" "$N|$N" "round $round: each revision recorded once"
done

done_testing
