#!/bin/sh
# tests/e2e/49-targets.t - upgrade and downgrade targets as Alembic users
# expect them (issue 14 item 5), on a branched and merged history:
#
#   aaaa (create items) -> bbbb (add size)  \
#                       -> cccc (add color)  -> dddd (merge) -> eeee (add note)
#
# (ids are 12 letters; migc builds only single-head plans, so "heads" is
# "head" here: tests/e2e/10-runtime.t has the hand-written plans).
# - `downgrade REV` undoes only REV's applied descendants, never another
#   branch; a target that is not applied, and an upgrade target behind the
#   database, are usage errors (exit 2) that change nothing.
# - A step that could go two ways (`upgrade +1` at a branch point,
#   `downgrade -1` from two tips, `head-2` across a merge) is an ambiguous
#   walk listing the choices; naming a revision resolves it.
# - heads, head-N, REV+N, REV-N, base+N, history -r A:B (current, open
#   ends), branches, current --verbose, --sql on upgrade/downgrade, and
#   `sql` ranges that go the wrong way are errors.
# Every check that touches the database asserts the exit status, the
# message and the version table (first letter of each id, in order).
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = targets\n' >"$P/migc.conf"
rev() { # project id parents message column
	{
		printf 'revision %s\nparent   %s\nmessage  "%s"\n\n' "$2" "$3" "$4"
		if [ -n "$5" ]; then
			printf 'upgrade {\n    alter table items add column %s text;\n}\n' "$5"
		fi
	} >"$1/versions/$2.mig"
}
cat >"$P/versions/aaaaaaaaaaaa.mig" <<'MIG'
revision aaaaaaaaaaaa
parent   base
message  "create items"

upgrade {
    create table items (id bigint primary key);
}
MIG
rev "$P" bbbbbbbbbbbb aaaaaaaaaaaa "add size" size
rev "$P" cccccccccccc aaaaaaaaaaaa "add color" color
rev "$P" dddddddddddd "bbbbbbbbbbbb cccccccccccc" "merge size and color" ""
rev "$P" eeeeeeeeeeee dddddddddddd "add note" note

ok "migc builds the branched and merged project" "$MIGC" -C "$P" build -o "$work/m"

e2e_pg_start
pg_fresh_db tg
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
m() { "$work/m" --url "$(url tg)" "$@" >"$work/out" 2>"$work/err"; rc=$?; }
vt() { psql -X -A -t -q -d "${1:-tg}" -c "select coalesce(string_agg(left(revision, 1), '' order by revision), '-') from migc_version"; }
out() { cat "$work/out"; }
err() { cat "$work/err"; }
# st WANT_RC WANT_TABLE DESC: the exit status and the version table
st() { is "$rc|$(vt "${4:-tg}")" "$1|$2" "$3"; }

# ---- upgrade +N walks, ambiguous at the branch point -------------------------
m upgrade +1
st 0 a "upgrade +1 from base applies the only root"
m upgrade +1
st 2 a "upgrade +1 at a branch point is an ambiguous walk (exit 2, nothing run)"
contains "$(err)" "ambiguous walk" "the error says ambiguous walk"
contains "$(err)" "  bbbbbbbbbbbb (add size)
  cccccccccccc (add color)" "and lists both choices with their messages"
m upgrade bbbb
st 0 ab "naming a revision resolves it"

# ---- targets the database cannot reach -----------------------------------------
m downgrade cccc
st 2 ab "downgrade to an unapplied revision on the other branch is refused, undoing nothing"
contains "$(err)" "cannot downgrade to \"cccc\": cccccccccccc (add color) is not applied (the database is at bbbbbbbbbbbb)" "saying it is not applied and where the database is"
m downgrade eeee
st 2 ab "downgrade to an unapplied descendant is refused"
m upgrade aaaa
st 2 ab "upgrade to a revision behind the database is refused"
contains "$(err)" "cannot upgrade to \"aaaa\": aaaaaaaaaaaa (create items) is behind the database, which is at bbbbbbbbbbbb; \`downgrade aaaa\` goes back to it" "saying it is behind and how to go back"
m upgrade base
st 2 ab "upgrade base with revisions applied is refused"
m upgrade bbbbbbbbbbbb
st 0 ab "upgrade to the revision the database is at: nothing to do"
contains "$(out)" "nothing to upgrade: database is at bbbbbbbbbbbb" "and it says so"

# ---- current --verbose and history -r ------------------------------------------------
m current --verbose
st 0 ab "current --verbose exits 0"
is "$(out | grep -v applied:)" "bbbbbbbbbbbb
    message: add size
    path: versions/bbbbbbbbbbbb.mig:1
    head: no (later revisions are pending)" "current --verbose: id, message, path, head"
contains "$(out)" "    applied: 2" "current --verbose: applied at"
m history -r current:
st 0 ab "history -r current: exits 0"
is "$(out)" "[ ] dddddddddddd -> eeeeeeeeeeee (head), add note
[ ] bbbbbbbbbbbb, cccccccccccc -> dddddddddddd (mergepoint), merge size and color
[ ] aaaaaaaaaaaa -> cccccccccccc, add color
[x] aaaaaaaaaaaa -> bbbbbbbbbbbb, add size" "history -r current: the current tip and everything after it"
m history -r :bbbb
is "$rc|$(out)" "0|[x] aaaaaaaaaaaa -> bbbbbbbbbbbb, add size
[x] <base> -> aaaaaaaaaaaa (branchpoint), create items" "history -r :B: from base to B"
m history -r cccc:current
st 2 ab "history -r with the end before the start is refused"
contains "$(err)" "impossible range \"cccc:current\"" "naming the range"
m history --offline -r current:
is "$rc" 2 "history -r current needs the database (not --offline)"
m history -r aaaa
is "$rc" 2 "history -r without a colon is a usage error"
contains "$(err)" "expected A:B, A: or :B" "saying what it expects"
m history --offline -r dddd:
is "$rc|$(out)" "0|dddddddddddd -> eeeeeeeeeeee (head), add note
bbbbbbbbbbbb, cccccccccccc -> dddddddddddd (mergepoint), merge size and color" "history --offline -r A: from A to the head"

