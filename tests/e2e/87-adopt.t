#!/bin/sh
# tests/e2e/87-adopt.t - `<prog> adopt FORMAT`: taking over a database that
# another tool upgraded halfway.
#
# For each plain-SQL format (the histories of tests/import/, as 87-import.t
# imports them) a database is brought to a middle version by the tool's own
# SQL files run with psql in the tool's order, and the tool's version table
# is filled as the tool fills it; for Alembic, Alembic itself upgrades a real
# database to both sides of its branch.  Then the imported project's
# migrator adopts it (--dry-run first: nothing written), records exactly the
# revisions of those versions with their checksums (`current` accepts
# them), leaves the tool's table as it was, upgrades to head, finds no drift,
# and the schema equals the whole history run by the tool (psql / Alembic).
# A Flyway repeatable maps by the checksum of its last run: recorded when it
# is the imported script's, left pending (and run again) when not.
# Then the refusals: no such table, a version not in the plan, a dirty
# golang-migrate version, a gap, a version table that already has rows.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

echo "1..114"

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() {
	"$PG_DUMP" --schema-only --no-owner --no-privileges -T 'migc_version*' -T alembic_version \
		-T schema_migrations -T 'goose_db_version*' -T flyway_schema_history -N sqitch -d "$1" |
		awk -f tests/lib/normdump.awk
}
q() { psql -X -A -t -q -d "$1" -c "$2"; }
run_sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$2"; }
up_part() {	# the up section of a goose or dbmate file
	awk -v down="$2" '$0 ~ down { exit } !/^-- (\+goose|migrate:)/' "$1" >"$work/part.sql" &&
		run_sql "$3" "$work/part.sql"
}

