#!/bin/sh
# tests/e2e/91-cov-matview.t - indexes on materialized views, and
# comments on views, materialized views, functions, procedures,
# aggregates, triggers, domains, composite and range types, end to end.
#
# A database built with plain SQL (tests/e2e/matview/app.sql: a unique,
# an expression and partial, a brin index and an unnamed one on two
# materialized views, in two schemas, one index with a comment; a comment
# on each object kind above) is adopted with `migc init --from-url`:
# every index is in schema.mig, after its view, and every comment.  The adopted project builds, a fresh database upgraded
# with it dumps exactly as the original (pg_dump --schema-only), and
# `migc diff --url` and the migrator's `check` find no difference.  A
# revision dropping, renaming and adding matview indexes (its downgrade
# derived) upgrades and downgrades back to the same dump; an index
# dropped and a comment changed by hand are reported by `check` and by
# `diff --url`.  A revision changing each kind's comment inverts to the
# previous comments.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start

pg_fresh_db orig
pg_psql -d orig -v ON_ERROR_STOP=1 -f tests/e2e/matview/app.sql >/dev/null
e2e_adopt_roundtrip orig "$work/p" rebuilt "$work/m"
schema=$(cat "$work/p/schema.mig")
lacks "$schema" "--   index" "no index is left out of schema.mig"
contains "$schema" 'create unique index totals_id on "Reports".totals (id);' "the unique index is adopted"
contains "$schema" 'create index totals_name_lower on "Reports".totals ((lower(name))) where' \
	"the expression and partial index is adopted"
contains "$schema" "comment on index \"Reports\".totals_id is 'refresh concurrently needs it';" \
	"its comment is adopted"
lacks "$schema" "--   comment" "no comment is left out"
for c in "comment on view recent is 'this year''s sales';" \
	"comment on materialized view \"Reports\".totals is 'per customer';" \
	"comment on procedure \"Reports\".refresh() is 'nightly';" \
	"comment on aggregate total_of(numeric) is 'a sum';" \
	"comment on trigger sale_touch on sale is 'keeps rows fresh';" \
	"comment on domain positive is 'greater than zero';" \
	"comment on type money_range is 'a price band';" \
	"comment on type address is 'where to ship';"; do
	contains "$schema" "$c" "adopted: $c"
done
contains "$(grep '^comment on function add_tax(' "$work/p/schema.mig")" "is 'gross from net';" \
	"adopted: the comment on function add_tax"

# a revision changing matview indexes, its downgrade derived
cat >"$work/p/versions/0a0b0c0d0e02_idx.mig" <<'MIG'
revision 0a0b0c0d0e02
parent   0a0b0c0d0e0f
message  "matview indexes"

upgrade {
    drop index "Reports".totals_last;
    alter index "Reports".totals_name_lower rename to totals_name;
    create index big_sales_id on big_sales (id) include (amount);
    comment on index "Reports".totals_id is 'unique';
    drop materialized view big_sales;
    comment on view recent is null;
    comment on materialized view "Reports".totals is 'changed';
    comment on function add_tax(numeric, integer) is 'changed';
    comment on procedure "Reports".refresh is null;
    comment on aggregate total_of(numeric) is 'changed';
    comment on trigger sale_touch on sale is 'changed';
    comment on domain positive is 'changed';
    comment on type money_range is null;
    comment on type address is 'changed';
    drop function touch() cascade;
}
MIG
e2e_revision_roundtrip "$work/p" "$work/m" rebuilt 0a0b0c0d0e0f "$work/orig.sql"
rm "$work/p/versions/0a0b0c0d0e02_idx.mig"
ok "the project builds at the adoption again" "$MIGC" -C "$work/p" build -o "$work/m"

# drift: an index dropped and comments changed by hand
pg_psql -d rebuilt -c 'DROP INDEX "Reports".totals_last' \
	-c "COMMENT ON INDEX \"Reports\".totals_id IS 'changed'" \
	-c "COMMENT ON VIEW recent IS 'changed'" >/dev/null
out=$("$work/m" --url "$(e2e_url rebuilt)" check 2>&1)
is "$?" 1 "a dropped matview index and a changed comment are drift for check"
contains "$out" "totals_last" "check names the dropped index"
contains "$out" "comment view public.recent" "check names the changed view comment"
out=$("$MIGC" -C "$work/p" diff --url "$(e2e_url rebuilt)" 2>&1)
contains "$out" 'missing from the database: index Reports.totals_last' "diff --url reports the dropped index"
contains "$out" 'differs: comment index Reports.totals_id' "diff --url reports the changed index comment"
contains "$out" 'differs: comment view public.recent' "diff --url reports the changed view comment"
done_testing
