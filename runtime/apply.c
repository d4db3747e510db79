/*
 * apply.c - upgrade and downgrade: running revisions against the database.
 *
 * Guarantees: each revision runs in its own transaction together with its
 * version-table row (INSERT on upgrade, DELETE on downgrade), so it either
 * applies completely and is recorded or leaves no trace.  The first failure
 * rolls back that revision, stops the run, and reports the revision, the
 * statement's file:line, the statement and the server's error; revisions
 * that committed earlier in the run stay applied.  All of it happens under
 * the advisory lock taken by session.c.
 *
 * With --retries N a revision whose statement failed on lock_timeout
 * (SQLSTATE 55P03) is rolled back and tried again, up to N more times,
 * waiting 1, 2, 4... (at most 30) seconds in between, so a migration stuck
 * behind a long transaction gives way to production traffic instead of
 * queueing it behind its own lock.  Revisions marked no_transaction run in
 * nontx.c instead and are never retried.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "rt.h"

static const char *msg_sep(const struct migrt_revision *r)
{
	return r->message[0] ? ": " : "";
}

/* Sends one statement; returns its result (caller clears) and sets *ok. */
static PGresult *exec_stmt(struct migrt_ctx *ctx, const char *sql, int nparams,
			   const char *const *params, int *ok)
{
	PGresult *res;
	ExecStatusType st;

	if (nparams)
		res = PQexecParams(ctx->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	else
		res = PQexec(ctx->conn, sql);
	st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
		/* COPY through stdin/stdout has no data here: end it as an error */
		PGresult *r;

		if (st == PGRES_COPY_IN)
			PQputCopyEnd(ctx->conn, "COPY FROM STDIN is not supported in a revision");
		while ((r = PQgetResult(ctx->conn)))
			PQclear(r);
		*ok = 0;
		return res;
	}
	*ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	return res;
}

/* Rolls back and prints the failure report; returns MIGRT_EXIT_FAILED. */
static int report_failure(struct migrt_ctx *ctx, uint32_t idx, int up,
			  PGresult *res, const char *stmt, uint32_t line)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];
	PGresult *rb = PQexec(ctx->conn, "ROLLBACK");
	int rolled_back = rb && PQresultStatus(rb) == PGRES_COMMAND_OK;

	PQclear(rb);
	migrt_error(ctx, "%s of revision %s%s%s%s failed and %s",
		    up ? "upgrade" : "downgrade", r->id,
		    r->message[0] ? " (" : "", r->message, r->message[0] ? ")" : "",
		    rolled_back ? "was rolled back"
				: "was not committed (the connection was lost)");
	migrt_errf(ctx, "  at %s:%u\n", r->path, (unsigned)line);
	migrt_db_report(ctx, res, stmt);
	return MIGRT_EXIT_FAILED;
}

/* run_transaction's "rolled back after lock_timeout, try again". */
#define RUN_RETRY (-1)

static int is_lock_timeout(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	return state && strcmp(state, MIGRT_SQLSTATE_LOCK_TIMEOUT) == 0;
}

/* Runs revision `idx` up or down in one transaction; sets *ms.  Returns an
 * exit status, or RUN_RETRY (rolled back, nothing printed) when `may_retry`
 * and a statement hit lock_timeout. */
