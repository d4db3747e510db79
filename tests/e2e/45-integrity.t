#!/bin/sh
# tests/e2e/45-integrity.t - the migrator under hostile input and unlucky
# operators (issue 19, the runtime's items), each check a reproducer from
# the issue:
#   - a COPY TO STDOUT / FROM STDIN in a plan (hand-written: migc refuses
#     it) ends its revision with an error naming it, a rollback, the lock
#     released and exit 1, never a spin (item 3);
#   - the advisory lock is keyed on the version table's resolved name, so
#     `migc_version` and `public.migc_version` are one lock (item 4);
#   - a connection string given as a positional argument, or a password
#     known from the environment, is never echoed in a usage error (item 5);
#   - duplicate version-table rows, holes and unknown ids are reported by
#     every command that reads the table, and unknown ids are printed
#     escaped, never as raw control characters (items 13, 17, 1);
#   - default_schema = app on a fresh database: the migrator creates the
#     schema (and the version table's) (item 14);
#   - timeouts under 1 ms are refused (item 15);
#   - a failed no_transaction revision ends saying it is interrupted and
#     needs resolve, not "database is at <it> (head)" (item 16);
#   - check never drops a user's schema that happens to be named like its
#     scratch copies (migc_expected_public) (item 17).
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

OUT=${MIGC_OUT:-$ROOT}
ESC=$(printf '\033')

# ---- usage errors: no database needed ----------------------------------
ok "migc builds the blog migrator" "$MIGC" -C examples/blog build -o "$work/blog"
b() { "$work/blog" "$@" >"$work/out" 2>"$work/err"; rc=$?; }
U='postgresql://app:hunter2@db.internal:5432/prod'
for args in "$U upgrade head" "upgrade $U" "downgrade $U" "show host=db.internal%password=hunter2" \
	"current postgres://app:hunter2@db/prod" "--lock-timeout $U upgrade" \
	"--retries=$U upgrade" "--format=$U check" "--bogus=$U upgrade"; do
	# % stands for a space inside one argument
	set -f
	set -- $args
	set +f
	a1=$(printf '%s' "$1" | tr % ' ') a2=$(printf '%s' "${2:-}" | tr % ' ') a3=$(printf '%s' "${3:-}" | tr % ' ')
	case $# in
	2) b "$a1" "$a2" ;;
	*) b "$a1" "$a2" "$a3" ;;
	esac
	is "$rc" 2 "a connection string as an argument ($1 ...) is a usage error"
	contains "$(cat "$work/err")" "a connection string must be given with --url" \
		"... which says to use --url ($1 ...)"
	ok "... and never shows the password ($1 ...)" sh -c "! grep -q hunter2 '$work/out' '$work/err'"
done
PGPASSWORD=hunter2 b show hunter2
is "$rc" 2 "an unknown revision is a usage error"
contains "$(cat "$work/err")" 'unknown revision "********"' \
	"a PGPASSWORD value given as a revision is masked in the usage error"
DATABASE_URL=postgresql://app:s3cret@h/db b show s3cret
contains "$(cat "$work/err")" 'unknown revision "********"' \
	"a DATABASE_URL password given as a revision is masked in the usage error"
b show "$(printf 'x\033[2Jy')"
contains "$(cat "$work/err")" 'unknown revision "x\x1b[2Jy"' \
	"an argument's control characters are printed escaped"
ok "... and never raw" sh -c "! grep -q '$ESC' '$work/err'"

# timeouts PostgreSQL would round to 0 (= no timeout)
for t in "--lock-timeout 100us" "--statement-timeout 999us" "--lock-timeout=1us"; do
	set -- $t
	b "$@" heads
	is "$rc" 2 "$t is refused (PostgreSQL rounds it to 0: no timeout)"
	contains "$(cat "$work/err")" "under 1 ms" "... saying why ($t)"
done
for t in "--lock-timeout 0" "--lock-timeout 1000us" "--statement-timeout 1ms"; do
	set -- $t
	b "$@" heads
	is "$rc" 0 "$t is accepted"
done

e2e_pg_start
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
q() { pg_psql -d "$1" -c "$2" 2>&1; }

# ---- item 3: COPY in a plan never spins --------------------------------
inc=$OUT/include/migc
lib=$OUT/lib/migc/libmigrt.a
cflags="-std=c11 -Wall -Wextra -Werror"
if nm "$lib" 2>/dev/null | grep -q __asan_; then
	cflags="$cflags -fsanitize=address,undefined"
fi
ok "the COPY fixture plan links with libmigrt.a" \
	${CC:-cc} $cflags -I"$inc" -o "$work/copy-migrate" tests/runtime/copy.c "$lib" -lpq
pg_fresh_db copy
C=$(url copy)
cm() { timeout 30 "$work/copy-migrate" --url "$C" "$@" >"$work/out" 2>"$work/err"; rc=$?; }
cm upgrade 1a
is "$rc" 0 "the fixture's first revision applies"
cm upgrade 2b
is "$rc" 1 "a COPY TO STDOUT ends its revision with exit 1 (not a spin, not a timeout)"
err=$(cat "$work/err")
contains "$err" "upgrade of revision 2b0000000002 (copy out) failed and was rolled back" \
	"... naming the revision and the rollback"
