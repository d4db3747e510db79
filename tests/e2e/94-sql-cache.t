#!/bin/sh
# tests/e2e/94-sql-cache.t - migc sql's plan cache (compiler/plan_cache.c):
# a cached plan prints exactly what a fresh check prints, is used only while
# no input changed (a revision edited, touched, added or removed, migc.conf,
# the migc executable), a damaged or unwritable cache is never trusted and
# never fails the command, and a run that printed warnings stores nothing.
# To see that a hit really comes from the cache, the test rewrites a
# statement inside the cache file and looks for the rewritten text.
# Needs no database.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/blog
cp -R examples/blog "$P"
export MIGC_CACHE_DIR="$work/cache"
# msql CMD...: runs a migc sql command and prints its output; a failed run
# also prints "[exit N: error]" (so its output equals no good run's) and is
# noted in $work/sql.failures, which must stay empty (checked at the end)
: >"$work/sql.failures"
msql() {
	"$@" >"$work/sql.out" 2>"$work/sql.err"
	s=$?
	cat "$work/sql.out"
	if [ $s -ne 0 ]; then
		printf '[exit %s: %s]' "$s" "$(head -3 "$work/sql.err")"
		echo "$* -> exit $s" >>"$work/sql.failures"
	fi
}
fresh=$(msql env MIGC_CACHE_DIR=off "$MIGC" -C "$P" sql upgrade)
contains "$fresh" 'CREATE TABLE "posts"' "migc sql without a cache prints the blog's script"
is "$(ls "$work/cache" 2>/dev/null | wc -l)" 0 "MIGC_CACHE_DIR=off writes no cache"

# inputs younger than two seconds are never cached (timestamp resolution)
out=$(msql "$MIGC" -C "$P" sql upgrade)
is "$out" "$fresh" "a run on just-written files prints what a fresh check prints"
is "$(ls "$work/cache" 2>/dev/null | wc -l)" 0 "files younger than two seconds are not cached"
sleep 3

out=$(msql "$MIGC" -C "$P" sql upgrade)
is "$out" "$fresh" "the run that fills the cache prints what a fresh check prints"
is "$(ls "$work/cache" | wc -l)" 1 "one cache file for the project"
out=$(msql "$MIGC" -C "$P" sql upgrade)
is "$out" "$fresh" "a cache hit prints exactly the same"
out=$(msql "$MIGC" -C "$P" sql downgrade)
is "$out" "$(msql env MIGC_CACHE_DIR=off "$MIGC" -C "$P" sql downgrade)" "sql downgrade from the cache is the same"
out=$(msql "$MIGC" -C "$P" sql upgrade 3c4d5e6f7081)
is "$out" "$(msql env MIGC_CACHE_DIR=off "$MIGC" -C "$P" sql upgrade 3c4d5e6f7081)" "a range from the cache is the same"

