#!/bin/sh
# tests/e2e/82-fmt.t - migc fmt: layout, meaning kept, idempotence, bad input.
#
# 1. tests/golden-fmt/<case>/input.mig formatted in place must become
#    expected.mig (with expected.err and expected.status when given), and
#    formatting it again must change nothing.  With expected.check, `migc
#    fmt --check input.mig` must print it, exit 1 and leave the file alone.
# 2. Every golden project (tests/golden, tests/golden-authoring),
#    examples/blog and three generated projects (tests/tools/genproject.py):
#    after `migc fmt`, `migc check` gives the same diagnostics (positions
#    aside), `migc build --print-digest` the same digest (so every revision
#    checksum is the same), `migc sql upgrade` and `sql downgrade base` the
#    same SQL (source lines aside); a second `migc fmt` changes nothing and
#    `migc fmt --check` then agrees.
# 3. The bad-input corpus (tests/badinput/gen.py): fmt reports errors, never
#    crashes and never writes a file it could not parse.
# No database is needed.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

# ---- 1. golden-fmt cases ----------------------------------------------------
for dir in tests/golden-fmt/*/; do
	c=$(basename "$dir")
	run=$work/g/$c
	mkdir -p "$run"
	cp "$dir/input.mig" "$run/input.mig"
	if [ -f "$dir/expected.check" ]; then
		(cd "$run" && "$MIGC" fmt --check input.mig >check.out 2>&1)
		is "$?" 1 "$c: fmt --check exits 1"
		ok "$c: fmt --check names the first difference" diff -u "$dir/expected.check" "$run/check.out"
		ok "$c: fmt --check changes nothing" cmp "$dir/input.mig" "$run/input.mig"
	fi
	(cd "$run" && "$MIGC" fmt input.mig >out 2>err)
	status=$?
	want=0
	[ -f "$dir/expected.status" ] && want=$(cat "$dir/expected.status")
	is "$status" "$want" "$c: exit status"
	ok "$c: the formatted file is expected.mig" diff -u "$dir/expected.mig" "$run/input.mig"
	if [ -f "$dir/expected.err" ]; then
		ok "$c: messages as expected" diff -u "$dir/expected.err" "$run/err"
	else
		is "$(cat "$run/err")" "" "$c: no messages"
	fi
	if [ "$want" -eq 0 ]; then
		(cd "$run" && "$MIGC" fmt --check input.mig >check.out 2>&1)
		is "$?" 0 "$c: fmt --check finds nothing left to change"
	fi
done

# ---- 2. meaning kept over whole projects --------------------------------------
# what must not change: diagnostics without positions or source excerpts,
# the digest, the SQL without source line numbers
snapshot() {
	d=$1
	"$MIGC" -C "$d" check >/dev/null 2>"$work/snap.err"
	echo "check $?"
	grep -E ': (error|warning|note): ' "$work/snap.err" |
		sed -E 's/^([^ :]+):[0-9]+:[0-9]+: /\1: /'
	"$MIGC" -C "$d" build --print-digest 2>/dev/null
	echo "digest $?"
	# migc's own exit status, not sed's
	"$MIGC" -C "$d" sql upgrade >"$work/snap.sql" 2>/dev/null
	st=$?
	sed -E 's/\.mig:[0-9]+\)/.mig)/' "$work/snap.sql"
	echo "upgrade $st"
	"$MIGC" -C "$d" sql downgrade base >"$work/snap.sql" 2>/dev/null
	st=$?
	sed -E 's/\.mig:[0-9]+\)/.mig)/' "$work/snap.sql"
	echo "downgrade $st"
}

python3 tests/tools/genproject.py "$work/gen1" 40 1 >/dev/null &&
python3 tests/tools/genproject.py "$work/gen2" 60 2 >/dev/null &&
python3 tests/tools/genproject.py "$work/gen3" 80 3 >/dev/null
is "$?" 0 "genproject.py wrote three projects"

n=0
for src in tests/golden/*/ tests/golden-authoring/*/project/ examples/blog/ \
	"$work"/gen1/ "$work"/gen2/ "$work"/gen3/; do
	[ -f "$src/migc.conf" ] || continue
	n=$((n + 1))
	name=$(echo "$src" | sed "s|^$work/||; s|/$||")
	p=$work/p/$n
	mkdir -p "$p"
	cp -R "$src/." "$p/"
	snapshot "$p" >"$work/before"
	"$MIGC" -C "$p" fmt >"$work/fmt.out" 2>"$work/fmt.err"
	status=$?
	if [ "$status" -gt 1 ] || grep -q "a bug in migc fmt" "$work/fmt.err"; then
		_tap_result 1 "$name: fmt runs (status $status)"
		sed 's/^/#   /' "$work/fmt.err" | head -10
		continue
	fi
	snapshot "$p" >"$work/after"
	ok "$name: same diagnostics, digest and SQL after fmt" diff -u "$work/before" "$work/after"
	"$MIGC" -C "$p" fmt >"$work/fmt2.out" 2>/dev/null
	"$MIGC" -C "$p" fmt --check >"$work/check.out" 2>/dev/null
	cstatus=$?
	is "$(cat "$work/fmt2.out")|$(cat "$work/check.out")|$cstatus" "||$status" \
		"$name: fmt again changes nothing, fmt --check agrees"
done

# ---- 3. bad input -------------------------------------------------------------
python3 tests/badinput/gen.py "$work/bad" >/dev/null
bad_total=0 bad_crash=0 bad_changed=0
for f in "$work"/bad/*.mig; do
	bad_total=$((bad_total + 1))
	cp "$f" "$work/one.mig"
	"$MIGC" fmt "$work/one.mig" >/dev/null 2>"$work/one.err"
	status=$?
	if [ "$status" -gt 1 ]; then
		bad_crash=$((bad_crash + 1))
		echo "# $(basename "$f"): exit $status: $(head -c 200 "$work/one.err")"
	fi
	if [ "$status" -ne 0 ] && ! cmp -s "$f" "$work/one.mig"; then
		bad_changed=$((bad_changed + 1))
	fi
done
is "$bad_crash" 0 "bad input: $bad_total files, fmt exits 0 or 1 on each (never crashes)"
is "$bad_changed" 0 "bad input: a file fmt refuses is left as it was"

# ---- usage ----------------------------------------------------------------------
"$MIGC" fmt --bogus >/dev/null 2>&1
is "$?" 2 "an unknown option is a usage error"
"$MIGC" fmt "$work/no-such-file.mig" >/dev/null 2>&1
is "$?" 2 "a file that cannot be read is an I/O error"
mkdir -p "$work/notproject"
"$MIGC" -C "$work/notproject" fmt >/dev/null 2>&1
is "$?" 2 "without FILES, fmt needs a project"

done_testing
