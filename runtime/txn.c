/*
 * txn.c - one transactional revision per round trip, and the flush.
 *
 * A revision's BEGIN, the setting of synchronous_commit for its commit, its
 * statements and its version-table statement (INSERT on upgrade, DELETE on
 * downgrade) are queued in libpq's pipeline mode and sent with one Sync.
 * Its COMMIT is sent only once every one of their results has arrived and
 * no SIGINT/SIGTERM has (intr.c), so the server can never commit a revision
 * whose migrator is gone: a COMMIT queued behind the statements would sit
 * in the backend's input buffer and run once a blocking lock frees,
 * seconds after the migrator was killed (docs/migrator.md, "Interrupts").
 *
 * That COMMIT is deferred ("held", struct rt_txn_held) when the caller
 * says another transactional revision follows: it goes first in that
 * revision's pipeline, before its BEGIN.  The server commits the held
 * revision - whose statements have all run, so nothing can block it but
 * its own deferred checks - and then runs the next one; a run costs one
 * round trip per revision, plus one for the last COMMIT, which is sent
 * alone (so is every COMMIT that apply.c does not defer: before a
 * no_transaction revision and the run's last).  A held revision counts as
 * applied - ctx->applied, its result line (rt_rev_done), then the next
 * revision's start line - only once its COMMIT's result arrived OK, the
 * first result of the next pipeline.  If that COMMIT fails (a deferred
 * constraint), the failure is the held revision's: the server answers the
 * rest of the pipeline "aborted", the next revision never ran, and the
 * report names the held one.  If a signal is pending before the next
 * pipeline would be sent, the held revision is rolled back instead
 * (rt_txn_drop, or here when it arrives between apply.c's check and the
 * send); once the pipeline is sent, the held COMMIT is in it and commits,
 * and the signal cancels the next revision.  A stop request (SIGUSR1,
 * intr.c) is no signal here: apply.c sends the held COMMIT alone
 * (rt_txn_commit_held) and starts no further revision.
 *
 * The server answers each queued statement in order, and after the first
 * failure answers every later one "aborted" until the Sync: the position
 * of the first failed result is the failing statement, which the report
 * names by file:line as before.  A failure leaves the transaction
 * aborted, and a ROLLBACK follows.
 *
 * While the statements run, a signal sends a cancel request (intr.c): the
 * running statement fails with 57014, the revision rolls back, and
 * rt_txn_run() returns RT_EXIT_INTERRUPTED without printing; a
 * cancel that arrived between two statements and was ignored by the server
 * changes nothing, since COMMIT is neither sent nor held after a signal.
 *
 * libpq cannot pipeline a statement holding several commands or a COPY.  A
 * statement that might be one - any ';' outside its quoted text and
 * comments (an `execute` body may hold several commands), or one starting
 * with COPY or a comment - runs
 * alone with the simple protocol, as before: what was queued ahead of it is
 * synced first, and the rest of the revision follows in a new pipeline
 * (a held COMMIT is never pipelined with it: it goes with the BEGIN).
 * Such a revision costs one more round trip per such statement; a false
 * alarm costs only that.
 *
 * Pre-flight checks (migrt.h, ABI 5): on upgrade, unless --no-preflight,
 * each of the revision's checks is queued right before the statement its
 * preflight_before names, in the same pipeline: no round trip is added,
 * and a revision without checks queues exactly what it did before.  A
 * check that fails is reported by report_preflight(): the server's message
 * (counts) and DETAIL (sample keys), not the check's text.
 *
 * Durability: an "async" transaction commits with synchronous_commit = off
 * (SET LOCAL, so it ends with the transaction): PostgreSQL writes its
 * commit record but does not wait for the disk.  It is still atomic with
 * its version-table row, and the WAL is replayed in order after a crash,
 * so a crash loses only a suffix of such commits and leaves the database
 * at an earlier revision, consistently.  A "sync" transaction commits with
 * the session's synchronous_commit, or "on" if the session's is "off"; its
 * flush covers every earlier commit, because the WAL is flushed in order.
 * rt_txn_flush() is that flush without a revision: a synchronous commit
 * of a transaction that inserts and deletes a version-table row (a commit
 * that wrote no WAL would not wait for the disk).  It runs no user
 * statement and is sent as one pipeline, COMMIT included.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_db.h"
#include "rt_run.h"
#include "sqltext.h"

/* SQLSTATE query_canceled: what a cancel request raises. */
#define SQLSTATE_CANCELED "57014"

