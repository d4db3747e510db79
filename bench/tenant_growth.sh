#!/bin/sh
# bench/tenant_growth.sh - does a tenant's upgrade get dearer as its
# database fills with tenants? (POSIX sh; standalone, not part of `make
# bench`, not a test.)  One database `tenants` of SCHEMAS empty schemas;
# the migrator upgrades them one after the other (`--schema NAME upgrade
# head`, bench/gen.py's REVISIONS-revision project), and after each run the
# script records one line of WORK/targets.txt:
#   INDEX WALL_MS SERVER_USER_TICKS SERVER_SYS_TICKS WAL_BYTES BLKS_READ BLKS_HIT
# where the ticks are the server's CPU during that run (the postmaster's own
# and reaped children's plus its live children's, from /proc), WAL_BYTES is
# pg_current_wal_lsn() and BLKS_* are the database's pg_stat_database
# counters (cumulative: subtract the previous line).  The server logs every
# autovacuum run and checkpoint (log_autovacuum_min_duration=0,
# log_checkpoints) and, with LOG_STATEMENTS=1, every statement with its
# duration (log_min_duration_statement=0: costs server CPU itself); its log
# is kept as WORK/server.log.  Prints a summary per tenth of the tenants.
# CPU ticks, unlike wall time, hardly move with the machine's load.
#
# Usage: MIGC_OUT=DIR sh bench/tenant_growth.sh [SCHEMAS [REVISIONS [WORK]]]
# (defaults 500, 50, a new directory under TMPDIR; the server is
# pg_bench.sh's, fsync on).
cd "$(dirname "$0")/.." || exit 1
MIGC=${MIGC_OUT:-$(pwd)}/bin/migc
S=${1:-500} REVS=${2:-50}
case $S$REVS in '' | *[!0-9]*) echo "usage: sh bench/tenant_growth.sh [SCHEMAS [REVISIONS [WORK]]]" >&2; exit 2 ;; esac
OUTD=${3:-$(mktemp -d "${TMPDIR:-/tmp}/migc-tenant-growth.XXXXXX")} || exit 1
. tests/lib/pg.sh
. bench/pg_bench.sh
mkdir -p "$OUTD/project" || exit 1
trap 'cp "$PG_DIR/server.log" "$OUTD/server.log" 2>/dev/null; pg_stop' EXIT
trap 'exit 130' INT TERM
python3 bench/gen.py "$OUTD/project" "$REVS" --only migc >/dev/null || exit 1
"$MIGC" -C "$OUTD/project/migc" build -o "$OUTD/m" || exit 1
pg_bench_start || exit 1
pg_psql -d postgres -c "create database tenants" >/dev/null || exit 1
pg_psql -d tenants -c "do \$\$ begin for i in 1..$S loop
	execute format('create schema %I', 'tenant_' || lpad(i::text, 4, '0')); end loop; end \$\$" >/dev/null || exit 1
stmt=-1; [ "${LOG_STATEMENTS:-0}" = 1 ] && stmt=0
pg_psql -c "alter system set log_min_duration_statement = $stmt" \
	-c "alter system set log_autovacuum_min_duration = 0" -c "alter system set log_checkpoints = on" \
	-c "alter system set log_line_prefix = '%m [%p] %d '" -c "select pg_reload_conf()" >/dev/null || exit 1
PM=$(head -1 "$PG_DIR/data/postmaster.pid")
# "USER SYS": the server's CPU ticks so far
ticks() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$PM" '
		{ pid = $1; s = $0; sub(/^.*\) /, "", s); split(s, a, " ")
		  if (pid == pm) { u += a[12] + a[14]; y += a[13] + a[15] }
		  else if (a[2] == pm) { u += a[12]; y += a[13] } }
		END { print u + 0, y + 0 }'
}
URL="postgresql:///tenants?host=$PGHOST&port=$PGPORT&user=$PGUSER"
: >"$OUTD/targets.txt"
set -- $(ticks); u0=$1 y0=$2
i=1
while [ $i -le "$S" ]; do
	a=$(date +%s%N)
	"$OUTD/m" --url "$URL" --schema "tenant_$(printf %04d $i)" -q upgrade head || exit 1
	b=$(date +%s%N)
	set -- $(ticks)
	st=$(pg_psql -d tenants -F' ' -c "select pg_current_wal_lsn() - '0/0', blks_read, blks_hit
		from pg_stat_database where datname = 'tenants'") || exit 1
	echo "$i $(((b - a) / 1000000)) $(($1 - u0)) $(($2 - y0)) $st" >>"$OUTD/targets.txt"
	u0=$1 y0=$2 i=$((i + 1))
done
pg_psql -d tenants -c "select 'pg_class rows ' || count(*) from pg_class" \
	-c "select 'pg_attribute rows ' || count(*) from pg_attribute" \
	-c "select 'database ' || pg_size_pretty(pg_database_size('tenants'))" \
	-c "select 'shared_buffers ' || current_setting('shared_buffers')" >"$OUTD/catalog.txt"
echo "tenant_growth: $S schemas, $REVS revisions, load average $(cut -d' ' -f1-3 /proc/loadavg); $(paste -sd, "$OUTD/catalog.txt")"
tck=$(getconf CLK_TCK 2>/dev/null) || tck=100
awk -v s="$S" -v tck="$tck" '
	BEGIN { print "| tenants | wall ms | server CPU ms (user + sys) | WAL kB | blocks read | blocks hit |"
		print "|---|---|---|---|---|---|" }
	{ w = int(($1 - 1) * 10 / s); n[w]++; ms[w] += $2; u[w] += $3; y[w] += $4
	  if (NR > 1) { wal[w] += $5 - pw; rd[w] += $6 - pr; ht[w] += $7 - ph }
	  pw = $5; pr = $6; ph = $7 }
	END { for (k = 0; k < 10; k++) if (n[k])
		printf "| %d-%d | %.0f | %.0f (%.0f + %.0f) | %.0f | %.0f | %.0f |\n", int(k * s / 10) + 1,
			int((k + 1) * s / 10), ms[k] / n[k], 1000 * (u[k] + y[k]) / tck / n[k],
			1000 * u[k] / tck / n[k], 1000 * y[k] / tck / n[k], wal[k] / 1024 / n[k], rd[k] / n[k], ht[k] / n[k] }' \
	"$OUTD/targets.txt"
echo "per-target lines in $OUTD/targets.txt, the server log in $OUTD/server.log"
