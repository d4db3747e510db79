#!/bin/sh
# tests/e2e/96-preflight.t - upgrade's pre-flight data checks (issue 17).
#
# For each kind of check (set not null, add unique, create unique index,
# add foreign key, add check, a type change whose cast can fail, validate
# constraint) a table holds offending rows: the revision stops before its
# DDL with the statement's SQLSTATE, the count and at most five primary-key
# values (composite key; ctid for a table without one), never another
# column's value; nothing changes and the version table keeps its rows.
# --no-preflight lets the server's own error happen; an update that fills
# the NULLs before `set not null` in the same revision passes.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = pf\n' >"$P/migc.conf"
rev() {	# rev N MESSAGE UP [DOWN]: revision N with parent N-1 (1: base)
	id=$(printf '%012d' "$1")
	if [ "$1" -eq 1 ]; then par=base; else par=$(printf '%012d' $(($1 - 1))); fi
	{
		printf 'revision %s\nparent   %s\nmessage  "%s"\n\nupgrade {\n%s\n}\n' \
			"$id" "$par" "$2" "$3"
		[ -z "${4:-}" ] || printf 'downgrade {\n%s\n}\n' "$4"
	} >"$P/versions/${id}_r.mig"
}
rev 1 "tables" '    create table users (id bigint primary key, email text, nick text);
    create table orders (id bigint primary key, user_id bigint, qty integer);
    create table pairs (a integer, b integer, v text, primary key (a, b));
    create table logs (msg text, lvl text);
    create table accounts (id bigint primary key, owner_id bigint);
    create schema app;
    create table app.items (id bigint primary key, code text, qty integer, owner bigint);'
rev 2 "emails required" '    alter table orders add column note text;
    alter table users alter column email set not null;'
rev 3 "unique emails" '    alter table users add constraint users_email_key unique (email);'
rev 4 "unique pair values" '    create unique index pairs_v_key on pairs (v);'
rev 5 "orders reference users" '    alter table orders add constraint orders_user_fk foreign key (user_id) references users (id);'
rev 6 "positive quantities" '    alter table orders add constraint orders_qty_pos check (qty > 0);'
rev 7 "numeric levels" '    alter table logs alter column lvl type integer using lvl::integer;'
rev 8 "accounts have owners" '    alter table accounts add constraint accounts_owner_fk foreign key (owner_id) references users not valid;
    alter table accounts validate constraint accounts_owner_fk;'
rev 9 "unique codes" '    create unique index items_code_key on app.items (lower(code)) where qty > 0;'
rev 10 "no negative items" '    alter table app.items add constraint items_qty_nonneg check (qty >= 0) not valid;
    alter table app.items validate constraint items_qty_nonneg;'
rev 11 "items have owners" '    alter table app.items add constraint items_owner_fk foreign key (owner) references users;'
rev 12 "a new column and its check in one statement" '    alter table orders add column size integer not null default 1, add constraint orders_size_pos check (size > 0);'
rev 13 "nicknames required" '    execute $$ update users set nick = '"'"'anon'"'"' where nick is null $$;
    alter table users alter column nick set not null;' \
'    alter table users alter column nick drop not null;'

ok "migc builds the project" "$MIGC" -q -C "$P" build -o "$work/m"
script=$("$MIGC" -q -C "$P" sql upgrade 2>/dev/null)
contains "$script" 'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL' "migc sql prints the guarded statement"
lacks "$script" "migc_preflight" "and no pre-flight check"
e2e_pg_start
pg_fresh_db pf
url="postgresql:///pf?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d pf -c "$1"; }
m() { "$work/m" --url "$url" "$@" >"$work/out" 2>"$work/err"; }
vt() {	# the version table's revisions
	q "select string_agg(revision, ',' order by revision) from migc_version" 2>/dev/null; }

m upgrade 000000000001
is "$?" 0 "the tables are created"
q "insert into users values (1, 'secret-ann@x', null), (2, 'secret-ann@x', null),
    (3, null, 'nick-c'), (4, 'secret-dan@x', null), (5, null, null);
   insert into orders values (10, 99, 3), (11, 1, -7), (12, 2, 1);
   insert into pairs values (1, 1, 'dup-v'), (1, 2, 'dup-v'), (2, 1, 'own-v');
   insert into logs values ('hidden-a', 'high'), ('hidden-b', '3'), ('hidden-c', '99999999999'), ('hidden-d', null);
   insert into accounts values (20, 1), (21, 77), (22, 78), (23, null);
   insert into app.items values (1, 'code-x', 1, 1), (2, 'CODE-X', 2, null), (3, 'Code-X', 0, 98), (4, 'code-y', -1, 1)"

# check: the failure report of revision $1 (exit 1, SQLSTATE $2, message
# $3, keys $4); nothing applied; no value but keys in the output
check() {
	st=$1 err=$(cat "$work/err")
	contains "$err" "upgrade of revision $2 (" "$6: the revision is named"
	contains "$err" "stopped by a pre-flight check and was rolled back" "$6: stopped by the pre-flight check"
	contains "$err" "ERROR:  $3: pre-flight check failed: $4" "$6: SQLSTATE $3 and the count"
	contains "$err" "DETAIL:  first keys $5" "$6: the sample keys"
	for v in secret- nick- dup-v own-v hidden- high 99999999999 77 78 98 code- CODE- Code-; do
		case $5 in *"$v"*) continue ;; esac
		case $err in *"$v"*) echo "# $6: output shows the value $v"; st=x ;; esac
	done
	is "$st" 1 "$6: exit 1, and no row value in the report"
	lacks "$err" "CONTEXT:" "$6: no PL/pgSQL context line"
	is "$(vt)" "$(q "select string_agg(revision, ',' order by revision) from migc_version
		where revision < '$2'")" "$6: the version table has no row for it"
	is "$(q "select max(revision) from migc_version")" "$(printf '%012d' "$(expr "$2" - 1)")" "$6: and one for its parent"
}

