/*
 * rt_run.h - running revisions: a transactional one in one pipeline
 * (txn.c), a no_transaction one (nontx.c), interrupts (intr.c), and the
 * version-table statements that record them (vtable.c).
 *
 * Private to the runtime (never installed); rt.h has the context.
 */
#ifndef RT_RT_RUN_H
#define RT_RT_RUN_H

#include "rt.h"

/* ---- txn.c: a transactional revision in one round trip; the flush ---- */

/* rt_txn_run's "rolled back after lock_timeout, try again". */
#define RT_TXN_RETRY (-1)
/* A transactional revision whose statements and version-table row all
 * succeeded and whose COMMIT is deferred: it goes at the head of the next
 * revision's pipeline (txn.c).  `on` is 0 when nothing is held. */
struct rt_txn_held {
	int on;
	uint32_t idx;
	int up;
	int ms;
};
/* Runs revision `idx` up or down in one transaction with its version-table
 * row, pipelined; a commit `held` from the previous revision goes first in
 * the same pipeline (held->on is 0 on return, unless `defer` held idx).
 * `sync`: commit with a synchronous flush (else synchronous_commit = off
 * for this transaction).  `defer`: on success, do not send COMMIT but hold
 * it in *held (the caller's next revision must be transactional).  When a
 * revision's commit is confirmed, sets ctx->applied and prints its line
 * (rt_rev_done), then the start line of `idx` if it was the held one.
 * Returns an exit status after printing any failure, or RT_TXN_RETRY
 * (rolled back, announced on stderr) when `may_retry` and a statement hit
 * lock_timeout.  *stopped: the revision a failure or an interrupt
 * concerns (the held one when its COMMIT failed or was never sent). */
int rt_txn_run(struct rt_ctx *ctx, struct rt_txn_held *held, uint32_t idx,
		  int up, int sync, int defer, int may_retry, uint32_t *stopped);
/* Rolls back the held revision (a signal came before its COMMIT was
 * sent); clears *held.  Returns 1 when the server rolled it back. */
int rt_txn_drop(struct rt_ctx *ctx, struct rt_txn_held *held);
/* Waits until every commit of this session is on disk (a synchronous
 * commit of a transaction with an id).  Returns 0, or -1 when that cannot
 * be confirmed (connection lost); prints nothing. */
int rt_txn_flush(struct rt_ctx *ctx);
/* Sends the held revision's COMMIT alone (a stop request came between two
 * revisions: the one that finished is kept); on success it is applied and
 * its line printed.  Clears *held.  Returns an exit status after printing
 * any failure (the held revision's, as rt_txn_run would report it). */
int rt_txn_commit_held(struct rt_ctx *ctx, struct rt_txn_held *held);

/* ---- revline.c: progress lines --------------------------------------- */

/* "upgrade X: message ..." (nothing with -q or JSON). */
void rt_rev_start(struct rt_ctx *ctx, uint32_t idx, int up);
/* The line of a revision that has committed (text or JSON). */
void rt_rev_done(struct rt_ctx *ctx, uint32_t idx, int up, int ms);

/* ---- intr.c: SIGINT and SIGTERM during upgrade and downgrade --------- */

/* Installs the handlers and prepares a cancel request for ctx->conn. */
void rt_intr_install(struct rt_ctx *ctx);
/* Restores the previous handlers and frees the cancel request. */
void rt_intr_remove(void);
/* While on, a signal also cancels the statement running on the server. */
void rt_intr_arm(int on);
/* The first signal received since the start (SIGINT, SIGTERM), or 0. */
int rt_intr_pending(void);
/* SIGUSR1, "finish the revision running, then stop": installs its handler
 * (a flag only) for the rest of the process (rt_intr_install also does,
 * until rt_intr_remove). */
void rt_intr_stop_install(void);
/* 1 once SIGUSR1 arrived: apply.c starts no further revision. */
int rt_intr_stop_pending(void);

/* ---- nontx.c: non-transactional revisions ----------------------------- */

/* Runs revision `idx` (flagged MIGRT_REV_NO_TRANSACTION) up or down outside
 * a transaction: the version table says "started" before the first
 * statement and "done" after the last.  Sets *ms.  Returns an exit status
 * after printing any failure. */
int rt_nontx_run(struct rt_ctx *ctx, uint32_t idx, int up, int *ms);
/* Reports every revision recorded as started and not finished, with how
 * to resolve it.  Returns 0 or RT_EXIT_INCONSISTENT. */
int rt_nontx_check(struct rt_ctx *ctx);
/* Where a run left the database, for its last line: the applied revisions
 * ("id (head)" or "base") without the interrupted no_transaction ones,
 * each of which is then named as interrupted and needing `resolve`.
 * Newly allocated (caller frees). */
char *rt_nontx_where(struct rt_ctx *ctx);
/* ---- the version table's statements (vtable.c) ---- */

/* The version table's CREATE TABLE IF NOT EXISTS statement, without ';';
 * newly allocated (caller frees). */
char *rt_vt_create_sql(const struct migrt_plan *plan);

/* The statements that record a revision.  Arguments: revision id,
 * checksum (or, for DONE, the duration in ms), migc version - each a
 * parameter ("$1".., rt_vt_params) when the migrator runs it, an SQL
 * literal when `sql` prints it. */
enum rt_vt {
	RT_VT_APPLIED,	/* upgrade: the row, with its duration */
	RT_VT_STARTED,	/* no_transaction upgrade: the row, duration -1 */
	RT_VT_DONE,		/* no_transaction upgrade: its duration set */
	RT_VT_UNDO_STARTED,	/* no_transaction downgrade: duration -1 */
	RT_VT_REMOVED,	/* downgrade: the row deleted */
};
extern const char *const rt_vt_params[3];
/* Newly allocated (caller frees), without ';'. */
char *rt_vt_sql(const struct migrt_plan *plan, enum rt_vt which,
		   const char *const arg[3]);

#endif
