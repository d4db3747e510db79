#!/bin/sh
# tests/e2e/99-migc-test.t - `migc test` (issue 17 part 3): every revision,
# in plan order (a branch and its merge included), upgraded, checked,
# downgraded, checked, upgraded again and checked on a scratch database;
# with --data, generated rows that must survive the round trip in the
# columns the revision did not touch.  A revision whose execute creates an
# object the model does not know fails at exactly that revision; a
# downgrade that drops and recreates a table fails the data verdict; a
# database that is not empty is refused untouched unless --reset.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..31"
e2e_pg_start

MIGC_CACHE_DIR=$work/cache
export MIGC_CACHE_DIR
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
# rev PROJECT ID PARENTS MESSAGE UPGRADE [DOWNGRADE]
rev() {
	{
		printf 'revision %s\nparent   %s\nmessage  "%s"\n\nupgrade {\n%s\n}\n' "$2" "$3" "$4" "$5"
		[ -z "${6:-}" ] || printf '\ndowngrade {\n%s\n}\n' "$6"
	} >"$1/versions/$2.mig"
}
project() { mkdir -p "$work/$1/versions"; printf 'name = %s\n' "$1" >"$work/$1/migc.conf"; }

# ---- a clean project: a branch and its merge ------------------------------------------
P=$work/clean
project clean
rev "$P" a00000000001 base "create authors" \
"    create type mood as enum ('calm', 'busy');
    create table authors (
        id bigint primary key,
        name text not null unique,
        email varchar(8),
        state mood not null,
        score integer not null check (score >= 0)
    );" \
"    drop table authors;
    drop type mood;"
rev "$P" b00000000002 a00000000001 "create books" \
"    create table books (
        id bigint generated always as identity primary key,
        author_id bigint not null references authors (id),
        title text not null,
        published date
    );" \
"    drop table books;"
rev "$P" c00000000003 a00000000001 "add bio" \
"    alter table authors add column bio text;"
rev "$P" d00000000004 "b00000000002 c00000000003" "merge books and bio" \
"    create index books_title_idx on books (title);" \
"    drop index books_title_idx;"
rev "$P" e00000000005 d00000000004 "add price" \
"    alter table books add column price numeric(8,2) check (price > 0);"
ok "the clean project checks" "$MIGC" -q -C "$P" check

pg_fresh_db mt
"$MIGC" -C "$P" test --url "$(url mt)" --data >"$work/o" 2>"$work/e"
is "$?" 0 "migc test --data passes on the clean project"
is "$(grep -c '^revision ' "$work/o")" 5 "one line per revision"
is "$(sed -n 's/^revision \([0-9a-f]*\) .*/\1/p' "$work/o" | tr '\n' ' ')" \
	"a00000000001 b00000000002 c00000000003 d00000000004 e00000000005 " \
	"in plan order, the merge after both branches"
is "$(grep -c 'schema ok/ok/ok; data ok' "$work/o")" 5 "every revision: three schema verdicts ok and data ok"
contains "$(tail -1 "$work/o")" "ok: 5 revisions passed" "the summary"
is "$(pg_psql -d mt -c 'SELECT count(*) FROM books')" 9 \
	"3 rows generated into books (a foreign key to authors) at each of its 3 revisions"

# JSON, on the same database: refused (it is not empty), then --reset
"$MIGC" -C "$P" test --url "$(url mt)" --format json >"$work/o" 2>"$work/e"
is "$?" 2 "a database that is not empty is refused (exit 2)"
contains "$(cat "$work/e")" "the database is not empty" "the refusal says why"
contains "$(cat "$work/e")" "--reset" "and names --reset"
is "$(pg_psql -d mt -c 'SELECT count(*) FROM books')" 9 "the refused database is untouched"
"$MIGC" -C "$P" test --url "$(url mt)" --reset --data --format json >"$work/o" 2>"$work/e"
is "$?" 0 "--reset --data --format json passes"
is "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
r = d["revisions"]
print(s["ok"], s["revisions"], s["passed"], s["first_failure"],
      [x["revision"][0] for x in r],
      all(x["schema"]["after_downgrade"] == "ok" and x["data"]["verdict"] == "ok" for x in r),
      r[3]["parents"], isinstance(r[0]["up_ms"], float))' "$work/o")" \
	"True 5 5 None ['a', 'b', 'c', 'd', 'e'] True ['b00000000002', 'c00000000003'] True" \
	"the JSON report parses: summary, one object per revision, verdicts, parents"
is "$(pg_psql -d mt -c 'SELECT count(*) FROM books')" 9 \
	"--reset emptied the database first (books holds only this run's rows)"

