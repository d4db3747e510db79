#!/bin/sh
# tests/e2e/87-fastapi-template.t - a real FastAPI project's Alembic history
# (tests/fixtures/fastapi-template/: the Full Stack FastAPI Template's five
# revisions: tables, varchar lengths, integer ids replaced by UUIDs with a
# data migration, a cascading foreign key, added columns) through migc.
#
# `migc import alembic` reads it in one command: one revision,
# d98dd8ec85a3, has a hand-written downgrade that does not restore the
# serial ids (true: the template's downgrade leaves them without their
# defaults); the import keeps it as written, marks it inexact_downgrade with
# a comment saying what it misses, reports it, and the project checks and
# builds.  A fresh database upgraded by the migrator then has
# exactly the schema Alembic itself gives a database from the same files
# (pg_dump --schema-only, version tables left out).  A database that Alembic
# upgraded halfway, with rows in it, is adopted, brought to head by migc
# (the UUID data migration runs on those rows), and check finds no drift.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

echo "1..18"

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() {
	"$PG_DUMP" --schema-only --no-owner --no-privileges -T 'migc_version*' -T alembic_version -d "$1" |
		awk -f tests/lib/normdump.awk
}
q() { psql -X -A -t -q -d "$1" -c "$2"; }
PY=/usr/bin/python3
FX=tests/fixtures/fastapi-template
PYTHONPATH=$ROOT/$FX/shim${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

P=$work/project
out=$("$MIGC" import alembic --python "$PY" "$FX/versions" "$P" 2>&1)
is "$?" 0 "the import exits 0 in one command"
contains "$out" "imported 5 alembic migrations" "all five revisions are imported"
contains "$out" "d98dd8ec85a3: the source's downgrade does not restore the parent's schema (column \"item\".\"id\" has default none" \
	"the report names d98dd8ec85a3, whose downgrade leaves the integer ids without their sequence default"
is "$(printf '%s\n' "$out" | grep -c 'error:')" 0 "no error anywhere"
hdr=$(sed -n '1,/^$/p' "$P"/versions/d98dd8ec85a3_*.mig)
is "$(printf '%s\n' "$hdr" | grep -A1 \
	"^-- migc import: the original tool's downgrade does not restore: column \"item\".\"id\" has default none" |
	sed -n 2p)" "inexact_downgrade" "its header is marked inexact_downgrade, a comment above saying why"
is "$(grep -c '^inexact_downgrade$' "$P"/versions/*.mig)" "$(printf '%s\n' "$P"/versions/*.mig | sed 's/$/:0/;/d98dd8ec85a3/s/:0$/:1/')" \
	"it alone is marked inexact_downgrade"
ok "the project checks" "$MIGC" -C "$P" check
ok "the migrator builds" "$MIGC" -C "$P" build -o "$work/fa-migrate"
M=$work/fa-migrate

# Alembic itself, online, on the same files (the template's env.py imports
# the application; this one only connects)
mkdir -p "$work/alembic/versions"
cp "$FX"/versions/*.py "$work/alembic/versions/"
printf '[alembic]\nscript_location = %s\n' "$work/alembic" >"$work/alembic.ini"
printf '%s\n' 'import os' 'from alembic import context' 'from sqlalchemy import create_engine' \
	'engine = create_engine(os.environ["ALEMBIC_URL"])' \
	'with engine.connect() as conn:' '    context.configure(connection=conn)' \
	'    with context.begin_transaction():' '        context.run_migrations()' >"$work/alembic/env.py"
alembic() {	# alembic DB ARGS...
	_db=$1
	shift
	ALEMBIC_URL="postgresql+psycopg2:///$_db?host=$PGHOST&port=$PGPORT&user=$PGUSER" \
		"$PY" -m alembic -c "$work/alembic.ini" "$@" >"$work/alembic.out" 2>&1 ||
		{ cat "$work/alembic.out"; return 1; }
}

pg_fresh_db fa_alembic
ok "Alembic upgrades a fresh database to head" alembic fa_alembic upgrade head
pg_fresh_db fa_migc
ok "the migrator upgrades a fresh database to head" "$M" --url "$(url fa_migc)" upgrade head
dump fa_alembic >"$work/alembic.sql"
dump fa_migc >"$work/migc.sql"
ok "the same schema as Alembic's" diff -u "$work/alembic.sql" "$work/migc.sql"
contains "$(cat "$work/migc.sql")" "ON DELETE CASCADE" "the cascading foreign key is there"

# halfway with Alembic, rows in it, then migc
pg_fresh_db fa_adopt
ok "Alembic upgrades another database to 9c0a54914c78" alembic fa_adopt upgrade 9c0a54914c78
q fa_adopt "INSERT INTO \"user\" (email, is_active, is_superuser, hashed_password)
	VALUES ('ada@example.org', true, false, 'x');
	INSERT INTO item (title, owner_id) SELECT 'first', id FROM \"user\""
out=$("$M" --url "$(url fa_adopt)" adopt alembic 2>&1)
is "$?" 0 "adopt exits 0"
contains "$out" "database is at 9c0a54914c78" "at the revision Alembic left it"
ok "upgrade head continues" "$M" --url "$(url fa_adopt)" upgrade head
ok "check finds no drift" "$M" --url "$(url fa_adopt)" check
is "$(q fa_adopt "SELECT count(*) FROM item JOIN \"user\" u ON u.id = item.owner_id WHERE u.email = 'ada@example.org'")" 1 \
	"the UUID data migration kept the item's owner"

[ "$_tap_failed" -eq 0 ]
