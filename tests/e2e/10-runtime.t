#!/bin/sh
# 10-runtime.t - the migrator runtime end to end, speaking TAP.
#
# Builds the hand-written fixture plans in tests/runtime/ against
# libmigrt.a (MIGC_OUT/lib/migc, headers in MIGC_OUT/include/migc; falls
# back to the repository root), starts a throwaway PostgreSQL with
# tests/lib/pg.sh, and checks every migrator command, failure reports,
# locking between two migrators, and the connection rules including that a
# password never shows up in any output.

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${MIGC_OUT:-$root}
. "$root/tests/lib/pg.sh"

n=0
failed=0
T=$(mktemp -d "${TMPDIR:-/tmp}/migc-rt.XXXXXX")
trap 'pg_stop; rm -rf "$T"' EXIT

# check DESC CMD...: one TAP test; on failure show the last command's output
check() {
	d=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $d"
	else
		echo "not ok $n - $d"
		failed=$((failed + 1))
		echo "#   rc=$rc stdout:"
		sed 's/^/#     /' "$T/out" 2>/dev/null
		echo "#   stderr:"
		sed 's/^/#     /' "$T/err" 2>/dev/null
	fi
}

bail() {
	echo "Bail out! $*"
	echo "1..$n"
	pg_stop
	rm -rf "$T"
	exit 1
}

# run CMD...: stdout in $T/out, stderr in $T/err, status in $rc;
# everything is also appended to $T/all for the password check
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	cat "$T/out" "$T/err" >>"$T/all"
}

status() { [ "$rc" = "$1" ]; }
out_is() { [ "$(cat "$T/out")" = "$1" ]; }
out_has() { grep -qF -- "$1" "$T/out"; }
out_lacks() { ! grep -qF -- "$1" "$T/out"; }
err_has() { grep -qF -- "$1" "$T/err"; }
last_out_line() { [ "$(tail -n 1 "$T/out")" = "$1" ]; }
q() { pg_psql -c "$1" 2>&1; }
q_is() { [ "$(q "$1")" = "$2" ]; }

# the plan is printed at the end: "1..N"

# ---- build -----------------------------------------------------------------
inc=$out/include/migc
[ -f "$inc/migrt.h" ] || inc=$root/runtime
lib=$out/lib/migc/libmigrt.a
cflags="-std=c11 -Wall -Wextra -Werror"
# a `make SAN=1` archive needs the sanitizer runtimes at link time
if nm "$lib" 2>/dev/null | grep -q __asan_; then
	cflags="$cflags -fsanitize=address,undefined"
fi
built=1
for f in chain merge; do
	${CC:-cc} $cflags -I"$inc" -o "$T/$f-migrate" "$root/tests/runtime/$f.c" \
		"$lib" -lpq >"$T/out" 2>"$T/err" || built=0
done
rc=$built
check "fixture plans compile and link with libmigrt.a" status 1
[ $built = 1 ] || bail "cannot build the fixtures against $lib"
M=$T/merge-migrate
C=$T/chain-migrate

pg_start >"$T/out" 2>"$T/err"
rc=$?
check "throwaway PostgreSQL starts" status 0
[ $rc = 0 ] || bail "cannot start PostgreSQL"

# ---- offline commands --------------------------------------------------------
run "$M" --help
check "--help prints usage and exits 0" eval 'status 0 && out_has "usage: merge-migrate [--url URL] COMMAND [ARGS]"'

run "$M" --version
check "--version names migc, project, revisions, head and digest" \
	out_is "merge-migrate (migc 0.1.0) project merge, 4 revisions, head dd44ee55ff66, digest feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface"

run env PGHOST=/nonexistent "$M" heads
check "heads works offline" eval 'status 0 && out_is "dd44ee55ff66 (head), merge email and audit"'

run env PGHOST=/nonexistent "$M" history --offline
check "history --offline: alembic-like lines, newest first" out_is \
"bb22cc33dd44, bc33dd44ee55 -> dd44ee55ff66 (head) (mergepoint), merge email and audit
aa11bb22cc33 -> bc33dd44ee55, add audit
aa11bb22cc33 -> bb22cc33dd44, add email
<base> -> aa11bb22cc33 (branchpoint), create accounts"

run env PGHOST=/nonexistent "$M" show bc
check "show REV by prefix: parents, source, checksum, flags" eval 'status 0 &&
	out_has "revision  bc33dd44ee55" && out_has "parents   aa11bb22cc33" &&
	out_has "source    versions/bc33dd44ee55_add_audit.mig:1" &&
	out_has "checksum  bccc0000" && out_has "flags     inexact-downgrade"'
check "show prints upgrade and downgrade SQL with their lines" eval '
	out_has "-- versions/bc33dd44ee55_add_audit.mig:7" &&
	out_has "COMMENT ON TABLE \"audit\" IS '"'who did what'"';" &&
	out_has "-- versions/bc33dd44ee55_add_audit.mig:11"'

