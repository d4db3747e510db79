#!/bin/sh
# tests/e2e/41-deferred-commit.t - a revision that fails only at COMMIT (a
# deferrable, initially deferred foreign key it violates) while another
# revision follows it: its COMMIT then goes at the head of the next
# revision's pipeline (runtime/txn.c), and the failure must still be
# reported as that revision's, rolled back, with the next one never run
# and neither recorded.  Also when it is the run's last revision (its
# COMMIT sent alone).
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = deferred\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_tables.mig" <<'MIG'
revision 000000000001
parent   base
message  "create tables"

upgrade {
    execute $$ create table parent (id integer primary key) $$;
    execute $$ create table child (id integer primary key, parent_id integer
               references parent deferrable initially deferred) $$;
}

downgrade {
    execute $$ drop table child, parent $$;
}
MIG
cat >"$P/versions/000000000002_orphan.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "insert an orphan"

upgrade {
    execute $$ insert into child values (1, 42) $$;
}

downgrade {
    execute $$ delete from child $$;
}
MIG
cat >"$P/versions/000000000003_after.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "create after"

upgrade {
    execute $$ create table after3 (id integer) $$;
}

downgrade {
    execute $$ drop table after3 $$;
}
MIG

ok "migc builds the project" "$MIGC" -C "$P" build -o "$work/m"
e2e_pg_start
pg_fresh_db dfr
url="postgresql:///dfr?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d dfr -c "$1"; }

"$work/m" --url "$url" upgrade head >"$work/out" 2>"$work/err"
is "$?" 1 "a COMMIT failing on a deferred constraint exits with status 1"
err=$(cat "$work/err")
out=$(cat "$work/out")
contains "$err" "upgrade of revision 000000000002 (insert an orphan) failed and was rolled back" \
	"the failure is reported as the revision whose COMMIT failed"
lacks "$err" "revision 000000000003" "the next revision is not blamed"
contains "$err" "23503" "the error gives the SQLSTATE of the foreign key"
contains "$err" "database is at 000000000001" "the run ends at the revision before"
contains "$out" "upgrade 000000000001: create tables (" "the first revision's result line is printed"
lacks "$out" "upgrade 000000000002: insert an orphan (" "the failed revision has no result line"
lacks "$out" "upgrade 000000000003" "the next revision never started"
is "$(q "select string_agg(revision, ',' order by revision) from migc_version")" \
	"000000000001" "the version table has neither the failed revision nor the next"
is "$(q "select count(*) from child")" 0 "the orphan row was rolled back"
is "$(q "select count(*) from information_schema.tables where table_name = 'after3'")" 0 \
	"the next revision did not run"
is "$(q "select count(*) from pg_stat_activity where datname = 'dfr' and state like 'idle in transaction%'")" \
	0 "no session is left in a transaction"

"$work/m" --url "$url" upgrade 000000000002 >"$work/out2" 2>"$work/err2"
is "$?" 1 "as the run's last revision (COMMIT sent alone) it fails too"
contains "$(cat "$work/err2")" "upgrade of revision 000000000002 (insert an orphan) failed and was rolled back" \
	"and is reported as that revision's failure"
is "$(q "select string_agg(revision, ',' order by revision) from migc_version")" \
	"000000000001" "still only the first revision recorded"

done_testing
