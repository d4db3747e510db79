#!/bin/sh
# examples/demo.sh - `make demo`: compile examples/blog into its migrator and
# run it against a throwaway PostgreSQL (started here, stopped at the end).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MIGC_OUT=${MIGC_OUT:-$ROOT}
MIGC=$MIGC_OUT/bin/migc
. "$ROOT/tests/lib/pg.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/migc-demo.XXXXXX")
trap 'pg_stop; rm -rf "$work"' EXIT INT TERM

run() {
	printf '\n$ %s\n' "$*"
	"$@"
}

run "$MIGC" -C examples/blog check
run "$MIGC" -C examples/blog build -o "$work/blog-migrate"

pg_start
pg_fresh_db blog
export DATABASE_URL="postgresql:///blog?host=$PGHOST&port=$PGPORT&user=$PGUSER"
cd "$work"
run ./blog-migrate upgrade head
run ./blog-migrate current
run ./blog-migrate history
run ./blog-migrate downgrade -1
run ./blog-migrate current
run ./blog-migrate upgrade head
run psql -X -q -d blog -c '\d posts'
printf '\ndemo finished: examples/blog upgraded, downgraded and upgraded again\n'
