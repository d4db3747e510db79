#!/bin/sh
# tests/e2e/91-no-transaction.t - non-transactional revisions and timeouts.
#
# A revision marked no_transaction (create unique index concurrently) that
# fails, or whose migrator is killed with -9 in the middle, is recorded as
# interrupted: the next run stops and names it, never re-running or
# skipping it, until `resolve REV applied|pending`.  --lock-timeout stops a
# revision stuck behind another transaction's lock, --retries N runs it
# again, --statement-timeout cancels a slow statement.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = nontx\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_people.mig" <<'MIG'
revision 000000000001
parent   base
message  "create people"

upgrade {
    create table people (id bigint generated always as identity primary key, age integer);
    execute $$ insert into people (age) values (5), (5) $$;
}

downgrade {
    drop table people;
}
MIG
cat >"$P/versions/000000000002_age_key.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "unique ages"
no_transaction

upgrade {
    create unique index concurrently people_age_key on people (age);
}

downgrade {
    drop index concurrently people_age_key;
}
MIG
cat >"$P/versions/000000000003_slow.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "slow backfill"
no_transaction

upgrade {
    execute $$ select pg_sleep(2) $$;
}

downgrade {
    execute $$ select 1 $$;
}
MIG
cat >"$P/versions/000000000004_name.mig" <<'MIG'
revision 000000000004
parent   000000000003
message  "add name"

upgrade {
    alter table people add column name text;
}
MIG
cat >"$P/versions/000000000005_sleep.mig" <<'MIG'
revision 000000000005
parent   000000000004
message  "half a second"

upgrade {
    execute $$ select pg_sleep(0.5) $$;
}

downgrade {
    execute $$ select 1 $$;
}
MIG

ok "migc builds a project with no_transaction revisions" "$MIGC" -C "$P" build -o "$work/m"
e2e_pg_start
pg_fresh_db nontx
url="postgresql:///nontx?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d nontx -c "$1"; }
m() { "$work/m" --url "$url" "$@" >"$work/out" 2>"$work/err"; }

# ---- a failing no_transaction revision is recorded as interrupted ----------
m upgrade head
is "$?" 1 "a failing no_transaction revision exits 1"
err=$(cat "$work/err")
contains "$err" "upgrade of revision 000000000002 (unique ages) failed outside a transaction and is recorded as interrupted" "the error says the revision is interrupted"
contains "$err" "23505" "the error gives the SQLSTATE"
contains "$err" "resolve 000000000002 pending" "the error says how to resolve it"
is "$(q "select duration_ms from migc_version where revision = '000000000002'")" -1 "the version table records it as started"
is "$(q "select count(*) from pg_index where not indisvalid")" 1 "the failed concurrent build left an invalid index"

m upgrade head
is "$?" 4 "the next run stops (exit 4)"
contains "$(cat "$work/err")" "revision 000000000002 (unique ages) was interrupted" "the next run names the interrupted revision"
is "$(q "select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname like 'people_age_key%'")" 1 "it was not run again"
m downgrade base
is "$?" 4 "downgrade stops too"

# ---- how the reports show it -------------------------------------------------------
m current
is "$?|$(cat "$work/out")" "4|000000000002 (interrupted: see resolve)" "current marks the interrupted revision (exit 4)"
contains "$(cat "$work/err")" "resolve 000000000002 applied" "and says how to resolve it"
m history
is "$?" 4 "history exits 4 on an interrupted revision"
out=$(cat "$work/out")
contains "$out" "[!] 000000000001 -> 000000000002 [no transaction] (interrupted: see resolve), unique ages" "history marks it [!] and interrupted"
contains "$out" "[ ] 000000000002 -> 000000000003 [no transaction], slow backfill" "and flags every no_transaction revision"
contains "$out" "[x] <base> -> 000000000001, create people" "the applied one stays [x]"
m history --verbose
contains "$(cat "$work/out")" "    interrupted: started outside a transaction and never finished" "history --verbose says it never finished"
m history --offline
contains "$(cat "$work/out")" "000000000001 -> 000000000002 [no transaction], unique ages" "history --offline flags no_transaction revisions"
is "$("$MIGC" -C "$P" history | grep -- "-> 000000000003")" "000000000002 -> 000000000003 [no transaction], slow backfill" "so does migc history"
m show 000000000002
contains "$(cat "$work/out")" "flags     no-transaction" "show lists the no-transaction flag"
contains "$("$MIGC" -C "$P" show 000000000002)" "Transaction: none (no_transaction)" "and so does migc show"
before=$(q "select revision, duration_ms from migc_version order by 1")
m stamp head
is "$?" 4 "stamp refuses while a revision is interrupted (exit 4)"
contains "$(cat "$work/err")" "revision 000000000002 was interrupted" "naming it"
contains "$(cat "$work/err")" "resolve 000000000002 applied|pending" "and pointing to resolve"
m stamp base
is "$?|$(q "select revision, duration_ms from migc_version order by 1")" "4|$before" "stamp base refuses too, and nothing changed"

