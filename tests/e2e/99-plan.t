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
contains "$out" "### migc plan: upgrade, 2 revisions" "markdown: a heading"
contains "$out" "| line | statement | lock | on | effect | size | estimate | lint |" "markdown: a table header"
contains "$out" '| 6 | create index | SHARE | `"public"."posts"` SHARE | scan | ~20000 rows' "markdown: a row per statement"
is "$(grep -c '^#### ' "$work/out")" 2 "markdown: a table per revision"

done_testing
