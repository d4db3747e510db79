#!/bin/sh
# tests/e2e/89-naming.t - naming conventions give SQLAlchemy's names.
#
# tests/e2e/naming/models.py declares a schema with a MetaData naming
# convention; SQLAlchemy's own DDL for it (Debian's python3-sqlalchemy, no
# driver: the DDL is compiled and run with psql) creates one database.
# The same schema as a migc revision, with the same naming.* settings in
# migc.conf, is upgraded into another.  Both must name every constraint
# and index alike: primary, unique (one and two columns), check (with
# %(constraint_name)s), foreign keys (to a table's key and to itself, in a
# second schema), indexes (a column label with its schema, an expression)
# and two names past 63 characters, shortened with SQLAlchemy's hash), and
# names with multibyte characters past 63 bytes (kept by SQLAlchemy at up
# to 63 characters, clipped by PostgreSQL to 63 bytes): migc names them as
# the server does, so the migrator's check, autogenerate and models --write
# agree with the database.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..13"

PY=/usr/bin/python3
P=tests/e2e/naming
e2e_pg_start
q() { psql -X -A -t -q -d "$1" -c "$2"; }
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
names() {
	q "$1" "select c.conname from pg_constraint c join pg_class t on t.oid = c.conrelid
		join pg_namespace n on n.oid = t.relnamespace
		where n.nspname in ('public', 'billing') and t.relname <> 'migc_version'
		union all
		select indexname from pg_indexes where schemaname in ('public', 'billing')
		and tablename <> 'migc_version' order by 1"
}

"$PY" "$P/models.py" >"$work/sa.sql" 2>"$work/sa.err"
is "$?" 0 "SQLAlchemy compiles the models' DDL"
pg_fresh_db sa
ok "psql runs SQLAlchemy's DDL" psql -X -q -v ON_ERROR_STOP=1 -d sa -f "$work/sa.sql"

ok "migc builds the revision with the naming settings" "$MIGC" -C "$P" build -o "$work/naming-migrate"
pg_fresh_db mg
ok "the migrator upgrades to head" "$work/naming-migrate" --url "$(url mg)" upgrade head

names sa >"$work/sa.names"
names mg >"$work/mg.names"
is "$(wc -l <"$work/sa.names")" 22 "SQLAlchemy made 22 constraints and indexes (keys counted twice)"
ok "migc gives every constraint and index SQLAlchemy's name" diff -u "$work/sa.names" "$work/mg.names"
contains "$(cat "$work/mg.names")" "uq_a_very_long_table_name_that_goes_on_and_on_for_quite_22fe" \
	"a name past 63 characters ends in SQLAlchemy's hash"
contains "$(cat "$work/mg.names")" "ix_billing_invoices_user_id" \
	"column_0_label carries the schema outside the default one"
contains "$(cat "$work/mg.names")" "ix_users_email_users_org" \
	"column_0_N_label joins the labels of every column and expression"
ok "the migrator's check finds the names it expects" "$work/naming-migrate" --url "$(url mg)" check
out=$("$MIGC" -C "$P" models --write --stdout 2>&1)
is "$?" 0 "models --write lays out the head with its clipped names"
contains "$out" 'constraint "uq_größe_der_überlangen_tabelle_für_äöü_umlaute_grün_bl" unique' \
	"the unique constraint is written by the name PostgreSQL keeps"

ok "the migrator downgrades to base by the same names" "$work/naming-migrate" --url "$(url mg)" downgrade base
