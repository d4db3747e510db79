#!/bin/sh
# tests/e2e/93-faults-misc.t - more fault injection on the 200-revision
# project of tests/e2e/faults.sh:
#  - PostgreSQL restarted in the middle of an upgrade: a clear error, and a
#    rerun completes;
#  - 8 migrators started at once, 10 rounds: all exit 0, each revision
#    applied exactly once (a waiter polls the advisory lock, so a
#    "create index concurrently" in the lock holder cannot deadlock on it);
#  - refused connection, wrong password, missing database, missing
#    privileges: their documented exit statuses (3, 3, 3, 5), clear
#    messages;
#  - every migrator command, succeeding and failing, with the password
#    given by --url, DATABASE_URL (URI and key=value), DATABASE_PASSWORD
#    and PGPASSWORD: the password appears in no output.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
. tests/e2e/faults.sh

# ---- PostgreSQL restarted in the middle of an upgrade ------------------------
"$work/m" --url "$url" downgrade base >/dev/null 2>&1
"$work/m" --url "$url" upgrade head >"$work/out" 2>"$work/err" &
pid=$!
n=0
while [ "$(q "select count(*) from migc_version" 2>/dev/null)" -lt 5 ] 2>/dev/null && [ $n -lt 400 ]; do
	sleep 0.02
	n=$((n + 1))
done
pg__as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w restart >/dev/null 2>&1
wait $pid
st=$?
if [ $st -eq 1 ] || [ $st -eq 5 ]; then r=ok; else r="exit $st"; fi
is "$r" ok "PostgreSQL restarted mid-upgrade: the migrator fails with exit 1 or 5"
contains "$(cat "$work/err")" "error:" "with a clear error"
sed 's/^/#   | /' "$work/err" | head -6
wait_orphans
resolve_interrupted
"$work/m" --url "$url" upgrade head >"$work/out" 2>"$work/err"
is "$?" 0 "a rerun after the restart completes"
is "$(q "select count(*) from migc_version where duration_ms >= 0")|$(q "$MISMATCH")" "$N|0" "and the schema matches"

# ---- 8 migrators at once ----------------------------------------------------
target=000000000030
okc=0
for round in 1 2 3 4 5 6 7 8 9 10; do
	"$work/m" --url "$url" downgrade base >/dev/null 2>&1
	pids=""
	for k in 1 2 3 4 5 6 7 8; do
		"$work/m" --url "$url" upgrade $target >"$work/c$k.out" 2>"$work/c$k.err" &
		pids="$pids $!"
	done
	st=0
	for p in $pids; do wait $p || st=1; done
	applied=$(cat "$work"/c?.out | grep -c '^upgrade .*)$')
	rec=$(q "select count(*), count(distinct revision) from migc_version")
	if [ $st -eq 0 ] && [ "$applied" = 30 ] && [ "$rec" = "30|30" ]; then
		okc=$((okc + 1))
	else
		echo "# round $round: exit $st, $applied applied, recorded $rec"
	fi
done
is "$okc" 10 "8 migrators at once, 10 rounds: all exit 0 and each revision is applied exactly once"

# ---- connection failures ------------------------------------------------------
PW='pw-Zq81-secret'
psql -X -q -d faults -c "create role weak login password '$PW'" >/dev/null
outs=$work/outs
: >"$outs"
run() { "$work/m" "$@" >"$work/o" 2>&1; st=$?; cat "$work/o" >>"$outs"; }
free_port=$(pg__pick_port)
run --url "postgresql://weak:$PW@127.0.0.1:$free_port/faults" upgrade head
is "$st" 3 "connection refused: exit 3"
contains "$(cat "$work/o")" "cannot connect to the database" "connection refused: a clear error"
run --url "postgresql://weak:wrong-$PW@127.0.0.1:$PGPORT/faults" upgrade head
is "$st" 3 "wrong password: exit 3"
contains "$(cat "$work/o")" "password authentication failed" "wrong password: a clear error"
run --url "postgresql://weak:$PW@127.0.0.1:$PGPORT/nosuchdb" upgrade head
is "$st" 3 "missing database: exit 3"
contains "$(cat "$work/o")" 'database "nosuchdb" does not exist' "missing database: a clear error"
pg_fresh_db faults2
DATABASE_URL="postgresql://weak:$PW@127.0.0.1:$PGPORT/faults2" run upgrade head
is "$st" 5 "missing privileges (cannot create the version table): exit 5"
contains "$(cat "$work/o")" "permission denied" "missing privileges: a clear error"
DATABASE_HOSTNAME=127.0.0.1 DATABASE_PORT=$PGPORT DATABASE_NAME=nosuchdb DATABASE_USERNAME=weak DATABASE_PASSWORD=$PW run current
is "$st" 3 "DATABASE_* variables, missing database: exit 3"
PGPASSWORD=$PW run --url "postgresql://weak@127.0.0.1:$free_port/faults" current