/* Sets synchronous_commit for the current transaction only. */
#define SQL_ASYNC "SET LOCAL synchronous_commit = off"
#define SQL_SYNC "SELECT set_config('synchronous_commit', 'on', true) " \
		 "WHERE current_setting('synchronous_commit') = 'off'"

/* The version-table row rt_txn_flush() writes and deletes again. */
#define FLUSH_ROW "migc: flush"

/* One queued statement of a revision's transaction. */
struct item {
	const char *sql;	/* borrowed */
	int nparams;
	const char *const *params;	/* borrowed; NULL when nparams is 0 */
	uint32_t line;		/* reported as "at path:line" */
	int kind;		/* ITEM_* */
};

enum {
	ITEM_PLAIN,
	ITEM_MS,	/* the version-table statement: returns duration_ms */
	ITEM_HELD,	/* the previous revision's deferred COMMIT */
	ITEM_PREFLIGHT,	/* a pre-flight data check (migrt.h, ABI 5) */
};

/* 1 when `sql` cannot go into a pipeline (see the header comment).  The
 * text is read as common/sqltext.c's tokens, so a ';' inside a string, a
 * quoted name, a dollar-quoted body or a comment is no statement break. */
static int runs_alone(const char *sql)
{
	size_t len = strlen(sql), i = 0;
	enum sqlt_kind k;
	size_t e;

	for (;;) {
		if (i == len)
			return 0;
		e = sqlt_token(sql, len, i, &k);
		if (k != SQLT_SPACE)
			break;
		i = e;
	}
	if (k == SQLT_LINE_COMMENT || k == SQLT_BLOCK_COMMENT)
		return 1;
	if (k == SQLT_WORD && e - i == 4 && strncasecmp(sql + i, "copy", 4) == 0)
		return 1;
	for (; i < len; i = e) {
		e = sqlt_token(sql, len, i, &k);
		if (k == SQLT_PUNCT && sql[i] == ';')
			return 1;
	}
	return 0;
}

static int result_ok(const PGresult *res)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

static void take_ms(const struct item *it, const PGresult *res, int *ms)
{
	if (it->kind == ITEM_MS && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
		*ms = atoi(PQgetvalue(res, 0, 0));
}

/* Runs one item with the simple protocol (PQexec), as the migrator did
 * before pipelining.  Returns NULL on success, else the failed result
 * (caller clears; a COPY is ended and reported as failed). */
static PGresult *run_alone(struct rt_ctx *ctx, const struct item *it, int *ms)
{
	PGresult *res;
	ExecStatusType st;

	if (it->nparams)
		res = PQexecParams(ctx->conn, it->sql, it->nparams, NULL, it->params,
				   NULL, NULL, 0);
	else
		res = PQexec(ctx->conn, it->sql);
	st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
		/* COPY through stdin/stdout has no data here: end it as an error */
		rt_db_end_copy(ctx, res);
		return res;
	}
	if (result_ok(res)) {
		take_ms(it, res, ms);
		PQclear(res);
		return NULL;
	}
	return res;
}

/* The held revision's COMMIT succeeded: it is applied; print its line,
 * then the start line of `next`, whose statements follow it. */
static void confirm_held(struct rt_ctx *ctx, struct rt_txn_held *held,
			 uint32_t next)
{
	ctx->applied[held->idx] = held->up ? 1 : 0;
	rt_rev_done(ctx, held->idx, held->up, held->ms);
	held->on = 0;
	rt_rev_start(ctx, next, held->up);
}

/* Sends items [from, to) as one pipeline and reads their results; an
 * ITEM_HELD item's success is confirmed (confirm_held, `next`) as soon as
 * its result arrives.  Returns NULL when all succeeded; else the first
 * failed result (caller clears; NULL result cases get an empty error
 * result) and sets *bad to its item's index. */
static PGresult *run_batch(struct rt_ctx *ctx, const struct item *items,
			   uint32_t from, uint32_t to, uint32_t *bad, int *ms,
			   struct rt_txn_held *held, uint32_t next)
{
	PGconn *conn = ctx->conn;
	PGresult *failed = NULL, *res;
	uint32_t i, got = from;
	int nulls = 0, synced = 0;

