#!/bin/sh
# tests/e2e/87-import.t - migc import: another tool's history as a migc project.
#
# For each plain-SQL format (tests/import/<format>/: the same blog history
# written the way that tool's users write it: tables, a foreign key, an
# index, an added column, a data backfill, a concurrent index outside a
# transaction, a rename, a plpgsql function, a migration without a down
# script) the import passes `migc check`, its migrator upgrades a fresh
# database to exactly the schema that psql gets from the tool's own SQL files
# run in the tool's order (pg_dump --schema-only, the version table left
# out), and `downgrade base` empties it again.  The same for an Alembic
# history with a branch and its merge, against Alembic's own offline SQL.  A
# down script that does not return to its parent's schema is kept and marked
# inexact_downgrade, unless the check finds more.  A Flyway repeatable's id
# and header carry its Flyway checksum.  Then the errors: a malformed
# file is path:line and exit 1, an unreadable source exit 2, an existing
# project is never overwritten.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

echo "1..110"

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() {
	"$PG_DUMP" --schema-only --no-owner --no-privileges -T 'migc_version*' -T alembic_version -d "$1" |
		awk -f tests/lib/normdump.awk
}
q() { psql -X -A -t -q -d "$1" -c "$2"; }
run_sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$2"; }

# The tool's own order, each file's up part run by psql.
ref_golang_migrate() {
	for f in tests/import/golang-migrate/*.up.sql; do run_sql "$1" "$f" || return 1; done
}
ref_goose() {
	for f in tests/import/goose/*.sql; do
		awk '/^-- \+goose Down/ { exit } !/^-- \+goose/' "$f" >"$work/part.sql"
		run_sql "$1" "$work/part.sql" || return 1
	done
}
ref_dbmate() {
	for f in tests/import/dbmate/*.sql; do
		awk '/^-- migrate:down/ { exit } !/^-- migrate:up/' "$f" >"$work/part.sql"
		run_sql "$1" "$work/part.sql" || return 1
	done
}
ref_flyway() {
	for v in V1 V1.1 V2 V2.1 V3 V4 V10; do
		run_sql "$1" tests/import/flyway/${v}__*.sql || return 1
	done
	run_sql "$1" tests/import/flyway/R__posts_touch_function.sql
}
ref_sqitch() {
	for c in users posts display_name@v1.0 posts_created_at_idx rename_body display_name; do
		run_sql "$1" "tests/import/sqitch/deploy/$c.sql" || return 1
	done
}

# 11 checks per format
for fmt in golang-migrate goose dbmate flyway sqitch; do
	P=$work/$fmt
	out=$("$MIGC" import "$fmt" "tests/import/$fmt" "$P" 2>"$work/err")
	is "$?" 0 "$fmt: import exits 0"
	contains "$out" "check: ok" "$fmt: the imported project passes the check"
	ok "$fmt: migc check on the written project" "$MIGC" -C "$P" check
	ok "$fmt: schema.mig equals the replayed head" "$MIGC" -C "$P" check --models
	ok "$fmt: the migrator builds" "$MIGC" -C "$P" build -o "$work/$fmt-migrate"
	db=$(echo "$fmt" | tr - _)
	pg_fresh_db "${db}_migc"
	ok "$fmt: upgrade head on a fresh database" "$work/$fmt-migrate" --url "$(url "${db}_migc")" upgrade head
	pg_fresh_db "${db}_ref"
	ok "$fmt: the source's SQL runs with psql" ref_$db "${db}_ref"
	dump "${db}_migc" >"$work/migc.sql"
	dump "${db}_ref" >"$work/ref.sql"
	ok "$fmt: the same schema as the source's SQL" diff -u "$work/ref.sql" "$work/migc.sql"
	contains "$(cat "$work/migc.sql")" "CREATE INDEX posts_created_at_idx" "$fmt: the concurrent index is there"
	ok "$fmt: downgrade base" "$work/$fmt-migrate" --url "$(url "${db}_migc")" downgrade base
	is "$(q "${db}_migc" "select count(*) from pg_class where relnamespace = 'public'::regnamespace and relname not like 'migc_version%'")" 0 \
		"$fmt: downgrade base leaves no table, index or sequence"
done

# alembic: the revisions rendered by Alembic's offline mode, without the
# project's env.py (the fixture's imports an application that is not there);
# the reference is Alembic's own `upgrade heads --sql` through a plain env.py
PY=/usr/bin/python3
P=$work/alembic
out=$("$MIGC" import alembic --python "$PY" tests/import/alembic "$P" 2>"$work/err")
is "$?" 0 "alembic: import exits 0"
contains "$out" "check: ok, 6 revisions" "alembic: the imported project passes the check"
ok "alembic: schema.mig equals the replayed head" "$MIGC" -C "$P" check --models
ok "alembic: the migrator builds" "$MIGC" -C "$P" build -o "$work/alembic-migrate"
contains "$(cat "$P"/versions/4d5e6f708192_*.mig)" "parent   2b3c4d5e6f70 3c4d5e6f7081" "alembic: the merge keeps both parents"
contains "$(cat "$P"/versions/5e6f708192a3_*.mig)" "no_transaction" "alembic: autocommit_block's concurrent index is no_transaction"
pg_fresh_db alembic_migc
ok "alembic: upgrade head on a fresh database" "$work/alembic-migrate" --url "$(url alembic_migc)" upgrade head
cp -r tests/import/alembic "$work/alref"
printf '%s\n' 'from alembic import context' \
	'context.configure(url="postgresql://", literal_binds=True)' \
	'with context.begin_transaction():' '    context.run_migrations()' >"$work/alref/env.py"
(cd "$work/alref" && "$PY" -m alembic -c alembic.ini upgrade heads --sql) >"$work/alref.sql" 2>"$work/alref.err"
pg_fresh_db alembic_ref
ok "alembic: Alembic's own SQL runs with psql" run_sql alembic_ref "$work/alref.sql"
dump alembic_migc >"$work/migc.sql"
dump alembic_ref >"$work/ref.sql"
ok "alembic: the same schema as Alembic's" diff -u "$work/ref.sql" "$work/migc.sql"
ok "alembic: downgrade base" "$work/alembic-migrate" --url "$(url alembic_migc)" downgrade base
is "$(q alembic_migc "select count(*) from pg_class where relnamespace = 'public'::regnamespace and relname not like 'migc_version%'")" 0 \
	"alembic: downgrade base leaves no table, index or sequence"

# a revision whose Python cannot render offline: a note, and the check fails there
cp -r tests/import/alembic "$work/albad"
cat >"$work/albad/versions/708192a3b4c5_fix_emails.py" <<'PY'
"""lower-case the emails through the connection

Revision ID: 708192a3b4c5
Revises: 6f708192a3b4
"""
import sqlalchemy as sa
from alembic import op

revision = "708192a3b4c5"
down_revision = "6f708192a3b4"


def upgrade():
    conn = op.get_bind()
    for row in conn.execute(sa.text("SELECT id, email FROM users")):
        conn.execute(sa.text("UPDATE users SET email = lower(:e) WHERE id = :i"),
                     {"e": row.email, "i": row.id})


def downgrade():
    pass
PY
out=$("$MIGC" import alembic --python "$PY" "$work/albad" "$work/albad-out" 2>"$work/err")
is "$?" 1 "alembic: an unrenderable revision makes the import exit 1"
contains "$out" "708192a3b4c5: the upgrade could not be rendered offline" "the report names it"
contains "$(cat "$work/albad-out"/versions/708192a3b4c5_*.mig)" "-- migc: could not render the upgrade offline:" "the revision carries the note"
err=$("$MIGC" -C "$work/albad-out" check 2>&1)
is "$?" 1 "alembic: migc check fails"
contains "$err" "versions/708192a3b4c5_" "at that revision"
# unmerged branches: every revision checks, but check and build need one head
cp -r tests/import/alembic "$work/albranch"
rm "$work/albranch"/versions/4d5e6f708192_* "$work/albranch"/versions/5e6f708192a3_* \
	"$work/albranch"/versions/6f708192a3b4_*
out=$("$MIGC" import alembic --python "$PY" "$work/albranch" "$work/albranch-out" 2>"$work/err")
is "$?" 1 "alembic: unmerged branches make the import exit 1, as migc check would"
contains "$out" "check: 3 revisions, but 2 heads (2b3c4d5e6f70, 3c4d5e6f7081)" "the report names both heads"
contains "$(cat "$work/err")" "migc merge -m MESSAGE heads" "and says how to join them"
"$MIGC" -C "$work/albranch-out" merge -m "join the branches" heads >/dev/null 2>&1
ok "alembic: after migc merge, the project checks" "$MIGC" -C "$work/albranch-out" check --models
err=$("$MIGC" import alembic --python "$work/no-such-python" tests/import/alembic "$work/al3" 2>&1)
is "$?" 2 "alembic: an interpreter that cannot run: exit 2"

# the revisions keep what the source says
G=$work/golang-migrate/versions
contains "$(cat "$G"/000005_*.mig)" "no_transaction" "a migration with a concurrent index is a no_transaction revision"
contains "$(cat "$G"/000004_*.mig)" "inexact_downgrade" "an empty down script is marked inexact_downgrade"
contains "$(cat "$G"/000004_*.mig)" "the down script is empty; this downgrade undoes nothing" "and says so in the revision"
lacks "$(cat "$G"/000008_*.mig)" "downgrade {" "a missing down script of native statements leaves the downgrade to migc"
contains "$(cat "$G"/000007_*.mig)" '    CREATE FUNCTION posts_touch() RETURNS trigger LANGUAGE plpgsql AS $$' \
	"a function (plain SQL, checked by PostgreSQL's grammar) is written as it is, its \$\$ body byte for byte"
contains "$(cat "$work/goose/versions"/20240301080000_*.mig)" "no_transaction" "goose: NO TRANSACTION is no_transaction"
contains "$(cat "$work/dbmate/versions"/20240301080000_*.mig)" "no_transaction" "dbmate: transaction:false is no_transaction"
contains "$(cat "$work/flyway/versions"/3_*.mig)" "no_transaction" "flyway: executeInTransaction=false is no_transaction"
contains "$(cat "$work/sqitch/versions"/display_name_*.mig)" "parent   rename_body" "sqitch: the plan's order gives the parents"
is "$(q flyway_migc "select count(*) from pg_proc where pronamespace = 'public'::regnamespace")" 1 \
	"flyway: a repeatable script without a down script stays after downgrade base"

# the backfill runs on the rows that exist
pg_fresh_db backfill
"$work/golang-migrate-migrate" --url "$(url backfill)" upgrade 000003 >/dev/null 2>&1
q backfill "insert into users (email) values ('ada@example.org')"
ok "upgrade head over existing rows" "$work/golang-migrate-migrate" --url "$(url backfill)" upgrade head
is "$(q backfill "select display_name from users")" "ada" "the backfill filled the display name"

# the report says what each revision holds: plain SQL is not "execute"
out=$("$MIGC" import golang-migrate tests/import/golang-migrate "$work/gm-report" 2>/dev/null)
contains "$out" "000004: 1 statement of plain SQL (not in the model, not invertible)" \
	"the report counts a backfill as plain SQL"
lacks "$out" "kept as execute" "and no statement as execute, since none was wrapped"

# the same source imports the same
"$MIGC" import goose tests/import/goose "$work/goose2" >/dev/null 2>&1
ok "a second import writes the same files" diff -r "$work/goose/versions" "$work/goose2/versions"

# a Flyway repeatable's id and header carry Flyway's checksum of the script
# (computed here independently: CRC-32 over its lines without terminators)
ck=$(python3 -c 'import sys, zlib
c = zlib.crc32(b"".join(open(sys.argv[1], "rb").read().splitlines()))
print(c - 2**32 if c >= 2**31 else c)' tests/import/flyway/R__posts_touch_function.sql)
rid=$(printf '%s' "flyway:R__posts_touch_function:$ck" | sha256sum | cut -c1-12)
contains "$(cat "$work/flyway/versions/${rid}"_*.mig 2>&1)" "-- a Flyway repeatable script (flyway checksum $ck)" \
	"flyway: the repeatable's id hashes its checksum, its header gives it"

# a down script that does not return to its parent's schema is kept, marked
# and reported; any other check error still fails the import
mkdir -p "$work/inexact"
printf 'CREATE TABLE t (id int);\n' >"$work/inexact/1_t.up.sql"
printf 'DROP TABLE t;\n' >"$work/inexact/1_t.down.sql"
printf 'ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0;\n' >"$work/inexact/2_c.up.sql"
printf 'ALTER TABLE t ALTER COLUMN c DROP DEFAULT;\n' >"$work/inexact/2_c.down.sql"
out=$("$MIGC" import golang-migrate "$work/inexact" "$work/inexact-p" 2>&1)
is "$?" 0 "an inexact down script: the import exits 0"
contains "$out" "2: the source's downgrade does not restore the parent's schema (column \"t\".\"c\" is unexpected)" \
	"the report names the revision and what its downgrade leaves"
is "$(sed -n '/^-- migc import: the original tool.s downgrade does not restore: column "t"."c" is unexpected$/{n;p;}' \
	"$work/inexact-p"/versions/2_*.mig)" "inexact_downgrade" "its header is marked, a comment above saying why"
is "$(grep -c 'DROP DEFAULT' "$work/inexact-p"/versions/2_*.mig)" 1 "the down script is kept as written"
ok "the project checks" "$MIGC" -C "$work/inexact-p" check
printf 'ALTER TABLE nosuch ADD COLUMN d int;\n' >"$work/inexact/3_d.up.sql"
printf 'ALTER TABLE nosuch DROP COLUMN d;\n' >"$work/inexact/3_d.down.sql"
err=$("$MIGC" import golang-migrate "$work/inexact" "$work/inexact-q" 2>&1)
is "$?" 1 "with another check error too, the import still exits 1"
contains "$err" 'error: downgrade of revision "2" does not return the schema' "and the downgrade stays an error"
ok "and nothing is marked" sh -c "! grep -q '^inexact_downgrade' '$work'/inexact-q/versions/2_*.mig"

# errors
mkdir -p "$work/bad"
printf 'CREATE TABLE t (id int);\n-- +goose Up\nCREATE TABLE u (id int);\n' >"$work/bad/1_t.sql"
err=$("$MIGC" import goose "$work/bad" "$work/badout" 2>&1)
is "$?" 1 "a malformed goose file: exit 1"
contains "$err" "$work/bad/1_t.sql:1: error: SQL before the first \"-- +goose Up\"" "named by path and line"
ok "nothing is written for a malformed source" test ! -e "$work/badout"
err=$("$MIGC" import dbmate "$work/missing" "$work/out2" 2>&1)
is "$?" 2 "an unreadable source: exit 2"
contains "$err" "is not a readable directory" "and says so"
err=$("$MIGC" import goose tests/import/goose "$work/goose" 2>&1)
is "$?" 2 "an existing project: exit 2"
contains "$err" "already exists; not touching an existing project" "and it is left alone"
err=$("$MIGC" import liquibase tests/import/goose "$work/out3" 2>&1)
is "$?" 2 "an unknown format: exit 2"
mkdir -p "$work/gm"
printf 'DROP TABLE t;\n' >"$work/gm/1_t.down.sql"
err=$("$MIGC" import golang-migrate "$work/gm" "$work/out4" 2>&1)
is "$?" 1 "golang-migrate: a down script without its up script: exit 1"
contains "$err" "1_t.down.sql:1: error: version 1 has a down script but no up script" "named"

[ "$_tap_failed" -eq 0 ]
