#!/bin/sh
# tests/run.sh - runs the whole test suite and ends with "N passed, N failed".
#
# Every test program speaks TAP (git's t/ style): unit tests (C, built by
# make into $MIGC_OUT/build/tests), golden tests (tests/golden/run.sh, run
# twice: with migc and with the ASan+UBSan migc of make san), the
# fuzz target (tests/fuzz/run.sh, clang + libFuzzer) and
# end-to-end tests (tests/e2e/*.t, shell, each against a throwaway
# PostgreSQL).  A program that exits non-zero, dies, or runs fewer tests
# than its plan says counts as one more failure.  A skip ("ok N # skip
# REASON") is not a pass: with a reason it is counted as skipped and the
# reason is listed at the end; without one it is a failure.  Set TESTS to a
# space-separated list of test files to run only those.
#
# The last line is always "N passed, N failed" (CI reads it); when some
# tests were skipped, the line before it says how many, after the reasons.
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
MIGC_OUT=${MIGC_OUT:-$ROOT}
export MIGC_OUT ROOT

passed=0
failed=0
skipped=0
failed_names=""
log_dir=$(mktemp -d "${TMPDIR:-/tmp}/migc-tests.XXXXXX")
# migc sql's plan cache (docs/compiler.md) stays inside this run, not in
# the user's ~/.cache
MIGC_CACHE_DIR=${MIGC_CACHE_DIR:-$log_dir/migc-cache}
export MIGC_CACHE_DIR
skips="$log_dir/skips"
: >"$skips"

run_one() {
	name=$1
	shift
	out="$log_dir/$(echo "$name" | tr '/' '_').log"
	"$@" >"$out" 2>&1
	status=$?
	# count TAP lines; a plan "1..N" must match the number run.  A skip
	# with a reason goes to $skips; one without a reason is a failure.
	set -- $(awk -v name="$name" -v skips="$skips" '
		/^ok / {
			if (tolower($0) ~ /^ok [0-9]*[^#]*# *skip/) {
				reason = $0
				sub(/^[^#]*# *[sS][kK][iI][pP][^ \t]*[ \t]*/, "", reason)
				if (reason ~ /[a-zA-Z]/) { skip++; print "  " name ": " reason >>skips }
				else bad_skip++
			} else ok++
		}
		/^not ok /  { nok++ }
		/^1\.\.[0-9]+/ { split($0, a, "\\.\\."); plan = a[2] + 0; has_plan = 1 }
		END { printf "%d %d %d %d %d %d\n", ok, nok, plan, has_plan, skip, bad_skip }' "$out")
	ok=$1 nok=$2 plan=$3 has_plan=$4 skip=$5 bad_skip=$6
	extra=0
	if [ "$status" -ne 0 ] && [ "$nok" -eq 0 ]; then extra=1; fi
	if [ "$has_plan" -eq 0 ] || [ $((ok + nok + skip + bad_skip)) -ne "$plan" ]; then extra=1; fi
	passed=$((passed + ok))
	skipped=$((skipped + skip))
	failed=$((failed + nok + bad_skip + extra))
	if [ $((nok + bad_skip + extra)) -gt 0 ]; then
		printf 'FAIL %-40s %d ok, %d not ok%s%s\n' "$name" "$ok" "$nok" \
			"$( [ "$bad_skip" -gt 0 ] && echo ", $bad_skip skipped without a reason" )" \
			"$( [ "$extra" -eq 1 ] && echo ", exit $status / plan $plan" )"
		grep -iE '^(not ok|#|ok [0-9]* *# *skip)' "$out" | head -40 | sed 's/^/    /'
		if [ "$nok" -eq 0 ] && [ "$bad_skip" -eq 0 ]; then tail -15 "$out" | sed 's/^/    | /'; fi
		failed_names="$failed_names $name"
	else
		printf 'ok   %-40s %d tests%s\n' "$name" "$ok" \
			"$( [ "$skip" -gt 0 ] && echo ", $skip skipped" )"
	fi
}

if [ -n "${TESTS:-}" ]; then
	for t in $TESTS; do
		case $t in
		*.t) run_one "$t" sh "$t" ;;
		*) run_one "$t" "$t" ;;
		esac
	done
else
	for t in "$MIGC_OUT"/build/tests/test_*; do
		[ -x "$t" ] || continue
		run_one "unit/$(basename "$t")" "$t"
	done
	if [ -x tests/golden/run.sh ] || [ -f tests/golden/run.sh ]; then
		run_one "golden" sh tests/golden/run.sh
	fi
	# the golden suite again with migc built with ASan+UBSan (make san, which
	# make check runs first; its absence is a failure, not a skip).  Leak
	# checking at exit would triple the time per case; the fuzz target
	# below checks leaks over the same code.
	if [ -x "$MIGC_OUT/build/san/bin/migc" ]; then
		run_one "golden-san" env MIGC_OUT="$MIGC_OUT/build/san" \
			ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" sh tests/golden/run.sh
	else
		run_one "golden-san" sh -c 'echo "not ok 1 - no sanitizer migc in $MIGC_OUT/build/san: run make san"; echo 1..1'
	fi
	# the authoring commands (init, revision, autogenerate) and migc fmt
	# under the sanitizer migc too: their golden cases are these two tests
	for t in tests/e2e/80-authoring.t tests/e2e/82-fmt.t; do
		if [ -x "$MIGC_OUT/build/san/bin/migc" ]; then
			run_one "$t (san)" env MIGC_OUT="$MIGC_OUT/build/san" \
				ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" sh "$t"
		else
			run_one "$t (san)" sh -c 'echo "not ok 1 - no sanitizer migc in $MIGC_OUT/build/san: run make san"; echo 1..1'
		fi
	done
	# libFuzzer over the parser, the checker, fmt, the migrator's command
	# line and version-table reader: FUZZ_SECONDS in all (default 60)
	run_one "fuzz" sh tests/fuzz/run.sh
	for t in tests/e2e/*.t; do
		[ -f "$t" ] || continue
		run_one "$t" sh "$t"
	done
fi

echo
if [ "$skipped" -gt 0 ]; then
	echo "skipped (not counted as passed):"
	cat "$skips"
fi
if [ "$failed" -gt 0 ]; then
	echo "failed:$failed_names (logs in $log_dir)"
else
	rm -rf "$log_dir"
fi
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped (reasons listed above)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
