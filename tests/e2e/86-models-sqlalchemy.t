#!/bin/sh
# tests/e2e/86-models-sqlalchemy.t - schema.mig from SQLAlchemy models.
#
# `migc models --from-sqlalchemy shop:Base` (Debian's python3-sqlalchemy)
# writes schema.mig from tests/e2e/models/shop.py; autogenerate writes the
# revision; the built migrator upgrades a fresh database; and that
# database equals the one SQLAlchemy's own metadata.create_all() DDL
# makes (pg_dump --schema-only, the version table left out).  Then the
# failures: a module that does not import, an attribute that is no
# metadata, and a python without SQLAlchemy leave schema.mig unchanged.
# The interpreter comes from --python, else $MIGC_PYTHON; ATTR may be the
# MetaData itself.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..20"

PY=/usr/bin/python3
MODELS=$ROOT/tests/e2e/models
P=$work/shop
mkdir -p "$P/versions"
cat >"$P/migc.conf" <<'CONF'
name = shop
CONF

out=$(cd "$MODELS" && "$MIGC" -C "$P" models --from-sqlalchemy shop:Base --python "$PY" 2>&1)
is "$?" 0 "models --from-sqlalchemy exits 0"
contains "$out" "wrote $P/schema.mig" "it says it wrote schema.mig"
contains "$(cat "$P/schema.mig")" "constraint fk_customers_referrer_id_customers foreign key (referrer_id) references customers (id) on delete set null" \
	"schema.mig has SQLAlchemy's convention names, laid out by fmt"
ok "migc check accepts the written schema.mig" "$MIGC" -C "$P" check
out=$("$MIGC" -C "$P" revision -m "models" --autogenerate 2>&1)
is "$?" 0 "revision --autogenerate works from the models"
ok "check --models: the history reaches the models" "$MIGC" -C "$P" check --models
ok "migc build" "$MIGC" -C "$P" build -o "$work/shop-migrate"

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() {
	"$PG_DUMP" --schema-only --no-owner --no-privileges --exclude-table=migc_version -d "$1" |
		awk -f tests/lib/normdump.awk
}
pg_fresh_db mg
ok "the migrator upgrades a fresh database" "$work/shop-migrate" --url "$(url mg)" upgrade head
(cd "$MODELS" && "$PY" create_all.py shop:Base) >"$work/sa.sql"
pg_fresh_db sa
ok "psql runs SQLAlchemy's create_all DDL" psql -X -q -v ON_ERROR_STOP=1 -d sa -f "$work/sa.sql"
dump sa >"$work/sa.dump"
dump mg >"$work/mg.dump"
contains "$(cat "$work/sa.dump")" "CREATE TABLE sales.audit" "create_all made the second schema's tables"
ok "the upgraded database equals create_all's (pg_dump --schema-only)" diff -u "$work/sa.dump" "$work/mg.dump"

cp "$P/schema.mig" "$work/before.mig"
out=$(cd "$MODELS" && "$MIGC" -C "$P" models --from-sqlalchemy no_such_module:Base --python "$PY" 2>&1)
is "$?" 1 "a module that does not import: exit 1"
out=$(cd "$MODELS" && "$MIGC" -C "$P" models --from-sqlalchemy shop:Status --python "$PY" 2>&1)
contains "$out" "is neither a MetaData nor has a .metadata" "an attribute that is no metadata is named"
out=$(cd "$MODELS" && "$MIGC" -C "$P" models --from-sqlalchemy shop:Base --python "$work/no-python" 2>&1)
is "$?" 2 "a python that cannot run: exit 2"
out=$(cd "$MODELS" && MIGC_PYTHON="$work/no-python" "$MIGC" -C "$P" models --from-sqlalchemy shop:Base 2>&1)
is "$?" 2 "MIGC_PYTHON names the interpreter when --python is not given"
contains "$out" "no-python" "the interpreter that cannot run is named"
ok "the failures left schema.mig unchanged" cmp "$work/before.mig" "$P/schema.mig"
(cd "$MODELS" && MIGC_PYTHON="$work/no-python" "$MIGC" -C "$P" models \
	--from-sqlalchemy shop:Base --python "$PY" >/dev/null 2>&1)
is "$?" 0 "--python wins over MIGC_PYTHON"
(cd "$MODELS" && MIGC_PYTHON="$PY" "$MIGC" -C "$P" models --from-sqlalchemy shop:metadata >/dev/null 2>&1) &&
	contains "$(head -n 1 "$P/schema.mig")" "shop:metadata" "MODULE:ATTR may name the MetaData itself"
tail -n +2 "$work/before.mig" >"$work/base.body"
tail -n +2 "$P/schema.mig" >"$work/metadata.body"
ok "the MetaData gives the statements the Base gave (the header names the source)" \
	cmp "$work/base.body" "$work/metadata.body"