contains "$err" "COPY ... TO STDOUT: a migrator has no client" "... saying why"
contains "$err" "at versions/2b0000000002_out.mig:6" "... and where"
is "$(q copy "select count(*) from pg_stat_activity where application_name = 'copy-migrate'")" 0 \
	"... leaving no session behind (lock released, no open transaction)"
is "$(q copy "select to_regclass('u') is null, string_agg(revision, ',') from copy_versions")" "t|1a0000000001" \
	"... and nothing of the revision (its CREATE TABLE was rolled back)"
cm upgrade 3c
is "$rc" 1 "a COPY FROM STDIN ends its revision with exit 1"
contains "$(cat "$work/err")" "upgrade of revision 3c0000000003 (copy in) failed and was rolled back" \
	"... naming the revision and the rollback"
contains "$(cat "$work/err")" "COPY ... FROM STDIN" "... saying why"
cm upgrade 4d
is "$rc" 1 "a COPY TO STDOUT outside a transaction ends its revision with exit 1"
contains "$(cat "$work/err")" "revision 4d0000000004 (copy out outside a transaction) failed outside a transaction" \
	"... naming the revision"
contains "$(cat "$work/err")" "COPY ... TO STDOUT" "... saying why"
cm current
is "$rc" 4 "the next migrator gets the lock at once and reports the interrupted revision"

# ---- item 4: one lock whatever the version table's spelling ------------
mkproj() {
	mkdir -p "$work/$1/versions"
	printf 'name = lk\nlint.integer-primary-key = off\n%s\n' "$2" >"$work/$1/migc.conf"
	printf 'revision 000000000001\nparent base\nmessage "t"\nupgrade {\n    create table t (id bigint primary key);\n    execute $$select pg_sleep(2)$$;\n}\ndowngrade {\n    drop table t;\n}\n' \
		>"$work/$1/versions/000000000001_a.mig"
	printf 'revision 000000000002\nparent 000000000001\nmessage "u"\nupgrade {\n    create table u (id bigint primary key);\n}\n' \
		>"$work/$1/versions/000000000002_b.mig"
	"$MIGC" -C "$work/$1" build -o "$work/$1-migrate"
}
ok "a migrator with version_table = migc_version builds" mkproj la ""
ok "a migrator with version_table = public.migc_version builds" mkproj lb "version_table = public.migc_version"
pg_fresh_db lk
L=$(url lk)
"$work/la-migrate" --url "$L" upgrade head >"$work/la.out" 2>"$work/la.err" &
pa=$!
e2e_wait_for lk "select exists (select 1 from pg_locks where locktype = 'advisory' and granted
    and database = (select oid from pg_database where datname = 'lk'))" ||
	echo "# the first migrator never took its lock"
"$work/lb-migrate" --url "$L" upgrade head >"$work/lb.out" 2>"$work/lb.err"
rb=$?
wait $pa
ra=$?
is "$ra $rb" "0 0" "two migrators spelling the version table differently both succeed"
contains "$(cat "$work/lb.err")" "waiting for another migrator to finish" \
	"... because the second waited for the first's lock"
contains "$(cat "$work/lb.out")" "nothing to upgrade" "... and then found nothing pending"
is "$(q lk "select count(*), count(distinct revision) from migc_version")" "2|2" \
	"... and every revision is recorded once"

# ---- items 13, 17: a hand-edited version table -------------------------
pg_fresh_db vt
V=$(url vt)
bm() { "$work/blog" --url "$V" "$@" >"$work/out" 2>"$work/err"; rc=$?; }
bm upgrade head
is "$rc" 0 "the blog applies"
q vt "alter table migc_version drop constraint migc_version_pkey;
create temp table s as select * from migc_version where revision = '5e6f708192a3';
delete from migc_version where revision = '5e6f708192a3';
insert into migc_version select revision, 'tampered', applied_at, duration_ms, migc_version from s;
insert into migc_version select * from s;" >/dev/null
bm upgrade head
is "$rc" 4 "upgrade refuses a version table with two rows for one revision"
contains "$(cat "$work/err")" 'more than one row for revision 5e6f708192a3' "... naming the duplicate"
contains "$(cat "$work/err")" 'revision 5e6f708192a3 (add published to posts) changed after it was applied: checksum tampered' \
	"... and the tampered checksum the matching row hid"
for c in current history check "downgrade -1"; do
	bm $c
	is "$rc" 4 "$c reports the duplicate (exit 4)"
	contains "$(cat "$work/err")" 'more than one row for revision 5e6f708192a3' "... naming it ($c)"
done
q vt "delete from migc_version where checksum = 'tampered';
delete from migc_version where revision = '3c4d5e6f7081'" >/dev/null
bm upgrade head
is "$rc" 4 "upgrade refuses a version table with a hole (an ancestor's row deleted)"
contains "$(cat "$work/err")" 'records revision 4d5e6f708192 but not its parent 3c4d5e6f7081' "... naming it"
is "$(q vt "select count(*) from migc_version where revision = '3c4d5e6f7081'")" 0 \
	"... and does not re-run the missing revision out of order"
