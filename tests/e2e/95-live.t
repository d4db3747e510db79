#!/bin/sh
# tests/e2e/95-live.t - migc's live-database commands against the throwaway
# PostgreSQL: diff --url, revision --autogenerate --url, init --from-url.
#
#   - diff is clean on a database upgraded to head, shows hand-made drift
#     (exit 1), and sees no difference where only the spelling differs
#     (now() / CURRENT_TIMESTAMP written differently, 'x' vs 'x'::text);
#   - revision --autogenerate --url writes a revision that checks, and
#     that, applied, makes diff clean;
#   - init --from-url adopts the blog database: check --models is clean,
#     and a database built from the adopted project dumps exactly as the
#     original; the adopted project stamps the original;
#   - nothing is left behind (no migc_expected_* schema, same pg_dump);
#   - connection errors exit 2 and never print the password.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start
PG_DUMP=${PG_BINDIR:+$PG_BINDIR/}pg_dump
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
dump() { "$PG_DUMP" --schema-only --no-owner --no-privileges -d "$1" | awk -f tests/lib/normdump.awk; }
q() { pg_psql -d "$1" -c "$2"; }
scratch_left() { q "$1" "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'migc_expected%'"; }

ldd_out=$(ldd "$MIGC" 2>&1)
contains "$ldd_out" "libc.so" "ldd lists migc's shared libraries"
lacks "$ldd_out" "libpq" "migc does not load libpq until a live command runs"

# ---- diff against examples/blog at head --------------------------------------------
ok "migc builds examples/blog" "$MIGC" -C examples/blog build -o "$work/blog-migrate"
pg_fresh_db blog
"$work/blog-migrate" --url "$(url blog)" upgrade head >/dev/null 2>&1
dump blog >"$work/before.sql"
out=$("$MIGC" -C examples/blog diff --url "$(url blog)" 2>&1)
is "$?" 0 "diff --url after upgrade head exits 0"
is "$out" "no differences: the database matches schema.mig" "and says there is no difference"
is "$(scratch_left blog)" 0 "no scratch schema is left behind"
dump blog >"$work/after.sql"
ok "the database is unchanged (pg_dump)" diff -u "$work/before.sql" "$work/after.sql"

# ---- hand-made drift --------------------------------------------------------------------
q blog "ALTER TABLE posts ADD COLUMN extra text;
	ALTER TABLE users ALTER COLUMN email TYPE varchar(100);
	ALTER TABLE posts ALTER COLUMN published SET DEFAULT false;
	CREATE INDEX posts_title_idx ON posts (title);
	ALTER TABLE posts DROP CONSTRAINT posts_owner_id_fkey;
	CREATE VIEW post_titles AS SELECT title FROM posts;
	CREATE STATISTICS post_stats ON title, content FROM posts" >/dev/null
"$MIGC" -C examples/blog diff --url "$(url blog)" >"$work/out" 2>"$work/err"
is "$?" 1 "diff --url with drift exits 1"
out=$(cat "$work/out")
contains "$out" "not in schema.mig: column public.posts.extra" "an extra column is shown"
contains "$out" "not in schema.mig: index public.posts_title_idx" "an extra index is shown"
contains "$out" "missing from the database: constraint public.posts.posts_owner_id_fkey" "a missing foreign key is shown"
contains "$out" "differs: column public.users.email" "a changed type is shown"
contains "$out" 'database:   "email" character varying(100) NOT NULL' "with the database's definition"
contains "$out" 'schema.mig: "email" character varying(255) NOT NULL' "and schema.mig's"
contains "$out" "differs: column public.posts.published" "a changed default is shown"
contains "$out" "not in schema.mig: view public.post_titles" "an extra view is shown"
contains "$out" "6 differences between the database and schema.mig" "the differences are counted"
contains "$(cat "$work/err")" "statistics public.post_stats" "objects migc cannot express are warned about"
is "$(scratch_left blog)" 0 "no scratch schema is left behind after a drifted diff"

# ---- revision --autogenerate --url repairs it ------------------------------------------
cp -R examples/blog "$work/blog"
ok "revision --autogenerate --url writes a revision" \
	"$MIGC" -C "$work/blog" revision --autogenerate --url "$(url blog)" -m "repair drift" --rev-id 6f7081920a4b
rev=$work/blog/versions/6f7081920a4b_repair_drift.mig
contains "$(cat "$rev")" 'alter table posts drop column if exists extra;' \
	"drops of objects the history lacks are written with IF EXISTS (checked, and run on any database)"