# the first N migrations of each tool, run as the tool runs them, and its table
mid_golang_migrate() {
	for f in tests/import/golang-migrate/00000[1-4]_*.up.sql; do run_sql "$1" "$f" || return 1; done
	q "$1" "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
		INSERT INTO schema_migrations VALUES (4, false)"
}
all_golang_migrate() {
	for f in tests/import/golang-migrate/*.up.sql; do run_sql "$1" "$f" || return 1; done
}
GOOSE_MID="20240105093000 20240105094500 20240212161000"
mid_goose() {
	q "$1" "CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL,
		is_applied boolean NOT NULL, tstamp timestamp DEFAULT now());
		INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true)" || return 1
	for v in $GOOSE_MID; do
		up_part tests/import/goose/${v}_*.sql '^-- \\+goose Down' "$1" || return 1
		q "$1" "INSERT INTO goose_db_version (version_id, is_applied) VALUES ($v, true)" || return 1
	done
	# applied, then rolled back by an older goose, which records is_applied = false
	v=20240301080000
	q "$1" "CREATE INDEX posts_created_at_idx ON posts (created_at);
		INSERT INTO goose_db_version (version_id, is_applied) VALUES ($v, true);
		DROP INDEX posts_created_at_idx;
		INSERT INTO goose_db_version (version_id, is_applied) VALUES ($v, false)"
}
all_goose() {
	for f in tests/import/goose/*.sql; do up_part "$f" '^-- \\+goose Down' "$1" || return 1; done
}
DBMATE_MID="20240105093000 20240105094500 20240212161000 20240212161500"
mid_dbmate() {
	q "$1" "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)" || return 1
	for v in $DBMATE_MID; do
		up_part tests/import/dbmate/${v}_*.sql '^-- migrate:down' "$1" || return 1
		q "$1" "INSERT INTO schema_migrations (version) VALUES ('$v')" || return 1
	done
}
all_dbmate() {
	for f in tests/import/dbmate/*.sql; do up_part "$f" '^-- migrate:down' "$1" || return 1; done
}
# Flyway's checksum of a script, computed here independently: CRC-32 over
# its lines without their terminators, a UTF-8 BOM left out, signed 32-bit
flyway_ck() {
	python3 -c 'import sys, zlib
d = open(sys.argv[1], "rb").read()
d = d[3:] if d.startswith(b"\xef\xbb\xbf") else d
c = zlib.crc32(b"".join(d.splitlines()))
print(c - 2**32 if c >= 2**31 else c)' "$1"
}
R_SQL=tests/import/flyway/R__posts_touch_function.sql
R_CK=$(flyway_ck "$R_SQL")
# flyway_db DB VERSIONS CHECKSUMS: Flyway's SQL for VERSIONS and their rows,
# then (as every `flyway migrate` ends) the repeatable, one row for each of
# CHECKSUMS (a run of the script as it was then)
flyway_db() {
	q "$1" "CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY,
		version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
		script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,
		installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL,
		success boolean NOT NULL)" || return 1
	rank=1
	for v in $2; do
		f=$(ls tests/import/flyway/V${v}__*.sql)
		run_sql "$1" "$f" || return 1
		q "$1" "INSERT INTO flyway_schema_history VALUES ($rank, '$v', 'd', 'SQL',
			'$(basename "$f")', 12345, 'postgres', now(), 3, true)" || return 1
		rank=$((rank + 1))
	done
	run_sql "$1" "$R_SQL" || return 1
	for ck in $3; do
		q "$1" "INSERT INTO flyway_schema_history VALUES ($rank, NULL, 'posts touch function', 'SQL',
			'R__posts_touch_function.sql', $ck, 'postgres', now(), 2, true)" || return 1
		rank=$((rank + 1))
	done
}
# Flyway: V1 to V2.1, and the repeatable as it is
mid_flyway() { flyway_db "$1" "1 1.1 2 2.1" "$R_CK"; }
all_flyway() {
	for v in V1 V1.1 V2 V2.1 V3 V4 V10; do
		run_sql "$1" tests/import/flyway/${v}__*.sql || return 1
	done
	run_sql "$1" tests/import/flyway/R__posts_touch_function.sql
}
# sqitch: up to posts_created_at_idx; display_name's first version is the
# reworked one (display_name@v1.0), deployed with the tag v1.0
SQITCH_MID="users posts display_name@v1.0 posts_created_at_idx"
mid_sqitch() {
	q "$1" "CREATE SCHEMA sqitch;
		CREATE TABLE sqitch.changes (change_id text PRIMARY KEY, script_hash text,
			change text NOT NULL, project text NOT NULL, note text NOT NULL DEFAULT '',
			committed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
			committer_name text NOT NULL, committer_email text NOT NULL,
			planned_at timestamptz NOT NULL, planner_name text NOT NULL,
			planner_email text NOT NULL);
		CREATE TABLE sqitch.tags (tag_id text PRIMARY KEY, tag text NOT NULL,
			project text NOT NULL, change_id text NOT NULL, note text NOT NULL DEFAULT '',
			committed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
			committer_name text NOT NULL, committer_email text NOT NULL,
			planned_at timestamptz NOT NULL, planner_name text NOT NULL,
			planner_email text NOT NULL)" || return 1
	n=1
	for c in $SQITCH_MID; do
		run_sql "$1" "tests/import/sqitch/deploy/$c.sql" || return 1
		q "$1" "INSERT INTO sqitch.changes (change_id, script_hash, change, project,
			committer_name, committer_email, planned_at, planner_name, planner_email)
			VALUES ('id$n', 'h$n', '${c%@*}', 'blog', 'Ada', 'ada@example.org', now(),
			'Ada', 'ada@example.org')" || return 1
		n=$((n + 1))
	done
	q "$1" "INSERT INTO sqitch.tags (tag_id, tag, project, change_id, committer_name,
		committer_email, planned_at, planner_name, planner_email)
		VALUES ('t1', '@v1.0', 'blog', 'id3', 'Ada', 'ada@example.org', now(), 'Ada',
		'ada@example.org')"
}
all_sqitch() {
	for c in users posts display_name@v1.0 posts_created_at_idx rename_body display_name; do
		run_sql "$1" "tests/import/sqitch/deploy/$c.sql" || return 1
	done
}
tool_rows() {	# the tool's table, to see it untouched
	case $2 in
	golang-migrate|dbmate) q "$1" "SELECT * FROM schema_migrations ORDER BY 1" ;;
	goose) q "$1" "SELECT id, version_id, is_applied FROM goose_db_version ORDER BY id" ;;
	flyway) q "$1" "SELECT * FROM flyway_schema_history ORDER BY 1" ;;
	sqitch) q "$1" "SELECT change_id, change FROM sqitch.changes ORDER BY 1" ;;
	esac
}

# what each adopt records: the migc ids (Flyway's 1.1 and 2.1 and sqitch's
# display_name@v1.0 are hashed ids, "sha256(FORMAT:VERSION)"[:12])
hashid() { printf '%s' "$1" | sha256sum | cut -c1-12; }
expect_golang_migrate="000001 000002 000003 000004"
expect_goose="$GOOSE_MID"
expect_dbmate="$DBMATE_MID"
expect_flyway="1 $(hashid flyway:1.1) 2 $(hashid flyway:2.1)"
expect_sqitch="users posts $(hashid sqitch:display_name@v1.0) posts_created_at_idx"

# 12 checks per format
for fmt in golang-migrate goose dbmate flyway sqitch; do
	P=$work/$fmt
	db=$(echo "$fmt" | tr - _)
	"$MIGC" import "$fmt" "tests/import/$fmt" "$P" >/dev/null 2>&1 &&
		"$MIGC" -C "$P" build -o "$work/$fmt-migrate" >/dev/null 2>&1
	M=$work/$fmt-migrate
	pg_fresh_db "${db}_adopt"
	ok "$fmt: the tool's SQL to a middle version, and its table" mid_$db "${db}_adopt"
	tool_rows "${db}_adopt" "$fmt" >"$work/before"
	out=$("$M" --url "$(url "${db}_adopt")" adopt "$fmt" --dry-run 2>&1)
	is "$?" 0 "$fmt: adopt --dry-run exits 0"
	eval "want=\$expect_$db"
	last=${want##* }
	contains "$out" "adopt: would record $last ($fmt " "$fmt: --dry-run names what it would record"
	is "$(q "${db}_adopt" "SELECT to_regclass('migc_version') IS NULL")" t "$fmt: --dry-run creates nothing"
	out=$("$M" --url "$(url "${db}_adopt")" adopt "$fmt" 2>&1)
	is "$?" 0 "$fmt: adopt exits 0"
	contains "$out" "database is at $last" "$fmt: adopt ends at the middle revision"
	is "$(q "${db}_adopt" "SELECT string_agg(revision, ' ' ORDER BY applied_at, revision) FROM migc_version" | tr ' ' '\n' | sort | tr '\n' ' ')" \
		"$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ')" "$fmt: exactly the middle revisions are recorded"
	ok "$fmt: their checksums are this migrator's (current is content)" "$M" --url "$(url "${db}_adopt")" current
	tool_rows "${db}_adopt" "$fmt" >"$work/after"
	ok "$fmt: the tool's table is untouched" cmp -s "$work/before" "$work/after"
	ok "$fmt: upgrade head continues" "$M" --url "$(url "${db}_adopt")" upgrade head
	ok "$fmt: check finds no drift" "$M" --url "$(url "${db}_adopt")" check
	pg_fresh_db "${db}_all"
	all_$db "${db}_all" >/dev/null 2>&1
	dump "${db}_adopt" >"$work/adopt.sql"
	dump "${db}_all" >"$work/all.sql"
	ok "$fmt: the same schema as the whole history run by the tool" diff -u "$work/all.sql" "$work/adopt.sql"
done

# the Flyway repeatable applied at V2.1 is left pending and runs again
pg_fresh_db fw2
mid_flyway fw2 >/dev/null 2>&1
out=$("$work/flyway-migrate" --url "$(url fw2)" adopt flyway --dry-run 2>&1)
contains "$out" "$(hashid "flyway:R__posts_touch_function:$R_CK") (flyway R__posts_touch_function) is left pending" \
	"flyway: a repeatable applied below the versions still pending is left pending"

# a repeatable whose last run had the imported script's checksum is
# recorded; one whose last run had another is left pending and runs again
R_ID=$(hashid "flyway:R__posts_touch_function:$R_CK")
pg_fresh_db fwrep
ok "flyway: a database at V10 whose repeatable ran last as imported" \
	flyway_db fwrep "1 1.1 2 2.1 3 4 10" "$((R_CK + 1)) $R_CK"
out=$("$work/flyway-migrate" --url "$(url fwrep)" adopt flyway 2>&1)
is "$?" 0 "flyway: adopt exits 0"
is "$(q fwrep "SELECT count(*) FROM migc_version WHERE revision = '$R_ID'")" 1 \
	"flyway: the repeatable is recorded, by its checksum"
lacks "$out" "changed since" "flyway: and nothing is said to have changed"
ok "flyway: check finds no drift" "$work/flyway-migrate" --url "$(url fwrep)" check
pg_fresh_db fwchg
ok "flyway: a database at V10 whose repeatable ran last as another script" \
	flyway_db fwchg "1 1.1 2 2.1 3 4 10" "$R_CK $((R_CK - 7))"
out=$("$work/flyway-migrate" --url "$(url fwchg)" adopt flyway 2>&1)
is "$?" 0 "flyway: a changed repeatable is no error"
contains "$out" "adopt: flyway R__posts_touch_function (checksum $((R_CK - 7))) changed since flyway applied it: it runs again at upgrade" \
	"flyway: adopt says it changed and runs again"
is "$(q fwchg "SELECT count(*) FROM migc_version WHERE revision = '$R_ID'")" 0 "flyway: it is not recorded"
is "$(q fwchg "SELECT count(*) FROM migc_version")" 7 "flyway: every versioned revision is"
ok "flyway: upgrade head runs it again" "$work/flyway-migrate" --url "$(url fwchg)" upgrade head
is "$(q fwchg "SELECT count(*) FROM migc_version WHERE revision = '$R_ID'")" 1 "flyway: and records it"

# a Flyway baseline row stands for its version and everything below it
pg_fresh_db fwbase
for v in V1 V1.1 V2; do run_sql fwbase tests/import/flyway/${v}__*.sql; done
q fwbase "CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY,
	version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
	script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,
	installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL,
	success boolean NOT NULL);
	INSERT INTO flyway_schema_history VALUES (1, '2', '<< Flyway Baseline >>', 'BASELINE',
	'<< Flyway Baseline >>', NULL, 'postgres', now(), 0, true)"
out=$("$work/flyway-migrate" --url "$(url fwbase)" -q adopt flyway 2>&1)
is "$?:$out" "0:" "flyway: adopt -q of a baselined database exits 0 and prints nothing"
is "$(q fwbase "SELECT string_agg(revision, ' ' ORDER BY revision) FROM migc_version")" \
	"$(echo 1 2 $(hashid flyway:1.1) | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
	"flyway: the baseline's version and those below it are recorded"

# an UNDO_SQL row (Flyway Teams' `undo`) takes its version back out
pg_fresh_db fwundo
for v in V1 V1.1 V2 V2.1 V3 U3; do run_sql fwundo tests/import/flyway/${v}__*.sql; done
q fwundo "CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY,
	version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
	script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,
	installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL,
	success boolean NOT NULL);
	INSERT INTO flyway_schema_history VALUES
	(1, '1', 'd', 'SQL', 'V1__create_users.sql', 1, 'p', now(), 1, true),
	(2, '1.1', 'd', 'SQL', 'V1.1__create_posts.sql', 1, 'p', now(), 1, true),
	(3, '2', 'd', 'SQL', 'V2__add_display_name.sql', 1, 'p', now(), 1, true),
	(4, '2.1', 'd', 'SQL', 'V2.1__backfill_display_name.sql', 1, 'p', now(), 1, true),
	(5, '3', 'd', 'SQL', 'V3__posts_created_at_index.sql', 1, 'p', now(), 1, true),
	(6, '3', 'd', 'UNDO_SQL', 'U3__posts_created_at_index.sql', 1, 'p', now(), 1, true)"
ok "flyway: adopt of a database with an undone version" "$work/flyway-migrate" --url "$(url fwundo)" adopt flyway
is "$(q fwundo "SELECT string_agg(revision, ' ' ORDER BY revision) FROM migc_version")" \
	"$(echo 1 2 $(hashid flyway:1.1) $(hashid flyway:2.1) | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
	"flyway: the undone version is not recorded"
ok "flyway: upgrade head runs it again" "$work/flyway-migrate" --url "$(url fwundo)" upgrade head
ok "flyway: check finds no drift after the undo" "$work/flyway-migrate" --url "$(url fwundo)" check

# check leaves out only a table that is the tool's by name and columns
out=$("$work/goose-migrate" --url "$(url goose_adopt)" check 2>&1)
contains "$out" "note: not compared: public.goose_db_version, another migration tool's version table" \
	"check names the tool's table it leaves out"
q goose_adopt "CREATE TABLE schema_migrations (id int)"
out=$("$work/goose-migrate" --url "$(url goose_adopt)" check 2>&1)
is "$?" 1 "a table of the same name with other columns is drift"
contains "$out" "table public.schema_migrations" "and is named"

# alembic: Alembic itself upgrades a real database to both branch tips
PY=/usr/bin/python3
A=$work/alembic
"$MIGC" import alembic --python "$PY" tests/import/alembic "$A" >/dev/null 2>&1 &&
	"$MIGC" -C "$A" build -o "$work/alembic-migrate" >/dev/null 2>&1
cp -r tests/import/alembic "$work/alrun"
printf '%s\n' 'import os' 'from alembic import context' 'from sqlalchemy import create_engine' \
	'engine = create_engine(os.environ["ALEMBIC_URL"])' \
	'with engine.connect() as conn:' '    context.configure(connection=conn)' \
	'    with context.begin_transaction():' '        context.run_migrations()' >"$work/alrun/env.py"
alembic() {	# alembic DB ARGS...
	_db=$1
	shift
	(cd "$work/alrun" &&
		ALEMBIC_URL="postgresql+psycopg2:///$_db?host=$PGHOST&port=$PGPORT&user=$PGUSER" \
		"$PY" -m alembic -c alembic.ini "$@") >"$work/alembic.out" 2>&1
}
pg_fresh_db al_adopt
ok "alembic: Alembic upgrades to one branch tip" alembic al_adopt upgrade 2b3c4d5e6f70
ok "alembic: and to the other" alembic al_adopt upgrade 3c4d5e6f7081
is "$(q al_adopt "SELECT string_agg(version_num, ' ' ORDER BY version_num) FROM alembic_version")" \
	"2b3c4d5e6f70 3c4d5e6f7081" "alembic: alembic_version holds both heads"
out=$("$work/alembic-migrate" --url "$(url al_adopt)" adopt alembic --dry-run 2>&1)
is "$?" 0 "alembic: adopt --dry-run exits 0"
contains "$out" "adopt: would record 1a2b3c4d5e6f (below a recorded alembic version)" \
	"alembic: --dry-run names the heads' ancestor"
is "$(q al_adopt "SELECT to_regclass('migc_version') IS NULL")" t "alembic: --dry-run creates nothing"
out=$("$work/alembic-migrate" --url "$(url al_adopt)" adopt alembic 2>&1)
is "$?" 0 "alembic: adopt exits 0"
is "$(q al_adopt "SELECT string_agg(revision, ' ' ORDER BY revision) FROM migc_version")" \
	"1a2b3c4d5e6f 2b3c4d5e6f70 3c4d5e6f7081" "alembic: each head and its ancestors are recorded"
ok "alembic: current accepts the checksums" "$work/alembic-migrate" --url "$(url al_adopt)" current
is "$(q al_adopt "SELECT string_agg(version_num, ' ' ORDER BY version_num) FROM alembic_version")" \
	"2b3c4d5e6f70 3c4d5e6f7081" "alembic: alembic_version is untouched"
ok "alembic: upgrade head continues past the merge" "$work/alembic-migrate" --url "$(url al_adopt)" upgrade head
ok "alembic: check finds no drift" "$work/alembic-migrate" --url "$(url al_adopt)" check
pg_fresh_db al_all
ok "alembic: Alembic upgrades another database to heads" alembic al_all upgrade heads
dump al_adopt >"$work/adopt.sql"
dump al_all >"$work/all.sql"
ok "alembic: the same schema as Alembic's" diff -u "$work/all.sql" "$work/adopt.sql"

# refusals: exit 4, nothing written
GM=$work/golang-migrate-migrate
pg_fresh_db refuse
err=$("$GM" --url "$(url refuse)" adopt golang-migrate 2>&1)
is "$?" 4 "no schema_migrations table: exit 4"
contains "$err" 'there is no table "schema_migrations"' "and says which table is missing"
is "$(q refuse "SELECT to_regclass('migc_version') IS NULL")" t "nothing was created"
q refuse "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
	INSERT INTO schema_migrations VALUES (3, true)"
err=$("$GM" --url "$(url refuse)" adopt golang-migrate 2>&1)
is "$?" 4 "a dirty golang-migrate version: exit 4"
contains "$err" "says version 3 is dirty" "and explains it"
contains "$err" "migrate force VERSION" "and the tool's own repair"
q refuse "UPDATE schema_migrations SET version = 99, dirty = false"
err=$("$GM" --url "$(url refuse)" adopt golang-migrate 2>&1)
is "$?" 4 "a version not in the plan: exit 4"
contains "$err" "records version \"99\", which is not in this migrator's plan" "and names it"
is "$(q refuse "SELECT to_regclass('migc_version') IS NULL")" t "nothing was created"
pg_fresh_db gap
q gap "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);
	INSERT INTO schema_migrations VALUES ('20240105093000'), ('20240212161000')"
err=$("$work/dbmate-migrate" --url "$(url gap)" adopt dbmate 2>&1)
is "$?" 4 "a version applied without the one before it: exit 4"
contains "$err" "records revision 20240212161000 but not its parent 20240105094500" "and names both"
err=$("$GM" --url "$(url golang_migrate_adopt)" adopt golang-migrate 2>&1)
is "$?" 4 "a version table that already has rows: exit 4"
contains "$err" 'the version table "migc_version" already records 8 revisions' "and says how many"
pg_fresh_db dirtyfly
q dirtyfly "CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50),
	description text, type text, script text, checksum int, installed_by text,
	installed_on timestamp DEFAULT now(), execution_time int, success boolean);
	INSERT INTO flyway_schema_history VALUES (1, '1', 'x', 'SQL', 'V1__create_users.sql', 1, 'p', now(), 1, false)"
err=$("$work/flyway-migrate" --url "$(url dirtyfly)" adopt flyway 2>&1)
is "$?" 4 "a failed Flyway migration: exit 4"
contains "$err" "flyway repair" "and the tool's own repair"
err=$("$GM" --url "$(url refuse)" adopt liquibase 2>&1)
is "$?" 2 "an unknown format: exit 2"
err=$("$GM" --url "$(url refuse)" stamp head --dry-run 2>&1)
is "$?" 2 "--dry-run with another command: exit 2"
contains "$("$GM" --help)" "adopt FORMAT [--dry-run]" "--help lists adopt"

[ "$_tap_failed" -eq 0 ]
