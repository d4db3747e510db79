#!/bin/sh
# tests/e2e/99-tenant-schema.t - the migrator's --schema NAME: one schema
# per tenant (issue 16, docs/migrator.md "Tenant schemas", docs/scale.md).
#
# 20 tenant schemas (keywords, names that need quoting, mixed case,
# non-ASCII, an embedded double quote) are upgraded one by one: each has
# the project's tables, enum and version table, public stays empty, the
# execute body (which relies on search_path) wrote into the tenant; one is
# downgraded; check is clean for each and finds drift made in one tenant
# only; PGOPTIONS=-csearch_path=other redirects nothing; two tenants
# upgrade at the same time (the lock key includes the schema); a project
# with a second schema of its own maps only its default schema; sql
# --schema prints the tenant's script (the migrator's and migc sql's
# identical) and psql runs it; a version_table qualified in migc.conf and
# a tenant named like another project schema are refused.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

# ---- projects ---------------------------------------------------------------
P=$work/saas
mkdir -p "$P/versions"
printf 'name = saas\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create type mood as enum ('happy', 'sad');
    create table users (
        id serial primary key,
        name text not null,
        mood mood not null default 'happy'
    );
    create table posts (
        id serial primary key,
        user_id integer not null references users (id) on delete cascade,
        title text not null
    );
    create index posts_user_idx on posts (user_id);
    comment on table users is 'people';
}
MIG
cat >"$P/versions/000000000002_email.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "email"

upgrade {
    alter table users add column email varchar(200);
    create unique index users_email_idx on users (email);
}
MIG
cat >"$P/versions/000000000003_seed.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "seed"

upgrade {
    execute $$ insert into users (name) values ('seed') $$;
}
downgrade {
    execute $$ delete from users where name = 'seed' $$;
}
MIG

# default schema app, and a schema of its own ("shared") that never maps
M2=$work/multi
mkdir -p "$M2/versions"
printf 'name = multi\ndefault_schema = app\n' >"$M2/migc.conf"
cat >"$M2/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create schema shared;
    create table shared.plans (id integer primary key);
    create table items (
        id serial primary key,
        plan_id integer references shared.plans (id)
    );
    create table app.notes (id serial primary key, item_id integer references app.items (id));
}
MIG

# one slow revision, for two tenants at once
SL=$work/slow
mkdir -p "$SL/versions"
printf 'name = slow\n' >"$SL/migc.conf"
cat >"$SL/versions/000000000001_slow.mig" <<'MIG'
revision 000000000001
parent   base
message  "slow"

upgrade {
    create table t (id integer);
    execute $$ select pg_sleep(3) $$;
}
downgrade {
    drop table t;
}
MIG

# a version table that names its schema
QV=$work/qualified
mkdir -p "$QV/versions"
printf 'name = qualified\nversion_table = public.versions\n' >"$QV/migc.conf"
cp "$SL/versions/000000000001_slow.mig" "$QV/versions/"

ok "migc build: saas" "$MIGC" -C "$P" build -o "$work/saas-migrate"
ok "migc build: multi" "$MIGC" -C "$M2" build -o "$work/multi-migrate"
ok "migc build: slow" "$MIGC" -C "$SL" build -o "$work/slow-migrate"
ok "migc build: qualified" "$MIGC" -C "$QV" build -o "$work/qualified-migrate"
S=$work/saas-migrate

e2e_pg_start
pg_fresh_db tenants
url() { echo "postgresql:///${1:-tenants}?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
U=$(url)
q() { pg_psql -d tenants -c "$1"; }
# the name as an SQL identifier and as a literal
qi() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }
ql() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

cat >"$work/names" <<'EOF_NAMES'
acme
select
user
order
Tenant One
MixedCase
UPPER
a"b
it's
with.dot
x-y
123abc
spaced name 
ünïcødé
日本語
Ωmega
t_01
t_02
from
CamelCase2
EOF_NAMES
n_names=$(wc -l <"$work/names")
is "$n_names" 20 "20 tenant names"

# ---- 20 tenants, one by one --------------------------------------------------
up=0 vt=0 seeded=0 cur=0 types=0
while IFS= read -r t; do
	if "$S" --url "$U" --schema "$t" -q upgrade head >"$work/out" 2>&1; then
		up=$((up + 1))
	else
		sed 's/^/#   /' "$work/out"
	fi
	[ "$(q "select count(*) from $(qi "$t").migc_version")" = 3 ] && vt=$((vt + 1))
	[ "$(q "select name from $(qi "$t").users")" = seed ] && seeded=$((seeded + 1))
	[ "$(q "select count(*) from pg_type where typname = 'mood' and typnamespace = (select oid from pg_namespace where nspname = $(ql "$t"))")" = 1 ] &&
		types=$((types + 1))
	case $("$S" --url "$U" --schema "$t" current 2>&1) in
	*000000000003*) cur=$((cur + 1)) ;;
	esac
