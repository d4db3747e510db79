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
#   - what PostgreSQL keeps apart stays apart: now() and current_timestamp,
#     a downgrade restoring -2 where the parent had -1, 'o' on boolean.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..27"

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
echo "$out" | sed "s/^/# /"
is "$?:$(echo "$out" | grep -c '^clean: ')" "0:1" "and its check finds no drift"

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
contains "$out" "column \"Order\".\"created_at\" has default now(), expected CURRENT_TIMESTAMP" \
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
