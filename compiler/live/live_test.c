/*
 * live_test.c - `migc test`'s scratch database: connecting, telling
 * whether it is empty, emptying it (live_test.h).
 *
 * Guarantees: reset never drops a system schema (pg_*,
 * information_schema) nor plpgsql; an object count of 0 means that
 * nothing but an empty public schema and plpgsql is there, so refusing a
 * non-zero count leaves every user's data alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "live.h"
#include "live_test.h"

struct live_db {
	PGconn *conn;
};

#define USER_NS(col) "(" col " !~ '^pg_' AND " col " <> 'information_schema')"

struct live_db *live_test_open(struct arena *a, const char *url, const char *env_file)
{
	struct pg_conn *c = live_connect(a, url, env_file);
	if (!c)
		return NULL;
	struct live_db *db = arena_alloc(a, sizeof *db);
	db->conn = c;
	/* generated rows and snapshots must not depend on the session */
	PQclear(PQexec(c, "SET search_path = pg_catalog; SET DateStyle = ISO; "
		       "SET IntervalStyle = postgres; SET extra_float_digits = 3; "
		       "SET client_min_messages = warning"));
	return db;
}

void live_test_close(struct live_db *db)
{
	if (db)
		live_disconnect(db->conn);
}

struct pg_conn *live_db_conn(struct live_db *db)
{
	return db->conn;
}

static const char *result_error(struct arena *a, PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (!msg)
		msg = PQresultErrorMessage(res);
	char *s = arena_printf(a, "%s%s%s%s", msg ? msg : "unknown error",
			       state ? " (SQLSTATE " : "", state ? state : "", state ? ")" : "");
	for (size_t n = strlen(s); n && s[n - 1] == '\n'; n--)
		s[n - 1] = '\0';
	return s;
}

/* One object per row: kind and name, user objects only. */
static const char objects_sql[] =
	"SELECT 'schema ' || nspname FROM pg_namespace n WHERE " USER_NS("nspname")
	"   AND nspname <> 'public' "
	"UNION ALL SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c "
	"   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " USER_NS("n.nspname")
	"UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname FROM pg_type t "
	"   JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " USER_NS("n.nspname")
	"   AND t.typrelid = 0 AND t.typelem = 0 "
	"UNION ALL SELECT 'routine ' || n.nspname || '.' || p.proname FROM pg_proc p "
	"   JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " USER_NS("n.nspname")
	"UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql' "
	"ORDER BY 1";

long live_test_objects(struct live_db *db, struct arena *a, const char **example)
{
	PGresult *res = PQexec(db->conn, objects_sql);
	*example = NULL;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*example = result_error(a, res);
		PQclear(res);
		return -1;
	}
	long n = PQntuples(res);
	if (n > 0)
		*example = arena_strdup(a, PQgetvalue(res, 0, 0));
	PQclear(res);
	return n;
}

static int exec_ok(struct live_db *db, struct arena *a, const char *sql, const char **err)
{
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		*err = result_error(a, res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

int live_test_reset(struct live_db *db, struct arena *a, const char **err)
{
	/* extensions first (their objects may live in public), then every
	 * user schema with what is in it, then a new public */
	static const char sql[] =
		"DO $migc_reset$ DECLARE r record; BEGIN "
		"FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP "
		"  EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', r.extname); END LOOP; "
		"FOR r IN SELECT nspname FROM pg_namespace WHERE " USER_NS("nspname") " LOOP "
		"  EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname); END LOOP; "
		"CREATE SCHEMA public; "
		"END $migc_reset$";
	return exec_ok(db, a, sql, err);
}

const char *live_tables_sql(struct arena *a, const char *version_table)
{
	size_t n = strlen(version_table);
	char *lit = arena_alloc(a, 2 * n + 1), *o = lit;
	for (size_t i = 0; i < n; i++) {
		if (version_table[i] == '\'')
			*o++ = '\'';
		*o++ = version_table[i];
	}
	*o = '\0';
	return arena_printf(a,
		"SELECT c.oid, format('%%I.%%I', n.nspname, c.relname), c.relname FROM pg_class c "
		"JOIN pg_namespace n ON n.oid = c.relnamespace "
		"WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND " USER_NS("n.nspname")
		" AND c.oid IS DISTINCT FROM to_regclass('%s') ORDER BY n.nspname, c.relname", lit);
}
