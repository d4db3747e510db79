/*
 * accept.c - accept-checksum: record this migrator's checksum for applied
 * revisions whose source was edited after they were applied.
 *
 * Before doing anything, upgrade and downgrade compare every applied
 * revision's recorded checksum with the compiled one and stop (exit 4) when
 * they differ.  When an operator has decided the edit was harmless (a
 * comment, formatting, or a change the database already reflects), this
 * command is the documented way on: for the named revisions (or, with
 * --all, every applied revision whose checksum differs) it overwrites the
 * recorded checksum with the compiled one and prints both.
 *
 * Guarantees: it runs under the advisory lock, changes nothing but the
 * checksum column of the chosen rows, all in one transaction; a revision
 * that is not in the plan is a usage error (exit 2) and one that is not
 * applied is refused (exit 4), in both cases before anything changes.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_plan.h"

/* Marks the revisions named on the command line in `pick`.  Returns 0 or
 * RT_EXIT_USAGE (printed). */
static int pick_named(struct rt_ctx *ctx, int argc, char **argv,
		      unsigned char *pick)
{
	enum rt_target_kind kind;
	uint32_t idx;
	int i, rc;

	for (i = 0; i < argc; i++) {
		if ((rc = rt_plan_resolve_arg(ctx, argv[i], &kind, &idx)))
			return rc;
		if (kind != RT_TARGET_REV)
			return rt_usage_error(ctx, "accept-checksum needs revision ids "
						 "(or --all), not \"%s\"", argv[i]);
		pick[idx] = 1;
	}
	return 0;
}

/* Refuses picked revisions that have no row.  Returns 0 or
 * RT_EXIT_INCONSISTENT after naming each one. */
static int refuse_unapplied(struct rt_ctx *ctx, const unsigned char *pick)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t i;
	int bad = 0;

	for (i = 0; i < plan->n_revisions; i++) {
		if (!pick[i] || ctx->applied[i])
			continue;
		rt_error(ctx, "revision %s is not applied: it has no recorded "
			    "checksum to accept", plan->revisions[i].id);
		bad = 1;
	}
	if (bad)
		rt_errf(ctx, "  nothing was changed\n");
	return bad ? RT_EXIT_INCONSISTENT : 0;
}

/* Rewrites the picked rows whose checksum differs, printing each.  Returns
 * the number rewritten, or -1 (error printed). */
static long accept_rows(struct rt_ctx *ctx, const unsigned char *pick)
{
	const struct migrt_plan *plan = ctx->plan;
	char *sql = rt_xprintf("UPDATE %s SET checksum = $2 WHERE revision = $1 "
				  "AND checksum = $3", plan->version_table);
	long n = 0;
	uint32_t i;

	for (i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *r = &plan->revisions[i];
		const char *old = ctx->rows[i].checksum;
		const char *params[3] = { r->id, r->checksum, old };
		PGresult *res;
		int changed;

		if (!pick[i])
			continue;
		if (rt_checksum_matches(r, old)) {
			rt_out(ctx, "accept-checksum: %s%s%s%s already records %s: unchanged\n",
				  r->id, r->message[0] ? " (" : "", r->message,
				  r->message[0] ? ")" : "", old);
			continue;
		}
		res = rt_db_query(ctx, "cannot update the version table", sql, 3, params);
		if (!res) {
			free(sql);
			return -1;
		}
		changed = strcmp(PQcmdTuples(res), "1") == 0;
		PQclear(res);
		if (!changed) {
			/* cannot happen under the lock; never claim what did not happen */
			rt_error(ctx, "the version table row of %s changed while "
				    "accept-checksum ran", r->id);
			free(sql);
			return -1;
		}
		rt_out(ctx, "accept-checksum: %s%s%s%s checksum %s -> %s\n",
			  r->id, r->message[0] ? " (" : "", r->message,
			  r->message[0] ? ")" : "", old, r->checksum);
		n++;
	}
	free(sql);
	return n;
}

int rt_cmd_accept_checksum(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	unsigned char *pick;
	uint32_t i;
	long n;
	int rc;

	if (ctx->accept_all && argc > 0)
		return rt_usage_error(ctx, "accept-checksum takes revisions or --all, not both");
	if (!ctx->accept_all && argc == 0)
		return rt_usage_error(ctx, "accept-checksum needs revisions: "
					 "accept-checksum REV... or accept-checksum --all");
	pick = rt_xcalloc(plan->n_revisions, 1);
	if ((rc = pick_named(ctx, argc, argv, pick)) ||
	    (rc = rt_session_begin(ctx, RT_SESSION_WRITE))) {
		free(pick);
		return rc;
	}
	if (ctx->accept_all)
		for (i = 0; i < plan->n_revisions; i++)
			pick[i] = ctx->applied[i] &&
				  !rt_checksum_matches(&plan->revisions[i], ctx->rows[i].checksum);
	if ((rc = refuse_unapplied(ctx, pick))) {
		free(pick);
		return rc;
	}
	if (rt_db_command(ctx, "cannot begin a transaction", "BEGIN", 0, NULL) < 0) {
		free(pick);
		return RT_EXIT_DB;
	}
	n = accept_rows(ctx, pick);
	free(pick);
	if (n < 0) {
		PQclear(PQexec(ctx->conn, "ROLLBACK"));
		rt_errf(ctx, "  nothing was changed\n");
		return RT_EXIT_DB;
	}
	if (rt_db_command(ctx, "cannot commit the version table", "COMMIT", 0, NULL) < 0)
		return RT_EXIT_DB;
	if (n == 0)
		rt_out(ctx, "nothing to accept: %s\n", ctx->accept_all
			  ? "every applied revision records this migrator's checksum"
			  : "the recorded checksums are already this migrator's");
	else
		rt_out(ctx, "accepted %ld checksum%s\n", n, n == 1 ? "" : "s");
	return RT_EXIT_OK;
}
