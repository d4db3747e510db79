#!/bin/sh
# tests/e2e/70-artifact.t - the migrator as a release artifact (docs/artifact.md).
#
# `migc build` links statically: ldd finds no dynamic dependencies; two
# builds of examples/blog from two different directories, temporary
# directories, times and SOURCE_DATE_EPOCH values are byte-identical; the
# binary alone in an otherwise empty root file system (chroot, as root, or
# unshare -r) upgrades, reports and downgrades a database over TCP on
# 127.0.0.1 and over the harness's unix socket made visible inside (a hard
# link to the socket, else a bind mount), and speaks TLS to a server with a
# throwaway certificate authority.  Also: --print-digest, --dynamic, the
# message when the static libpq is missing, and the size limit.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
chmod 755 "$work"
mounted=""
cleanup() {
	[ -n "$mounted" ] && umount "$mounted" 2>/dev/null
	e2e_cleanup
}
trap cleanup EXIT

# ---- building ---------------------------------------------------------------
mkdir -p "$work/a" "$work/b/some/other/checkout" "$work/tmp1" "$work/tmp2"
cp -R examples/blog "$work/a/blog"
cp -R examples/blog "$work/b/some/other/checkout/blog"
M=$work/a/blog-migrate
err=$(env TMPDIR="$work/tmp1" "$MIGC" -C "$work/a/blog" build -o "$M" 2>&1 >/dev/null)
is "$?" 0 "migc build links the static migrator"
lacks "$err" "statically linked" "static glibc's link-time warnings are not shown"
sleep 1
ok "a second build from another directory, TMPDIR and time" \
	env TMPDIR="$work/tmp2" SOURCE_DATE_EPOCH=1700000000 \
	"$MIGC" -C "$work/b/some/other/checkout/blog" build -o "$work/b/blog-migrate"
ok "the two builds are byte-identical" cmp "$M" "$work/b/blog-migrate"
out=$(ldd "$M" 2>&1)
contains "$out" "not a dynamic executable" "ldd: not a dynamic executable"
strings "$M" >"$work/strings"
contains "$(cat "$work/strings")" "create posts table" "strings finds the revisions' messages in the binary"
lacks "$(cat "$work/strings")" "$work" "no build path is embedded in the binary"
size=$(wc -c <"$M" | tr -d ' ')
echo "# stripped static migrator with TLS: $size bytes"
ok "the binary is at most 8 MB" test "$size" -le 8388608

digest=$("$MIGC" -C "$work/a/blog" build --print-digest 2>/dev/null)
is "$?" 0 "build --print-digest exits 0"
contains "$("$M" --version 2>&1)" "digest $digest" "--print-digest prints the digest --version shows"
ok "--print-digest builds nothing" test ! -e "$work/a/blog/blog-migrate"

err=$(MIGC_LIBPQ_DIR="$work/nowhere" "$MIGC" -C "$work/a/blog" build -o "$work/missing" 2>&1)
is "$?" 2 "without the static libpq build exits 2"
contains "$err" "the static libpq is missing" "and says the static libpq is missing"
contains "$err" "make libpq" "and how to build it"
ok "and writes no output" test ! -e "$work/missing"

err=$(MIGC_LIBPQ_DIR="$work/nowhere" "$MIGC" -C "$work/a/blog" build --dynamic -o "$work/dyn" 2>&1)
is "$?" 0 "build --dynamic needs no static libpq"
contains "$err" "needs libpq" "build --dynamic says the binary needs libpq at run time"
contains "$(ldd "$work/dyn" 2>&1)" "libpq.so" "the --dynamic binary links the system's libpq"

# ---- an empty root file system ----------------------------------------------
e2e_pg_start
R=$work/root
mkdir -p "$R/sock"
cp "$M" "$R/migrate"
chmod 755 "$R" "$R/sock"
# the server's socket, visible inside: a hard link needs one file system,
# a bind mount needs the privilege to mount
sock=.s.PGSQL.$PGPORT
if ! ln "$PGHOST/$sock" "$R/sock/$sock" 2>/dev/null; then
	if mount --bind "$PGHOST" "$R/sock" 2>/dev/null; then
		mounted=$R/sock
	fi
fi
ok "the server's unix socket is visible inside the root" test -S "$R/sock/$sock"

# inroot [VAR=VALUE...] ARGS...: the binary in the empty root, with an
# empty environment but for the VAR=VALUE given
CHROOT=$(command -v chroot || echo /usr/sbin/chroot)
if [ "$(id -u)" = 0 ]; then
	ROOTER="$CHROOT"
else
	ROOTER="$(command -v unshare) -r $CHROOT"
fi
inroot() {
	vars=""
	while [ $# -gt 0 ]; do
		case $1 in
		*=*) vars="$vars $1"; shift ;;
		*) break ;;
		esac
	done
	# shellcheck disable=SC2086
	env -i $vars $ROOTER "$R" /migrate "$@"
}
ok "the root holds nothing but the binary and the socket" \
	test "$(find "$R" | wc -l | tr -d ' ')" -le 4

