/*
 * drift_build.c - building the expected schema for `check`: the scratch
 * schemas (MIGRT_CHECK_PREFIX + S) and the replay of every applied
 * revision's check_upgrade statements into them.
 *
 * Normally everything happens inside the caller's transaction, which the
 * caller rolls back.  Two things PostgreSQL refuses there make the replay
 * report a reason instead of failing, and the caller builds again
 * "committed" (each revision in its own committed transaction), reads,
 * then drops the scratch schemas (rt_drift_drop, in chunks):
 *  - using an enum value added by ALTER TYPE ... ADD VALUE before it is
 *    committed (SQLSTATE 55P04), even in a type the same transaction made;
 *  - running out of the shared lock table (53200): every relation the
 *    replay creates stays locked until the transaction ends, about ten per
 *    table, and PostgreSQL's defaults (max_locks_per_transaction 64,
 *    max_connections 100) hold some 25,000.
 * Scratch schemas that a committed run left behind when it was killed are
 * dropped by the next check.  Before replaying in one transaction, the
 * head's model is tried (drift_model.c): when it stands for the applied
 * revisions, its statements replace the replay.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_db.h"
#include "rt_drift.h"

/* PostgreSQL's NAMEDATALEN - 1: longer names are truncated, so a scratch
 * schema name must fit. */
#define RT_MAX_NAME 63

/* SQLSTATE unsafe_new_enum_value_usage */
#define RT_SQLSTATE_UNSAFE_ENUM "55P04"
/* SQLSTATE out_of_memory: "out of shared memory" when the lock table is full */
#define RT_SQLSTATE_OUT_OF_MEMORY "53200"
/* Scratch tables dropped per transaction (each drop locks the table and
 * what belongs to it until the end of its transaction). */
#define RT_DROP_CHUNK 100

/* The comment migc puts on the scratch copies of the base schemas: a schema
 * with a scratch name but without it is the user's, and is never dropped. */
#define RT_SCRATCH_MARK "migc check: scratch schema, dropped when check ends"

char *rt_drift_scratch_name(const char *schema)
{
	return rt_xprintf("%s%s", MIGRT_CHECK_PREFIX, schema);
}

/* "name" with embedded quotes doubled (caller frees). */
static char *quote_ident(const char *name)
{
	size_t k = 0;
	char *out = rt_xcalloc(2 * strlen(name) + 3, 1);

	out[k++] = '"';
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			out[k++] = '"';
		out[k++] = *p;
	}
	out[k++] = '"';
	return out;
}

static int run(struct rt_ctx *ctx, const char *what, const char *sql)
{
	return rt_db_command(ctx, what, sql, 0, NULL) < 0 ? RT_EXIT_DB
							     : RT_EXIT_OK;
}

/* The scratch default schema first on the search_path, then the live one
 * (for functions and types the project did not create), so unqualified
 * names in expressions resolve as they did when the revisions ran.  And
 * no check of routine bodies (as pg_dump restores them): a body written
 * as a string names the live schemas (`select nextval('app.seq')`), and
 * the scratch copy, never called, must neither read nor need them. */
static char *search_path_sql(const struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	char *name, *q, *sql;

	if (plan->n_schemas == 0)
		return NULL;
	name = rt_drift_scratch_name(plan->schemas[0]);
	q = quote_ident(name);
	sql = rt_xprintf("SET LOCAL search_path TO %s, %s; SET LOCAL check_function_bodies = off",
			 q, plan->default_schema);
	free(q);
	free(name);
	return sql;
}

static int set_search_path(struct rt_ctx *ctx)
{
	char *sql = search_path_sql(ctx);
	int rc = sql ? run(ctx, "cannot set search_path", sql) : RT_EXIT_OK;

	free(sql);
	return rc;
}

/* Creates the scratch copies of the schemas that exist before any
 * revision (the default schema and public). */
