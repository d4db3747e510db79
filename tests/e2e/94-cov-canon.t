#!/bin/sh
# tests/e2e/94-cov-canon.t - canonical comparison (issue 12, part 3): two
# spellings PostgreSQL stores alike are equal wherever migc compares.
#
# tests/e2e/canon/ holds one schema in three spellings: the history (two
# revisions; the second writes three defaults again and its hand-written
# downgrade restores them in yet another spelling), schema.mig, and
# other.sql (plain SQL).  The pairs: (GEN_RANDOM_UUID()) / gen_random_uuid(),
# '[]' / '[]'::jsonb on jsonb, -1 / '-1' / '-1'::integer on integer,
# true / 't' / '1' / 'yes' / 'on' on boolean, 'x' / 'x'::character varying,
# '1' / '1.0'::double precision, redundant parentheses and case in checks,
# index expressions and predicates.  Then:
#   - migc check (the downgrade check) accepts the history; check --models
#     finds zero differences; revision --autogenerate writes nothing;
#   - a database upgraded by the built migrator and one built from
#     other.sql are clean for diff --url and the migrator's check;
#   - tests/e2e/canon/shop: a twelve-revision history and a models file
#     (schema.mig) with the spellings people write; before canonical
#     comparison check --models found 22 differences and autogenerate
#     wrote 29 no-op statements; now none, and diff --url of the upgraded
#     database against the models proves PostgreSQL stores them alike;
#   - the database built from other.sql, adopted by init --from-url, builds
#     a migrator that upgrades a fresh database to the same pg_dump
#     --schema-only; diff --url and the migrator's check are clean; the
#     adopted schema.mig (the catalog's spellings) against the first
#     project's history differs only where PostgreSQL rewrote a check or
#     predicate with the column types (listed in docs/autogenerate.md);
#   - what PostgreSQL keeps apart stays apart: now() and current_timestamp,
#     a downgrade restoring -2 where the parent had -1, 'o' on boolean.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..35"

C=$ROOT/tests/e2e/canon
P=$work/p
mkdir -p "$P/versions"
echo "name = canon" >"$P/migc.conf"
cp "$C/000000000001_order.mig" "$C/000000000002_respell.mig" "$P/versions/"
cp "$C/schema.mig" "$P/schema.mig"

# ---- offline: the downgrade check, check --models, autogenerate ---------------------
out=$("$MIGC" -C "$P" check 2>&1)
is "$?" 0 "check accepts the downgrade that restores the defaults in another spelling"
lacks "$out" "does not return the schema" "no downgrade mismatch is reported"
out=$("$MIGC" -C "$P" check --models 2>&1)
is "$?" 0 "check --models: the history reaches schema.mig written in other spellings"
lacks "$out" "differ" "and reports no difference"
out=$("$MIGC" -C "$P" revision -m again --autogenerate 2>&1)
is "$?" 0 "revision --autogenerate exits 0"
contains "$out" "no changes" "autogenerate finds no change"
is "$(ls "$P/versions" | wc -l | tr -d ' ')" 2 "and writes no revision"

# ---- live: diff --url and the migrator's check -------------------------------------
e2e_pg_start
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
ok "migc build" "$MIGC" -C "$P" build -o "$work/canon-migrate"
pg_fresh_db up
ok "the migrator upgrades a fresh database" "$work/canon-migrate" --url "$(url up)" upgrade head
out=$("$MIGC" -C "$P" diff --url "$(url up)" 2>/dev/null)
is "$?:$out" "0:no differences: the database matches schema.mig" "diff --url of the upgraded database is clean"
out=$("$work/canon-migrate" --url "$(url up)" check 2>&1)
is "$?" 0 "the migrator's check of the upgraded database exits 0"
contains "$out" "clean: the database matches revision 000000000002 (head)" "and says clean"

pg_fresh_db other
ok "psql builds the database from other.sql" pg_psql -v ON_ERROR_STOP=1 -d other -f "$C/other.sql"
out=$("$MIGC" -C "$P" diff --url "$(url other)" 2>/dev/null)
is "$?:$out" "0:no differences: the database matches schema.mig" \
	"diff --url of the database built with a third spelling is clean"
ok "the migrator stamps it" "$work/canon-migrate" --url "$(url other)" stamp head
out=$("$work/canon-migrate" --url "$(url other)" check 2>&1)
is "$?:$(echo "$out" | grep -c '^clean: ')" "0:1" "and its check finds no drift"

