#!/bin/sh
# tests/e2e/79-models-lint.t - lint findings belong to the models.
#
# `revision --autogenerate` prints the lint findings of the revision it
# has just written (at that file's lines), and only those; schema.mig is
# linted at its own lines (golden lint-models has the rules); and an
# index that schema.mig creates `concurrently` is written in a second,
# no_transaction revision after the main one, which the built migrator
# applies to a database and takes back.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..17"

P=$work/p
mkdir -p "$P/versions"
echo "name = shop" >"$P/migc.conf"
cat >"$P/schema.mig" <<'EOF2'
create table items (
    id   bigint generated always as identity primary key,
    name text not null,
    code varchar(20)  -- migc:allow varchar-length
);
EOF2

"$MIGC" -C "$P" revision -m "items" --autogenerate --rev-id 000000000001 >"$work/out" 2>"$work/err"
is "$?" 0 "autogenerate writes the first revision"
contains "$(cat "$work/err")" "$P/versions/000000000001_items.mig:11:14: warning: column \"code\" is varchar(20)" \
	"it prints the new revision's lint finding at that file's line"
lacks "$(cat "$work/err")" "schema.mig:4" "schema.mig's exempted finding is not printed"

cat >>"$P/schema.mig" <<'EOF2'

create index concurrently items_name_idx on items (name);
create table tags (id bigint primary key, label text);
EOF2
"$MIGC" -C "$P" revision -m "name index" --autogenerate --rev-id 000000000002 >"$work/out" 2>"$work/err"
is "$?" 0 "autogenerate with a concurrent index exits 0"
is "$(grep -c '^wrote ' "$work/out")" 2 "it writes two revisions"
second=$(grep '^wrote ' "$work/out" | sed -n 2p | sed 's/^wrote //')
main=$(cat "$P/versions/000000000002_name_index.mig")
contains "$main" "create table tags" "the main revision has the other statements"
lacks "$main" "items_name_idx" "and not the concurrent index"
text=$(cat "$second")
contains "$text" "parent   000000000002
message  \"name index\"
no_transaction" "the second revision follows the main one and is no_transaction"
contains "$text" "create index concurrently items_name_idx on items (name);" "it creates the index concurrently"
contains "$text" "drop index concurrently items_name_idx;" "its downgrade drops it concurrently"
lacks "$(cat "$work/err")" "_name_index.mig:" "neither new revision has a lint finding"
ok "check --models: the two revisions reach schema.mig" "$MIGC" -C "$P" check --models
ok "migc build" "$MIGC" -C "$P" build -o "$work/m"

e2e_pg_start
pg_fresh_db lintdb
url="postgresql:///lintdb?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d lintdb -c "$1"; }
ok "the migrator upgrades a fresh database" "$work/m" --url "$url" upgrade head
is "$(q "select count(*) from pg_indexes where indexname = 'items_name_idx'")" 1 "the index exists"
ok "the migrator downgrades the no_transaction revision" "$work/m" --url "$url" downgrade 000000000002
is "$(q "select count(*) from pg_indexes where indexname = 'items_name_idx'")" 0 "the index is gone"
