#!/bin/sh
# bench/fleet_bench.sh - issue 16's fleet benchmark (POSIX sh; standalone,
# not part of `make bench`, not a test): one PostgreSQL cluster holding
# DATABASES tenant databases and SCHEMAS tenant schemas (in one more
# database) of one REVISIONS-revision project, every target upgraded from
# base to head by
#   - a shell loop running the migrator once per target (`--url`, plus
#     `--schema NAME` for a tenant schema): the single-target time summed
#     over the targets;
#   - `fleet upgrade head` over all targets at each -j of JOBS;
#   - a shell loop running Alembic once per target (bench/gen.py's Alembic
#     project of the same statements; a tenant schema gets `-x schema=NAME`:
#     version table in that schema and search_path set to it, Alembic's own
#     way, where the migrator qualifies the names itself).
# Each mode is timed by wall clock and must succeed on every target; between
# modes `fleet downgrade base -j 4` resets the targets (not timed).  The
# figures: seconds, targets per second, and the ratio of the mode's time to
# the single-target time x targets, which is the migrator loop's time.
# Ends with a block ready to paste into docs/benchmarks.md.
#
# Usage: MIGC_OUT=DIR sh bench/fleet_bench.sh [--schemas N] [--databases N]
#            [--revisions N] [--jobs "1 2 4 8"] [--no-alembic] [--quick]
# Defaults are the issue's sizes: 500 schemas, 50 databases, 50 revisions,
# -j 1 2 4 8.  --quick: 20 schemas, 5 databases, 10 revisions, -j 1 2 4 (a
# check that the script works, not a measurement).  The server is
# pg_bench.sh's (fsync on, BENCH_PGROOT); Alembic is Debian's
# /usr/bin/alembic with /usr/bin/python3 (bench/run.sh installs it).
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
MIGC=${MIGC_OUT:-$ROOT}/bin/migc
SCHEMAS=500 DBS=50 REVS=50 JOBS="1 2 4 8" ALEMBIC=1
usage() {
	echo "usage: sh bench/fleet_bench.sh [--schemas N] [--databases N] [--revisions N]" >&2
	echo "       [--jobs \"1 2 4 8\"] [--no-alembic] [--quick]" >&2
	exit 2
}
num() { case $2 in '' | *[!0-9]*) echo "fleet_bench: $1 needs a number" >&2; exit 2 ;; esac; }
while [ $# -gt 0 ]; do
	case $1 in
	--schemas) num "$1" "${2-}"; SCHEMAS=$2; shift 2 ;;
	--databases) num "$1" "${2-}"; DBS=$2; shift 2 ;;
	--revisions) num "$1" "${2-}"; REVS=$2; shift 2 ;;
	--jobs) [ -n "${2-}" ] || usage; JOBS=$2; shift 2 ;;
	--no-alembic) ALEMBIC=0; shift ;;
	--quick) SCHEMAS=20 DBS=5 REVS=10 JOBS="1 2 4"; shift ;;
	*) usage ;;
	esac
done
[ $((SCHEMAS + DBS)) -gt 0 ] && [ "$REVS" -gt 0 ] || usage
if [ $ALEMBIC = 1 ] && ! { [ -x /usr/bin/alembic ] && /usr/bin/python3 -c 'import alembic, psycopg2' 2>/dev/null; }; then
	echo "fleet_bench: Alembic missing (as root: apt-get install alembic python3-alembic python3-psycopg2), or use --no-alembic" >&2
	exit 2
fi
. tests/lib/pg.sh
. bench/pg_bench.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/migc-fleet-bench.XXXXXX") || exit 1
trap 'pg_stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
die() { echo "fleet_bench: $*" >&2; exit 1; }

only=; [ $ALEMBIC = 1 ] || only="--only migc"
python3 bench/gen.py "$work" "$REVS" $only >/dev/null || die "gen.py failed"
"$MIGC" -C "$work/migc" build -o "$work/m" 2>"$work/err" || { cat "$work/err" >&2; die "migc build failed"; }
HEAD=$(ls "$work/migc/versions" | sed -n '$s/_.*//p')
pg_bench_start || exit 1
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# the targets: "DATABASE SCHEMA" ("-": the database's public schema) in
# $work/plain, the same as fleet lines in $work/targets
i=1
while [ $i -le "$DBS" ]; do
	pg_psql -d postgres -c "create database tenant_db_$i" >/dev/null || die "create database"
	echo "tenant_db_$i -"
	i=$((i + 1))
done >"$work/plain"
if [ "$SCHEMAS" -gt 0 ]; then
	pg_psql -d postgres -c "create database tenants" >/dev/null || die "create database"
	pg_psql -d tenants -c "do \$\$ begin for i in 1..$SCHEMAS loop
		execute format('create schema %I', 'tenant_' || lpad(i::text, 4, '0')); end loop; end \$\$" \
		>/dev/null || die "create schemas"
	pg_psql -d tenants -c "select nspname from pg_namespace where nspname like 'tenant\\_%' order by 1" |
		sed 's/^/tenants /' >>"$work/plain"
fi
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
while read -r db schema; do
	if [ "$schema" = - ]; then url "$db"; else echo "$(url "$db") schema=$schema"; fi
done <"$work/plain" >"$work/targets"
N=$(wc -l <"$work/plain")
[ "$N" -eq $((SCHEMAS + DBS)) ] || die "expected $((SCHEMAS + DBS)) targets, made $N"