static int run_transaction(struct migrt_ctx *ctx, uint32_t idx, int up,
			   int may_retry, int *ms_out)
{
	const struct migrt_plan *plan = ctx->plan;
	const struct migrt_revision *r = &plan->revisions[idx];
	const struct migrt_stmt *stmts = up ? r->upgrade : r->downgrade;
	uint32_t n = up ? r->n_upgrade : r->n_downgrade, i;
	const char *params[3] = { r->id, r->checksum, plan->migc_version };
	PGresult *res;
	char *vt_sql;
	int ok, ms = 0;

	if (migrt_db_command(ctx, "cannot begin a transaction", "BEGIN", 0, NULL) < 0)
		return MIGRT_EXIT_DB;
	for (i = 0; i < n; i++) {
		res = exec_stmt(ctx, stmts[i].sql, 0, NULL, &ok);
		if (!ok && may_retry && is_lock_timeout(res)) {
			PQclear(res);
			res = PQexec(ctx->conn, "ROLLBACK");
			ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
			PQclear(res);
			migrt_errf(ctx, "%s: %s of revision %s waited longer than lock_timeout at %s:%u "
				   "and was rolled back\n", ctx->prog, up ? "upgrade" : "downgrade",
				   r->id, r->path, (unsigned)stmts[i].line);
			return ok ? RUN_RETRY : MIGRT_EXIT_DB;
		}
		if (!ok) {
			int rc = report_failure(ctx, idx, up, res, stmts[i].sql,
						stmts[i].line);

			PQclear(res);
			return rc;
		}
		PQclear(res);
	}
	if (up)
		vt_sql = migrt_xprintf("INSERT INTO %s (revision, checksum, applied_at, "
				       "duration_ms, migc_version) VALUES ($1, $2, now(), "
				       MIGRT_SQL_ELAPSED_MS ", $3) RETURNING duration_ms",
				       plan->version_table);
	else
		vt_sql = migrt_xprintf("DELETE FROM %s WHERE revision = $1 RETURNING "
				       MIGRT_SQL_ELAPSED_MS, plan->version_table);
	res = exec_stmt(ctx, vt_sql, up ? 3 : 1, params, &ok);
	if (ok && PQntuples(res) > 0)
		ms = atoi(PQgetvalue(res, 0, 0));
	if (!ok) {
		int rc = report_failure(ctx, idx, up, res, vt_sql, r->line);

		PQclear(res);
		free(vt_sql);
		return rc;
	}
	PQclear(res);
	free(vt_sql);
	res = exec_stmt(ctx, "COMMIT", 0, NULL, &ok);
	if (!ok) {
		int rc = report_failure(ctx, idx, up, res, "COMMIT", r->line);

		PQclear(res);
		return rc;
	}
	PQclear(res);
	ctx->applied[idx] = up ? 1 : 0;
	*ms_out = ms;
	return MIGRT_EXIT_OK;
}

static void sleep_seconds(unsigned s)
{
	struct timespec ts = { (time_t)s, 0 };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Runs revision `idx` up or down, retrying after lock_timeout as --retries
 * allows, and prints its line. */
static int run_revision(struct migrt_ctx *ctx, uint32_t idx, int up)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];
	int rc, ms = 0, attempt = 0;
	unsigned delay = 1;

	if (r->flags & MIGRT_REV_NO_TRANSACTION) {
		rc = migrt_nontx_run(ctx, idx, up, &ms);
	} else {
		while ((rc = run_transaction(ctx, idx, up, attempt < ctx->retries,
					     &ms)) == RUN_RETRY) {
			attempt++;
			migrt_errf(ctx, "%s: retry %d of %d in %u s\n", ctx->prog,
				   attempt, ctx->retries, delay);
			sleep_seconds(delay);
			delay = delay * 2 > 30 ? 30 : delay * 2;
		}
	}
	if (rc == MIGRT_EXIT_OK)
		migrt_out(ctx, "%s %s%s%s (%d ms%s)\n", up ? "upgrade" : "downgrade",
			  r->id, msg_sep(r), r->message, ms,
			  (r->flags & MIGRT_REV_NO_TRANSACTION) ? ", no transaction" : "");
	return rc;
}

/* Runs the listed revisions in order; prints where the database ends up. */
static int run_list(struct migrt_ctx *ctx, const uint32_t *list, uint32_t n,
		    int up)
{
	uint32_t i;
	char *where;
	int rc = MIGRT_EXIT_OK;

	for (i = 0; i < n && rc == MIGRT_EXIT_OK; i++)
		rc = run_revision(ctx, list[i], up);
	where = migrt_plan_describe(ctx->plan, ctx->applied);
	if (rc == MIGRT_EXIT_OK)
		migrt_out(ctx, "database is at %s\n", where);
	else
		migrt_errf(ctx, "database is at %s\n", where);
	free(where);
	return rc;
}

static int all_applied(const struct migrt_ctx *ctx)
{
	uint32_t i;

	for (i = 0; i < ctx->plan->n_revisions; i++)
		if (!ctx->applied[i])
			return 0;
	return 1;
}

