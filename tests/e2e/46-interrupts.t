#!/bin/sh
# tests/e2e/46-interrupts.t - SIGINT, SIGTERM and SIGKILL of a migrator
# stop it: the revision in progress never commits, later ones never start.
#
# Three revisions: 1 creates posts, 2 adds a column to posts (or, in the
# second project, sleeps in a long statement), 3 creates tags.  Each signal
# is sent (a) while revision 2's ALTER waits for a lock another session
# holds, (b) during a long statement, (c) between two attempts of revision
# 2 (no statement running).  Afterwards the version table records only
# revision 1, the schema has no trace of 2 or 3, SIGINT/SIGTERM exit 6 with
# "interrupted: revision ... rolled back, database is at ...", and the
# lines printed before the signal reached the log (stdout is a file).
# After SIGKILL the lock is released at once: a COMMIT queued in the
# pipeline would then run; none may.  Also: the default lock timeout gives
# way and retries (docs/migrator.md, "Timeouts and retries").
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

R1=000000000001 R2=000000000002 R3=000000000003
mkproj() {	# DIR REVISION-2-UPGRADE
	mkdir -p "$1/versions"
	printf 'name = intr\n' >"$1/migc.conf"
	cat >"$1/versions/${R1}_a.mig" <<MIG
revision $R1
parent base
message "create posts"
upgrade { create table posts (id bigint primary key); }
downgrade { drop table posts; }
MIG
	cat >"$1/versions/${R2}_b.mig" <<MIG
revision $R2
parent $R1
message "add title"
upgrade { $2 }
downgrade { alter table posts drop column title; }
MIG
	cat >"$1/versions/${R3}_c.mig" <<MIG
revision $R3
parent $R2
message "create tags"
upgrade { create table tags (id bigint primary key); }
downgrade { drop table tags; }
MIG
}
mkproj "$work/lock" 'alter table posts add column title text;'
mkproj "$work/long" 'alter table posts add column title text; execute $$ select pg_sleep(60) $$;'
ok "migc builds the lock project" "$MIGC" -C "$work/lock" build -o "$work/m"
ok "migc builds the long-statement project" "$MIGC" -C "$work/long" build -o "$work/mlong"
e2e_pg_start
url="postgresql:///intr?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d intr -c "$1"; }

# waits (up to $2 tenths of a second) until the SQL $1 returns t
wait_for() {
	n=0
	while [ "$(q "$1")" != t ]; do
		n=$((n + 1))
		[ $n -ge "$2" ] && return 1
		sleep 0.1
	done
	return 0
}
# waits until no backend of a migrator ("m" or "mlong") is left
gone() { wait_for "select not exists (select 1 from pg_stat_activity where application_name in ('m', 'mlong'))" 300; }
# starts a session that holds a lock on posts until it is terminated
hold_lock() {
	psql -X -q -d intr -c "begin; lock table posts in access share mode; select pg_sleep(600);" >/dev/null 2>&1 &
	holder=$!
	wait_for "select exists (select 1 from pg_locks where relation = 'posts'::regclass and granted and pid <> pg_backend_pid())" 200
}
release_lock() {
	q "select pg_terminate_backend(pid) from pg_stat_activity where query like '%lock table posts%' and pid <> pg_backend_pid()" >/dev/null
	wait $holder 2>/dev/null
}
# the state after an interrupted run: only revision 1 recorded, no title, no tags
state() {
	q "select string_agg(revision, ',' order by revision) from migc_version"
	q "select exists (select 1 from information_schema.columns where table_name = 'posts' and column_name = 'title')"
	q "select to_regclass('tags') is not null"
}
want_state="$R1
f
f"
fresh() {
	pg_fresh_db intr
	"$work/m" --url "$url" upgrade $R1 >/dev/null 2>&1
}
# waits (30 s at most: then it is killed, and st says so) for the
# migrator $pid to exit; sets st
reap() {
	n=0
	while kill -0 $pid 2>/dev/null && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
	if kill -0 $pid 2>/dev/null; then
		echo "# the migrator did not stop within 30 s"
		kill -9 $pid 2>/dev/null
	fi
	wait $pid
	st=$?
}

