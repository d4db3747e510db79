#!/bin/sh
# tools/pre-commit-migc.sh - migc for the pre-commit hooks that build it
# from this repository (`language: script` in .pre-commit-hooks.yaml).
#
# pre-commit clones this repository into its cache and runs this script
# from the user's repository.  It brings migc up to date with `make all`
# in the clone (a no-op once built: make compares timestamps), then runs
# it with the hook's arguments, so the exit status and messages are
# migc's.  A failed build exits 2 with make's last lines; building needs
# flex, bison, a C compiler, libpq and libpg_query (`make deps` installs
# them on Debian as root; docs/pre-commit.md).  MIGC_OUT overrides where
# the build goes (the repository itself by default).
repo=$(cd "$(dirname "$0")/.." && pwd) || exit 2
out=${MIGC_OUT:-$repo}
mkdir -p "$out" || exit 2
log=$out/.pre-commit-build.log
if ! make -s -C "$repo" OUT="$out" all >"$log" 2>&1; then
	echo "migc: error: building migc for the pre-commit hook failed (see docs/pre-commit.md):" >&2
	tail -n 20 "$log" >&2
	exit 2
fi
exec "$out/bin/migc" "$@"
