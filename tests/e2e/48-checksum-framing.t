#!/bin/sh
# tests/e2e/48-checksum-framing.t - checksums that frame their fields, rows
# an older migrator wrote, frozen checksums, and revision text that cannot
# escape the comments of a `sql` script (issue 19 items 1 and 2, issue 14
# item 8).
#
# - Collision: the v1 checksum concatenated its fields, so an execute body
#   holding ";\ndowngrade\n" moved text between upgrade and downgrade with
#   the same checksum and digest: a tampered migrator's downgrade dropped a
#   table.  v2 ("v2:" + hex) frames every field with its length.
# - Rows recorded before v2 hold the v1 checksum: they still verify (check,
#   upgrade, current, history, accept-checksum), and a wrong one does not.
# - The checksums of tests/golden/checksums-frozen (every statement kind)
#   are frozen in its file "frozen": a compiler change that alters them
#   needs a new checksum version (docs/compiler.md, Checksums).
# - The digest covers the message; a message or file name with a control
#   character is a compile error, so `migc sql | psql` cannot run it.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

echo "1..33"

# ---- the collision (from the reproducer), compile side ------------------------
for v in orig tampered; do
	mkdir -p "$work/$v/versions"
	printf 'name = cs\nlint.integer-primary-key = off\n' >"$work/$v/migc.conf"
	printf 'revision 000000000001\nparent base\nmessage "important data"\nupgrade {\n    create table important (id bigint primary key);\n}\n' \
		>"$work/$v/versions/000000000001_a.mig"
done
cat >"$work/orig/versions/000000000002_b.mig" <<'MIG'
revision 000000000002
parent 000000000001
message "audit marker"
upgrade {
    execute $q$select $c$;
downgrade
drop table important; select $c$$q$;
}
downgrade {
    execute $q$select 1 -- $c$$q$;
}
MIG
cat >"$work/tampered/versions/000000000002_b.mig" <<'MIG'
revision 000000000002
parent 000000000001
message "audit marker"
upgrade {
    execute $q$select $c$$q$;
}
downgrade {
    execute $q$drop table important; select $c$;
downgrade
select 1 -- $c$$q$;
}
MIG
ok "the original migrator builds" "$MIGC" -C "$work/orig" build -o "$work/orig-m"
# The tampered half of the collision needs an execute body that is not SQL
# on its own (a dollar quote left open across the boundary); since execute
# bodies are checked by PostgreSQL's grammar, it no longer compiles, and
# v2's framing would tell the two apart even if it did.
(cd "$work/tampered" && "$MIGC" build -o "$work/tampered-m") >"$work/out" 2>"$work/err"
is "$?" 1 "the tampered revision no longer compiles"
contains "$(cat "$work/err")" "versions/000000000002_b.mig:5:" "... refused at its execute body, which PostgreSQL's grammar rejects"
sum() { "$1" show "$2" | sed -n 's/^checksum  //p'; }
o2=$(sum "$work/orig-m" 000000000002)
ok "the checksum is v2: \"v2:\" and 64 hex digits" \
	sh -c 'printf "%s\n" "$1" | grep -Eqx "v2:[0-9a-f]{64}"' - "$o2"
do=$("$MIGC" -C "$work/orig" build --print-digest)
ok "the digest is 64 hex digits" sh -c 'printf "%s\n" "$1" | grep -Eqx "[0-9a-f]{64}"' - "$do"
is "$("$work/orig-m" --version | sed -n 's/.*digest //p')" "$do" "--version prints the digest build --print-digest does"

# ---- the digest covers the message; the checksum does not -----------------------
cp -R "$work/orig" "$work/reworded"
sed -i 's/"audit marker"/"audit marker, reworded"/' "$work/reworded/versions/000000000002_b.mig"
ok "a reworded message builds" "$MIGC" -C "$work/reworded" build -o "$work/reworded-m"
is "$(sum "$work/reworded-m" 000000000002)" "$o2" "rewording a message keeps the checksum (applied rows stay valid)"
ok "but changes the digest" test "$("$MIGC" -C "$work/reworded" build --print-digest)" != "$do"

# ---- frozen checksums over every statement kind ----------------------------------
F=tests/golden/checksums-frozen
ok "the frozen corpus builds" "$MIGC" -C "$F" build --emit-c "$work/frozen.c"
awk -F'"' '/^\t\t\.id = /{id=$2} /^\t\t\.checksum = /{c=$2} /^\t\t\.checksum_v1 = /{print id, $2, c}' \
	"$work/frozen.c" >"$work/frozen.now"
grep -v '^#' "$F/frozen" >"$work/frozen.want"
is "$(wc -l <"$work/frozen.want")" 7 "the frozen list has the corpus's 7 revisions"
ok "v1 and v2 checksums are unchanged (a change needs a new checksum version)" \
	diff "$work/frozen.want" "$work/frozen.now"

