/*
 * report.c - the read-only views: current [--verbose], history [-r A:B],
 * heads, branches, show.
 *
 * heads, branches, show and history --offline read only the plan and never
 * connect.  history -r A:B shows what B needs and A does not, plus A's own
 * tips ("current" as either end is the applied set); an end before its
 * start is a usage error.
 * current and history take the advisory lock like every command that reads
 * the version table (so they never see a half-finished run), create
 * nothing, and end with status 4 after their output when the version table
 * records revisions this migrator does not know, changed checksums, or an
 * interrupted no_transaction revision.  Such a revision (its row says
 * "started" and it never finished) is neither applied nor pending: both
 * views mark it "(interrupted: see resolve)", history with a "[!]" box, and
 * history marks every no_transaction revision "[no transaction]".
 *
 * --format json prints one JSON document instead (docs/migrator.md):
 * current {"revisions": [...]}, history {"revisions": [...]} newest first,
 * heads {"heads": [...]}, show one object; each revision has "id",
 * "parents", "message", "path", "line", "checksum", "head",
 * "no_transaction", and with the database "applied", "interrupted",
 * "applied_at", "duration_ms".
 */
#include <stdlib.h>
#include <string.h>

#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_plan.h"

#define INTERRUPTED_TAG " (interrupted: see resolve)"
#define NO_TRANSACTION_TAG " [no transaction]"

/* A no_transaction revision whose row says it started and never finished. */
static int interrupted(const struct rt_ctx *ctx, uint32_t i)
{
	return ctx->applied && ctx->applied[i] &&
	       ctx->rows[i].duration_ms == RT_STARTED;
}

/* The fields of revision `i` every JSON view shares; the object is left
 * open for the view's own.  `db`: the version table was read. */
static void json_rev(struct rt_ctx *ctx, uint32_t i, int db)
{
	const struct migrt_plan *plan = ctx->plan;
	const struct migrt_revision *r = &plan->revisions[i];
	uint32_t k;

	rt_out(ctx, "{\"id\": ");
	rt_out_json(ctx, r->id);
	rt_out(ctx, ", \"parents\": [");
	for (k = 0; k < r->n_parents; k++) {
		rt_out(ctx, "%s", k ? ", " : "");
		rt_out_json(ctx, plan->revisions[r->parents[k]].id);
	}
	rt_out(ctx, "], \"message\": ");
	rt_out_json(ctx, r->message);
	rt_out(ctx, ", \"path\": ");
	rt_out_json(ctx, r->path);
	rt_out(ctx, ", \"line\": %u, \"checksum\": ", (unsigned)r->line);
	rt_out_json(ctx, r->checksum);
	rt_out(ctx, ", \"head\": %s, \"branchpoint\": %s, \"mergepoint\": %s, "
		  "\"no_transaction\": %s",
		  rt_plan_is_head(plan, i) ? "true" : "false",
		  rt_plan_n_children(plan, i) > 1 ? "true" : "false",
		  r->n_parents > 1 ? "true" : "false",
		  (r->flags & MIGRT_REV_NO_TRANSACTION) ? "true" : "false");
	if (!db)
		return;
	rt_out(ctx, ", \"applied\": %s, \"interrupted\": %s, \"applied_at\": ",
		  ctx->applied[i] && !interrupted(ctx, i) ? "true" : "false",
		  interrupted(ctx, i) ? "true" : "false");
	if (ctx->applied[i]) {
		rt_out_json(ctx, ctx->rows[i].applied_at);
		if (interrupted(ctx, i))
			rt_out(ctx, ", \"duration_ms\": null");
		else
			rt_out(ctx, ", \"duration_ms\": %d", ctx->rows[i].duration_ms);
	} else {
		rt_out(ctx, "null, \"duration_ms\": null");
	}
}

static int no_args(struct rt_ctx *ctx, const char *cmd, int argc)
{
	if (argc == 0)
		return 0;
	return rt_usage_error(ctx, "%s takes no arguments", cmd);
}

