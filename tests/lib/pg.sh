# pg.sh - a throwaway PostgreSQL server for end-to-end tests (POSIX sh).
#
# Source it, then:
#   pg_start            initdb + start a server in a fresh temp dir, listening
#                       on a unix socket in that dir and on 127.0.0.1:<free port>;
#                       exports PGHOST (the socket dir) PGPORT PGUSER=postgres
#                       PGDATABASE=postgres PG_BINDIR PG_DIR.  Returns non-zero
#                       (with the server log on stderr) if the server cannot
#                       start: a test failure, never a skip.
#   pg_stop             fast shutdown, removes the temp dir (safe to call twice)
#   pg_fresh_db NAME    drop NAME if it exists, create it, export PGDATABASE=NAME
#   pg_psql ARGS...     psql -X -q -v ON_ERROR_STOP=1 -At against the server
#   pg_standby_start    after pg_start: a streaming standby of that server
#                       (pg_basebackup -R into $PG_DIR/standby, replication
#                       allowed over the socket), listening on the same socket
#                       dir and 127.0.0.1:$PG_STANDBY_PORT (exported); waits
#                       until it accepts read-only connections.  pg_stop and
#                       the watchdog stop it too.
#
# Authentication: unix socket and TCP connections as "postgres" are trusted;
# TCP connections as any other role need a SCRAM password, so a test can
# create a role with a password and exercise real password handling.
# Runs postgres as the "postgres" OS user via runuser when started as root.
#
# Cleanup: call pg_stop from your own EXIT trap (trap 'pg_stop; ...' EXIT).
# pg_start does not install a trap itself, because a POSIX shell cannot read
# or chain the caller's trap and would silently replace it; instead it starts
# a small watchdog that stops the server and removes the directory within a
# second of the test's shell dying, however it died.

pg__find_bindir() {
	if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
		echo "$PG_BINDIR"; return 0
	fi
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null)
		if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r) \
		 /usr/local/pgsql/bin /usr/pgsql-*/bin; do
		if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
	done
	return 1
}

# Runs a server binary as the owner of the data directory.
pg__as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# A loopback port nobody listens on (best effort; pg_start retries).
pg__pick_port() {
	p=$(( ( $$ * 7919 + $(date +%N 2>/dev/null | sed 's/^0*//;s/^$/0/') ) % 30000 + 20000 ))
	n=0
	while [ $n -lt 50 ]; do
		if command -v ss >/dev/null 2>&1; then
			if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then
				echo $p; return 0
			fi
		else
			echo $p; return 0
		fi
		p=$(( p + 1 )); n=$(( n + 1 ))
	done
	echo $p
}

pg_start() {
	PG_BINDIR=$(pg__find_bindir) || {
		echo "pg.sh: cannot find PostgreSQL server binaries (initdb)" >&2
		return 1
	}
	export PG_BINDIR
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/migc-pg.XXXXXX") || return 1
	export PG_DIR
	chmod 755 "$PG_DIR"
	if [ "$(id -u)" = 0 ]; then
		if ! id postgres >/dev/null 2>&1; then
			echo "pg.sh: running as root but there is no \"postgres\" user" >&2
			rm -rf "$PG_DIR"; return 1
		fi
		chown postgres "$PG_DIR"
	fi
	if ! pg__as_owner "$PG_BINDIR/initdb" -D "$PG_DIR/data" -A trust -U postgres \
		--no-sync -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1; then
		echo "pg.sh: initdb failed:" >&2
		cat "$PG_DIR/initdb.log" >&2
		rm -rf "$PG_DIR"; PG_DIR=
		return 1
	fi
	cat >"$PG_DIR/data/pg_hba.conf" <<'EOF'
local all all                trust
host  all postgres 127.0.0.1/32 trust
host  all postgres ::1/128      trust
host  all all      127.0.0.1/32 scram-sha-256
host  all all      ::1/128      scram-sha-256
EOF
	tries=0
	while :; do
		PGPORT=$(pg__pick_port)
		if pg__as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
			-w -t 30 -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c password_encryption=scram-sha-256" \
			start >"$PG_DIR/pg_ctl.log" 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 3 ]; then
			echo "pg.sh: cannot start PostgreSQL:" >&2
			cat "$PG_DIR/pg_ctl.log" "$PG_DIR/server.log" >&2 2>/dev/null
			rm -rf "$PG_DIR"; PG_DIR=
			return 1
		fi
	done
	pg__watchdog $$
	PGHOST=$PG_DIR
	PGUSER=postgres
	PGDATABASE=postgres
	export PGHOST PGPORT PGUSER PGDATABASE
	return 0
}

