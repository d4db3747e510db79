#!/bin/sh
# tests/e2e/95-cov-coll2.t - collations compared, renamed, owned and
# dropped (the leftovers of issue 12's collations).
#
# 1. Drift: a project whose head has an ICU collation (not deterministic)
# and a libc one, used by a column and an index element, upgrades a fresh
# database; diff --url and the migrator's check are clean.  Then a
# collation is changed by hand under the same name (another locale), one
# is dropped (with the column that used it retyped), and one is made that
# the history does not have: the migrator's check and diff --url report
# each (differs / missing / not expected) with the catalog's own spelling,
# and revision --autogenerate --url writes the statements that put them
# back.
#
# 2. alter collation ... rename to (the column and the index element
# follow it) and ... refresh version (no schema effect) up and down on a
# real database, check clean at each step; a drop of a collation a column
# uses is a compile error at the statement, with PostgreSQL's text.
#
# 3. alter collation ... owner to, with compare_owners: modelled, built
# into the scratch schemas (check clean), and an owner changed by hand is
# drift for check and diff --url.
#
# 4. Offline autogenerate of a collation whose definition changed: one
# that no column uses is dropped and created again; one a column uses is
# not written (PostgreSQL cannot alter the definition nor drop it while
# in use): named as what autogenerate cannot write.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start
revfile() { ls "$1"/versions/*"$2"*.mig; }

# ---- 1. drift in collations ----------------------------------------------
mkdir -p "$work/d/versions"
printf 'name = colls\n' >"$work/d/migc.conf"
cat >"$work/d/schema.mig" <<'MIG'
create schema app;
create collation public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
create collation app.bytes from "C";
create table app.person (
    id bigint primary key,
    name text collate public.ci not null,
    code text collate app.bytes
);
create index person_code on app.person (name collate app.bytes);
MIG
ok "the project autogenerates" "$MIGC" -C "$work/d" revision --autogenerate -m colls --rev-id 0c0110000001
ok "and builds" "$MIGC" -C "$work/d" build -o "$work/md"
pg_fresh_db drift
ok "a fresh database upgrades with it" "$work/md" --url "$(e2e_url drift)" upgrade head
out=$("$MIGC" -C "$work/d" diff --url "$(e2e_url drift)" 2>&1)
is "$?:$out" "0:no differences: the database matches schema.mig" "diff --url is clean"
out=$("$work/md" --url "$(e2e_url drift)" check 2>&1)
is "$?" 0 "the migrator's check is clean"
pg_psql -d drift -q -c "
drop index app.person_code;
alter table app.person alter column code type text collate \"C\";
drop collation app.bytes;
alter table app.person alter column name type text collate \"C\";
drop collation public.ci;
create collation public.ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
alter table app.person alter column name type text collate public.ci;
create collation app.extra (locale = 'C');
create index person_code on app.person (name collate \"C\");"
out=$("$work/md" --url "$(e2e_url drift)" check 2>&1)
is "$?" 1 "the migrator's check finds the drift"
contains "$out" "missing in database:
  collation app.bytes
      CREATE COLLATION \"app\".\"bytes\" (provider = libc, locale = 'C')" \
	"a collation dropped by hand is missing, with its catalog spelling"
contains "$out" "not expected:
  collation app.extra
      CREATE COLLATION \"app\".\"extra\" (provider = libc, locale = 'C')" \
	"a collation the history does not have is not expected"
contains "$out" "  collation public.ci
      expected: CREATE COLLATION \"public\".\"ci\" (provider = icu, locale = 'und-u-ks-level2', deterministic = false)
      database: CREATE COLLATION \"public\".\"ci\" (provider = icu, locale = 'und-u-ks-level1', deterministic = false)" \
	"a collation changed by hand under its name differs"
contains "$out" "      expected: \"code\" text COLLATE app.bytes" \
	"a column's collation is shown under the live schema's name"
out=$("$MIGC" -C "$work/d" diff --url "$(e2e_url drift)" 2>&1)
is "$?" 1 "diff --url finds the drift"
contains "$out" "  missing from the database: collation app.bytes" "diff --url: the dropped collation"
contains "$out" "  not in schema.mig: collation app.extra" "diff --url: the extra collation"
contains "$out" "  differs: collation public.ci
      database:   CREATE COLLATION \"public\".\"ci\" (provider = icu, locale = 'und-u-ks-level1', deterministic = false)" \
	"diff --url: the changed collation"
"$MIGC" -C "$work/d" revision --autogenerate --url "$(e2e_url drift)" -m repair --rev-id 0c0110000002 \
	>"$work/out" 2>"$work/err"
is "$?" 0 "revision --autogenerate --url writes the repair"
rev=$(cat "$(revfile "$work/d" 0c0110000002)")
contains "$rev" "execute \$\$ create collation app.bytes (provider = libc, locale = 'C') \$\$;" \
	"the repair creates the dropped collation as the history has it"
contains "$(cat "$work/err")" "migc: warning: not generated, edit the revision by hand: collation \"public.ci\" changes its definition while columns or indexes use it" \
	"a collation changed in place while a column uses it is named, not written"
contains "$rev" "drop collation app.extra" "and drops the one the history does not have"

# a collation alone: the only difference, with a head that has none (the
# predicted catalog read of check) and with one
mkdir -p "$work/e/versions"
printf 'name = plain\n' >"$work/e/migc.conf"
printf 'create table t (id bigint primary key);\n' >"$work/e/schema.mig"
ok "a project without collations autogenerates" \
	"$MIGC" -C "$work/e" revision --autogenerate -m plain --rev-id 0c0110000011
ok "and builds" "$MIGC" -C "$work/e" build -o "$work/me"
pg_fresh_db alone
ok "a fresh database upgrades with it" "$work/me" --url "$(e2e_url alone)" upgrade head
ok "check is clean" "$work/me" --url "$(e2e_url alone)" check
pg_psql -d alone -q -c "create collation public.extra (locale = 'C');"
out=$("$work/me" --url "$(e2e_url alone)" check 2>&1)
is "$?" 1 "a collation made by hand is drift"
contains "$out" "  collation public.extra" "named as not expected"
out=$("$MIGC" -C "$work/e" diff --url "$(e2e_url alone)" 2>&1)
is "$?" 1 "and a difference for diff --url"
pg_fresh_db alone2
ok "the collation project upgrades another fresh database" "$work/md" --url "$(e2e_url alone2)" upgrade head
pg_psql -d alone2 -q -c "drop index app.person_code;
alter table app.person alter column code type text collate \"C\";
drop collation app.bytes;
create collation app.bytes (provider = icu, locale = 'und');
alter table app.person alter column code type text collate app.bytes;
create index person_code on app.person (name collate app.bytes);"
out=$("$work/md" --url "$(e2e_url alone2)" check 2>&1)
is "$?" 1 "a collation remade with another provider under its name is drift"
contains "$out" "      database: CREATE COLLATION \"app\".\"bytes\" (provider = icu, locale = 'und')" \
	"shown with its provider and locale"
lacks "$out" "column app.person" "and nothing else differs"
# ---- 2. rename, refresh version, the refused drop -------------------------
mkdir -p "$work/r/versions"
printf 'name = renames\n' >"$work/r/migc.conf"
cat >"$work/r/versions/0c0110000101_create.mig" <<'MIG'
revision 0c0110000101
parent   base
message  "a collation used by a column and an index"

upgrade {
    create schema app;
    create collation app.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
    create table app.person (id bigint primary key, name text collate app.ci not null);
    create index person_name on app.person (name collate app.ci);
}
MIG
cat >"$work/r/versions/0c0110000102_rename.mig" <<'MIG'
revision 0c0110000102
parent   0c0110000101
message  "renamed and refreshed"

upgrade {
    alter collation app.ci rename to nocase;
    alter collation app.nocase refresh version;
    alter table app.person add column nick text collate app.nocase;
}
MIG
ok "the history with a rename builds" "$MIGC" -C "$work/r" build -o "$work/mr"
pg_fresh_db ren
ok "upgrade head renames the collation" "$work/mr" --url "$(e2e_url ren)" upgrade head
is "$(e2e_q ren "select string_agg(collname, ',' order by collname) from pg_collation c join pg_namespace n on n.oid = c.collnamespace where n.nspname = 'app'")" \
	"nocase" "the database has the renamed collation"
out=$("$work/mr" --url "$(e2e_url ren)" check 2>&1)
is "$?" 0 "check is clean after the rename (the column and index follow it)"
ok "the derived downgrade runs" "$work/mr" --url "$(e2e_url ren)" downgrade 0c0110000101
is "$(e2e_q ren "select string_agg(collname, ',' order by collname) from pg_collation c join pg_namespace n on n.oid = c.collnamespace where n.nspname = 'app'")" \
	"ci" "the downgrade renamed it back"
out=$("$work/mr" --url "$(e2e_url ren)" check 2>&1)
is "$?" 0 "check is clean after the downgrade"
cat >"$work/r/versions/0c0110000103_drop.mig" <<'MIG'
revision 0c0110000103
parent   0c0110000102
message  "drops a collation still in use"

upgrade {
    drop collation app.nocase;
}
MIG
out=$("$MIGC" -C "$work/r" check 2>&1)
is "$?" 1 "dropping a collation a column uses is refused at compile time"
contains "$out" "versions/0c0110000103_drop.mig:6:5: error: cannot drop collation \"nocase\" because other objects depend on it" \
	"with PostgreSQL's error at the statement"
contains "$out" "note: column \"name\" of table \"app.person\" depends on collation \"nocase\"" \
	"and a note for the column"

# ---- 3. owners ----------------------------------------------------------
pg_psql -q -c "create role coll_owner"
mkdir -p "$work/o/versions"
printf 'name = owners\ncompare_owners = true\n' >"$work/o/migc.conf"
cat >"$work/o/versions/0c0110000201_owner.mig" <<'MIG'
revision 0c0110000201
parent   base
message  "a collation with its owner"

upgrade {
    create collation public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
    alter collation public.ci owner to coll_owner;
}

downgrade {
    drop collation public.ci;
}
MIG
cat >"$work/o/schema.mig" <<'MIG'
create collation public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
alter collation public.ci owner to coll_owner;
MIG
ok "check --models is clean with the owner in both" "$MIGC" -C "$work/o" check --models
ok "the owner history builds" "$MIGC" -C "$work/o" build -o "$work/mo"
pg_fresh_db own
ok "and upgrades a fresh database" "$work/mo" --url "$(e2e_url own)" upgrade head
is "$(e2e_q own "select pg_get_userbyid(collowner) from pg_collation where collname = 'ci'")" \
	"coll_owner" "the collation has its owner"
ok "check is clean (the scratch copy has the owner too)" "$work/mo" --url "$(e2e_url own)" check
out=$("$MIGC" -C "$work/o" diff --url "$(e2e_url own)" 2>&1)
is "$?:$out" "0:no differences: the database matches schema.mig" "diff --url is clean"
pg_psql -d own -q -c "alter collation public.ci owner to postgres"
out=$("$work/mo" --url "$(e2e_url own)" check 2>&1)
is "$?" 1 "an owner changed by hand is drift"
contains "$out" "  owner collation public.ci
      expected: ALTER COLLATION \"public\".\"ci\" OWNER TO \"coll_owner\"" \
	"shown as the alter collation that sets it"
out=$("$MIGC" -C "$work/o" diff --url "$(e2e_url own)" 2>&1)
is "$?" 1 "and a difference for diff --url"
contains "$out" "differs: owner collation public.ci" "named by diff --url"

# ---- 4. autogenerate of a changed definition ------------------------------
mkdir -p "$work/g/versions"
printf 'name = gen\n' >"$work/g/migc.conf"
cat >"$work/g/schema.mig" <<'MIG'
create collation used (locale = 'C');
create collation unused (locale = 'C');
create table t (x text collate used);
MIG
ok "the first revision autogenerates" "$MIGC" -C "$work/g" revision --autogenerate -m one --rev-id 0c0110000301
sed -i "s/unused (locale = 'C')/unused (locale = 'POSIX')/" "$work/g/schema.mig"
ok "a changed collation no column uses is written" \
	"$MIGC" -C "$work/g" revision --autogenerate -m two --rev-id 0c0110000302
rev=$(cat "$(revfile "$work/g" 0c0110000302)")
contains "$rev" "DROP COLLATION \"public\".\"unused\";
    CREATE COLLATION \"public\".\"unused\" (locale = 'POSIX');" "as a drop and a create"
sed -i "s/used (locale = 'C')/used (locale = 'POSIX')/" "$work/g/schema.mig"
out=$("$MIGC" -C "$work/g" revision --autogenerate -m three --rev-id 0c0110000303 2>&1)
is "$?" 1 "a changed collation a column uses is not written"
contains "$out" "autogenerate cannot write:
  collation \"public.used\" has a different definition" "and named as what autogenerate cannot write"

done_testing