	if (!PQenterPipelineMode(conn)) {
		*bad = from;
		return PQmakeEmptyPGresult(conn, PGRES_FATAL_ERROR);
	}
	for (i = from; i < to; i++)
		if (!PQsendQueryParams(conn, items[i].sql, items[i].nparams, NULL,
				       items[i].params, NULL, NULL, 0))
			break;
	if (i < to) {
		/* item i could not be queued: sync what was, report item i */
		*bad = i;
		failed = PQmakeEmptyPGresult(conn, PGRES_FATAL_ERROR);
		to = i;
	}
	if (!PQpipelineSync(conn)) {
		/* nothing can be sent (the connection is gone), so nothing will
		 * come back: do not wait for results */
		if (!failed) {
			*bad = from;
			failed = PQmakeEmptyPGresult(conn, PGRES_FATAL_ERROR);
		}
		synced = 1;
		got = to;
	}
	/* Each query's result is followed by one NULL; the Sync's result ends
	 * the pipeline.  Two NULLs in a row mean nothing more will come (the
	 * connection was lost). */
	while (!synced && nulls < 2) {
		res = PQgetResult(conn);
		if (!res) {
			nulls++;
			if (PQstatus(conn) == CONNECTION_BAD)
				nulls = 2;
			continue;
		}
		nulls = 0;
		switch (PQresultStatus(res)) {
		case PGRES_PIPELINE_SYNC:
			synced = 1;
			break;
		case PGRES_PIPELINE_ABORTED:
			got++;
			break;
		default:
			if (!failed && got < to && !result_ok(res)) {
				*bad = got;
				failed = res;
				res = NULL;
			} else if (got < to) {
				take_ms(&items[got], res, ms);
				if (items[got].kind == ITEM_HELD && !failed && held && held->on)
					confirm_held(ctx, held, next);
			}
			got++;
			break;
		}
		PQclear(res);
	}
	if (!PQexitPipelineMode(conn) && PQstatus(conn) == CONNECTION_BAD) {
		/* results left over from a lost connection: drop them */
		while ((res = PQgetResult(conn)))
			PQclear(res);
		PQexitPipelineMode(conn);
	}
	if (!failed && got < to) {
		/* the results stopped short: the connection was lost */
		*bad = got;
		failed = PQmakeEmptyPGresult(conn, PGRES_FATAL_ERROR);
	}
	return failed;
}

static int has_state(const PGresult *res, const char *want)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	return state && strcmp(state, want) == 0;
}

/* Ends a failed transaction.  Returns 1 when the server has rolled it back
 * (now or already, e.g. a failed COMMIT), 0 when the connection is gone. */
static int roll_back(struct rt_ctx *ctx)
{
	PGTransactionStatusType ts;

	if (PQstatus(ctx->conn) != CONNECTION_OK)
		return 0;
	ts = PQtransactionStatus(ctx->conn);
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
		PGresult *rb = PQexec(ctx->conn, "ROLLBACK");

		PQclear(rb);
	}
	return PQstatus(ctx->conn) == CONNECTION_OK &&
	       PQtransactionStatus(ctx->conn) == PQTRANS_IDLE;
}

/* Rolls back and prints the failure report; returns RT_EXIT_FAILED. */
static int report_failure(struct rt_ctx *ctx, uint32_t idx, int up,
			  PGresult *res, const char *stmt, uint32_t line)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];
	int rolled_back = roll_back(ctx);

	rt_error(ctx, "%s of revision %s%s%s%s failed and %s",
		    up ? "upgrade" : "downgrade", r->id,
		    r->message[0] ? " (" : "", r->message, r->message[0] ? ")" : "",
		    rolled_back ? "was rolled back"
				: "was not committed (the connection was lost)");
	rt_errf(ctx, "  at %s:%u\n", r->path, (unsigned)line);
	rt_db_report(ctx, res, stmt);
	return RT_EXIT_FAILED;
}

/* A pre-flight check found offending rows (or failed itself): rolls back
 * and reports it without the check's text - the server's message has the
 * counts, its DETAIL the sample keys; the statement it guards is named by
 * its line.  Returns RT_EXIT_FAILED. */
static int report_preflight(struct rt_ctx *ctx, uint32_t idx, PGresult *res,
			    uint32_t line)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];
	int rolled_back = roll_back(ctx);

	rt_error(ctx, "upgrade of revision %s%s%s%s stopped by a pre-flight check and %s",
		    r->id, r->message[0] ? " (" : "", r->message, r->message[0] ? ")" : "",
		    rolled_back ? "was rolled back"
				: "was not committed (the connection was lost)");
	rt_errf(ctx, "  before the statement at %s:%u\n", r->path, (unsigned)line);
	rt_db_report_ex(ctx, res, NULL, 0);
	return RT_EXIT_FAILED;
}

