#!/bin/sh
# tests/e2e/94-drift-model.t - the migrator's `check` builds the expected
# schema from the head's model (plan ABI 6) when the database is at the
# head, and replays the history otherwise (docs/migrator.md, check).
#
# Which way it built is read from the server's log (log_statement=all for
# check's session only): the model's statements run in the savepoint
# migc_check_model.  A project whose columns changed type while they had a
# default (PostgreSQL keeps the old default, coerced) checks clean that
# way; drift made by hand is reported the same; a history with an execute
# block, and a database below the head, are replayed.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/fast
mkdir -p "$P/versions"
printf 'name = fast\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_base.mig" <<'MIG'
revision 000000000001
parent   base
message  "base"

upgrade {
    create type mood as enum ('a', 'b');
    create schema app;
    create table users (
        id serial primary key,
        email varchar(80) not null unique,
        name varchar(80) default 'x',
        n integer default 0,
        score integer check (score >= 0)
    );
    create table app.accounts (
        id bigint generated always as identity primary key,
        user_id integer not null references users (id) on delete cascade,
        note text
    );
    create index accounts_note_idx on app.accounts (user_id) where note is not null;
    comment on table users is 'people';
}
MIG
cat >"$P/versions/000000000002_enum.mig" <<'MIG'
revision 000000000002
parent   000000000001
message  "enum value"
inexact_downgrade

upgrade {
    alter type mood add value 'c';
}
downgrade {
}
MIG
cat >"$P/versions/000000000003_types.mig" <<'MIG'
revision 000000000003
parent   000000000002
message  "types"

upgrade {
    alter table users add column m mood default 'c';
    alter table users alter column name type text;
    alter table users alter column n type bigint;
}
MIG
cat >"$P/versions/000000000004_rename.mig" <<'MIG'
revision 000000000004
parent   000000000003
message  "rename"

upgrade {
    alter table users rename column email to mail;
    create index users_mail_idx on users (lower(mail));
}
MIG
# the same history with an execute block at the end
cp -r "$P" "$work/slow"
cat >"$work/slow/versions/000000000005_exec.mig" <<'MIG'
revision 000000000005
parent   000000000004
message  "exec"

upgrade {
    execute $$ select 1 $$;
}
downgrade {
}
MIG

ok "migc build: the project" "$MIGC" -C "$P" build -o "$work/fast-migrate"
ok "migc build: with an execute" "$MIGC" -C "$work/slow" build -o "$work/slow-migrate"
F=$work/fast-migrate

e2e_pg_start

pg_fresh_db fast
"$F" --url "$(e2e_url fast)" upgrade head >/dev/null 2>&1
e2e_check_logged "$F" fast
is "$rc" 0 "at the head: check exits 0"
contains "$out" "clean: the database matches revision 000000000004 (head)" "at the head: clean"
contains "$log" "SAVEPOINT migc_check_model" "at the head: the expected schema is built from the model"
lacks "$log" "ROLLBACK TO SAVEPOINT migc_check_model" "at the head: the model's statements all ran"
contains "$log" 'ALTER TABLE "migc_expected_public"."users" ALTER COLUMN "name" TYPE text' \
	"a column whose type changed with a default is created with its old type and changed"
lacks "$log" "ADD VALUE" "the enum is created with all its labels, not replayed"
is "$(e2e_q fast "select count(*) from pg_namespace where nspname like 'migc\_expected\_%'")" 0 \
	"no scratch schema is left"

# drift made by hand: reported the same way
e2e_q fast "alter table users alter column name set default 'z'; create index users_n_idx on users (n); alter table app.accounts drop column note" >/dev/null
e2e_check_logged "$F" fast
is "$rc" 1 "drift at the head: check exits 1"
is "$out" "missing in database:
  column app.accounts.note
      \"note\" text
  index app.accounts_note_idx
      CREATE INDEX \"accounts_note_idx\" ON \"app\".\"accounts\" (\"user_id\") WHERE (note IS NOT NULL)
not expected:
  index public.users_n_idx
      CREATE INDEX \"users_n_idx\" ON \"public\".\"users\" (\"n\")
differs:
  column public.users.name
      expected: \"name\" text DEFAULT 'x'::character varying
      database: \"name\" text DEFAULT 'z'::text
drift: 4 differences between the database and revision 000000000004 (head)" "drift at the head: the differences"
contains "$log" "SAVEPOINT migc_check_model" "drift at the head: built from the model"

# below the head: the history is replayed
pg_fresh_db below
"$F" --url "$(e2e_url below)" upgrade 000000000003 >/dev/null 2>&1
e2e_check_logged "$F" below
is "$rc" 0 "below the head: check exits 0"
contains "$out" "clean: the database matches revision 000000000003" "below the head: clean"
lacks "$log" "migc_check_model" "below the head: the history is replayed"

# a history with an execute block: replayed
pg_fresh_db slow
"$work/slow-migrate" --url "$(e2e_url slow)" upgrade head >/dev/null 2>&1
e2e_check_logged "$work/slow-migrate" slow
is "$rc" 0 "with an execute block: check exits 0"
contains "$out" "clean: the database matches revision 000000000005 (head)" "with an execute block: clean"
lacks "$log" "migc_check_model" "with an execute block: the history is replayed"

done_testing
