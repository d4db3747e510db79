#!/bin/sh
# tests/e2e/78-ci-formats.t - `migc lint` and `migc check` with --format
# sarif (checked against SARIF 2.1.0's required properties by
# tests/lib/sarif_check.py, then field by field) and --format github
# (workflow annotation lines, compared whole), with paths relative to the
# current directory under -C (lint's --format json too).  No database.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..17"

PY=/usr/bin/python3
json() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
G=tests/golden

# ---- lint: one warning ---------------------------------------------------------------
"$MIGC" -C $G/lint-check lint --format sarif >"$work/s.json" 2>"$work/e"
is "$?|$(cat "$work/e")" "0|" "lint --format sarif: exit 0 (a warning), nothing on stderr"
is "$("$PY" tests/lib/sarif_check.py <"$work/s.json")" "ok 1" "the log has SARIF 2.1.0's required properties, one result"
r='d["runs"][0]["results"][0]'
loc="$r[\"locations\"][0][\"physicalLocation\"]"
is "$(json "$r[\"ruleId\"], $r[\"level\"], $loc[\"artifactLocation\"][\"uri\"], $loc[\"region\"][\"startLine\"], $loc[\"region\"][\"startColumn\"]" <"$work/s.json")" \
	"drop-column warning $G/lint-check/versions/000000000002_r2.mig 6 19" \
	"the result: rule, level, uri relative to the current directory, line, column"
contains "$(json "$r[\"message\"][\"text\"]" <"$work/s.json")" 'dropping column "a" of existing table "t"' "the message is the text diagnostic's"
is "$(json 'd["runs"][0]["tool"]["driver"]["name"], d["runs"][0]["tool"]["driver"]["version"] == "'"$("$MIGC" -V | sed 's/^migc //; s/ .*//')"'", len(d["runs"][0]["tool"]["driver"]["rules"])' <"$work/s.json")" \
	"migc True $(( $("$MIGC" lint --list | wc -l) + 1 ))" "tool.driver: name, migc's version, every lint rule and migc/lint"

(cd $G/lint-check && "$MIGC" lint --format github) >"$work/g" 2>&1
is "$?|$(cat "$work/g")" "0|::warning file=versions/000000000002_r2.mig,line=6,col=19,title=drop-column::dropping column \"a\" of existing table \"t\" breaks the running application while it still reads it; release code that no longer uses the column first, then drop it in a later revision" \
	"lint --format github: one ::warning line"

# ---- lint: an error-level finding ----------------------------------------------------
"$MIGC" -C $G/lint-concurrently-in-transaction lint --format github >"$work/g" 2>&1
st=$?
is "$st|$(sed "s/,title=concurrently-in-transaction::.*/,title=c/" "$work/g")" "1|::error file=$G/lint-concurrently-in-transaction/versions/000000000002_r2.mig,line=6,col=5,title=c" \
	"an error-level finding: ::error, exit 1"
"$MIGC" -C $G/lint-concurrently-in-transaction lint --format sarif >"$work/s.json"
is "$?|$(json "$r[\"level\"], $r[\"ruleId\"]" <"$work/s.json")" "1|error concurrently-in-transaction" "the same in SARIF: level error"

# ---- check: syntax errors (no rule) --------------------------------------------------
"$MIGC" -C $G/err-multiple-syntax-errors check --format sarif >"$work/s.json" 2>"$work/e"
is "$?|$(cat "$work/e")" "1|" "check --format sarif on a broken project: exit 1, nothing on stderr"
is "$("$PY" tests/lib/sarif_check.py <"$work/s.json")" "ok 3" "three results, valid"
is "$(json "[(x['ruleId'], x['level'], x['locations'][0]['physicalLocation']['region']['startLine']) for x in d['runs'][0]['results']]" <"$work/s.json")" \
	"[('migc/check', 'error', 6), ('migc/check', 'error', 7), ('migc/check', 'error', 8)]" \
	"diagnostics without a rule are migc/check, each at its line"
(cd $G/err-multiple-syntax-errors && "$MIGC" check --format github) >"$work/g"
is "$?|$(sed -n 2p "$work/g")" "1|::error file=versions/000000000001_err_multiple_syntax_errors.mig,line=7,col=12::syntax error at or near \"tabel\", expected INDEX, SCHEMA, TABLE, TYPE, UNIQUE, EXTENSION or POLICY" \
	"check --format github: one ::error line per error"
is "$(wc -l <"$work/g")" 3 "three lines"

# ---- escaping, a clean project, a bad format -----------------------------------------
mkdir -p "$work/a b,c:d/versions"
cp $G/lint-check/migc.conf "$work/a b,c:d/"
cp $G/lint-check/versions/* "$work/a b,c:d/versions/"
(cd "$work" && "$MIGC" -C "a b,c:d" lint --format github) >"$work/g"
contains "$(cat "$work/g")" "::warning file=a b%2Cc%3Ad/versions/000000000002_r2.mig,line=6" "github: ',' and ':' in a path are escaped"
(cd "$work" && "$MIGC" -C "a b,c:d" lint --format sarif) | json 'd["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]' >"$work/u"
is "$(cat "$work/u")" "a%20b%2Cc%3Ad/versions/000000000002_r2.mig" "sarif: the uri is percent-encoded"
"$MIGC" -C examples/blog check --format xml >/dev/null 2>"$work/e"
is "$?|$(head -1 "$work/e")" '2|migc: check: --format "xml": expected text, json, sarif or github' "an unknown format is a usage error"
"$MIGC" -C $G/lint-check lint --format json | json 'd[0]["file"]' >"$work/f"
is "$(cat "$work/f")" "$G/lint-check/versions/000000000002_r2.mig" "lint --format json: the path is relative to the current directory under -C"
