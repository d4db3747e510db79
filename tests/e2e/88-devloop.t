#!/bin/sh
# tests/e2e/88-devloop.t - the dev loop without a build step (issue 18
# part 2): `migc upgrade|downgrade|current|... [--url URL]` builds the
# project's migrator into the cache once, keyed by what it is built from,
# and runs it with the same arguments, so its output is the artifact's;
# the same project reuses the cached file (same inode and mtime) without
# running the C compiler; the offline `migc check|history` stay offline
# unless they name a database.  And a migrator older than the database
# names the revisions it does not know.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..29"
e2e_pg_start

# a C compiler that logs each run, so that "no compiler invoked" is seen
mkdir -p "$work/bin"
cat >"$work/bin/logcc" <<EOS
#!/bin/sh
echo run >>"$work/cc.log"
exec cc "\$@"
EOS
chmod +x "$work/bin/logcc"
: >"$work/cc.log"
ccruns() { wc -l <"$work/cc.log" | tr -d ' '; }

MIGC_CACHE_DIR=$work/cache
CC=$work/bin/logcc
export MIGC_CACHE_DIR CC
cp -R examples/blog "$work/p"
rm -f "$work/p/released.sums"
# inputs older than two seconds: the first check's plan is cached, and the
# later runs take their key from it (plan_cache.c) without a check
sleep 2
pg_fresh_db dl
URL="postgresql:///dl?host=$PGHOST&port=$PGPORT"

# ---- first run: builds, then runs the migrator ------------------------------------
"$MIGC" -C "$work/p" upgrade head --url "$URL" >"$work/o" 2>"$work/e"
is "$?" 0 "migc upgrade head --url exits 0"
contains "$(cat "$work/o")" "5e6f708192a3" "it prints the migrator's progress up to the head"
is "$(pg_psql -d dl -c 'SELECT count(*) FROM migc_version')" 5 "the database is at the head"
is "$(ccruns)" 1 "the C compiler ran once"
set -- "$work"/cache/migrators/blog-migrate-*
is "$#|$(basename "$1" | cut -c1-13)" "1|blog-migrate-" "one migrator in \$MIGC_CACHE_DIR/migrators"
bin=$1
before=$(stat -c '%i %Y.%y' "$bin")

# ---- second run: the same file, no compiler -----------------------------------------
"$MIGC" -C "$work/p" current --url "$URL" >"$work/o" 2>"$work/e"
is "$?" 0 "migc current --url exits 0"
contains "$(cat "$work/o")" "5e6f708192a3" "current names the head"
is "$(ccruns)" 1 "the second run did not run the C compiler"
is "$(stat -c '%i %Y.%y' "$bin")" "$before" "the cached migrator's inode and mtime are unchanged"
set -- "$work"/cache/*.plan
ok "the second run's key came from the plan cache" test -f "$1"
"$MIGC" -C "$work/p" heads --url "$URL" >"$work/o" 2>&1
st=$?
set -- "$work"/cache/migrators/blog-migrate-*
is "$st|$#|$(ccruns)" "0|1|1" "a third run, from the cached plan, still reuses the one migrator"

# ---- exactly the artifact's behaviour -------------------------------------------------
"$MIGC" -C "$work/p" build -o "$work/bin/blog-migrate" >/dev/null 2>&1
ok "the cached migrator is byte for byte what migc build writes" cmp "$bin" "$work/bin/blog-migrate"
: >"$work/cc.log"
"$MIGC" -C "$work/p" history --url "$URL" >"$work/o1" 2>&1
s1=$?
"$work/bin/blog-migrate" history --url "$URL" >"$work/o2" 2>&1
s2=$?
is "$s1" "$s2" "history --url: the artifact's exit status"
ok "history --url prints exactly the artifact's output" cmp "$work/o1" "$work/o2"
"$MIGC" -C "$work/p" check --url "$URL" >"$work/o1" 2>&1
s1=$?
"$work/bin/blog-migrate" check --url "$URL" >"$work/o2" 2>&1
s2=$?
is "$s1|$s2" "0|0" "check --url is the migrator's drift check (no drift)"
ok "check --url prints exactly the artifact's output" cmp "$work/o1" "$work/o2"
"$MIGC" -C "$work/p" upgrade --help >"$work/o" 2>&1
is "$?|$(head -1 "$work/o")" "0|usage: blog-migrate [--url URL] COMMAND [ARGS]" \
	"upgrade --help is the migrator's usage, under the artifact's name"
"$MIGC" help downgrade >"$work/o" 2>&1
is "$?|$(head -1 "$work/o")" "0|usage: migc [-C DIR] [-q|-v] downgrade [ARGS]" \
	"migc help downgrade points to the migrator, exit 0"
is "$(ccruns)" 0 "none of these built again"

# ---- the offline commands stay offline ----------------------------------------------------
"$MIGC" -C "$work/p" check >"$work/o" 2>&1
is "$?|$(head -1 "$work/o" | cut -c1-3)" "0|ok:" "migc check without --url is the offline check"
PGHOST=/nonexistent "$MIGC" -C "$work/p" history >"$work/o" 2>&1
is "$?" 0 "migc history without --url connects to nothing"

# ---- downgrade, then a changed project builds a new migrator -----------------------------------
"$MIGC" -C "$work/p" downgrade -1 --url "$URL" >"$work/o" 2>&1
is "$?|$(pg_psql -d dl -c 'SELECT count(*) FROM migc_version')" "0|4" "migc downgrade -1 --url undoes one revision"
cat >"$work/p/versions/c0ffee000001_add_views.mig" <<'EOS'
revision c0ffee000001
parent   5e6f708192a3
message  "add views to posts"

upgrade {
    alter table posts add column views integer not null default 0;
}
EOS
sed -i 's/^    published  boolean not null default true,$/&\n    views      integer not null default 0,/' "$work/p/schema.mig"
"$MIGC" -C "$work/p" upgrade --url "$URL" >"$work/o" 2>&1
is "$?|$(ccruns)" "0|1" "after a new revision, upgrade builds once more and runs"
is "$(pg_psql -d dl -c 'SELECT count(*) FROM migc_version')" 6 "the new revision is applied"
set -- "$work"/cache/migrators/blog-migrate-*
is "$#" 2 "the new build is a second cached migrator"

# ---- an old migrator against a newer database: named ----------------------------------------
"$work/bin/blog-migrate" current --url "$URL" >"$work/o" 2>"$work/e"
is "$?" 4 "the old artifact exits 4 on a database a newer build upgraded"
contains "$(cat "$work/e")" 'this migrator is older than the database: it does not know "c0ffee000001"' \
	"it says it is older than the database and names the revision"

# ---- no cache, a broken project ------------------------------------------------------------------
MIGC_CACHE_DIR=off "$MIGC" -C "$work/p" current --url "$URL" >"$work/o" 2>"$work/e"
is "$?|$(head -c 40 "$work/e")" "2|migc: error: current needs a cache direc" \
	"MIGC_CACHE_DIR=off: the dev loop says it needs a cache"
echo "this is not a statement" >>"$work/p/schema.mig"
: >"$work/cc.log"
"$MIGC" -C "$work/p" upgrade --url "$URL" >"$work/o" 2>"$work/e"
is "$?|$(ccruns)" "1|0" "a project with errors exits 1 and builds nothing"