for c in current check "downgrade base"; do
	bm $c
	is "$rc" 4 "$c reports the hole (exit 4)"
	contains "$(cat "$work/err")" 'but not its parent 3c4d5e6f7081' "... ($c)"
done
q vt "insert into migc_version select '3c4d5e6f7081', checksum, applied_at, duration_ms, migc_version
      from migc_version where revision = '2b3c4d5e6f70';
insert into migc_version values (E'ffff\\033[31mred\\nerror: all good', 'x', now(), 0, '0')" >/dev/null
bm current
is "$rc" 4 "current reports an unknown revision id"
contains "$(cat "$work/err")" 'records revision "ffff\x1b[31mred\x0aerror: all good", which this migrator does not know' \
	"... printed with its control characters escaped"
ok "... never raw" sh -c "! grep -q '$ESC' '$work/err'"
ok "... and without a forged line" sh -c "! grep -q '^error: all good' '$work/err'"

# ---- item 14: default_schema = app on a fresh database -----------------
mkdir -p "$work/ds/versions"
printf 'name = ds\ndefault_schema = app\nversion_table = meta.migc_version\nlint.integer-primary-key = off\n' >"$work/ds/migc.conf"
printf 'revision 000000000001\nparent base\nmessage "t"\nupgrade {\n    create table t (id bigint primary key);\n}\n' \
	>"$work/ds/versions/000000000001_a.mig"
ok "a project with default_schema = app builds" "$MIGC" -C "$work/ds" build -o "$work/ds-migrate"
pg_fresh_db ds
D=$(url ds)
"$work/ds-migrate" --url "$D" current >"$work/out" 2>"$work/err"
is "$? $(cat "$work/out")" "0 base" "current on a fresh database says base"
"$work/ds-migrate" --url "$D" upgrade head >"$work/out" 2>"$work/err"
is "$?" 0 "upgrade creates the missing default schema and the version table's schema"
is "$(q ds "select to_regclass('app.t') is not null, (select string_agg(revision, ',') from meta.migc_version)")" "t|000000000001" \
	"... the revision's table is in app, its row in meta.migc_version"
"$work/ds-migrate" --url "$D" upgrade head >"$work/out" 2>"$work/err"
is "$? $(cat "$work/out")" "0 nothing to upgrade: database is at head 000000000001" "a second upgrade finds nothing to do"

# ---- item 16: a failed no_transaction revision -------------------------
mkdir -p "$work/pn/versions"
printf 'name = pn\nlint.integer-primary-key = off\n' >"$work/pn/migc.conf"
printf 'revision 000000000001\nparent base\nmessage "dups"\nupgrade {\n    create table t (id bigint primary key, v int);\n    execute $$insert into t values (1, 1), (2, 1)$$;\n}\ndowngrade {\n    drop table t;\n}\n' \
	>"$work/pn/versions/000000000001_a.mig"
printf 'revision 000000000002\nparent 000000000001\nno_transaction\nmessage "unique"\nupgrade {\n    create unique index concurrently t_v_key on t (v);\n}\n' \
	>"$work/pn/versions/000000000002_b.mig"
ok "the no_transaction project builds" "$MIGC" -C "$work/pn" build -o "$work/pn-migrate"
pg_fresh_db pn
"$work/pn-migrate" --url "$(url pn)" upgrade head >"$work/out" 2>"$work/err"
is "$?" 1 "a failing no_transaction revision exits 1"
is "$(tail -n 1 "$work/err")" \
	'database is at 000000000001; revision 000000000002 is interrupted (neither applied nor pending) and needs `pn-migrate resolve 000000000002 applied|pending`' \
	"the run's last line says the revision is interrupted and needs resolve"

# ---- item 17: a user's schema named like check's scratch copy -----------
pg_fresh_db sc
S=$(url sc)
"$work/blog" --url "$S" upgrade head >/dev/null 2>&1
q sc "create schema migc_expected_public; create table migc_expected_public.keep (x int); insert into migc_expected_public.keep values (7)" >/dev/null
"$work/blog" --url "$S" check >"$work/out" 2>"$work/err"
is "$?" 4 "check refuses to run when a schema named like its scratch copy is not its own"
contains "$(cat "$work/err")" 'schema "migc_expected_public" exists and was not made by migc'"'"'s check' \
	"... and says which schema and why"
is "$(q sc "select x from migc_expected_public.keep")" 7 "... and the user's schema and its rows are still there"
q sc "drop schema migc_expected_public cascade" >/dev/null
"$work/blog" --url "$S" check >"$work/out" 2>"$work/err"
is "$? $(grep -c '^clean:' "$work/out")" "0 1" "without it, check runs clean"
is "$(q sc "select count(*) from pg_namespace where nspname like 'migc_expected_%'")" 0 \
	"... and leaves no scratch schema behind"

done_testing