run "$M" show b
check "an ambiguous prefix is a usage error naming it" eval 'status 2 && err_has "ambiguous revision \"b\""'
run "$M" upgrade zzz
check "an unknown revision is a usage error naming it" eval 'status 2 && err_has "unknown revision \"zzz\""'
run "$M" downgrade
check "downgrade without a target is a usage error" status 2
run "$M" frobnicate
check "an unknown command is a usage error" status 2

run env PGHOST=/nonexistent "$M" sql upgrade
check "sql upgrade (offline): version table DDL, BEGIN/COMMIT, comments, INSERT" eval 'status 0 &&
	out_has "CREATE TABLE IF NOT EXISTS \"merge_versions\" (" &&
	out_has "-- aa11bb22cc33: create accounts (versions/aa11bb22cc33_create_accounts.mig:6)" &&
	out_has "BEGIN;" && out_has "COMMIT;" &&
	out_has "INSERT INTO \"merge_versions\" (revision, checksum, applied_at, duration_ms, migc_version) VALUES ('"'dd44ee55ff66'"'"'
cp "$T/out" "$T/full.sql"
check "sql upgrade: every revision once, in plan order" \
	[ "$(grep -o "^INSERT INTO \"merge_versions\"[^']*'[0-9a-f]*'" "$T/out" | sed "s/.*'\(.*\)'/\1/" | tr '\n' ' ')" = "aa11bb22cc33 bb22cc33dd44 bc33dd44ee55 dd44ee55ff66 " ]

run "$M" sql upgrade aa:bb22
check "sql upgrade FROM:TO: only the range, no version table DDL" eval 'status 0 &&
	out_has "'"'bb22cc33dd44'"'" && out_lacks "'"'aa11bb22cc33'"'" &&
	out_lacks "CREATE TABLE IF NOT EXISTS"'
run "$M" sql downgrade
check "sql downgrade: DELETEs in reverse plan order" \
	[ "$(grep -o "^DELETE FROM \"merge_versions\" WHERE revision = '[0-9a-f]*'" "$T/out" | sed "s/.*'\(.*\)'/\1/" | tr '\n' ' ')" = "dd44ee55ff66 bc33dd44ee55 bb22cc33dd44 aa11bb22cc33 " ]

pg_fresh_db sqlrun
run pg_psql -f "$T/full.sql"
run "$M" current
check "the offline upgrade script runs in psql and records head" eval 'status 0 && out_is "dd44ee55ff66 (head)"'

# ---- upgrade / current / history on the merge graph --------------------------
pg_fresh_db m1
run "$M" current
check "current on an empty database: base" eval 'status 0 && out_is base'
check "current does not create the version table" q_is "SELECT to_regclass('merge_versions') IS NULL" t

run "$M" history
check "history with a connection marks everything pending" eval 'status 0 && [ $(grep -c "^\[ \] " "$T/out") = 4 ]'

run "$M" upgrade +1
check "upgrade +1 applies the next revision only" eval 'status 0 &&
	grep -Eq "^upgrade aa11bb22cc33: create accounts \([0-9]+ ms\)$" "$T/out" &&
	out_has "upgrade aa11bb22cc33: create accounts ..." &&
	last_out_line "database is at aa11bb22cc33" && [ $(grep -c "^upgrade .*)$" "$T/out") = 1 ]'

run "$M" upgrade bb22
check "upgrade REV applies REV (and its pending ancestors)" eval 'status 0 &&
	out_is "$(printf "upgrade bb22cc33dd44: add email ...\nupgrade bb22cc33dd44: add email (%s ms)\ndatabase is at bb22cc33dd44" "$(sed -n "2s/.*(\([0-9]*\) ms)/\1/p" "$T/out")")"'

run "$M" current
check "current names the applied head" out_is "bb22cc33dd44"

run "$M" history
check "history marks applied and pending revisions" eval 'status 0 &&
	out_has "[x] aa11bb22cc33 -> bb22cc33dd44, add email" &&
	out_has "[ ] aa11bb22cc33 -> bc33dd44ee55, add audit" &&
	out_has "[x] <base> -> aa11bb22cc33 (branchpoint), create accounts"'

run "$M" upgrade
check "upgrade (default head) applies the rest" eval 'status 0 &&
	out_has "upgrade bc33dd44ee55: add audit" &&
	out_has "upgrade dd44ee55ff66: merge email and audit" &&
	last_out_line "database is at dd44ee55ff66 (head)"'
check "version rows carry checksum, duration and migc version" \
	q_is "SELECT count(*) FROM merge_versions WHERE migc_version = '0.1.0' AND duration_ms >= 0 AND checksum LIKE '____0000%'" 4