for sig in INT TERM KILL; do
	# ---- (a) a statement blocked behind another session's lock ----------
	fresh
	hold_lock || echo "# the lock holder did not start"
	"$work/m" --url "$url" --lock-timeout 0 upgrade head >"$work/out" 2>"$work/err" &
	pid=$!
	wait_for "select exists (select 1 from pg_stat_activity where application_name = 'm' and wait_event_type = 'Lock')" 300 ||
		echo "# the migrator did not block"
	[ $sig = TERM ] && sleep 6	# longer than the default lock timeout
	kill -$sig $pid
	[ $sig = KILL ] && release_lock
	reap
	[ $sig = KILL ] || release_lock
	gone
	is "$(state)" "$want_state" "SIG$sig while blocked on a lock: only revision 1 recorded, no column, no later table"
	contains "$(cat "$work/out")" "upgrade $R2: add title ..." "SIG$sig while blocked: the revision's start line reached the log"
	if [ $sig = KILL ]; then
		is "$st" 137 "SIGKILL: the migrator died (and its revision did not commit once the lock was free)"
	else
		is "$st" 6 "SIG$sig while blocked: exit status 6"
		contains "$(cat "$work/err")" "interrupted: revision $R2 rolled back, database is at $R1" "SIG$sig while blocked: the report says what was rolled back and where the database is"
		[ $sig = TERM ] && lacks "$(cat "$work/err")" "lock_timeout" "with --lock-timeout 0 it waited longer than the default timeout without giving up"
	fi

	# ---- (b) a long statement ------------------------------------------
	fresh
	"$work/mlong" --url "$url" upgrade head >"$work/out" 2>"$work/err" &
	pid=$!
	wait_for "select exists (select 1 from pg_stat_activity where application_name = 'mlong' and query like '%pg_sleep%' and state = 'active')" 300 ||
		echo "# the long statement did not start"
	kill -$sig $pid
	reap
	# the statement sleeps 60 s: a backend gone well before that was stopped
	gone
	is "$(state)" "$want_state" "SIG$sig during a long statement: only revision 1 recorded, no column, no later table"
	is "$(q "select count(*) from pg_stat_activity where application_name = 'mlong'")" 0 "SIG$sig during a long statement: the backend stopped too"
	if [ $sig != KILL ]; then
		is "$st" 6 "SIG$sig during a long statement: exit status 6"
		contains "$(cat "$work/err")" "interrupted: revision $R2 rolled back, database is at $R1" "SIG$sig during a long statement: reported"
	fi

	# ---- (c) between two attempts: no statement running -----------------
	fresh
	hold_lock || echo "# the lock holder did not start"
	"$work/m" --url "$url" --lock-timeout 200ms --retries 5 upgrade head >"$work/out" 2>"$work/err" &
	pid=$!
	n=0
	while ! grep -q "retry 1 of 5" "$work/err" && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
	kill -$sig $pid
	release_lock
	reap
	gone
	is "$(state)" "$want_state" "SIG$sig between attempts: only revision 1 recorded, no column, no later table"
	if [ $sig != KILL ]; then
		is "$st" 6 "SIG$sig between attempts: exit status 6, without waiting for the next attempt"
		contains "$(cat "$work/err")" "interrupted: revision $R2 rolled back, database is at $R1" "SIG$sig between attempts: reported"
	fi
done

# ---- two signals --------------------------------------------------------
fresh
hold_lock || echo "# the lock holder did not start"
"$work/m" --url "$url" --lock-timeout 0 upgrade head >"$work/out" 2>"$work/err" &
pid=$!
wait_for "select exists (select 1 from pg_stat_activity where application_name = 'm' and wait_event_type = 'Lock')" 300
kill -INT $pid
kill -INT $pid
release_lock
reap
gone
is "$st|$(state)" "6|$want_state" "two SIGINTs: exit 6, only revision 1 recorded"

# ---- after all that, a run reaches head ---------------------------------
"$work/m" --url "$url" upgrade head >"$work/out" 2>"$work/err"
is "$?|$(q "select count(*) from migc_version")" "0|3" "a rerun reaches head"
is "$(grep -c " \.\.\.$" "$work/out")|$(grep -c " ms)$" "$work/out")" "2|2" "each revision printed a start line and a result line"

# ---- the default lock timeout gives way and retries ----------------------
fresh
hold_lock || echo "# the lock holder did not start"
"$work/m" --url "$url" upgrade head >"$work/out" 2>"$work/err" &
pid=$!
n=0
while ! grep -q "retry 1 of 3" "$work/err" && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
release_lock
reap
is "$st|$(q "select count(*) from migc_version")" "0|3" "without --lock-timeout a blocked revision gives up after the default timeout, retries and succeeds"
contains "$(cat "$work/err")" "waited longer than lock_timeout" "the timeout is announced"
contains "$(cat "$work/err")" "retry 1 of 3 in 1 s" "and so is the retry"

done_testing
