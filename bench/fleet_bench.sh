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
# modes `fleet downgrade base -j 4` resets the targets (not timed).  Each
# mode also counts CPU time: the client's (the migrator, the fleet process
# and its migrator children, or Alembic: this shell's cutime+cstime from
# /proc/$$/stat, which the children's times join when they are reaped) and
# the server's (the postmaster's own and reaped children's times plus the
# times of its live children - backends, autovacuum, checkpointer - from
# /proc, before and after).  With --runs N (or RUNS=N) every mode runs N
# times, the runs interleaved (run 1 of every mode, then run 2, ...) so a
# change in the machine's load touches every mode alike.  The figures:
# seconds (median, min-max), targets per second, the ratio of the mode's
# time to the single-target time x targets (the migrator loop's time), the
# client's and the server's CPU seconds, the client's share of the CPU
# spent, and the CPUs kept busy (CPU seconds over wall seconds).  A second
# table gives the fleet's own per-target durations (its --report) for the
# database targets and for the first and last fifth of the schema targets
# in start order: whether a tenant's upgrade gets slower as its database
# fills.  Ends with a block ready to paste into docs/benchmarks.md.
#
# Usage: MIGC_OUT=DIR sh bench/fleet_bench.sh [--schemas N] [--databases N]
#            [--revisions N] [--jobs "1 2 4 8"] [--runs N] [--no-alembic]
#            [--quick]
# Defaults are the issue's sizes: 500 schemas, 50 databases, 50 revisions,
# -j 1 2 4 8.  --quick: 20 schemas, 5 databases, 10 revisions, -j 1 2 4 (a
# check that the script works, not a measurement).  The server is
# pg_bench.sh's (fsync on, BENCH_PGROOT); Alembic is Debian's
# /usr/bin/alembic with /usr/bin/python3 (bench/run.sh installs it).
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
MIGC=${MIGC_OUT:-$ROOT}/bin/migc
SCHEMAS=500 DBS=50 REVS=50 JOBS="1 2 4 8" ALEMBIC=1 RUNS=${RUNS:-1}
usage() {
	echo "usage: sh bench/fleet_bench.sh [--schemas N] [--databases N] [--revisions N]" >&2
	echo "       [--jobs \"1 2 4 8\"] [--runs N] [--no-alembic] [--quick]" >&2
	exit 2
}
num() { case $2 in '' | *[!0-9]*) echo "fleet_bench: $1 needs a number" >&2; exit 2 ;; esac; }
while [ $# -gt 0 ]; do
	case $1 in
	--schemas) num "$1" "${2-}"; SCHEMAS=$2; shift 2 ;;
	--databases) num "$1" "${2-}"; DBS=$2; shift 2 ;;
	--revisions) num "$1" "${2-}"; REVS=$2; shift 2 ;;
	--jobs) [ -n "${2-}" ] || usage; JOBS=$2; shift 2 ;;
	--runs) num "$1" "${2-}"; RUNS=$2; shift 2 ;;
	--no-alembic) ALEMBIC=0; shift ;;
	--quick) SCHEMAS=20 DBS=5 REVS=10 JOBS="1 2 4"; shift ;;
	*) usage ;;
	esac