static int create_base_schemas(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;

	for (uint32_t i = 0; i < plan->n_schemas; i++)
		if (strlen(plan->schemas[i]) + strlen(MIGRT_CHECK_PREFIX) > RT_MAX_NAME) {
			rt_error(ctx, "check cannot build the expected schema: the scratch "
				    "name of schema \"%s\" would be longer than %d bytes",
				    plan->schemas[i], RT_MAX_NAME);
			return RT_EXIT_DB;
		}
	for (uint32_t i = 0; i < plan->n_base_schemas; i++) {
		char *name = rt_drift_scratch_name(plan->schemas[i]);
		char *q = quote_ident(name);
		char *sql = rt_xprintf("CREATE SCHEMA %s", q);
		int rc = run(ctx, "cannot create a scratch schema for the expected schema",
			     sql);

		free(sql);
		sql = rt_xprintf("COMMENT ON SCHEMA %s IS '" RT_SCRATCH_MARK "'", q);
		if (rc == RT_EXIT_OK)
			rc = run(ctx, "cannot mark a scratch schema", sql);

		free(sql);
		free(q);
		free(name);
		if (rc != RT_EXIT_OK)
			return rc;
	}
	return RT_EXIT_OK;
}

int rt_drift_quiet_evtrigs(struct rt_ctx *ctx, int local)
{
	const char *su = PQparameterStatus(ctx->conn, "is_superuser");

	if (!su || strcmp(su, "on") != 0)
		return 0;	/* only a superuser may set it */
	return rt_db_command(ctx, "cannot keep the database's event triggers quiet",
			     local ? "SET LOCAL session_replication_role = replica"
				   : "SET session_replication_role = replica", 0, NULL) < 0 ? -1 : 1;
}

int rt_drift_evtrigs(struct rt_ctx *ctx)
{
	const char *su = PQparameterStatus(ctx->conn, "is_superuser");
	return !ctx->drift_committed && su && strcmp(su, "on") == 0;
}

/* Is sql create|alter|drop event trigger ... (the compiler writes them
 * with the name CATALOG_SCRATCH_PREFIX + NAME, catalog_evtrig.c). */
static int evtrig_stmt(const char *sql)
{
	static const char *const words[3] = { NULL, "event", "trigger" };
	const char *p = sql;
	for (int w = 0; w < 3; w++) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		size_t len = strcspn(p, " \t\n\r");
		if (w == 0 ? !((len == 6 && strncasecmp(p, "create", 6) == 0) ||
			       (len == 5 && strncasecmp(p, "alter", 5) == 0) ||
			       (len == 4 && strncasecmp(p, "drop", 4) == 0))
			   : !(len == strlen(words[w]) && strncasecmp(p, words[w], len) == 0))
			return 0;
		p += len;
	}
	return 1;
}

/* Replays revision `idx`'s check_upgrade statements.  An unsafe use of a
 * new enum value or a full lock table sets *unsafe (RT_DRIFT_*) and
 * returns OK without printing. */
static int replay_revision(struct rt_ctx *ctx, uint32_t idx, int *unsafe)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];

	int evtrigs = rt_drift_evtrigs(ctx);

	for (uint32_t k = 0; k < r->n_check_upgrade; k++) {
		const struct migrt_stmt *st = &r->check_upgrade[k];
		if (!evtrigs && evtrig_stmt(st->sql))
			continue;	/* not compared (rt_drift_evtrigs) */
		PGresult *res = PQexec(ctx->conn, st->sql);
		const char *state;

		if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			continue;
		}
		state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		if (state && (strcmp(state, RT_SQLSTATE_UNSAFE_ENUM) == 0 ||
			      strcmp(state, RT_SQLSTATE_OUT_OF_MEMORY) == 0)) {
			*unsafe = strcmp(state, RT_SQLSTATE_UNSAFE_ENUM) == 0
				  ? RT_DRIFT_UNSAFE_ENUM : RT_DRIFT_LOCKS;
			PQclear(res);
			return RT_EXIT_OK;
		}
		rt_error(ctx, "check cannot build the expected schema: revision %s "
			    "(%s:%u) failed in the scratch schemas", r->id, r->path,
			    (unsigned)st->line);
		rt_db_report(ctx, res, st->sql);
		PQclear(res);
		return RT_EXIT_DB;
	}
	return RT_EXIT_OK;
}

