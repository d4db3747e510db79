#!/bin/sh
# tests/e2e/78-sequence-names.t - naming a serial's or identity's sequence.
#
# A revision names identity columns' sequences with PostgreSQL's own
# `generated ... as identity (sequence name x)`: the migrator creates
# them under those names.  A table renamed after creation keeps its
# sequences' names; schema.mig describes it with `sequence name` (serial)
# and the identity clause, `check --models` accepts it, and `models
# --write` writes those clauses back; the migrator's drift check finds the
# upgraded database as the history left it, and `init --from-url` adopts
# it with the names written.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..12"

P=$work/p
mkdir -p "$P/versions"
echo "name = shop" >"$P/migc.conf"
cat >"$P/versions/000000000001_items.mig" <<'EOF2'
revision 000000000001
parent   base
upgrade {
    create table items (
        id   bigserial primary key,
        n    bigint generated always as identity (sequence name item_numbers),
        name text
    );
}
downgrade { drop table items; }
EOF2
cat >"$P/versions/000000000002_rename.mig" <<'EOF2'
revision 000000000002
parent   000000000001
upgrade {
    alter table items rename to products;  -- migc:allow rename-table
}
downgrade { alter table products rename to items; }
EOF2
cat >"$P/schema.mig" <<'EOF2'
create table products (
    id   bigserial sequence name items_id_seq,
    n    bigint generated always as identity (sequence name item_numbers),
    name text,
    constraint items_pkey primary key (id)
);
EOF2
ok "check --models accepts the renamed table with its sequences named" "$MIGC" -C "$P" check --models
sed 's/ sequence name items_id_seq//' "$P/schema.mig" >"$work/unnamed.mig"
cp "$P/schema.mig" "$work/named.mig"
cp "$work/unnamed.mig" "$P/schema.mig"
out=$("$MIGC" -C "$P" check --models 2>&1)
contains "$out" "column \"products\".\"id\" owns sequence \"products_id_seq\" in schema.mig, \"items_id_seq\" at head" \
	"without the name, check --models says which sequence each side has"
"$MIGC" -C "$P" models --write >/dev/null 2>&1
contains "$(cat "$P/schema.mig")" "id   bigserial sequence name items_id_seq," "models --write names the serial's sequence"
ok "and the written schema.mig passes check --models" "$MIGC" -C "$P" check --models
ok "migc build" "$MIGC" -C "$P" build -o "$work/m"

e2e_pg_start
pg_fresh_db seqdb
url="postgresql:///seqdb?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d seqdb -c "$1"; }
ok "the migrator upgrades a fresh database" "$work/m" --url "$url" upgrade head
is "$(q "select string_agg(relname, ',' order by relname) from pg_class where relkind = 'S'")" \
	"item_numbers,items_id_seq" "the database has the sequences under the names the history gives"
is "$(q "insert into products (name) values ('a') returning id, n")" "1|1" "both columns draw from their sequences"
ok "the migrator's check finds no drift on the renamed table" "$work/m" --url "$url" check
"$MIGC" init --from-url "$url" "$work/adopted" >"$work/out" 2>&1
is "$?" 0 "init --from-url adopts the database"
adopted=$(cat "$work/adopted/schema.mig")
contains "$adopted" "bigserial sequence name items_id_seq" "it names the serial's sequence"
contains "$adopted" "generated always as identity (sequence name item_numbers)" "and the identity's"