done
num RUNS "$RUNS"
[ $((SCHEMAS + DBS)) -gt 0 ] && [ "$REVS" -gt 0 ] && [ "$RUNS" -gt 0 ] || usage
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
TCK=$(getconf CLK_TCK 2>/dev/null) || TCK=100
PM=$(head -1 "$PG_DIR/data/postmaster.pid")
# SELF_TICKS: the CPU ticks of this shell's reaped children (fields 16-17
# of /proc/PID/stat, after the command name in parentheses, which may hold
# spaces), read without starting a process that would count itself
self_ticks() {
	read -r st </proc/$$/stat
	set -- ${st##*) }
	shift 13
	SELF_TICKS=$(($1 + $2))
}
# CPU ticks of the server: the postmaster's own and reaped children's
# (backends that have exited) plus its live children's own
pg_ticks() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$PM" '
		{ pid = $1; s = $0; sub(/^.*\) /, "", s); split(s, a, " ")
		  if (pid == pm) t += a[12] + a[13] + a[14] + a[15]
		  else if (a[2] == pm) t += a[12] + a[13] }
		END { print t + 0 }'
}
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
# ("db" or "schema")
loop() {
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
}
fleet_up() {
	"$work/m" fleet upgrade head --targets "$work/targets" -j "$1" \
		--report "$work/report.$1.$run.json" >"$work/out" 2>"$work/err" || {
		cat "$work/out" "$work/err" >&2; die "fleet -j $1 failed"; }
}
alembic_check() {
	while read -r db schema; do
		vt=alembic_version; [ "$schema" = - ] || vt="$schema.alembic_version"
		[ "$(pg_psql -d "$db" -c "select version_num from $vt")" = "$HEAD" ] ||
			die "alembic: $db $schema is not at $HEAD"
	done <"$work/plain"
	[ "$SCHEMAS" -eq 0 ] || [ "$(pg_psql -d tenants -c "select count(*) from pg_tables where schemaname = 'public'")" = 0 ] ||
		die "alembic: tables in the tenants' public schema"
}

