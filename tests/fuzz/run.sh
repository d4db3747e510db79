#!/bin/sh
# tests/fuzz/run.sh - the fuzz targets (TAP; make check, make fuzz).
#
# Builds the libFuzzer targets (make fuzzer: clang, ASan+UBSan):
#   fuzz_compile         the parser, the checker and migc fmt
#   fuzz_migrator_args   the migrator's command line and target resolution
#   fuzz_version_rows    the migrator's reading of hostile version-table rows
# replays every recorded finding in tests/fuzz/regressions/ and every seed
# (the golden projects for fuzz_compile, tests/fuzz/seeds-*/ for the
# others), then fuzzes each from its seeds plus the corpus kept between
# runs in $MIGC_OUT/build/fuzz/corpus*: FUZZ_SECONDS in all (default 60),
# two thirds for fuzz_compile and a sixth for each of the other two.
#
# migc fmt's failed self-checks (its proof that a layout keeps the SQL,
# the comments and the exemptions) are findings here too (FUZZ_FMT_STRICT=1
# always): such a file is left as it was, but it is a fmt bug.
#
# A finding is written to $MIGC_OUT/build/fuzz/artifacts/; fix the code,
# then copy the file into tests/fuzz/regressions/ (fuzz_compile's) or the
# target's seed directory so that it is replayed forever after.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
OUTDIR=${MIGC_OUT:-$ROOT}
FB=$OUTDIR/build/fuzz
FUZZER=$FB/fuzz_compile
TOTAL=${FUZZ_SECONDS:-60}
SECONDS_COMPILE=$((TOTAL * 2 / 3))
SECONDS_OTHER=$((TOTAL / 6))
[ "$SECONDS_OTHER" -ge 1 ] || SECONDS_OTHER=1
FUZZ_FMT_STRICT=1
export FUZZ_FMT_STRICT
# libpg_query's own leak on a failed PL/pgSQL parse (lsan.supp says why)
LSAN_OPTIONS="suppressions=$ROOT/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
. tests/lib/tap.sh

if ! command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1; then
	echo "# clang is not installed (make deps installs it)"
fi
mkdir -p "$FB"
make -s OUT="$OUTDIR" fuzzer >"$FB.build.log" 2>&1
st=$?
[ $st -ne 0 ] && sed 's/^/# /' "$FB.build.log" | tail -20
is "$st" 0 "the fuzz targets build with clang -fsanitize=fuzzer,address,undefined"

# -runs=1 over files: each input once, any sanitizer report fails
regs=$(find tests/fuzz/regressions -type f ! -name README | sort)
if [ -n "$regs" ]; then
	# shellcheck disable=SC2086
	"$FUZZER" -runs=1 $regs >"$FB.regress.log" 2>&1
	st=$?
else
	st=0
fi
[ $st -ne 0 ] && grep -E 'ERROR|SUMMARY|Running|migc fmt:' "$FB.regress.log" | tail -20 | sed 's/^/# /'
is "$st" 0 "every recorded finding ($(echo "$regs" | grep -c .)) replays without a crash or a failed fmt self-check"

rm -rf "$FB/seeds"
sh tests/fuzz/seeds.sh "$FB/seeds" >/dev/null
"$FUZZER" -runs=0 "$FB/seeds" >"$FB.seeds.log" 2>&1
st=$?
[ $st -ne 0 ] && grep -E 'ERROR|SUMMARY|migc fmt:' "$FB.seeds.log" | tail -20 | sed 's/^/# /'
is "$st" 0 "every golden seed ($(ls "$FB/seeds" | wc -l)) replays without a crash or a failed fmt self-check"

# fuzz NAME SECONDS SEEDS [OPTIONS...]: fuzzes one target from its seeds
# and its kept corpus
fuzz() {
	name=$1 secs=$2 seeds=$3
	shift 3
	if [ "$name" = fuzz_compile ]; then corpus=$FB/corpus; else corpus=$FB/corpus-$name; fi
	mkdir -p "$corpus" "$FB/artifacts"
	"$FB/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$FB/artifacts/$name-" "$@" \
		"$corpus" "$seeds" >"$FB.$name.log" 2>&1
	st=$?
	grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Test unit written|migc fmt:' "$FB.$name.log" | sed 's/^/# /'
	is "$st" 0 "$name: ${secs}s of fuzzing find no crash (log: $FB.$name.log)"
}
fuzz fuzz_compile "$SECONDS_COMPILE" "$FB/seeds" -max_len=8192 -dict="$FB/seeds.dict"
for t in migrator_args version_rows; do
	seeds=tests/fuzz/seeds-$(echo $t | tr _ -)
	"$FB/fuzz_$t" -runs=0 "$seeds" >"$FB.fuzz_$t.seeds.log" 2>&1
	st=$?
	[ $st -ne 0 ] && grep -E 'ERROR|SUMMARY' "$FB.fuzz_$t.seeds.log" | tail -20 | sed 's/^/# /'
	is "$st" 0 "fuzz_$t: every stored seed ($(ls "$seeds" | wc -l)) replays without a crash"
	fuzz "fuzz_$t" "$SECONDS_OTHER" "$seeds" -max_len=1024
done
done_testing