# mark the cached plan: CREATE TABLE -> CREATE TABLX, same length
cache=$(ls "$work/cache"/*.plan)
cp "$cache" "$work/pristine"
mark() {
	python3 tests/e2e/plan_cache_mark.py "$cache"
}
mark
contains "$(msql "$MIGC" -C "$P" sql upgrade)" "CREATE TABLX" "an unchanged project is served from the cache"

v=$(ls "$P/versions" | head -1)
touch "$P/versions/$v"
is "$(msql "$MIGC" -C "$P" sql upgrade)" "$fresh" "touching a revision file is a miss"
cp "$work/pristine" "$cache"; mark
printf '\n-- an edit\n' >>"$P/versions/$v"
out=$(msql "$MIGC" -C "$P" sql upgrade)
contains "$out" 'CREATE TABLE "posts"' "after editing a revision file migc sql prints the script"
lacks "$out" "CREATE TABLX" "editing a revision file is a miss"
is "$out" "$(msql env MIGC_CACHE_DIR=off "$MIGC" -C "$P" sql upgrade)" "... and prints the fresh SQL"

cat >"$P/versions/ffffffffffff_extra.mig" <<'EOF'
revision ffffffffffff
parent   5e6f708192a3
message  "extra"

upgrade {
    create table extra (id integer);
}
EOF
out=$(msql "$MIGC" -C "$P" sql upgrade)
contains "$out" "ffffffffffff" "a new revision file is seen at once"
rm "$P/versions/ffffffffffff_extra.mig"
is "$(msql "$MIGC" -C "$P" sql upgrade)" "$(msql env MIGC_CACHE_DIR=off "$MIGC" -C "$P" sql upgrade)" "a removed revision file is seen at once"

printf '# comment\n' >>"$P/migc.conf"
sleep 3
fresh=$(msql env MIGC_CACHE_DIR=off "$MIGC" -C "$P" sql upgrade)
msql "$MIGC" -C "$P" sql upgrade >/dev/null	# refills the cache
cache=$(ls "$work/cache"/*.plan)
mark
contains "$(msql "$MIGC" -C "$P" sql upgrade)" "CREATE TABLX" "the refilled cache is used"
printf '# another\n' >>"$P/migc.conf"
out=$(msql "$MIGC" -C "$P" sql upgrade)
contains "$out" 'CREATE TABLE "posts"' "after changing migc.conf migc sql prints the script"
lacks "$out" "CREATE TABLX" "changing migc.conf is a miss"
sleep 3
msql "$MIGC" -C "$P" sql upgrade >/dev/null
cache=$(ls "$work/cache"/*.plan)
mark
cp "$MIGC" "$work/migc-copy"
out=$(msql "$work/migc-copy" -C "$P" sql upgrade)
contains "$out" 'CREATE TABLE "posts"' "a copy of migc prints the script"
lacks "$out" "CREATE TABLX" "another migc executable does not trust the cache"

# damaged cache files: a miss, never an error
fresh=$(msql env MIGC_CACHE_DIR=off "$MIGC" -C "$P" sql upgrade)
for cut in 0 7 100 1000 2000; do
	head -c "$cut" "$work/pristine" >"$cache"
	out=$("$MIGC" -C "$P" sql upgrade 2>"$work/err")
	status=$?
	is "$status:$out" "0:$fresh" "a cache file cut to $cut bytes is a miss"
done
msql "$MIGC" -C "$P" sql upgrade >/dev/null	# a good cache again
mark
contains "$(msql "$MIGC" -C "$P" sql upgrade)" "CREATE TABLX" "the cache is good again"
# one byte of a statement changed behind migc's back (damage, not an edit)
python3 -c 'import sys; p=sys.argv[1]; b=open(p,"rb").read(); open(p,"wb").write(b.replace(b"CREATE TABLX", b"CREATE TABLY", 1))' "$cache"
is "$("$MIGC" -C "$P" sql upgrade 2>&1)" "$fresh" "a damaged statement in the cache file is a miss"

MIGC_CACHE_DIR=/proc/no/such/dir "$MIGC" -C "$P" sql upgrade >"$work/out" 2>"$work/err"
is "$?:$(cat "$work/out"):$(cat "$work/err")" "0:$fresh:" "an unwritable cache directory is silently skipped"

is "$(cat "$work/sql.failures")" "" "every migc sql run above exited 0"

# warnings: a hit would hide them, so a run with warnings stores nothing
W=$work/warn
mkdir -p "$W/versions"
printf 'name = warn\nlint.drop-column = warning\n' >"$W/migc.conf"
cat >"$W/versions/000000000001_a.mig" <<'EOF'
revision 000000000001
parent   base
upgrade {
    create table t (id integer, a integer);
}
EOF
cat >"$W/versions/000000000002_b.mig" <<'EOF'
revision 000000000002
parent   000000000001
upgrade {
    alter table t drop column a;
}
downgrade {
    alter table t add column a integer;
}
EOF
sleep 3
rm -rf "$work/cache"
"$MIGC" -C "$W" sql upgrade >/dev/null 2>"$work/err1"
s1=$?
"$MIGC" -C "$W" sql upgrade >/dev/null 2>"$work/err2"
is "$s1:$?" "0:0" "migc sql with a warning exits 0, twice"
contains "$(cat "$work/err1")" "warning:" "the project has a warning"
is "$(cat "$work/err2")" "$(cat "$work/err1")" "the warning is printed on every run"
is "$(ls "$work/cache" 2>/dev/null | wc -l)" 0 "a run with warnings stores no cache"

done_testing
