#!/bin/sh
# tests/e2e/95-cov-cov5.t - exclusion constraints (a booking schema with
# btree_gist: ranges that must not overlap per room, with WHERE, INCLUDE,
# an expression element and deferrability) and foreign keys with ON
# DELETE SET NULL | SET DEFAULT (columns), PostgreSQL 15.  A database built
# with plain SQL is adopted with `migc init --from-url` (nothing listed as
# unsupported); the adopted project builds, upgrades a fresh database that
# dumps exactly as the original (pg_dump --schema-only); `diff --url` and
# the migrator's `check` are clean; a revision that adds and drops
# exclusion constraints runs, and its derived downgrade leaves the
# database as it was; `diff --url` sees an exclusion constraint changed
# behind migc's back; autogenerate drops and adds a changed one and writes
# a new table's, and the result upgrades and checks clean; a comment on a
# domain's constraint (plain SQL, not in the model) is listed as left out.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..33"

e2e_pg_start

pg_fresh_db orig
cat >"$work/load.sql" <<'SQL'
CREATE EXTENSION btree_gist;
CREATE SCHEMA "Booking";
CREATE TABLE "Booking".room (id bigint PRIMARY KEY, tenant bigint NOT NULL,
    UNIQUE (tenant, id));
CREATE TABLE "Booking"."Reservation" (
    id bigint PRIMARY KEY,
    tenant bigint DEFAULT 0,
    room_id bigint,
    "During" tstzrange NOT NULL,
    note text,
    EXCLUDE USING gist (room_id WITH =, "During" WITH &&) WHERE (note IS NULL),
    CONSTRAINT "No overlap" EXCLUDE USING gist (tenant WITH =, "During" WITH &&)
        INCLUDE (note) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (tenant, room_id) REFERENCES "Booking".room (tenant, id)
        ON DELETE SET NULL (room_id),
    CONSTRAINT dflt FOREIGN KEY (tenant, room_id) REFERENCES "Booking".room (tenant, id)
        ON DELETE SET DEFAULT (tenant)
);
ALTER TABLE "Booking"."Reservation" ADD EXCLUDE ((lower(note)) WITH =);
CREATE TABLE circles (c circle, EXCLUDE USING gist (c WITH &&));
SQL
ok "the database loads" pg_psql -d orig -f "$work/load.sql"

e2e_adopt_roundtrip orig "$work/adopted" rebuilt "$work/migrate"
s=$(cat "$work/adopted/schema.mig")
contains "$s" 'constraint "No overlap" exclude using gist (tenant with =, "During" with &&) include (note) deferrable initially deferred' \
	"schema.mig has the exclusion constraint with include and deferrable"
contains "$s" 'where ((note is null))' "and the one with a where clause"
contains "$s" 'on delete set null (room_id)' "and on delete set null (room_id)"
lacks "$(cat "$work/adopt.err"; grep '^--' "$work/adopted/schema.mig")" "exclusion" \
	"no exclusion constraint is listed as unsupported"

# ---- a revision adding and dropping them, and its derived downgrade --------
cat >"$work/adopted/versions/0b0c0d0e0f10_more.mig" <<'EOF2'
revision 0b0c0d0e0f10
parent   0a0b0c0d0e0f
message  "more exclusion"

upgrade {
    alter table "Booking"."Reservation" drop constraint "No overlap";
    alter table "Booking"."Reservation" add constraint span
        exclude using gist ("During" with operator(pg_catalog.&&), tenant with =) where (tenant > 0);
    alter table "Booking"."Reservation" rename column note to memo;
    alter table "Booking"."Reservation" drop constraint dflt;
}
EOF2
e2e_revision_roundtrip "$work/adopted" "$work/migrate2" rebuilt 0a0b0c0d0e0f "$work/orig.sql"

# ---- drift: a constraint changed behind migc's back ---------------------------
pg_psql -d orig -c 'ALTER TABLE circles DROP CONSTRAINT circles_c_excl;
    ALTER TABLE circles ADD CONSTRAINT circles_c_excl EXCLUDE USING gist (c WITH ~=)' >/dev/null
out=$("$MIGC" -C "$work/adopted" diff --url "$(e2e_url orig)" 2>&1)
contains "$out" 'circles_c_excl' "diff --url reports the changed exclusion constraint"
# ---- autogenerate: a changed exclusion constraint, a new table with one ----
rm "$work/adopted/versions/0b0c0d0e0f10_more.mig"
sed 's/(c with &&)/(c with ~=)/' "$work/adopted/schema.mig" >"$work/schema.new"
cat >>"$work/schema.new" <<'EOF3'
create table "Booking".desk (id bigint primary key, during tsrange,
    exclude using gist (during with &&) where (id > 0));
EOF3
mv "$work/schema.new" "$work/adopted/schema.mig"
ok "revision --autogenerate writes the change" \
	"$MIGC" -C "$work/adopted" revision --autogenerate -m "change" --rev-id 0c0d0e0f1011
r=$(cat "$work/adopted/versions/0c0d0e0f1011_change.mig")
contains "$r" 'alter table circles drop constraint circles_c_excl;' "it drops the changed constraint"
contains "$r" 'alter table circles add constraint circles_c_excl exclude using gist (c with ~=);' \
	"and adds it again"
contains "$r" 'constraint desk_during_excl exclude using gist (during with &&) where (id > 0)' "the new table has its own"
ok "check --models is clean after it" "$MIGC" -C "$work/adopted" check --models
ok "it builds" "$MIGC" -C "$work/adopted" build -o "$work/migrate3"
ok "the rebuilt database upgrades to it" "$work/migrate3" --url "$(e2e_url rebuilt)" upgrade head
out=$("$work/migrate3" --url "$(e2e_url rebuilt)" check 2>&1)
is "$?" 0 "check is clean after it"
# ---- a comment on a domain's constraint is listed, not dropped silently ----
pg_fresh_db dom
pg_psql -d dom -c "CREATE DOMAIN posint AS int CONSTRAINT positive CHECK (VALUE > 0);
    COMMENT ON CONSTRAINT positive ON DOMAIN posint IS 'must be positive'" >/dev/null
"$MIGC" init --from-url "$(e2e_url dom)" "$work/dom" >"$work/out" 2>"$work/err"
is "$?" 0 "init --from-url adopts a domain whose constraint has a comment"
contains "$(cat "$work/err"; grep '^--' "$work/dom/schema.mig")" \
	'comment on a constraint of domain public.posint.positive' "and lists the comment as left out"
[ "$_tap_failed" -eq 0 ]
