#!/bin/sh
# tests/e2e/92-cov-parts.t - partitioned tables and partitions, known to
# the model (issue 12): a database built with plain SQL (range, list and
# hash partitioning, a sub-partitioned partition, a default partition, an
# attached table, an index and a primary key on a parent, row level
# security enabled and forced, policies, quoted, mixed-case and keyword names) is
# adopted with `migc init --from-url`;
# the adopted project builds, upgrades a fresh database that dumps exactly
# as the original (pg_dump --schema-only, every object); `diff --url` and
# the migrator's `check` are clean on both; the per-partition indexes and
# key constraints PostgreSQL makes are not reported as extra; a revision
# with partition of / attach / detach / alter table only / row level
# security checks, runs,
# and its derived downgrade leaves the database as it was.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..24"

e2e_pg_start

pg_fresh_db orig
cat >"$work/load.sql" <<'SQL'
CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Order" (
    id bigint NOT NULL,
    "placedOn" date NOT NULL,
    "table" text,
    amount numeric(10,2) DEFAULT 0,
    CONSTRAINT "Order_pkey" PRIMARY KEY (id, "placedOn"),
    CONSTRAINT positive CHECK (amount >= 0)
) PARTITION BY RANGE ("placedOn");
CREATE TABLE "Sales"."Order_2020" PARTITION OF "Sales"."Order"
    FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE "Sales".order_rest PARTITION OF "Sales"."Order" DEFAULT;
CREATE TABLE "Sales"."Order_2021" ("table" text, amount numeric(10,2) DEFAULT 0,
    "placedOn" date NOT NULL, id bigint NOT NULL, CONSTRAINT positive CHECK (amount >= 0));
ALTER TABLE "Sales"."Order" ATTACH PARTITION "Sales"."Order_2021"
    FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
CREATE INDEX "Order_table_idx" ON "Sales"."Order" ("table");
CREATE TABLE "user" ("select" text NOT NULL, n integer) PARTITION BY LIST ("select");
CREATE TABLE user_ab PARTITION OF "user" FOR VALUES IN ('a', 'b') PARTITION BY HASH (n);
CREATE TABLE user_ab0 PARTITION OF user_ab FOR VALUES WITH (modulus 2, remainder 0);
CREATE TABLE user_ab1 PARTITION OF user_ab FOR VALUES WITH (modulus 2, remainder 1);
CREATE TABLE user_c PARTITION OF "user" FOR VALUES IN ('c');
CREATE INDEX user_c_n_idx ON user_c (n);
CREATE TABLE span (lo integer NOT NULL, note text) PARTITION BY RANGE (lo);
CREATE TABLE span_low PARTITION OF span FOR VALUES FROM (MINVALUE) TO (0);
CREATE TABLE span_high PARTITION OF span FOR VALUES FROM (0) TO (MAXVALUE);
COMMENT ON TABLE span IS 'ranges';
ALTER TABLE span ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Sales"."Order" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE "user" FORCE ROW LEVEL SECURITY;
CREATE ROLE "Reader";
CREATE POLICY "own rows" ON span FOR SELECT TO "Reader", public USING (lo > 0);
CREATE POLICY strict ON "Sales"."Order" AS RESTRICTIVE FOR UPDATE
    USING (amount < 1000) WITH CHECK (amount >= 0);
CREATE POLICY ins ON "user" FOR INSERT TO current_user WITH CHECK (n > 0);
SQL
ok "the partitioned database loads" pg_psql -d orig -f "$work/load.sql"

e2e_adopt_roundtrip orig "$work/adopted" rebuilt "$work/migrate"
lacks "$(cat "$work/adopt.err"; grep '^--' "$work/adopted/schema.mig")" "partition" \
	"no partition or partitioned table is listed as unsupported"
contains "$(cat "$work/adopted/schema.mig")" 'partition of "Sales"."Order" for values from' \
	"schema.mig has the partitions"
contains "$(cat "$work/adopted/schema.mig")" 'alter table "Sales"."Order" force row level security' \
	"and the row level security flags"
contains "$(cat "$work/adopted/schema.mig")" 'create policy strict on "Sales"."Order" as restrictive for update' \
	"and the policies"
# (the migrator's check above was clean: the indexes and key constraints
# PostgreSQL makes on each partition are not extra)

# ---- a revision with the native statements, and its derived downgrade -------------------
cat >"$work/adopted/versions/0b0c0d0e0f10_more.mig" <<'EOF2'
revision 0b0c0d0e0f10
parent   0a0b0c0d0e0f
message  "more partitions"

upgrade {
    create table "Sales"."Order_2022" partition of "Sales"."Order"
        for values from ('2022-01-01') to ('2023-01-01');
    alter table "Sales"."Order" detach partition "Sales"."Order_2020";
    alter table "Sales"."Order" add column "Note" text;
    alter table only span alter column note set default 'n';
    alter table "user" detach partition user_c;
    alter table "user" attach partition user_c for values in ('c', 'd');
    alter table span disable row level security;
    alter table only "user" no force row level security, enable row level security;
    drop policy strict on "Sales"."Order";
    alter policy "own rows" on span rename to "Own";
    create policy "all" on span as permissive for all to "Reader" using (note is null);
}
EOF2
# (the migrator's check is clean after it: the new column reached the partitions)
e2e_revision_roundtrip "$work/adopted" "$work/migrate2" rebuilt 0a0b0c0d0e0f "$work/orig.sql"
pg_psql -d rebuilt -c 'ALTER TABLE span DISABLE ROW LEVEL SECURITY' >/dev/null
out=$("$work/migrate2" --url "$(e2e_url rebuilt)" check 2>&1)
is "$?" 1 "the migrator's check sees row level security turned off by hand"
contains "$out" "row security public.span" "and names it"
[ "$_tap_failed" -eq 0 ]
