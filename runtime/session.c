/*
 * session.c - the migrator's hold on a database: the advisory lock, the
 * version table, and the set of applied revisions.
 *
 * Guarantees: the session-level advisory lock (keys: MIGRT_LOCK_CLASS and
 * hashtext(version table name)) is taken before the version table is read,
 * created or written, and held until the connection closes, so two
 * migrators never interleave.  The applied set is loaded only after the
 * lock, so a migrator that waited sees what the other one did.  A waiter
 * polls pg_try_advisory_lock() every 200 ms rather than blocking in a
 * statement (see take_lock).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "rt.h"

/* "MIGC" as an int4: the first advisory-lock key, shared by every migc
 * migrator; the second key tells version tables apart. */
#define MIGRT_LOCK_CLASS "1296647747"

/* Tries the lock once: 1 taken, 0 held by another session, -1 error.
 * With `exists` it also looks up the version table in the same round trip
 * (for the sessions that create nothing; see migrt_session_begin()). */
static int try_lock(struct migrt_ctx *ctx, int *exists)
{
	const char *params[2] = { ctx->plan->version_table_display,
				  ctx->plan->version_table };
	PGresult *res;
	int got;

	res = migrt_db_query(ctx, "cannot take the migrator lock",
			     exists ? "SELECT pg_try_advisory_lock(" MIGRT_LOCK_CLASS
				      ", hashtext($1)), to_regclass($2) IS NOT NULL"
				    : "SELECT pg_try_advisory_lock(" MIGRT_LOCK_CLASS
				      ", hashtext($1))", exists ? 2 : 1, params);
	if (!res)
		return -1;
	got = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	if (exists)
		*exists = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	PQclear(res);
	return got;
}

/* Waits by polling, not in pg_advisory_lock(): a session blocked inside a
 * statement holds a snapshot, and "create index concurrently" in the
 * migrator that holds the lock would wait for that snapshot while the
 * waiter waits for the lock - a deadlock.  Between polls the waiter is
 * idle and out of every transaction. */
static int take_lock(struct migrt_ctx *ctx, int *exists)
{
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	int got = try_lock(ctx, exists);

	if (got == 0)
		migrt_errf(ctx, "%s: waiting for another migrator to finish...\n",
			   ctx->prog);
	while (got == 0) {
		nanosleep(&pause, NULL);
		got = try_lock(ctx, exists);
	}
	if (got < 0)
		return MIGRT_EXIT_DB;
	ctx->locked = 1;
	return MIGRT_EXIT_OK;
}

static int table_exists(struct migrt_ctx *ctx, int *exists)
{
	const char *params[1] = { ctx->plan->version_table };
	PGresult *res = migrt_db_query(ctx, "cannot look up the version table",
				       "SELECT to_regclass($1) IS NOT NULL",
				       1, params);

	if (!res)
		return MIGRT_EXIT_DB;
	*exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return MIGRT_EXIT_OK;
}

static int create_table(struct migrt_ctx *ctx)
{
	char *sql = migrt_vt_create_sql(ctx->plan);
	char *what = migrt_xprintf("cannot create the version table \"%s\"",
				   ctx->plan->version_table_display);
	int rc;

	/* "relation already exists, skipping" is not news */
	ctx->quiet_notices = 1;
	rc = migrt_db_command(ctx, what, sql, 0, NULL);
	ctx->quiet_notices = 0;
	free(sql);
	free(what);
	return rc < 0 ? MIGRT_EXIT_DB : MIGRT_EXIT_OK;
}

static int load_rows(struct migrt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	char *sql, *what;
	PGresult *res;
	int i, n;

	sql = migrt_xprintf("SELECT revision, checksum, "
			    "applied_at::timestamptz(0)::text, duration_ms "
			    "FROM %s ORDER BY revision", plan->version_table);
	what = migrt_xprintf("cannot read the version table \"%s\"",
			     plan->version_table_display);
	res = migrt_db_query(ctx, what, sql, 0, NULL);
	free(sql);
	free(what);
	if (!res)
		return MIGRT_EXIT_DB;
	n = PQntuples(res);
	ctx->unknown = migrt_xcalloc((size_t)n, sizeof *ctx->unknown);
	for (i = 0; i < n; i++) {
		long idx = migrt_plan_find(plan, PQgetvalue(res, i, 0));
		struct migrt_applied *a;

		if (idx < 0) {
			ctx->unknown[ctx->n_unknown++] =
				migrt_xstrdup(PQgetvalue(res, i, 0));
			continue;
		}
		a = &ctx->rows[idx];
		ctx->applied[idx] = 1;
		a->checksum = migrt_xstrdup(PQgetvalue(res, i, 1));
		a->applied_at = migrt_xstrdup(PQgetvalue(res, i, 2));
		a->duration_ms = atoi(PQgetvalue(res, i, 3));
	}
	PQclear(res);
	return MIGRT_EXIT_OK;
}