int rt_cmd_current(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	unsigned char *heads;
	uint32_t i;
	int rc, any = 0;

	(void)argv;
	if ((rc = no_args(ctx, "current", argc)) || (rc = rt_session_begin(ctx, RT_SESSION_READ)))
		return rc;
	heads = rt_xcalloc(plan->n_revisions, 1);
	rt_plan_set_heads(plan, ctx->applied, heads);
	if (ctx->json)
		rt_out(ctx, "{\"revisions\": [");
	for (i = 0; i < plan->n_revisions; i++) {
		/* an interrupted revision is always listed, head or not */
		if (!heads[i] && !interrupted(ctx, i))
			continue;
		if (ctx->json) {
			rt_out(ctx, "%s", any ? ",\n  " : "\n  ");
			json_rev(ctx, i, 1);
			rt_out(ctx, "}");
			any = 1;
			continue;
		}
		rt_out(ctx, "%s%s%s\n", plan->revisions[i].id,
			  rt_plan_is_head(plan, i) ? " (head)" : "",
			  interrupted(ctx, i) ? INTERRUPTED_TAG : "");
		any = 1;
		if (!ctx->verbose)
			continue;
		rt_out(ctx, "    message: %s\n", plan->revisions[i].message);
		rt_out(ctx, "    path: %s:%u\n", plan->revisions[i].path,
			  (unsigned)plan->revisions[i].line);
		if (interrupted(ctx, i))
			rt_out(ctx, "    interrupted: started outside a transaction and never "
				  "finished (row of %s)\n", ctx->rows[i].applied_at);
		else
			rt_out(ctx, "    applied: %s (%d ms)\n", ctx->rows[i].applied_at,
				  ctx->rows[i].duration_ms);
		rt_out(ctx, "    head: %s\n", rt_plan_is_head(plan, i) ?
			  "yes (a head of the plan)" : "no (later revisions are pending)");
	}
	if (ctx->json)
		rt_out(ctx, "]}\n");
	else if (!any)
		rt_out(ctx, "base\n");
	free(heads);
	return rt_session_check(ctx);
}

/* "a, b" or "<base>" (caller frees). */
static char *parents_text(const struct migrt_plan *plan,
			  const struct migrt_revision *r)
{
	char *out = NULL, *old;
	uint32_t k;

	if (r->n_parents == 0)
		return rt_xstrdup("<base>");
	for (k = 0; k < r->n_parents; k++) {
		old = out;
		out = rt_xprintf("%s%s%s", old ? old : "", old ? ", " : "",
				    plan->revisions[r->parents[k]].id);
		free(old);
	}
	return out;
}

/* One end of `history -r A:B`: "current" (the applied set; needs the
 * connection), an empty end (`dflt`), or a target.  Marks what it stands
 * for into `mark` once ctx->applied is loaded; `*cur` says "current". */
static int range_end(struct rt_ctx *ctx, const char *end, const char *dflt,
		     struct rt_target *t, int *cur)
{
	*cur = strcmp(end, "current") == 0;
	if (*cur && ctx->offline)
		return rt_usage_error(ctx, "-r with current needs the database: "
					 "leave out --offline");
	return *cur ? RT_EXIT_OK : rt_target_parse(ctx, *end ? end : dflt, t, NULL);
}

/* Parses -r A:B (before connecting).  Returns an exit status. */
static int range_parse(struct rt_ctx *ctx, char **a, char **b,
		       struct rt_target *ta, struct rt_target *tb, int *ca, int *cb)
{
	char *colon;
	int rc;

	*a = rt_xstrdup(ctx->rev_range);
	colon = strchr(*a, ':');
	if (!colon || strchr(colon + 1, ':'))
		return rt_usage_error(ctx, "bad range \"%s\": expected A:B, A: or :B",
					 ctx->rev_range);
	*colon = '\0';
	*b = colon + 1;
	if ((rc = range_end(ctx, *a, "base", ta, ca)) ||
	    (rc = range_end(ctx, *b, "head", tb, cb)))
		return rc;
	return RT_EXIT_OK;
}

/* Which revisions `history -r A:B` shows, into `show`: those B needs and
 * A does not, plus A's own tips; B must be A or after it. */
static int range_select(struct rt_ctx *ctx, const char *a, const char *b,
			const struct rt_target *ta, const struct rt_target *tb,
			int ca, int cb, unsigned char *show)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t i, nr = plan->n_revisions;
	unsigned char *ma = rt_xcalloc(nr ? nr : 1, 1);
	unsigned char *mb = rt_xcalloc(nr ? nr : 1, 1);
	int rc = RT_EXIT_OK;

	if (ca)
		memcpy(ma, ctx->applied, nr);
	else
		rt_plan_mark_target(plan, ta->kind, ta->idx, ma);
	if (cb)
		memcpy(mb, ctx->applied, nr);
	else
		rt_plan_mark_target(plan, tb->kind, tb->idx, mb);
	for (i = 0; i < nr; i++)
		if (ma[i] && !mb[i])
			break;
	if (i < nr) {
		rc = rt_usage_error(ctx, "impossible range \"%s:%s\": %s is not %s or a "
				       "descendant of it", a, b, *b ? b : "head", *a ? a : "base");
	} else {
		rt_plan_set_heads(plan, ma, show);
		for (i = 0; i < nr; i++)
			show[i] = show[i] || (mb[i] && !ma[i]);
	}
	free(ma);
	free(mb);
	return rc;
}

