#!/bin/sh
# tests/e2e/90-bad-input.t - the bad-input corpus (issue 5): truncations,
# stray tokens, overlong identifiers, NUL bytes, invalid UTF-8, deep
# nesting, 10 MB files, unterminated $$ and quotes.  tests/badinput/gen.py
# writes the cases at test time; for each one `migc build -o X` must print
# the expected error first, at its pinned line and column
# (path:line:col: error: message), exit 1
# without dying, and leave no X behind.  When the fuzz target is built
# (tests/fuzz/run.sh), every case also replays through it under ASan+UBSan.
# Needs no database.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
FUZZER=${MIGC_OUT:-$ROOT}/build/fuzz/fuzz_compile

n=$(python3 tests/badinput/gen.py "$work/cases")
is "$([ "$n" -ge 100 ] && echo yes)" yes "the corpus has at least 100 cases ($n)"

VALID='revision 000000000001
parent base
upgrade {
    create table t (id integer);
}'
for want_file in "$work"/cases/*.want; do
	name=$(basename "$want_file" .want)
	P=$work/p
	rm -rf "$P" "$work/X"
	mkdir -p "$P/versions"
	printf 'name = bad\n' >"$P/migc.conf"
	if [ -f "$work/cases/$name.schema.mig" ]; then
		cp "$work/cases/$name.schema.mig" "$P/schema.mig"
		printf '%s\n' "$VALID" >"$P/versions/000000000001_ok.mig"
		path=schema.mig
	else
		cp "$work/cases/$name.mig" "$P/versions/000000000001_bad.mig"
		path=versions/000000000001_bad.mig
	fi
	# from inside the project, so that paths print relative to it
	(cd "$P" && timeout 60 "$MIGC" build -o "$work/X") >"$work/out" 2>"$work/err"
	status=$?
	want=$(cat "$want_file")
	loc=${want%%: error: *}
	msg=${want#*: error: }
	# every case pins its line and column (tests/badinput/gen.py)
	prefix="$path:$loc: error: $msg"
	case $loc in
	[1-9]*:[1-9]*) ;;
	*) prefix="(no line and column pinned: $want)" ;;
	esac
	first=$(grep -a -m1 ': error: ' "$work/err")
	why=""
	[ "$status" -eq 1 ] || why="$why exit $status;"
	[ -e "$work/X" ] && why="$why output file left behind;"
	case $first in
	"$prefix"*) case $first in *": error: $msg"*) ;; *) why="$why wrong message;" ;; esac ;;
	*) why="$why wrong first error;" ;;
	esac
	if [ -z "$why" ]; then
		_tap_result 0 "$name: $want"
	else
		_tap_result 1 "$name:$why"
		echo "#   want: $path:$want" | cut -c1-300
		echo "#   got:  $first" | cut -c1-300
		head -c 600 "$work/err" | sed 's/^/#   | /'
	fi
done

if [ -x "$FUZZER" ]; then
	# the fuzz target reads a whole input as a revision file (no "%%%%" in
	# these): sanitizers watch the same code paths that migc ran above
	"$FUZZER" -runs=1 -rss_limit_mb=4096 -timeout=120 "$work"/cases/*.mig >"$work/fuzz.log" 2>&1
	st=$?
	[ $st -ne 0 ] && grep -aE 'ERROR|SUMMARY' "$work/fuzz.log" | head -10 | sed 's/^/#   /'
	is "$st" 0 "every case replays under ASan+UBSan without a report"
else
	echo "ok $((_tap_n + 1)) # skip the fuzz target is not built (tests/fuzz/run.sh builds it)"
	_tap_n=$((_tap_n + 1))
fi

done_testing
