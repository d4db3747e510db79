#!/bin/sh
# tests/e2e/96-durability.t - the PostgreSQL server itself dies (SIGKILL of
# the postmaster and all its children) while or right after the migrator
# runs, which commits every revision but a run's last without waiting for
# the disk (docs/migrator.md, "Durability").
#
# (a) killed mid-upgrade or mid-downgrade of a 200-revision generated
#     project, DURABILITY_TRIALS times (default 6), upgrades and downgrades
#     in turn, each kill at a random revision of the run and a random point
#     of it (the run is timed first; at least 2 in 3 kills, one of them in
#     a downgrade, must find the migrator still running): after the restart the
#     version table is a prefix of the plan and the live schema is exactly
#     that of a reference database migrated to the recorded revision
#     (pg_dump --schema-only, normalised); a rerun reaches head.
# (b) killed right after the migrator exited 0: every revision it reported
#     is there, with the server's synchronous_commit on and off.
# (c) a revision fails mid-run, in a pipelined statement and in one that
#     runs alone: the report names file:line and SQLSTATE, and the earlier
#     revisions of the run survive a kill right after the exit.
# (d) round trips: strace counts one sendto per revision (the previous
#     revision's COMMIT, then its statements) and one for the last COMMIT.
#
# The server runs with fsync off (the test suite's setting): killing the
# server, not the machine, loses exactly what PostgreSQL had not yet
# written to the kernel, which is what an asynchronous commit risks.  The
# WAL writer sleeps 10 s between rounds (wal_writer_delay) so that the
# last partial WAL page of asynchronous commits stays unwritten long
# enough for the kills to find it: a missing flush shows up as lost
# revisions.  (A commit that drops a table is always flushed by PostgreSQL,
# so the downgrade checks of (b) would pass even without the final flush.)
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
N=200
TRIALS=${DURABILITY_TRIALS:-6}

ok "generate a $N-revision project" python3 tests/tools/genproject.py "$work/gen" $N 11
ok "migc builds it" "$MIGC" -C "$work/gen" build -o "$work/m"
M=$work/m
e2e_pg_start
PG_DUMP=$PG_BINDIR/pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
q() { psql -X -A -t -q -d "$1" -c "$2"; }
dump() { "$PG_DUMP" --schema-only --no-owner --no-privileges -d "$1" | awk -f tests/lib/normdump.awk; }
rand_ms() { od -An -N4 -tu4 /dev/urandom | awk -v lo="$1" -v hi="$2" '{ d = hi > lo ? hi - lo : 1; printf "%.3f\n", (lo + $1 % d) / 1000 }'; }
ls "$work/gen/versions" | cut -d_ -f1 >"$work/ids"

# SIGKILL of the postmaster and every child, all in one kill, then waits
# until they are gone.  server_aim lists them ahead (so that the kill
# itself costs no time: the mid-run kills below aim at runs of a few
# hundred milliseconds), server_fire kills what server_aim listed.
server_aim() {
	pm=$(head -1 "$PG_DIR/data/postmaster.pid")
	kids=$(ps -o pid= --ppid "$pm")
}
server_fire() {
	kill -9 "$pm" $kids 2>/dev/null
	for p in $pm $kids; do
		while kill -0 "$p" 2>/dev/null; do sleep 0.05; done
	done
}
server_kill() { server_aim; server_fire; }
# running PID: the process exists and is not a zombie (kill -0 is true for
# an exited child not yet waited for)
running() {
	set -- $(cat "/proc/$1/stat" 2>/dev/null) ""
	[ -n "$1" ] && [ "$3" != Z ]
}

# Starts the server on the same data directory (crash recovery runs) with
# synchronous_commit $1.
server_start() {
	pg__as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PG_DIR -c fsync=off -c synchronous_commit=$1 -c full_page_writes=off -c wal_writer_delay=10s" \
		start >"$PG_DIR/pg_ctl.log" 2>&1 || { cat "$PG_DIR/pg_ctl.log" "$PG_DIR/server.log" | tail -20 | sed 's/^/# /'; return 1; }
}

server_kill
ok "the server restarts with synchronous_commit on" server_start on

