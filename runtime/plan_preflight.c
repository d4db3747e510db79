/*
 * plan_preflight.c - `plan` runs the pre-flight data checks of the
 * upgrade read-only and reports their counts (docs/migrator.md, "plan").
 *
 * The checks are the plan's own DO blocks (migrt.h, preflight), which only
 * read: they count the offending rows and raise the statement's SQLSTATE
 * with the count and a sample of keys when there are any.  Here each runs
 * in a savepoint of one READ ONLY transaction with plan's lock_timeout,
 * and a raise is recorded instead of stopping; the transaction is rolled
 * back.  A check runs on the data as it is now, before any statement of
 * the run: a check on a table an earlier statement creates or fills counts
 * what is there now (a table that does not exist yet is skipped by the
 * block itself).
 *
 * Guarantees: nothing is written (READ ONLY), nothing is left open; a
 * check that cannot count (a lock held by another session past the
 * timeout) is recorded as such, not as clean.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_db.h"
#include "rt_planview.h"

/* Runs `sql`, nothing printed: 0 done, -1 failed. */
static int quiet(struct rt_ctx *ctx, const char *sql)
{
	PGresult *res = PQexec(ctx->conn, sql);
	int ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;

	PQclear(res);
	return ok ? 0 : -1;
}

static void record(struct rt_plan_view *v, uint32_t k, uint32_t line, PGresult *res)
{
	struct rt_pf_count *c;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	v->pf = realloc(v->pf, (v->n_pf + 1) * sizeof *v->pf);
	if (!v->pf)
		abort();
	c = &v->pf[v->n_pf++];
	memset(c, 0, sizeof *c);
	c->k = k;
	c->line = line;
	if (!res)
		return;		/* clean */
	c->failed = msg && strncmp(msg, "pre-flight check failed", 23) == 0 ? 1 : 2;
	c->message = rt_xstrdup(msg ? msg : "unknown error");
	c->detail = detail ? rt_xstrdup(detail) : NULL;
	c->sqlstate = rt_xstrdup(state ? state : "");
}

int rt_pv_preflight(struct rt_plan_view *v)
{
	struct rt_ctx *ctx = v->ctx;
	const struct migrt_plan *plan = ctx->plan;
	int any = 0;

	if (!v->up || ctx->no_preflight)
		return RT_EXIT_OK;
	for (uint32_t k = 0; k < v->n; k++)
		any |= plan->revisions[v->list[k]].n_preflight > 0;
	if (!any)
		return RT_EXIT_OK;
	if (rt_db_command(ctx, "cannot start a read-only transaction",
			  "BEGIN TRANSACTION READ ONLY", 0, NULL) < 0 ||
	    rt_db_command(ctx, "cannot set lock_timeout",
			  "SELECT set_config('lock_timeout', '" RT_PLAN_LOCK_TIMEOUT "', true)",
			  0, NULL) < 0)
		return RT_EXIT_DB;
	ctx->quiet_notices = 1;
	for (uint32_t k = 0; k < v->n; k++) {
		const struct migrt_revision *r = &plan->revisions[v->list[k]];

		for (uint32_t p = 0; p < r->n_preflight; p++) {
			uint32_t before = r->preflight_before[p];
			uint32_t line = before < r->n_upgrade ? r->upgrade[before].line
				       : r->preflight[p].line;
			PGresult *res;

			if (quiet(ctx, "SAVEPOINT migc_plan_preflight") < 0) {
				ctx->quiet_notices = 0;
				rt_error(ctx, "cannot run the pre-flight checks read-only");
				return RT_EXIT_DB;
			}
			res = PQexec(ctx->conn, r->preflight[p].sql);
			if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
				record(v, k, line, NULL);
			} else {
				record(v, k, line, res);
				if (v->pf[v->n_pf - 1].failed == 1)
					v->n_errors++;
			}
			PQclear(res);
			if (quiet(ctx, "ROLLBACK TO SAVEPOINT migc_plan_preflight") < 0) {
				ctx->quiet_notices = 0;
				rt_error(ctx, "cannot run the pre-flight checks read-only");
				return RT_EXIT_DB;
			}
		}
	}
	ctx->quiet_notices = 0;
	if (rt_db_command(ctx, "cannot end the read-only transaction", "ROLLBACK", 0,
			  NULL) < 0)
		return RT_EXIT_DB;
	return RT_EXIT_OK;
}

void rt_pv_preflight_free(struct rt_plan_view *v)
{
	for (size_t i = 0; i < v->n_pf; i++) {
		free(v->pf[i].message);
		free(v->pf[i].detail);
		free(v->pf[i].sqlstate);
	}
	free(v->pf);
	v->pf = NULL;
	v->n_pf = 0;
}

/* ---- output ---------------------------------------------------------------- */

void rt_pv_preflight_text(const struct rt_plan_view *v, uint32_t k)
{
	struct rt_ctx *ctx = v->ctx;

	for (size_t i = 0; i < v->n_pf; i++) {
		const struct rt_pf_count *c = &v->pf[i];

		if (c->k != k)
			continue;
		if (!c->failed) {
			rt_out(ctx, "  pre-flight before line %u: 0 offending rows\n",
			       (unsigned)c->line);
			continue;
		}
		rt_out(ctx, "  pre-flight before line %u: %s%s%s\n", (unsigned)c->line,
		       c->failed == 2 ? "could not count: " : "", c->message,
		       c->failed == 2 ? "" : " (an upgrade stops here)");
		if (c->detail)
			rt_out(ctx, "    %s\n", c->detail);
	}
}

void rt_pv_preflight_json(const struct rt_plan_view *v, uint32_t k)
{
	struct rt_ctx *ctx = v->ctx;
	int first = 1;

	rt_out(ctx, ", \"preflight\": [");
	for (size_t i = 0; i < v->n_pf; i++) {
		const struct rt_pf_count *c = &v->pf[i];

		if (c->k != k)
			continue;
		rt_out(ctx, "%s{\"before_line\": %u, \"result\": \"%s\", \"message\": ",
		       first ? "" : ", ", (unsigned)c->line,
		       c->failed == 1 ? "fails" : c->failed == 2 ? "not counted" : "passes");
		rt_out_json(ctx, c->message);
		rt_out(ctx, ", \"detail\": ");
		rt_out_json(ctx, c->detail);
		rt_out(ctx, "}");
		first = 0;
	}
	rt_out(ctx, "]");
}
