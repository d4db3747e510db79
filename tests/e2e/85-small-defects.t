#!/bin/sh
# tests/e2e/85-small-defects.t - the small defects of issue 14 item 7:
#   - `migc merge` of a revision with its own ancestor is refused;
#   - `migc build` leaves no temporary file or directory behind when it is
#     stopped by SIGTERM or SIGINT while the C compiler runs, when the C
#     compiler cannot be started, or when it fails;
#   - `migc revision --autogenerate --url` writes the drop of an object only
#     the drifted database has with IF EXISTS, so that the revision runs on
#     a fresh database too, and warns where it cannot check a statement;
#   - singular forms: "1 revision" in --version, "cannot downgrade 1 revision";
#   - released.sums: `migc build --release` records the checksums, `migc
#     check` stops an edited or removed released revision at its location.
# (Reserved --rev-id values are tested in 93-hostile-files.t.)
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

rev() {	# rev DIR ID PARENT UPGRADE DOWNGRADE
	cat >"$1/versions/$2_r.mig" <<EOF
revision $2
parent $3
message "revision $2"
upgrade { $4 }
downgrade { $5 }
EOF
}

# ---- merge with an ancestor -------------------------------------------------------
B=$work/branches
mkdir -p "$B/versions"
printf 'name = branches\n' >"$B/migc.conf"
rev "$B" 00000000000a base "create table a (id int);" "drop table a;"
rev "$B" 00000000000b 00000000000a "create table b (id int);" "drop table b;"
rev "$B" 00000000000c 00000000000a "create table c (id int);" "drop table c;"
rev "$B" 00000000000d 00000000000b "create table d (id int);" "drop table d;"
"$MIGC" -C "$B" merge -m "bad" 00000000000a 00000000000d >"$work/out" 2>&1
is "$?" 1 "merge of a revision with its ancestor exits 1"
contains "$(cat "$work/out")" 'revision "00000000000a" is an ancestor of "00000000000d"' "and names both"
"$MIGC" -C "$B" merge -m "bad" 00000000000d 00000000000b >"$work/out" 2>&1
is "$?" 1 "merge of a revision with its parent exits 1, whatever the order"
is "$(ls "$B/versions" | wc -l)" 4 "nothing was written"
ok "merge of the two heads is accepted" "$MIGC" -C "$B" merge -m "join" 00000000000c 00000000000d
ok "and the merged project checks" "$MIGC" -C "$B" check

# ---- build cleans up on every path ------------------------------------------------
P=$work/proj
mkdir -p "$P/versions"
printf 'name = proj\n' >"$P/migc.conf"
rev "$P" 000000000001 base "create table notes (id bigint primary key, body text);" "drop table notes;"
mkdir -p "$work/bt" "$work/bo"
# its sleep's arguments are this test's own ("sleep 30.PID"): another
# process's sleep on the machine is not taken for it
cc_sleep="sleep 30.$$"
cat >"$work/slowcc" <<EOF
#!/bin/sh
: >"$work/cc-started"
$cc_sleep
exec cc "\$@"
EOF
chmod +x "$work/slowcc"
left() { ls -A "$work/bt"; ls -A "$work/bo"; }
for sig in TERM INT; do
	rm -f "$work/cc-started"
	# a background job starts with SIGINT ignored: perl gives it back its
	# default before running migc, as a terminal's Ctrl-C would find it
	TMPDIR=$work/bt CC=$work/slowcc perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or exit 127' \
		"$MIGC" -C "$P" build -o "$work/bo/m" 2>/dev/null &
	pid=$!
	i=0
	while [ ! -e "$work/cc-started" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	ok "SIG$sig: the C compiler was running" test -e "$work/cc-started"
	kill -$sig $pid
	wait $pid
	st=$?
	case $sig in TERM) want=143 ;; INT) want=130 ;; esac
	is "$st" "$want" "SIG$sig: migc build dies of the signal"
	is "$(left | tr '\n' ' ')" "" "SIG$sig: no BIN.tmp file and no migc-build directory left behind"
	i=0
	while ps -eo args | grep -qxF "$cc_sleep" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	ok "SIG$sig: the C compiler was stopped too" sh -c '! ps -eo args | grep -xF "$1"' sh "$cc_sleep"
done
TMPDIR=$work/bt CC=$work/no-such-cc "$MIGC" -C "$P" build -o "$work/bo/m" >"$work/out" 2>&1
is "$?" 2 "a C compiler that cannot be started: exit 2"
contains "$(cat "$work/out")" "cannot run the C compiler" "and says so"
is "$(left | tr '\n' ' ')" "" "a C compiler that cannot be started: nothing left behind"
TMPDIR=$work/bt CC=false "$MIGC" -C "$P" build -o "$work/bo/m" >/dev/null 2>&1
is "$?" 2 "a failing C compiler: exit 2"
is "$(left | tr '\n' ' ')" "" "a failing C compiler: nothing left behind"

# ---- singular forms -----------------------------------------------------------------
ok "the one-revision project builds" "$MIGC" -C "$P" build -o "$work/m1"
v=$("$work/m1" --version)
contains "$v" "project proj, 1 revision, head 000000000001" "--version says \"1 revision\""
contains "$("$work/m1" --help)" "(1 revision, head" "--help says \"1 revision\""
e2e_pg_start
pg_fresh_db single
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
"$work/m1" --url "$(url single)" downgrade -1 >"$work/out" 2>&1
is "$?" 2 "downgrade -1 with nothing applied is refused"
contains "$(cat "$work/out")" "cannot downgrade 1 revision: only 0 applied" "in the singular"
"$work/m1" --url "$(url single)" upgrade +2 >"$work/out" 2>&1
contains "$(cat "$work/out")" "cannot upgrade 2 revisions: only 1 pending" "and the plural stays for 2"

