/*
 * session.c - the migrator's hold on a database: the advisory lock, the
 * version table, and the set of applied revisions.
 *
 * Guarantees: the session-level advisory lock (keys: RT_LOCK_CLASS and
 * hashtext of the version table's name qualified as the server resolves
 * it, plus the older key of the name as written in migc.conf, see LOCK_SQL)
 * is taken before the version table is read,
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
#include "rt_db.h"
#include "rt_plan.h"
#include "rt_run.h"

/* "MIGC" as an int4: the first advisory-lock key, shared by every migc
 * migrator; the second key tells version tables apart. */
#define RT_LOCK_CLASS "1296647747"

/* The second lock key: hashtext of the version table's name qualified as
 * the server resolves it ("schema"."table", quote_ident'ed; an unqualified
 * name goes to current_schema(), or to the default schema while that does
 * not exist yet), so that `migc_version` and `public.migc_version` are one
 * lock.  $1 is plan->version_table, $2 the default schema or NULL. */
#define LOCK_KEY_SQL \
	"hashtext(CASE WHEN array_length(parse_ident($1), 1) = 2 " \
	"THEN format('%I.%I', (parse_ident($1))[1], (parse_ident($1))[2]) " \
	"ELSE format('%I.%I', coalesce(current_schema(), (parse_ident($2))[1]), " \
	"(parse_ident($1))[1]) END)"
/* Both keys, or neither: the resolved key, then hashtext($3) of the name
 * as written in migc.conf, the key of migrators before 0.2 (a rolling
 * deploy may run one beside this one). */
#define LOCK_SQL(also) \
	"SELECT CASE WHEN pg_try_advisory_lock(" RT_LOCK_CLASS ", k) THEN " \
	"CASE WHEN pg_try_advisory_lock(" RT_LOCK_CLASS ", hashtext($3)) THEN true " \
	"ELSE NOT pg_advisory_unlock(" RT_LOCK_CLASS ", k) END ELSE false END" \
	also " FROM (SELECT " LOCK_KEY_SQL " AS k) key"

/* Tries the lock once: 1 taken, 0 held by another session, -1 error.
 * With `exists` it also looks up the version table in the same round trip
 * (for the sessions that create nothing; see rt_session_begin()). */