check "the slow revision's duration was measured server-side" \
	q_is "SELECT duration_ms >= 250 FROM merge_versions WHERE revision = 'aa11bb22cc33'" t

run "$M" upgrade head
check "upgrade at head: nothing to do" eval 'status 0 && out_is "nothing to upgrade: database is at head dd44ee55ff66"'

run "$M" current
check "current at head says (head)" out_is "dd44ee55ff66 (head)"

run "$M" history --verbose
check "history --verbose adds path, checksum, applied time and duration" eval 'status 0 &&
	out_has "    path: versions/bc33dd44ee55_add_audit.mig:1" &&
	out_has "    checksum: bccc0000" && grep -Eq "^    applied: .* \([0-9]+ ms\)$" "$T/out"'

# ---- downgrade ------------------------------------------------------------------
run "$M" downgrade -1
check "downgrade -1 undoes the last applied revision" eval 'status 0 &&
	grep -Eq "^downgrade dd44ee55ff66: merge email and audit \([0-9]+ ms\)$" "$T/out" &&
	last_out_line "database is at bb22cc33dd44, bc33dd44ee55"'
run "$M" current
check "current lists both branch heads after leaving the merge" out_is "bb22cc33dd44
bc33dd44ee55"

run "$M" downgrade aa11
check "downgrade REV undoes everything above REV in reverse plan order" eval 'status 0 &&
	[ "$(grep " ms)$" "$T/out" | grep -o "^downgrade [0-9a-f]*" | tr "\n" " ")" = "downgrade bc33dd44ee55 downgrade bb22cc33dd44 " ] &&
	last_out_line "database is at aa11bb22cc33"'
check "the downgrades ran" q_is "SELECT to_regclass('audit') IS NULL AND NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'email')" t

run "$M" downgrade -2
check "downgrade -N beyond what is applied is refused" eval 'status 2 && err_has "only 1 applied"'

run "$M" downgrade base
check "downgrade base undoes everything" eval 'status 0 && last_out_line "database is at base"'
check "downgrade base leaves only the (empty) version table" \
	q_is "SELECT string_agg(tablename, ',') || ':' || (SELECT count(*) FROM merge_versions) FROM pg_tables WHERE schemaname = 'public'" "merge_versions:0"

run "$M" downgrade base
check "downgrade at base: nothing to do" eval 'status 0 && out_is "nothing to downgrade: database is at base"'

# ---- stamp -----------------------------------------------------------------------
run "$M" stamp bc33
check "stamp REV records REV and its ancestors" eval 'status 0 &&
	out_has "stamp: recorded aa11bb22cc33" && out_has "stamp: recorded bc33dd44ee55" &&
	last_out_line "database is at bc33dd44ee55"'
check "stamp runs no revision statement" q_is "SELECT to_regclass('accounts') IS NULL AND to_regclass('audit') IS NULL" t
check "stamped rows have zero duration and the plan checksum" \
	q_is "SELECT string_agg(revision || '=' || duration_ms || left(checksum, 4), ',' ORDER BY revision) FROM merge_versions" \
	"aa11bb22cc33=0aaaa,bc33dd44ee55=0bccc"
run "$M" stamp bb22
check "stamp removes rows that are not ancestors of REV" eval 'status 0 &&
	out_has "stamp: removed bc33dd44ee55" && out_has "stamp: recorded bb22cc33dd44"'
run "$M" stamp head
check "stamp head records every revision" q_is "SELECT count(*) FROM merge_versions" 4
run "$M" stamp base
check "stamp base empties the version table" q_is "SELECT count(*) FROM merge_versions" 0

# ---- a version table that disagrees with the binary ------------------------------
q "INSERT INTO merge_versions (revision, checksum, migc_version) VALUES ('ffffffffffff', 'x', '9.9')" >/dev/null
run "$M" current
check "current reports an unknown applied revision (exit 4)" eval 'status 4 && err_has "ffffffffffff"'
run "$M" upgrade
check "upgrade refuses to run past an unknown revision (exit 4)" eval 'status 4 && ! out_has "upgrade "'
run "$M" stamp aa
check "stamp repairs it" eval 'status 0 && out_has "stamp: removed ffffffffffff"'
q "UPDATE merge_versions SET checksum = 'changed' WHERE revision = 'aa11bb22cc33'" >/dev/null
run "$M" upgrade
check "upgrade refuses an applied revision whose checksum changed (exit 4)" eval 'status 4 && err_has "aa11bb22cc33 (create accounts) changed after it was applied"'

# ---- a failing revision ------------------------------------------------------------
pg_fresh_db c1
run "$C" upgrade head
check "a failing revision exits 1" status 1
check "revisions before it were applied and reported" eval 'out_has "upgrade 1a2b3c4d5e6f: create posts table" && out_has "upgrade 2b3c4d5e6f7a: add body to posts"'
check "the error names the revision and says it was rolled back" \
	err_has "chain-migrate: error: upgrade of revision 3c4d5e6f7a8b (add users) failed and was rolled back"