/* The connection was lost while revision `idx` was not yet confirmed. */
static void report_lost(struct rt_ctx *ctx, uint32_t idx, int up, PGresult *res)
{
	const struct migrt_revision *r = &ctx->plan->revisions[idx];

	/* the pipeline's results were lost with the connection: which
	 * statement was running is unknown, and so is whether the server got
	 * as far as COMMIT */
	rt_error(ctx, "%s of revision %s%s%s%s failed: the connection was lost "
		    "before its commit was confirmed",
		    up ? "upgrade" : "downgrade", r->id,
		    r->message[0] ? " (" : "", r->message, r->message[0] ? ")" : "");
	rt_errf(ctx, "  at %s:%u\n", r->path, (unsigned)r->line);
	rt_db_report(ctx, res, NULL);
}

int rt_txn_run(struct rt_ctx *ctx, struct rt_txn_held *held, uint32_t idx,
		  int up, int sync, int defer, int may_retry, uint32_t *stopped)
{
	const struct migrt_plan *plan = ctx->plan;
	const struct migrt_revision *r = &plan->revisions[idx];
	const struct migrt_stmt *stmts = up ? r->upgrade : r->downgrade;
	uint32_t n = up ? r->n_upgrade : r->n_downgrade, n_items = 0, i, j, bad = 0;
	uint32_t begin;		/* index of BEGIN: 1 after a held COMMIT */
	const char *params[3] = { r->id, r->checksum, plan->migc_version };
	uint32_t n_pf = up && !ctx->no_preflight ? r->n_preflight : 0, k = 0;
	struct item *items = rt_xcalloc(n + n_pf + 6, sizeof *items);
	PGresult *failed = NULL;
	char *vt_sql;
	int ms = 0, rc;

	*stopped = idx;
	{
		char *row = rt_vt_sql(plan, up ? RT_VT_APPLIED : RT_VT_REMOVED,
					 rt_vt_params);

		/* the duration comes back with the row's result */
		vt_sql = rt_xprintf("%s RETURNING %s", row,
				       up ? "duration_ms" : RT_SQL_ELAPSED_MS);
		free(row);
	}
	if (held->on)
		items[n_items++] = (struct item){ "COMMIT", 0, NULL,
			plan->revisions[held->idx].line, ITEM_HELD };
	begin = n_items;
	items[n_items++] = (struct item){ "BEGIN", 0, NULL, r->line, ITEM_PLAIN };
	items[n_items++] = (struct item){ sync ? SQL_SYNC : SQL_ASYNC, 0, NULL, r->line,
					  ITEM_PLAIN };
	for (i = 0; i < n; i++) {
		/* the checks that guard statement i go right before it */
		for (; k < n_pf && r->preflight_before[k] <= i; k++)
			items[n_items++] = (struct item){ r->preflight[k].sql, 0, NULL,
							  r->preflight[k].line, ITEM_PREFLIGHT };
		items[n_items++] = (struct item){ stmts[i].sql, 0, NULL, stmts[i].line,
						  ITEM_PLAIN };
	}
	items[n_items++] = (struct item){ vt_sql, up ? 3 : 1, params, r->line, ITEM_MS };
	/* COMMIT: sent on its own, after the results, unless deferred to the
	 * next revision's pipeline (see the header) */
	items[n_items] = (struct item){ "COMMIT", 0, NULL, r->line, ITEM_PLAIN };

	rt_intr_arm(1);
	for (i = 0; i < n_items && !failed && !rt_intr_pending(); i = j) {
		if (runs_alone(items[i].sql)) {
			failed = run_alone(ctx, &items[i], &ms);
			bad = i;
			j = i + 1;
			continue;
		}
		for (j = i; j < n_items && !runs_alone(items[j].sql); j++)
			;
		failed = run_batch(ctx, items, i, j, &bad, &ms, held, idx);
	}
	rt_intr_arm(0);
	/* still on: the held COMMIT was never sent, failed or got no answer */
	if (held->on)
		*stopped = held->idx;
	if (rt_intr_pending() && PQstatus(ctx->conn) == CONNECTION_OK &&
	    (!failed || has_state(failed, SQLSTATE_CANCELED))) {
		/* interrupted: never commit; apply.c reports it */
		roll_back(ctx);
		held->on = 0;
		PQclear(failed);
		free(vt_sql);
		free(items);
		return RT_EXIT_INTERRUPTED;
	}
	if (!failed && !defer) {
		failed = run_alone(ctx, &items[n_items], &ms);
		bad = n_items;
	}
	if (!failed) {
		rc = RT_EXIT_OK;
		if (defer) {
			*held = (struct rt_txn_held){ 1, idx, up, ms };
		} else {
			ctx->applied[idx] = up ? 1 : 0;
			rt_rev_done(ctx, idx, up, ms);
		}
	} else if (held->on) {
		/* the held revision's COMMIT failed (a deferred constraint, say)
		 * or was lost: that revision failed; this one never ran */
		if (PQstatus(ctx->conn) != CONNECTION_OK) {
			report_lost(ctx, held->idx, held->up, failed);
			rc = RT_EXIT_FAILED;
		} else {
			rc = report_failure(ctx, held->idx, held->up, failed, "COMMIT",
					    items[0].line);
		}
		held->on = 0;
	} else if (may_retry && !rt_intr_pending() &&
		   has_state(failed, RT_SQLSTATE_LOCK_TIMEOUT)) {
		rt_errf(ctx, "%s: %s of revision %s waited longer than lock_timeout at %s:%u "
			   "and was rolled back\n", ctx->prog, up ? "upgrade" : "downgrade",
			   r->id, r->path, (unsigned)items[bad].line);
		rc = roll_back(ctx) ? RT_TXN_RETRY : RT_EXIT_DB;
	} else if (PQstatus(ctx->conn) != CONNECTION_OK) {
		report_lost(ctx, idx, up, failed);
		rc = RT_EXIT_FAILED;
	} else if (bad == begin) {
		/* BEGIN failed: nothing of the revision ran */
		rt_error(ctx, "cannot begin a transaction");
		rt_db_report(ctx, failed, NULL);
		roll_back(ctx);
		rc = RT_EXIT_DB;
	} else if (items[bad].kind == ITEM_PREFLIGHT) {
		rc = report_preflight(ctx, idx, failed, items[bad].line);
	} else {
		rc = report_failure(ctx, idx, up, failed, items[bad].sql,
				    items[bad].line);
	}
	PQclear(failed);
	free(vt_sql);
	free(items);
	return rc;
}

