/*
 * revline.c - the lines a run prints for each revision: "upgrade ID: msg
 * ..." when it starts, its result once it has committed (text, or one
 * JSON object with --format json), each flushed at once so that a CI log
 * or a killed run keeps them.  Called by apply.c and, for a revision whose
 * COMMIT went with the next one's pipeline, by txn.c; it calls neither.
 */
#include <stdio.h>

#include "rt.h"
#include "rt_run.h"

static const char *msg_sep(const struct migrt_revision *r)
{
	return r->message[0] ? ": " : "";
}

void rt_rev_start(struct rt_ctx *ctx, uint32_t idx, int up)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];

	if (!ctx->quiet && !ctx->json) {
		rt_out(ctx, "%s %s%s%s ...\n", up ? "upgrade" : "downgrade", r->id,
			  msg_sep(r), r->message);
		fflush(stdout);
	}
}

void rt_rev_done(struct rt_ctx *ctx, uint32_t idx, int up, int ms)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];

	if (ctx->json) {
		rt_out(ctx, "{\"kind\": \"revision\", \"direction\": \"%s\", \"id\": ",
			  up ? "upgrade" : "downgrade");
		rt_out_json(ctx, r->id);
		rt_out(ctx, ", \"message\": ");
		rt_out_json(ctx, r->message);
		rt_out(ctx, ", \"ms\": %d, \"no_transaction\": %s}\n", ms,
			  (r->flags & MIGRT_REV_NO_TRANSACTION) ? "true" : "false");
		fflush(stdout);
	} else if (!ctx->quiet) {
		rt_out(ctx, "%s %s%s%s (%d ms%s)\n", up ? "upgrade" : "downgrade",
			  r->id, msg_sep(r), r->message, ms,
			  (r->flags & MIGRT_REV_NO_TRANSACTION) ? ", no transaction" : "");
		fflush(stdout);
	}
}

