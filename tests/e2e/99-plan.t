#!/bin/sh
# tests/e2e/99-plan.t - the migrator's `plan` and `upgrade --dry-run`
# (docs/migrator.md, "plan").
#
# The project in tests/e2e/plan/ has one statement per lock class of the
# compiler's lock table (compiler/lint/lock_table.c).  Each statement of the
# plan is then run by hand, in a transaction held open, and the locks the
# server really granted (pg_locks, read from another session) must be the
# ones plan names; its rewrite verdict must match the table's relfilenode
# before and after.  Sizes, severities that follow a table's size, the
# JSON and Markdown shapes, and a dry run that changes nothing are checked
# on a second database.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start
cp -R tests/e2e/plan "$work/p"
ok "build the migrator" "$MIGC" -C "$work/p" build -o "$work/m"
pg_fresh_db plan
url="postgresql:///plan?host=$PGHOST&port=$PGPORT&user=$PGUSER"
ok "upgrade r1" "$work/m" --url "$url" upgrade r1

# ---- sizes and severities --------------------------------------------------
"$work/m" --url "$url" plan >"$work/out" 2>"$work/err"
is "$?" 0 "plan on empty tables exits 0"
out=$(cat "$work/out")
contains "$out" "lint create-index-not-concurrently: ok" "an index on an empty table is fine"
contains "$out" 'lock SHARE ("public"."posts" SHARE)' "create index: SHARE on posts"
contains "$out" "effect rewrite" "the type change is a rewrite"
contains "$out" "effect scan (checks every row for nulls)" "set not null scans the table"
contains "$out" "effect catalog (a valid check proves not null)" \
	"set not null after a validated check (col is not null) only changes the catalog"
contains "$out" 'sql: update; lock ROW EXCLUSIVE ("public"."posts" ROW EXCLUSIVE)' \
	"plain SQL: PostgreSQL's grammar tells an update, which takes ROW EXCLUSIVE"

pg_psql -d plan -c "insert into users select g, 'u' || g, 'e' || g from generate_series(1, 2000) g" >/dev/null
pg_psql -d plan -c "insert into posts select g, 1 + g % 2000, 't' || g, g, repeat('x', 200) from generate_series(1, 20000) g" >/dev/null
pg_psql -d plan -c "analyze users" -c "analyze posts" >/dev/null
bytes=$(pg_psql -d plan -c "select pg_total_relation_size('posts')")

"$work/m" --url "$url" plan --format json >"$work/plan.json" 2>"$work/err"
is "$?" 0 "plan --format json exits 0 under the default thresholds"
ok "plan's JSON parses" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$work/plan.json"
is "$(python3 -c "
import json,sys
p = json.load(open(sys.argv[1]))
s = p['revisions'][0]['statements'][0]
print(s['kind'], s['lock'], s['rows'], s['bytes'], s['effect'], s['findings'][0]['severity'])
" "$work/plan.json")" "create index SHARE 20000 $bytes scan ok" \
	"json: kind, lock, the table's live rows and bytes, effect, severity"

"$work/m" --url "$url" plan --small-table 1kB >"$work/out" 2>"$work/err"
is "$?" 0 "plan with a 1 kB small-table threshold exits 0"
contains "$(cat "$work/out")" "lint create-index-not-concurrently: warning" \
	"above the small-table threshold the finding is a warning"
"$work/m" --url "$url" plan --small-table 1kB --large-table 1MB >"$work/out" 2>"$work/err"
is "$?" 1 "plan exits 1 when a finding is an error at these sizes"
out=$(cat "$work/out")
contains "$out" "lint create-index-not-concurrently: error" "above the large-table threshold it is an error"
contains "$out" "~20000 rows" "text: the table's rows"
contains "$out" "estimate < 1 s" "text: a time estimate for the scan"

