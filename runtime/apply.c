/*
 * apply.c - upgrade and downgrade: running revisions against the database.
 *
 * What a target means is targets.c's: `upgrade` never goes back (a target
 * behind the database is a usage error), `downgrade REV` undoes only REV's
 * applied descendants (a target that is not applied is a usage error),
 * and +N/-N walk one unambiguous step at a time; all of it is decided
 * before the first revision runs.  With --sql both print `sql`'s script.
 *
 * Guarantees: each revision runs in its own transaction together with its
 * version-table row (INSERT on upgrade, DELETE on downgrade), so it either
 * applies completely and is recorded or leaves no trace; txn.c sends each
 * such transaction in one round trip, its COMMIT at the head of the next
 * revision's (all but the last of a run, or one before a no_transaction
 * revision).  The first failure rolls back that
 * revision, stops the run, and reports the revision, the statement's
 * file:line, the statement and the server's error; revisions that
 * committed earlier in the run stay applied.  All of it happens under the
 * advisory lock taken by session.c.
 *
 * Durability: every transaction of a run but the last commits without
 * waiting for the disk (synchronous_commit = off); the last one commits
 * synchronously, which flushes all of them, before "database is at" is
 * printed and the run exits 0.  A crash of the server in between loses at
 * most the last few commits, each whole with its version-table row: the
 * database is left at an earlier revision, consistently.  A failure
 * flushes what the run committed before it is reported.  The transaction
 * before a no_transaction revision also commits synchronously, so that an
 * interrupted no_transaction revision is never recorded over lost earlier
 * commits.  --sync-each makes every commit synchronous.
 *
 * --format json prints JSON lines instead of the progress lines: one
 * object per revision applied ({"kind": "revision", ...}) as it commits,
 * then one {"kind": "summary", ...} (docs/migrator.md); errors stay text
 * on stderr.  -q prints nothing on success.
 *
 * A revision whose statement failed on lock_timeout (SQLSTATE 55P03) is
 * rolled back and tried again, up to --retries more times (default
 * RT_DEFAULT_RETRIES, with the default lock_timeout of cli.c), waiting
 * 1, 2, 4... (at most 30) seconds in between, so a migration stuck behind a
 * long transaction gives way to production traffic instead of queueing it
 * behind its own lock.  Revisions marked no_transaction run in nontx.c
 * instead and are never retried; the default lock_timeout is lifted for
 * them (a concurrent index build waits for every older transaction).
 *
 * Output: each revision prints "upgrade X: message ..." when it starts and
 * "upgrade X: message (N ms)" when its COMMIT was confirmed (for a COMMIT
 * held for the next revision's pipeline, txn.c prints it when that result
 * arrives, and the next start line after it); stdout is flushed at
 * each line, so a log shows what runs while it runs and loses nothing when
 * the migrator is killed.  SIGINT/SIGTERM (intr.c) stop the run: the
 * revision in progress is cancelled and rolled back, no later one starts,
 * and the run ends with "interrupted: revision X rolled back, database is
 * at Y" and RT_EXIT_INTERRUPTED.  SIGUSR1 (intr.c; what `fleet --on-error
 * stop` sends) cancels nothing: the revision in progress finishes and
 * commits (a held COMMIT is sent alone), no later one starts, and the run
 * ends with "stopped on request before revision X, database is at Y" and
 * RT_EXIT_STOPPED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_plan.h"
#include "rt_run.h"

/* Sleeps `s` seconds unless a signal stops the run first. */
static void sleep_seconds(unsigned s)
{
	struct timespec ts = { (time_t)s, 0 };

	while (nanosleep(&ts, &ts) != 0 && !rt_intr_pending())
		;
}

/* Sets the session's lock_timeout (nontx revisions run without the
 * default one).  Returns an exit status. */
static int set_lock_timeout(struct rt_ctx *ctx, const char *value)
{
	const char *params[1] = { value };

	return rt_db_command(ctx, "cannot set lock_timeout",
				"SELECT set_config('lock_timeout', $1, false)", 1,
				params) < 0 ? RT_EXIT_DB : RT_EXIT_OK;
}

/* Runs revision `idx` up or down, retrying after lock_timeout as --retries
 * allows; its lines are printed as it starts and once it has committed.
 * `sync`: a transactional revision commits with a flush.  `defer`: its
 * COMMIT is held for the next revision's pipeline (txn.c); a commit
 * already `held` goes first, and the start line waits for its result.
 * *stopped: the revision a failure or interrupt concerns. */
