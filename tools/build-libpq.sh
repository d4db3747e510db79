#!/bin/sh
# tools/build-libpq.sh - builds the static libpq that `migc build` links.
#
# usage: tools/build-libpq.sh DEST
#        tools/build-libpq.sh --source-only DEST
#
# --source-only fetches and unpacks the source (as below) into DEST and
# builds nothing (tools/coverage-corpus.sh reads its regression files).
#
# Debian's libpq.a cannot be linked statically (it needs GSSAPI and LDAP,
# which Debian ships only as shared objects), so this builds libpq from
# PostgreSQL's own source, configured without GSSAPI, LDAP, readline, zlib
# and ICU and with OpenSSL, and installs three archives into DEST:
#   libpq.a          the client library
#   libpgcommon.a    PostgreSQL's src/common (the _shlib variant libpq uses)
#   libpgport.a      PostgreSQL's src/port   (likewise)
#
# The source is $PG_SRC (an unconfigured PostgreSQL source tree; it is built
# out of tree, so it is never modified) or, without PG_SRC, Debian's
# postgresql-15 source package fetched with `apt-get source`.  The deb-src
# entries are derived from the system's own deb entries and handed to apt
# through -o options with private list and cache directories: the system's
# apt configuration and state are not touched.
#
# Like Debian's libpq, it looks for pg_service.conf in /etc/postgresql-common.
# Only libpq and its two helper archives are compiled (about a minute on
# two cores).  DEST is filled atomically: a failed or interrupted build
# leaves no DEST behind.  Object code is built with -ffile-prefix-map so
# the archives carry no build-directory paths.
set -eu

SOURCE_ONLY=
if [ "${1:-}" = --source-only ]; then SOURCE_ONLY=1; shift; fi
DEST=${1:?usage: tools/build-libpq.sh [--source-only] DEST}
PKG=${PG_DEB_PACKAGE:-postgresql-15}
JOBS=${JOBS:-2}

say() { echo "build-libpq: $*" >&2; }
die() { say "error: $*"; exit 1; }

command -v cc >/dev/null 2>&1 || command -v "${CC:-cc}" >/dev/null 2>&1 ||
	die "no C compiler"
command -v make >/dev/null 2>&1 || die "make is not installed"
[ -f /usr/include/openssl/ssl.h ] || [ -n "${PG_OPENSSL_OK:-}" ] ||
	die "OpenSSL headers are missing: install libssl-dev (tools/install-deps.sh)"

mkdir -p "$(dirname "$DEST")"
DEST_ABS=$(cd "$(dirname "$DEST")" && pwd)/$(basename "$DEST")
# The work tree lives in TMPDIR, not under DEST's directory: the Makefile
# reads every *.d file under build/, and PostgreSQL's source has some.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/migc-libpq.XXXXXX")
NEW=$DEST_ABS.new.$$
trap 'rm -rf "$WORK" "$NEW"' EXIT INT TERM HUP

# ---- the deb-src entries, from the system's deb entries ---------------------
# Prints one-line "deb-src [signed-by=K] URI SUITE COMPONENTS" entries for
# every enabled deb source of this release (suite starting with its
# codename), read from sources.list, *.list and deb822 *.sources files.
deb_src_lines() {
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "cannot tell the Debian release (/etc/os-release)"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v cn="$codename" '
			$1 == "deb" {
				opts = ""; i = 2
				if ($2 ~ /^\[/) {
					while (i <= NF) { opts = opts (opts ? " " : "") $i; if ($i ~ /\]$/) break; i++ }
					i++
				}
				uri = $i; suite = $(i + 1)
				if (index(suite, cn) != 1) next
				comps = ""
				for (j = i + 2; j <= NF && $j !~ /^#/; j++) comps = comps " " $j
				print "deb-src " (opts ? opts " " : "") uri " " suite comps
			}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v cn="$codename" '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && enabled != "no" && uris != "") {
					n = split(suites, s, " "); m = split(uris, u, " ")
					for (a = 1; a <= m; a++) for (b = 1; b <= n; b++) {
						if (index(s[b], cn) != 1) continue
						print "deb-src " (signed ? "[signed-by=" signed "] " : "") u[a] " " s[b] " " comps
					}
				}
				types = uris = suites = comps = signed = enabled = ""
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			{
				key = tolower($1); sub(/:$/, "", key); val = $0
				sub(/^[^:]*:[ \t]*/, "", val)
				if (key == "types") types = val
				else if (key == "uris") uris = val
				else if (key == "suites") suites = val
				else if (key == "components") comps = val
				else if (key == "signed-by") signed = val
				else if (key == "enabled") enabled = tolower(val)
			}
			END { flush() }' "$f"
	done
}