done <"$work/names"
is "$up" 20 "upgrade --schema succeeds for all 20 tenants"
is "$vt" 20 "each tenant's version table is in its own schema with 3 rows"
is "$seeded" 20 "the execute body (search_path) wrote into each tenant's users"
is "$types" 20 "each tenant has its own enum type"
is "$cur" 20 "current --schema reports the head for each tenant"
is "$(q "select count(*) from pg_class where relname = 'migc_version'")" 20 \
	"exactly 20 version tables, none outside the tenants"
is "$(q "select count(*) from pg_class where relnamespace = 'public'::regnamespace")" 0 \
	"public holds no relation"
is "$(q "select count(*) from pg_type where typnamespace = 'public'::regnamespace")" 0 \
	"public holds no type"
is "$(q "select count(*) from pg_indexes where schemaname = 'Tenant One'")" 5 \
	"the indexes went into the tenant with their tables"
is "$(q "select confrelid::regclass::text from pg_constraint where contype = 'f' and connamespace = 'a\"b'::regnamespace")" \
	'"a""b".users' "a foreign key points into its own tenant"

# ---- one tenant down ---------------------------------------------------------
ok "downgrade --schema 'Tenant One' -1" "$S" --url "$U" --schema "Tenant One" -q downgrade -1
is "$(q 'select count(*) from "Tenant One".migc_version')" 2 "the downgraded tenant has 2 rows"
is "$(q 'select count(*) from "Tenant One".users')" 0 "its downgrade ran in the tenant"
is "$(q 'select count(*) from "MixedCase".migc_version'),$(q 'select count(*) from "MixedCase".users')" \
	"3,1" "the other tenants are untouched"
out=$("$S" --url "$U" --schema "Tenant One" history 2>&1)
contains "$out" "000000000003" "history --schema lists the revisions"

out=$("$S" --schema "Tenant One" show 000000000001 2>&1)
contains "$out" 'CREATE TABLE "Tenant One"."posts" (' "show --schema prints the tenant's statements"
offline=0
for c in heads branches "history --offline"; do
	# shellcheck disable=SC2086
	"$S" --schema "Tenant One" $c >/dev/null 2>&1 && offline=$((offline + 1))
done
is "$offline" 3 "heads, branches and history --offline accept --schema"
ok "accept-checksum --schema --all" "$S" --url "$U" --schema "Tenant One" accept-checksum --all

# ---- check per tenant --------------------------------------------------------
clean=0
while IFS= read -r t; do
	if "$S" --url "$U" --schema "$t" check >"$work/out" 2>&1; then
		clean=$((clean + 1))
	else
		sed 's/^/#   /' "$work/out" | head -20
	fi
done <"$work/names"
is "$clean" 20 "check --schema is clean for all 20 tenants"
q 'alter table "日本語".posts add column drift_extra integer' >/dev/null
"$S" --url "$U" --schema "日本語" check >"$work/out" 2>&1
is "$?" 1 "check --schema finds drift made in that tenant"
contains "$(cat "$work/out")" "drift_extra" "and names the column"
ok "check --schema of another tenant stays clean" "$S" --url "$U" --schema "Ωmega" check
"$S" --url "$U" check >"$work/out" 2>&1
is "$?" 0 "check without --schema looks at public (empty, nothing applied)"
is "$(q "select count(*) from pg_namespace where nspname like 'migc\_expected\_%'")" 0 \
	"no scratch schema is left"

# ---- stamp, and PGOPTIONS --------------------------------------------------------
ok "stamp --schema head" "$S" --url "$U" --schema stamped -q stamp head
is "$(q 'select count(*) from stamped.migc_version')" 3 "stamp wrote the tenant's version table"
q 'create schema other' >/dev/null
PGOPTIONS=-csearch_path=other "$S" --url "$U" --schema redirect -q upgrade head >"$work/out" 2>&1
is "$?" 0 "upgrade --schema with PGOPTIONS=-csearch_path=other"
is "$(q "select count(*) from pg_class where relnamespace = 'other'::regnamespace")" 0 \
	"nothing went into the search_path of PGOPTIONS"
is "$(q 'select count(*) from redirect.migc_version'),$(q 'select count(*) from redirect.users')" \
	"3,1" "everything went into the tenant"

# ---- the lock key includes the schema: two tenants at once ---------------------
"$work/slow-migrate" --url "$U" --schema slow_a upgrade head >"$work/a.out" 2>&1 &
pa=$!
"$work/slow-migrate" --url "$U" --schema slow_b upgrade head >"$work/b.out" 2>&1 &
pb=$!
both=0
i=0
while [ $i -lt 50 ]; do
	n=$(q "select count(*) from pg_stat_activity where query like '%pg_sleep(3)%' and pid <> pg_backend_pid()")
	if [ "$n" = 2 ]; then both=1; break; fi
	sleep 0.1
	i=$((i + 1))