# ---- (a) the server dies mid-run -------------------------------------------
pg_fresh_db crash
pg_fresh_db ref
# time the runs first, so that every kill is drawn inside one: a start-up
# (nothing to do), a full upgrade and a full downgrade of the reference
now_ms() { echo $(($(date +%s%N) / 1000000)); }
"$M" --url "$(url ref)" upgrade head >/dev/null 2>&1
t0=$(now_ms)
"$M" --url "$(url ref)" upgrade head >/dev/null 2>&1
t1=$(now_ms)
"$M" --url "$(url ref)" downgrade base >/dev/null 2>&1
t2=$(now_ms)
"$M" --url "$(url crash)" upgrade head >/dev/null 2>&1
t3=$(now_ms)
"$M" --url "$(url crash)" downgrade base >/dev/null 2>&1
START=$((t1 - t0)) DOWN=$((t2 - t1 - START)) UP=$((t3 - t2 - START))
echo "# a run: start-up ${START} ms, $N revisions up ${UP} ms, down ${DOWN} ms"
bad=0 lost=0 t=1 midrun=0 midrun_down=0
while [ $t -le "$TRIALS" ]; do
	k0=$(q crash "select count(*) from migc_version" 2>/dev/null)
	k0=${k0:-0}
	# upgrades and downgrades alternate, from wherever the last crash left
	# the database.  The runs take a few hundred milliseconds, less than
	# the jitter of a loaded machine, so the kill is aimed by the
	# migrator's progress: once the K-th revision (K drawn among the first
	# three quarters of those to run, half for a downgrade) has started,
	# plus a random part of one revision's time
	if [ $((t % 2)) = 1 ]; then dir=upgrade; else dir=downgrade; fi
	[ $dir = upgrade ] && [ "$k0" = $N ] && dir=downgrade
	[ $dir = downgrade ] && [ "$k0" = 0 ] && dir=upgrade
	if [ $dir = upgrade ]; then arg=head todo=$((N - k0)) per=$((UP / N + 1))
	else arg=base todo=$k0 per=$((DOWN / N + 1)); fi
	# a downgrade is about twice as fast per revision: K among the first
	# half of its revisions leaves the shell loop below time to aim
	if [ $dir = upgrade ]; then part=$((todo * 3 / 4)); else part=$((todo / 2)); fi
	K=$(od -An -N4 -tu4 /dev/urandom | awk -v n=$part '{ print 1 + (n > 1 ? $1 % n : 0) }')
	pause=$(rand_ms 0 "$per")	# drawn ahead: forks cost time once aimed
	"$M" --url "$(url crash)" $dir $arg >"$work/run.out" 2>"$work/run.err" &
	pid=$!
	until grep -q ' \.\.\.$' "$work/run.out" || ! running $pid; do :; done
	server_aim	# the migrator's backend exists now
	until [ "$(grep -c ' \.\.\.$' "$work/run.out")" -ge "$K" ] || ! running $pid; do :; done
	sleep "$pause"
	server_fire
	wait $pid
	st=$?
	# the migrator lost its server mid-run (it had not finished)
	if [ $st -ne 0 ] && grep -q "connection" "$work/run.err"; then
		midrun=$((midrun + 1))
		[ $dir = downgrade ] && midrun_down=$((midrun_down + 1))
	fi
	server_start on || { bad=$((bad + 1)); break; }
	printed=$(grep -c "^$dir .*)$" "$work/run.out")	# result lines, not start lines
	k=$(q crash "select count(*) from migc_version")
	# the recorded revisions are the plan's first k, nothing else
	q crash "select revision from migc_version order by revision" >"$work/got"
	head -n "$k" "$work/ids" | sort >"$work/want"
	if ! cmp -s "$work/got" "$work/want"; then
		bad=$((bad + 1)); echo "# trial $t: the version table is not a prefix of the plan"
	fi
	if [ "$k" = 0 ]; then "$M" --url "$(url ref)" downgrade base >/dev/null 2>&1
	else
		rev=$(sed -n "${k}p" "$work/ids")
		"$M" --url "$(url ref)" upgrade "$rev" >/dev/null 2>&1
		"$M" --url "$(url ref)" downgrade "$rev" >/dev/null 2>&1
	fi
	if [ "$(q ref "select count(*) from migc_version")" != "$k" ]; then
		bad=$((bad + 1)); echo "# trial $t: the reference did not reach $k revisions"
	fi
	dump crash >"$work/crash.sql"
	dump ref >"$work/ref.sql"
	if ! cmp -s "$work/crash.sql" "$work/ref.sql"; then
		bad=$((bad + 1)); echo "# trial $t: the live schema is not that of revision $k"
		diff "$work/ref.sql" "$work/crash.sql" | head -10 | sed 's/^/#   /'
	fi
	if [ "$dir" = upgrade ]; then reported=$((k0 + printed)) end=$N; else reported=$((k0 - printed)) end=0; fi
	if [ $st -eq 0 ] && [ "$k" != $end ]; then
		bad=$((bad + 1)); echo "# trial $t: the migrator reported success but the crash lost revisions"
	fi
	if [ $st -ne 0 ] && ! grep -q "connection" "$work/run.err"; then
		bad=$((bad + 1)); echo "# trial $t: exit $st without a word about the lost connection"
		sed 's/^/#   /' "$work/run.err" | head -5
	fi
	echo "# trial $t: $dir from $k0 killed after $printed revisions reported (exit $st); the server kept $k, $reported were reported"
	[ "$k" != "$reported" ] && lost=$((lost + 1))
	t=$((t + 1))
done
is "$bad" 0 "server killed $TRIALS times mid-run: the version table always matches the live schema"
ok "most server kills ($midrun of $TRIALS, $midrun_down in a downgrade) interrupted a running migrator" \
	test $((midrun * 3)) -ge $((TRIALS * 2)) -a "$midrun_down" -ge 1
