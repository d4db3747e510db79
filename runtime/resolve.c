/*
 * resolve.c - `resolve REV applied|pending`: the operator's verdict on a
 * no_transaction revision that was interrupted (nontx.c explains the
 * "started" row).  It changes only that row, and only while it is still
 * "started", so running it twice or against the wrong revision does
 * nothing.
 */
#include <stdlib.h>
#include <string.h>


#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_plan.h"

/* resolve REV applied|pending: the operator's verdict on an interrupted
 * revision.  "applied" keeps the row as done; "pending" deletes it, so the
 * next upgrade runs the revision again. */
int rt_cmd_resolve(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	enum rt_target_kind kind;
	uint32_t idx;
	const struct migrt_revision *r;
	const char *params[1];
	char *sql;
	int rc, applied;

	if (argc != 2 || (strcmp(argv[1], "applied") && strcmp(argv[1], "pending")))
		return rt_usage_error(ctx, "resolve needs a revision and its state: "
					 "resolve REV applied|pending");
	if ((rc = rt_plan_resolve_arg(ctx, argv[0], &kind, &idx)))
		return rc;
	if (kind != RT_TARGET_REV)
		return rt_usage_error(ctx, "resolve needs one revision, not \"%s\"",
					 argv[0]);
	r = &plan->revisions[idx];
	applied = strcmp(argv[1], "applied") == 0;
	if ((rc = rt_session_begin(ctx, RT_SESSION_WRITE)))
		return rc;
	if (!ctx->applied[idx] || ctx->rows[idx].duration_ms != RT_STARTED) {
		rt_error(ctx, "revision %s is not interrupted: nothing to resolve", r->id);
		return RT_EXIT_INCONSISTENT;
	}
	params[0] = r->id;
	if (applied)
		sql = rt_xprintf("UPDATE %s SET duration_ms = 0 WHERE revision = $1 "
				    "AND duration_ms = -1", plan->version_table);
	else
		sql = rt_xprintf("DELETE FROM %s WHERE revision = $1 "
				    "AND duration_ms = -1", plan->version_table);
	rc = rt_db_command(ctx, "cannot update the version table", sql, 1, params);
	free(sql);
	if (rc < 0)
		return RT_EXIT_DB;
	rt_out(ctx, "resolve: revision %s is recorded as %s\n", r->id,
		  applied ? "applied" : "pending (not applied)");
	return RT_EXIT_OK;
}
