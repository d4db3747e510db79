#!/bin/sh
# tests/e2e/86-passthrough.t - plain SQL statements in revisions (issue 12):
# a view, a plpgsql function, a trigger, a sequence, a domain, insert and
# update backfills, a grant and a do block, written directly in upgrade
# and downgrade blocks, run on PostgreSQL by the migrator: upgrade head
# creates them and fills the data, downgrade base removes them all.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = passthrough\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_accounts.mig" <<'MIG'
revision 000000000001
parent   base
message  "accounts"

upgrade {
    create table accounts (
        id bigint generated always as identity primary key,
        email text not null,
        balance integer not null default 0,
        touched integer not null default 0
    );
}
MIG
cat >"$P/versions/000000000002_objects.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "views, functions, triggers and data"

upgrade {
    create sequence invoice_no start 1000;
    create domain positive_int as integer check (value > 0);
    create view rich_accounts as
        select id, email from accounts where balance > 100;
    create function touch() returns trigger language plpgsql as $fn$
        begin
            new.touched := new.touched + 1;  -- counts; not a statement end
            return new;
        end
    $fn$;
    create trigger accounts_touch before update on accounts
        for each row execute function touch();
    insert into accounts (email, balance) values ('a@example.com', 50), ('it''s@example.com', 500);
    update accounts set balance = balance * 2 where email like '%;%' or balance = 50;
    grant select on rich_accounts to public;
    do $$ begin perform setval('invoice_no', 1500); end $$;
}

downgrade {
    revoke select on rich_accounts from public;
    delete from accounts where email in ('a@example.com', 'it''s@example.com');
    drop trigger accounts_touch on accounts;
    drop function touch();
    drop view rich_accounts;
    drop domain positive_int;
    drop sequence invoice_no;
}
MIG

ok "migc check accepts the plain SQL statements" "$MIGC" -C "$P" check
ok "migc builds the project" "$MIGC" -C "$P" build -o "$work/m"
e2e_pg_start
pg_fresh_db pt
url="postgresql:///pt?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d pt -c "$1"; }

ok "upgrade head runs" "$work/m" --url "$url" upgrade head
is "$(q "select count(*) from pg_views where viewname = 'rich_accounts'")" 1 "the view exists"
is "$(q "select count(*) from pg_proc where proname = 'touch' and prolang = (select oid from pg_language where lanname = 'plpgsql')")" 1 "the plpgsql function exists"
is "$(q "select count(*) from pg_trigger where tgname = 'accounts_touch'")" 1 "the trigger exists"
is "$(q "select last_value from invoice_no")" 1500 "the sequence exists and the do block ran"
is "$(q "select count(*) from pg_type where typname = 'positive_int' and typtype = 'd'")" 1 "the domain exists"
is "$(q "select string_agg(email || '=' || balance || '/' || touched, ',' order by id) from accounts")" \
	"a@example.com=100/1,it's@example.com=500/0" "insert and update backfilled the rows (one updated, through the trigger)"
is "$(q "select string_agg(email, ',') from rich_accounts")" "it's@example.com" "the view reads the data"
is "$(q "select has_table_privilege('public', 'rich_accounts', 'select')")" t "the grant was made"

ok "downgrade base runs" "$work/m" --url "$url" downgrade base
is "$(q "select count(*) from pg_class where relname in ('rich_accounts', 'invoice_no', 'accounts')")" 0 "the view, the sequence and the table are gone"
is "$(q "select count(*) from pg_proc where proname = 'touch'")" 0 "the function is gone"
is "$(q "select count(*) from pg_trigger where tgname = 'accounts_touch'")" 0 "the trigger is gone"
is "$(q "select count(*) from pg_type where typname = 'positive_int'")" 0 "the domain is gone"
is "$(q "select count(*) from migc_version")" 0 "no revision is recorded"

done_testing