done
wait $pa; ra=$?
wait $pb; rb=$?
is "$ra,$rb" "0,0" "two tenants upgraded in parallel both succeed"
is "$both" 1 "both ran their revision at the same time (not serialized by the lock)"
lacks "$(cat "$work/a.out" "$work/b.out")" "waiting for another migrator" "neither waited for the other's lock"
# the same tenant twice is still serialized
"$work/slow-migrate" --url "$U" --schema slow_c upgrade head >"$work/c.out" 2>&1 &
pc=$!
e2e_wait_for tenants "select exists (select 1 from pg_stat_activity
    where query like '%pg_sleep(3)%' and pid <> pg_backend_pid())" ||
	echo "# the first migrator never ran its revision"
"$work/slow-migrate" --url "$U" --schema slow_c upgrade head >"$work/d.out" 2>&1
rd=$?
wait $pc; rc=$?
is "$rc,$rd" "0,0" "the same tenant twice: both exit 0"
contains "$(cat "$work/d.out")" "waiting for another migrator" "the second waited for the first"

# ---- a project with a second schema of its own -------------------------------
ok "multi: upgrade --schema t1" "$work/multi-migrate" --url "$U" --schema t1 -q upgrade head
is "$(q "select string_agg(n.nspname || '.' || c.relname, ' ' order by n.nspname || '.' || c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' and n.nspname in ('t1', 'shared', 'app')")" \
	"shared.plans t1.items t1.migc_version t1.notes" \
	"only the default schema maps (shared stays, app. names map, no app schema)"
is "$(q "select count(*) from pg_namespace where nspname = 'app'")" 0 "schema app was never created"
ok "multi: check --schema t1 is clean" "$work/multi-migrate" --url "$U" --schema t1 check
"$work/multi-migrate" --url "$U" --schema shared current >"$work/out" 2>&1
is "$?" 2 "--schema naming another schema of the project is a usage error"
contains "$(cat "$work/out")" "only the default schema" "and says why"

# ---- sql --schema ------------------------------------------------------------
"$S" --schema "Tenant One" sql upgrade >"$work/sql.tenant" 2>&1
is "$?" 0 "sql --schema exits 0"
contains "$(cat "$work/sql.tenant")" 'SET search_path TO "Tenant One";' "sql --schema sets the tenant's search_path"
contains "$(cat "$work/sql.tenant")" 'CREATE TABLE "Tenant One"."users" (' "sql --schema qualifies the project's names"
contains "$(cat "$work/sql.tenant")" 'REFERENCES "Tenant One"."users"' "and the foreign key target"
contains "$(cat "$work/sql.tenant")" 'INSERT INTO "Tenant One"."migc_version"' "and the version table"
"$MIGC" -C "$P" sql --schema "Tenant One" upgrade >"$work/sql.migc" 2>/dev/null
ok "migc sql --schema prints the same bytes as the migrator" cmp "$work/sql.tenant" "$work/sql.migc"
"$S" sql upgrade >"$work/sql.plain" 2>&1
lacks "$(cat "$work/sql.plain")" '"Tenant One"' "sql without --schema names no tenant"
contains "$(cat "$work/sql.plain")" 'CREATE TABLE "users" (' "sql without --schema keeps the names unqualified"
# twice: the second migc sql reads its plan cache
for i in 1 2; do
	"$MIGC" -C "$P" sql --schema public upgrade >"$work/sql.public$i" 2>/dev/null
	"$MIGC" -C "$M2" sql --schema shared upgrade >"$work/out" 2>&1
	echo "$?" >"$work/status$i"
done
"$MIGC" -C "$P" sql upgrade >"$work/sql.migcplain" 2>/dev/null
ok "migc sql --schema <the default schema> is plain sql (also from the cache)" \
	sh -c 'cmp "$1" "$3" && cmp "$2" "$3"' sh "$work/sql.public1" "$work/sql.public2" "$work/sql.migcplain"
is "$(cat "$work/status1") $(cat "$work/status2")" "2 2" \
	"migc sql --schema naming another project schema exits 2 (also from the cache)"
pg_fresh_db scripted
"$S" --schema "Tenant One" sql upgrade >"$work/sql.run" 2>/dev/null
ok "psql runs the sql --schema script" sql_runs $? "$work/sql.run" scripted
ok "check --schema after the script is clean" "$S" --url "$(url scripted)" --schema "Tenant One" check

# ---- refusals ----------------------------------------------------------------
"$work/qualified-migrate" --url "$U" --schema t9 upgrade head >"$work/out" 2>&1
is "$?" 2 "a version_table with a schema refuses --schema (exit 2)"
contains "$(cat "$work/out")" "names its schema" "and says why"
"$S" --url "$U" --schema "" current >"$work/out" 2>&1
is "$?" 2 "an empty --schema is a usage error"

done_testing
