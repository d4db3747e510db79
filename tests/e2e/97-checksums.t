#!/bin/sh
# tests/e2e/97-checksums.t - an applied revision whose source changed, and
# accept-checksum, the documented way on (issue 5 item 1).
#
# A migrator built from edited sources refuses upgrade, downgrade, current
# and history (exit 4) naming the revision and both full checksums.
# `accept-checksum REV...` and `accept-checksum --all` re-record the
# compiled checksum under the migrator lock, in one transaction, printing
# old and new; they refuse revisions not in the plan (exit 2) or not
# applied (exit 4) before changing anything, and change nothing but the
# checksum column.  stamp keeps a changed checksum instead of accepting it.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = sums\n' >"$P/migc.conf"
# rev FILE-SUFFIX ID PARENT SEED: one revision that creates a table and
# fills it with an execute whose text stands for "the source"
rev() {
	cat >"$P/versions/$2_$1.mig" <<MIG
revision $2
parent   $3
message  "$1"

upgrade {
    create table $1 (id integer primary key);
    execute \$\$ insert into $1 values ($4) \$\$;
}

downgrade {
    drop table $1;
}
MIG
}
rev one 000000000001 base 1
rev two 000000000002 000000000001 2
rev three 000000000003 000000000002 3
ok "migc builds the original migrator" "$MIGC" -C "$P" build -o "$work/m1"
# the same revisions, the first two edited (a different seed row)
rev one 000000000001 base 11
rev two 000000000002 000000000001 22
ok "migc builds a migrator from edited sources" "$MIGC" -C "$P" build -o "$work/m2"
sum() { "$1" show "$2" | sed -n 's/^checksum  //p'; }
old1=$(sum "$work/m1" 000000000001) new1=$(sum "$work/m2" 000000000001)
old2=$(sum "$work/m1" 000000000002) new2=$(sum "$work/m2" 000000000002)
ok "the edits changed the checksums" test "$old1" != "$new1" -a "$old2" != "$new2" -a ${#new1} = 67

e2e_pg_start
pg_fresh_db sums
url="postgresql:///sums?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d sums -c "$1"; }
m() { bin=$1; shift; "$work/$bin" --url "$url" "$@" >"$work/out" 2>"$work/err"; }
rows() { q "select revision, checksum, applied_at, duration_ms, migc_version from migc_version order by revision"; }

m m1 upgrade 000000000002
is "$?" 0 "the original migrator applies two revisions"

# ---- the refusal ----------------------------------------------------------------
for cmd in "upgrade head" "downgrade base" current history; do
	m m2 $cmd
	is "$?" 4 "$cmd with an edited applied revision: exit 4"
done
m m2 upgrade head
err=$(cat "$work/err")
contains "$err" "revision 000000000001 (one) changed after it was applied: checksum $old1 in the database, $new1 in versions/000000000001_one.mig" "the refusal names the revision and both checksums"
contains "$err" "accept-checksum REV" "and points to accept-checksum"
is "$(q "select count(*) from migc_version")|$(q "select to_regclass('three') is null")" "2|t" "nothing ran"

# ---- usage errors: nothing connects, nothing changes ----------------------------
before=$(rows)
m m2 accept-checksum
is "$?" 2 "accept-checksum without revisions is a usage error"
m m2 accept-checksum head
is "$?" 2 "accept-checksum head is a usage error (name revisions or --all)"
m m2 accept-checksum 0000000000099
is "$?" 2 "a revision that is not in the plan is a usage error"
contains "$(cat "$work/err")" 'unknown revision "0000000000099"' "which names it"
m m2 accept-checksum --all 000000000001
is "$?" 2 "revisions and --all together are a usage error"
m m2 current --all
is "$?" 2 "--all is only valid with accept-checksum"
m m2 accept-checksum 000000000001 000000000003
is "$?" 4 "a revision that is not applied is refused (exit 4)"
contains "$(cat "$work/err")" "revision 000000000003 is not applied: it has no recorded checksum to accept" "the refusal names it"
is "$(rows)" "$before" "the refusals changed nothing"

# ---- accept-checksum REV ----------------------------------------------------------
m m2 accept-checksum 0000000000
is "$?" 2 "an ambiguous prefix is a usage error"
m m2 accept-checksum 000000000001
is "$?" 0 "accept-checksum REV exits 0"
is "$(cat "$work/out")" "accept-checksum: 000000000001 (one) checksum $old1 -> $new1
accepted 1 checksum" "it prints the revision with the old and the new checksum"
is "$(q "select checksum from migc_version where revision = '000000000001'")" "$new1" "the new checksum is recorded"
is "$(rows | sed 1d)" "$(echo "$before" | sed 1d)" "the other row is untouched"
is "$(rows | head -1 | cut -d'|' -f1,3-)" "$(echo "$before" | head -1 | cut -d'|' -f1,3-)" "and so are the accepted row's other columns"
m m2 accept-checksum 000000000001
is "$?|$(head -1 "$work/out")" "0|accept-checksum: 000000000001 (one) already records $new1: unchanged" "accepting it again changes nothing"
m m2 upgrade head
is "$?" 4 "the other edited revision still stops upgrade"
lacks "$(cat "$work/err")" "000000000001 (one) changed" "but the accepted one no longer does"

# ---- one transaction: a failure part way leaves every checksum as it was ----------
rev three 000000000003 000000000002 33
ok "a third migrator with the last revision edited too" "$MIGC" -C "$P" build -o "$work/m3"
new3=$(sum "$work/m3" 000000000003)
m m1 stamp head
q "alter table migc_version add constraint keep3 check (revision <> '000000000003' or checksum <> '$new3')"
before=$(rows)
m m3 accept-checksum --all
is "$?" 5 "a failing update in accept-checksum --all exits 5"
contains "$(cat "$work/err")" "cannot update the version table" "with the server's error"
is "$(rows)" "$before" "and the checksum it had already rewritten is rolled back"
q "alter table migc_version drop constraint keep3"

# ---- accept-checksum --all, under the migrator lock --------------------------------
# the holder keeps the lock until the migrator says it waits, then is ended
PGAPPNAME=sums-holder psql -X -q -d sums -c "select pg_advisory_lock(1296647747, hashtext('migc_version'))" \
	-c "select pg_sleep(300)" >/dev/null 2>&1 &
holder=$!
ok "another session holds the migrator lock" e2e_wait_for sums "select exists (select 1 from pg_locks l
    join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and a.application_name = 'sums-holder')"
