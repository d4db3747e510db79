#!/bin/sh
# tests/e2e/84-connections.t - connections as a FastAPI project's users have
# them (docs/migrator.md "Connection"):
#   - SQLAlchemy URLs (postgresql+asyncpg://, +psycopg2, +psycopg) work in
#     the migrator (--url, DATABASE_URL) and in `migc diff --url`, with one
#     note on stderr naming the dropped driver and nothing of the URL;
#   - `migc diff`, `revision --autogenerate` and `init` resolve the
#     connection as the migrator does: DATABASE_URL, the DATABASE_*
#     variables, libpq's defaults;
#   - --env-file FILE (both binaries) reads the variables from a dotenv file
#     (export, quotes, comments), a variable set in the environment wins
#     over the file, a missing or malformed file is an error that prints no
#     value, and no .env is read unless asked;
#   - the password appears in no output.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

PW=Zk9qTop7secret
P=$work/proj
mkdir -p "$P/versions"
printf 'name = conn\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_a.mig" <<'MIG'
revision 000000000001
parent base
message "create notes"
upgrade { create table notes (id bigint primary key, body text); }
downgrade { drop table notes; }
MIG
printf 'create table notes (id bigint primary key, body text);\n' >"$P/schema.mig"
ok "migc builds the project" "$MIGC" -C "$P" build -o "$work/m"
e2e_pg_start
psql -X -q -d postgres -c "create role app login password '$PW'" -c "create database appdb owner app" >/dev/null
HP="127.0.0.1:$PGPORT"
all=$work/all.out
: >"$all"
# run NAME CMD...: output (stdout and stderr) in $work/NAME, status in $st
run() {
	name=$1
	shift
	"$@" >"$work/$name" 2>&1
	st=$?
	cat "$work/$name" >>"$all"
}
# the PG* variables the harness exports would otherwise name the database
nopg() { env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE "$@"; }

# ---- SQLAlchemy URLs ------------------------------------------------------------
run up1 nopg "$work/m" --url "postgresql+asyncpg://app:$PW@$HP/appdb" upgrade head
is "$st" 0 "migrator: --url postgresql+asyncpg:// upgrades"
contains "$(cat "$work/up1")" "m: note: using postgresql:// without the +asyncpg driver part" "migrator: the dropped driver is noted on stderr"
is "$(grep -c 'driver part' "$work/up1")" 1 "migrator: the note is printed once"
run cur1 nopg env DATABASE_URL="postgresql+psycopg2://app:$PW@$HP/appdb" "$work/m" current
is "$st" 0 "migrator: DATABASE_URL=postgresql+psycopg2:// connects"
contains "$(cat "$work/cur1")" "000000000001" "migrator: and reports the applied revision"
contains "$(cat "$work/cur1")" "note: using postgresql:// without the +psycopg2 driver part" "migrator: the +psycopg2 note"
run bad1 nopg "$work/m" --url "postgresql+asyncpg://app:${PW}x@$HP/appdb" current
is "$st" 3 "migrator: a wrong password in a SQLAlchemy URL exits 3"
contains "$(cat "$work/bad1")" "password authentication failed for user \"app\"" "migrator: the failure is reported intact"
run diff1 nopg "$MIGC" -C "$P" diff --url "postgresql+psycopg://app:$PW@$HP/appdb"
is "$st" 0 "migc diff --url postgresql+psycopg:// connects and finds no difference"
contains "$(cat "$work/diff1")" "migc: note: using postgresql:// without the +psycopg driver part" "migc diff: the dropped driver is noted"
contains "$(cat "$work/diff1")" "no differences: the database matches schema.mig" "migc diff: compares the database"

# ---- migc resolves the connection as the migrator does --------------------------
run diff2 nopg env DATABASE_HOSTNAME=127.0.0.1 DATABASE_PORT="$PGPORT" DATABASE_NAME=appdb \
	DATABASE_USERNAME=app DATABASE_PASSWORD="$PW" "$MIGC" -C "$P" diff
is "$st" 0 "migc diff without --url uses the DATABASE_* variables"
contains "$(cat "$work/diff2")" "no differences" "migc diff (DATABASE_*): compares the database"
run diff3 nopg env DATABASE_URL="postgresql+asyncpg://app:$PW@$HP/appdb" "$MIGC" -C "$P" diff
is "$st" 0 "migc diff without --url uses DATABASE_URL (a SQLAlchemy one)"
run diff4 env PGDATABASE=appdb "$MIGC" -C "$P" diff
is "$st" 0 "migc diff with nothing set uses libpq's defaults (PG* variables)"
psql -X -q -d appdb -c "create table extra (id int)" >/dev/null
run diff5 env PGDATABASE=appdb "$MIGC" -C "$P" diff
is "$st" 1 "migc diff (libpq's defaults) sees a table made by hand"
run rev1 nopg env DATABASE_URL="postgresql+asyncpg://app:$PW@$HP/appdb" "$MIGC" -C "$P" diff --url "postgresql://app:${PW}x@$HP/appdb"
is "$st" 2 "migc diff: --url wins over DATABASE_URL (its wrong password fails)"

