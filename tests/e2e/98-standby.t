#!/bin/sh
# tests/e2e/98-standby.t - the migrator and a replicated cluster
# (docs/migrator.md, "Replicated clusters"): a primary and a streaming
# standby (pg_basebackup -R) on this machine.
#   - upgrade, downgrade, stamp and check against the standby are refused
#     before the lock with exit status 7 and a message naming the server;
#     nothing is written; current and history still run there;
#   - a database with default_transaction_read_only = on is refused alike;
#   - downgrade on the primary still creates no version table;
#   - a multi-host URL (and key=value string) listing the standby first,
#     with target_session_attrs=read-write, reaches the primary;
#   - once the standby's replay LSN reached the primary's WAL position after
#     the upgrade, the standby has the new schema and version rows.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = standby\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_a.mig" <<'MIG'
revision 000000000001
parent base
message "create notes"
upgrade { create table notes (id bigint primary key, body text); }
downgrade { drop table notes; }
MIG
cat >"$P/versions/000000000002_b.mig" <<'MIG'
revision 000000000002
parent 000000000001
message "add tags"
upgrade { create table tags (id bigint primary key, name text not null); }
downgrade { drop table tags; }
MIG
ok "migc builds the project" "$MIGC" -C "$P" build -o "$work/m"
e2e_pg_start
pg_psql -d postgres -c "create database appdb" -c "create database rodb" >/dev/null
ok "a streaming standby starts (pg_basebackup -R)" pg_standby_start
is "$(pg_psql -p "$PG_STANDBY_PORT" -d appdb -c 'select pg_is_in_recovery()')" t \
	"the standby is in recovery and has the database"

S="postgresql://127.0.0.1:$PG_STANDBY_PORT/appdb?user=postgres"
M="postgresql://127.0.0.1:$PGPORT/appdb?user=postgres"
vt() { pg_psql -p "$1" -d appdb -c "select count(*) from pg_tables where tablename in ('migc_version', 'notes', 'tags')"; }

for cmd in "upgrade head" "downgrade base" "stamp head" "check"; do
	"$work/m" --url "$S" $cmd >"$work/out" 2>"$work/err"
	is "$?" 7 "$cmd on the standby: exit 7"
	contains "$(cat "$work/err")" "port $PG_STANDBY_PORT (database \"appdb\") is a standby in recovery, migrations run on the primary: nothing was done" \
		"$cmd on the standby: the message names the server and says why"
done
contains "$(cat "$work/err")" "target_session_attrs=read-write" "the refusal points at target_session_attrs"
lacks "$(cat "$work/err")" "waiting for another migrator" "the refusal comes before the lock"
is "$(vt "$PGPORT")" 0 "nothing was written on the primary"
is "$(pg_psql -d appdb -c "select count(*) from pg_locks where locktype = 'advisory'")" 0 "no advisory lock is left"

"$work/m" --url "$S" current >"$work/out" 2>"$work/err"
is "$?" 0 "current runs on the standby"
contains "$(cat "$work/out")" "base" "current on the standby: the database is at base"
"$work/m" --url "$S" history >"$work/out" 2>"$work/err"
is "$?" 0 "history runs on the standby"

pg_psql -d postgres -c "alter database rodb set default_transaction_read_only = on" >/dev/null
"$work/m" --url "postgresql://127.0.0.1:$PGPORT/rodb?user=postgres" upgrade >"$work/out" 2>"$work/err"
is "$?" 7 "a read-only database: exit 7"
contains "$(cat "$work/err")" "(database \"rodb\") is read-only (default_transaction_read_only is on): nothing was done" \
	"a read-only database: the message says so"
is "$(pg_psql -d rodb -c "select count(*) from pg_tables where tablename = 'migc_version'")" 0 \
	"a read-only database: nothing was written"

"$work/m" --url "$M" downgrade base >"$work/out" 2>"$work/err"
is "$?" 0 "downgrade base on the primary's fresh database: exit 0"
is "$(vt "$PGPORT")" 0 "a command that writes but does not create (downgrade) creates no version table"

MULTI="postgresql://127.0.0.1:$PG_STANDBY_PORT,127.0.0.1:$PGPORT/appdb?user=postgres&target_session_attrs=read-write"
"$work/m" --url "$MULTI" upgrade 000000000001 >"$work/out" 2>"$work/err"
is "$?" 0 "a multi-host URL listing the standby first reaches the primary"
"$work/m" --url "host=127.0.0.1,127.0.0.1 port=$PG_STANDBY_PORT,$PGPORT dbname=appdb user=postgres target_session_attrs=read-write" \
	upgrade head >"$work/out" 2>"$work/err"
is "$?" 0 "a multi-host key=value string listing the standby first reaches the primary"
is "$(vt "$PGPORT")" 3 "the primary has the version table and both tables"
is "$(pg_psql -d appdb -c 'select count(*) from migc_version')" 2 "the primary records both revisions"

lsn=$(pg_psql -d appdb -c "select pg_current_wal_lsn()")
i=0
while [ "$(pg_psql -p "$PG_STANDBY_PORT" -d appdb -c "select pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" != t ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
is "$(pg_psql -p "$PG_STANDBY_PORT" -d appdb -c "select pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" t \
	"the standby replayed up to the primary's WAL position after the upgrade"
is "$(vt "$PG_STANDBY_PORT")" 3 "the standby has the new schema"
is "$(pg_psql -p "$PG_STANDBY_PORT" -d appdb -c "select string_agg(revision, ',' order by revision) from migc_version")" \
	"000000000001,000000000002" "the standby has the version rows"
"$work/m" --url "$S" current >"$work/out" 2>"$work/err"
contains "$(cat "$work/out")" "000000000002" "current on the standby shows the new head"

done_testing
