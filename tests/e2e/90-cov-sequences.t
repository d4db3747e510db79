#!/bin/sh
# tests/e2e/90-cov-sequences.t - issue 12 part 2: standalone sequences are
# model objects.  The history of tests/golden/sequences (create with
# options, if not exists, owned by, a default calling nextval(); alter,
# owned by none, rename; drop) upgrades a PostgreSQL database with the
# options PostgreSQL stores, the migrator's check is clean, and the derived
# downgrades run down to base and up again to the same dump.  A database
# made with plain SQL (free sequences with options, one owned by a column,
# a default calling nextval() on one, a column of aclitem, a type migc does
# not list) is adopted by init --from-url with nothing left out, built, and
# a fresh database upgraded by it dumps alike; diff --url and the
# migrator's check are clean and see a changed sequence.  Editing
# schema.mig (add, alter, drop a sequence) autogenerates a revision that
# upgrades and downgrades.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start
seqs() { e2e_q "$1" "select n.nspname || '.' || c.relname || ' ' || format_type(s.seqtypid, null) || ' ' || s.seqincrement || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqstart || ' ' || s.seqcache || ' ' || s.seqcycle from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace order by 1"; }

# the golden history on PostgreSQL
cp -r tests/golden/sequences "$work/p"
rm -f "$work/p"/*.actual "$work/p"/expected.* "$work/p/cmd"
ok "the project checks" "$MIGC" -C "$work/p" check
ok "it builds" "$MIGC" -C "$work/p" build -o "$work/migrate"
pg_fresh_db db
ok "upgrade to the first revision" "$work/migrate" --url "$(e2e_url db)" upgrade 000000000001
is "$(seqs db)" "$(printf '%s\n' \
	'app.invoice_no integer 5 10 2147483647 100 4 true' \
	'app.ticket bigint 1 1 9223372036854775807 1 1 false' \
	'public.countdown bigint -1 -9223372036854775808 -1 -1 1 false')" \
	"the sequences have the options the model computed"
is "$(e2e_q db "select pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 'app.invoices'::regclass")" \
	"nextval('app.invoice_no'::regclass)" "the default calls nextval() on the sequence"
e2e_dump db >"$work/at1.sql"
ok "upgrade head (alter, rename, drop)" "$work/migrate" --url "$(e2e_url db)" upgrade head
out=$("$work/migrate" --url "$(e2e_url db)" check 2>&1)
is "$?" 0 "the migrator's check is clean at head"
contains "$out" "clean: the database matches revision 000000000003" "and says so"
is "$(seqs db)" "app.invoice_no integer 10 10 100000 100 4 false" "only the altered sequence is left"
ok "downgrade -1 creates the dropped sequences again" "$work/migrate" --url "$(e2e_url db)" downgrade -1
is "$(e2e_q db "select count(*) from pg_class where relname in ('launch', 'ticket') and relkind = 'S'")" 2 \
	"launch and ticket are back"
out=$("$work/migrate" --url "$(e2e_url db)" check 2>&1)
is "$?" 0 "the migrator's check is clean at the second revision"
ok "downgrade to the first revision (rename back, old options, owner back)" \
	"$work/migrate" --url "$(e2e_url db)" downgrade 000000000001
e2e_dump db >"$work/back1.sql"
ok "the database dumps as it did at the first revision" diff -u "$work/at1.sql" "$work/back1.sql"
ok "downgrade base" "$work/migrate" --url "$(e2e_url db)" downgrade base
is "$(e2e_q db "select count(*) from pg_class where relkind = 'S'")" 0 "no sequence is left at base"

# adoption of a database made with plain SQL
pg_fresh_db orig
ok "the original database is made" pg_psql -d orig -q -c "
create schema app;
create sequence app.invoice_no as integer increment by 5 start with 100 minvalue 10 maxvalue 100000 cache 4 cycle;
create sequence countdown increment by -1;
create table app.invoices (id bigint primary key, no integer not null default nextval('app.invoice_no'::regclass), acl aclitem, acls aclitem[]);
create table app.tickets (id integer, title text);
create sequence app.ticket_id owned by app.tickets.id;
alter table app.tickets alter column id set default nextval('app.ticket_id');
create table app.orders (id integer not null, n text);
create sequence app.orders_id_seq as integer start with 100 owned by app.orders.id;
alter table app.orders alter column id set default nextval('app.orders_id_seq');"
e2e_adopt_roundtrip orig "$work/q" rebuilt "$work/adopted"
lacks "$(cat "$work/adopt.err")" "cannot express" "nothing is left out"
schema=$(cat "$work/q/schema.mig")
contains "$schema" "create sequence app.invoice_no as integer increment by 5 minvalue 10 maxvalue 100000 start with 100 cache 4 cycle;" \
	"the free sequence is adopted with its options"
contains "$schema" "create sequence countdown as bigint increment by -1" "the descending one too"
contains "$schema" "alter sequence app.ticket_id owned by app.tickets.id;" "the owner is adopted"
contains "$schema" "create sequence app.orders_id_seq as integer increment by 1 minvalue 1 maxvalue 2147483647 start with 100" \
	"a serial-like sequence with options of its own is adopted as a sequence, not as serial"
contains "$schema" "id integer not null default nextval('app.orders_id_seq'::regclass)," "with its column's default"
contains "$schema" "acl aclitem," "the aclitem column is adopted with its table"
contains "$schema" "acls aclitem[]" "and an array of it"

# an identity column's own sequence options are adopted with it (more in
# 90-cov-identity.t)
pg_fresh_db idopt
pg_psql -d idopt -q -c "create table t (id integer generated always as identity (start with 10 increment by 5), v text)"
"$MIGC" init --from-url "$(e2e_url idopt)" "$work/i" >/dev/null 2>"$work/err"
is "$?" 0 "init --from-url of an identity with options exits 0"
lacks "$(cat "$work/err")" "sequence options of identity column" "and lists nothing as not adopted"
contains "$(cat "$work/i/schema.mig")" "id integer generated always as identity (increment by 5 start with 10)," \
	"the table is adopted with the options"

# diff --url and check compare the sequences
pg_psql -d rebuilt -q -c "alter sequence app.invoice_no increment by 7; alter sequence app.ticket_id owned by none"
"$MIGC" -C "$work/q" diff --url "$(e2e_url rebuilt)" >"$work/out" 2>&1
is "$?" 1 "diff --url sees the changed sequences"
contains "$(cat "$work/out")" "sequence app.invoice_no" "naming the altered one"
contains "$(cat "$work/out")" "sequence owner app.tickets.ticket_id" "and the one that lost its owner"
out=$("$work/adopted" --url "$(e2e_url rebuilt)" check 2>&1)
is "$?" 1 "the migrator's check reports the drift"
contains "$out" "sequence app.invoice_no" "naming the sequence"
cp -r "$work/q" "$work/q2"
ok "revision --autogenerate --url writes the repair of the drift" \
	"$MIGC" -C "$work/q2" revision --autogenerate --url "$(e2e_url rebuilt)" -m repair --rev-id 2a2b2c2d2e2f
rev=$(cat "$work/q2"/versions/*2a2b2c2d2e2f*.mig)
contains "$rev" 'ALTER SEQUENCE "app"."invoice_no" AS integer INCREMENT BY 5' "it puts the increment back"
contains "$rev" 'ALTER SEQUENCE "app"."ticket_id" OWNED BY "app"."tickets"."id"' "and the owner"

# autogenerate after editing schema.mig: add, alter and drop a sequence
sed -e 's/^create sequence countdown .*;/create sequence launch start with 5;/' \
    -e 's/increment by 5 minvalue 10/increment by 50 minvalue 10/' \
    "$work/q/schema.mig" >"$work/schema.new" && mv "$work/schema.new" "$work/q/schema.mig"
ok "revision --autogenerate writes the change" \
	"$MIGC" -C "$work/q" revision --autogenerate -m "sequences" --rev-id 1a1b1c1d1e1f
rev=$(cat "$work/q"/versions/*1a1b1c1d1e1f*.mig)
contains "$rev" "CREATE SEQUENCE \"launch\"" "it creates the new sequence"
contains "$rev" "ALTER SEQUENCE \"app\".\"invoice_no\" AS integer INCREMENT BY 50" "alters the changed one"
contains "$rev" "DROP SEQUENCE \"countdown\"" "and drops the removed one"
ok "check --models is clean after it" "$MIGC" -C "$work/q" check --models
ok "the project builds" "$MIGC" -C "$work/q" build -o "$work/adopted2"
ok "upgrade head applies it" "$work/adopted2" --url "$(e2e_url rebuilt)" upgrade head
is "$(e2e_q rebuilt "select seqincrement from pg_sequence where seqrelid = 'app.invoice_no'::regclass")" 50 \
	"the increment changed"
is "$(e2e_q rebuilt "select count(*) from pg_class where relname = 'launch' and relkind = 'S'"):$(e2e_q rebuilt "select count(*) from pg_class where relname = 'countdown'")" \
	"1:0" "launch exists and countdown is gone"
ok "downgrade -1 undoes it" "$work/adopted2" --url "$(e2e_url rebuilt)" downgrade -1
is "$(e2e_q rebuilt "select seqincrement from pg_sequence where seqrelid = 'app.invoice_no'::regclass")" 5 \
	"the increment is the previous revision's again (the drift to 7 was never modelled)"
is "$(e2e_q rebuilt "select count(*) from pg_class where relname = 'launch'"):$(e2e_q rebuilt "select count(*) from pg_class where relname = 'countdown' and relkind = 'S'")" \
	"0:1" "launch is gone and countdown is back"

done_testing