: >"$work/err"
m m3 accept-checksum --all &
migrator=$!
n=0
until grep -q "waiting for another migrator" "$work/err" 2>/dev/null || [ $n -ge 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
e2e_q sums "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'sums-holder'" >/dev/null
wait $migrator
st=$?
wait $holder
is "$st" 0 "accept-checksum --all exits 0"
contains "$(cat "$work/err")" "waiting for another migrator to finish" "it waited for the migrator lock"
out=$(cat "$work/out")
contains "$out" "accept-checksum: 000000000002 (two) checksum $old2 -> $new2" "it accepts the edited revision 2"
contains "$out" "accept-checksum: 000000000003 (three) checksum" "and revision 3"
lacks "$out" "000000000001" "and leaves alone the one that matched"
contains "$out" "accepted 2 checksums" "and counts them"
m m3 accept-checksum --all
is "$?|$(cat "$work/out")" "0|nothing to accept: every applied revision records this migrator's checksum" "--all again: nothing to accept"
m m3 upgrade head
is "$?" 0 "upgrade runs again"
m m3 history
is "$?" 0 "history is clean"

# ---- stamp keeps a changed checksum -----------------------------------------------
q "update migc_version set checksum = 'x' where revision = '000000000002'"
m m3 stamp head
is "$?" 0 "stamp head with a changed checksum exits 0"
contains "$(cat "$work/out")" "stamp: kept 000000000002, whose recorded checksum differs from this migrator's (see accept-checksum)" "it says it kept the changed checksum"
is "$(q "select checksum from migc_version where revision = '000000000002'")" x "and did not overwrite it"
m m3 current
is "$?" 4 "so the mismatch is still reported"
m m3 accept-checksum 000000000002
is "$?|$(q "select checksum from migc_version where revision = '000000000002'")" "0|$new2" "accept-checksum records it"

done_testing