int rt_txn_drop(struct rt_ctx *ctx, struct rt_txn_held *held)
{
	int ok = held->on ? roll_back(ctx) : 1;

	held->on = 0;
	return ok;
}

int rt_txn_flush(struct rt_ctx *ctx)
{
	/* PostgreSQL waits for the disk only at the commit of a transaction
	 * that wrote WAL: a row that never becomes visible is enough */
	char *ins = rt_xprintf("INSERT INTO %s (revision, checksum, migc_version) "
				  "VALUES ('" FLUSH_ROW "', '', '')", ctx->plan->version_table);
	char *del = rt_xprintf("DELETE FROM %s WHERE revision = '" FLUSH_ROW "'",
				  ctx->plan->version_table);
	struct item items[5] = {
		{ "BEGIN", 0, NULL, 0, 0 },
		{ SQL_SYNC, 0, NULL, 0, 0 },
		{ ins, 0, NULL, 0, 0 },
		{ del, 0, NULL, 0, 0 },
		{ "COMMIT", 0, NULL, 0, 0 },
	};
	uint32_t bad = 0;
	int ms = 0, rc = 0;
	PGresult *failed = NULL;

	if (!ctx->conn || PQstatus(ctx->conn) != CONNECTION_OK)
		rc = -1;
	else
		failed = run_batch(ctx, items, 0, 5, &bad, &ms, NULL, 0);
	if (failed) {
		PQclear(failed);
		roll_back(ctx);
		rc = -1;
	}
	free(ins);
	free(del);
	return rc;
}

int rt_txn_commit_held(struct rt_ctx *ctx, struct rt_txn_held *held)
{
	const struct migrt_revision *r;
	struct item it = { "COMMIT", 0, NULL, 0, ITEM_PLAIN };
	PGresult *failed;
	int ms = 0, rc = RT_EXIT_OK;

	if (!held->on)
		return RT_EXIT_OK;
	r = &ctx->plan->revisions[held->idx];
	it.line = r->line;
	failed = run_alone(ctx, &it, &ms);
	if (!failed) {
		ctx->applied[held->idx] = held->up ? 1 : 0;
		rt_rev_done(ctx, held->idx, held->up, held->ms);
	} else if (PQstatus(ctx->conn) != CONNECTION_OK) {
		report_lost(ctx, held->idx, held->up, failed);
		rc = RT_EXIT_FAILED;
	} else {
		rc = report_failure(ctx, held->idx, held->up, failed, "COMMIT", r->line);
	}
	PQclear(failed);
	held->on = 0;
	return rc;
}
