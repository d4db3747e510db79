#!/bin/sh
# tests/e2e/99-models-write.t - `migc models --write`: schema.mig from the
# replayed head of the history, in fmt's layout, with the comments of the
# file it replaces kept where their objects remain.
#
# A two-revision history (a table, then a column, an index and a type
# added and a column dropped) and a schema.mig that lags behind it: the
# rewritten schema.mig makes `check --models` pass, keeps the header and
# the comments of the table, a column, a trailing one and an unnamed
# index, drops (with a note) the comment of the dropped column, warns on
# an execute statement, is fmt's canonical layout, and --stdout prints
# the same text without writing.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..15"

P=$work/p
mkdir -p "$P/versions"
echo "name = shop" >"$P/migc.conf"
cat >"$P/versions/0001_first.mig" <<'EOF2'
revision 0001
parent base
upgrade {
    create table items (
        id bigint generated always as identity primary key,
        name text not null,
        old_code int
    );
}
downgrade { drop table items; }
EOF2
cat >"$P/versions/0002_second.mig" <<'EOF2'
revision 0002
parent 0001
upgrade {
    alter table items add column price numeric(10, 2);
    alter table items drop column old_code;
    create index on items (name);
    create type mood as enum ('happy', 'sad');
}
downgrade {
    drop type mood;
    drop index items_name_idx;
    alter table items add column old_code int;
    alter table items drop column price;
}
EOF2
cat >"$P/schema.mig" <<'EOF2'
-- The shop's models.

-- every item we sell
create table items (
    id bigint generated always as identity primary key,
    -- what the customer sees
    name text not null, -- unique in practice
    old_code int -- the legacy code
);
-- lookups by name
create index on items (name);
execute $$select 1$$;
EOF2

out=$("$MIGC" -C "$P" check --models 2>&1)
is "$?" 1 "before: schema.mig lags behind the head"
out=$("$MIGC" -C "$P" models --write --stdout 2>"$work/err")
is "$?" 0 "models --write --stdout exits 0"
contains "$(cat "$P/schema.mig")" "old_code int" "--stdout did not write schema.mig"
"$MIGC" -C "$P" models --write >"$work/out" 2>"$work/err2"
is "$?" 0 "models --write exits 0"
contains "$(cat "$work/out")" "wrote $P/schema.mig" "it says it wrote schema.mig"
new=$(cat "$P/schema.mig")
is "$new" "$out" "--stdout printed what --write wrote"
ok "check --models passes on the rewritten schema.mig" "$MIGC" -C "$P" check --models
ok "the result is fmt's canonical layout" "$MIGC" fmt --check "$P/schema.mig"
contains "$new" "-- The shop's models.

create type mood" "the header is kept at the top"
contains "$new" "-- every item we sell
create table items (" "the table's comment is kept"
contains "$new" "    -- what the customer sees
    -- unique in practice
    name  " "a column's comments are kept before it"
contains "$new" "-- lookups by name
create index items_name_idx on items (name);" "an unnamed index's comment follows it to its name"
contains "$new" "create type mood as enum ('happy', 'sad');" "the type added at head is written"
contains "$(cat "$work/err2")" "schema.mig:8:18: note: comment dropped: its object is not at head" \
	"the dropped column's comment is named by its line"
contains "$(cat "$work/err2")" "schema.mig:12:1: warning: this execute statement is not kept" \
	"an execute statement is warned about"
