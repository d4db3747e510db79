#!/bin/sh
# tests/e2e/98-fleet.t - `<prog> fleet` (docs/migrator.md, "fleet"): one
# command on many databases of one server.  Five good databases (one
# reached as a role with a password) and a sixth, "broken", where revision
# 3 fails with SQLSTATE 42P07 (its table is already there):
#   - -j 1 --on-error stop: the targets after the failure do not run;
#   - -j 3 --on-error continue --report: every good target reaches head,
#     the report has target (no password), schema, from, to, duration,
#     status and the error with its SQLSTATE; exit 8; exit 0 once all pass;
#   - --canary 1 with the broken target first: nothing else starts;
#   - --targets - reads standard input; fleet current, check, history;
#   - kill -9 of the fleet in the middle of a run, then a rerun: every
#     database at head, each revision's row and its side effect once;
#   - --on-error stop with a target running slow revisions while another
#     fails: it finishes its current revision and stops ("stopped", status
#     9), a rerun completes it; SIGUSR1 does the same to a migrator alone;
#   - usage errors.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

PW=Fl33tSecretPw
P=$work/proj
mkdir -p "$P/versions"
printf 'name = fleet\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_a.mig" <<'MIG'
revision 000000000001
parent base
message "log"
upgrade { create table log (rev text not null); insert into log values ('r1'); }
downgrade { drop table log; }
MIG
cat >"$P/versions/000000000002_b.mig" <<'MIG'
revision 000000000002
parent 000000000001
message "t2"
upgrade { create table t2 (id bigint); insert into log values ('r2'); select pg_sleep(0.15); }
downgrade { drop table t2; delete from log where rev = 'r2'; }
MIG
cat >"$P/versions/000000000003_c.mig" <<'MIG'
revision 000000000003
parent 000000000002
message "t3"
upgrade { create table t3 (id bigint); insert into log values ('r3'); select pg_sleep(0.15); }
downgrade { drop table t3; delete from log where rev = 'r3'; }
MIG
ok "migc builds the project" "$MIGC" -C "$P" build -o "$work/m"
e2e_pg_start
pg_psql -d postgres -c "create role app login password '$PW'" >/dev/null
pg_psql -d postgres -c "create database d1 owner app" >/dev/null
for d in d2 d3 d4 d5 broken; do pg_psql -d postgres -c "create database $d" >/dev/null; done
pg_psql -d broken -c "create table t3 (x int)" >/dev/null
u() { echo "postgresql://127.0.0.1:$PGPORT/$1?user=postgres"; }
{
	echo "# the fleet"
	echo "postgresql://app:$PW@127.0.0.1:$PGPORT/d1"
	u d2
	u broken
	echo
	u d3
	u d4
	u d5
} >"$work/targets"
head_of() { pg_psql -d "$1" -c "select coalesce(max(revision), 'base') from migc_version" 2>/dev/null || echo base; }

# ---- -j 1, on-error stop ---------------------------------------------------
"$work/m" fleet upgrade --targets "$work/targets" -j 1 >"$work/out" 2>"$work/err"
is "$?" 8 "-j 1 with a failing target: exit 8"
is "$(head_of d1) $(head_of d2) $(head_of broken)" "000000000003 000000000003 000000000002" \
	"-j 1: the targets before the failure are at head, the broken one at revision 2"
is "$(pg_psql -d d3 -c "select count(*) from pg_tables where tablename = 'migc_version'")" 0 \
	"-j 1 --on-error stop: the targets after the failure did not run"
contains "$(cat "$work/out")" "failed      $(u broken): base -> 000000000002 (" "-j 1: the broken target's line says where it went"
contains "$(cat "$work/out")" "status 1 SQLSTATE 42P07: upgrade of revision 000000000003 (t3) failed" \
	"-j 1: the line gives the exit status, the SQLSTATE and the error"
contains "$(cat "$work/out")" "fleet upgrade: 2 ok, 1 failed, 3 not run, of 6 targets" "-j 1: the summary counts"
contains "$(cat "$work/out")" "not run     -      -        -                              $(u d5)" \
	"-j 1: the table lists a target that did not run"