"$work/m" --url "$url" plan --format markdown >"$work/out" 2>"$work/err"
is "$?" 0 "plan --format markdown exits 0"
out=$(cat "$work/out")
contains "$out" "### migc plan: upgrade, 3 revisions" "markdown: a heading"
contains "$out" "| line | statement | lock | on | effect | size | estimate | lint |" "markdown: a table header"
contains "$out" '| 6 | create index | SHARE | `"public"."posts"` SHARE | scan | ~20000 rows' "markdown: a row per statement"
is "$(grep -c "^#### " "$work/out")" 3 "markdown: a table per revision"

# ---- --format github: workflow annotations --------------------------------
"$work/m" --url "$url" plan --format github --small-table 1kB --large-table 1MB >"$work/out" 2>"$work/err"
is "$?" 1 "plan --format github exits 1 when a finding is an error at these sizes"
out=$(cat "$work/out")
contains "$out" "::error file=versions/0002_locks.mig,line=6,col=1,title=create-index-not-concurrently::revision r2: create index takes SHARE on \"public\".\"posts\" (~20000 rows, " \
	"github: an error annotation at the statement's file and line, titled by the rule"
contains "$out" "::notice file=versions/0002_locks.mig,line=6,col=1,title=scan::revision r2: create index scans \"public\".\"posts\" (~20000 rows, " \
	"github: a notice for a scan of an existing table, with its size"
is "$(grep -vc '^::\(error\|warning\|notice\) file=versions/[^:]*,line=[0-9]*,col=1,title=[^:]*::revision ' "$work/out")" 0 \
	"github: every line is an annotation"
"$work/m" --url "$url" plan --format github >"$work/out" 2>"$work/err"
is "$?" 0 "plan --format github exits 0 under the default thresholds"
lacks "$(cat "$work/out")" "title=create-index-not-concurrently" \
	"github: a finding that is ok at the table's size is not annotated"

# ---- pre-flight checks, run read-only --------------------------------------
"$work/m" --url "$url" plan >"$work/out" 2>"$work/err"
contains "$(cat "$work/out")" "  pre-flight before line 13: 0 offending rows" \
	"plan runs the set not null check read-only: no NULL yet"
pg_psql -d plan -c "insert into users values (99999, NULL, 'x')" >/dev/null
"$work/m" --url "$url" plan >"$work/out" 2>"$work/err"
is "$?" 1 "plan exits 1 when a pre-flight check would stop the upgrade"
out=$(cat "$work/out")
contains "$out" "  pre-flight before line 13: pre-flight check failed: 1 row of users " \
	"plan reports the check's count"
contains "$out" "first keys (id): 99999" "plan reports the sample keys"
"$work/m" --url "$url" plan --format json >"$work/pf.json" 2>"$work/err"
is "$(python3 -c "
import json,sys
p = json.load(open(sys.argv[1]))
f = [c for c in p['revisions'][0]['preflight'] if c['result'] == 'fails']
print(len(f), f[0]['before_line'], f[0]['detail'])
" "$work/pf.json")" "1 13 first keys (id): 99999" "json: the failing check, its line and sample"
"$work/m" --url "$url" plan --format github >"$work/out" 2>"$work/err"
contains "$(cat "$work/out")" "::error file=versions/0002_locks.mig,line=13,col=1,title=pre-flight::revision r2: pre-flight check failed: 1 row of users " \
	"github: an error annotation for the failing pre-flight check"
is "$(pg_psql -d plan -c "select count(*) from users where id = 99999 and name is null")" 1 \
	"the read-only checks changed nothing"
"$work/m" --url "$url" plan --no-preflight >"$work/out" 2>"$work/err"
lacks "$(cat "$work/out")" "pre-flight" "plan --no-preflight runs no check"
pg_psql -d plan -c "delete from users where id = 99999" >/dev/null