echo "# trials where commits the migrator had reported were lost with the server: $lost (allowed: it had not reported success)"
"$M" --url "$(url crash)" upgrade head >"$work/out" 2>&1
is "$?" 0 "after the crashes a rerun reaches head"
dump crash >"$work/crash.sql"
"$M" --url "$(url ref)" upgrade head >/dev/null 2>&1
dump ref >"$work/ref.sql"
ok "at head the schema is the reference's" cmp "$work/crash.sql" "$work/ref.sql"

# ---- (b) the server dies right after a successful run -----------------------
for sc in on off; do
	server_kill
	server_start $sc
	pg_fresh_db done_$sc
	"$M" --url "$(url done_$sc)" upgrade head >/dev/null 2>&1
	st=$?
	server_kill
	server_start $sc
	is "$st|$(q done_$sc "select count(*) from migc_version")" "0|$N" \
		"synchronous_commit=$sc: killed right after upgrade exited 0, all $N revisions survive"
	"$M" --url "$(url done_$sc)" downgrade base >/dev/null 2>&1
	st=$?
	server_kill
	server_start $sc
	is "$st|$(q done_$sc "select count(*) from migc_version")|$(q done_$sc "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'")" "0|0|1" \
		"synchronous_commit=$sc: killed right after downgrade base exited 0, nothing but the version table is left"
done

# ---- (c) a failure mid-run is reported, and what came before it is durable --
P=$work/fail
mkdir -p "$P/versions"
printf 'name = fail\n' >"$P/migc.conf"
i=1
parent=base
while [ $i -le 30 ]; do
	id=$(printf '%012d' $i)
	cat >"$P/versions/${id}_r.mig" <<MIG
revision $id
parent $parent
message "table t_$i"
upgrade {
    create table t_$i (id bigint primary key, v integer);
    execute \$\$ insert into t_$i values (1, 1) \$\$;
}
downgrade { drop table t_$i; }
MIG
	parent=$id
	i=$((i + 1))
done
# revision 31 fails in its first statement, which writes no WAL (so that
# nothing but the migrator's flush pushes the earlier commits to disk),
# either in the pipeline ...
write_bad() {
	cat >"$P/versions/000000000031_bad.mig" <<MIG
revision 000000000031
parent 000000000030
message "breaks"
upgrade {
    $1
    create table x (id integer);
}
downgrade { drop table x; }
MIG
}
write_bad 'execute $$ insert into t_1 (id) values (null) $$;'
ok "migc builds the failing project (pipelined failure)" "$MIGC" -C "$P" build -o "$work/f1"
# ... or in a statement that runs alone (it holds a ';')
write_bad 'execute $$ select 1; select 1 / 0 $$;'
ok "migc builds the failing project (failure in a statement run alone)" "$MIGC" -C "$P" build -o "$work/f2"
server_kill
server_start off
for f in f1 f2; do
	pg_fresh_db $f
	"$work/$f" --url "$(url $f)" upgrade head >"$work/out" 2>"$work/err"
	st=$?
	server_kill
	server_start off
	err=$(cat "$work/err")
	is "$st" 1 "$f: the failed revision exits 1"
	contains "$err" "versions/000000000031_bad.mig:5" "$f: the report names the file and line"
	if [ $f = f1 ]; then contains "$err" "23502" "$f: the report gives the SQLSTATE"
	else contains "$err" "22012" "$f: the report gives the SQLSTATE"; fi
	contains "$err" "was rolled back" "$f: the report says it was rolled back"
	is "$(q $f "select count(*) from migc_version")|$(q $f "select to_regclass('t_30') is not null, to_regclass('x') is null")" "30|t|t" \
		"$f: killed right after the failure, the 30 revisions before it survive and the failed one left nothing"
done

# ---- (d) one round trip per revision -----------------------------------------
if command -v strace >/dev/null 2>&1; then
	pg_fresh_db rt
	strace -qq -e trace=sendto -o "$work/up.trace" "$work/f1" --url "$(url rt)" upgrade 000000000030 >/dev/null 2>&1
	up=$(grep -c sendto "$work/up.trace")
	strace -qq -e trace=sendto -o "$work/down.trace" "$work/f1" --url "$(url rt)" downgrade base >/dev/null 2>&1
	down=$(grep -c sendto "$work/down.trace")
	# one per revision (the previous revision's deferred COMMIT, then its
	# statements: docs/migrator.md, "Interrupts"), the last revision's
	# COMMIT alone, start-up (SETs, lock, version table) and the end
	is "$([ "$up" -ge 31 ] && [ "$up" -le 42 ] && echo yes)" yes "upgrade of 30 revisions: $up sendto calls (30 + 1 + start-up)"
	is "$([ "$down" -ge 31 ] && [ "$down" -le 42 ] && echo yes)" yes "downgrade of 30 revisions: $down sendto calls (30 + 1 + start-up)"
	pg_fresh_db rt
	strace -qq -e trace=sendto -o "$work/each.trace" "$work/f1" --url "$(url rt)" --sync-each upgrade 000000000030 >/dev/null 2>&1
	is "$(grep -c sendto "$work/each.trace")" "$up" "--sync-each costs no extra round trip"
else
	echo "not ok - strace is missing: apt-get install strace"
	_tap_failed=$((_tap_failed + 1)); _tap_n=$((_tap_n + 1))
fi

done_testing