/* One applied revision in its own committed transaction. */
static int replay_committed(struct rt_ctx *ctx, uint32_t idx)
{
	int unsafe = 0, rc = run(ctx, "cannot begin a transaction", "BEGIN");

	if (rc == RT_EXIT_OK)
		rc = set_search_path(ctx);
	if (rc == RT_EXIT_OK)
		rc = replay_revision(ctx, idx, &unsafe);
	if (rc == RT_EXIT_OK && unsafe) {
		/* within one revision this fails on the live database too */
		const struct migrt_revision *r = &ctx->plan->revisions[idx];

		rt_error(ctx, "check cannot build the expected schema: revision %s (%s) "
			    "%s", r->id, r->path, unsafe == RT_DRIFT_UNSAFE_ENUM
			    ? "uses an enum value that it adds itself"
			    : "alone needs more locks than max_locks_per_transaction allows");
		rc = RT_EXIT_DB;
	}
	if (rc == RT_EXIT_OK)
		return run(ctx, "cannot commit a scratch revision", "COMMIT");
	run(ctx, "cannot roll back", "ROLLBACK");
	return rc;
}

static int build(struct rt_ctx *ctx, int committed, int *unsafe)
{
	const struct migrt_plan *plan = ctx->plan;
	int rc;

	*unsafe = 0;
	if ((rc = create_base_schemas(ctx)) != RT_EXIT_OK)
		return rc;
	if (!committed && (rc = set_search_path(ctx)) != RT_EXIT_OK)
		return rc;
	/* the head's model, when it stands for the applied revisions */
	if (!committed) {
		int done = rt_drift_model(ctx, unsafe);

		if (done < 0)
			return RT_EXIT_DB;
		if (done > 0)
			return RT_EXIT_OK;
	} else {
		char *path = search_path_sql(ctx);
		int done = path ? rt_drift_model_committed(ctx, path) : 0;

		free(path);
		if (done > 0)
			return RT_EXIT_OK;
		/* what the model built is dropped; the history is replayed */
		if (done < 0 && ((rc = rt_drift_drop(ctx, 0)) != RT_EXIT_OK ||
				 (rc = create_base_schemas(ctx)) != RT_EXIT_OK))
			return rc;
	}
	for (uint32_t i = 0; i < plan->n_revisions; i++) {
		if (!ctx->applied[i])
			continue;
		if (committed)
			rc = replay_committed(ctx, i);
		else
			rc = replay_revision(ctx, i, unsafe);
		if (rc != RT_EXIT_OK || *unsafe)
			break;
	}
	if (rc != RT_EXIT_OK && committed)
		rt_drift_drop(ctx, 0);
	return rc;
}

static int build_partial(struct rt_ctx *ctx, int *built)
{
	int rc, done;

	*built = 0;
	if ((rc = create_base_schemas(ctx)) != RT_EXIT_OK ||
	    (rc = set_search_path(ctx)) != RT_EXIT_OK)
		return rc;
	if ((done = rt_drift_model_partial(ctx)) < 0) {
		rt_error(ctx, "cannot build the expected schema: %s",
			    PQerrorMessage(ctx->conn));
		return RT_EXIT_DB;
	}
	*built = done;
	return RT_EXIT_OK;
}

/* The build's own notices ("drop cascades to ...", "... does not exist,
 * skipping") are about scratch objects, not the user's: not shown. */
int rt_drift_build(struct rt_ctx *ctx, int committed, int *unsafe)
{
	int was = ctx->quiet_notices, rc;

	ctx->quiet_notices = 1;
	rc = build(ctx, committed, unsafe);
	ctx->quiet_notices = was;
	return rc;
}

int rt_drift_build_partial(struct rt_ctx *ctx, int *built)
{
	int was = ctx->quiet_notices, rc;

	ctx->quiet_notices = 1;
	rc = build_partial(ctx, built);
	ctx->quiet_notices = was;
	return rc;
}

/* Runs `sql`: 1 done, 0 the lock table was full, -1 another error
 * (printed). */
static int run_lock_bound(struct rt_ctx *ctx, const char *sql)
{
	PGresult *res = PQexec(ctx->conn, sql);
	const char *state;
	int rc;

	if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
		PQclear(res);
		return 1;
	}
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	rc = state && strcmp(state, RT_SQLSTATE_OUT_OF_MEMORY) == 0 ? 0 : -1;
	if (rc < 0) {
		rt_error(ctx, "cannot drop scratch tables");
		rt_db_report(ctx, res, NULL);
	}
	PQclear(res);
	return rc;
}

