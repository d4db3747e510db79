# pg_bench.sh - the benchmarks' PostgreSQL: tests/lib/pg.sh's throwaway
# server, restarted with the durability settings of a real one (POSIX sh).
#
# Source tests/lib/pg.sh, then this file, then:
#   pg_bench_start      pg_start, then a restart with fsync, synchronous_commit
#                       and full_page_writes back at PostgreSQL's defaults (on):
#                       the test server turns them off, which would hide the
#                       cost of each commit's WAL flush, most of an upgrade's
#                       time on a real disk.  The data directory lives under
#                       BENCH_PGROOT (default /var/tmp), which must be on
#                       a disk, not on a tmpfs.
# pg_stop stops it as usual.

pg_bench_start() {
	TMPDIR=${BENCH_PGROOT:-/var/tmp} pg_start || return 1
	if ! pg__as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
		-w -t 60 -m fast -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PG_DIR -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=20" \
		restart >"$PG_DIR/pg_ctl.log" 2>&1; then
		echo "pg_bench.sh: cannot restart PostgreSQL with fsync on:" >&2
		cat "$PG_DIR/pg_ctl.log" "$PG_DIR/server.log" >&2 2>/dev/null
		return 1
	fi
	fs=$(pg_psql -c "SHOW fsync") || return 1
	if [ "$fs" != on ]; then
		echo "pg_bench.sh: the server runs with fsync=$fs" >&2
		return 1
	fi
	return 0
}
