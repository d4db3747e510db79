#!/bin/sh
# tests/fuzz/run.sh - fuzzes the parser and checker (TAP; make check, make fuzz).
#
# Builds the libFuzzer target (make fuzzer: clang, ASan+UBSan), replays
# every recorded finding in tests/fuzz/regressions/ and every seed, then
# fuzzes for FUZZ_SECONDS (default 60) from the golden seeds plus the corpus
# kept between runs in $MIGC_OUT/build/fuzz/corpus.  A finding is written to
# $MIGC_OUT/build/fuzz/artifacts/; fix the compiler, then copy the file into
# tests/fuzz/regressions/ so that it is replayed forever after.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
OUTDIR=${MIGC_OUT:-$ROOT}
FB=$OUTDIR/build/fuzz
FUZZER=$FB/fuzz_compile
SECONDS_TO_FUZZ=${FUZZ_SECONDS:-60}
. tests/lib/tap.sh

if ! command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1; then
	echo "# clang is not installed (make deps installs it)"
fi
mkdir -p "$FB"
make -s OUT="$OUTDIR" fuzzer >"$FB.build.log" 2>&1
st=$?
[ $st -ne 0 ] && sed 's/^/# /' "$FB.build.log" | tail -20
is "$st" 0 "the fuzz target builds with clang -fsanitize=fuzzer,address,undefined"

# -runs=1 over files: each input once, any sanitizer report fails
regs=$(find tests/fuzz/regressions -type f ! -name README | sort)
if [ -n "$regs" ]; then
	# shellcheck disable=SC2086
	"$FUZZER" -runs=1 $regs >"$FB.regress.log" 2>&1
	st=$?
else
	st=0
fi
[ $st -ne 0 ] && grep -E 'ERROR|SUMMARY|Running' "$FB.regress.log" | tail -20 | sed 's/^/# /'
is "$st" 0 "every recorded finding ($(echo "$regs" | grep -c .)) replays without a crash"

rm -rf "$FB/seeds"
sh tests/fuzz/seeds.sh "$FB/seeds" >/dev/null
"$FUZZER" -runs=0 "$FB/seeds" >"$FB.seeds.log" 2>&1
st=$?
[ $st -ne 0 ] && grep -E 'ERROR|SUMMARY' "$FB.seeds.log" | tail -20 | sed 's/^/# /'
is "$st" 0 "every golden seed ($(ls "$FB/seeds" | wc -l)) replays without a crash"

mkdir -p "$FB/corpus" "$FB/artifacts"
"$FUZZER" -max_total_time="$SECONDS_TO_FUZZ" -timeout=10 -rss_limit_mb=2048 \
	-max_len=8192 -print_final_stats=1 -dict="$FB/seeds.dict" \
	-artifact_prefix="$FB/artifacts/" "$FB/corpus" "$FB/seeds" \
	>"$FB.fuzz.log" 2>&1
st=$?
grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Test unit written' "$FB.fuzz.log" | sed 's/^/# /'
is "$st" 0 "${SECONDS_TO_FUZZ}s of fuzzing find no crash (log: $FB.fuzz.log)"
done_testing