# Stops the server in $PG_DIR once process $1 (the test's shell) is gone.
pg__watchdog() {
	(
		while kill -0 "$1" 2>/dev/null && [ -d "$PG_DIR" ]; do
			sleep 1
		done
		for d in "$PG_DIR/standby" "$PG_DIR/data"; do
			if [ -f "$d/postmaster.pid" ]; then
				pg__as_owner "$PG_BINDIR/pg_ctl" -D "$d" -m immediate -w stop
			fi
		done
		rm -rf "$PG_DIR"
	) </dev/null >/dev/null 2>&1 &
	PG__WATCHDOG=$!
}

pg_stop() {
	if [ -n "${PG__WATCHDOG:-}" ]; then
		kill "$PG__WATCHDOG" 2>/dev/null || :
		PG__WATCHDOG=
	fi
	if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
		if [ -f "$PG_DIR/standby/postmaster.pid" ]; then
			pg__as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/standby" -m fast -w stop \
				>/dev/null 2>&1 || :
		fi
		if [ -f "$PG_DIR/data/postmaster.pid" ]; then
			pg__as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop \
				>/dev/null 2>&1 || :
		fi
		rm -rf "$PG_DIR"
	fi
	PG_DIR=
}

pg_psql() {
	"$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -At "$@"
}

pg_fresh_db() {
	[ -n "${1:-}" ] || { echo "pg_fresh_db: database name needed" >&2; return 2; }
	q=$(printf '%s' "$1" | sed 's/"/""/g')
	PGOPTIONS="-c client_min_messages=warning" \
	pg_psql -d postgres -c "DROP DATABASE IF EXISTS \"$q\" WITH (FORCE)" >/dev/null &&
	pg_psql -d postgres -c "CREATE DATABASE \"$q\"" >/dev/null || return 1
	PGDATABASE=$1
	export PGDATABASE
}

pg_standby_start() {
	[ -n "${PG_DIR:-}" ] || { echo "pg_standby_start: pg_start first" >&2; return 1; }
	printf 'local replication all trust\n' >>"$PG_DIR/data/pg_hba.conf"
	pg_psql -d postgres -c "select pg_reload_conf()" >/dev/null || return 1
	if ! pg__as_owner "$PG_BINDIR/pg_basebackup" -h "$PG_DIR" -p "$PGPORT" -U postgres \
		-D "$PG_DIR/standby" -R -X stream --no-sync >"$PG_DIR/basebackup.log" 2>&1; then
		echo "pg.sh: pg_basebackup failed:" >&2
		cat "$PG_DIR/basebackup.log" >&2
		return 1
	fi
	tries=0
	while :; do
		PG_STANDBY_PORT=$(pg__pick_port)
		[ "$PG_STANDBY_PORT" = "$PGPORT" ] && PG_STANDBY_PORT=$((PGPORT + 1))
		if pg__as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/standby" -l "$PG_DIR/standby.log" \
			-w -t 30 -o "-c listen_addresses=127.0.0.1 -p $PG_STANDBY_PORT -k $PG_DIR -c fsync=off -c hot_standby=on" \
			start >"$PG_DIR/pg_ctl_standby.log" 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 3 ]; then
			echo "pg.sh: cannot start the standby:" >&2
			cat "$PG_DIR/pg_ctl_standby.log" "$PG_DIR/standby.log" >&2 2>/dev/null
			return 1
		fi
	done
	export PG_STANDBY_PORT
	return 0
}