now_ms() { date +%s%3N; }
reset() {
	"$work/m" fleet downgrade base --targets "$work/targets" -j 4 >/dev/null 2>"$work/err" || {
		cat "$work/err" >&2; die "reset failed"; }
}
# every target at head (the fleet's own `current`), and no table in the
# tenants' public schema: the schema targets really went to their schemas
at_head() {
	"$work/m" fleet current --targets "$work/targets" -j 4 >"$work/cur" 2>"$work/err" ||
		{ cat "$work/cur" "$work/err" >&2; die "$1: fleet current failed"; }
	[ "$(grep -c "^ok .*: at $HEAD" "$work/cur")" -eq "$N" ] || die "$1: not every target is at $HEAD"
	[ "$SCHEMAS" -eq 0 ] || [ "$(pg_psql -d tenants -c "select count(*) from pg_tables where schemaname = 'public'")" = 0 ] ||
		die "$1: tables in the tenants' public schema"
}
# loop KIND TOOL: runs TOOL ("migc" or "alembic") once per target of KIND
# ("db" or "schema"); prints the milliseconds
loop() {
	t0=$(now_ms)
	while read -r db schema; do
		case $1$schema in db-) ;; db*) continue ;; schema-) continue ;; esac
		if [ "$2" = migc ]; then
			if [ "$schema" = - ]; then
				"$work/m" --url "$(url "$db")" -q upgrade head
			else
				"$work/m" --url "$(url "$db")" --schema "$schema" -q upgrade head
			fi
		elif [ "$schema" = - ]; then
			BENCH_DB=$db /usr/bin/alembic -c "$work/alembic/alembic.ini" upgrade head
		else
			BENCH_DB=$db /usr/bin/alembic -c "$work/alembic/alembic.ini" -x "schema=$schema" upgrade head
		fi >/dev/null 2>"$work/err" || { cat "$work/err" >&2; die "$2 upgrade of $db $schema failed"; }
	done <"$work/plain"
	echo $(($(now_ms) - t0))
}

# the results, one "NAME|TARGETS|MS" line per mode
: >"$work/rows"
row() { echo "$1|$2|$3" >>"$work/rows"; echo "fleet_bench: $1: $2 targets in $3 ms" >&2; }
echo "fleet_bench: $DBS databases, $SCHEMAS schemas, $REVS revisions, head $HEAD" >&2
DB_MS=$(loop db migc) && SC_MS=$(loop schema migc) || exit 1
at_head "migrator loop"
LOOP_MS=$((DB_MS + SC_MS))
row "migrator loop, databases" "$DBS" "$DB_MS"
row "migrator loop, schemas" "$SCHEMAS" "$SC_MS"
row "migrator loop, all" "$N" "$LOOP_MS"
for j in $JOBS; do
	reset
	t0=$(now_ms)
	"$work/m" fleet upgrade head --targets "$work/targets" -j "$j" >"$work/out" 2>"$work/err" || {
		cat "$work/out" "$work/err" >&2; die "fleet -j $j failed"; }
	ms=$(($(now_ms) - t0))
	at_head "fleet -j $j"
	row "fleet upgrade head -j $j" "$N" "$ms"
done
if [ $ALEMBIC = 1 ]; then
	reset
	ADB_MS=$(loop db alembic) && ASC_MS=$(loop schema alembic) || exit 1
	# Alembic's own check: its version row in every target, at head
	while read -r db schema; do
		vt=alembic_version; [ "$schema" = - ] || vt="$schema.alembic_version"
		[ "$(pg_psql -d "$db" -c "select version_num from $vt")" = "$HEAD" ] ||
			die "alembic: $db $schema is not at $HEAD"
	done <"$work/plain"
	[ "$SCHEMAS" -eq 0 ] || [ "$(pg_psql -d tenants -c "select count(*) from pg_tables where schemaname = 'public'")" = 0 ] ||
		die "alembic: tables in the tenants' public schema"
	row "alembic loop, databases" "$DBS" "$ADB_MS"
	row "alembic loop, schemas" "$SCHEMAS" "$ASC_MS"
	row "alembic loop, all" "$N" "$((ADB_MS + ASC_MS))"
fi
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# the block for docs/benchmarks.md
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || rev="$rev with uncommitted changes"
echo
echo "<!-- bench/fleet_bench.sh: paste from here -->"
echo "\`sh bench/fleet_bench.sh --schemas $SCHEMAS --databases $DBS --revisions $REVS --jobs \"$JOBS\"\`"
echo "on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $rev; $(nproc) CPUs,"
echo "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); PostgreSQL $(pg_psql -c 'SHOW server_version'),"
echo "fsync=$(pg_psql -c 'SHOW fsync'), one cluster; load average before $load0, after $load1."
echo "$N targets: $DBS databases and $SCHEMAS schemas (in one more database) of a"
echo "$REVS-revision project, each upgraded from base to head. \"single x targets\" is"
echo "the migrator loop's time (one run per target, one after the other)."
echo
echo "| mode | targets | seconds | targets/s | ms per target | ratio to single x targets |"
echo "|---|---|---|---|---|---|"
awk -F'|' -v db="$DB_MS" -v sc="$SC_MS" '
	{ base = $1 ~ /databases$/ ? db : $1 ~ /schemas$/ ? sc : db + sc
	  tps = $3 > 0 ? $2 * 1000 / $3 : 0
	  per = $2 > 0 ? $3 / $2 : 0
	  ratio = base > 0 ? $3 / base : 0
	  printf "| %s | %d | %.2f | %.1f | %.0f | %.2f |\n", $1, $2, $3 / 1000, tps, per, ratio }' "$work/rows"
echo "<!-- bench/fleet_bench.sh: to here -->"