# ---- --env-file -------------------------------------------------------------------
cat >"$work/app.env" <<EOF
# the app's settings
SECRET_KEY=not-a-database-setting
export DATABASE_URL="postgresql+asyncpg://app:$PW@$HP/appdb"   # async driver
EOF
run ef1 nopg "$work/m" --env-file "$work/app.env" current
is "$st" 0 "migrator --env-file: DATABASE_URL from the file (export, quotes, comment)"
contains "$(cat "$work/ef1")" "000000000001" "migrator --env-file: reports the applied revision"
run ef2 nopg "$MIGC" -C "$P" diff --env-file "$work/app.env"
is "$st" 1 "migc diff --env-file: connects (and sees the hand-made table)"
contains "$(cat "$work/ef2")" "not in schema.mig: table public.extra" "migc diff --env-file: names the extra table"
cat >"$work/vars.env" <<EOF
DATABASE_HOSTNAME=127.0.0.1
DATABASE_PORT = $PGPORT
DATABASE_NAME='appdb'
DATABASE_USERNAME=app
DATABASE_PASSWORD='$PW'
EOF
run ef3 nopg "$work/m" --env-file "$work/vars.env" current
is "$st" 0 "migrator --env-file: the DATABASE_* variables from the file"
run ef4 nopg "$MIGC" -C "$P" revision --autogenerate --env-file "$work/vars.env" -m "drop extra" --rev-id 000000000002
is "$st" 0 "migc revision --autogenerate --env-file connects"
contains "$(cat "$P"/versions/000000000002_*.mig)" "drop table if exists extra" "and writes the revision from that database"
rm -f "$P"/versions/000000000002_*.mig
run ef5 nopg "$MIGC" init --env-file "$work/vars.env" "$work/adopted"
is "$st" 0 "migc init --env-file adopts the database"
contains "$(cat "$work/adopted/schema.mig")" "create table extra" "init --env-file: schema.mig has the database's tables"

# the environment wins over the file
cat >"$work/other.env" <<EOF
DATABASE_URL=postgresql://app:$PW@$HP/nosuchdb
EOF
run win1 nopg env DATABASE_URL="postgresql://app:$PW@$HP/appdb" "$work/m" --env-file "$work/other.env" current
is "$st" 0 "migrator: DATABASE_URL set in the environment wins over the file's"
run win2 nopg "$work/m" --env-file "$work/other.env" current
is "$st" 3 "migrator: the file's DATABASE_URL is used when the environment has none"
contains "$(cat "$work/win2")" "database \"nosuchdb\" does not exist" "migrator: the file's database is the one tried"
run win3 nopg env DATABASE_URL="postgresql://app:$PW@$HP/appdb" "$MIGC" -C "$P" diff --env-file "$work/other.env"
is "$st" 1 "migc diff: the environment wins over the file too"
run win4 nopg env DATABASE_PASSWORD="${PW}x" "$work/m" --env-file "$work/vars.env" current
is "$st" 3 "migrator: DATABASE_PASSWORD from the environment wins over the file's"

# errors print no value; nothing reads .env by default
run miss nopg "$work/m" --env-file "$work/none.env" current
is "$st" 2 "migrator: a missing --env-file is a usage error (exit 2)"
contains "$(cat "$work/miss")" "none.env: cannot read" "migrator: and names the file"
printf 'DATABASE_PASSWORD="%s\n' "$PW" >"$work/broken.env"
run brk1 nopg "$work/m" --env-file "$work/broken.env" current
is "$st" 2 "migrator: a malformed --env-file exits 2"
contains "$(cat "$work/brk1")" "broken.env:1: the quoted value does not end" "migrator: the error names the file and line"
run brk2 nopg "$MIGC" -C "$P" diff --env-file "$work/broken.env"
is "$st" 2 "migc diff: a malformed --env-file exits 2"
contains "$(cat "$work/brk2")" "broken.env:1:" "migc diff: the error names the file and line"
mkdir -p "$work/cwd"
printf 'DATABASE_URL=postgresql://app:%s@%s/nosuchdb\n' "$PW" "$HP" >"$work/cwd/.env"
run def1 sh -c "cd '$work/cwd' && PGDATABASE=appdb '$work/m' current"
is "$st" 0 "migrator: a .env in the working directory is not read unless --env-file names it"
run def2 sh -c "cd '$work/cwd' && PGDATABASE=appdb '$MIGC' -C '$P' diff"
is "$st" 1 "migc diff: nor by migc"

lacks "$(cat "$all")" "$PW" "the password appears in no output"
lacks "$(cat "$all")" "app:" "no URL (user:password) appears in any output"
done_testing