static int run_revision(struct rt_ctx *ctx, uint32_t idx, int up, int sync,
			int defer, struct rt_txn_held *held, uint32_t *stopped)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];
	int rc, ms = 0, attempt = 0;
	unsigned delay = 1;

	*stopped = idx;
	if (!held->on)
		rt_rev_start(ctx, idx, up);
	if (r->flags & MIGRT_REV_NO_TRANSACTION) {
		int lifted = ctx->default_lock_timeout;

		if (lifted && (rc = set_lock_timeout(ctx, "0")) != RT_EXIT_OK)
			return rc;
		rt_intr_arm(1);
		rc = rt_nontx_run(ctx, idx, up, &ms);
		rt_intr_arm(0);
		if (lifted && rc == RT_EXIT_OK)
			rc = set_lock_timeout(ctx, ctx->lock_timeout);
		if (rc == RT_EXIT_OK)
			rt_rev_done(ctx, idx, up, ms);
	} else {
		/* a retry comes after the held commit was confirmed: a failed
		 * or unanswered one is never retried (txn.c) */
		while ((rc = rt_txn_run(ctx, held, idx, up, sync, defer,
					   attempt < ctx->retries, stopped)) == RT_TXN_RETRY) {
			attempt++;
			rt_errf(ctx, "%s: retry %d of %d in %u s\n", ctx->prog,
				   attempt, ctx->retries, delay);
			sleep_seconds(delay);
			delay = delay * 2 > 30 ? 30 : delay * 2;
			if (rt_intr_pending()) {
				rc = RT_EXIT_INTERRUPTED;
				break;
			}
		}
	}
	return rc;
}

/* The last JSON line of upgrade and downgrade. */
static void json_summary(struct rt_ctx *ctx, int up, int rc, uint32_t n_run,
			 const char *was, const char *where)
{
	rt_out(ctx, "{\"kind\": \"summary\", \"direction\": \"%s\", \"ok\": %s, "
		  "\"status\": %d, \"revisions\": %u, \"database_was\": ",
		  up ? "upgrade" : "downgrade", rc == RT_EXIT_OK ? "true" : "false", rc,
		  (unsigned)n_run);
	rt_out_json(ctx, was);
	rt_out(ctx, ", \"database_at\": ");
	rt_out_json(ctx, where);
	rt_out(ctx, "}\n");
}

static int is_nontx(const struct rt_ctx *ctx, uint32_t idx)
{
	return (ctx->plan->revisions[idx].flags & MIGRT_REV_NO_TRANSACTION) != 0;
}

/* Says that the run's last commits may not have reached the disk; `durable`
 * marks what was applied at the last confirmed flush. */
static void report_unflushed(struct rt_ctx *ctx, const unsigned char *durable)
{
	char *at = rt_plan_describe(ctx->plan, durable);

	rt_error(ctx, "the connection was lost before the last commits of this run "
		    "were confirmed on disk");
	rt_errf(ctx, "  if the server crashed, the database may be at an earlier revision "
		   "than below, but not earlier than %s; `%s current` tells\n", at, ctx->prog);
	free(at);
}

/* Runs the listed revisions in order; prints where the database ends up.
 * Only a synchronous commit or a flush ends a stretch of unflushed
 * ("dirty") commits; the run does not report success or failure while one
 * is open. */
