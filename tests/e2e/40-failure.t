#!/bin/sh
# tests/e2e/40-failure.t - a revision that fails on the server in the middle
# of a chain: it is rolled back whole (its first statement too), the
# revisions before it stay applied, and the error names the revision, its
# file:line, the statement and the SQLSTATE.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = failing\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_posts.mig" <<'MIG'
revision 000000000001
parent   base
message  "create posts"

upgrade {
    create table posts (id serial primary key, title text not null);
}
MIG
cat >"$P/versions/000000000002_seed.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "seed a post"

upgrade {
    execute $$ insert into posts (title) values ('it''s here') $$;
}

downgrade {
    execute $$ delete from posts $$;
}
MIG
cat >"$P/versions/000000000003_breaks.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "add a required column"

upgrade {
    create table audit (id serial primary key);
    -- fails: posts already has a row, and the column has no default
    alter table posts add column rating integer not null;
}
MIG

ok "migc builds the project" "$MIGC" -C "$P" build -o "$work/m"
e2e_pg_start
pg_fresh_db fail
url="postgresql:///fail?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d fail -c "$1"; }

"$work/m" --url "$url" upgrade head >"$work/out" 2>"$work/err"
status=$?
is "$status" 1 "a failed revision exits with status 1"
err=$(cat "$work/err")
contains "$err" "000000000003" "the error names the revision"
contains "$err" "versions/000000000003_breaks.mig:8" "the error names the file and line"
contains "$err" 'ALTER TABLE "posts" ADD COLUMN "rating" integer NOT NULL' "the error shows the statement"
contains "$err" "23502" "the error gives the SQLSTATE"
contains "$err" "contains null values" "the error gives the server's message"
is "$("$work/m" --url "$url" current 2>&1)" "000000000002" "the revision before stays applied"
is "$(q "select count(*) from migc_version")" 2 "two revisions recorded"
is "$(q "select count(*) from information_schema.tables where table_name = 'audit'")" 0 "the failed revision's first statement was rolled back"
is "$(q "select count(*) from posts")" 1 "the seeded row is there"
"$work/m" --url "$url" upgrade head >/dev/null 2>&1
is "$?" 1 "running again fails again, at the same revision"
is "$(q "select count(*) from migc_version")" 2 "still two revisions recorded"

done_testing