fetch_debian_source() {
	command -v apt-get >/dev/null 2>&1 || die "apt-get is missing; give a PostgreSQL source tree as PG_SRC="
	command -v dpkg-source >/dev/null 2>&1 ||
		die "dpkg-source is missing: install dpkg-dev (tools/install-deps.sh), or give PG_SRC="
	A=$WORK/apt
	mkdir -p "$A/lists/partial" "$A/cache/archives/partial" "$A/parts" "$WORK/src"
	deb_src_lines >"$A/sources.list"
	[ -s "$A/sources.list" ] || die "no Debian package sources found in /etc/apt to derive deb-src entries from"
	say "deb-src entries:"
	sed 's/^/build-libpq:   /' "$A/sources.list" >&2
	set -- -q -o Dir::Etc::SourceList="$A/sources.list" \
		-o Dir::Etc::SourceParts="$A/parts" \
		-o Dir::State::Lists="$A/lists" \
		-o Dir::Cache="$A/cache" \
		-o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
	if [ "$(id -u)" = 0 ]; then
		# the private directories belong to root; apt's _apt sandbox
		# user could not write them
		set -- "$@" -o APT::Sandbox::User=root
	fi
	say "apt-get update (private lists in $A)"
	apt-get "$@" update >"$WORK/apt-update.log" 2>&1 || {
		cat "$WORK/apt-update.log" >&2
		die "apt-get update for the deb-src entries failed"
	}
	# The version of the installed libpq5 first (its headers are the ones
	# the runtime is compiled against), then every other version the
	# sources offer, newest first: a mirror may list a version whose files
	# it does not (yet) carry.
	want=$(dpkg-query -W -f='${Version}' libpq5 2>/dev/null || :)
	versions=$( (echo "$want"; apt-cache "$@" showsrc "$PKG" 2>/dev/null |
		sed -n 's/^Version: //p' | sort -V -r) | awk 'NF && !seen[$0]++')
	[ -n "$versions" ] || die "the deb-src entries offer no $PKG source package"
	got=""
	for v in $versions; do
		say "apt-get source $PKG=$v"
		if (cd "$WORK/src" && apt-get "$@" source "$PKG=$v") >"$WORK/apt-source.log" 2>&1; then
			got=$v
			break
		fi
		tail -n 3 "$WORK/apt-source.log" | sed 's/^/build-libpq:   /' >&2
		rm -rf "$WORK/src" && mkdir -p "$WORK/src"
	done
	[ -n "$got" ] || die "apt-get source $PKG failed for every version ($(echo $versions))"
	SRC=$(ls -d "$WORK"/src/*/ 2>/dev/null | head -n 1)
	[ -n "$SRC" ] && [ -x "$SRC/configure" ] || die "apt-get source gave no source tree"
	SRC=${SRC%/}
}

if [ -n "${PG_SRC:-}" ]; then
	[ -x "$PG_SRC/configure" ] || die "PG_SRC=$PG_SRC is not a PostgreSQL source tree"
	SRC=$(cd "$PG_SRC" && pwd)
	[ ! -f "$SRC/src/Makefile.global" ] ||
		die "PG_SRC=$SRC is configured in place; run \"make distclean\" there first"
else
	fetch_debian_source
fi
say "source: $SRC"
if [ -n "$SOURCE_ONLY" ]; then
	rm -rf "$NEW"
	cp -a "$SRC" "$NEW"
	rm -rf "$DEST_ABS"
	mv "$NEW" "$DEST_ABS"
	say "done: $DEST_ABS (source only)"
	exit 0
fi

# ---- configure and build only libpq, src/common and src/port -----------------
OBJ=$WORK/obj
mkdir -p "$OBJ"
CF="-O2 -ffunction-sections -fdata-sections -ffile-prefix-map=$SRC=. -ffile-prefix-map=$OBJ=."
say "configure"
(cd "$OBJ" && "$SRC/configure" --quiet \
	--without-gssapi --without-ldap --without-readline --without-zlib \
	--without-icu --without-lz4 --without-zstd --without-llvm \
	--without-perl --without-python --without-tcl --without-pam \
	--without-selinux --without-systemd --without-libxml --without-libxslt \
	--with-openssl --disable-nls --disable-rpath \
	--sysconfdir=/etc/postgresql-common \
	CFLAGS="$CF") >"$WORK/configure.log" 2>&1 || {
	tail -n 40 "$WORK/configure.log" >&2
	[ -f "$OBJ/config.log" ] && tail -n 40 "$OBJ/config.log" >&2
	die "configure failed"
}
say "make libpq (-j$JOBS)"
(
	make -C "$OBJ/src/backend" -s generated-headers &&
	make -C "$OBJ/src/common" -s -j"$JOBS" &&
	make -C "$OBJ/src/port" -s -j"$JOBS" &&
	make -C "$OBJ/src/interfaces/libpq" -s -j"$JOBS" all-static-lib
) >"$WORK/make.log" 2>&1 || {
	tail -n 60 "$WORK/make.log" >&2
	die "building libpq failed"
}

mkdir -p "$NEW"
cp "$OBJ/src/interfaces/libpq/libpq.a" "$NEW/libpq.a"
cp "$OBJ/src/common/libpgcommon_shlib.a" "$NEW/libpgcommon.a"
cp "$OBJ/src/port/libpgport_shlib.a" "$NEW/libpgport.a"
version=$(sed -n 's/^#define PG_VERSION_STR "\(.*\)"$/\1/p' "$OBJ/src/include/pg_config.h")
echo "$version" >"$NEW/VERSION"
rm -rf "$DEST_ABS"
mv "$NEW" "$DEST_ABS"
say "done: $DEST_ABS ($version)"