# ---- an execute that creates what the model does not know ---------------------------------
P=$work/sneaky
project sneaky
rev "$P" a00000000001 base "create t" "    create table t (id integer primary key);"
rev "$P" b00000000002 a00000000001 "sneaky execute" \
"    execute \$\$ create table sneaky (id integer) \$\$;" \
"    execute \$\$ drop table sneaky \$\$;"
rev "$P" c00000000003 b00000000002 "add note" "    alter table t add column note text;"
pg_fresh_db ms
"$MIGC" -C "$P" test --url "$(url ms)" >"$work/o" 2>"$work/e"
is "$?" 1 "migc test fails (exit 1) on the project with the sneaky execute"
contains "$(cat "$work/o")" "FAILED at revision b00000000002" "at exactly that revision"
contains "$(cat "$work/e")" "b00000000002 (sneaky execute) failed at check after upgrade" \
	"the failure names the revision and the step"
contains "$(cat "$work/e")" "sneaky" "and the difference names the unknown table"
lacks "$(cat "$work/o")" "revision c00000000003" "the revisions after it do not run"

# ---- a downgrade that loses data in a column the revision did not touch ------------------
P=$work/lossy
project lossy
rev "$P" a00000000001 base "create items" \
"    create table items (id integer primary key, name text not null);"
rev "$P" b00000000002 a00000000001 "add size" \
"    alter table items add column size integer;" \
"    drop table items;
    create table items (id integer primary key, name text not null);"
pg_fresh_db ml
"$MIGC" -C "$P" test --url "$(url ml)" --data >"$work/o" 2>"$work/e"
is "$?" 1 "migc test --data fails on the lossy downgrade"
contains "$(cat "$work/o")" "schema ok/ok/ok; data lost" "the schema verdicts pass, the data verdict fails"
contains "$(cat "$work/e")" "b00000000002 (add size) failed at data after downgrade and upgrade: table public.items: the row with key (" \
	"the failure names the revision, the table and the row's key"
"$MIGC" -C "$P" test --url "$(url ml)" --reset >"$work/o" 2>"$work/e"
is "$?" 0 "without --data the same project passes (its schema round trip is right)"

# ---- a revision the server refuses once the tables hold rows: SQLSTATE, JSON ---------------
P=$work/notnull
project notnull
rev "$P" a00000000001 base "create p" "    create table p (id bigint primary key);"
rev "$P" b00000000002 a00000000001 "add x" \
"    alter table p add column x text not null;  -- migc:allow add-not-null-column (test)"
pg_fresh_db mn
"$MIGC" -C "$P" test --url "$(url mn)" --data --format json >"$work/o" 2>"$work/e"
is "$?" 1 "--data: the revision adding a NOT NULL column to a filled table fails"
is "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
print(s["ok"], s["passed"], s["failed"], s["first_failure"]["revision"], len(d["revisions"]),
      d["revisions"][1]["schema"]["after_downgrade"],
      d["revisions"][1]["failure"].split(" (")[0])' "$work/o")" \
	"False 1 1 b00000000002 2 ok upgrade again" \
	"the JSON names the failing revision and step (its first upgrade ran on an empty p)"
contains "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["first_failure"]["message"])' "$work/o")" \
	"23502" "and the failure carries the server's SQLSTATE"

# ---- a data migration, and a table no generated row fits: notes, not failures -------------
P=$work/datamig
project datamig
rev "$P" a00000000001 base "create tags and codes" \
"    create table tags (id bigint primary key, label text not null);
    create table codes (id bigint primary key, code text not null check (code ~ '^[A-Z]{3}\$'));" \
"    drop table codes;
    drop table tags;"
rev "$P" b00000000002 a00000000001 "upper-case labels" \
"    alter table tags add column n integer;
    update tags set label = upper(label);" \
"    alter table tags drop column n;"
pg_fresh_db md
"$MIGC" -C "$P" test --url "$(url md)" --data >"$work/o" 2>"$work/e"
is "$?" 0 "--data passes on a revision that rewrites rows on purpose"
contains "$(cat "$work/o")" "note: data not compared (the revision writes rows to them): tags" \
	"the table its update writes is left out of the comparison, and said so"
contains "$(cat "$work/o")" "note: public.codes: could not generate 3 of 3 rows:" \
	"rows the server refuses are reported as could not generate"
contains "$(cat "$work/o")" "23514" "with the server's SQLSTATE"
is "$(pg_psql -d md -c 'SELECT count(*) FROM tags')" 3 "the other table got its rows (those of the last fill: the first revision's round trip dropped tags)"