q "drop index people_age_key; delete from people where id = (select max(id) from people)"
m resolve 000000000003 pending
is "$?" 4 "resolve refuses a revision that is not interrupted"
m resolve 000000000002 maybe
is "$?" 2 "resolve needs applied or pending"
m resolve 000000000002 pending
is "$?" 0 "resolve REV pending exits 0"
contains "$(cat "$work/out")" "resolve: revision 000000000002 is recorded as pending" "resolve says what it recorded"
m upgrade 000000000002
is "$?" 0 "after resolving, the revision runs again"
contains "$(cat "$work/out")" "upgrade 000000000002: unique ages (" "the upgrade line names it"
contains "$(cat "$work/out")" "no transaction)" "and says it ran without a transaction"
is "$(q "select indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'people_age_key'")" t "the index is valid"
is "$(q "select duration_ms >= 0 from migc_version where revision = '000000000002'")" t "the version table records it as done"

# ---- kill -9 in the middle of a no_transaction revision --------------------
"$work/m" --url "$url" upgrade 000000000003 >/dev/null 2>&1 &
pid=$!
n=0
while [ "$(q "select count(*) from migc_version where revision = '000000000003'")" != 1 ] && [ $n -lt 100 ]; do
	sleep 0.05
	n=$((n + 1))
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
is "$(q "select duration_ms from migc_version where revision = '000000000003'")" -1 "killed in the middle: recorded as started"
m upgrade head
is "$?" 4 "the next run stops on the interrupted revision"
contains "$(cat "$work/err")" "revision 000000000003 (slow backfill) was interrupted" "and names it"
is "$(q "select count(*) from information_schema.columns where table_name = 'people' and column_name = 'name'")" 0 "nothing after it ran"
m current
is "$(cat "$work/out")" "000000000003 (interrupted: see resolve)" "current shows the killed revision as interrupted"
m resolve 000000000003 applied
is "$?" 0 "resolve REV applied exits 0"
is "$(q "select duration_ms from migc_version where revision = '000000000003'")" 0 "the revision is recorded as done"
is "$("$work/m" --url "$url" current 2>&1)" "000000000003" "current shows it applied"

# ---- --lock-timeout and --retries -----------------------------------------
# lock_people SECONDS: another session holds an exclusive lock on people for
# SECONDS; returns once the lock is granted
lock_people() {
	PGAPPNAME=locker psql -X -q -d nontx -c "begin; lock table people; select pg_sleep($1); commit" >/dev/null 2>&1 &
	locker=$!
	n=0
	while [ "$(q "select count(*) from pg_locks l join pg_stat_activity a using (pid) where a.application_name = 'locker' and l.relation = 'people'::regclass and l.granted")" != 1 ] && [ $n -lt 200 ]; do
		sleep 0.05
		n=$((n + 1))
	done
}
lock_people 3
m --lock-timeout 200ms upgrade 000000000004
is "$?" 1 "--lock-timeout: a revision stuck behind a lock fails with exit 1"
contains "$(cat "$work/err")" "55P03" "with lock_not_available"
wait "$locker"
lock_people 2
m --lock-timeout 200ms --retries 3 upgrade 000000000004
is "$?" 0 "--retries 3: the revision is retried until the lock is free"
err=$(cat "$work/err")
contains "$err" "upgrade of revision 000000000004 waited longer than lock_timeout" "each retry is announced"
contains "$err" "retry 1 of 3 in 1 s" "with its number and delay"
wait "$locker"

# ---- --statement-timeout -----------------------------------------------------
m --statement-timeout 100ms upgrade head
is "$?" 1 "--statement-timeout cancels a slow statement (exit 1)"
contains "$(cat "$work/err")" "57014" "with query_canceled"
m --statement-timeout=5s upgrade head
is "$?" 0 "a generous timeout lets it finish"

m downgrade 000000000001
is "$?" 0 "downgrade runs no_transaction revisions back (drop index concurrently)"
is "$(q "select count(*) from pg_class where relname = 'people_age_key'")" 0 "the index is gone"
is "$(q "select count(*) from migc_version")" 1 "one revision left"

# ---- usage ----------------------------------------------------------------------
m --lock-timeout soon upgrade head
is "$?" 2 "a bad --lock-timeout is a usage error"
m --retries -1 upgrade head
is "$?" 2 "a bad --retries is a usage error"

done_testing