static void nothing_to_do(struct migrt_ctx *ctx, const char *verb)
{
	char *where;

	if (ctx->plan->n_revisions && all_applied(ctx)) {
		where = migrt_plan_heads_text(ctx->plan);
		migrt_out(ctx, "nothing to %s: database is at head %s\n", verb, where);
	} else {
		where = migrt_plan_describe(ctx->plan, ctx->applied);
		migrt_out(ctx, "nothing to %s: database is at %s\n", verb, where);
	}
	free(where);
}

int migrt_cmd_upgrade(struct migrt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	const char *arg = argc > 0 ? argv[0] : "head";
	enum migrt_target_kind kind = MIGRT_TARGET_HEAD;
	uint32_t idx = 0, step = 0, n = 0, i;
	unsigned char *want;
	uint32_t *list;
	int rc;

	if (argc > 1)
		return migrt_usage_error(ctx, "upgrade takes at most one argument");
	if (arg[0] == '+') {
		if (migrt_parse_step(arg, '+', &step) < 0)
			return migrt_usage_error(ctx, "bad step \"%s\": expected +N with N >= 1", arg);
	} else if (arg[0] == '-') {
		return migrt_usage_error(ctx, "upgrade goes forward: use downgrade %s", arg);
	} else if ((rc = migrt_plan_resolve_arg(ctx, arg, &kind, &idx))) {
		return rc;
	}
	if ((rc = migrt_session_begin(ctx, 1)) || (rc = migrt_session_check(ctx)))
		return rc;

	want = migrt_xcalloc(plan->n_revisions, 1);
	list = migrt_xcalloc(plan->n_revisions, sizeof *list);
	migrt_plan_mark_target(plan, step ? MIGRT_TARGET_HEAD : kind, idx, want);
	for (i = 0; i < plan->n_revisions && (!step || n < step); i++)
		if (want[i] && !ctx->applied[i])
			list[n++] = i;
	if (step && n < step) {
		rc = migrt_usage_error(ctx, "cannot upgrade %u revisions: only %u pending",
				       (unsigned)step, (unsigned)n);
	} else if (n == 0) {
		nothing_to_do(ctx, "upgrade");
	} else {
		rc = run_list(ctx, list, n, 1);
	}
	free(want);
	free(list);
	return rc;
}

int migrt_cmd_downgrade(struct migrt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	enum migrt_target_kind kind = MIGRT_TARGET_BASE;
	uint32_t idx = 0, step = 0, n = 0, i;
	unsigned char *keep;
	uint32_t *list;
	int rc;

	if (argc == 0)
		return migrt_usage_error(ctx, "downgrade needs a target: REV, -N or base");
	if (argc > 1)
		return migrt_usage_error(ctx, "downgrade takes one argument");
	if (argv[0][0] == '-') {
		if (migrt_parse_step(argv[0], '-', &step) < 0)
			return migrt_usage_error(ctx, "bad step \"%s\": expected -N with N >= 1",
						 argv[0]);
	} else if (argv[0][0] == '+') {
		return migrt_usage_error(ctx, "downgrade goes back: use upgrade %s", argv[0]);
	} else if ((rc = migrt_plan_resolve_arg(ctx, argv[0], &kind, &idx))) {
		return rc;
	}
	if ((rc = migrt_session_begin(ctx, 0)) || (rc = migrt_session_check(ctx)))
		return rc;

	keep = migrt_xcalloc(plan->n_revisions, 1);
	list = migrt_xcalloc(plan->n_revisions, sizeof *list);
	if (!step)
		migrt_plan_mark_target(plan, kind, idx, keep);
	for (i = plan->n_revisions; i-- > 0 && (!step || n < step);)
		if (ctx->applied[i] && !keep[i])
			list[n++] = i;
	if (step && n < step) {
		rc = migrt_usage_error(ctx, "cannot downgrade %u revisions: only %u applied",
				       (unsigned)step, (unsigned)n);
	} else if (n == 0) {
		nothing_to_do(ctx, "downgrade");
	} else {
		rc = run_list(ctx, list, n, 0);
	}
	free(keep);
	free(list);
	return rc;
}
