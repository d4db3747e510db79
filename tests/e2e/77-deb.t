#!/bin/sh
# tests/e2e/77-deb.t - `make deb`: dpkg-buildpackage -b -us -uc from
# debian/ builds migc_VERSION_ARCH.deb with migc, the runtime archive and
# header, the static libpq, the man pages and the completions; unpacked
# into an empty root with `dpkg -x` (no chroot: what a fresh Debian 12
# needs besides is in Depends), the migc there builds examples/blog's
# migrator from its own lib/migc, and that migrator runs.  No database.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..8"

OUT=${MIGC_OUT:-$ROOT}
make --no-print-directory OUT="$OUT" deb >"$work/deb.log" 2>&1
st=$?
deb=$(ls "$OUT"/deb/migc_*_*.deb 2>/dev/null | head -1)
is "$st|$(basename "$deb")" "0|migc_$("$MIGC" -V | sed 's/^migc //')_$(dpkg --print-architecture).deb" \
	"make deb builds the package into OUT/deb" || tail -20 "$work/deb.log" | sed 's/^/# /'

dpkg-deb -c "$deb" | awk '{print $6}' | grep -v '/$' | sort >"$work/files"
is "$(cat "$work/files")" "./usr/bin/migc
./usr/include/migc/migrt.h
./usr/lib/migc/libmigrt.a
./usr/lib/migc/libpgcommon.a
./usr/lib/migc/libpgport.a
./usr/lib/migc/libpq.a
./usr/lib/migc/migc-alembic-export.py
./usr/share/bash-completion/completions/migc
./usr/share/doc/migc/changelog.gz
./usr/share/doc/migc/copyright
./usr/share/fish/vendor_completions.d/migc.fish
./usr/share/man/man1/migc-migrate.1.gz
./usr/share/man/man1/migc.1.gz
./usr/share/man/man5/migc.conf.5.gz
./usr/share/zsh/vendor-completions/_migc" "the package holds these files"
contains "$(dpkg-deb -f "$deb" Depends)" "libc6 (>= " "Depends has the shared libraries' (dpkg-shlibdeps)"
contains "$(dpkg-deb -f "$deb" Depends)" "gcc | c-compiler, libc6-dev, libssl-dev" "and what migc build runs and links"

r=$work/root
mkdir -p "$r"
dpkg -x "$deb" "$r"
is "$("$r/usr/bin/migc" -V)" "$("$MIGC" -V)" "the unpacked migc runs"
"$r/usr/bin/migc" -v -C examples/blog build -o "$work/blog-migrate" >"$work/b.log" 2>&1
is "$?|$(grep -c "$r/usr/bin/../lib/migc/libmigrt.a $r/usr/bin/../lib/migc/libpq.a" "$work/b.log")" "0|1" \
	"it builds examples/blog's migrator with the package's own runtime and libpq"
contains "$("$work/blog-migrate" --version 2>&1)" "blog" "that migrator runs"
contains "$(LC_ALL=C MANWIDTH=120 man -l "$r/usr/share/man/man1/migc.1.gz" 2>&1)" "migc - compile a PostgreSQL migration project" \
	"the packaged migc(1) renders"
