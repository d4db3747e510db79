# tests/lib/e2e.sh - the common start of an end-to-end test (tests/e2e/*.t).
#
# A test starts
#   cd "$(dirname "$0")/../.." || exit 1
#   . tests/lib/e2e.sh
# which sets ROOT (the repository root, the working directory) and MIGC (the
# migc under test, $MIGC_OUT/bin/migc), sources tests/lib/tap.sh and
# tests/lib/pg.sh, creates the work directory $work (named after the test;
# TAP_TMP too) and, at exit, stops the throwaway server and removes $work
# (trap e2e_cleanup EXIT: a test that needs more cleanup sets its own trap
# and calls e2e_cleanup from it).  Then:
#   e2e_pg_start    pg_start; when the server cannot start, a failed test
#                   and exit 1 (never a skip)
#   sql_runs ST F DB  `migc sql` exited 0 (ST) and psql runs its script F
# and helpers for the tests that talk to the server:
#   e2e_url DB        a libpq URL of database DB on the throwaway server
#   e2e_dump DB       DB's schema as pg_dump --schema-only prints it,
#                     normalised (tests/lib/normdump.awk), without the
#                     version table; owners and privileges are left out
#                     unless the test sets e2e_dump_options= (empty)
#   e2e_q DB SQL      the rows of one query, unaligned
#   e2e_wait_for DB SQL [SECONDS]  polls until the query returns t (a
#                     condition awaited positively, never a bare sleep)
#   e2e_check_logged MIGRATOR DB  the migrator's check with its statements
#                     in the server log (the drift tests read which way
#                     check built the expected schema)
#   e2e_adopt_roundtrip SRC PROJ FRESH MIGRATOR [init options]
#                     adoption end to end (11 checks, below)
#   e2e_revision_roundtrip PROJ MIGRATOR DB TARGET DUMP
#                     a new revision up and down again (6 checks, below)
ROOT=$(pwd)
MIGC=${MIGC_OUT:-$ROOT}/bin/migc
. tests/lib/tap.sh
. tests/lib/pg.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/migc-$(basename "$0" .t).XXXXXX") || exit 1
TAP_TMP=$work

e2e_cleanup() {
	pg_stop
	rm -rf "$work"
}
trap e2e_cleanup EXIT

# sql_runs STATUS FILE DB: passes when the `migc sql` that wrote FILE
# exited 0 (its STATUS) and psql runs FILE on DB without an error (an
# empty script from a failed migc sql would run without one)
sql_runs() {
	if [ "$1" -ne 0 ]; then
		echo "migc sql exited $1"
		return 1
	fi
	psql -X -q -v ON_ERROR_STOP=1 -d "$3" -f "$2"
}

e2e_pg_start() {
	if ! pg_start; then
		echo "not ok - the harness could not start PostgreSQL"
		exit 1
	fi
}

e2e_dump_options="--no-owner --no-privileges"
# e2e_url DB [ROLE]: the URL of database DB on the test server, as ROLE
# (default: $PGUSER)
e2e_url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=${2:-$PGUSER}"; }
e2e_q() { pg_psql -d "$1" -Atc "$2"; }
# (e2e_dump_options is split into words on purpose)
# shellcheck disable=SC2086
e2e_dump() {
	"${PG_BINDIR:+$PG_BINDIR/}pg_dump" --schema-only $e2e_dump_options \
		--exclude-table=public.migc_version -d "$1" | awk -f tests/lib/normdump.awk
}

# e2e_wait_for DB SQL [SECONDS]: returns 0 as soon as query SQL on DB
# returns t, polling ten times a second; 1 after SECONDS (default 60) of
# other answers, with the last one on stderr.
e2e_wait_for() {
	_n=0
	until _got=$(e2e_q "$1" "$2" 2>&1); [ "$_got" = t ]; do
		if [ "$_n" -ge "$((${3:-60} * 10))" ]; then
			echo "e2e_wait_for: still \"$_got\" after ${3:-60} s: $2" >&2
			return 1
		fi
		sleep 0.1
		_n=$((_n + 1))
	done
	return 0
}

