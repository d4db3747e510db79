#!/bin/sh
# tests/e2e/90-cov-constraints.t - the forms of issue 12's corpus that were
# syntax errors (corpus2): policies whose expressions are subqueries, shell
# types (create type t;), detach partition ... concurrently, and alter
# constraint ... [not] deferrable, and add constraint ... unique using index.  A
# database built with plain SQL (quoted, mixed-case and keyword names) is
# adopted with `migc init --from-url`; the adopted project builds,
# upgrades a fresh database that dumps exactly as the original (pg_dump
# --schema-only); `diff --url` and the migrator's `check` are clean; a
# no_transaction revision that completes the shell types and detaches a
# partition concurrently checks, runs, and its derived downgrade leaves
# the database as it was; so does one that alters foreign keys'
# deferrability (alter table ... alter constraint).
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..22"

e2e_pg_start

pg_fresh_db orig
cat >"$work/load.sql" <<'SQL'
CREATE SCHEMA "Docs";
CREATE TABLE "Docs"."Team" (id bigint PRIMARY KEY, "User" text NOT NULL);
CREATE TABLE "Docs"."order" (id bigint NOT NULL, team bigint, "Day" date NOT NULL)
    PARTITION BY RANGE ("Day");
CREATE TABLE "Docs".order_2020 PARTITION OF "Docs"."order"
    FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE "Docs"."Order_2021" PARTITION OF "Docs"."order"
    FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
ALTER TABLE "Docs"."order" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Team rows" ON "Docs"."order"
    USING (team IN (SELECT t.id FROM "Docs"."Team" t WHERE t."User" = CURRENT_USER))
    WITH CHECK (EXISTS (SELECT 1 FROM "Docs"."Team" WHERE "Team".id = "order".team));
CREATE POLICY "select" ON "Docs"."order" FOR SELECT
    USING (id = ANY (ARRAY(SELECT "Team".id FROM "Docs"."Team")));
CREATE TABLE "Docs"."Member" (id bigint PRIMARY KEY,
    team bigint CONSTRAINT "Member_Team" REFERENCES "Docs"."Team" DEFERRABLE INITIALLY DEFERRED,
    "order" bigint CONSTRAINT "select" REFERENCES "Docs"."Team");
CREATE TYPE "Docs"."Pending";
CREATE TYPE "Docs"."user";
CREATE TYPE later;
SQL
ok "the database loads" pg_psql -d orig -f "$work/load.sql"

e2e_adopt_roundtrip orig "$work/adopted" rebuilt "$work/migrate"
s=$(cat "$work/adopted/schema.mig")
contains "$s" 'create type "Docs"."Pending";' "schema.mig has the shell types"
contains "$s" 'using ((team in ( select t.id' "and the policies' subqueries"
lacks "$(cat "$work/adopt.err"; grep '^--' "$work/adopted/schema.mig")" "type" \
	"no type is listed as unsupported"
contains "$s" 'constraint "Member_Team" foreign key (team) references "Docs"."Team" (id) deferrable initially deferred' \
	"and the deferrable foreign key"

# ---- a no_transaction revision, and its derived downgrade -------------------
cat >"$work/adopted/versions/0b0c0d0e0f10_more.mig" <<'EOF2'
revision 0b0c0d0e0f10
parent   0a0b0c0d0e0f
message  "complete the shells, detach concurrently"
no_transaction

upgrade {
    create type "Docs"."Pending" as (id int, "Note" text);
    create type "Docs"."user" as range (subtype = int4);
    alter table "Docs"."order" detach partition "Docs"."Order_2021" concurrently;
    create table "Docs".queue (p "Docs"."Pending", r "Docs"."user");
    drop policy "select" on "Docs"."order";
    alter table "Docs"."Member" alter constraint "Member_Team" not deferrable;
    alter table "Docs"."Member" alter constraint "select" deferrable;
    create unique index "Member_order_idx" on "Docs"."Member" ("order");
    alter table "Docs"."Member" add constraint "Member_Order_key" unique using index "Member_order_idx"
        deferrable initially deferred;
    create policy "Mine" on "Docs"."Team" for update
        using ("User" in (select "User" from "Docs"."Team" where id > 0 /* ) */));
}
EOF2
e2e_revision_roundtrip "$work/adopted" "$work/migrate2" rebuilt 0a0b0c0d0e0f "$work/orig.sql"
[ "$_tap_failed" -eq 0 ]