# ---- control characters: refused, never in a sql script ---------------------------
mkdir -p "$work/inj/versions"
echo 'name = inj' >"$work/inj/migc.conf"
printf "revision 000000000001\nparent base\nmessage 'create t\nDROP TABLE important; --'\nupgrade {\n    create table t (id bigint primary key);\n}\n" \
	>"$work/inj/versions/000000000001_a.mig"
"$MIGC" -C "$work/inj" sql >"$work/inj.sql" 2>"$work/inj.err"
is "$?" 1 "a message with a newline: migc sql exits 1"
contains "$(cat "$work/inj.err")" "versions/000000000001_a.mig:3:18: error: control character U+000A in the revision message" \
	"with a located error"
is "$(wc -c <"$work/inj.sql")" 0 "and prints no script"
rm "$work/inj/versions/000000000001_a.mig"
printf 'revision 000000000001\nparent base\nmessage "fine"\nupgrade {\n    create table t (id bigint primary key);\n}\n' \
	>"$work/inj/versions/000000000001_a
DROP TABLE important2; --.mig"
"$MIGC" -C "$work/inj" sql >"$work/inj2.sql" 2>"$work/inj2.err"
is "$?" 1 "a file name with a newline: migc sql exits 1"
contains "$(cat "$work/inj2.err")" 'versions/000000000001_a\x0aDROP TABLE important2; --.mig: error: file name has a control character (U+000A)' \
	"naming the file with the newline written \\x0a"

e2e_pg_start
pg_fresh_db fr
url="postgresql:///fr?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d fr -c "$1"; }
q "create table important (x int); create table important2 (x int)"
psql -X -q -d fr <"$work/inj.sql" >/dev/null 2>&1
psql -X -q -d fr <"$work/inj2.sql" >/dev/null 2>&1
is "$(q "select count(*) from pg_tables where tablename in ('important', 'important2')")" 2 \
	"feeding what migc sql printed to psql drops nothing"
q "drop table important; drop table important2"

# ---- a migrator whose revision changed cannot downgrade what the original applied
"$work/orig-m" --url "$url" upgrade head >"$work/out" 2>"$work/err"
is "$?" 0 "the original migrator upgrades"
is "$(q "select checksum from migc_version where revision = '000000000002'")" "$o2" "and records the v2 checksum"
cp -R "$work/orig" "$work/changed"
sed -i 's/select 1 -- \$c\$/drop table important/' "$work/changed/versions/000000000002_b.mig"
"$MIGC" -C "$work/changed" build -o "$work/changed-m" >/dev/null 2>&1
"$work/changed-m" --url "$url" downgrade -1 >"$work/out" 2>"$work/err"
is "$?" 4 "a migrator whose downgrade was changed is refused (exit 4)"
contains "$(cat "$work/err")" "revision 000000000002 (audit marker) changed after it was applied" "as a changed revision"
is "$(q "select to_regclass('important') is not null")" t "the table is still there"

# ---- rows an older migrator wrote hold v1 checksums --------------------------------
pg_fresh_db fz
url="postgresql:///fz?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d fz -c "$1"; }
ok "the frozen corpus builds a migrator" "$MIGC" -C "$F" build -o "$work/fz-m"
m() { "$work/fz-m" --url "$url" "$@" >"$work/out" 2>"$work/err"; }
m upgrade 000000000004
is "$?" 0 "upgrade to the fourth revision"
# what a migrator built before v2 recorded: the frozen v1 checksums
while read -r id v1 v2; do
	q "update migc_version set checksum = '$v1' where revision = '$id'"
done <"$work/frozen.want"
is "$(q "select count(*) from migc_version where checksum !~ '^v2:' and length(checksum) = 64")" 4 \
	"the version table holds four v1 rows"
m check
is "$?" 0 "check passes over v1 rows"
m current
is "$?" 0 "current passes over v1 rows"
m upgrade head
is "$?" 0 "upgrade head passes over v1 rows and applies the rest"
is "$(q "select string_agg(left(checksum, 3), ',' order by revision) from migc_version")" \
	"$(grep -v '^#' "$F/frozen" | awk '{ printf "%s%s", (NR > 1 ? "," : ""), (NR <= 4 ? substr($2, 1, 3) : "v2:") }')" \
	"old rows keep their v1 checksum, new rows record v2"
m accept-checksum --all
is "$?|$(cat "$work/out")" "0|nothing to accept: every applied revision records this migrator's checksum" \
	"accept-checksum --all finds nothing to accept"
q "update migc_version set checksum = repeat('0', 64) where revision = '000000000002'"
m check
is "$?" 4 "a v1 row that matches neither checksum is still refused (exit 4)"
contains "$(cat "$work/err")" "revision 000000000002 (every alter table action, renames, enum values, comments, execute) changed after it was applied" \
	"naming the revision"

[ "$_tap_failed" -eq 0 ]
