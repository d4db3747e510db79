/*
 * drift_build.c - building the expected schema for `check`: the scratch
 * schemas (MIGRT_CHECK_PREFIX + S) and the replay of every applied
 * revision's check_upgrade statements into them.
 *
 * Normally everything happens inside the caller's transaction, which the
 * caller rolls back.  PostgreSQL refuses to use an enum value added by
 * ALTER TYPE ... ADD VALUE before it is committed (SQLSTATE 55P04), even
 * in a type created by the same transaction; when an applied revision
 * does that, the replay reports it and the caller builds again
 * "committed": each revision in its own committed transaction, then drops
 * the scratch schemas (migrt_drift_drop).  Scratch schemas that such a
 * run left behind when it was killed are dropped by the next check.
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
 * new enum value sets *unsafe and returns OK without printing. */
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
		if (state && strcmp(state, MIGRT_SQLSTATE_UNSAFE_ENUM) == 0) {
			*unsafe = 1;
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
			    "uses an enum value that it adds itself", r->id, r->path);
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

int migrt_drift_drop(struct migrt_ctx *ctx, int leftovers)
{
	const struct migrt_plan *plan = ctx->plan;
	int rc = MIGRT_EXIT_OK;

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
			ctx->quiet_notices = 1;	/* "drop cascades to ..." */
			rc = run(ctx, "cannot drop a scratch schema", sql);
			ctx->quiet_notices = 0;
			free(sql);
			free(q);
		}
		PQclear(res);
		free(name);
	}
	return rc;
}
