#!/bin/sh
# tests/e2e/77-debroot.t - the Debian package on a clean Debian 12: a
# minimal bookworm root made by debootstrap from the mirror this machine's
# apt already uses, `apt-get install ./migc_*.deb` inside it (so Depends
# must bring everything migc build needs), then the packaged migc builds
# examples/blog's migrator there and that migrator upgrades a database of
# the harness's PostgreSQL (over TCP on 127.0.0.1, shared with the root).
# Needs root (debootstrap, chroot) and the Debian archive; as another user
# every check is skipped, with the reason.  77-deb.t checks the package's
# contents.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
N=7
echo "1..$N"

if [ "$(id -u)" -ne 0 ]; then
	for i in $(seq "$N"); do echo "ok $i # skip needs root (debootstrap and chroot)"; done
	exit 0
fi

# The mirror of this machine's apt sources (deb822 or one-line format).
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
	grep -v security | head -1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 !~ /^\[/ && $3 == "bookworm" { print $2; exit }' \
	/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null)

r=$work/root
# inroot CMD...: CMD in the clean root, with its own /tmp
inroot() { chroot "$r" env TMPDIR=/tmp "$@"; }
debroot_cleanup() {
	umount "$r/proc" 2>/dev/null
	e2e_cleanup
}
trap debroot_cleanup EXIT

OUT=${MIGC_OUT:-$ROOT}
deb=$(ls "$OUT"/deb/migc_*_*.deb 2>/dev/null | head -1)
if [ -z "$deb" ] || [ "$deb" -ot "$OUT/bin/migc" ]; then
	make --no-print-directory OUT="$OUT" deb >"$work/deb.log" 2>&1
	deb=$(ls "$OUT"/deb/migc_*_*.deb 2>/dev/null | head -1)
fi
[ -n "$deb" ] || tail -20 "$work/deb.log" | sed 's/^/# /'

command -v debootstrap >/dev/null 2>&1 || apt-get install -y -qq debootstrap >"$work/apt.log" 2>&1
debootstrap --variant=minbase bookworm "$r" "$mirror" >"$work/debootstrap.log" 2>&1
st=$?
[ $st -ne 0 ] && tail -5 "$work/debootstrap.log" | sed 's/^/# /'
is "$st|$mirror" "0|$mirror" "debootstrap makes a minimal Debian 12 root from this machine's mirror"

cp /etc/resolv.conf "$r/etc/resolv.conf"
mount -t proc proc "$r/proc"
cp "$deb" "$r/tmp/"
inroot sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/$(basename "$deb")" \
	>"$work/install.log" 2>&1
st=$?
[ $st -ne 0 ] && tail -10 "$work/install.log" | sed 's/^/# /'
is "$st|$(inroot dpkg-query -W -f '${Status}' migc 2>&1)" "0|install ok installed" \
	"apt-get installs the package and its Depends into the clean root"
is "$(inroot migc -V)" "$("$MIGC" -V)" "the installed migc runs there"

cp -R examples/blog "$r/tmp/blog"
inroot migc -C /tmp/blog build -o /tmp/blog-migrate >"$work/build.log" 2>&1
st=$?
[ $st -ne 0 ] && tail -10 "$work/build.log" | sed 's/^/# /'
is "$st|$(inroot sh -c 'test -x /tmp/blog-migrate && echo executable')" "0|executable" \
	"the packaged migc builds examples/blog's migrator with only the package's Depends"
is "$(inroot /tmp/blog-migrate history --offline | wc -l | tr -d ' ')" 5 "that migrator knows its 5 revisions"

e2e_pg_start
pg_fresh_db debroot
url="postgresql://postgres@127.0.0.1:$PGPORT/debroot"
inroot /tmp/blog-migrate --url "$url" -q upgrade head >"$work/up.log" 2>&1
st=$?
[ $st -ne 0 ] && sed 's/^/# /' "$work/up.log"
is "$st|$(psql -X -At -d debroot -c "select count(*) from public.migc_version" 2>&1)" "0|5" \
	"it upgrades a database to head from inside the clean root"
is "$(psql -X -At -d debroot -c "select string_agg(table_name, ' ' order by table_name) from information_schema.tables where table_schema = 'public'")" \
	"migc_version posts users" "with the project's tables"