static int try_lock(struct rt_ctx *ctx, int *exists)
{
	const struct migrt_plan *plan = ctx->plan;
	const char *params[3] = { plan->version_table,
				  plan->default_schema && *plan->default_schema
					  ? plan->default_schema : NULL,
				  plan->version_table_display };
	PGresult *res;
	int got;

	res = rt_db_query(ctx, "cannot take the migrator lock",
			     exists ? LOCK_SQL(", to_regclass($1) IS NOT NULL")
				    : LOCK_SQL(""), 3, params);
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
static int take_lock(struct rt_ctx *ctx, int *exists)
{
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	int got = try_lock(ctx, exists);

	if (got == 0)
		rt_errf(ctx, "%s: waiting for another migrator to finish...\n",
			   ctx->prog);
	while (got == 0) {
		nanosleep(&pause, NULL);
		got = try_lock(ctx, exists);
	}
	if (got < 0)
		return RT_EXIT_DB;
	ctx->locked = 1;
	return RT_EXIT_OK;
}

static int table_exists(struct rt_ctx *ctx, int *exists)
{
	const char *params[1] = { ctx->plan->version_table };
	PGresult *res = rt_db_query(ctx, "cannot look up the version table",
				       "SELECT to_regclass($1) IS NOT NULL",
				       1, params);

	if (!res)
		return RT_EXIT_DB;
	*exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return RT_EXIT_OK;
}

/* "CREATE SCHEMA IF NOT EXISTS" for the default schema and the version
 * table's schema, each ending in "; " (caller frees). */
/* The length of the quoted schema that starts `vt` ("s"."t"), or 0 when
 * it is one name: the first quote closing an identifier that a '.'
 * follows ("" inside an identifier is an embedded quote). */
static size_t vt_schema_len(const char *vt)
{
	size_t i = 1;

	if (vt[0] != '"')
		return 0;
	while (vt[i]) {
		if (vt[i] == '"' && vt[i + 1] == '"')
			i += 2;
		else if (vt[i] == '"')
			return vt[i + 1] == '.' ? i + 1 : 0;
		else
			i++;
	}
	return 0;
}

static char *create_schemas_sql(const struct migrt_plan *plan)
{
	size_t n = vt_schema_len(plan->version_table);
	char *vt = n ? rt_xprintf("CREATE SCHEMA IF NOT EXISTS %.*s; ", (int)n,
				     plan->version_table)
		     : rt_xstrdup("");
	char *sql = rt_xprintf("%s%s%s%s",
				  plan->default_schema && *plan->default_schema
					  ? "CREATE SCHEMA IF NOT EXISTS " : "",
				  plan->default_schema ? plan->default_schema : "",
				  plan->default_schema && *plan->default_schema ? "; " : "",
				  vt);

	free(vt);
	return sql;
}

/* Creates the version table.  When its schema or the default schema does
 * not exist yet (SQLSTATE 3F000: a fresh database with default_schema =
 * app), they are created first, in the same transaction as the table: a
 * simple query of several statements is one transaction.  The schemas are
 * created only then, because CREATE SCHEMA IF NOT EXISTS needs the CREATE
 * privilege on the database even when the schema exists. */
static int create_table(struct rt_ctx *ctx)
{
	char *ddl = rt_vt_create_sql(ctx->plan);
	char *what = rt_xprintf("cannot create the version table \"%s\"",
				   ctx->plan->version_table_display);
	PGresult *res;
	const char *state;
	int rc;

	/* "relation already exists, skipping" is not news */
	ctx->quiet_notices = 1;
	res = PQexec(ctx->conn, ddl);
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
		rc = 0;
	} else if (state && strcmp(state, "3F000") == 0) {
		char *schemas = create_schemas_sql(ctx->plan);
		char *sql = rt_xprintf("%s%s", schemas, ddl);

		rc = rt_db_command(ctx, what, sql, 0, NULL);
		free(schemas);
		free(sql);
	} else {
		rt_error(ctx, "%s", what);
		rt_db_report(ctx, res, NULL);
		rc = -1;
	}
	PQclear(res);
	ctx->quiet_notices = 0;
	free(ddl);
	free(what);
	return rc < 0 ? RT_EXIT_DB : RT_EXIT_OK;
}

static void note_duplicate(struct rt_ctx *ctx, uint32_t idx)
{
	uint32_t k;

	for (k = 0; k < ctx->n_duplicated; k++)
		if (ctx->duplicated[k] == idx)
			return;
	ctx->duplicated[ctx->n_duplicated++] = idx;
}

void rt_session_take_rows(struct rt_ctx *ctx, int n,
			     const char *(*cell)(void *src, int row, int col),
			     void *src)
{
	const struct migrt_plan *plan = ctx->plan;
	int i;

	ctx->unknown = rt_xcalloc((size_t)n, sizeof *ctx->unknown);
	ctx->duplicated = rt_xcalloc((size_t)n, sizeof *ctx->duplicated);
	for (i = 0; i < n; i++) {
		long idx = rt_plan_find(plan, cell(src, i, 0));
		struct rt_applied *a;

		if (idx < 0) {
			ctx->unknown[ctx->n_unknown++] = rt_xstrdup(cell(src, i, 0));
			continue;
		}
		a = &ctx->rows[idx];
		if (ctx->applied[idx]) {
			/* a second row (the primary key was dropped by hand):
			 * reported; a row with a wrong checksum wins, so that
			 * the mismatch is reported too */
			note_duplicate(ctx, (uint32_t)idx);
			if (strcmp(cell(src, i, 1), plan->revisions[idx].checksum) == 0)
				continue;
			free(a->checksum);
			free(a->applied_at);
		}
		ctx->applied[idx] = 1;
		a->checksum = rt_xstrdup(cell(src, i, 1));
		a->applied_at = rt_xstrdup(cell(src, i, 2));
		a->duration_ms = atoi(cell(src, i, 3));
	}
}