# ---- set not null: the check runs first, before the other table's lock ----
PGAPPNAME=pf-locker psql -X -q -d pf -c "begin; lock table orders in access share mode; select pg_sleep(30)" >/dev/null 2>&1 &
locker=$!
n=0
until [ "$(q "select count(*) from pg_locks l join pg_stat_activity a using (pid) where a.application_name = 'pf-locker' and l.relation = 'orders'::regclass")" = 1 ] || [ $n -ge 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
m upgrade head --lock-timeout 3s --retries 0
check "$?" 000000000002 23502 '2 rows of users have NULL in column "email", which "set not null" forbids' "(id): 3, 5" "set not null"
q "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'pf-locker'" >/dev/null
wait "$locker" 2>/dev/null
is "$(q "select count(*) from information_schema.columns where table_name = 'orders' and column_name = 'note'")" 0 "set not null: the revision's earlier statement did not run"
lacks "$(cat "$work/err")" "55P03" "set not null: no lock_timeout on the other table (the check ran first)"

m upgrade head --no-preflight
is "$?" 1 "--no-preflight: the revision still fails"
contains "$(cat "$work/err")" 'ERROR:  23502: column "email" of relation "users" contains null values' "--no-preflight: with the server's own error"
lacks "$(cat "$work/err")" "pre-flight" "--no-preflight: no check ran"
q "update users set email = 'secret-e' || id where email is null"

# ---- add unique ----
m upgrade head
check "$?" 000000000003 23505 '2 rows of users share their key ("email") with another row (unique constraint "users_email_key"): 1 key value held more than once' "(id): 1, 2" "add unique"
q "update users set email = 'secret-f' where id = 2"

# ---- create unique index, composite primary key ----
m upgrade head
check "$?" 000000000004 23505 '2 rows of pairs share their key ("v") with another row (unique index "pairs_v_key"): 1 key value held more than once' "(a, b): (1,1), (1,2)" "unique index"
q "update pairs set v = 'x' where b = 2"

# ---- add foreign key ----
m upgrade head
check "$?" 000000000005 23503 '1 row of orders reference rows that "users" lacks (foreign key "orders_user_fk" ("user_id"))' "(id): 10" "foreign key"
q "update orders set user_id = 1 where id = 10"

# ---- add check ----
m upgrade head
check "$?" 000000000006 23514 "1 row of orders violate the check (qty > 0)" "(id): 11" "check"
q "update orders set qty = 7 where id = 11"

# ---- a cast that fails, no primary key ----
m upgrade head
check "$?" 000000000007 22P02 '2 rows of logs hold values in column "lvl" that do not cast to integer' "(ctid, no primary key): (0,1), (0,3)" "cast"
q "update logs set lvl = '1' where lvl <> '3'"

# ---- validate constraint: after the statement that adds it ----
m upgrade head
check "$?" 000000000008 23503 "2 rows of accounts reference rows that users lacks (foreign key accounts_owner_fk)" "(id): 21, 22" "validate"
contains "$(cat "$work/err")" "before the statement at versions/000000000008_r.mig:7" "validate: the guarded statement's line"
is "$(q "select count(*) from pg_constraint where conname = 'accounts_owner_fk'")" 0 "validate: the revision's earlier statement was rolled back"
q "update accounts set owner_id = 1 where id in (21, 22)"

# ---- an expression unique index with a WHERE, schema-qualified ----
m upgrade head
check "$?" 000000000009 23505 '2 rows of app.items share their key ((lower(code))) with another row (unique index "items_code_key"): 1 key value held more than once' "(id): 1, 2" "expression index"
q "update app.items set code = 'code-z' where id = 2"

# ---- validate a check constraint ----
m upgrade head
check "$?" 000000000010 23514 "1 row of app.items violate check constraint items_qty_nonneg" "(id): 4" "validate check"
q "update app.items set qty = 0 where id = 4"

# ---- a foreign key to the referenced table's primary key ----
m upgrade head
check "$?" 000000000011 23503 '1 row of app.items reference rows that "users" lacks (foreign key "items_owner_fk" ("owner"))' "(id): 3" "foreign key to the primary key"
q "update app.items set owner = 1 where id = 3"

# ---- a check on a column the same statement adds does nothing; an update
# that fills the NULLs first passes ----
m upgrade head
is "$?" 0 "a check of a column added by its own statement, and an update before set not null, pass"
is "$(vt)" "000000000001,000000000002,000000000003,000000000004,000000000005,000000000006,000000000007,000000000008,000000000009,000000000010,000000000011,000000000012,000000000013" "every revision is applied"
is "$(q "select count(*) from users where nick is null")" 0 "the update ran"

# ---- the checks cost no round trip ------------------------------------------
trips() {	# trips FILE ARGS...: sendto calls of an upgrade from 1 to head
	"$work/m" --url "$url" downgrade 000000000001 >/dev/null 2>&1 &&
	f=$1 && shift &&
	strace -qq -e trace=sendto -o "$f" "$work/m" --url "$url" upgrade head "$@" >/dev/null 2>&1 &&
	grep -c sendto "$f"
}
with=$(trips "$work/with.trace")
without=$(trips "$work/without.trace" --no-preflight)
is "$([ -n "$with" ] && [ "$with" -ge 13 ] && echo "$with")" "$without" "12 revisions with checks take as many round trips as without ($with)"
is "$(vt)" "000000000001,000000000002,000000000003,000000000004,000000000005,000000000006,000000000007,000000000008,000000000009,000000000010,000000000011,000000000012,000000000013" "and apply every revision"

done_testing