# the results, one "RUN|NAME|TARGETS|MS|CLIENT_TICKS|SERVER_TICKS" line
# per mode and run
: >"$work/rows"
# measure NAME TARGETS COMMAND...: runs COMMAND in this shell, timed
measure() {
	m_name=$1 m_n=$2; shift 2
	m_s0=$(pg_ticks); self_ticks; m_c0=$SELF_TICKS; m_t0=$(now_ms)
	"$@"
	m_t1=$(now_ms); self_ticks; m_c1=$SELF_TICKS; m_s1=$(pg_ticks)
	M_MS=$((m_t1 - m_t0)) M_C=$((m_c1 - m_c0)) M_S=$((m_s1 - m_s0))
	echo "$run|$m_name|$m_n|$M_MS|$M_C|$M_S" >>"$work/rows"
	echo "fleet_bench: run $run: $m_name: $m_n targets in $M_MS ms, CPU client $M_C server $M_S ticks" >&2
}
# measure2 NAME KIND TOOL: the loop over databases, then over schemas, and
# a row "NAME, all" of their sums
measure2() {
	a_ms=0 a_c=0 a_s=0 M_MS=0 M_C=0 M_S=0
	if [ "$DBS" -gt 0 ]; then
		measure "$1, databases" "$DBS" loop db "$2"
		a_ms=$M_MS a_c=$M_C a_s=$M_S M_MS=0 M_C=0 M_S=0
	fi
	[ "$SCHEMAS" -eq 0 ] || measure "$1, schemas" "$SCHEMAS" loop schema "$2"
	echo "$run|$1, all|$N|$((a_ms + M_MS))|$((a_c + M_C))|$((a_s + M_S))" >>"$work/rows"
}
echo "fleet_bench: $DBS databases, $SCHEMAS schemas, $REVS revisions, head $HEAD, $RUNS run(s)" >&2
run=1
while [ $run -le "$RUNS" ]; do
	[ $run = 1 ] || reset
	measure2 "migrator loop" migc
	at_head "migrator loop"
	for j in $JOBS; do
		reset
		measure "fleet upgrade head -j $j" "$N" fleet_up "$j"
		at_head "fleet -j $j"
	done
	if [ $ALEMBIC = 1 ]; then
		reset
		measure2 "alembic loop" alembic
		alembic_check
	fi
	run=$((run + 1))
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# the fleet's own per-target durations: "J|RUN|KIND|INDEX|MS" for each
# target of each report, INDEX counting the kind's targets in start order
for f in "$work"/report.*.json; do
	[ -f "$f" ] || continue
	b=${f##*/report.}; b=${b%.json}
	python3 -c '
import json, sys
j, run = sys.argv[2].split(".")
k = {"db": 0, "schema": 0}
for t in json.load(open(sys.argv[1]))["targets"]:
    kind = "schema" if t["schema"] else "db"
    k[kind] += 1
    print("%s|%s|%s|%d|%s" % (j, run, kind, k[kind], t["duration_ms"]))
' "$f" "$b" || die "cannot read the report $f"
done >"$work/pertarget"

# the block for docs/benchmarks.md
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || rev="$rev with uncommitted changes"
echo
echo "<!-- bench/fleet_bench.sh: paste from here -->"
echo "\`sh bench/fleet_bench.sh --schemas $SCHEMAS --databases $DBS --revisions $REVS --jobs \"$JOBS\" --runs $RUNS\`"
echo "on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $rev; $(nproc) CPUs,"
echo "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); PostgreSQL $(pg_psql -c 'SHOW server_version'),"
echo "fsync=$(pg_psql -c 'SHOW fsync'), one cluster; load average before $load0, after $load1."
echo "$N targets: $DBS databases and $SCHEMAS schemas (in one more database) of a"
echo "$REVS-revision project, each upgraded from base to head. \"single x targets\" is"
echo "the migrator loop's time (one run per target, one after the other). $RUNS run(s)"
echo "of each mode, interleaved; seconds and CPU are medians. \"client CPU\" is the"
echo "migrator's (fleet and its children; Alembic's for its rows), \"server CPU\" the"
echo "postmaster's and all its children's; \"CPUs busy\" is both over the wall time."
echo
echo "| mode | targets | seconds | min-max | targets/s | ms per target | ratio to single x targets | client CPU s | server CPU s | client share | server CPU ms per target | CPUs busy |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
awk -F'|' -v tck="$TCK" '
	function med(str,   v, n, i, j, x) {
		n = split(str, v, " ")
		for (i = 2; i <= n; i++) { x = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
		lo = v[1]; hi = v[n]
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	!($2 in seen) { seen[$2] = 1; order[++k] = $2; tg[$2] = $3 }
	{ ms[$2] = ms[$2] " " $4; cl[$2] = cl[$2] " " $5; sv[$2] = sv[$2] " " $6 }
	END {
		for (i = 1; i <= k; i++) {
			m = order[i]; c = med(cl[m]) / tck; s = med(sv[m]) / tck; t = med(ms[m]); l = lo; h = hi
			kind = m ~ /databases$/ ? "databases" : m ~ /schemas$/ ? "schemas" : "all"
			base = med(("migrator loop, " kind) in ms ? ms["migrator loop, " kind] : ms["migrator loop, all"])
			printf "| %s | %d | %.2f | %.2f-%.2f | %.1f | %.0f | %.2f | %.2f | %.2f | %.0f %% | %.1f | %.2f |\n",
				m, tg[m], t / 1000, l / 1000, h / 1000, (t > 0 ? tg[m] * 1000 / t : 0),
				(tg[m] > 0 ? t / tg[m] : 0), (base > 0 ? t / base : 0), c, s,
				(c + s > 0 ? 100 * c / (c + s) : 0), (tg[m] > 0 ? 1000 * s / tg[m] : 0),
				(t > 0 ? 1000 * (c + s) / t : 0)
		}
	}' "$work/rows"
if [ -s "$work/pertarget" ]; then
	echo
	echo "The fleet's per-target durations (its --report, ms, mean over the group and the"
	echo "runs): database targets, and the first and the last fifth of the schema targets"
	echo "in start order (the last ones run in a database already holding the others)."
	echo
	echo "| mode | databases | schemas, first fifth | schemas, last fifth | last / first |"
	echo "|---|---|---|---|---|"
	awk -F'|' -v sc="$SCHEMAS" '
		!($1 in seen) { seen[$1] = 1; order[++k] = $1 }
		$3 == "db" { dsum[$1] += $5; dn[$1]++ }
		$3 == "schema" && $4 <= sc / 5 { fsum[$1] += $5; fn[$1]++ }
		$3 == "schema" && $4 > sc - sc / 5 { lsum[$1] += $5; ln[$1]++ }
		END {
			for (i = 1; i <= k; i++) {
				j = order[i]; d = dn[j] ? dsum[j] / dn[j] : 0
				f = fn[j] ? fsum[j] / fn[j] : 0; l = ln[j] ? lsum[j] / ln[j] : 0
				printf "| fleet -j %s | %.0f | %.0f | %.0f | %.2f |\n", j, d, f, l, (f > 0 ? l / f : 0)
			}
		}' "$work/pertarget"
fi
echo "<!-- bench/fleet_bench.sh: to here -->"
