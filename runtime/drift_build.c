/*
 * drift_build.c - building the expected schema for `check`: the scratch
 * schemas (MIGRT_CHECK_PREFIX + S) and the replay of every applied
 * revision's check_upgrade statements into them.
 *
 * Normally everything happens inside the caller's transaction, which the
 * caller rolls back.  Two things PostgreSQL refuses there make the replay
 * report a reason instead of failing, and the caller builds again
 * "committed" (each revision in its own committed transaction), reads,
 * then drops the scratch schemas (migrt_drift_drop, in chunks):
 *  - using an enum value added by ALTER TYPE ... ADD VALUE before it is
 *    committed (SQLSTATE 55P04), even in a type the same transaction made;
 *  - running out of the shared lock table (53200): every relation the
 *    replay creates stays locked until the transaction ends, about ten per
 *    table, and PostgreSQL's defaults (max_locks_per_transaction 64,
 *    max_connections 100) hold some 25,000.
 * Scratch schemas that a committed run left behind when it was killed are
 * dropped by the next check.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"

/* PostgreSQL's NAMEDATALEN - 1: longer names are truncated, so a scratch
 * schema name must fit. */
#define MIGRT_MAX_NAME 63

/* SQLSTATE unsafe_new_enum_value_usage */
#define MIGRT_SQLSTATE_UNSAFE_ENUM "55P04"
/* SQLSTATE out_of_memory: "out of shared memory" when the lock table is full */
#define MIGRT_SQLSTATE_OUT_OF_MEMORY "53200"
/* Scratch tables dropped per transaction (each drop locks the table and
 * what belongs to it until the end of its transaction). */
#define MIGRT_DROP_CHUNK 100

char *migrt_drift_scratch_name(const char *schema)
{
	return migrt_xprintf("%s%s", MIGRT_CHECK_PREFIX, schema);
}

/* "name" with embedded quotes doubled (caller frees). */
static char *quote_ident(const char *name)
{
	size_t k = 0;
	char *out = migrt_xcalloc(2 * strlen(name) + 3, 1);

	out[k++] = '"';
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			out[k++] = '"';
		out[k++] = *p;
	}
	out[k++] = '"';
	return out;
}

static int run(struct migrt_ctx *ctx, const char *what, const char *sql)
{
	return migrt_db_command(ctx, what, sql, 0, NULL) < 0 ? MIGRT_EXIT_DB
							     : MIGRT_EXIT_OK;
}

/* The scratch default schema first on the search_path, then the live one
 * (for functions and types the project did not create), so unqualified
 * names in expressions resolve as they did when the revisions ran. */
static int set_search_path(struct migrt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	char *name, *q, *sql;
	int rc;

	if (plan->n_schemas == 0)
		return MIGRT_EXIT_OK;
	name = migrt_drift_scratch_name(plan->schemas[0]);
	q = quote_ident(name);
	sql = migrt_xprintf("SET LOCAL search_path TO %s, %s", q, plan->default_schema);
	rc = run(ctx, "cannot set search_path", sql);
	free(sql);
	free(q);
	free(name);
	return rc;
}

/* Creates the scratch copies of the schemas that exist before any
 * revision (the default schema and public). */
static int create_base_schemas(struct migrt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;

	for (uint32_t i = 0; i < plan->n_schemas; i++)
		if (strlen(plan->schemas[i]) + strlen(MIGRT_CHECK_PREFIX) > MIGRT_MAX_NAME) {
			migrt_error(ctx, "check cannot build the expected schema: the scratch "
				    "name of schema \"%s\" would be longer than %d bytes",
				    plan->schemas[i], MIGRT_MAX_NAME);
			return MIGRT_EXIT_DB;
		}
	for (uint32_t i = 0; i < plan->n_base_schemas; i++) {
		char *name = migrt_drift_scratch_name(plan->schemas[i]);
		char *q = quote_ident(name);
		char *sql = migrt_xprintf("CREATE SCHEMA %s", q);
		int rc = run(ctx, "cannot create a scratch schema for the expected schema",
			     sql);

		free(sql);
		free(q);
		free(name);
		if (rc != MIGRT_EXIT_OK)
			return rc;
	}
	return MIGRT_EXIT_OK;
}

/* Replays revision `idx`'s check_upgrade statements.  An unsafe use of a
 * new enum value or a full lock table sets *unsafe (MIGRT_DRIFT_*) and
 * returns OK without printing. */
static int replay_revision(struct migrt_ctx *ctx, uint32_t idx, int *unsafe)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];

	for (uint32_t k = 0; k < r->n_check_upgrade; k++) {
		const struct migrt_stmt *st = &r->check_upgrade[k];
		PGresult *res = PQexec(ctx->conn, st->sql);
		const char *state;

		if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			continue;
		}
		state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		if (state && (strcmp(state, MIGRT_SQLSTATE_UNSAFE_ENUM) == 0 ||
			      strcmp(state, MIGRT_SQLSTATE_OUT_OF_MEMORY) == 0)) {
			*unsafe = strcmp(state, MIGRT_SQLSTATE_UNSAFE_ENUM) == 0
				  ? MIGRT_DRIFT_UNSAFE_ENUM : MIGRT_DRIFT_LOCKS;
			PQclear(res);
			return MIGRT_EXIT_OK;
		}
		migrt_error(ctx, "check cannot build the expected schema: revision %s "
			    "(%s:%u) failed in the scratch schemas", r->id, r->path,
			    (unsigned)st->line);
		migrt_db_report(ctx, res, st->sql);
		PQclear(res);
		return MIGRT_EXIT_DB;
	}
	return MIGRT_EXIT_OK;
}

