#!/bin/sh
# tests/e2e/93-hostile-files.t - what a checkout, a tarball or a mounted
# volume can put in a project (issue 19): a FIFO, a directory or a symlink
# loop named *.mig, an unreadable file (exit 2, the status for I/O errors,
# never a hang); 400 KB of nested comment openers and of one operator
# character (linear lexing; timeout
# is only a hang guard); a NUL byte and a UTF-8 byte order mark in
# migc.conf; a reserved --rev-id; migc fmt on a read-only file and on a
# file owned by another user.  Needs no database.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
export MIGC_CACHE_DIR=off

fresh() {
	rm -rf "$work/p"
	cp -r examples/blog "$work/p"
}

# ---- files that are not regular files -----------------------------------------
fresh
mkfifo "$work/p/versions/zz.mig"
timeout 20 "$MIGC" -C "$work/p" check >/dev/null 2>"$work/err"
is "$?" 2 "a FIFO named *.mig: exit 2 at once (not blocked)"
contains "$(cat "$work/err")" "versions/zz.mig: error: cannot read: not a regular file (a FIFO)" \
	"a FIFO named *.mig: says what it is"

fresh
mkdir "$work/p/versions/zz.mig"
timeout 20 "$MIGC" -C "$work/p" check >/dev/null 2>"$work/err"
is "$?" 2 "a directory named *.mig: exit 2"
contains "$(cat "$work/err")" "versions/zz.mig: error: cannot read: is a directory" \
	"a directory named *.mig: says so"

fresh
ln -s loop.mig "$work/p/versions/loop.mig"
timeout 20 "$MIGC" -C "$work/p" check >/dev/null 2>"$work/err"
is "$?" 2 "a symlink loop named *.mig: exit 2"
contains "$(cat "$work/err")" "versions/loop.mig: error: cannot read: Too many levels of symbolic links" \
	"a symlink loop: says so"

fresh
rm -f "$work/p/schema.mig"; ln -s /dev/null "$work/p/schema.mig"
timeout 20 "$MIGC" -C "$work/p" check >/dev/null 2>"$work/err"
is "$?" 2 "schema.mig a character device: exit 2"
contains "$(cat "$work/err")" "schema.mig: error: cannot read: not a regular file (a character device)" \
	"schema.mig a character device: says so"

# unreadable: as root permissions do not stop reading, so as user postgres
fresh
chmod -R a+rX "$work/p"
chmod 755 "$work"
chmod 000 "$work/p/versions/3c4d5e6f7081_create_users_table.mig"
if [ "$(id -u)" = 0 ]; then
	runuser -u postgres -- env MIGC_CACHE_DIR=off "$MIGC" -C "$work/p" check >/dev/null 2>"$work/err"
else
	"$MIGC" -C "$work/p" check >/dev/null 2>"$work/err"
fi
is "$?" 2 "an unreadable revision file: exit 2"
contains "$(cat "$work/err")" "versions/3c4d5e6f7081_create_users_table.mig: error: cannot read: Permission denied" \
	"an unreadable revision file: says so"

# ---- 400 KB of nested comment openers -----------------------------------------
mkdir -p "$work/nc/versions"
echo 'name = nc' >"$work/nc/migc.conf"
python3 -c "
import sys
k = 100000
sys.stdout.buffer.write(b'revision 000000000001\nparent base\nmessage \"m\"\n\nupgrade {\n    ' + b'/*' * k + b'*/' * k + b'\n    create table t (id bigint primary key);\n}\n')" \
	>"$work/nc/versions/000000000001_x.mig"
timeout 20 "$MIGC" -C "$work/nc" check >"$work/out" 2>"$work/err"
is "$?" 0 "100,000 nested comment openers (400 KB): checked (within the 20 s hang guard)"
contains "$(cat "$work/out")" "ok: 1 revision, head 000000000001" "the nested comment is one comment"

