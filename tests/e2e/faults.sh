# tests/e2e/faults.sh - shared by the fault-injection tests (92-*.t, 93-*.t),
# sourced after tests/lib/e2e.sh.
#
# Writes and builds a 200-revision project (tables filled by an execute, and
# every tenth revision a no_transaction "create index concurrently", after
# a 30 ms sleep so that random kills find such revisions running too),
# starts the throwaway PostgreSQL with database "faults", and defines:
#   q SQL                 one query against it
#   $MISMATCH             SQL: how many revisions the version table records
#                         as done that are missing from the live schema, or
#                         present but not recorded (interrupted ones aside)
#   wait_orphans          waits until no backend of a killed migrator is left
#                         ($WAIT_ORPHANS: the same as SQL)
#   resolve_interrupted   docs/operations.md's procedure for every
#                         interrupted no_transaction revision
#   now_ms, rand_between LO HI   a millisecond clock; a random delay (in
#                         seconds) between LO and HI milliseconds, to kill
#                         inside a run timed first
N=200
P=$work/proj
mkdir -p "$P/versions"
printf 'name = faults\n' >"$P/migc.conf"
i=1
parent=base
while [ $i -le $N ]; do
	id=$(printf '%012d' $i)
	f="$P/versions/${id}_r.mig"
	if [ $((i % 10)) -eq 0 ]; then
		cat >"$f" <<MIG
revision $id
parent $parent
message "index t_$((i - 1))"
no_transaction
upgrade {
    execute \$\$ select pg_sleep(0.03) \$\$;
    create index concurrently t_$((i - 1))_idx on t_$((i - 1)) (v);
}
downgrade {
    execute \$\$ select pg_sleep(0.03) \$\$;
    drop index concurrently t_$((i - 1))_idx;
}
MIG
	else
		cat >"$f" <<MIG
revision $id
parent $parent
message "table t_$i"
upgrade {
    create table t_$i (id bigint primary key, v integer);
    execute \$\$ insert into t_$i select g, g from generate_series(1, 300) g \$\$;
}
downgrade { drop table t_$i; }
MIG
	fi
	parent=$id
	i=$((i + 1))
done
ok "migc builds the $N-revision project" "$MIGC" -C "$P" build -o "$work/m"
e2e_pg_start
pg_fresh_db faults
url="postgresql:///faults?host=$PGHOST&port=$PGPORT&user=$PGUSER"
q() { psql -X -A -t -q -d faults -c "$1"; }

# Revisions whose "done" row disagrees with the live schema (an
# interrupted one is judged separately).
MISMATCH="select count(*) from generate_series(1, $N) i
 where not exists (select 1 from migc_version where revision = lpad(i::text, 12, '0') and duration_ms = -1)
   and exists (select 1 from migc_version where revision = lpad(i::text, 12, '0'))
    <> case when i % 10 = 0
       then exists (select 1 from pg_index x join pg_class c on c.oid = x.indexrelid
                    where c.relname = 't_' || (i - 1) || '_idx' and x.indisvalid)
       else to_regclass('t_' || i) is not null end"

# Waits until no backend of the killed migrator is left (it holds the lock
# and may still be running its statement).
WAIT_ORPHANS="do \$\$ begin
  for i in 1..500 loop
    perform pg_stat_clear_snapshot();
    exit when not exists (select 1 from pg_stat_activity where application_name = 'm');
    perform pg_sleep(0.01);
  end loop;
end \$\$"
wait_orphans() { q "$WAIT_ORPHANS"; }

# The operator's procedure for an interrupted no_transaction revision.
resolve_interrupted() {
	for rev in $(q "select revision from migc_version where duration_ms = -1"); do
		k=$(expr "$rev" + 0)
		idx="t_$((k - 1))_idx"
		if [ "$(q "select count(*) from pg_index x join pg_class c on c.oid = x.indexrelid where c.relname = '$idx' and x.indisvalid")" = 1 ]; then
			"$work/m" --url "$url" resolve "$rev" applied >/dev/null 2>&1 || return 1
		else
			q "drop index if exists $idx" >/dev/null
			"$work/m" --url "$url" resolve "$rev" pending >/dev/null 2>&1 || return 1
		fi
	done
}

# now_ms: a clock in milliseconds, for timing a run
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# rand_between LO HI: a random delay in seconds, LO <= d < HI milliseconds
rand_between() {
	od -An -N4 -tu4 /dev/urandom |
		awk -v lo="$1" -v hi="$2" '{ d = hi > lo ? hi - lo : 1; printf "%.3f\n", (lo + $1 % d) / 1000 }'
}