int rt_cmd_history(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	struct rt_target ta, tb;
	char *a = NULL, *b = NULL;
	unsigned char *show = NULL;
	uint32_t i;
	int rc, ca = 0, cb = 0;

	(void)argv;
	if ((rc = no_args(ctx, "history", argc)))
		return rc;
	if (ctx->rev_range && (rc = range_parse(ctx, &a, &b, &ta, &tb, &ca, &cb))) {
		free(a);
		return rc;
	}
	if (!ctx->offline && (rc = rt_session_begin(ctx, RT_SESSION_READ))) {
		free(a);
		return rc;
	}
	if (ctx->rev_range) {
		show = rt_xcalloc(plan->n_revisions ? plan->n_revisions : 1, 1);
		rc = range_select(ctx, a, b, &ta, &tb, ca, cb, show);
		free(a);
		if (rc) {
			free(show);
			return rc;
		}
	}
	if (ctx->json) {
		int n = 0;

		rt_out(ctx, "{\"revisions\": [");
		for (i = plan->n_revisions; i-- > 0;) {
			if (show && !show[i])
				continue;
			rt_out(ctx, "%s", n++ ? ",\n  " : "\n  ");
			json_rev(ctx, i, !ctx->offline);
			rt_out(ctx, "}");
		}
		rt_out(ctx, "]}\n");
		free(show);
		return ctx->offline ? RT_EXIT_OK : rt_session_check(ctx);
	}
	for (i = plan->n_revisions; i-- > 0;) {
		const struct migrt_revision *r = &plan->revisions[i];
		char *parents = parents_text(plan, r);
		int applied = !ctx->offline && ctx->applied[i];
		int broken = !ctx->offline && interrupted(ctx, i);

		if (show && !show[i]) {
			free(parents);
			continue;
		}
		rt_out(ctx, "%s%s -> %s%s%s%s%s%s%s%s\n",
			  ctx->offline ? "" : broken ? "[!] " : applied ? "[x] " : "[ ] ",
			  parents, r->id,
			  rt_plan_is_head(plan, i) ? " (head)" : "",
			  rt_plan_n_children(plan, i) > 1 ? " (branchpoint)" : "",
			  r->n_parents > 1 ? " (mergepoint)" : "",
			  (r->flags & MIGRT_REV_NO_TRANSACTION) ? NO_TRANSACTION_TAG : "",
			  broken ? INTERRUPTED_TAG : "",
			  r->message[0] ? ", " : "", r->message);
		free(parents);
		if (!ctx->verbose)
			continue;
		rt_out(ctx, "    path: %s:%u\n", r->path, (unsigned)r->line);
		rt_out(ctx, "    checksum: %s\n", r->checksum);
		if (broken)
			rt_out(ctx, "    interrupted: started outside a transaction and never "
				  "finished (row of %s)\n", ctx->rows[i].applied_at);
		else if (applied)
			rt_out(ctx, "    applied: %s (%d ms)\n",
				  ctx->rows[i].applied_at, ctx->rows[i].duration_ms);
	}
	free(show);
	return ctx->offline ? RT_EXIT_OK : rt_session_check(ctx);
}

int rt_cmd_heads(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t i;
	int rc;

	(void)argv;
	if ((rc = no_args(ctx, "heads", argc)))
		return rc;
	if (ctx->json) {
		rt_out(ctx, "{\"heads\": [");
		for (i = 0; i < plan->n_heads; i++) {
			rt_out(ctx, "%s", i ? ",\n  " : "\n  ");
			json_rev(ctx, plan->heads[i], 0);
			rt_out(ctx, "}");
		}
		rt_out(ctx, "]}\n");
		return RT_EXIT_OK;
	}
	/* the same line as `migc heads` */
	for (i = 0; i < plan->n_heads; i++)
		rt_out(ctx, "%s (head), %s\n", plan->revisions[plan->heads[i]].id,
			  plan->revisions[plan->heads[i]].message);
	return RT_EXIT_OK;
}

