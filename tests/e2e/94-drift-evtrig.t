#!/bin/sh
# tests/e2e/94-drift-evtrig.t - the migrator's `check` and event triggers
# when it must build the expected schema committed (an enum value added by
# one revision and used by a later one).  A committed event trigger fires
# on every DDL statement in the database until it is dropped, the check's
# own build included: so check makes none and compares none in that mode,
# and says so.  Its scratch copy of the project's event trigger would
# otherwise run the project's function on the build's DDL, and that
# function writes into a real table.  The history's own event trigger is
# compared as usual when the build runs in one rolled-back transaction.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"; }
q() { pg_psql -d "$1" -Atc "$2"; }

P=$work/p
mkdir -p "$P/versions"
printf 'name = evt\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_log.mig" <<'MIG'
revision 000000000001
parent   base
message  "a DDL log kept by an event trigger"

upgrade {
    create table "DdlLog" (tag text not null);
    create function note_ddl() returns event_trigger language plpgsql as $$
    begin
        insert into public."DdlLog" (tag) values (tg_tag);
    end
    $$;
    create event trigger "Note DDL" on ddl_command_end execute function note_ddl();
    create type mood as enum ('happy');
}
downgrade {
    drop type mood;
    drop event trigger "Note DDL";
    drop function note_ddl();
    drop table "DdlLog";
}
MIG
cat >"$P/versions/000000000002_sad.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "a new mood"
no_transaction
inexact_downgrade

upgrade {
    alter type mood add value 'sad';
}
downgrade {
    execute $$ select 1 $$;
}
MIG
cat >"$P/versions/000000000003_use.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "a table whose default is the new value"

upgrade {
    create table "order" (id bigint primary key, m mood not null default 'sad');
}
MIG
ok "the project builds" "$MIGC" -C "$P" build -o "$work/migrate"

pg_fresh_db one
ok "upgrade to the first revision" "$work/migrate" --url "$(url one)" upgrade 000000000001
"$work/migrate" --url "$(url one)" check >"$work/out" 2>"$work/err"
is "$?" 0 "at the first revision check is clean (one rolled-back transaction)"
lacks "$(cat "$work/err")" "event triggers are not compared" "and compares the event trigger"
pg_psql -d one -q -c 'alter event trigger "Note DDL" disable'
"$work/migrate" --url "$(url one)" check >"$work/out" 2>&1
is "$?" 1 "a disabled event trigger is drift there"

pg_fresh_db evt
ok "upgrade head" "$work/migrate" --url "$(url evt)" upgrade head
before=$(q evt 'select count(*) from "DdlLog"')
ok "the event trigger logged the upgrade's DDL" test "$before" -gt 0
"$work/migrate" --url "$(url evt)" check >"$work/out" 2>"$work/err"
is "$?" 0 "at head check exits 0"
contains "$(cat "$work/out")" "clean: the database matches revision 000000000003 (head)" "and is clean"
contains "$(cat "$work/err")" "building the expected schema committed" "it builds committed"
contains "$(cat "$work/err")" "event triggers are not compared when the expected schema is built committed" \
	"and says event triggers are not compared then"
is "$(q evt 'select count(*) from "DdlLog"')" "$before" "no event trigger ran the project's function during the check"
is "$(q evt "select count(*) from pg_event_trigger where evtname like 'migc_expected%'")" 0 \
	"no scratch event trigger is left"
is "$(q evt "select count(*) from pg_namespace where nspname like 'migc_expected%'")" 0 \
	"nor a scratch schema"

done_testing