contains "$(cat "$rev")" "add constraint posts_owner_id_fkey" "the missing foreign key is added back"
contains "$(cat "$rev")" "drop view post_titles" "the extra view is dropped"
ok "the project still checks" "$MIGC" -C "$work/blog" check
ok "and schema.mig still equals the head" "$MIGC" -C "$work/blog" check --models
ok "the repaired project builds" "$MIGC" -C "$work/blog" build -o "$work/blog2-migrate"
ok "upgrade head applies the repair" "$work/blog2-migrate" --url "$(url blog)" upgrade head
q blog "DROP STATISTICS post_stats" >/dev/null
out=$("$MIGC" -C "$work/blog" diff --url "$(url blog)" 2>&1)
is "$?" 0 "diff --url is clean after the repair"
dump blog >"$work/repaired.sql"
sed '/migc_version/d' "$work/before.sql" >"$work/a.sql"
sed '/migc_version/d' "$work/repaired.sql" >"$work/b.sql"
ok "and the schema is the head's again (pg_dump)" diff -u "$work/a.sql" "$work/b.sql"
out=$("$MIGC" -C "$work/blog" revision --autogenerate --url "$(url blog)" -m again 2>&1)
contains "$out" "no changes: schema.mig matches the database" "a second revision --url has nothing to write"

# ---- the database already has a change the history has not written --------------------
cp -R examples/blog "$work/ahead"
printf '\ncreate index posts_title_idx on posts (title);\n' >>"$work/ahead/schema.mig"
pg_fresh_db ahead
"$work/blog-migrate" --url "$(url ahead)" upgrade head >/dev/null 2>&1
q ahead "CREATE INDEX posts_title_idx ON posts (title)" >/dev/null
out=$("$MIGC" -C "$work/ahead" revision --autogenerate --url "$(url ahead)" -m again 2>&1)
is "$?" 0 "revision --url with nothing to change in the database exits 0"
contains "$out" "the head of the history still differs from schema.mig" \
	"and says the history still needs its own revision"

# ---- spelling is not a difference ------------------------------------------------------
mkdir -p "$work/spell/versions"
printf 'name = spell\nversion_table = migc_version\n' >"$work/spell/migc.conf"
cat >"$work/spell/schema.mig" <<'EOF'
create table t (
    id integer primary key,
    a timestamptz default now(),
    b timestamptz default CURRENT_TIMESTAMP,
    c text default 'x',
    d varchar(10) default 'y',
    e numeric(8,2) default 0 check (e >= 0),
    f text[] default '{}'
);
create index t_c_idx on t (lower(c)) where c <> '';
EOF
pg_fresh_db spell
q spell "CREATE TABLE t (id int4 CONSTRAINT t_pkey PRIMARY KEY, a timestamp with time zone DEFAULT NOW(),
	b timestamptz DEFAULT current_timestamp, c text DEFAULT 'x'::text,
	d character varying(10) DEFAULT 'y'::character varying, e decimal(8,2) DEFAULT 0
	CONSTRAINT t_e_check CHECK (0 <= e is not false and e >= 0::numeric), f text[] DEFAULT '{}'::text[]);
	CREATE INDEX t_c_idx ON public.t USING btree (lower(c)) WHERE (c <> ''::text)" >/dev/null
"$MIGC" -C "$work/spell" diff --url "$(url spell)" >"$work/out" 2>&1
out=$(cat "$work/out")
lacks "$out" "column public.t.a" "now() written NOW() is no difference"
lacks "$out" "column public.t.b" "CURRENT_TIMESTAMP written current_timestamp is no difference"
lacks "$out" "column public.t.c" "'x' and 'x'::text are no difference"
lacks "$out" "column public.t.d" "varchar(10) and character varying(10), 'y' and 'y'::character varying are no difference"
lacks "$out" "index" "an index written with schema, method and casts is no difference"
contains "$out" "differs: constraint public.t.t_e_check" "a check that really differs is shown"
q spell "ALTER TABLE t DROP CONSTRAINT t_e_check, ADD CONSTRAINT t_e_check CHECK (e >= (0)::numeric)" >/dev/null
# (stderr apart: schema.mig's lint findings, integer key and varchar, go there)
out=$("$MIGC" -C "$work/spell" diff --url "$(url spell)" 2>"$work/err")
is "$?:$out" "0:no differences: the database matches schema.mig" "the same check written differently is no difference"
q spell "ALTER TABLE t ALTER COLUMN a SET DEFAULT CURRENT_TIMESTAMP" >/dev/null
out=$("$MIGC" -C "$work/spell" diff --url "$(url spell)" 2>&1)
contains "$out" "differs: column public.t.a" "but now() and CURRENT_TIMESTAMP are different expressions to PostgreSQL"

