#!/bin/sh
# run.sh - `make bench`: installs what the benchmarks need (as root on
# Debian), starts a PostgreSQL with fsync on, runs bench/bench.py, stops it.
#
#   MIGC_OUT=DIR           where make put bin/migc and lib/migc (required)
#   BENCH_WORK=DIR         generated projects, raw samples, results.md
#                          (default $MIGC_OUT/build/bench)
#   BENCH_ROUNDS=R         rounds of the fast commands (default 9)
#   BENCH_DB_ROUNDS=R      rounds of upgrade+downgrade (default 7)
#   BENCH_ARGS="..."       more bench.py options (--no-extras, --n, --n-big)
#   BENCH_PGROOT=DIR       where the server's data directory goes (default
#                          /var/tmp; must be a disk, not a tmpfs)
#
# Alembic and psycopg2 are Debian's python3-alembic (with its command,
# package alembic) and python3-psycopg2;
# the test suite does not need them, so tools/install-deps.sh leaves them out.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
: "${MIGC_OUT:?MIGC_OUT must name the build output directory}"

need=
[ -x /usr/bin/alembic ] || need="$need alembic python3-alembic"
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || need="$need python3-psycopg2"
[ -x /usr/bin/time ] || need="$need time"
command -v strace >/dev/null 2>&1 || need="$need strace"
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing$need"
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >/dev/null ||
		{ apt-get update >/dev/null &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >/dev/null; }
	else
		echo "bench: missing$need; as root: apt-get install$need" >&2
		exit 2
	fi
fi

. "$top/tests/lib/pg.sh"
. "$here/pg_bench.sh"
work=${BENCH_WORK:-$MIGC_OUT/build/bench}
mkdir -p "$work"
trap 'pg_stop' EXIT
trap 'exit 130' INT TERM
pg_bench_start

{
	echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1),"\
	     "$(awk '/MemTotal/ {printf "%.0f GB RAM", $2 / 1048576}' /proc/meminfo)"
	echo "system: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
	echo "disk: $(df -h --output=source,fstype "$PG_DIR" | tail -1)"
	echo "disk flush (pg_test_fsync, one 8 kB write + fdatasync): $(timeout 20 "$PG_BINDIR/pg_test_fsync" -s 1 -f "$PG_DIR/fsync_test" 2>/dev/null |
		awk '$1 == "fdatasync" { print $2, $3, $4, $5; exit }')"
	rm -f "$PG_DIR/fsync_test"
	echo "postgresql: $(pg_psql -c 'SHOW server_version'), fsync=$(pg_psql -c 'SHOW fsync'), synchronous_commit=$(pg_psql -c 'SHOW synchronous_commit')"
	echo "alembic: $(/usr/bin/python3 -c 'import alembic; print(alembic.__version__)'), sqlalchemy $(/usr/bin/python3 -c 'import sqlalchemy; print(sqlalchemy.__version__)'), psycopg2 $(/usr/bin/python3 -c 'import psycopg2; print(psycopg2.__version__.split()[0])'), python $(/usr/bin/python3 -c 'import platform; print(platform.python_version())')"
	echo "migc: $("$MIGC_OUT/bin/migc" --version 2>&1 | head -1), cc: $(${CC:-cc} --version | head -1)"
	if rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null); then
		git -C "$top" diff --quiet HEAD 2>/dev/null || rev="$rev with uncommitted changes"
		echo "source: commit $rev"
	fi
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
} | tee "$work/environment.txt"

/usr/bin/python3 -B "$here/bench.py" --migc "$MIGC_OUT/bin/migc" --work "$work" \
	--rounds "${BENCH_ROUNDS:-9}" --db-rounds "${BENCH_DB_ROUNDS:-7}" ${BENCH_ARGS:-}
echo "bench: results in $work/results.md"
