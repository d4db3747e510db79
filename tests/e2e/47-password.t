#!/bin/sh
# tests/e2e/47-password.t - password masking neither garbles nor leaks.
#
# Roles with one- and two-character passwords, a common-word password and
# one that needs URL encoding run a successful upgrade and the error paths
# (bad host, bad database, failed authentication), with the password in
# the URL, in DATABASE_PASSWORD and in PGPASSWORD (also next to a URL with
# its own).  No output may contain "********" where nothing was a
# password (masking a one-letter password blanks out every such letter),
# the expected messages arrive intact, and a long password appears in no
# output.  A server message quoting a connection string gets that string's
# password masked and nothing else.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

P=$work/proj
mkdir -p "$P/versions"
printf 'name = pw\n' >"$P/migc.conf"
cat >"$P/versions/000000000001_a.mig" <<'MIG'
revision 000000000001
parent base
message "create sessions table"
upgrade { create table sessions (id bigint primary key, note text); }
downgrade { drop table sessions; }
MIG
cat >"$P/versions/000000000002_b.mig" <<'MIG'
revision 000000000002
parent 000000000001
message "fails quoting a connection string"
upgrade { execute $$ do $x$ begin raise exception 'cannot reach postgresql://app:hunter2@db.example/prod (password=hunter2 sslmode=require)'; end $x$ $$; }
downgrade { }
MIG
ok "migc builds the project" "$MIGC" -C "$P" build -o "$work/m"
e2e_pg_start
free_port=$((PGPORT + 1))
while ss -Htln "sport = :$free_port" 2>/dev/null | grep -q .; do free_port=$((free_port + 1)); done

n=0
# try NAME PASSWORD URL-ENCODED-PASSWORD
try() {
	name=$1 pw=$2 enc=$3
	n=$((n + 1))
	db=pw$n
	psql -X -q -d postgres -c "create role $name login password '$pw'" -c "create database $db owner $name" >/dev/null
	out=$work/$name.out
	: >"$out"
	base="postgresql://$name:$enc@127.0.0.1:$PGPORT"
	"$work/m" --url "$base/$db" upgrade 000000000001 >>"$out" 2>&1
	st1=$?
	DATABASE_HOSTNAME=127.0.0.1 DATABASE_PORT=$PGPORT DATABASE_NAME=$db DATABASE_USERNAME=$name DATABASE_PASSWORD=$pw \
		"$work/m" current >>"$out" 2>&1
	st2=$?
	PGPASSWORD=$pw "$work/m" --url "postgresql://$name@127.0.0.1:$PGPORT/$db" history >>"$out" 2>&1
	st3=$?
	PGPASSWORD=$pw "$work/m" --url "$base/$db" current >>"$out" 2>&1
	st4=$?
	is "$st1$st2$st3$st4" 0000 "password \"$pw\": upgrade, current, history succeed with the password in the URL, DATABASE_PASSWORD, PGPASSWORD and both"
	"$work/m" --url "$base/nosuchdb" current >"$work/e1" 2>&1
	s1=$?
	"$work/m" --url "postgresql://$name:${enc}x@127.0.0.1:$PGPORT/$db" current >"$work/e2" 2>&1
	s2=$?
	"$work/m" --url "postgresql://$name:$enc@127.0.0.1:$free_port/$db" current >"$work/e3" 2>&1
	s3=$?
	DATABASE_HOSTNAME=127.0.0.1 DATABASE_PORT=$PGPORT DATABASE_NAME=$db DATABASE_USERNAME=$name DATABASE_PASSWORD=${pw}x \
		"$work/m" current >"$work/e4" 2>&1
	s4=$?
	is "$s1$s2$s3$s4" 3333 "password \"$pw\": bad database, wrong password (URL and DATABASE_PASSWORD), bad port: exit 3"
	contains "$(cat "$work/e1")" "database \"nosuchdb\" does not exist" "password \"$pw\": the bad database is named intact"
	contains "$(cat "$work/e2")" "password authentication failed for user \"$name\"" "password \"$pw\": the authentication failure is reported intact"
	contains "$(cat "$work/e3")" "cannot connect to the database: connection to server at \"127.0.0.1\", port $free_port failed" "password \"$pw\": the bad port is reported intact"
	contains "$(cat "$work/e4")" "password authentication failed for user \"$name\"" "password \"$pw\" (DATABASE_PASSWORD): the failure is reported intact"
	cat "$work/e1" "$work/e2" "$work/e3" "$work/e4" >>"$out"
	contains "$(cat "$out")" "upgrade 000000000001: create sessions table (" "password \"$pw\": the revision line is intact"
	lacks "$(cat "$out")" "****" "password \"$pw\": nothing in the output was masked (no connection string was quoted)"
	"$work/m" --url "$base/$db" upgrade head >"$work/f" 2>&1
	f=$(cat "$work/f")
	contains "$f" "cannot reach postgresql://app:********@db.example/prod (password=******** sslmode=require)" \
		"password \"$pw\": a message quoting connection strings has their passwords masked, the rest intact"
	lacks "$f" "hunter2" "password \"$pw\": the quoted password does not leak"
	if [ "${pw#*[!a-z]}" != "$pw" ]; then	# not a word the messages contain
		lacks "$(cat "$out" "$work/f")" "$pw" "password \"$pw\" appears in no output"
	fi
}
try weak1 s s
try weak2 ro ro
try weak3 password password
try weak4 'p@ss w%rd/:?' 'p%40ss%20w%25rd%2F%3A%3F'

done_testing
