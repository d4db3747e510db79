#!/bin/sh
# tests/e2e/60-golden-sql.t - every golden project that compiles is also run
# on a real PostgreSQL: its offline upgrade SQL, then its offline downgrade
# SQL (written and derived downgrades alike), must both be accepted, and
# the downgrade must leave nothing but the version table.  A project's
# setup.sql, if any, runs first (what it expects to exist beforehand).
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start
q() { psql -X -A -t -q -d "$1" -c "$2"; }
leftovers="select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
	where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
	  and c.relname not like 'migc_version%'"

n=0
for dir in tests/golden/*/; do
	case=$(basename "$dir")
	"$MIGC" -C "$dir" check >/dev/null 2>&1 || continue
	# a project whose SQL needs what this server cannot have (an extension
	# not packaged for it) says why in no-server; it is compiled only
	[ -f "$dir/no-server" ] && continue
	n=$((n + 1))
	db=g$n
	pg_fresh_db $db
	# what a project expects to exist before its first revision (extensions
	# declared in migc.conf, installed by the platform)
	[ -f "$dir/setup.sql" ] && psql -X -q -v ON_ERROR_STOP=1 -d $db -f "$dir/setup.sql" >/dev/null
	"$MIGC" -C "$dir" sql upgrade >"$work/up.sql" 2>"$work/err"
	ok "$case: migc sql upgrade exits 0 and PostgreSQL runs it" sql_runs $? "$work/up.sql" $db
	"$MIGC" -C "$dir" sql downgrade >"$work/down.sql" 2>"$work/err"
	ok "$case: migc sql downgrade exits 0 and PostgreSQL runs it" sql_runs $? "$work/down.sql" $db
	is "$(q $db "$leftovers")" 0 "$case: the downgrade leaves only the version table"
done
ok "at least 20 golden projects were run" test "$n" -ge 20

done_testing