static const char *result_cell(void *src, int row, int col)
{
	return PQgetvalue(src, row, col);
}

static int load_rows(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	char *sql, *what;
	PGresult *res;

	sql = rt_xprintf("SELECT revision, checksum, "
			    "applied_at::timestamptz(0)::text, duration_ms "
			    "FROM %s ORDER BY revision", plan->version_table);
	what = rt_xprintf("cannot read the version table \"%s\"",
			     plan->version_table_display);
	res = rt_db_query(ctx, what, sql, 0, NULL);
	free(sql);
	free(what);
	if (!res)
		return RT_EXIT_DB;
	rt_session_take_rows(ctx, PQntuples(res), result_cell, res);
	PQclear(res);
	return RT_EXIT_OK;
}

/* --lock-timeout and --statement-timeout, set once the migrator lock is
 * held (lock_timeout would otherwise cut short the wait for another
 * migrator). */
static int set_timeouts(struct rt_ctx *ctx)
{
	const char *names[2] = { "lock_timeout", "statement_timeout" };
	const char *vals[2] = { ctx->lock_timeout, ctx->statement_timeout };
	int i;

	for (i = 0; i < 2; i++) {
		const char *params[2] = { names[i], vals[i] };

		if (vals[i] && rt_db_command(ctx, "cannot set a timeout",
						"SELECT set_config($1, $2, false)",
						2, params) < 0)
			return RT_EXIT_DB;
	}
	return RT_EXIT_OK;
}

/* Refuses a standby or a read-only server before the lock is taken: a
 * command that writes would fail there anyway, later and less clearly.
 * One round trip; names the server (host, port, database: no password). */
static int refuse_read_only(struct rt_ctx *ctx)
{
	PGresult *res = rt_db_query(ctx, "cannot ask whether the server is a primary",
				       "SELECT pg_is_in_recovery(), "
				       "current_setting('transaction_read_only')", 0, NULL);
	const char *host = PQhost(ctx->conn), *port = PQport(ctx->conn);
	const char *db = PQdb(ctx->conn);
	int standby, ro;

	if (!res)
		return RT_EXIT_DB;
	standby = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	ro = strcmp(PQgetvalue(res, 0, 1), "on") == 0;
	PQclear(res);
	if (!standby && !ro)
		return RT_EXIT_OK;
	rt_error(ctx, "the server %s port %s (database \"%s\") is %s: nothing was done",
		    host ? host : "?", port ? port : "?", db ? db : "?",
		    standby ? "a standby in recovery, migrations run on the primary"
			    : "read-only (default_transaction_read_only is on)");
	rt_errf(ctx, "  a connection string listing several hosts with "
		   "target_session_attrs=read-write reaches the primary "
		   "(docs/migrator.md, \"Replicated clusters\")\n");
	return RT_EXIT_READ_ONLY;
}

int rt_session_begin(struct rt_ctx *ctx, int mode)
{
	int rc, create = (mode & RT_SESSION_CREATE) == RT_SESSION_CREATE;

	ctx->applied = rt_xcalloc(ctx->plan->n_revisions, 1);
	ctx->rows = rt_xcalloc(ctx->plan->n_revisions, sizeof *ctx->rows);
	if ((rc = rt_conn_open(ctx)) != RT_EXIT_OK)
		return rc;
	if ((mode & RT_SESSION_WRITE) && (rc = refuse_read_only(ctx)) != RT_EXIT_OK)
		return rc;
	/* A session that creates nothing learns whether the version table
	 * exists in the same statement that takes the lock: one round trip
	 * less.  Migrators create the table only under the lock, so the answer
	 * describes the database as no migrator was changing it. */
	if (ctx->no_lock) {
		/* plan and --dry-run read, and wait for nobody */
		if ((rc = table_exists(ctx, &ctx->table_exists)) != RT_EXIT_OK)
			return rc;
		return ctx->table_exists ? load_rows(ctx) : RT_EXIT_OK;
	}
	if ((rc = take_lock(ctx, create ? NULL : &ctx->table_exists)) != RT_EXIT_OK)
		return rc;
	if ((rc = set_timeouts(ctx)) != RT_EXIT_OK)
		return rc;
	if (create && (rc = create_table(ctx)) != RT_EXIT_OK)
		return rc;
	if (create && (rc = table_exists(ctx, &ctx->table_exists)) != RT_EXIT_OK)
		return rc;
	if (ctx->table_exists)
		return load_rows(ctx);
	return RT_EXIT_OK;
}