# ---- adopting the database built with the third spelling ---------------------------
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
dump() { "$PG_DUMP" --schema-only --no-owner --no-privileges --exclude-table=migc_version -d "$1" |
	awk -f tests/lib/normdump.awk; }
A=$work/adopted
pg_fresh_db orig
pg_psql -v ON_ERROR_STOP=1 -d orig -f "$C/other.sql" >/dev/null
"$MIGC" init --from-url "$(url orig)" "$A" >"$work/out" 2>&1
is "$?" 0 "init --from-url adopts it"
ok "revision --autogenerate writes the adopted revision" \
	"$MIGC" -C "$A" revision --autogenerate -m adopt --rev-id 0a0b0c0d0e0f
ok "the adopted project builds" "$MIGC" -C "$A" build -o "$work/adopted-migrate"
pg_fresh_db rebuilt
ok "a fresh database upgrades with it" "$work/adopted-migrate" --url "$(url rebuilt)" upgrade head
dump orig >"$work/orig.sql"
dump rebuilt >"$work/rebuilt.sql"
contains "$(cat "$work/orig.sql")" 'CREATE TABLE public."Order"' "the dump holds the table"
ok "the rebuilt database dumps as the original (pg_dump --schema-only)" diff -u "$work/orig.sql" "$work/rebuilt.sql"
out=$("$MIGC" -C "$A" diff --url "$(url orig)" 2>/dev/null)
is "$?:$out" "0:no differences: the database matches schema.mig" "diff --url of the original is clean"
cp "$A/schema.mig" "$P/schema.mig"
out=$("$MIGC" -C "$P" check --models 2>&1)
is "$(echo "$out" | grep -E '^  (column|constraint|index|table) ' | cut -d'"' -f2 | tr '\n' ' ')" \
	"price_ok order_lower_note " \
	"the catalog's spellings differ from the history only in the two rewritten with column types"
cp "$C/schema.mig" "$P/schema.mig"

# ---- a real history against its models file ---------------------------------------
S=$work/shop
cp -r "$C/shop" "$S"
out=$("$MIGC" -C "$S" check --models 2>&1)
is "$?" 0 "shop: check --models finds zero differences"
out=$("$MIGC" -C "$S" revision -m again --autogenerate 2>&1)
contains "$out" "no changes: schema.mig matches the head of the history; nothing written" \
	"shop: autogenerate writes no no-op statement"
is "$(ls "$S/versions" | wc -l | tr -d ' ')" 12 "shop: no revision is written"
ok "shop: migc build" "$MIGC" -C "$S" build -o "$work/shop-migrate"
pg_fresh_db shop
ok "shop: the migrator upgrades a fresh database" "$work/shop-migrate" --url "$(url shop)" upgrade head
out=$("$MIGC" -C "$S" diff --url "$(url shop)" 2>/dev/null)
is "$?:$out" "0:no differences: the database matches schema.mig" \
	"shop: PostgreSQL stores the models' spellings as the history's (diff --url)"

# ---- what PostgreSQL keeps apart ------------------------------------------------------
sed 's/created_at timestamptz not null default now()/created_at timestamptz not null default CURRENT_TIMESTAMP/' \
	"$C/schema.mig" >"$P/schema.mig"
out=$("$MIGC" -C "$P" check --models 2>&1)
is "$?" 1 "now() and current_timestamp are two defaults for check --models"
contains "$out" "column \"Order\".\"created_at\" has default CURRENT_TIMESTAMP in schema.mig, now() at head" \
	"the column is named with both defaults"
cp "$C/schema.mig" "$P/schema.mig"
sed 's/set default (-1);/set default (-2);/' "$C/000000000002_respell.mig" >"$P/versions/000000000002_respell.mig"
out=$("$MIGC" -C "$P" check 2>&1)
is "$?" 1 "a downgrade restoring -2 where the parent had -1 is refused"
contains "$out" "column \"Order\".\"Select\" has default (-2), expected -1" "with the default it left"
sed "s/set default '1';/set default 'o';/" "$C/000000000002_respell.mig" >"$P/versions/000000000002_respell.mig"
out=$("$MIGC" -C "$P" check 2>&1)
contains "$out" "column \"Order\".\"paid\" has default 'o', expected true" \
	"'o' is no boolean PostgreSQL reads as true"