# e2e_check_logged MIGRATOR DB: runs MIGRATOR's check on database DB with
# every statement of its session logged (log_statement=all); sets out
# (stdout and stderr), rc, and log (the server log lines it wrote)
e2e_check_logged() {
	_n=$(wc -l <"$PG_DIR/server.log")
	out=$(PGOPTIONS="-c log_statement=all" "$1" --url "$(e2e_url "$2")" check 2>&1)
	rc=$?
	log=$(tail -n +"$((_n + 1))" "$PG_DIR/server.log")
}

# e2e_adopt_roundtrip SRC PROJ FRESH MIGRATOR [init options...]: database
# SRC is adopted into project PROJ and a fresh database FRESH is built by
# the result; 11 checks:
#   init --from-url SRC PROJ exits 0 (its stdout and stderr are kept in
#   $work/adopt.out and $work/adopt.err for the test's own checks), the
#   adopted schema.mig checks, revision --autogenerate writes the first
#   revision (0a0b0c0d0e0f_adopt.mig), check --models is clean, the project
#   builds MIGRATOR, which upgrades FRESH (made empty first) to head;
#   FRESH dumps exactly as SRC ($work/SRC.sql and $work/FRESH.sql, kept);
#   the migrator's check is clean on FRESH and compares everything (its
#   output in $work/adopt-check.out); diff --url is clean on SRC (its
#   stderr in $work/adopt-diff.err) and on FRESH.
e2e_adopt_roundtrip() {
	_src=$1 _proj=$2 _fresh=$3 _mig=$4
	shift 4
	"$MIGC" init --from-url "$(e2e_url "$_src")" "$@" "$_proj" >"$work/adopt.out" 2>"$work/adopt.err"
	is "$?" 0 "init --from-url adopts database $_src"
	ok "the adopted schema.mig checks" "$MIGC" -C "$_proj" check
	ok "revision --autogenerate writes the first revision" \
		"$MIGC" -C "$_proj" revision --autogenerate -m "adopt" --rev-id 0a0b0c0d0e0f
	ok "check --models is clean" "$MIGC" -C "$_proj" check --models
	ok "the adopted project builds" "$MIGC" -C "$_proj" build -o "$_mig"
	pg_fresh_db "$_fresh"
	ok "a fresh database upgrades with it" "$_mig" --url "$(e2e_url "$_fresh")" upgrade head
	e2e_dump "$_src" >"$work/$_src.sql"
	e2e_dump "$_fresh" >"$work/$_fresh.sql"
	ok "the fresh database dumps exactly as the original" diff -u "$work/$_src.sql" "$work/$_fresh.sql"
	"$_mig" --url "$(e2e_url "$_fresh")" check >"$work/adopt-check.out" 2>&1
	is "$?" 0 "the migrator's check is clean on the fresh database"
	lacks "$(cat "$work/adopt-check.out")" "not compared" "and compares everything"
	_out=$("$MIGC" -C "$_proj" diff --url "$(e2e_url "$_src")" 2>"$work/adopt-diff.err")
	is "$?:$_out" "0:no differences: the database matches schema.mig" "diff --url of the original is clean"
	_out=$("$MIGC" -C "$_proj" diff --url "$(e2e_url "$_fresh")" 2>/dev/null)
	is "$?:$_out" "0:no differences: the database matches schema.mig" "diff --url of the fresh database is clean"
}

# e2e_revision_roundtrip PROJ MIGRATOR DB TARGET DUMP: the revisions
# written into project PROJ since TARGET (their downgrades derived by migc
# or written) check, build MIGRATOR, upgrade database DB to head, where
# the migrator's check is clean, and downgrade it to TARGET, after which
# DB dumps exactly as file DUMP (DB's e2e_dump at TARGET); 6 checks.
e2e_revision_roundtrip() {
	ok "the new revisions check" "$MIGC" -C "$1" check
	ok "and build" "$MIGC" -C "$1" build -o "$2"
	ok "the database upgrades to them" "$2" --url "$(e2e_url "$3")" upgrade head
	_out=$("$2" --url "$(e2e_url "$3")" check 2>&1)
	is "$?" 0 "the migrator's check is clean after them"
	ok "the downgrade to $4 runs" "$2" --url "$(e2e_url "$3")" downgrade "$4"
	e2e_dump "$3" >"$work/$3-down.sql"
	ok "and leaves the database exactly as it was (pg_dump)" diff -u "$5" "$work/$3-down.sql"
}
