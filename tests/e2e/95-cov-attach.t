#!/bin/sh
# tests/e2e/95-cov-attach.t - `alter index P attach partition C` and a
# table attached with `alter table P attach partition` keeping its own
# column options, in the model (issue 12): a history creates an index on
# only a partitioned table, attaches the partitions' indexes (PostgreSQL
# then marks the parent's index valid) and attaches a table with its own
# default and not null; it upgrades a fresh database, where the migrator's
# check and diff --url are clean, and its written downgrade leaves the
# database as it was; a tree left partly attached is as clean.  A database built with plain SQL with such a tree is
# adopted with `migc init --from-url` and round trips.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..39"

e2e_pg_start

# ---- a history ----------------------------------------------------------------------------
proj=$work/hist
mkdir -p "$proj/versions"
echo 'name = hist' >"$proj/migc.conf"
cat >"$proj/versions/000000000001_tree.mig" <<'EOF'
revision 000000000001
parent   base
message  "a partitioned table, an index on only it"

upgrade {
    create table p (a int not null, b int default 1, constraint p_a_check check (a > 0))
        partition by range (a);
    create table c1 partition of p for values from (0) to (10);
    create table c2 partition of p for values from (10) to (20);
    create index p_idx on only p (a);
    create index c1_a_idx on c1 (a);
}

downgrade {
    drop table p;
}
EOF
ok "the first revision builds" "$MIGC" -C "$proj" build -o "$work/mig1"
pg_fresh_db hist
ok "and upgrades a fresh database" "$work/mig1" --url "$(e2e_url hist)" upgrade head
e2e_dump hist >"$work/hist1.sql"
is "$(e2e_q hist "SELECT indisvalid FROM pg_index WHERE indexrelid = 'p_idx'::regclass")" f \
	"the index on only p is not valid yet"

cat >"$proj/versions/000000000002_attach.mig" <<'EOF'
revision 000000000002
parent   000000000001
message  "attach"

upgrade {
    create index c2_a_idx on c2 (a);
    alter index p_idx attach partition c1_a_idx;
    alter index p_idx attach partition c2_a_idx;
    create table c3 (a int not null, b int not null default 7, constraint p_a_check check (a > 0));
    alter table p attach partition c3 for values from (20) to (30);
}

downgrade {
    alter table p detach partition c3;
    drop table c3;
    drop index p_idx;
    create index p_idx on only p (a);
    create index c1_a_idx on c1 (a);
}
EOF
e2e_revision_roundtrip "$proj" "$work/mig2" hist 000000000001 "$work/hist1.sql"
ok "the database upgrades to head again" "$work/mig2" --url "$(e2e_url hist)" upgrade head
is "$(e2e_q hist "SELECT indisvalid FROM pg_index WHERE indexrelid = 'p_idx'::regclass")" t \
	"PostgreSQL marked the parent's index valid"
ok "models --write writes the head" "$MIGC" -C "$proj" models --write
schema=$(cat "$proj/schema.mig")
contains "$schema" "create index p_idx on p (a);" "the model has the parent's index valid"
contains "$schema" "b with options not null default 7" "and the attached table's own options"
lacks "$schema" "c1_a_idx" "and no longer the index attached"
out=$("$MIGC" -C "$proj" diff --url "$(e2e_url hist)" 2>/dev/null)
is "$?:$out" "0:no differences: the database matches schema.mig" "diff --url is clean at head"
out=$("$work/mig2" --url "$(e2e_url hist)" check 2>&1)
is "$?" 0 "the migrator's check is clean at head"

# ---- a tree left partly attached ----------------------------------------------------------
e2e_dump hist >"$work/hist2.sql"
cat >"$proj/versions/000000000003_partly.mig" <<'EOF'
revision 000000000003
parent   000000000002
message  "partly attached"

upgrade {
    create table q (a int, b text) partition by list (a);
    create table q1 partition of q for values in (1);
    create table q2 partition of q for values in (2);
    create index q_b on only q (b);
    create index q1_b on q1 (b);
    alter index q_b attach partition q1_b;
}

downgrade {
    drop table q;
}
EOF
e2e_revision_roundtrip "$proj" "$work/mig3" hist 000000000002 "$work/hist2.sql"
ok "the database upgrades to the partly attached tree" "$work/mig3" --url "$(e2e_url hist)" upgrade head
"$MIGC" -C "$proj" models --write >/dev/null 2>&1
contains "$(cat "$proj/schema.mig")" "create index q_b on only q (b);" \
	"the model keeps the parent's index on only while a partition has none"
out=$("$MIGC" -C "$proj" diff --url "$(e2e_url hist)" 2>/dev/null)
is "$?:$out" "0:no differences: the database matches schema.mig" "diff --url is clean with the tree partly attached"

# ---- a database built with plain SQL, adopted -----------------------------------------------
pg_fresh_db orig
cat >"$work/load.sql" <<'SQL'
CREATE TABLE m (at date NOT NULL, kind text, n integer DEFAULT 0,
    CONSTRAINT m_n_check CHECK (n >= 0)) PARTITION BY RANGE (at);
CREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE m_2021 PARTITION OF m FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
CREATE INDEX m_kind ON ONLY m (kind);
CREATE INDEX m_2020_kind_idx ON m_2020 (kind);
CREATE INDEX m_2021_kind_idx ON m_2021 (kind);
ALTER INDEX m_kind ATTACH PARTITION m_2020_kind_idx;
ALTER INDEX m_kind ATTACH PARTITION m_2021_kind_idx;
CREATE TABLE m_2022 (at date NOT NULL, kind text NOT NULL, n integer DEFAULT 5,
    CONSTRAINT m_n_check CHECK (n >= 0));
ALTER TABLE m ATTACH PARTITION m_2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
SQL
ok "the database loads" pg_psql -d orig -f "$work/load.sql"
e2e_adopt_roundtrip orig "$work/adopted" rebuilt "$work/migrate"
contains "$(cat "$work/adopted/schema.mig")" "kind with options not null" \
	"the attached table's own options are adopted"