# ---- upgrade --dry-run: the plan, then the SQL; nothing changes -------------
state() {
	pg_psql -d plan -c "select revision from migc_version order by 1" \
		-c "select table_name || '.' || column_name || ':' || data_type from information_schema.columns where table_schema = 'public' order by 1" \
		-c "select indexname from pg_indexes where schemaname = 'public' order by 1" \
		-c "select conname || ':' || convalidated from pg_constraint where connamespace = 'public'::regnamespace order by 1"
}
before=$(state)
"$work/m" --url "$url" upgrade --dry-run >"$work/out" 2>"$work/err"
is "$?" 0 "upgrade --dry-run exits 0"
is "$(state)" "$before" "upgrade --dry-run changes neither the version table nor the schema"
out=$(cat "$work/out")
contains "$out" "plan: upgrade, 3 revisions; database is at r1" "dry run: the plan first"
contains "$out" "-- plantest: upgrade --dry-run: the SQL it would run" "dry run: then the SQL"
contains "$out" 'CREATE INDEX "posts_title_idx" ON "posts" ("title");' "dry run: the statements' SQL"
plan_line=$(grep -n '^plan: upgrade' "$work/out" | cut -d: -f1)
sql_line=$(grep -n '^BEGIN;' "$work/out" | head -1 | cut -d: -f1)
ok "dry run: the plan comes before the SQL" test "$plan_line" -lt "$sql_line"
"$work/m" --url "$url" upgrade r2 --dry-run --sql >/dev/null 2>"$work/err"
is "$?" 2 "--dry-run does not go with --sql"

# ---- plan takes no migrator lock and waits for no migration ----------------
# A session with an uncommitted insert into posts makes the upgrade's
# "create index" wait, holding the migrators' advisory lock; plan must not
# wait for either.
PGAPPNAME=planblocker pg_psql -d plan -c "begin" \
	-c "insert into posts values (100000, 1, 'x', 1, 'x')" -c "select pg_sleep(6)" \
	-c "rollback" >/dev/null 2>&1 &
blocker=$!
e2e_wait_for plan "select exists (select 1 from pg_stat_activity
    where application_name = 'planblocker' and query like '%pg_sleep%')" ||
	echo "# the blocking session never started"