int rt_cmd_branches(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t i, c, k;
	int rc;

	(void)argv;
	if ((rc = no_args(ctx, "branches", argc)))
		return rc;
	for (i = plan->n_revisions; i-- > 0;) {
		const struct migrt_revision *r = &plan->revisions[i];

		if (rt_plan_n_children(plan, i) < 2)
			continue;
		rt_out(ctx, "%s (branchpoint)%s%s\n", r->id, r->message[0] ? ", " : "",
			  r->message);
		for (c = i + 1; c < plan->n_revisions; c++) {
			const struct migrt_revision *child = &plan->revisions[c];

			for (k = 0; k < child->n_parents && child->parents[k] != i; k++)
				;
			if (k < child->n_parents)
				rt_out(ctx, "    -> %s%s%s%s\n", child->id,
					  rt_plan_is_head(plan, c) ? " (head)" : "",
					  child->message[0] ? ", " : "", child->message);
		}
	}
	return RT_EXIT_OK;
}

/* "none" or the revision's flags, comma separated, into buf. */
static const char *flags_text(uint32_t flags, char *buf, size_t size)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ MIGRT_REV_DOWNGRADE_DERIVED, "downgrade-derived" },
		{ MIGRT_REV_INEXACT_DOWNGRADE, "inexact-downgrade" },
		{ MIGRT_REV_NO_TRANSACTION, "no-transaction" },
	};
	size_t k;

	buf[0] = '\0';
	for (k = 0; k < sizeof names / sizeof names[0]; k++) {
		if (!(flags & names[k].bit))
			continue;
		if (buf[0])
			strncat(buf, ", ", size - strlen(buf) - 1);
		strncat(buf, names[k].name, size - strlen(buf) - 1);
	}
	return buf[0] ? buf : "none";
}

static void show_stmts(struct rt_ctx *ctx, const char *what,
		       const struct migrt_revision *r,
		       const struct migrt_stmt *s, uint32_t n)
{
	uint32_t i;

	rt_out(ctx, "\n%s (%u statement%s):\n", what, (unsigned)n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		rt_out(ctx, "-- %s:%u\n%s;\n", r->path, (unsigned)s[i].line, s[i].sql);
}

static void json_stmts(struct rt_ctx *ctx, const struct migrt_stmt *s, uint32_t n)
{
	uint32_t i;

	rt_out(ctx, "[");
	for (i = 0; i < n; i++) {
		rt_out(ctx, "%s{\"line\": %u, \"sql\": ", i ? ", " : "", (unsigned)s[i].line);
		rt_out_json(ctx, s[i].sql);
		rt_out(ctx, "}");
	}
	rt_out(ctx, "]");
}

int rt_cmd_show(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	const struct migrt_revision *r;
	enum rt_target_kind kind;
	uint32_t idx = 0;
	char *parents, flags[80];
	int rc;

	if (argc != 1)
		return rt_usage_error(ctx, "show needs one revision");
	if ((rc = rt_plan_resolve_arg(ctx, argv[0], &kind, &idx)))
		return rc;
	if (kind == RT_TARGET_BASE)
		return rt_usage_error(ctx, "base is not a revision");
	if (kind == RT_TARGET_HEAD) {
		if (plan->n_heads != 1)
			return rt_usage_error(ctx, "head is not one revision here: "
						 "name one of the heads");
		idx = plan->heads[0];
	}
	r = &plan->revisions[idx];
	if (ctx->json) {
		json_rev(ctx, idx, 0);
		rt_out(ctx, ", \"downgrade_derived\": %s, \"inexact_downgrade\": %s, \"upgrade\": ",
			  (r->flags & MIGRT_REV_DOWNGRADE_DERIVED) ? "true" : "false",
			  (r->flags & MIGRT_REV_INEXACT_DOWNGRADE) ? "true" : "false");
		json_stmts(ctx, r->upgrade, r->n_upgrade);
		rt_out(ctx, ", \"downgrade\": ");
		json_stmts(ctx, r->downgrade, r->n_downgrade);
		rt_out(ctx, "}\n");
		return RT_EXIT_OK;
	}
	parents = parents_text(plan, r);
	rt_out(ctx, "revision  %s%s\n", r->id,
		  rt_plan_is_head(plan, idx) ? " (head)" : "");
	rt_out(ctx, "parents   %s\n", parents);
	rt_out(ctx, "message   %s\n", r->message);
	rt_out(ctx, "source    %s:%u\n", r->path, (unsigned)r->line);
	rt_out(ctx, "checksum  %s\n", r->checksum);
	rt_out(ctx, "flags     %s\n", flags_text(r->flags, flags, sizeof flags));
	free(parents);
	show_stmts(ctx, "upgrade", r, r->upgrade, r->n_upgrade);
	show_stmts(ctx, "downgrade", r, r->downgrade, r->n_downgrade);
	return RT_EXIT_OK;
}