# ---- every command, with the password given each way ---------------------------
# A database the password role owns, so that the commands succeed as well
# as fail; every output goes into $outs for the search below.
psql -X -q -d faults -c "create database faults3 owner weak" >/dev/null
wurl="postgresql://weak:$PW@127.0.0.1:$PGPORT/faults3"
bad=""
# expect STATUS ARGS...: runs the migrator, notes an unexpected status
expect() {
	want=$1
	shift
	run "$@"
	[ "$st" = "$want" ] || bad="$bad [$* -> $st, want $want]"
}
every_command() {
	expect 0 "$@" upgrade +12
	expect 0 "$@" current
	expect 0 "$@" history
	expect 0 "$@" history --verbose
	expect 0 "$@" history --offline
	expect 0 "$@" heads
	expect 0 "$@" show 000000000010
	expect 0 "$@" sql upgrade 000000000012:000000000014
	expect 0 "$@" sql downgrade 000000000003
	expect 0 "$@" stamp 000000000011
	expect 0 "$@" stamp 000000000012
	expect 0 "$@" accept-checksum --all
	expect 0 "$@" accept-checksum 000000000011
	expect 4 "$@" accept-checksum 000000000013
	expect 4 "$@" resolve 000000000010 applied
	expect 0 "$@" downgrade base
	expect 0 "$@" upgrade 000000000010
	expect 2 "$@" upgrade nosuch
	expect 2 "$@" frobnicate
	expect 0 "$@" --version
	expect 0 "$@" --help
	expect 0 "$@" downgrade base
}
every_command --url "$wurl"
DATABASE_URL=$wurl every_command
DATABASE_URL="host=127.0.0.1 port=$PGPORT dbname=faults3 user=weak password=$PW" every_command
DATABASE_HOSTNAME=127.0.0.1 DATABASE_PORT=$PGPORT DATABASE_NAME=faults3 DATABASE_USERNAME=weak DATABASE_PASSWORD=$PW every_command
PGHOST=127.0.0.1 PGDATABASE=faults3 PGUSER=weak PGPASSWORD=$PW every_command
is "$bad" "" "every command ran with the password given by --url, DATABASE_URL (both forms), DATABASE_PASSWORD and PGPASSWORD"
# failures whose messages could quote the connection string
expect 3 --url "postgresql://weak:$PW@127.0.0.1:$PGPORT/faults3?sslmode=bogus" current
expect 3 --url "postgresql://weak:$PW@127.0.0.1:$PGPORT/faults3?nosuchoption=1" current
expect 3 --url "host=127.0.0.1 port=$PGPORT dbname=faults3 user=weak password=$PW bogus" current
expect 3 --url "postgresql://weak:wrong$PW@127.0.0.1:$PGPORT/faults3" stamp head
# faults2 belongs to postgres: weak may connect but not create the version table
expect 5 --url "postgresql://weak:$PW@127.0.0.1:$PGPORT/faults2" stamp head
expect 5 --url "postgresql://weak:$PW@127.0.0.1:$PGPORT/faults2" upgrade head
is "$bad" "" "and failed as documented with a bad URL, a wrong password, missing privileges"
ok "those commands printed (more than 400 lines were searched)" test "$(wc -l <"$outs")" -gt 400
is "$(grep -c -- "$PW" "$outs")" 0 "the password appears in no output"

done_testing