"$work/m" --url "$url" --lock-timeout 20s --retries 0 -q upgrade r2 >"$work/up.out" 2>&1 &
upgrader=$!
n=0
until [ "$(pg_psql -d plan -c "select count(*) from pg_locks where locktype = 'advisory' and granted")" -gt 0 ] || [ $n -ge 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
ok "the upgrade holds the migrators' lock and waits" \
	test "$(pg_psql -d plan -c "select count(*) from pg_locks where locktype = 'advisory' and granted")" -gt 0
timeout 10 "$work/m" --url "$url" plan >"$work/out" 2>"$work/err"
is "$?" 0 "plan finishes while a migrator holds the lock"
lacks "$(cat "$work/err")" "waiting for another migrator" "plan does not wait for the migrators' lock"
contains "$(cat "$work/out")" "database is at r1" "plan reads the version table"
wait "$blocker"
wait "$upgrader"
is "$?" 0 "the upgrade finishes once the blocker is gone"

"$work/m" --url "$url" plan downgrade r1 >"$work/out" 2>"$work/err"
is "$?" 0 "plan downgrade r1 exits 0"
out=$(cat "$work/out")
contains "$out" "plan: downgrade, 1 revision; database is at r2" "plan downgrade: the run it would make"
contains "$out" 'alter table: drop constraint; lock ACCESS EXCLUSIVE ("public"."users" ACCESS EXCLUSIVE, "public"."posts" ACCESS EXCLUSIVE)' \
	"plan downgrade: dropping a foreign key locks the referenced table too"

# ---- the locks the server really takes, statement by statement ------------
pg_fresh_db locks
lurl="postgresql:///locks?host=$PGHOST&port=$PGPORT&user=$PGUSER"
ok "upgrade r1 (locks)" "$work/m" --url "$lurl" upgrade r1
pg_psql -d locks -c "insert into users select g, 'u' || g, 'e' || g from generate_series(1, 500) g" \
	-c "insert into posts select g, 1 + g % 500, 't' || g, g, 'b' from generate_series(1, 2000) g" >/dev/null
"$work/m" --url "$lurl" plan --format json >"$work/locks.json" 2>"$work/err"
mkdir "$work/st"
n_st=$(python3 tests/e2e/plan/expect.py "$work/locks.json" "$work/st")
is "$n_st" 20 "the plan has 18 statements in r2, 1 in r3 and 1 in r4"

MODES="array['AccessShareLock','RowShareLock','RowExclusiveLock','ShareUpdateExclusiveLock','ShareLock','ShareRowExclusiveLock','ExclusiveLock','AccessExclusiveLock']"
# The strongest lock granted to session $1 on each table of public.
held() {
	pg_psql -d locks -c "select c.relname || ' ' || ($MODES)[max(array_position($MODES, l.mode))]
		from pg_locks l join pg_stat_activity a on a.pid = l.pid
		join pg_class c on c.oid = l.relation
		where a.application_name = '$1' and l.granted and c.relkind = 'r'
		and c.relnamespace = 'public'::regnamespace group by c.relname order by 1"
}
# Polls (5 s at most) until session $1 satisfies the condition $2 on pg_stat_activity.
await() {
	n=0
	until [ "$(pg_psql -d locks -c "select count(*) from pg_stat_activity where application_name = '$1' and $2")" -gt 0 ] || [ $n -ge 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
relfile() {
	pg_psql -d locks -c "select coalesce((select relfilenode::text from pg_class where oid = to_regclass('$1')), 'none')"
}

i=1
while [ "$i" -lt "$n_st" ]; do
	sql=$(cat "$work/st/$i.sql")
	table=$(cat "$work/st/$i.table")
	effect=$(cat "$work/st/$i.effect")
	[ "$table" = - ] || rf_before=$(relfile "$table")
	PGAPPNAME=planholder pg_psql -d locks -c "begin" -f "$work/st/$i.sql" \
		-c "select pg_sleep(1.5)" -c "commit" >/dev/null 2>"$work/holder.err" &
	holder=$!
	await planholder "query like '%pg_sleep%'"
	got=$(held planholder)
	wait "$holder"
	is "$got" "$(cat "$work/st/$i.locks")" "locks of: $sql"
	if [ "$table" != - ]; then
		rf_after=$(relfile "$table")
		case $sql in
		"DROP TABLE"*) is "$rf_after" none "$table is gone: $sql" ;;
		*)
		if [ "$effect" = rewrite ]; then
			ok "relfilenode of $table changes: $sql" test "$rf_before" != "$rf_after"
		else
			is "$rf_after" "$rf_before" "relfilenode of $table stays ($effect): $sql"
		fi ;;
		esac
	fi
	i=$((i + 1))
done

# create index concurrently cannot run in a transaction block: a session
# with an uncommitted insert into users makes it wait with its lock taken.
PGAPPNAME=planblocker pg_psql -d locks -c "begin" \
	-c "insert into users values (100000, 'b', 'b')" -c "select pg_sleep(2)" \
	-c "rollback" >/dev/null 2>&1 &
blocker=$!
await planblocker "query like '%pg_sleep%'"
PGAPPNAME=planholder pg_psql -d locks -f "$work/st/$n_st.sql" >/dev/null 2>"$work/holder.err" &
holder=$!
await planholder "wait_event_type = 'Lock'"
got=$(held planholder)
wait "$blocker"
wait "$holder"
is "$got" "$(cat "$work/st/$n_st.locks")" "locks of: $(cat "$work/st/$n_st.sql")"

# The downgrade's lock classes that the upgrade lacks: dropping a foreign
# key (ACCESS EXCLUSIVE on the referenced table too), as plan says above.
PGAPPNAME=planholder pg_psql -d locks -c "begin" -c 'alter table posts drop constraint posts_user_fk' \
	-c "select pg_sleep(1.5)" -c "rollback" >/dev/null 2>"$work/holder.err" &
holder=$!
await planholder "query like '%pg_sleep%'"
got=$(held planholder)
wait "$holder"
is "$got" "posts AccessExclusiveLock
users AccessExclusiveLock" "locks of: alter table posts drop constraint posts_user_fk"

done_testing
