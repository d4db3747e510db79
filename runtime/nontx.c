/*
 * nontx.c - non-transactional revisions: running them and finding
 * interrupted ones (the `resolve` command that an operator uses afterwards
 * is resolve.c).
 *
 * A revision whose header says `no_transaction` (create index concurrently
 * and the like) cannot run inside a transaction block, so it cannot commit
 * atomically with its version-table row.  Instead the row is written first
 * with duration_ms = -1 ("started": an INSERT on upgrade, an UPDATE on
 * downgrade), every statement then runs on its own, and the row is finished
 * last (duration filled in on upgrade, deleted on downgrade).  A run that
 * dies in between leaves the "started" row behind; every later
 * upgrade/downgrade stops on it until an operator has looked at the
 * database and said with `resolve REV applied|pending` what state it is in.
 * Such a revision is never silently skipped and never silently re-run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_db.h"
#include "rt_plan.h"
#include "rt_run.h"

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Writes the "started" row.  Returns 0 or -1 (error printed). */
static int mark_started(struct rt_ctx *ctx, const struct migrt_revision *r,
			int up)
{
	const struct migrt_plan *plan = ctx->plan;
	const char *params[3] = { r->id, r->checksum, plan->migc_version };
	char *sql;
	int rc;

	sql = rt_vt_sql(plan, up ? RT_VT_STARTED : RT_VT_UNDO_STARTED,
			   rt_vt_params);
	rc = rt_db_command(ctx, "cannot record the revision as started", sql,
			      up ? 3 : 1, params);
	free(sql);
	return rc;
}

/* Finishes the row.  Returns 0 or -1 (error printed). */
static int mark_done(struct rt_ctx *ctx, const struct migrt_revision *r,
		     int up, long ms)
{
	char buf[32];
	const char *params[2] = { r->id, buf };
	char *sql;
	int rc;

	snprintf(buf, sizeof buf, "%ld", ms);
	{
		const char *arg[3] = { "$1", "$2::integer", "$3" };

		sql = rt_vt_sql(ctx->plan, up ? RT_VT_DONE : RT_VT_REMOVED, arg);
	}
	rc = rt_db_command(ctx, "cannot record the revision as done", sql,
			      up ? 2 : 1, params);
	free(sql);
	return rc;
}

static void how_to_resolve(struct rt_ctx *ctx, const struct migrt_revision *r)
{
	rt_errf(ctx,
		   "  revision %s runs outside a transaction, so some of its statements may have\n"
		   "  taken effect (an interrupted \"create index concurrently\" leaves an INVALID index).\n"
		   "  Inspect the database, then either finish the revision by hand and run\n"
		   "    %s resolve %s applied\n"
		   "  or undo what it did (drop an invalid index) and run\n"
		   "    %s resolve %s pending\n"
		   "  (see docs/operations.md, \"Interrupted non-transactional revision\")\n",
		   r->id, ctx->prog, r->id, ctx->prog, r->id);
}

int rt_nontx_run(struct rt_ctx *ctx, uint32_t idx, int up, int *ms)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];
	const struct migrt_stmt *stmts = up ? r->upgrade : r->downgrade;
	uint32_t n = up ? r->n_upgrade : r->n_downgrade, i;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (mark_started(ctx, r, up) < 0)
		return RT_EXIT_DB;
	ctx->applied[idx] = 1;
	ctx->rows[idx].duration_ms = RT_STARTED;
	for (i = 0; i < n; i++) {
		PGresult *res = PQexec(ctx->conn, stmts[i].sql);
		ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
			PQclear(res);
			continue;
		}
		rt_db_end_copy(ctx, res);
		rt_error(ctx, "%s of revision %s%s%s%s failed outside a transaction "
			    "and is recorded as interrupted",
			    up ? "upgrade" : "downgrade", r->id,
			    r->message[0] ? " (" : "", r->message,
			    r->message[0] ? ")" : "");
		rt_errf(ctx, "  at %s:%u\n", r->path, (unsigned)stmts[i].line);
		rt_db_report(ctx, res, stmts[i].sql);
		PQclear(res);
		how_to_resolve(ctx, r);
		return RT_EXIT_FAILED;
	}
	*ms = (int)elapsed_ms(&t0);
	if (mark_done(ctx, r, up, *ms) < 0) {
		how_to_resolve(ctx, r);
		return RT_EXIT_DB;
	}
	ctx->applied[idx] = up ? 1 : 0;
	ctx->rows[idx].duration_ms = *ms;
	return RT_EXIT_OK;
}

char *rt_nontx_where(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	unsigned char *done = rt_xcalloc(plan->n_revisions, 1);
	char *where, *out;
	uint32_t i;
	int any = 0;

	for (i = 0; i < plan->n_revisions; i++) {
		int broken = ctx->applied[i] && ctx->rows[i].duration_ms == RT_STARTED;

		done[i] = ctx->applied[i] && !broken;
		any |= broken;
	}
	where = rt_plan_describe(plan, done);
	free(done);
	if (!any)
		return where;
	out = where;
	for (i = 0; i < plan->n_revisions; i++) {
		if (!ctx->applied[i] || ctx->rows[i].duration_ms != RT_STARTED)
			continue;
		where = out;
		out = rt_xprintf("%s; revision %s is interrupted (neither applied nor "
				    "pending) and needs `%s resolve %s applied|pending`",
				    where, plan->revisions[i].id, ctx->prog,
				    plan->revisions[i].id);
		free(where);
	}
	return out;
}

int rt_nontx_check(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	int bad = 0;
	uint32_t i;

	for (i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *r = &plan->revisions[i];

		if (!ctx->applied[i] || ctx->rows[i].duration_ms != RT_STARTED)
			continue;
		rt_error(ctx, "revision %s%s%s%s was interrupted: it started outside a "
			    "transaction and never finished",
			    r->id, r->message[0] ? " (" : "", r->message,
			    r->message[0] ? ")" : "");
		how_to_resolve(ctx, r);
		bad = 1;
	}
	return bad ? RT_EXIT_INCONSISTENT : RT_EXIT_OK;
}