int rt_session_create_table(struct rt_ctx *ctx)
{
	return create_table(ctx);
}

/* Duplicate rows and holes (an applied revision whose parent has no row).
 * Returns 1 when there was anything to report. */
static int report_rows(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t i, k;
	int bad = 0;

	for (k = 0; k < ctx->n_duplicated; k++) {
		rt_error(ctx, "the version table \"%s\" has more than one row for "
			    "revision %s (its primary key is missing)",
			    plan->version_table_display,
			    plan->revisions[ctx->duplicated[k]].id);
		bad = 1;
	}
	for (i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *r = &plan->revisions[i];

		if (!ctx->applied[i])
			continue;
		for (k = 0; k < r->n_parents; k++) {
			if (ctx->applied[r->parents[k]])
				continue;
			rt_error(ctx, "the version table \"%s\" records revision %s "
				    "but not its parent %s", plan->version_table_display,
				    r->id, plan->revisions[r->parents[k]].id);
			ctx->holes = bad = 1;
		}
	}
	return bad;
}

int rt_session_check(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	int bad = 0, changed = 0;
	uint32_t i;

	for (i = 0; i < ctx->n_unknown; i++) {
		char *id = rt_escape(ctx->unknown[i]);

		rt_error(ctx, "the version table \"%s\" records revision \"%s\", "
			    "which this migrator does not know",
			    plan->version_table_display, id);
		free(id);
		bad = 1;
	}
	if (ctx->n_unknown) {
		/* by name: the ids a newer (or another branch's) build applied */
		rt_errf(ctx, "  this migrator is older than the database: it does not know ");
		for (i = 0; i < ctx->n_unknown; i++) {
			char *id = rt_escape(ctx->unknown[i]);

			rt_errf(ctx, "%s\"%s\"", i ? ", " : "", id);
			free(id);
		}
		rt_errf(ctx, ", which a newer build of project %s (or another branch's) "
			   "applied; run the migrator built from sources that have %s\n",
			   plan->project, ctx->n_unknown == 1 ? "it" : "them");
	}
	if (report_rows(ctx))
		bad = 1;
	if (bad)
		rt_errf(ctx, "  the database does not match this migrator; "
			   "after checking the schema by hand, `%s stamp REV` "
			   "rewrites the version table\n", ctx->prog);
	for (i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *r = &plan->revisions[i];

		if (!ctx->applied[i] || rt_checksum_matches(r, ctx->rows[i].checksum))
			continue;
		rt_error(ctx, "revision %s (%s) changed after it was applied: "
			    "checksum %s in the database, %s in %s",
			    r->id, r->message, ctx->rows[i].checksum, r->checksum,
			    r->path);
		changed = bad = 1;
	}
	if (changed)
		rt_errf(ctx, "  if the change is harmless (the database already has what the "
			   "source now says), `%s accept-checksum REV` (or --all) records "
			   "the new checksum\n", ctx->prog);
	if (rt_nontx_check(ctx) != RT_EXIT_OK)
		bad = 1;
	return bad ? RT_EXIT_INCONSISTENT : RT_EXIT_OK;
}

void rt_session_end(struct rt_ctx *ctx)
{
	/* closing the session releases the session-level advisory lock */
	if (ctx->conn) {
		PQfinish(ctx->conn);
		ctx->conn = NULL;
	}
	ctx->locked = 0;
}

void rt_ctx_free(struct rt_ctx *ctx)
{
	uint32_t i;

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
	free(ctx->duplicated);
	ctx->duplicated = NULL;
	ctx->n_duplicated = 0;
	ctx->n_unknown = 0;
}
