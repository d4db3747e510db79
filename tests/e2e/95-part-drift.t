#!/bin/sh
# tests/e2e/95-part-drift.t - a partition's parent and bound are part of
# what the migrator's `check` and `migc diff --url` compare: a partition
# detached by hand, re-attached with another bound, or a plain table
# attached by hand is reported as a table that differs, with PostgreSQL's
# own spelling of the bound on both sides; the database as built is
# clean.  The partitioned table and its partitions are built by check's
# history closure in the scratch schemas, so a parent there
# (migc_expected_public) must compare equal to the live one (public);
# the plain table is predicted at build time, without partitioning, and
# attached by hand it is reported all the same.  revision --autogenerate
# --url attaches a detached partition back with its bound.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..25"

e2e_pg_start

proj=$work/p
mkdir -p "$proj/versions"
echo 'name = p' >"$proj/migc.conf"
cat >"$proj/versions/000000000001_events.mig" <<'EOF2'
revision 000000000001
parent   base
message  "events by year"

upgrade {
    create table events (id int not null, at date not null) partition by range (at);
    create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
    create table events_2025 partition of events for values from ('2025-01-01') to ('2026-01-01');
    create table events_old (id int not null, at date not null);
}

downgrade {
    drop table events_old;
    drop table events;
}
EOF2
ok "the project builds" "$MIGC" -C "$proj" build -o "$work/mig"
pg_fresh_db ev
ok "and upgrades a fresh database" "$work/mig" --url "$(e2e_url ev)" upgrade head
ok "models --write writes the head" "$MIGC" -C "$proj" models --write

out=$("$work/mig" --url "$(e2e_url ev)" check 2>&1)
is "$?" 0 "check is clean as built"
out=$("$MIGC" -C "$proj" diff --url "$(e2e_url ev)" 2>/dev/null)
is "$?:$out" "0:no differences: the database matches schema.mig" "diff --url is clean as built"

bound2024="FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"

# ---- detached by hand -----------------------------------------------------------------------
e2e_q ev "alter table events detach partition events_2024" >/dev/null
out=$("$work/mig" --url "$(e2e_url ev)" check 2>&1)
is "$?" 1 "detached: check exits 1 (drift)"
contains "$out" "differs:
  table public.events_2024
      expected: CREATE TABLE \"public\".\"events_2024\" PARTITION OF \"public\".\"events\" $bound2024
      database: CREATE TABLE \"public\".\"events_2024\" (\"id\" integer NOT NULL, \"at\" date NOT NULL)" \
	"detached: check says the partition differs, the parent in public on both sides"
contains "$out" "drift: 1 difference " "detached: and nothing else"
out=$("$work/mig" --url "$(e2e_url ev)" check --format json 2>/dev/null)
contains "$out" "{\"kind\": \"differs\", \"key\": \"table public.events_2024\"" \
	"detached: check --format json says it too"
out=$("$MIGC" -C "$proj" diff --url "$(e2e_url ev)" 2>/dev/null)
is "$?" 1 "detached: diff --url exits 1"
contains "$out" "  differs: table public.events_2024
      database:   CREATE TABLE \"public\".\"events_2024\" (\"id\" integer NOT NULL, \"at\" date NOT NULL)
      schema.mig: CREATE TABLE \"public\".\"events_2024\" PARTITION OF \"public\".\"events\" $bound2024" \
	"detached: diff --url says the partition differs"
cp -R "$proj" "$work/rev"
ok "detached: revision --autogenerate --url writes a revision" \
	"$MIGC" -C "$work/rev" revision --autogenerate --url "$(e2e_url ev)" -m "repair" --rev-id 000000000002
contains "$(cat "$work/rev/versions/000000000002_repair.mig")" \
	"execute \$\$ alter table events attach partition events_2024 for values from ('2024-01-01') to ('2025-01-01') \$\$;" \
	"detached: and it attaches the partition with its bound (as execute: the history has it attached)"

# ---- re-attached with another bound ---------------------------------------------------------
e2e_q ev "alter table events attach partition events_2024 for values from ('2023-01-01') to ('2025-01-01')" >/dev/null
out=$("$work/mig" --url "$(e2e_url ev)" check 2>&1)
is "$?" 1 "another bound: check exits 1"
contains "$out" "  table public.events_2024
      expected: CREATE TABLE \"public\".\"events_2024\" PARTITION OF \"public\".\"events\" $bound2024
      database: CREATE TABLE \"public\".\"events_2024\" PARTITION OF \"public\".\"events\" FOR VALUES FROM ('2023-01-01') TO ('2025-01-01')" \
	"another bound: check shows both bounds as PostgreSQL prints them"
contains "$out" "drift: 1 difference " "another bound: and nothing else"
out=$("$MIGC" -C "$proj" diff --url "$(e2e_url ev)" 2>/dev/null)
is "$?" 1 "another bound: diff --url exits 1"
contains "$out" "      database:   CREATE TABLE \"public\".\"events_2024\" PARTITION OF \"public\".\"events\" FOR VALUES FROM ('2023-01-01') TO ('2025-01-01')" \
	"another bound: diff --url shows the database's bound"

# ---- back as built, then a plain table attached by hand --------------------------------------
e2e_q ev "alter table events detach partition events_2024" >/dev/null
e2e_q ev "alter table events attach partition events_2024 $bound2024" >/dev/null
e2e_check_logged "$work/mig" ev
is "$rc" 0 "re-attached as built: check is clean again"
# events_old is predicted (plan_catalog.c: a plain table's row, no
# partitioning), the partitioned tree built by the history closure: a
# plain table attached by hand must break the prediction, then the
# scratch build reports it
contains "$log" '"migc_expected_public"."events_2024"' "the partitions are built in the scratch schema"
lacks "$log" '"migc_expected_public"."events_old"' "the plain table is predicted, not built"
e2e_q ev "alter table events attach partition events_old for values from ('2000-01-01') to ('2024-01-01')" >/dev/null
out=$("$work/mig" --url "$(e2e_url ev)" check 2>&1)
is "$?" 1 "attached by hand: check exits 1"
contains "$out" "  table public.events_old
      expected: CREATE TABLE \"public\".\"events_old\" (\"id\" integer NOT NULL, \"at\" date NOT NULL)
      database: CREATE TABLE \"public\".\"events_old\" PARTITION OF \"public\".\"events\" FOR VALUES FROM ('2000-01-01') TO ('2024-01-01')" \
	"attached by hand: check says the table differs"
out=$("$MIGC" -C "$proj" diff --url "$(e2e_url ev)" 2>/dev/null)
is "$?" 1 "attached by hand: diff --url exits 1"
contains "$out" "  differs: table public.events_old" "attached by hand: diff --url names the table"
