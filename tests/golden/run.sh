#!/bin/sh
# tests/golden/run.sh - golden tests: input project -> expected output.
#
# Each directory tests/golden/<case>/ is a migc project plus:
#   cmd             the migc arguments (default: "sql"), one line
#   expected.out    expected standard output
#   expected.err    expected standard error (diagnostics with carets)
#   expected.status expected exit status (default 0)
#   expected.c      optional: the generated C (migc build --emit-c)
# On a mismatch the actual output is written next to the expected one as
# *.actual with a diff in the log.  `--accept` (make golden-accept) copies
# actual to expected, for review with git diff.
set -u
cd "$(dirname "$0")" || exit 2
HERE=$(pwd)
MIGC=${MIGC_OUT:-$HERE/../..}/bin/migc
accept=0
[ "${1:-}" = "--accept" ] && accept=1

cases=$(find . -mindepth 1 -maxdepth 1 -type d | sed 's|^\./||' | LC_ALL=C sort)
n=0
total=$(echo "$cases" | grep -c .)
echo "1..$total"
for c in $cases; do
	n=$((n + 1))
	dir=$HERE/$c
	args="sql"
	[ -f "$dir/cmd" ] && args=$(cat "$dir/cmd")
	want_status=0
	[ -f "$dir/expected.status" ] && want_status=$(cat "$dir/expected.status")
	# shellcheck disable=SC2086
	(cd "$dir" && "$MIGC" $args >"$dir/out.actual" 2>"$dir/err.actual")
	status=$?
	echo "$status" >"$dir/status.actual"
	if [ -f "$dir/expected.c" ]; then
		(cd "$dir" && "$MIGC" build --emit-c "$dir/c.actual" >/dev/null 2>&1)
	fi
	if [ "$accept" -eq 1 ]; then
		mv "$dir/out.actual" "$dir/expected.out"
		mv "$dir/err.actual" "$dir/expected.err"
		if [ "$status" -ne 0 ]; then mv "$dir/status.actual" "$dir/expected.status"; else rm -f "$dir/status.actual" "$dir/expected.status"; fi
		[ -f "$dir/c.actual" ] && mv "$dir/c.actual" "$dir/expected.c"
		echo "ok $n - $c (accepted)"
		continue
	fi
	bad=""
	cmp -s "$dir/out.actual" "$dir/expected.out" 2>/dev/null || bad="$bad stdout"
	if [ -f "$dir/expected.err" ]; then
		cmp -s "$dir/err.actual" "$dir/expected.err" || bad="$bad stderr"
	elif [ -s "$dir/err.actual" ]; then
		bad="$bad stderr"
	fi
	[ "$status" = "$want_status" ] || bad="$bad status($status, want $want_status)"
	if [ -f "$dir/expected.c" ]; then
		cmp -s "$dir/c.actual" "$dir/expected.c" || bad="$bad generated-C"
	fi
	if [ -z "$bad" ]; then
		echo "ok $n - $c"
		rm -f "$dir/out.actual" "$dir/err.actual" "$dir/status.actual" "$dir/c.actual"
	else
		echo "not ok $n - $c:$bad"
		for f in out err; do
			[ -f "$dir/expected.$f" ] || touch "$dir/expected.$f.none"
			diff -u "$dir/expected.$f" "$dir/$f.actual" 2>/dev/null | head -30 | sed 's/^/# /'
			rm -f "$dir/expected.$f.none"
		done
	fi
done