static int run_list(struct rt_ctx *ctx, const uint32_t *list, uint32_t n,
		    int up)
{
	uint32_t i, nr = ctx->plan->n_revisions;
	unsigned char *durable = rt_xcalloc(nr ? nr : 1, 1);
	char *where, *was = ctx->json ? rt_nontx_where(ctx) : NULL;
	int rc = RT_EXIT_OK, dirty = 0, sync, defer, lost = 0;
	int stopped = -1;	/* the revision the run stopped in */
	uint32_t at, held_idx = 0;
	struct rt_txn_held held = { 0, 0, 0, 0 };

	memcpy(durable, ctx->applied, nr);
	rt_intr_install(ctx);
	for (i = 0; i < n && rc == RT_EXIT_OK; i++) {
		if (rt_intr_stop_pending() && !rt_intr_pending()) {
			/* finish the revision that ran (its COMMIT may be held),
			 * then stop */
			rc = rt_txn_commit_held(ctx, &held);
			if (rc != RT_EXIT_OK) {
				stopped = (int)held_idx;
				break;
			}
			rc = RT_EXIT_STOPPED;
			stopped = (int)list[i];
			break;
		}
		if (rt_intr_pending()) {
			/* never commit after a signal: the held revision rolls back */
			if (held.on) {
				stopped = (int)held.idx;
				rt_txn_drop(ctx, &held);
			}
			rc = RT_EXIT_INTERRUPTED;
			break;
		}
		if (is_nontx(ctx, list[i]) && dirty) {
			if (rt_txn_flush(ctx) < 0) {
				lost = 1;
				rc = RT_EXIT_DB;
				break;
			}
			dirty = 0;
			memcpy(durable, ctx->applied, nr);
		}
		sync = ctx->sync_each || i + 1 == n || is_nontx(ctx, list[i + 1]);
		/* only a transactional revision followed by another one in this
		 * run defers its COMMIT: every other commit is sent alone */
		defer = !is_nontx(ctx, list[i]) && i + 1 < n && !is_nontx(ctx, list[i + 1]);
		rc = run_revision(ctx, list[i], up, sync, defer, &held, &at);
		held_idx = list[i];
		if (rc != RT_EXIT_OK) {
			stopped = (int)at;
			break;
		}
		if (sync && !is_nontx(ctx, list[i])) {
			dirty = 0;
			memcpy(durable, ctx->applied, nr);
		} else {
			dirty = 1;
		}
	}
	if (held.on) {
		/* not reached (the last revision commits alone); never leave a
		 * transaction open */
		rt_txn_drop(ctx, &held);
	}
	if (dirty && !lost) {
		if (rt_txn_flush(ctx) < 0) {
			lost = 1;
			if (rc == RT_EXIT_OK)
				rc = RT_EXIT_DB;
		}
	}
	if (lost)
		report_unflushed(ctx, durable);
	where = rt_nontx_where(ctx);
	if (rt_intr_pending() && stopped >= 0 && is_nontx(ctx, (uint32_t)stopped) &&
	    rc == RT_EXIT_FAILED) {
		rt_errf(ctx, "%s: interrupted: revision %s stopped outside a transaction "
			   "(see resolve), database is at %s\n", ctx->prog,
			   ctx->plan->revisions[stopped].id, where);
		rc = RT_EXIT_INTERRUPTED;
	} else if (rc == RT_EXIT_INTERRUPTED && stopped >= 0) {
		rt_errf(ctx, "%s: interrupted: revision %s rolled back, database is at %s\n",
			   ctx->prog, ctx->plan->revisions[stopped].id, where);
	} else if (rc == RT_EXIT_INTERRUPTED) {
		rt_errf(ctx, "%s: interrupted: database is at %s\n", ctx->prog, where);
	} else if (rc == RT_EXIT_STOPPED) {
		rt_errf(ctx, "%s: stopped on request before revision %s, database is at %s\n",
			   ctx->prog, ctx->plan->revisions[stopped].id, where);
	} else if (rc == RT_EXIT_OK) {
		if (!ctx->quiet && !ctx->json)
			rt_out(ctx, "database is at %s\n", where);
	} else {
		rt_errf(ctx, "database is at %s\n", where);
	}
	if (ctx->json)
		json_summary(ctx, up, rc, i, was, where);
	fflush(stdout);
	rt_intr_remove();
	free(was);
	free(where);
	free(durable);
	return rc;
}

static int all_applied(const struct rt_ctx *ctx)
{
	uint32_t i;

	for (i = 0; i < ctx->plan->n_revisions; i++)
		if (!ctx->applied[i])
			return 0;
	return 1;
}

static void nothing_to_do(struct rt_ctx *ctx, const char *verb)
{
	char *where;
	int head = ctx->plan->n_revisions && all_applied(ctx);

	where = head ? rt_plan_heads_text(ctx->plan) : rt_plan_describe(ctx->plan, ctx->applied);
	if (ctx->json)
		json_summary(ctx, verb[0] == 'u', RT_EXIT_OK, 0, where, where);
	else if (!ctx->quiet)
		rt_out(ctx, "nothing to %s: database is at %s%s\n", verb,
			  head ? "head " : "", where);
	free(where);
}

/* `upgrade ARG --sql` / `downgrade ARG --sql`: the sql command's script. */
static int print_sql(struct rt_ctx *ctx, const char *verb, int argc, char **argv)
{
	char *args[2] = { (char *)verb, argc > 0 ? argv[0] : NULL };

	if (argc > 1)
		return rt_usage_error(ctx, "%s takes at most one argument", verb);
	return rt_cmd_sql(ctx, argc + 1, args);
}

/* `upgrade ARG`: the revisions to run, in order, into list (n_revisions
 * entries), after connecting and loading the database's state. */