check "the error names file:line of the statement" err_has "  at versions/3c4d5e6f7a8b_add_users.mig:8"
check "the error shows the statement" err_has '  statement: UPDATE "users"'
check "the error has SQLSTATE and message" err_has '  ERROR:  42703: column "y" does not exist'
check "the error says where the database is" err_has "database is at 2b3c4d5e6f7a"
check "the failed revision left no trace" q_is "SELECT to_regclass('users') IS NULL AND (SELECT string_agg(revision, ',' ORDER BY revision) FROM chain_versions) = '1a2b3c4d5e6f,2b3c4d5e6f7a'" t
run "$C" downgrade -1
check "downgrade -1 after a failure" eval 'status 0 && last_out_line "database is at 1a2b3c4d5e6f"'

# ---- two migrators at once -------------------------------------------------------------
pg_fresh_db m2
"$M" upgrade head >"$T/o1" 2>"$T/e1" &
p1=$!
"$M" upgrade head >"$T/o2" 2>"$T/e2" &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
cat "$T/o1" "$T/e1" "$T/o2" "$T/e2" >"$T/out"
: >"$T/err"
rc="$r1,$r2"
check "two migrators started together both succeed" [ "$rc" = "0,0" ]
check "each revision was applied exactly once" eval '
	[ $(grep -c "^upgrade .*)$" "$T/out") = 4 ] && [ $(grep -c "^nothing to upgrade" "$T/out") = 1 ] &&
	q_is "SELECT count(*) FROM merge_versions" 4'
check "the second one waited for the lock" grep -qF "waiting for another migrator to finish..." "$T/out"

# ---- connection rules and passwords --------------------------------------------------------
pw='S3cr3t-pw!x'
pg_fresh_db app
q "CREATE ROLE app LOGIN PASSWORD '$pw'; ALTER DATABASE app OWNER TO app" >/dev/null
pg_psql -d app -c "ALTER SCHEMA public OWNER TO app" >/dev/null
: >"$T/all"
noenv="env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE -u PGPASSWORD"

run $noenv "$M" --url "postgresql://app:S3cr3t-pw%21x@127.0.0.1:$PGPORT/app" upgrade +1
check "--url with a password over TCP (scram)" eval 'status 0 && out_has "upgrade aa11bb22cc33"'
run $noenv DATABASE_URL="postgresql://app:S3cr3t-pw%21x@127.0.0.1:$PGPORT/app" "$M" current
check "DATABASE_URL" eval 'status 0 && out_is aa11bb22cc33'
run $noenv DATABASE_URL="host=127.0.0.1 port=$PGPORT dbname=app user=app password=$pw" "$M" current
check "DATABASE_URL as key=value string" eval 'status 0 && out_is aa11bb22cc33'
run $noenv DATABASE_HOSTNAME=127.0.0.1 DATABASE_PORT=$PGPORT DATABASE_NAME=app \
	DATABASE_USERNAME=app DATABASE_PASSWORD="$pw" "$M" upgrade
check "DATABASE_* variables" eval 'status 0 && last_out_line "database is at dd44ee55ff66 (head)"'
run $noenv DATABASE_HOSTNAME=127.0.0.1 DATABASE_PORT=$PGPORT DATABASE_NAME=app \
	DATABASE_USERNAME=app DATABASE_PASSWORD="wrong-$pw" "$M" current
check "a wrong password exits 3 with libpq's reason" eval 'status 3 && err_has "password authentication failed"'
run $noenv "$M" --url "postgresql://app:wrong-S3cr3t-pw%21x@127.0.0.1:$PGPORT/app" current
check "a wrong password in --url exits 3" status 3
run $noenv DATABASE_HOSTNAME=127.0.0.1 DATABASE_PORT=$PGPORT DATABASE_NAME=nosuchdb \
	DATABASE_USERNAME=app DATABASE_PASSWORD="$pw" "$M" current
check "a bad database is named intact, nothing masked (no text is searched for the password)" eval 'status 3 && err_has "database \"nosuchdb\" does not exist" && ! err_has "****"'
run $noenv "$M" --url "postgresql://app:$pw@127.0.0.1:$PGPORT/app?bogus=1" current
check "an unparsable URL exits 3 without echoing it" eval 'status 3 && err_has "cannot parse the connection URL given by --url" && ! err_has "bogus"'
run $noenv "$M" --url "postgresql://app@127.0.0.1:1/app" current
check "no server: exit 3" status 3
check "the password never appears in any output" eval '! grep -qF "S3cr3t" "$T/all"'

pg_stop
rm -rf "$T"
echo "1..$n"
[ $failed = 0 ]
