#!/bin/sh
# tests/e2e/92-faults-kill.t - kill -9 of the migrator at random points.
#
# A 200-revision project (tables, and every tenth revision a no_transaction
# "create index concurrently"; tests/e2e/faults.sh writes it).  The
# migrator is killed with -9 at random points of upgrades and downgrades
# (FAULT_TRIALS, default 50; `make stress` runs 500), drawn inside the run
# (whose length is measured first): most kills must find the migrator still
# running, some in a downgrade and some in a no_transaction revision (an
# interrupted one).  Afterwards every
# revision the version table records as done exists in the live schema and
# nothing else does; an interrupted no_transaction revision stops the next
# run and is resolved as docs/operations.md says; a rerun reaches head, and
# `check` then finds no drift.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
. tests/e2e/faults.sh
TRIALS=${FAULT_TRIALS:-50}

# Time the runs first, so that every kill is drawn inside one: a start-up
# (a run with nothing to do), a full upgrade and a full downgrade.
"$work/m" --url "$url" upgrade head >/dev/null 2>&1
t0=$(now_ms)
"$work/m" --url "$url" upgrade head >/dev/null 2>&1
t1=$(now_ms)
"$work/m" --url "$url" downgrade base >/dev/null 2>&1
st_down=$?
t2=$(now_ms)
"$work/m" --url "$url" upgrade head >/dev/null 2>&1
st_up=$?
t3=$(now_ms)
START=$((t1 - t0)) DOWN=$((t2 - t1 - START)) UP=$((t3 - t2 - START))
echo "# a run: start-up ${START} ms, $N revisions up ${UP} ms, down ${DOWN} ms"
is "$st_down$st_up" 00 "the timed full downgrade and upgrade succeed"
"$work/m" --url "$url" downgrade 000000000001 >/dev/null 2>&1

bad=0 interrupted=0 killed=0 killed_down=0 total=1
# the machine's load changes under the test: a kill that came after the
# run had ended shrinks the estimate of the runs' length (SCALE, percent),
# one that found the run going lets it grow back
SCALE=100
t=1
while [ $t -le "$TRIALS" ]; do
	# upgrades and downgrades alternate (from wherever the last kill left
	# the database); the kill falls between the end of the start-up and the
	# expected end of the revisions still to run
	if [ $((t % 2)) = 1 ]; then dir=upgrade; else dir=downgrade; fi
	[ $dir = upgrade ] && [ "$total" = $N ] && dir=downgrade
	[ $dir = downgrade ] && [ "$total" = 0 ] && dir=upgrade
	if [ $dir = upgrade ]; then arg=head; left=$(((N - total) * UP / N * SCALE / 100))
	else arg=base; left=$((total * DOWN / N * SCALE / 100)); fi
	"$work/m" --url "$url" $dir $arg >"$work/trial.out" 2>&1 &
	pid=$!
	sleep "$(rand_between $((START / 2)) $((START + left)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	st=$?	# 137: the kill found it running; else it had already exited
	if [ $st = 137 ]; then
		killed=$((killed + 1))
		[ $dir = downgrade ] && killed_down=$((killed_down + 1))
		SCALE=$((SCALE * 11 / 10))
		[ $SCALE -le 100 ] || SCALE=100
	else
		SCALE=$((SCALE * 2 / 3 + 1))
	fi
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
		total=$(q "select count(*) from migc_version")
	fi
	t=$((t + 1))
done
echo "# $killed of $TRIALS kills found the migrator running ($killed_down in a downgrade); $interrupted hit a no_transaction revision"
is "$bad" 0 "kill -9 at $TRIALS random points: the version table always matches the live schema ($interrupted interrupted no_transaction revisions resolved)"
ok "most kills ($killed of $TRIALS, at least 2 in 3) found the migrator still running" test $((killed * 3)) -ge $((TRIALS * 2))
ok "kills landed in downgrades ($killed_down) and in no_transaction revisions ($interrupted)" \
	test "$killed_down" -ge 1 -a "$interrupted" -ge 1
"$work/m" --url "$url" upgrade head >"$work/out" 2>&1
is "$?" 0 "after the kills a rerun reaches head"
is "$(q "select count(*) from migc_version where duration_ms >= 0")|$(q "$MISMATCH")" "$N|0" "all $N revisions recorded and present"
"$work/m" --url "$url" check >"$work/check.out" 2>&1
is "$?" 0 "after the kills, the migrator's check finds the live schema exactly as head expects"


done_testing