# ---- two applied tips ---------------------------------------------------------------------
m upgrade cccc
st 0 abc "upgrade of the other branch"
m current
is "$(out)" "bbbbbbbbbbbb
cccccccccccc" "current lists both tips"
m downgrade -1
st 2 abc "downgrade -1 from two applied tips is an ambiguous walk"
contains "$(err)" "  cccccccccccc (add color)
  bbbbbbbbbbbb (add size)" "listing both tips with their messages"
m downgrade bbbbbbbbbbbb-1
st 0 ac "downgrade ID-1 undoes that tip only"
m upgrade heads
st 0 abcde "upgrade heads applies everything"
m current --verbose
contains "$(out)" "    head: yes (a head of the plan)" "current --verbose says when it is a head"
m downgrade bbbb
st 0 abc "downgrade REV undoes REV's descendants only, not the other branch"
contains "$(out)" "database is at bbbbbbbbbbbb, cccccccccccc" "and says where the database is"
m upgrade head
st 0 abcde "back to head"
m downgrade head-1
st 0 abcd "downgrade head-1 undoes the head"
m downgrade -1
st 0 abc "downgrade -1 from one tip"
m upgrade +2
st 0 abcde "upgrade +2 when each step has one choice"
m downgrade -3
st 2 abcde "downgrade -3 is refused when its third step is ambiguous, before undoing anything"
contains "$(err)" "step 3" "naming the step"
m downgrade base+1
st 0 a "downgrade base+1 goes back to the first revision"
m upgrade bbbb+1
st 0 abcd "upgrade REV+N goes N revisions past REV (with what they need)"
m upgrade aaaa+1
st 2 abcd "REV+N across a branch point is an ambiguous walk"
contains "$(err)" "  bbbbbbbbbbbb (add size)
  cccccccccccc (add color)" "listing the children"
m upgrade head-2
st 2 abcd "head-N across a merge is an ambiguous walk"
contains "$(err)" "ambiguous walk: the step back from dddddddddddd (merge size and color) in \"head-2\" could be any of:" "naming the merge"
m downgrade cccc-1
st 0 ab "downgrade ID-1 on a merged history undoes ID and what was applied above it"
m upgrade base+1
st 2 ab "upgrade base+1 behind the database is refused"
m upgrade +9
st 2 ab "upgrade +N beyond what is pending is refused"
contains "$(err)" "cannot upgrade 9 revisions: only 3 pending" "saying how many are pending"
m downgrade base
st 0 - "downgrade base"

# ---- --sql and sql ranges --------------------------------------------------------------------
m upgrade head --sql
st 0 - "upgrade head --sql exits 0 and runs nothing"
is "$(out)" "$("$work/m" sql upgrade head)" "upgrade head --sql prints sql upgrade head"
m downgrade eeee:aaaa --sql
is "$rc|$(out)" "0|$("$work/m" sql downgrade eeee:aaaa)" "downgrade A:B --sql prints sql downgrade A:B"
contains "$(out)" "DELETE FROM \"migc_version\" WHERE revision = 'cccccccccccc';" "with the downgrades"
m sql upgrade head:base
is "$rc|$(out)" "2|" "sql upgrade head:base is an impossible range (exit 2, no script)"
contains "$(err)" "impossible range \"head:base\": base is not head or a descendant of it" "saying why"
m sql downgrade base:head
is "$rc|$(out)" "2|" "sql downgrade base:head is an impossible range"
m sql upgrade bbbb:cccc
is "$rc|$(out)" "2|" "sql upgrade between two branches is an impossible range"
m sql upgrade base+1:head-1
is "$rc|$(grep -c '^INSERT INTO' "$work/out")" "0|3" "sql ranges take relative targets"
m upgrade +1 --sql
is "$rc" 2 "upgrade +1 --sql: +N needs the database"
contains "$(err)" "relative to the database" "saying so"
m upgrade aaaa:bbbb
st 2 - "a range without --sql is a usage error"
m current --sql
is "$rc" 2 "--sql only with upgrade and downgrade"

# ---- branches ----------------------------------------------------------------------------------
m branches
is "$rc|$(out)" "0|aaaaaaaaaaaa (branchpoint), create items
    -> bbbbbbbbbbbb, add size
    -> cccccccccccc, add color" "branches lists the branch points with their children"
m history -r head:base
st 2 - "history -r head:base is an impossible range"
contains "$(err)" "impossible range \"head:base\": base is not head or a descendant of it" "saying why"
# ---- help -------------------------------------------------------------------------------------
m --help
for w in "upgrade [heads|REV|+N]" "--sql" "-r A:B" "branches" "current [--verbose]" "REV+N, REV-N, head-N, base+N"; do
	contains "$(out)" "$w" "--help mentions $w"
done

done_testing
