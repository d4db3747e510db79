#!/bin/sh
# tests/e2e/98-drift-locks.t - the migrator's check when the expected schema
# needs more locks than one transaction may hold.
#
# The server is restarted with a lock table far smaller than PostgreSQL's
# default (max_locks_per_transaction 10, max_connections 5, no WAL senders
# or background workers), and a generated project with dozens of tables is
# upgraded.  Replaying it into
# the scratch schemas in one transaction then runs out of shared memory
# (53200): check must say so, build the expected schema committed (one
# transaction per revision), find the database clean, find hand-made drift,
# and drop every scratch schema again (docs/migrator.md, "check").
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
N=${DRIFT_LOCK_REVISIONS:-300}

e2e_pg_start
pg__as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
ok "the server restarts with a small lock table" \
	pg__as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
	-o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_locks_per_transaction=10 -c max_connections=5 -c max_wal_senders=0 -c max_worker_processes=0 -c autovacuum_max_workers=1" \
	start

ok "generate a $N-revision project" python3 tests/tools/genproject.py "$work/gen" "$N" 5
ok "build its migrator" "$MIGC" -C "$work/gen" build -o "$work/m"
pg_fresh_db locks
url="postgresql:///locks?host=$PGHOST&port=$PGPORT&user=$PGUSER"
ok "upgrade head" "$work/m" --url "$url" upgrade head
tables=$(pg_psql -d locks -c "select count(*) from pg_tables where schemaname = 'public'")
ok "the project has dozens of tables ($tables)" test "$tables" -ge 40
scratch() { pg_psql -d locks -c "select count(*) from pg_namespace where nspname like 'migc\\_expected\\_%'"; }

"$work/m" --url "$url" check >"$work/out" 2>"$work/err"
is "$?" 0 "check exits 0 on the clean database"
contains "$(cat "$work/err")" "needs more locks in one transaction than max_locks_per_transaction allows" \
	"check says why it builds the expected schema committed"
contains "$(cat "$work/out")" "clean: the database matches revision" "check finds the database clean"
is "$(scratch)" 0 "no migc_expected_* schema is left"

t=$(pg_psql -d locks -c "select tablename from pg_tables where schemaname = 'public' and tablename <> 'migc_version' order by tablename limit 1")
pg_psql -d locks -c "alter table \"$t\" add column drift_extra integer" >/dev/null
"$work/m" --url "$url" check >"$work/out" 2>"$work/err"
is "$?" 1 "check exits 1 after a column was added by hand"
contains "$(cat "$work/out")" "drift_extra" "check names the added column"
is "$(scratch)" 0 "no migc_expected_* schema is left after the drift report"

done_testing
