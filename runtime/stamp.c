/*
 * stamp.c - make the version table say exactly "REV and its ancestors are
 * applied" without running any revision.
 *
 * This is the operator's repair tool, so unlike the other commands it does
 * not refuse a version table that disagrees with the plan: rows for other or
 * unknown revisions are deleted and missing ones inserted with the plan's
 * checksum and zero duration.  All of it commits in one transaction or not
 * at all.  Two things it leaves to the commands made for them, so that each
 * is an explicit decision: a kept row whose checksum differs from the plan's
 * keeps it (stamp says so; accept-checksum records the new one), and a row
 * recorded as interrupted (a no_transaction revision that started and never
 * finished) makes stamp refuse to run (exit 4) until `resolve` has said
 * what that revision did.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_plan.h"

/* A text[] literal of the wanted ids, each double-quoted (caller frees). */
static char *id_array(const struct migrt_plan *plan, const unsigned char *want)
{
	size_t cap = 3, len = 0;
	uint32_t i;
	char *buf;
	const char *p;

	for (i = 0; i < plan->n_revisions; i++)
		if (want[i])
			cap += 2 * strlen(plan->revisions[i].id) + 3;
	buf = rt_xcalloc(cap, 1);
	buf[len++] = '{';
	for (i = 0; i < plan->n_revisions; i++) {
		if (!want[i])
			continue;
		if (len > 1)
			buf[len++] = ',';
		buf[len++] = '"';
		for (p = plan->revisions[i].id; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf[len++] = '\\';
			buf[len++] = *p;
		}
		buf[len++] = '"';
	}
	buf[len++] = '}';
	return buf;
}

static int stamp_rows(struct rt_ctx *ctx, const unsigned char *want)
{
	const struct migrt_plan *plan = ctx->plan;
	const char *vt = plan->version_table;
	char *ids = id_array(plan, want), *sql;
	const char *params[3];
	PGresult *res;
	uint32_t i;
	int k;

	params[0] = ids;
	sql = rt_xprintf("DELETE FROM %s WHERE revision <> ALL ($1::text[]) "
			    "RETURNING revision", vt);
	res = rt_db_query(ctx, "cannot update the version table", sql, 1, params);
	free(sql);
	free(ids);
	if (!res)
		return -1;
	for (k = 0; k < PQntuples(res); k++) {
		long idx = rt_plan_find(plan, PQgetvalue(res, k, 0));

		if (!ctx->quiet)
			rt_out(ctx, "stamp: removed %s\n", PQgetvalue(res, k, 0));
		if (idx >= 0)
			ctx->applied[idx] = 0;
	}
	PQclear(res);

	for (i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *r = &plan->revisions[i];
		int rc;

		if (!want[i])
			continue;
		params[0] = r->id;
		params[1] = r->checksum;
		params[2] = plan->migc_version;
		if (!ctx->applied[i]) {
			sql = rt_xprintf("INSERT INTO %s (revision, checksum, "
					    "applied_at, duration_ms, migc_version) "
					    "VALUES ($1, $2, now(), 0, $3)", vt);
			rc = rt_db_command(ctx, "cannot update the version table",
					      sql, 3, params);
			free(sql);
			if (rc < 0)
				return -1;
			ctx->applied[i] = 1;
			if (!ctx->quiet)
				rt_out(ctx, "stamp: recorded %s\n", r->id);
		} else if (!rt_checksum_matches(r, ctx->rows[i].checksum)) {
			rt_out(ctx, "stamp: kept %s, whose recorded checksum differs from "
				  "this migrator's (see accept-checksum)\n", r->id);
		}
	}
	return 0;
}

/* An interrupted row may stand for a half-built index: neither keeping it
 * as applied nor deleting it is stamp's to decide.  Returns 1 (after naming
 * each such revision) or 0. */
static int refuse_interrupted(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t i;
	int bad = 0;

	for (i = 0; i < plan->n_revisions; i++) {
		if (!ctx->applied[i] || ctx->rows[i].duration_ms != RT_STARTED)
			continue;
		rt_error(ctx, "revision %s was interrupted (it started outside a "
			    "transaction and never finished): stamp does not decide what it did",
			    plan->revisions[i].id);
		rt_errf(ctx, "  inspect the database and run `%s resolve %s applied|pending` "
			   "first; nothing was changed\n", ctx->prog, plan->revisions[i].id);
		bad = 1;
	}
	return bad;
}

int rt_cmd_stamp(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	enum rt_target_kind kind;
	uint32_t idx;
	unsigned char *want;
	char *where;
	int rc;

	if (argc != 1)
		return rt_usage_error(ctx, "stamp needs one argument: REV, head or base");
	if ((rc = rt_plan_resolve_arg(ctx, argv[0], &kind, &idx)))
		return rc;
	if ((rc = rt_session_begin(ctx, RT_SESSION_CREATE)))
		return rc;
	if (refuse_interrupted(ctx))
		return RT_EXIT_INCONSISTENT;
	if (rt_db_command(ctx, "cannot begin a transaction", "BEGIN", 0, NULL) < 0)
		return RT_EXIT_DB;
	want = rt_xcalloc(plan->n_revisions, 1);
	rt_plan_mark_target(plan, kind, idx, want);
	if (stamp_rows(ctx, want) < 0 ||
	    rt_db_command(ctx, "cannot commit the version table", "COMMIT", 0, NULL) < 0) {
		PQclear(PQexec(ctx->conn, "ROLLBACK"));
		free(want);
		return RT_EXIT_DB;
	}
	free(want);
	where = rt_plan_describe(plan, ctx->applied);
	if (!ctx->quiet)
		rt_out(ctx, "database is at %s\n", where);
	free(where);
	return RT_EXIT_OK;
}
