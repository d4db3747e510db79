#!/bin/sh
# tests/e2e/86-models-sqlmodel.t - schema.mig from SQLModel models.
#
# `migc models --from-sqlalchemy library:SQLModel` (Debian's
# python3-sqlmodel, run by /usr/bin/python3 or $MIGC_PYTHON) writes
# schema.mig from tests/e2e/models/library.py: SQLModel's own types, an
# enum, foreign keys (one with ondelete), a server default, indexes, a
# unique field and a naming convention.  Autogenerate writes the
# revision; the built migrator upgrades a fresh database; and that
# database equals the one SQLAlchemy's metadata.create_all() DDL makes for
# SQLModel.metadata (pg_dump --schema-only, the version table left out).
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..12"

PY=${MIGC_PYTHON:-/usr/bin/python3}
MODELS=$ROOT/tests/e2e/models
P=$work/library
mkdir -p "$P/versions"
echo "name = library" >"$P/migc.conf"

ok "the python has SQLModel (Debian: python3-sqlmodel)" "$PY" -c "import sqlmodel"
out=$(cd "$MODELS" && "$MIGC" -C "$P" models --from-sqlalchemy library:SQLModel --python "$PY" 2>&1)
is "$?" 0 "models --from-sqlalchemy library:SQLModel exits 0"
contains "$out" "wrote $P/schema.mig" "it says it wrote schema.mig"
schema=$(cat "$P/schema.mig")
contains "$schema" "create type genre as enum ('novel', 'poetry');" "the enum is a native type"
contains "$schema" "constraint fk_books_author_id_authors foreign key (author_id) references authors (id) on delete cascade" \
	"the foreign key has the convention's name and its ondelete"
"$MIGC" -C "$P" revision -m "models" --autogenerate >/dev/null 2>&1
is "$?" 0 "revision --autogenerate works from the SQLModel models"
ok "check --models: the history reaches the models" "$MIGC" -C "$P" check --models
ok "migc build" "$MIGC" -C "$P" build -o "$work/library-migrate"

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() {
	"$PG_DUMP" --schema-only --no-owner --no-privileges --exclude-table=migc_version -d "$1" |
		awk -f tests/lib/normdump.awk
}
pg_fresh_db mg
ok "the migrator upgrades a fresh database" "$work/library-migrate" --url "$(url mg)" upgrade head
(cd "$MODELS" && "$PY" create_all.py library:SQLModel) >"$work/sa.sql"
pg_fresh_db sa
ok "psql runs create_all's DDL for SQLModel.metadata" psql -X -q -v ON_ERROR_STOP=1 -d sa -f "$work/sa.sql"
dump sa >"$work/sa.dump"
dump mg >"$work/mg.dump"
contains "$(cat "$work/sa.dump")" "CREATE TABLE public.books" "create_all made the tables"
ok "the upgraded database equals create_all's (pg_dump --schema-only)" diff -u "$work/sa.dump" "$work/mg.dump"
