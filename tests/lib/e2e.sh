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