# ---- init --from-url adopts the blog ----------------------------------------------------
pg_fresh_db orig
"$work/blog-migrate" --url "$(url orig)" upgrade head >/dev/null 2>&1
dump orig >"$work/orig.sql"
"$MIGC" init --from-url "$(url orig)" "$work/adopted" >"$work/out" 2>&1
is "$?" 0 "init --from-url exits 0"
contains "$(cat "$work/out")" "stamp head" "and prints the next steps"
ok "the adopted schema.mig checks" "$MIGC" -C "$work/adopted" check
ok "revision --autogenerate writes the first revision" \
	"$MIGC" -C "$work/adopted" revision --autogenerate -m "adopt" --rev-id 0a0b0c0d0e0f
ok "check --models is clean" "$MIGC" -C "$work/adopted" check --models
ok "the adopted project builds" "$MIGC" -C "$work/adopted" build -o "$work/adopted-migrate"
pg_fresh_db rebuilt
ok "a fresh database upgrades with it" "$work/adopted-migrate" --url "$(url rebuilt)" upgrade head
dump rebuilt >"$work/rebuilt.sql"
ok "the rebuilt database dumps exactly as the original" diff -u "$work/orig.sql" "$work/rebuilt.sql"
out=$("$MIGC" -C "$work/adopted" diff --url "$(url orig)" 2>/dev/null)
is "$?:$out" "0:no differences: the database matches schema.mig" "diff --url of the original against the adopted project is clean"
ok "the adopted migrator stamps the original" "$work/adopted-migrate" --url "$(url orig)" stamp head
is "$("$work/adopted-migrate" --url "$(url orig)" current 2>&1)" "0a0b0c0d0e0f (head)" "which is then at the adopted head"
"$MIGC" init --from-url "$(url orig)" "$work/adopted" >"$work/out" 2>&1
is "$?" 2 "init --from-url refuses an existing project"
is "$(scratch_left orig)" 0 "init leaves nothing behind"

# ---- init --from-url of a database with objects migc cannot express -------------------
pg_fresh_db rich
pg_psql -d rich -f tests/e2e/catalog/rich.sql >/dev/null
pg_psql -d rich -f tests/e2e/catalog/unsupported.sql >/dev/null
"$MIGC" init --from-url "$(url rich)" "$work/rich" >"$work/out" 2>"$work/err"
is "$?" 0 "init --from-url adopts a database with unsupported objects"
schema=$(cat "$work/rich/schema.mig")
contains "$schema" "create view app.rich_accounts as" "schema.mig adopts a view"
contains "$schema" "execute function app.touch()" "a trigger is adopted"
contains "$schema" "--   table app.rooms, left out whole" "and a table with a column of an unknown type"
contains "$schema" "create type app.mood as enum" "an enum in a second schema is adopted"
contains "$schema" "mood app.mood not null default 'ok'::app.mood" \
	"defaults keep PostgreSQL's printing, qualified"
contains "$(cat "$work/err")" "objects migc cannot express" "the unsupported objects are warned about"
ok "the adopted schema.mig checks" "$MIGC" -C "$work/rich" check
"$MIGC" -C "$work/rich" diff --url "$(url rich)" >"$work/out" 2>/dev/null
is "$?" 1 "diff --url shows what was left out"
contains "$(cat "$work/out")" "not in schema.mig: table app.rooms" "the left-out table"
lacks "$(cat "$work/out")" "table public.items" "the table with a generated column is adopted"
contains "$(cat "$work/out")" "1 difference between" "and nothing else (schema-qualified expressions run in the scratch schemas)"

# ---- errors ---------------------------------------------------------------------------
q postgres "CREATE ROLE secretive LOGIN PASSWORD 'right-password'" >/dev/null
bad="postgresql://secretive:s3cr3t-w0rd@127.0.0.1:$PGPORT/blog"
"$MIGC" -C examples/blog diff --url "$bad" >"$work/out" 2>&1
is "$?" 2 "a connection failure exits 2"
contains "$(cat "$work/out")" "cannot connect to the database" "with a clear message"
lacks "$(cat "$work/out")" "s3cr3t-w0rd" "that never shows the password"
"$MIGC" init --from-url "$bad" "$work/nope" >"$work/out" 2>&1
is "$?" 2 "init --from-url that cannot connect exits 2"
ok "and writes nothing" test ! -e "$work/nope/migc.conf"
cat >"$work/spell/schema.mig" <<'EOF'
create table t (id integer primary key, a integer default 'not a number');
EOF
"$MIGC" -C "$work/spell" diff --url "$(url spell)" >"$work/out" 2>&1
is "$?" 1 "a schema.mig statement PostgreSQL rejects exits 1"
contains "$(cat "$work/out")" "schema.mig:1:1: error: PostgreSQL rejects this statement" "located at the statement"
is "$(scratch_left spell)" 0 "and leaves no scratch schema"

done_testing
