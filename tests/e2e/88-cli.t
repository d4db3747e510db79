#!/bin/sh
# tests/e2e/88-cli.t - the command-line conventions of migc and of the
# migrator (issue 18): COMMAND --help and `help COMMAND` for every command,
# getopt_long's forms (--opt=value, -mVALUE, --, abbreviations), -V, -q,
# paths relative to the current directory under -C, the one hint style,
# and --format json read by a JSON parser, field by field.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..81"

PY=/usr/bin/python3
# json EXPR: reads a JSON document on stdin, prints EXPR over it (d)
json() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# jsonl EXPR: JSON lines on stdin as the list d
jsonl() { "$PY" -c "import json,sys; d=[json.loads(l) for l in sys.stdin if l.strip()]; print($1)"; }

# ---- --help for every command ---------------------------------------------------
for c in check build sql history heads show lint fmt init revision diff merge; do
	out=$("$MIGC" "$c" --help 2>&1)
	st=$?
	is "$st|$(printf '%s\n' "$out" | head -1 | cut -c1-$((21 + ${#c})))" "0|usage: migc [-C DIR] $c" \
		"migc $c --help prints its usage and exits 0"
	is "$("$MIGC" help "$c" 2>&1)" "$out" "migc help $c prints the same"
done
is "$("$MIGC" help)" "$("$MIGC" --help)" "migc help is migc --help"
"$MIGC" show -h >"$work/h.out" 2>&1
is "$?|$(head -1 "$work/h.out")" "0|usage: migc [-C DIR] show [--format text|json] REV" "-h is --help"
"$MIGC" history --he >"$work/h.out" 2>&1
is "$?|$(head -1 "$work/h.out")" "0|usage: migc [-C DIR] history [-v] [--format text|json]" \
	"an abbreviation of --help is --help"
"$MIGC" help nosuch >/dev/null 2>&1
is "$?" 2 "help for an unknown command is a usage error"