# ---- 400 KB of one operator character ------------------------------------------
# PostgreSQL splits a run of "+" into one-character operators; the lexer
# must not rescan the rest of the run for each of them (quadratic: 80 KB
# took 10 s).  The parser stops at its depth limit, at the same place.
mkdir -p "$work/op/versions"
echo 'name = op' >"$work/op/migc.conf"
python3 -c "
import sys
sys.stdout.buffer.write(b'revision 000000000001\nparent base\nmessage \"m\"\n\nupgrade {\n    create table t (a int default 1 ' + b'+' * 400000 + b' 1);\n}\n')" \
	>"$work/op/versions/000000000001_x.mig"
(cd "$work/op" && timeout 20 "$MIGC" check) >"$work/out" 2>"$work/err"
is "$?" 1 "400,000 '+' in a row: refused within the 20 s hang guard (exit 1, not 124)"
contains "$(head -n 1 "$work/err")" "versions/000000000001_x.mig:6:10022: error: statement is nested too deeply" \
	"... at the parser's depth limit, located"

# ---- migc.conf: a NUL byte, a byte order mark ---------------------------------
mkdir -p "$work/c/versions"
printf 'name = nc\000evil\n' >"$work/c/migc.conf"
"$MIGC" -C "$work/c" check >/dev/null 2>"$work/err"
is "$?" 1 "a NUL byte in migc.conf: exit 1"
contains "$(cat "$work/err")" "migc.conf:1:10: error: unexpected NUL byte" "a NUL byte in migc.conf: located"
printf '\357\273\277name = bom\n' >"$work/c/migc.conf"
"$MIGC" -C "$work/c" check >"$work/out" 2>"$work/err"
is "$?" 0 "a UTF-8 byte order mark at the start of migc.conf is skipped"
printf '\357\273\277name = bom\nbogus = 1\n' >"$work/c/migc.conf"
"$MIGC" -C "$work/c" check >/dev/null 2>"$work/err"
contains "$(cat "$work/err")" "migc.conf:2:1: error: unknown setting \"bogus\"" \
	"after a byte order mark, positions are as the editor shows them"

# ---- reserved revision ids ----------------------------------------------------
for id in head heads base HEAD; do
	"$MIGC" -C "$work/c" revision -m x --rev-id "$id" >/dev/null 2>"$work/err"
	is "$?" 2 "migc revision --rev-id $id: refused (exit 2)"
	contains "$(cat "$work/err")" "--rev-id \"$id\" is reserved" "migc revision --rev-id $id: says why"
done

# ---- migc fmt: read-only files, owners ---------------------------------------
printf 'revision 000000000001\nparent base\nmessage "m"\nupgrade { create table t (id bigint primary key); }\n' >"$work/ro.mig"
cp "$work/ro.mig" "$work/ro.orig"
chmod 444 "$work/ro.mig"
"$MIGC" fmt "$work/ro.mig" >/dev/null 2>"$work/err"
is "$?" 2 "fmt of a read-only file: exit 2"
contains "$(cat "$work/err")" "it is read-only (left as it was)" "fmt of a read-only file: says so"
ok "fmt of a read-only file: the file is unchanged" cmp "$work/ro.mig" "$work/ro.orig"
is "$(stat -c %a "$work/ro.mig")" 444 "fmt of a read-only file: its mode is unchanged"

cp "$work/ro.orig" "$work/own.mig"
chmod 640 "$work/own.mig"
if [ "$(id -u)" = 0 ]; then
	chown postgres:postgres "$work/own.mig"
	want_owner=postgres:postgres
else
	want_owner=$(stat -c %U:%G "$work/own.mig")
fi
"$MIGC" fmt "$work/own.mig" >"$work/out" 2>"$work/err"
is "$?" 0 "fmt of another user's file: formatted"
contains "$(cat "$work/out")" "own.mig" "fmt of another user's file: named as changed"
is "$(stat -c %U:%G:%a "$work/own.mig")" "$want_owner:640" "fmt keeps the file's owner, group and mode"

done_testing
