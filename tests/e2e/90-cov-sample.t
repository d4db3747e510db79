#!/bin/sh
# tests/e2e/90-cov-sample.t - issue 12's "Done when", whole: a shop's
# database with every object kind at once (tests/e2e/cov/shop.sql: schemas
# with quoted and keyword names, an extension's type, enum, composite and
# range types, domains, standalone and owned sequences, built-in types,
# generated and identity columns, keys, partial, expression and gin indexes,
# a partitioned table with partitions, views, a materialized view,
# functions, a procedure, an aggregate, a trigger, row level security and
# comments) is adopted by init --from-url with nothing left out; revision
# --autogenerate writes its first revision; the project builds; a fresh
# database upgraded by it dumps exactly as the original, object by object;
# diff --url and the migrator's check report nothing; the revision
# downgrades to base and upgrades again.  The per-kind tests (90-cov-*,
# 91-cov-views, 92-cov-parts) go deeper into each kind; this one checks
# that they work together (dependencies across kinds, ordering).
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start

pg_fresh_db orig
ok "the shop's database is made" pg_psql -d orig -q -v ON_ERROR_STOP=1 -f tests/e2e/cov/shop.sql
kinds=$(e2e_q orig "select string_agg(distinct c, ' ' order by c) from (
    select case relkind when 'r' then 'table' when 'p' then 'partitioned' when 'v' then 'view'
        when 'm' then 'matview' when 'S' then 'sequence' when 'i' then 'index' else null end as c
    from pg_class where relnamespace in ('shop'::regnamespace, '\"Audit\"'::regnamespace)) k")
is "$kinds" "index matview partitioned sequence table view" "the original has every kind of relation"

e2e_adopt_roundtrip orig "$work/p" rebuilt "$work/shop-migrate"
is "$(cat "$work/adopt.err")" "" "init --from-url leaves nothing out (no warning, no listing)"
schema=$(cat "$work/p/schema.mig")
for want in "create extension if not exists citext" "create type shop.order_state as enum" \
	"create type shop.address as (" "create type shop.price_range as range" \
	"create domain shop.email as public.citext" "create sequence shop.invoice_no" \
	"generated always as identity" "generated always as (" "partition by range (placed)" \
	"partition of shop.\"order\"" "create view shop.order_summary" \
	"create materialized view shop.best_sellers" "create aggregate shop.sum_total(numeric)" \
	"create procedure shop.close_day" "create trigger product_audit" \
	"create policy own_orders" "enable row level security" "comment on view shop.order_summary"; do
	contains "$schema" "$want" "schema.mig has: $want"
done
is "$(grep -c '^CREATE ' "$work/rebuilt.sql")" "$(grep -c '^CREATE ' "$work/orig.sql")" \
	"object by object: as many CREATE statements on both sides"
lacks "$(cat "$work/adopt-diff.err")" "left out" "diff --url of the original leaves nothing out"

# the trigger, the generated column, the aggregate and the view work
ok "rows go in through the new database" pg_psql -d rebuilt -q -v ON_ERROR_STOP=1 -c "
insert into shop.\"user\" (\"Email\", name) values ('Ann@Example.org', 'Ann');
insert into shop.product (sku, title, price, weight_g) values ('A-1', 'Blue Mug', 7.50, 350);
insert into shop.\"order\" (id, placed, user_id) values (1, '2026-03-01', 1);
insert into shop.line (order_id, placed, product_id, n) values (1, '2026-03-01', 1, 2);
refresh materialized view shop.best_sellers"
is "$(e2e_q rebuilt "select total from shop.order_summary")" "15.00" "the view sums through the aggregate"
is "$(e2e_q rebuilt "select weight_kg, search from shop.product")" "0.35000000000000000000|'blue':1 'mug':2" \
	"the generated columns are computed"
is "$(e2e_q rebuilt "select what from \"Audit\".log")" "product INSERT" "the trigger wrote its log line"
is "$(e2e_q rebuilt "select tableoid::regclass from shop.\"order\"")" "shop.order_2026" "the row went to its partition"
is "$(e2e_q rebuilt "select invoice from shop.\"order\"")" "1000" "the standalone sequence gave the invoice number"

ok "the adopted revision downgrades to base" "$work/shop-migrate" --url "$(e2e_url rebuilt)" downgrade base
is "$(e2e_q rebuilt "select count(*) from pg_namespace where nspname in ('shop', 'Audit')")" 0 "nothing of the shop is left at base"
ok "and upgrades again" "$work/shop-migrate" --url "$(e2e_url rebuilt)" upgrade head
e2e_dump rebuilt >"$work/again.sql"
ok "to the same schema" diff -u "$work/orig.sql" "$work/again.sql"

done_testing