lacks "$(cat "$work/out" "$work/err")" "$PW" "-j 1: the password is in no output"

# ---- -j 3, on-error continue, report ----------------------------------------
"$work/m" fleet upgrade --targets "$work/targets" -j 3 --on-error continue \
	--report "$work/r.json" >"$work/out" 2>"$work/err"
is "$?" 8 "-j 3 --on-error continue: exit 8"
is "$(for d in d1 d2 d3 d4 d5; do head_of $d; done | sort -u)" 000000000003 "-j 3: every good target is at head"
lacks "$(cat "$work/r.json" "$work/out")" "$PW" "the report and the lines have no password"
rep() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); t=r['targets']; print($1)" "$work/r.json"; }
is "$(rep "len(t), [x['status'] for x in t]")" \
	"6 ['ok', 'ok', 'failed', 'ok', 'ok', 'ok']" "the report has every target and its status"
is "$(rep "t[0]['target'], t[0]['schema'], t[0]['from'], t[0]['to'], t[0]['exit_status'], t[0]['error']")" \
	"postgresql://app:********@127.0.0.1:$PGPORT/d1 None 000000000003 000000000003 0 None" \
	"the report: target with the password masked, from and to of a target already at head"
is "$(rep "t[3]['from'], t[3]['to'], isinstance(t[3]['duration_ms'], int) and t[3]['duration_ms'] > 0")" \
	"base 000000000003 (head) True" "the report: from, to and the duration of an upgraded target"
is "$(rep "t[2]['exit_status'], t[2]['error']['sqlstate'], t[2]['error']['message']")" \
	"1 42P07 upgrade of revision 000000000003 (t3) failed and was rolled back" \
	"the report: the failure's exit status, SQLSTATE and message"
contains "$(rep "t[2]['error']['stderr']")" "ERROR:  42P07: relation \"t3\" already exists" "the report: the target's whole stderr, with the failed statement"
grep -v broken "$work/targets" >"$work/good"
"$work/m" fleet upgrade --targets "$work/good" >"$work/out" 2>"$work/err"
is "$?" 0 "every target succeeds: exit 0"
contains "$(cat "$work/out")" "fleet upgrade: 5 ok, 0 failed, 0 not run, of 5 targets" "all ok: the summary"

# ---- canary -----------------------------------------------------------------
{ u broken; grep -v broken "$work/targets"; } >"$work/canary"
pg_psql -d d5 -c "drop table t3; delete from log where rev = 'r3'; delete from migc_version where revision = '000000000003'" >/dev/null
"$work/m" fleet upgrade --targets "$work/canary" --canary 1 --on-error continue >"$work/out" 2>"$work/err"
is "$?" 8 "a failing canary: exit 8"
contains "$(cat "$work/err")" "a canary target failed: no other target was started" "a failing canary: says so"
is "$(head_of d5)" 000000000002 "a failing canary: no other target ran (even with --on-error continue)"
"$work/m" fleet upgrade --targets "$work/good" --canary 2 >"$work/out" 2>"$work/err"
is "$?" 0 "passing canaries: the rest runs, exit 0"
is "$(head_of d5)" 000000000003 "passing canaries: the last target reached head"

# ---- --targets -, current, check, history -----------------------------------
"$work/m" fleet current --targets - <"$work/targets" >"$work/out" 2>"$work/err"
is "$?" 0 "fleet current --targets -: exit 0"
contains "$(cat "$work/out")" "ok          $(u broken): at 000000000002" "fleet current: where the broken target stands"
contains "$(cat "$work/out")" "ok          $(u d3): at 000000000003" "fleet current: where a good target stands"
"$work/m" fleet check --targets "$work/targets" -j 2 --on-error continue >"$work/out" 2>"$work/err"
is "$?" 8 "fleet check with a drifted target: exit 8"
contains "$(cat "$work/out")" "failed      $(u broken) (" "fleet check: the drifted target failed"
contains "$(cat "$work/out")" "fleet check: 5 ok, 1 failed, 0 not run, of 6 targets" "fleet check: the others are clean"
"$work/m" fleet history --targets "$work/good" >"$work/out" 2>"$work/err"
is "$?" 0 "fleet history: exit 0"
"$work/m" fleet --lock-timeout 2s downgrade base --targets="$work/good" -j1 >"$work/out" 2>"$work/err"
is "$?" 0 "fleet with an option and its value before the command: exit 0"
is "$(head_of d3)" base "an option before the command, --targets=F and -j1: the command ran"