static int select_up(struct rt_ctx *ctx, int argc, char **argv, uint32_t *list,
		     uint32_t *n)
{
	const struct migrt_plan *plan = ctx->plan;
	const char *arg = argc > 0 ? argv[0] : "head";
	struct rt_target t = { RT_TARGET_HEAD, 0, 0 };
	uint32_t step = 0, i;
	unsigned char *want;
	int rc;

	if (argc > 1)
		return rt_usage_error(ctx, "upgrade takes at most one argument");
	if (strchr(arg, ':'))
		return rt_usage_error(ctx, "a range FROM:TO only prints SQL: "
					 "`upgrade %s --sql`", arg);
	if (arg[0] == '+') {
		if (rt_parse_step(arg, '+', &step) < 0)
			return rt_usage_error(ctx, "bad step \"%s\": expected +N with N >= 1", arg);
	} else if (arg[0] == '-') {
		return rt_usage_error(ctx, "upgrade goes forward: use downgrade %s", arg);
	} else if ((rc = rt_target_parse(ctx, arg, &t, NULL))) {
		return rc;
	}
	if ((rc = rt_session_begin(ctx, ctx->no_lock ? RT_SESSION_READ : RT_SESSION_CREATE)) ||
	    (rc = rt_session_check(ctx)))
		return rc;

	want = rt_xcalloc(plan->n_revisions ? plan->n_revisions : 1, 1);
	if (step) {
		rc = rt_walk_up(ctx, arg, step, list, n);
	} else if (!(rc = rt_target_check_up(ctx, arg, &t))) {
		rt_plan_mark_target(plan, t.kind, t.idx, want);
		for (i = 0; i < plan->n_revisions; i++)
			if (want[i] && !ctx->applied[i])
				list[(*n)++] = i;
	}
	free(want);
	return rc;
}

/* `downgrade ARG`: the revisions to undo, in order (see select_up). */
static int select_down(struct rt_ctx *ctx, int argc, char **argv, uint32_t *list,
		       uint32_t *n)
{
	const struct migrt_plan *plan = ctx->plan;
	struct rt_target t = { RT_TARGET_BASE, 0, 0 };
	uint32_t step = 0, i;
	unsigned char *undo;
	int rc;

	if (argc == 0)
		return rt_usage_error(ctx, "downgrade needs a target: REV, -N or base");
	if (argc > 1)
		return rt_usage_error(ctx, "downgrade takes one argument");
	if (strchr(argv[0], ':'))
		return rt_usage_error(ctx, "a range FROM:TO only prints SQL: "
					 "`downgrade %s --sql`", argv[0]);
	undo = rt_xcalloc(plan->n_revisions ? plan->n_revisions : 1, 1);
	if (argv[0][0] == '-') {
		if (rt_parse_step(argv[0], '-', &step) < 0)
			rc = rt_usage_error(ctx, "bad step \"%s\": expected -N with N >= 1",
					       argv[0]);
		else
			rc = RT_EXIT_OK;
	} else if (argv[0][0] == '+') {
		rc = rt_usage_error(ctx, "downgrade goes back: use upgrade %s", argv[0]);
	} else {
		rc = rt_target_parse(ctx, argv[0], &t, undo);
	}
	if (rc || (rc = rt_session_begin(ctx, RT_SESSION_WRITE)) || (rc = rt_session_check(ctx))) {
		free(undo);
		return rc;
	}
	if (step) {
		rc = rt_walk_down(ctx, argv[0], step, list, n);
	} else if (!(rc = rt_target_undo_set(ctx, argv[0], &t, undo))) {
		for (i = plan->n_revisions; i-- > 0;)
			if (undo[i])
				list[(*n)++] = i;
	}
	free(undo);
	return rc;
}

int rt_select_run(struct rt_ctx *ctx, int up, int argc, char **argv,
		  uint32_t **list, uint32_t *n)
{
	uint32_t nr = ctx->plan->n_revisions;
	int rc;

	*n = 0;
	*list = rt_xcalloc(nr ? nr : 1, sizeof **list);
	rc = up ? select_up(ctx, argc, argv, *list, n)
		: select_down(ctx, argc, argv, *list, n);
	if (rc != RT_EXIT_OK) {
		free(*list);
		*list = NULL;
		*n = 0;
	}
	return rc;
}

/* upgrade and downgrade, after --sql was ruled out. */
static int run_command(struct rt_ctx *ctx, int up, int argc, char **argv)
{
	uint32_t *list, n;
	int rc;

	if ((rc = rt_select_run(ctx, up, argc, argv, &list, &n)))
		return rc;
	if (n == 0)
		nothing_to_do(ctx, up ? "upgrade" : "downgrade");
	else
		rc = run_list(ctx, list, n, up);
	free(list);
	return rc;
}

int rt_cmd_upgrade(struct rt_ctx *ctx, int argc, char **argv)
{
	if (ctx->sql)
		return print_sql(ctx, "upgrade", argc, argv);
	return run_command(ctx, 1, argc, argv);
}

int rt_cmd_downgrade(struct rt_ctx *ctx, int argc, char **argv)
{
	if (argc == 0)
		return rt_usage_error(ctx, "downgrade needs a target: REV, -N or base");
	if (ctx->sql)
		return print_sql(ctx, "downgrade", argc, argv);
	return run_command(ctx, 0, argc, argv);
}