tcp="postgresql://postgres@127.0.0.1:$PGPORT"
q() { pg_psql -d "$1" -c "$2"; }
pg_fresh_db art_tcp
out=$(inroot --url "$tcp/art_tcp" upgrade head 2>&1)
is "$?" 0 "empty root, TCP: upgrade head exits 0"
contains "$out" "5e6f708192a3" "empty root, TCP: upgrade head applies up to the head"
is "$(q art_tcp 'select count(*) from migc_version')" 5 "empty root, TCP: five revisions recorded"
is "$(inroot --url "$tcp/art_tcp" current 2>&1)" "5e6f708192a3 (head)" "empty root, TCP: current"
contains "$(inroot --url "$tcp/art_tcp" history 2>&1)" "<base> -> a1b2c3d4e5f6" "empty root, TCP: history"
ok "empty root, TCP: downgrade -1" inroot --url "$tcp/art_tcp" downgrade -1
is "$(inroot --url "$tcp/art_tcp" current 2>&1)" "4d5e6f708192" "empty root, TCP: current after downgrade -1"
is "$(inroot DATABASE_URL="$tcp/art_tcp" current 2>&1)" "4d5e6f708192" \
	"empty root, TCP, DATABASE_URL from the environment: current"

pg_fresh_db art_unix
sockurl="postgresql:///art_unix?host=/sock&port=$PGPORT&user=postgres"
ok "empty root, unix socket: upgrade head" inroot --url "$sockurl" upgrade head
is "$(inroot --url "$sockurl" current 2>&1)" "5e6f708192a3 (head)" "empty root, unix socket: current"
ok "empty root, unix socket: downgrade base" inroot --url "$sockurl" downgrade base
is "$(q art_unix 'select count(*) from migc_version')" 0 "empty root, unix socket: nothing left applied"

out=$(inroot --url "postgresql://127.0.0.1:$PGPORT/art_tcp" current 2>&1)
rc=$?
is "$rc" 3 "empty root, no user given and no /etc/passwd: cannot connect (exit 3), no crash"
contains "$out" "could not look up local user ID" "and libpq says why"

# ---- TLS with a throwaway certificate authority -------------------------------
T=$work/tls
mkdir -p "$T"
mkca() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
		-keyout "$T/$1.key" -out "$T/$1.crt" >/dev/null 2>&1
}
tls_ok=0
if mkca ca "migc test CA" && mkca wrongca "another CA" &&
   openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
	-keyout "$T/server.key" -out "$T/server.csr" >/dev/null 2>&1 &&
   printf 'subjectAltName=IP:127.0.0.1\n' >"$T/ext" &&
   openssl x509 -req -in "$T/server.csr" -CA "$T/ca.crt" -CAkey "$T/ca.key" \
	-CAcreateserial -days 2 -extfile "$T/ext" -out "$T/server.crt" >/dev/null 2>&1; then
	cp "$T/server.crt" "$T/server.key" "$PG_DIR/"
	chmod 600 "$PG_DIR/server.key"
	[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR/server.crt" "$PG_DIR/server.key"
	q postgres "ALTER SYSTEM SET ssl_cert_file = '$PG_DIR/server.crt'" &&
	q postgres "ALTER SYSTEM SET ssl_key_file = '$PG_DIR/server.key'" &&
	q postgres "ALTER SYSTEM SET ssl = on" &&
	# art_tls only over TLS, so that a connection there proves TLS
	{ echo "hostnossl art_tls all 127.0.0.1/32 reject"; cat "$PG_DIR/data/pg_hba.conf"; } >"$T/hba" &&
	cat "$T/hba" >"$PG_DIR/data/pg_hba.conf" &&
	q postgres "SELECT pg_reload_conf()" >/dev/null &&
	e2e_wait_for postgres "select current_setting('ssl') = 'on'" 30 &&
	tls_ok=1
fi
is "$tls_ok" 1 "the server speaks TLS with a throwaway CA's certificate"
cp "$T/ca.crt" "$R/ca.crt"
cp "$T/wrongca.crt" "$R/wrongca.crt"

pg_fresh_db art_tls
out=$(inroot --url "$tcp/art_tls?sslmode=require" upgrade head 2>&1)
is "$?" 0 "empty root, sslmode=require: upgrade head"
is "$(inroot --url "$tcp/art_tls?sslmode=verify-full&sslrootcert=/ca.crt" current 2>&1)" \
	"5e6f708192a3 (head)" "empty root, sslmode=verify-full with the right CA connects"
out=$(inroot --url "$tcp/art_tls?sslmode=verify-full&sslrootcert=/wrongca.crt" current 2>&1)
is "$?" 3 "verify-full with a wrong CA cannot connect (exit 3)"
contains "$out" "certificate verify failed" "and says the certificate cannot be verified"
out=$(inroot --url "$tcp/art_tls?sslmode=disable" current 2>&1)
is "$?" 3 "sslmode=disable is rejected there (so the connections above used TLS)"

# ---- host names: static glibc's built-in "files" module reads /etc/hosts ----
mkdir -p "$R/etc"
echo "127.0.0.1 localhost" >"$R/etc/hosts"
is "$(inroot --url "postgresql://postgres@localhost:$PGPORT/art_tcp" current 2>&1)" \
	"4d5e6f708192" "root with only /etc/hosts: a host name resolves"

# ---- start-up time --------------------------------------------------------------
per_run() {
	t0=$(date +%s%N)
	i=0
	while [ $i -lt 20 ]; do "$@" >/dev/null; i=$((i + 1)); done
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 20000 ))
}
echo "# --version: $(per_run "$M" --version) microseconds per run (mean of 20; /bin/true: $(per_run /bin/true))"

done_testing
