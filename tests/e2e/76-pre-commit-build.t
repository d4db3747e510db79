#!/bin/sh
# tests/e2e/76-pre-commit-build.t - the pre-commit hooks that build migc
# from this repository (docs/pre-commit.md, "Without migc on PATH"):
# tools/pre-commit-migc.sh run the way pre-commit runs a `language: script`
# hook - from the user's repository, with the hook's arguments - brings
# migc up to date with make (a no-op here: the suite built it) and answers
# as migc does; a build that fails exits 2 with make's last lines; the
# three -build hooks are declared in .pre-commit-hooks.yaml.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
ROOT=$(pwd)
HOOK=$ROOT/tools/pre-commit-migc.sh
OUTDIR=${MIGC_OUT:-$ROOT}

cp -r examples/blog "$work/p"
cd "$work/p" || exit 1
MIGC_OUT=$OUTDIR "$HOOK" check >"$work/out" 2>"$work/err"
is "$?" 0 "the hook checks a good project: exit 0"
contains "$(cat "$work/out")" "ok" "... and prints migc check's ok line"

cat >"$work/p/versions/zz_bad.mig" <<'MIG'
revision 0000000000bb
parent base
upgrade { create tabel t (a int); }
downgrade { }
MIG
MIGC_OUT=$OUTDIR "$HOOK" check >"$work/out" 2>"$work/err"
is "$?" 1 "a revision with a syntax error: exit 1"
contains "$(cat "$work/err")" "versions/zz_bad.mig:3:18: error: syntax error" \
	"... with the error at file:line:col, relative to the user's repository"
rm "$work/p/versions/zz_bad.mig"

MIGC_OUT=$OUTDIR "$HOOK" fmt --check >"$work/out" 2>"$work/err"
is "$?" 0 "fmt --check through the hook: the example is formatted"

# a build that cannot succeed: a fresh output directory and no compiler
CC=false MIGC_OUT=$work/fresh "$HOOK" check >"$work/out" 2>"$work/err"
is "$?" 2 "a failed build exits 2"
contains "$(cat "$work/err")" "building migc for the pre-commit hook failed" \
	"... and says so"
ok "... leaving no migc behind" test ! -e "$work/fresh/bin/migc"

cd "$ROOT" || exit 1
for id in migc-check-build migc-check-models-build migc-fmt-build; do
	is "$(awk -v id="$id" '$0 == "- id: " id { f = 1; next } /^- id:/ { f = 0 }
		f && /entry:|language:/ { printf "%s;", $2 }' .pre-commit-hooks.yaml)" \
		"tools/pre-commit-migc.sh;script;" "$id: a script hook running tools/pre-commit-migc.sh"
done

done_testing
