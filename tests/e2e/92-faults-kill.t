#!/bin/sh
# tests/e2e/92-faults-kill.t - kill -9 of the migrator at random points.
#
# A 200-revision project (tables, and every tenth revision a no_transaction
# "create index concurrently"; tests/e2e/faults.sh writes it).  The
# migrator is killed with -9 at random points of upgrades and downgrades
# (FAULT_TRIALS, default 50; `make stress` runs 500): afterwards every
# revision the version table records as done exists in the live schema and
# nothing else does; an interrupted no_transaction revision stops the next
# run and is resolved as docs/operations.md says; a rerun reaches head, and
# `check` then finds no drift.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
. tests/e2e/faults.sh
TRIALS=${FAULT_TRIALS:-50}

"$work/m" --url "$url" upgrade +1 >/dev/null 2>&1
bad=0 interrupted=0
t=1
while [ $t -le "$TRIALS" ]; do
	if [ "${total:-0}" = $N ]; then dir=downgrade; arg=base; else dir=upgrade; arg=head; fi
	"$work/m" --url "$url" $dir $arg >"$work/trial.out" 2>&1 &
	pid=$!
	sleep "$(rand_ms 400)"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	# one psql per trial: wait for the killed backend, then judge
	set -- $(psql -X -A -t -q -d faults -c "$WAIT_ORPHANS" -c "$MISMATCH" \
		-c "select count(*) from migc_version where duration_ms = -1" \
		-c "select count(*) from migc_version")
	mism=$1 nint=$2 total=$3
	if [ "$mism" != 0 ]; then
		bad=$((bad + 1))
		echo "# trial $t ($dir): $mism revisions disagree with the live schema"
	fi
	if [ "$nint" != 0 ]; then
		interrupted=$((interrupted + 1))
		"$work/m" --url "$url" upgrade head >"$work/int.out" 2>&1
		st=$?
		if [ $st -ne 4 ] || ! grep -q "was interrupted" "$work/int.out"; then
			bad=$((bad + 1))
			echo "# trial $t: the next run did not stop on the interrupted revision (exit $st)"
		fi
		resolve_interrupted || { bad=$((bad + 1)); echo "# trial $t: resolve failed"; }
	fi
	t=$((t + 1))
done
is "$bad" 0 "kill -9 at $TRIALS random points: the version table always matches the live schema ($interrupted interrupted no_transaction revisions resolved)"
"$work/m" --url "$url" upgrade head >"$work/out" 2>&1
is "$?" 0 "after the kills a rerun reaches head"
is "$(q "select count(*) from migc_version where duration_ms >= 0")|$(q "$MISMATCH")" "$N|0" "all $N revisions recorded and present"
"$work/m" --url "$url" check >"$work/check.out" 2>&1
is "$?" 0 "after the kills, the migrator's check finds the live schema exactly as head expects"


done_testing