# ---- revision --autogenerate --url on a drifted database -----------------------------
pg_fresh_db drifted
"$work/m1" --url "$(url drifted)" upgrade head >/dev/null 2>&1
pg_psql -d drifted -c "CREATE INDEX notes_body_idx ON notes (body); ALTER TABLE notes ADD COLUMN scratch int" >/dev/null
printf 'create table notes (id bigint primary key, body text);\n' >"$P/schema.mig"
"$MIGC" -C "$P" revision --autogenerate --url "$(url drifted)" -m "repair" --rev-id 000000000002 >"$work/out" 2>&1
is "$?" 0 "revision --autogenerate --url writes the repair"
r=$(cat "$P"/versions/000000000002_*.mig)
contains "$r" "drop index if exists notes_body_idx;" "the hand-made index is dropped with IF EXISTS"
contains "$r" "alter table notes drop column if exists scratch;" "the hand-made column is dropped with IF EXISTS"
lacks "$r" "execute" "nothing is left unchecked"
contains "$(cat "$work/out")" "2 drops written with IF EXISTS" "a note says so"
ok "the project checks" "$MIGC" -C "$P" check
ok "and builds" "$MIGC" -C "$P" build -o "$work/m2"
pg_fresh_db fresh
"$work/m2" --url "$(url fresh)" upgrade head >"$work/out" 2>&1
is "$?" 0 "the revision runs on a fresh database (no 42704)"
ok "and on the drifted one" "$work/m2" --url "$(url drifted)" upgrade head
is "$(pg_psql -d drifted -c "SELECT count(*) FROM pg_indexes WHERE indexname = 'notes_body_idx'")" 0 \
	"where it dropped the hand-made index"
rm -f "$P"/versions/000000000002_*.mig
pg_fresh_db drifted2
"$work/m1" --url "$(url drifted2)" upgrade head >/dev/null 2>&1
pg_psql -d drifted2 -c "ALTER TABLE notes DROP CONSTRAINT notes_pkey" >/dev/null
"$MIGC" -C "$P" revision --autogenerate --url "$(url drifted2)" -m "repair" --rev-id 000000000003 >"$work/out" 2>&1
is "$?" 0 "a repair migc cannot check is still written"
contains "$(cat "$P"/versions/000000000003_*.mig)" "WARNING: the statements written as execute" "with a warning in the file"
contains "$(cat "$work/out")" "fails on a database built from the history" "and on stderr"
rm -f "$P"/versions/000000000003_*.mig

# ---- released.sums -------------------------------------------------------------------
R=$work/rel
cp -R examples/blog "$R"
"$MIGC" -C "$R" build --release -o "$work/relm" >"$work/out" 2>&1
is "$?" 0 "build --release exits 0"
contains "$(cat "$work/out")" "released: 5 revisions recorded in released.sums" "and says what it recorded"
ok "the migrator was built" test -x "$work/relm"
is "$(grep -v '^#' "$R/released.sums" | wc -l)" 5 "released.sums has one line per revision"
is "$(grep -v '^#' "$R/released.sums" | cut -d' ' -f1 | tr '\n' ' ')" \
	"$(ls "$R/versions" | cut -c1-12 | sort | tr '\n' ' ')" "sorted by id"
contains "$(cat "$R/released.sums")" "3c4d5e6f7081 v2:" "each line holds a v2 checksum"
is "$(ls -A "$R" | grep -c tmp)" 0 "no temporary file is left"
ok "check passes on the released project" "$MIGC" -C "$R" check
f=$R/versions/3c4d5e6f7081_create_users_table.mig
cp "$f" "$work/saved.mig"
sed -i 's/email *varchar(255)/email varchar(300)/' "$f"
"$MIGC" -C "$R" check >"$work/out" 2>&1
is "$?" 1 "check fails on an edited released revision"
contains "$(cat "$work/out")" 'versions/3c4d5e6f7081_create_users_table.mig:1:10: error: revision "3c4d5e6f7081" was released (released.sums line' \
	"at the revision's id, naming it"
"$MIGC" -C "$R" build -o "$work/relm2" >/dev/null 2>&1
is "$?" 1 "build fails too"
cp "$work/saved.mig" "$f"
sed -i 's/^message .*/message "reworded"/' "$f"
ok "a reworded message is not an edit" "$MIGC" -C "$R" check
cp "$work/saved.mig" "$f"
rev "$R" 6f708192a3b4 5e6f708192a3 "create table extra (id int);" "drop table extra;"
ok "a new revision not yet released may be added" "$MIGC" -C "$R" check
rm "$R/versions/6f708192a3b4_r.mig" "$R/versions/5e6f708192a3_add_published_to_posts.mig"
"$MIGC" -C "$R" check >"$work/out" 2>&1
is "$?" 1 "check fails when a released revision is removed"
contains "$(cat "$work/out")" 'released.sums:7:1: error: released revision "5e6f708192a3" is not in the history' \
	"at its line of released.sums"
done_testing