/* --lock-timeout and --statement-timeout, set once the migrator lock is
 * held (lock_timeout would otherwise cut short the wait for another
 * migrator). */
static int set_timeouts(struct migrt_ctx *ctx)
{
	const char *names[2] = { "lock_timeout", "statement_timeout" };
	const char *vals[2] = { ctx->lock_timeout, ctx->statement_timeout };
	int i;

	for (i = 0; i < 2; i++) {
		const char *params[2] = { names[i], vals[i] };

		if (vals[i] && migrt_db_command(ctx, "cannot set a timeout",
						"SELECT set_config($1, $2, false)",
						2, params) < 0)
			return MIGRT_EXIT_DB;
	}
	return MIGRT_EXIT_OK;
}

int migrt_session_begin(struct migrt_ctx *ctx, int create)
{
	int rc;

	ctx->applied = migrt_xcalloc(ctx->plan->n_revisions, 1);
	ctx->rows = migrt_xcalloc(ctx->plan->n_revisions, sizeof *ctx->rows);
	if ((rc = migrt_conn_open(ctx)) != MIGRT_EXIT_OK)
		return rc;
	/* A session that creates nothing learns whether the version table
	 * exists in the same statement that takes the lock: one round trip
	 * less.  Migrators create the table only under the lock, so the answer
	 * describes the database as no migrator was changing it. */
	if ((rc = take_lock(ctx, create ? NULL : &ctx->table_exists)) != MIGRT_EXIT_OK)
		return rc;
	if ((rc = set_timeouts(ctx)) != MIGRT_EXIT_OK)
		return rc;
	if (create && (rc = create_table(ctx)) != MIGRT_EXIT_OK)
		return rc;
	if (create && (rc = table_exists(ctx, &ctx->table_exists)) != MIGRT_EXIT_OK)
		return rc;
	if (ctx->table_exists)
		return load_rows(ctx);
	return MIGRT_EXIT_OK;
}

int migrt_session_check(struct migrt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	int bad = 0, changed = 0;
	uint32_t i;

	for (i = 0; i < ctx->n_unknown; i++) {
		migrt_error(ctx, "the version table \"%s\" records revision %s, "
			    "which this migrator does not know",
			    plan->version_table_display, ctx->unknown[i]);
		bad = 1;
	}
	if (bad)
		migrt_errf(ctx, "  the database does not match this migrator; "
			   "after checking the schema by hand, `%s stamp REV` "
			   "rewrites the version table\n", ctx->prog);
	for (i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *r = &plan->revisions[i];

		if (!ctx->applied[i] || migrt_checksum_matches(r, ctx->rows[i].checksum))
			continue;
		migrt_error(ctx, "revision %s (%s) changed after it was applied: "
			    "checksum %s in the database, %s in %s",
			    r->id, r->message, ctx->rows[i].checksum, r->checksum,
			    r->path);
		changed = bad = 1;
	}
	if (changed)
		migrt_errf(ctx, "  if the change is harmless (the database already has what the "
			   "source now says), `%s accept-checksum REV` (or --all) records "
			   "the new checksum\n", ctx->prog);
	if (migrt_nontx_check(ctx) != MIGRT_EXIT_OK)
		bad = 1;
	return bad ? MIGRT_EXIT_INCONSISTENT : MIGRT_EXIT_OK;
}

void migrt_session_end(struct migrt_ctx *ctx)
{
	/* closing the session releases the session-level advisory lock */
	if (ctx->conn) {
		PQfinish(ctx->conn);
		ctx->conn = NULL;
	}
	ctx->locked = 0;
}

void migrt_ctx_free(struct migrt_ctx *ctx)
{
	uint32_t i;
	int k;

	if (ctx->conn) {
		PQfinish(ctx->conn);
		ctx->conn = NULL;
		ctx->locked = 0;
	}
	if (ctx->rows) {
		for (i = 0; i < ctx->plan->n_revisions; i++) {
			free(ctx->rows[i].checksum);
			free(ctx->rows[i].applied_at);
		}
	}
	free(ctx->rows);
	ctx->rows = NULL;
	free(ctx->applied);
	ctx->applied = NULL;
	for (i = 0; i < ctx->n_unknown; i++)
		free(ctx->unknown[i]);
	free(ctx->unknown);
	ctx->unknown = NULL;
	ctx->n_unknown = 0;
	for (k = 0; k < ctx->n_secrets; k++) {
		/* wipe before freeing so the password does not linger */
		memset(ctx->secrets[k], 0, strlen(ctx->secrets[k]));
		free(ctx->secrets[k]);
	}
	ctx->n_secrets = 0;
}