# ---- -V, errors -------------------------------------------------------------------
contains "$("$MIGC" -V)" "migc 0." "-V prints the version"
"$MIGC" -C examples/blog check --bogus >"$work/o" 2>"$work/e"
is "$?" 2 "an unknown option exits 2"
is "$(cat "$work/e")" "migc: check: unknown or ambiguous option \"--bogus\"
(see \"migc check --help\")" "one error line and the command's --help hint"
"$MIGC" -C examples/blog history --format >"$work/o" 2>"$work/e"
is "$?|$(head -1 "$work/e")" "2|migc: history: option \"--format\" needs a value" \
	"a missing value is named"

# ---- getopt_long forms -------------------------------------------------------------
"$MIGC" -C examples/blog history --format=json >"$work/h1.json"
is "$(json 'len(d["revisions"]), d["revisions"][0]["id"]' <"$work/h1.json")" "5 5e6f708192a3" \
	"--opt=value: history --format=json lists 5 revisions, newest first"
"$MIGC" -C examples/blog history --form json >"$work/h2.json"
ok "an unambiguous abbreviation (--form) is the option" cmp "$work/h1.json" "$work/h2.json"
"$MIGC" --project=examples/blog heads >"$work/o"
is "$(cat "$work/o")" "5e6f708192a3 (head), add published to posts" "--project=DIR"
"$MIGC" -C examples/blog show -- 5e6f >"$work/o" 2>&1
is "$?|$(head -1 "$work/o")" "0|Rev: 5e6f708192a3 (head)" "-- ends the options (show -- REV)"

cp -R examples/blog "$work/p"
rm -f "$work/p/released.sums"
(cd "$work/p" && "$MIGC" revision -mfirst_cli_rev --rev-id=c11c11c11c11 >"$work/o" 2>&1)
is "$?|$(cat "$work/o")" "0|wrote versions/c11c11c11c11_first_cli_rev.mig" "-mVALUE and --rev-id=ID"
contains "$(cat "$work/p/versions/c11c11c11c11_first_cli_rev.mig")" 'message  "first_cli_rev"' \
	"the message is the attached value"
(cd "$work/p" && "$MIGC" -q revision --mess second --rev-id c22c22c22c22 >"$work/o" 2>&1)
is "$?|$(cat "$work/o")" "0|" "-q: revision writes without the wrote line"
ok "... and the file is there" test -f "$work/p/versions/c22c22c22c22_second.mig"
"$MIGC" fmt -- -not-an-option.mig >"$work/o" 2>"$work/e"
is "$?" 2 "fmt -- FILE: the file cannot be read (exit 2) ..."
contains "$(cat "$work/e")" 'cannot read "-not-an-option.mig"' "... because after -- it is a file, not an option"

# ---- -q ---------------------------------------------------------------------------------
out=$("$MIGC" -C examples/blog check -q)
is "$?|$out" "0|" "check -q prints nothing on success"
out=$("$MIGC" -q -C examples/blog check)
is "$?|$out" "0|" "migc -q check too"
is "$("$MIGC" -C examples/blog check)" "ok: 5 revisions, head 5e6f708192a3" "without -q: the ok line"

# ---- paths relative to the current directory ------------------------------------
cp -R examples/blog "$work/bad"
f=$(ls "$work/bad/versions/"5e6f708192a3_*.mig)
sed 's/published/publishe d/' "$f" >"$f.new" && mv "$f.new" "$f"
"$MIGC" -C "$work/bad" check >/dev/null 2>"$work/e"
is "$?" 1 "a project with an error: check exits 1"
first=$(head -1 "$work/e")
loc=${first%%: error:*}
is "${loc%%:*}" "$f" "under -C DIR the path in a diagnostic starts with DIR"
ok "... and names an existing file from the current directory" test -f "${loc%%:*}"
(cd "$work/bad" && "$MIGC" check >/dev/null 2>"$work/e2")
contains "$(head -1 "$work/e2")" "versions/5e6f708192a3_" "without -C: relative to the project (the cwd)"
lacks "$(head -1 "$work/e2")" "$work" "... with no directory prefix"
"$MIGC" -C "$work/none" check 2>&1 | sed 's/: error: .*//' >"$work/e3"
is "$(cat "$work/e3")" "$work/none/migc.conf" "a -C DIR that is no project: DIR/migc.conf, once"
(cd "$work" && "$MIGC" -C none history 2>&1 | sed 's/: error: .*//' >"$work/e3")
is "$(cat "$work/e3")" "none/migc.conf" "... a relative DIR too"
"$MIGC" -C "$work/bad" check --format json >"$work/c.json" 2>"$work/e"
st=$?
is "$st|$(cat "$work/e")" "1|" "check --format json: exit 1, nothing on stderr"
is "$(json 'd["ok"], d["errors"] >= 1, d["diagnostics"][0]["level"], d["diagnostics"][0]["line"] > 0' <"$work/c.json" 2>&1)" \
	"False True error True" "check json: ok false, the error located"
is "$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["diagnostics"][0]["file"] == sys.argv[2])' "$work/c.json" "$f")" \
	"True" "check json: the diagnostic's file is the path from the current directory"

# ---- JSON reports of migc ----------------------------------------------------------
"$MIGC" -C examples/blog check --format json >"$work/c.json"
is "$(json 'd["ok"], d["revisions"], d["heads"], d["errors"], d["diagnostics"]' <"$work/c.json")" \
	"True 5 ['5e6f708192a3'] 0 []" "check json: ok, counts, heads"
is "$(json 'd["revisions"][-1]["parents"], d["revisions"][0]["head"], d["revisions"][0]["message"], d["revisions"][1]["head"]' <"$work/h1.json")" \
	"[] True add published to posts False" "history json: parents, head, message"
"$MIGC" -C examples/blog heads --format json >"$work/o"
is "$(json '[h["id"] for h in d["heads"]]' <"$work/o")" "['5e6f708192a3']" "heads json"
"$MIGC" -C examples/blog show --format json head >"$work/o"
is "$(json 'd["id"], d["checksum"][:3], d["downgrade_derived"], "published" in d["upgrade"][0]["sql"], "DROP COLUMN" in d["downgrade"][0]["sql"]' <"$work/o")" \
	"5e6f708192a3 v2: True True True" "show json: checksum, flags, the SQL"
contains "$(json 'd["path"]' <"$work/o")" "examples/blog/versions/5e6f708192a3_" "show json: the path from the cwd"
# a message with a tab, a quote and a backslash survives the JSON escaping
(cd "$work/p" && "$MIGC" -q revision -m "$(printf 'tab\there "q" back\\slash')" --rev-id c33c33c33c33 >/dev/null 2>&1)
"$MIGC" -C "$work/p" show --format json c33c33c33c33 >"$work/o" 2>&1
is "$(json 'd["message"] == "tab\there \"q\" back\\slash"' <"$work/o")" "True" "strings are escaped correctly"
lacks "$(cat "$work/o")" "$(printf '\t')" "no raw control character in the JSON"

# ---- the migrator ----------------------------------------------------------------------
mkdir "$work/b"
(cd "$work/b" && "$MIGC" -C "$ROOT/examples/blog" build >"$work/o" 2>&1)
is "$?|$(cat "$work/o")" "0|wrote blog-migrate" "build without -o says what it wrote ..."
ok "... NAME-migrate in the current directory" test -x "$work/b/blog-migrate"
ok "migc build -o writes the migrator" "$MIGC" -C examples/blog build -q -o "$work/blog-migrate"
M=$work/blog-migrate
"$M" --help >"$work/o" 2>&1
is "$?|$(head -1 "$work/o")" "0|usage: blog-migrate [--url URL] COMMAND [ARGS]" "migrator --help"
contains "$("$M" -V)" "digest" "migrator -V"
"$M" nosuch >/dev/null 2>"$work/e"
is "$?|$(tail -1 "$work/e")" "2|(see \"blog-migrate --help\")" "the migrator's hint in migc's style"
"$M" heads --format json >"$work/o"
is "$(json '[h["id"] for h in d["heads"]], d["heads"][0]["head"]' <"$work/o")" "['5e6f708192a3'] True" "migrator heads json"
"$M" show --format=json a1b2 >"$work/o"
is "$(json 'd["id"], d["parents"], len(d["upgrade"]) > 0' <"$work/o")" "a1b2c3d4e5f6 [] True" "migrator show json"
"$M" history --offline --format json >"$work/o"
is "$(json 'len(d["revisions"]), "applied" in d["revisions"][0]' <"$work/o")" "5 False" \
	"migrator history --offline json: no applied field without the database"
"$M" sql --format json >/dev/null 2>"$work/e"
is "$?" 2 "--format on a command without json is a usage error"

e2e_pg_start
url="postgresql:///cli?host=$PGHOST&port=$PGPORT&user=$PGUSER"
pg_fresh_db cli
"$M" --url "$url" upgrade +2 --format json >"$work/o" 2>"$work/e"
is "$?" 0 "upgrade +2 --format json exits 0"
is "$(jsonl '[x["kind"] for x in d], [x.get("id") for x in d][:2], d[-1]["ok"], d[-1]["revisions"], d[-1]["direction"]' <"$work/o")" \
	"['revision', 'revision', 'summary'] ['a1b2c3d4e5f6', '2b3c4d5e6f70'] True 2 upgrade" \
	"upgrade json: one object per revision, then the summary"
is "$(jsonl 'all(isinstance(x.get("ms", 0), int) for x in d), d[-1]["database_at"]' <"$work/o")" \
	"True 2b3c4d5e6f70" "upgrade json: durations and where the database is"
out=$("$M" --url "$url" upgrade -q)
is "$?|$out" "0|" "upgrade -q prints nothing on success"
"$M" --url "$url" upgrade --format json >"$work/o"
is "$(jsonl 'len(d), d[0]["kind"], d[0]["revisions"], d[0]["ok"]' <"$work/o")" "1 summary 0 True" \
	"nothing to upgrade: the summary alone"
"$M" --url "$url" current --format json >"$work/o"
is "$(json '[r["id"] for r in d["revisions"]], d["revisions"][0]["applied"], d["revisions"][0]["applied_at"] is not None' <"$work/o")" \
	"['5e6f708192a3'] True True" "current json"
"$M" --url "$url" history --format json >"$work/o"
is "$(json 'len(d["revisions"]), all(r["applied"] for r in d["revisions"]), isinstance(d["revisions"][0]["duration_ms"], int)' <"$work/o")" \
	"5 True True" "history json with the applied status"
"$M" --url "$url" downgrade -1 --format json >"$work/o"
is "$(jsonl '[x["kind"] for x in d], d[0]["id"], d[0]["direction"], d[-1]["database_at"]' <"$work/o")" \
	"['revision', 'summary'] 5e6f708192a3 downgrade 4d5e6f708192" "downgrade json"
"$M" --url "$url" current --format=json >"$work/o"
is "$(json '[r["id"] for r in d["revisions"]], d["revisions"][0]["head"]' <"$work/o")" \
	"['4d5e6f708192'] False" "current json after the downgrade"

[ "$_tap_failed" -eq 0 ]