/* One applied revision in its own committed transaction. */
static int replay_committed(struct migrt_ctx *ctx, uint32_t idx)
{
	int unsafe = 0, rc = run(ctx, "cannot begin a transaction", "BEGIN");

	if (rc == MIGRT_EXIT_OK)
		rc = set_search_path(ctx);
	if (rc == MIGRT_EXIT_OK)
		rc = replay_revision(ctx, idx, &unsafe);
	if (rc == MIGRT_EXIT_OK && unsafe) {
		/* within one revision this fails on the live database too */
		const struct migrt_revision *r = &ctx->plan->revisions[idx];

		migrt_error(ctx, "check cannot build the expected schema: revision %s (%s) "
			    "%s", r->id, r->path, unsafe == MIGRT_DRIFT_UNSAFE_ENUM
			    ? "uses an enum value that it adds itself"
			    : "alone needs more locks than max_locks_per_transaction allows");
		rc = MIGRT_EXIT_DB;
	}
	if (rc == MIGRT_EXIT_OK)
		return run(ctx, "cannot commit a scratch revision", "COMMIT");
	run(ctx, "cannot roll back", "ROLLBACK");
	return rc;
}

int migrt_drift_build(struct migrt_ctx *ctx, int committed, int *unsafe)
{
	const struct migrt_plan *plan = ctx->plan;
	int rc;

	*unsafe = 0;
	if ((rc = create_base_schemas(ctx)) != MIGRT_EXIT_OK)
		return rc;
	if (!committed && (rc = set_search_path(ctx)) != MIGRT_EXIT_OK)
		return rc;
	for (uint32_t i = 0; i < plan->n_revisions; i++) {
		if (!ctx->applied[i])
			continue;
		if (committed)
			rc = replay_committed(ctx, i);
		else
			rc = replay_revision(ctx, i, unsafe);
		if (rc != MIGRT_EXIT_OK || *unsafe)
			break;
	}
	if (rc != MIGRT_EXIT_OK && committed)
		migrt_drift_drop(ctx, 0);
	return rc;
}

/* Runs `sql`: 1 done, 0 the lock table was full, -1 another error
 * (printed). */
static int run_lock_bound(struct migrt_ctx *ctx, const char *sql)
{
	PGresult *res = PQexec(ctx->conn, sql);
	const char *state;
	int rc;

	if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
		PQclear(res);
		return 1;
	}
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	rc = state && strcmp(state, MIGRT_SQLSTATE_OUT_OF_MEMORY) == 0 ? 0 : -1;
	if (rc < 0) {
		migrt_error(ctx, "cannot drop scratch tables");
		migrt_db_report(ctx, res, NULL);
	}
	PQclear(res);
	return rc;
}

/* Drops the tables of scratch schema `name` MIGRT_DROP_CHUNK at a time,
 * each chunk its own transaction, so that no transaction needs a lock per
 * table of a large schema; a chunk that still fills the lock table is
 * halved. */
static int drop_tables_chunked(struct migrt_ctx *ctx, const char *name)
{
	const char *params[1] = { name };
	PGresult *res = migrt_db_query(ctx, "cannot list a scratch schema's tables",
				       "SELECT format('%I.%I', n.nspname, c.relname) "
				       "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
				       "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') "
				       "ORDER BY c.oid DESC", 1, params);
	int rc = MIGRT_EXIT_OK, chunk = MIGRT_DROP_CHUNK, n, i = 0;

	if (!res)
		return MIGRT_EXIT_DB;
	n = PQntuples(res);
	while (i < n && rc == MIGRT_EXIT_OK) {
		char *sql = migrt_xstrdup("DROP TABLE IF EXISTS ");
		char *old;
		int k, done;

		for (k = i; k < n && k < i + chunk; k++) {
			old = sql;
			sql = migrt_xprintf("%s%s%s", old, k > i ? ", " : "",
					    PQgetvalue(res, k, 0));
			free(old);
		}
		old = sql;
		sql = migrt_xprintf("%s CASCADE", old);
		free(old);
		done = run_lock_bound(ctx, sql);
		free(sql);
		if (done > 0)
			i = k;
		else if (done == 0 && chunk > 1)
			chunk /= 2;
		else
			rc = MIGRT_EXIT_DB;
	}
	PQclear(res);
	return rc;
}

int migrt_drift_drop(struct migrt_ctx *ctx, int leftovers)
{
	const struct migrt_plan *plan = ctx->plan;
	int rc = MIGRT_EXIT_OK;

	ctx->quiet_notices = 1;	/* "drop cascades to ..." */
	for (uint32_t i = 0; i < plan->n_schemas && rc == MIGRT_EXIT_OK; i++) {
		char *name = migrt_drift_scratch_name(plan->schemas[i]);
		const char *params[1] = { name };
		PGresult *res = migrt_db_query(ctx, "cannot look up a scratch schema",
					       "SELECT 1 FROM pg_namespace WHERE nspname = $1",
					       1, params);

		if (!res) {
			rc = MIGRT_EXIT_DB;
		} else if (PQntuples(res) == 1) {
			char *q = quote_ident(name);
			char *sql = migrt_xprintf("DROP SCHEMA %s CASCADE", q);

			if (leftovers)
				migrt_errf(ctx, "%s: note: dropping scratch schema \"%s\" left "
					   "by an interrupted check\n", ctx->prog, name);
			rc = drop_tables_chunked(ctx, name);
			if (rc == MIGRT_EXIT_OK)
				rc = run(ctx, "cannot drop a scratch schema", sql);
			free(sql);
			free(q);
		}
		PQclear(res);
		free(name);
	}
	ctx->quiet_notices = 0;
	return rc;
}
