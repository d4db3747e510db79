#!/bin/sh
# tests/e2e/93-cov-cov4.t - index storage parameters, operator class
# options, `create index on only` and a partition's own column options and
# constraints (`partition of t (b with options not null default 1, check
# ...)`) and a partition key's collation and operator class, known to the
# model (issue 12): a
# database built with plain SQL using them is adopted with `migc init
# --from-url`; the adopted project builds, upgrades a fresh database that
# dumps exactly as the original (pg_dump --schema-only); `diff --url` and
# the migrator's `check` are clean; a changed storage parameter is a
# difference; a revision with the forms runs and its derived downgrade
# leaves the database as it was.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..26"

e2e_pg_start

pg_fresh_db orig
cat >"$work/load.sql" <<'SQL'
CREATE TABLE docs (id integer, tags integer[], body tsvector, title tsvector, code name);
CREATE INDEX docs_tags ON docs USING gin (tags) WITH (FASTUPDATE=off, gin_pending_list_limit=128);
CREATE INDEX docs_code ON docs USING hash (code name_ops) WITH (fillfactor = 10);
CREATE INDEX docs_text ON docs USING gist (body tsvector_ops (siglen='1000'), title tsvector_ops);
CREATE UNIQUE INDEX docs_id ON docs (id) WITH (deduplicate_items = false);
CREATE TABLE events (at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE INDEX events_kind ON ONLY events (kind);
CREATE TABLE parted (a text, b integer) PARTITION BY LIST (a);
CREATE TABLE part_b PARTITION OF parted (b NOT NULL DEFAULT 1,
    CONSTRAINT check_a CHECK (length(a) > 0), CHECK (b >= 0)) FOR VALUES IN ('b');
CREATE TABLE part_c PARTITION OF parted (b WITH OPTIONS NOT NULL DEFAULT 0)
    FOR VALUES IN ('c') PARTITION BY RANGE ((b));
CREATE TABLE part_c1 PARTITION OF part_c (b DEFAULT 5) FOR VALUES FROM (0) TO (10);
CREATE TABLE keyed (a integer, c text) PARTITION BY RANGE (c COLLATE "POSIX" text_pattern_ops, abs(a));
CREATE TABLE keyed_1 PARTITION OF keyed FOR VALUES FROM ('a', 0) TO ('m', 10);
SQL
ok "the database loads" pg_psql -d orig -f "$work/load.sql"

e2e_adopt_roundtrip orig "$work/adopted" rebuilt "$work/migrate"
lacks "$(cat "$work/adopt.err"; grep '^--' "$work/adopted/schema.mig")" "index" \
	"no index is listed as unsupported"
contains "$(cat "$work/adopted/schema.mig")" "with (fastupdate='off', gin_pending_list_limit='128')" \
	"schema.mig has the storage parameters"
contains "$(cat "$work/adopted/schema.mig")" "b with options not null default 1," \
	"and a partition's own column options"
contains "$(cat "$work/adopted/schema.mig")" 'partition by range (c collate "POSIX" text_pattern_ops, abs(a))' \
	"and a partition key's collation and operator class"

pg_psql -d orig -c "ALTER INDEX docs_code SET (fillfactor = 20)" >/dev/null
out=$("$MIGC" -C "$work/adopted" diff --url "$(e2e_url orig)" 2>&1)
contains "$out" "fillfactor" "a changed storage parameter is a difference for diff --url"

# ---- a revision with the forms, and its derived downgrade ---------------------------------
cat >"$work/adopted/versions/0b0c0d0e0f10_more.mig" <<'EOF2'
revision 0b0c0d0e0f10
parent   0a0b0c0d0e0f
message  "more"

upgrade {
    drop index docs_tags;
    create index docs_title on docs using gist (title tsvector_ops (siglen = 500)) with (buffering = on);
    create table events_2021 partition of events for values from ('2021-01-01') to ('2022-01-01');
    create table part_d partition of parted (b with options default 4, a collate "C",
        check (b < 100)) for values in ('d');
    alter table parted alter column b set default 7;
    alter table parted alter column b set not null;
}
EOF2
# (its check: the parent's default reached every partition)
e2e_revision_roundtrip "$work/adopted" "$work/migrate2" rebuilt 0a0b0c0d0e0f "$work/orig.sql"

# ---- autogenerate of changed options -------------------------------------------------------
rm "$work/adopted/versions/0b0c0d0e0f10_more.mig"
sed -e "s/gin_pending_list_limit='128'/gin_pending_list_limit='256'/" \
    -e 's/b with options not null default 1,/b with options not null default 2,/' \
    "$work/adopted/schema.mig" >"$work/schema.new" && mv "$work/schema.new" "$work/adopted/schema.mig"
ok "revision --autogenerate writes the changed storage parameter and partition default" \
	"$MIGC" -C "$work/adopted" revision --autogenerate -m "options" --rev-id 0c0d0e0f1011
contains "$(cat "$work/adopted/versions/0c0d0e0f1011_options.mig")" "alter table part_b alter column b set default 2" \
	"the partition's own default is altered on the partition"
ok "check --models is clean after it" "$MIGC" -C "$work/adopted" check --models
