#!/bin/sh
# tests/e2e/95-cov-cov6.t - issue 12, schema elements and drop schema of
# several schemas (docs/language.md, Schemas).  A database built with psql
# by `create schema S create table ... create index ...` (a partitioned
# table, a partition, foreign keys to tables of S named unqualified),
# with a view, a sequence and a trigger as elements too, is adopted by
# init --from-url with nothing left out; the adopted project
# builds and a fresh database upgraded by it dumps exactly alike; diff
# --url and the migrator's check are clean.  A revision that uses the same
# forms and `drop schema a, b cascade` gives the database psql gives with
# the same statements, its check is clean, and its derived downgrade
# leaves the database exactly as it was.  So does one that moves tables to
# another schema (alter table ... set schema): a serial column's sequence,
# indexes, a foreign key to it from another table and one to itself
# follow; a later statement finds the table in its new schema.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..31"

e2e_pg_start

pg_fresh_db orig
cat >"$work/load.sql" <<'SQL'
CREATE TABLE public.pkey (a bigint PRIMARY KEY);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE SCHEMA "App"
    CREATE INDEX "Fk_a" ON "Fk" (a)
    CREATE TABLE pkey (a bigint PRIMARY KEY, "Note" text)
    CREATE TABLE "Fk" (a bigint REFERENCES pkey ON DELETE CASCADE,
        b bigint REFERENCES public.pkey, PRIMARY KEY (a, b)) PARTITION BY LIST (a)
    CREATE TABLE fk_1 PARTITION OF "Fk" FOR VALUES IN (1, 2)
    CREATE TABLE fk_2 PARTITION OF "App"."Fk" FOR VALUES IN (3)
    CREATE VIEW "Notes" AS SELECT p."Note", f.b FROM pkey p JOIN "Fk" f USING (a)
    CREATE SEQUENCE note_ids START 10
    CREATE TRIGGER "Touch" BEFORE UPDATE ON pkey FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE SCHEMA gone1;
CREATE SCHEMA gone2 CREATE TABLE t (id bigint PRIMARY KEY, p bigint REFERENCES public.pkey);
SQL
ok "the database loads" pg_psql -d orig -q -f "$work/load.sql"

# as_psql REV PARENT NAME: revision REV (child of PARENT) of the adopted
# project runs $work/NAME.sql; its round trip (e2e_revision_roundtrip, down
# to the adopted revision), then psql runs the same file on the original
# and the database, upgraded to head again, dumps as it; 9 checks.
as_psql() {
	{
		printf 'revision %s\nparent   %s\nmessage  "%s"\n\nupgrade {\n' "$1" "$2" "$3"
		cat "$work/$3.sql"
		printf '}\n'
	} >"$work/adopted/versions/$1_$3.mig"
	e2e_revision_roundtrip "$work/adopted" "$work/migrate-$3" rebuilt 0a0b0c0d0e0f "$work/orig.sql"
	ok "psql runs $3.sql on the original" pg_psql -d orig -q -f "$work/$3.sql"
	ok "the database upgrades to head again" "$work/migrate-$3" --url "$(e2e_url rebuilt)" upgrade head
	e2e_dump orig >"$work/orig-$3.dump"
	e2e_dump rebuilt >"$work/rebuilt-$3.dump"
	ok "both dump alike after $3.sql" diff -u "$work/orig-$3.dump" "$work/rebuilt-$3.dump"
}

e2e_adopt_roundtrip orig "$work/adopted" rebuilt "$work/migrate"
lacks "$(cat "$work/adopt.err")" "cannot express" "nothing is left out"

# ---- a revision with the same forms, and its derived downgrade ---------------
cat >"$work/more.sql" <<'SQL'
drop schema gone1, gone2 cascade;
create schema "Log" authorization current_user
    create table entry (id bigint, at date, primary key (id, at)) partition by range (at)
    create index entry_at on entry (at)
    create table entry_2020 partition of entry for values from ('2020-01-01') to ('2021-01-01')
    create table ref (e bigint, at date, k bigint references "App".pkey,
        foreign key (e, at) references entry)
    create view recent as select e.id, r.k from entry e join ref r on r.e = e.id
    create sequence ids;
SQL
as_psql 0b0c0d0e0f10 0a0b0c0d0e0f more

# ---- alter table ... set schema ----------------------------------------------
cat >"$work/move.sql" <<'SQL'
create table public.item (id serial primary key, parent int references item, "Name" text unique);
create index item_name_lower on public.item (lower("Name"));
create table public.bag (id bigint primary key, item int references public.item on delete cascade);
alter table public.item set schema "App";
alter table "App".item add column weight int check (weight > 0);
alter table bag set schema "Log";
SQL
# (the derived downgrade moves them back)
as_psql 0c0d0e0f1011 0b0c0d0e0f10 move
[ "$_tap_failed" -eq 0 ]