# ---- kill -9 of the fleet, then a rerun ------------------------------------
"$work/m" fleet downgrade base --targets "$work/good" >"$work/out" 2>"$work/err"
is "$?" 0 "fleet downgrade base: exit 0"
is "$(head_of d4)" base "fleet downgrade base: the databases are at base"
"$work/m" fleet upgrade --targets "$work/good" -j 1 >"$work/out" 2>"$work/err" &
fpid=$!
# killed as soon as the first target, d1, has reached head (-j 1: the
# others run one after the other, each for longer than one poll)
i=0
until [ "$(head_of d1)" = 000000000003 ] || [ $i -ge 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -9 $fpid
wait $fpid 2>/dev/null
# the running child gets SIGTERM when its parent dies, and rolls back
i=0
while [ "$(pg_psql -d postgres -c "select count(*) from pg_stat_activity where application_name = 'm'")" != 0 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
heads=$(for d in d1 d2 d3 d4 d5; do head_of $d; done | tr '\n' ' ')
contains "$heads" "000000000003" "kill -9: some target had reached head ($heads)"
contains "$heads" "base" "kill -9: some target had not started"
"$work/m" fleet upgrade --targets "$work/good" -j 2 >"$work/out" 2>"$work/err"
is "$?" 0 "the rerun after kill -9: exit 0"
for d in d1 d2 d3 d4 d5; do
	is "$(pg_psql -d $d -c "select (select count(*) from migc_version), (select count(*) || '/' || count(distinct rev) from log), to_regclass('t2') is not null and to_regclass('t3') is not null")" \
		"3|3/3|t" "the rerun: $d has each revision once, its row and its side effect, and both tables"
done

# ---- SIGTERM to the fleet ---------------------------------------------------
"$work/m" fleet downgrade base --targets "$work/good" >"$work/out" 2>"$work/err"
"$work/m" fleet upgrade --targets "$work/good" -j 2 >"$work/out" 2>"$work/err" &
fpid=$!
# terminated while a target runs a revision (r2 and r3 sleep 0.15 s)
i=0
until [ "$(pg_psql -d postgres -c "select count(*) from pg_stat_activity where application_name = 'm' and query like '%pg_sleep%'")" -gt 0 ] || [ $i -ge 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -TERM $fpid
wait $fpid
is "$?" 6 "SIGTERM to the fleet: exit 6"
contains "$(cat "$work/out")" "interrupted " "SIGTERM: a running target says it was interrupted"
contains "$(cat "$work/out")" "not run     -" "SIGTERM: no new target started"
"$work/m" fleet upgrade --targets "$work/good" >"$work/out" 2>"$work/err"
is "$?" 0 "the rerun after SIGTERM: exit 0"
is "$(for d in d1 d2 d3 d4 d5; do pg_psql -d $d -c "select count(*) || '/' || count(distinct rev) from log"; done | sort -u)" \
	"3/3" "the rerun after SIGTERM: each revision's side effect once"

# ---- --schemas and schema= -----------------------------------------------------
pg_psql -d d2 -c "create schema tenant_a; create schema tenant_b; create schema other" >/dev/null
{ u d2; echo "$(u d3) schema=custom"; } >"$work/schemas"
"$work/m" fleet current --targets "$work/schemas" --schemas 'tenant%' --on-error continue \
	--report "$work/s.json" >"$work/out" 2>"$work/err"
is "$(python3 -c "import json,sys; print([(t['target'].split('/')[-1], t['schema']) for t in json.load(open(sys.argv[1]))['targets']])" "$work/s.json")" \
	"[('d2?user=postgres', 'tenant_a'), ('d2?user=postgres', 'tenant_b'), ('d3?user=postgres', 'custom')]" \
	"--schemas expands a database into its matching schemas; schema= is kept"

# ---- tenant schemas: 20 schemas of one database, each its own target ---------
# (docs/scale.md): names from the keyword list, mixed case, quotes and
# non-ASCII; `--schemas` expands them, each runs with `--schema NAME`.
pg_psql -d postgres -c "create database tenants" >/dev/null
for t in tenant_01 tenant_02 tenant_03 tenant_04 tenant_05 tenant_06 tenant_07 \
	tenant_08 tenant_09 tenant_10 tenant_11 tenant_12 tenant_13 tenant_14 \
	tenant_select tenant_Order 'tenant_user' 'tenant "q"' 'tenant_ünï' 'tenant_From'; do
	q=$(printf '%s' "$t" | sed 's/"/""/g')
	pg_psql -d tenants -c "create schema \"$q\"" >/dev/null
done
u tenants >"$work/tenants"
"$work/m" fleet upgrade --targets "$work/tenants" --schemas 'tenant%' -j 4 \
	--report "$work/t.json" >"$work/out" 2>"$work/err"
is "$?" 0 "fleet upgrade of 20 tenant schemas: exit 0"
is "$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['targets']; print(len(r), sorted(set(t['status'] for t in r)), sorted(set(t['to'].split()[0] for t in r)))" "$work/t.json")" \
	"20 ['ok'] ['000000000003']" "the report: 20 targets, all ok, all at the head"
is "$(pg_psql -d tenants -c "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname = 'migc_version' and n.nspname like 'tenant%'")" \
	20 "each tenant has its own version table in its schema"
is "$(pg_psql -d tenants -c "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname in ('log', 't2', 't3') and n.nspname like 'tenant%'")" \
	60 "each tenant has the project's three tables"
is "$(pg_psql -d tenants -c "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'")" \
	0 "public of the tenants' database is untouched"
is "$(pg_psql -d tenants -c 'select count(*) || '"'/'"' || count(distinct rev) from "tenant ""q""".log')" \
	"3/3" "a quoted tenant's log has each revision once"
"$work/m" fleet current --targets "$work/tenants" --schemas 'tenant%' >"$work/out" 2>"$work/err"
is "$?" 0 "fleet current over the tenants: exit 0"
is "$(grep -c '^ok .* schema=tenant.*: at 000000000003' "$work/out")" 20 "fleet current: one line per tenant, each at the head"
"$work/m" fleet check --targets "$work/tenants" --schemas 'tenant%' -j 2 >"$work/out" 2>"$work/err"
is "$?" 0 "fleet check over the tenants: no drift"
"$work/m" fleet downgrade -1 --targets "$work/tenants" --schemas 'tenant_0%' >"$work/out" 2>"$work/err"
is "$?" 0 "fleet downgrade -1 of nine tenants"
is "$(pg_psql -d tenants -c "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname = 't3' and n.nspname like 'tenant%'")" \
	11 "only the tenants matched lost t3"

# ---- --on-error stop: a running target stops after its current revision -----
# A second project of four slow revisions (about 1 s each).  Revision 1
# fails in "sfail" (s1 is already there) after its sleep; "sslow" runs at
# the same time (-j 2) and is then in revision 1 or 2: it finishes that
# revision, commits it and starts no other ("stopped", status 9); "snot"
# never starts.
S=$work/slow
mkdir -p "$S/versions"
printf 'name = slow\n' >"$S/migc.conf"
parent=base
for n in 1 2 3 4; do
	first="" undo="delete from log where rev = 'r$n';"
	[ $n = 1 ] && first="create table log (rev text not null);" undo="drop table log;"
	cat >"$S/versions/00000000000${n}_s.mig" <<MIG
revision 00000000000$n
parent $parent
message "s$n"
upgrade { $first insert into log values ('r$n'); select pg_sleep(1); create table s$n (id int); }
downgrade { drop table s$n; $undo }
MIG
	parent=00000000000$n
done
ok "migc builds the slow project" "$MIGC" -C "$S" build -o "$work/s"
for d in sslow sfail snot su; do pg_psql -d postgres -c "create database $d" >/dev/null; done
pg_psql -d sfail -c "create table s1 (x int)" >/dev/null
{ u sslow; u sfail; u snot; } >"$work/stop"
"$work/s" fleet upgrade --targets "$work/stop" -j 2 --report "$work/st.json" >"$work/out" 2>"$work/err"
is "$?" 8 "--on-error stop with a running target: exit 8"
vt() { pg_psql -d "$1" -c "select count(*) || '|' || coalesce(max(revision), 'base') from migc_version"; }
n_slow=$(vt sslow | cut -d'|' -f1)
at_slow=$(vt sslow | cut -d'|' -f2)
ok "the running target finished the revision it was in and stopped: $n_slow of 4 applied" \
	test "$n_slow" -ge 1 -a "$n_slow" -le 3
is "$(pg_psql -d sslow -c "select count(*) || '/' || count(distinct rev) from log")" "$n_slow/$n_slow" \
	"the stopped target: one side effect per recorded revision, nothing half-applied"
is "$(pg_psql -d sslow -c "select count(*) from pg_tables where tablename like 's_'")" "$n_slow" \
	"the stopped target: the tables of exactly the recorded revisions"
contains "$(cat "$work/out")" "stopped     $(u sslow): base -> $at_slow (" "the stopped target's line says where it stopped"
contains "$(cat "$work/out")" "status 9: s: stopped on request before revision" "the line gives status 9 and the stop"
contains "$(cat "$work/out")" "fleet upgrade: 0 ok, 1 failed, 1 stopped, 1 not run, of 3 targets" "the summary counts the stopped target"
is "$(python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['targets']; print([(x['status'], x['exit_status'], x['from'], x['to'], x['error'] is None) for x in t])" "$work/st.json")" \
	"[('stopped', 9, 'base', '$at_slow', True), ('failed', 1, 'base', 'base', False), ('not run', None, None, None, True)]" \
	"the report: stopped (status 9, from and to, no error), failed, not run"
is "$(pg_psql -d snot -c "select count(*) from pg_tables where tablename = 'migc_version'")" 0 \
	"--on-error stop: the target after the failure did not run"
{ u sslow; u snot; } >"$work/stop2"
"$work/s" fleet upgrade --targets "$work/stop2" -j 2 >"$work/out" 2>"$work/err"
is "$?" 0 "the rerun after the stop: exit 0"
is "$(vt sslow) $(pg_psql -d sslow -c "select count(*) || '/' || count(distinct rev) from log")" \
	"4|000000000004 4/4" "the rerun completed the stopped target: every revision once"
# the same request to a migrator run alone: SIGUSR1 while revision 1 sleeps
"$work/s" --url "$(u su)" upgrade >"$work/out" 2>"$work/err" &
spid=$!
i=0
while [ "$(pg_psql -d postgres -c "select count(*) from pg_stat_activity where datname = 'su' and query like '%pg_sleep(1)%' and pid <> pg_backend_pid()")" = 0 ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -USR1 $spid
wait $spid
is "$?" 9 "SIGUSR1 to a migrator: exit 9 (stopped)"
n_su=$(vt su | cut -d'|' -f1)
ok "SIGUSR1: the revision in progress committed, no other started ($n_su of 4)" test "$n_su" -ge 1 -a "$n_su" -le 3
contains "$(cat "$work/err")" "s: stopped on request before revision 00000000000$((n_su + 1)), database is at $(vt su | cut -d'|' -f2)" \
	"SIGUSR1: the run says where it stopped"
is "$(pg_psql -d su -c "select count(*) || '/' || count(distinct rev) from log")" "$n_su/$n_su" \
	"SIGUSR1: one side effect per recorded revision"

# ---- usage ------------------------------------------------------------------
"$work/m" fleet upgrade >"$work/out" 2>"$work/err"
is "$?" 2 "fleet without --targets: exit 2"
"$work/m" fleet stamp head --targets "$work/good" >"$work/out" 2>"$work/err"
is "$?" 2 "fleet stamp: exit 2"
"$work/m" fleet upgrade --url "$(u d1)" --targets "$work/good" >"$work/out" 2>"$work/err"
is "$?" 2 "fleet with --url: exit 2"
"$work/m" fleet upgrade --targets "$work/nonexistent" >"$work/out" 2>"$work/err"
is "$?" 2 "fleet with a missing targets file: exit 2"

done_testing