/* Drops the tables of scratch schema `name` RT_DROP_CHUNK at a time,
 * each chunk its own transaction, so that no transaction needs a lock per
 * table of a large schema; a chunk that still fills the lock table is
 * halved. */
static int drop_tables_chunked(struct rt_ctx *ctx, const char *name)
{
	const char *params[1] = { name };
	PGresult *res = rt_db_query(ctx, "cannot list a scratch schema's tables",
				       "SELECT format('%I.%I', n.nspname, c.relname) "
				       "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
				       "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') "
				       "ORDER BY c.oid DESC", 1, params);
	int rc = RT_EXIT_OK, chunk = RT_DROP_CHUNK, n, i = 0;

	if (!res)
		return RT_EXIT_DB;
	n = PQntuples(res);
	while (i < n && rc == RT_EXIT_OK) {
		char *sql = rt_xstrdup("DROP TABLE IF EXISTS ");
		char *old;
		int k, done;

		for (k = i; k < n && k < i + chunk; k++) {
			old = sql;
			sql = rt_xprintf("%s%s%s", old, k > i ? ", " : "",
					    PQgetvalue(res, k, 0));
			free(old);
		}
		old = sql;
		sql = rt_xprintf("%s CASCADE", old);
		free(old);
		done = run_lock_bound(ctx, sql);
		free(sql);
		if (done > 0)
			i = k;
		else if (done == 0 && chunk > 1)
			chunk /= 2;
		else
			rc = RT_EXIT_DB;
	}
	PQclear(res);
	return rc;
}

/* Whether the scratch copy of the default schema, which every check makes
 * first, exists with migc's mark: 1 yes, 0 no (absent or unmarked), -1
 * error (printed). */
static int base_scratch_is_ours(struct rt_ctx *ctx)
{
	char *name = rt_drift_scratch_name(ctx->plan->schemas[0]);
	const char *params[1] = { name };
	PGresult *res = rt_db_query(ctx, "cannot look up a scratch schema",
				       "SELECT 1 FROM pg_namespace WHERE nspname = $1 AND "
				       "obj_description(oid, 'pg_namespace') = '" RT_SCRATCH_MARK "'",
				       1, params);
	int ours = res ? PQntuples(res) == 1 : -1;

	PQclear(res);
	free(name);
	return ours;
}

int rt_drift_drop(struct rt_ctx *ctx, int leftovers)
{
	const struct migrt_plan *plan = ctx->plan;
	int rc = RT_EXIT_OK, ours = -2, was = ctx->quiet_notices;

	ctx->quiet_notices = 1;	/* "drop cascades to ..." */
	for (uint32_t i = 0; i < plan->n_schemas && rc == RT_EXIT_OK; i++) {
		char *name = rt_drift_scratch_name(plan->schemas[i]);
		const char *params[1] = { name };
		PGresult *res = rt_db_query(ctx, "cannot look up a scratch schema",
					       "SELECT 1 FROM pg_namespace WHERE nspname = $1",
					       1, params);

		if (res && PQntuples(res) == 1 && leftovers && ours == -2)
			ours = base_scratch_is_ours(ctx);
		if (!res || ours == -1) {
			rc = RT_EXIT_DB;
		} else if (PQntuples(res) == 1 && leftovers && !ours) {
			/* a schema named like a scratch copy that check did not
			 * make: the user's, so never dropped */
			rt_error(ctx, "check cannot run: schema \"%s\" exists and was not made by "
				    "migc's check (it would be dropped); rename it", name);
			rc = RT_EXIT_INCONSISTENT;
		} else if (PQntuples(res) == 1) {
			char *q = quote_ident(name);
			char *sql = rt_xprintf("DROP SCHEMA %s CASCADE", q);

			if (leftovers)
				rt_errf(ctx, "%s: note: dropping scratch schema \"%s\" left "
					   "by an interrupted check\n", ctx->prog, name);
			rc = drop_tables_chunked(ctx, name);
			if (rc == RT_EXIT_OK)
				rc = run(ctx, "cannot drop a scratch schema", sql);
			free(sql);
			free(q);
		}
		PQclear(res);
		free(name);
	}
	ctx->quiet_notices = was;
	return rc;
}
