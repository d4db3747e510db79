/*
 * rt.h - private declarations shared by the runtime's files (never installed).
 *
 * Every symbol the archive defines outside a file carries the migrt_ prefix,
 * so generated code (which only sees migrt.h) cannot collide with the
 * runtime.  Memory here is plain malloc: a migrator run is short, but every
 * allocation still has one owner named in the function's comment, and
 * migrt_ctx_free() releases what the context owns.
 */
#ifndef MIGRT_RT_H
#define MIGRT_RT_H

#include <stddef.h>
#include <stdint.h>

#include "migrt.h"

struct pg_conn;		/* libpq's PGconn */
struct pg_result;	/* libpq's PGresult */

/* Exit statuses; docs/migrator.md documents each one. */
enum migrt_exit {
	MIGRT_EXIT_OK = 0,		/* success */
	MIGRT_EXIT_FAILED = 1,		/* a revision failed and was rolled back */
	MIGRT_EXIT_USAGE = 2,		/* bad command line */
	MIGRT_EXIT_CONNECT = 3,		/* cannot connect or authenticate */
	MIGRT_EXIT_INCONSISTENT = 4,	/* version table disagrees with the plan */
	MIGRT_EXIT_DB = 5,		/* any other database or system error */
	MIGRT_EXIT_INTERRUPTED = 6	/* stopped by SIGINT/SIGTERM; the revision
					 * in progress was rolled back */
};

/* Server-side time since the transaction began, in whole milliseconds:
 * what the version table's duration_ms records. */
#define MIGRT_SQL_ELAPSED_MS \
	"(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer"

/* One row of the version table that names a revision of this plan. */
struct migrt_applied {
	char *checksum;		/* as recorded; owned by the context */
	char *applied_at;	/* timestamptz as text; owned by the context */
	int duration_ms;	/* MIGRT_STARTED: a non-transactional revision
				 * that started and did not finish */
};

/* duration_ms of a version-table row written before a non-transactional
 * revision runs (upgrade: the row is inserted so; downgrade: updated so). */
#define MIGRT_STARTED (-1)
/* SQLSTATE of lock_not_available: what lock_timeout raises. */
#define MIGRT_SQLSTATE_LOCK_TIMEOUT "55P03"

/* Without --lock-timeout: lock_timeout and, without --retries, the
 * reruns after it (docs/migrator.md, "Timeouts and retries"). */
#define MIGRT_DEFAULT_LOCK_TIMEOUT "5s"
#define MIGRT_DEFAULT_RETRIES 3

struct migrt_ctx {
	const struct migrt_plan *plan;	/* borrowed from the caller */
	const char *prog;		/* basename of argv[0]; borrowed */
	const char *url;		/* --url value; borrowed from argv */
	const char *env_file;		/* --env-file value; borrowed from argv */
	int verbose;			/* history --verbose */
	int offline;			/* history --offline */
	int accept_all;			/* accept-checksum --all */
	int quiet_notices;		/* drop server notices while set */
	const char *lock_timeout;	/* --lock-timeout value or NULL; borrowed */
	const char *statement_timeout;	/* --statement-timeout or NULL; borrowed */
	int retries;			/* --retries: reruns after lock_timeout */
	int default_lock_timeout;	/* lock_timeout is MIGRT_DEFAULT_LOCK_TIMEOUT,
					 * not --lock-timeout's */
	int sync_each;			/* --sync-each: flush every commit */
	const char *format;		/* check --format value or NULL; borrowed */
	int sql;			/* upgrade/downgrade --sql: print, do not run */
	const char *rev_range;		/* history -r A:B or NULL; borrowed */

	struct pg_conn *conn;		/* owned; NULL when not connected */
	int locked;			/* advisory lock held */

	/* The version table as loaded by migrt_session_load(). */
	int table_exists;
	unsigned char *applied;		/* n_revisions flags; owned */
	struct migrt_applied *rows;	/* n_revisions entries; owned */
	char **unknown;			/* revision ids the plan lacks; owned */
	uint32_t n_unknown;
	uint32_t *duplicated;		/* revisions with more than one row; owned */
	uint32_t n_duplicated;
	int holes;			/* set by migrt_session_check: an applied
					 * revision lacks an ancestor's row */
};

/* ---- msg.c: output, password scrubbing, allocation, usage errors -------
 * msg.c, plan.c and sqlout.c do not use libpq: migc links them too, so
 * that `migc sql` prints exactly what the migrator's `sql` prints. */

/* printf to stdout / stderr; on stderr the password of any connection
 * string in the text is replaced by "********" (nothing else is). */
void migrt_out(struct migrt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void migrt_errf(struct migrt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "<prog>: error: <message>\n" on stderr, scrubbed. */
void migrt_error(struct migrt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Allocation that never returns NULL: out of memory prints and exits 5.
 * The caller owns (and frees) the result. */
void *migrt_xcalloc(size_t n, size_t size);
char *migrt_xstrdup(const char *s);
char *migrt_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `s` with every control character and backslash written \xNN: for text
 * read from the database (revision ids) that is quoted in a message.
 * Newly allocated (caller frees). */
char *migrt_escape(const char *s);
/* 1 when `s` looks like a connection string (a postgres[ql]:// URL, any
 * URL, or libpq's key=value form): such an argument is never echoed. */
int migrt_is_conninfo(const char *s);
/* Whether `arg` is exactly a password this run knows (PGPASSWORD,
 * DATABASE_PASSWORD, the one in --url or DATABASE_URL): a positional
 * argument that is one is shown as "********" in every message. */
int migrt_is_password(const struct migrt_ctx *ctx, const char *arg);
/* Prints a usage error plus a pointer to --help; returns MIGRT_EXIT_USAGE. */
int migrt_usage_error(struct migrt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- conn.c: connection parameters and connecting --------------------- */

/* Connects using --url, DATABASE_URL, DATABASE_* (from the environment,
 * else --env-file) or libpq defaults (common/connparams.h), sets
 * application_name, search_path and (PostgreSQL 14+)
 * client_connection_check_interval.
 * Returns an exit status; on success ctx->conn is open (owned by ctx). */
int migrt_conn_open(struct migrt_ctx *ctx);

/* ---- db.c: running statements, reporting server errors ---------------- */

/* Runs `sql` with optional text parameters (NULL when nparams is 0).
 * Returns the result on success (the caller PQclear()s it) or NULL after
 * printing "<prog>: error: <what>: <server message>"; a failed result is
 * cleared here. */
struct pg_result *migrt_db_query(struct migrt_ctx *ctx, const char *what,
				 const char *sql, int nparams,
				 const char *const *params);
/* Like migrt_db_query for statements whose result is not needed.
 * Returns 0 or -1 (error already printed). */
int migrt_db_command(struct migrt_ctx *ctx, const char *what, const char *sql,
		     int nparams, const char *const *params);
/* Prints the indented SQLSTATE/message/detail/hint/context lines of a failed
 * result (res may be NULL: the connection's message is used instead) and,
 * when `stmt` is given, the statement with a caret at the error position.
 * Borrows everything. */
void migrt_db_report(struct migrt_ctx *ctx, const struct pg_result *res,
		     const char *stmt);

/* When `res` says a COPY started (the statement was a COPY TO STDOUT or
 * FROM STDIN, which a revision cannot serve), ends it: COPY IN as failed,
 * COPY OUT cancelled and drained; a stream that cannot be ended closes the
 * connection (ctx->conn becomes NULL).  Never loops forever.  Returns 0
 * (nothing to do, or the connection is usable again, its transaction
 * aborted) or -1 (connection closed). */
int migrt_db_end_copy(struct migrt_ctx *ctx, const struct pg_result *res);

/* ---- session.c: lock, version table, applied set ---------------------- */

/* Connects, takes the advisory lock (waiting with a message if another
 * migrator holds it), creates the version table when `create` is set, and
 * loads the applied set into ctx.  Returns an exit status. */
int migrt_session_begin(struct migrt_ctx *ctx, int create);
/* Reports applied revisions unknown to the plan, revisions with several
 * rows, applied revisions with an ancestor not recorded (a hole), and
 * checksum mismatches.  Returns 0 or MIGRT_EXIT_INCONSISTENT. */
int migrt_session_check(struct migrt_ctx *ctx);
/* Releases the lock and closes the connection (also done by ctx_free). */
void migrt_session_end(struct migrt_ctx *ctx);
/* Frees everything `ctx` owns and closes its connection; idempotent. */
void migrt_ctx_free(struct migrt_ctx *ctx);
/* Takes n version-table rows into ctx (applied, rows, unknown ids,
 * duplicated revisions), as migrt_session_begin does; cell(src, row, col)
 * gives column col (0 revision, 1 checksum, 2 applied_at, 3 duration_ms)
 * of a row.  ctx->applied and ctx->rows must be allocated (n_revisions).
 * Pure: no connection (tests/fuzz/fuzz_migrator_rows.c drives it). */
void migrt_session_take_rows(struct migrt_ctx *ctx, int n,
			     const char *(*cell)(void *src, int row, int col),
			     void *src);

/* ---- cli.c ------------------------------------------------------------ */

/* The migrator's option parser (as migrt_main runs it): options into ctx,
 * positionals into pos (argc entries; borrowing argv).  Returns -1 with
 * *rc set (a usage error was printed) to stop.  Connects to nothing
 * (tests/fuzz/fuzz_migrator_args.c drives it). */
int migrt_parse_args(struct migrt_ctx *ctx, int argc, char **argv, char **pos,
		     int *npos, int *help, int *version, int *rc);

/* ---- plan.c: graph queries over the plan ------------------------------ */

enum migrt_target_kind {
	MIGRT_TARGET_REV,	/* one revision */
	MIGRT_TARGET_HEAD,	/* every head */
	MIGRT_TARGET_BASE,	/* nothing */
	MIGRT_TARGET_UNKNOWN,
	MIGRT_TARGET_AMBIGUOUS
};

/* Whether a version-table row's checksum verifies `r`: it holds the
 * plan's checksum, or (a row an older migrator wrote) the checksum_v1. */
int migrt_checksum_matches(const struct migrt_revision *r, const char *recorded);
/* Resolves "head" (or "heads"), "base" or a unique id prefix; *idx is set
 * for REV. */
enum migrt_target_kind migrt_plan_resolve(const struct migrt_plan *plan,
					  const char *arg, uint32_t *idx);
/* Like migrt_plan_resolve but prints a usage error naming `arg` unless the
 * result is REV/HEAD/BASE.  Returns 0 or MIGRT_EXIT_USAGE. */
int migrt_plan_resolve_arg(struct migrt_ctx *ctx, const char *arg,
			   enum migrt_target_kind *kind, uint32_t *idx);
/* Index of the revision whose id is exactly `id`, or -1. */
long migrt_plan_find(const struct migrt_plan *plan, const char *id);
/* Sets mark[i] = 1 for `idx` and all its ancestors (mark: n_revisions). */
void migrt_plan_mark_ancestors(const struct migrt_plan *plan, uint32_t idx,
			       unsigned char *mark);
/* Marks what a target stands for: HEAD everything, BASE nothing, REV its
 * ancestors and itself. */
void migrt_plan_mark_target(const struct migrt_plan *plan,
			    enum migrt_target_kind kind, uint32_t idx,
			    unsigned char *mark);
int migrt_plan_is_head(const struct migrt_plan *plan, uint32_t idx);
uint32_t migrt_plan_n_children(const struct migrt_plan *plan, uint32_t idx);
/* Parses "+N" / "-N" (sign is '+' or '-'), N >= 1.  Returns 0 or -1. */
int migrt_parse_step(const char *arg, char sign, uint32_t *n);
/* heads[i] = 1 for each marked revision with no marked child (both arrays
 * have n_revisions entries, owned by the caller). */
void migrt_plan_set_heads(const struct migrt_plan *plan,
			  const unsigned char *mark, unsigned char *heads);
/* "base", or the heads of the marked set ("id (head), id"), newly
 * allocated (caller frees). */
char *migrt_plan_describe(const struct migrt_plan *plan,
			  const unsigned char *mark);
/* The plan's heads as "id, id" or "base"; newly allocated (caller frees). */
char *migrt_plan_heads_text(const struct migrt_plan *plan);

/* ---- targets.c: relative targets, walks, reachability ----------------- */

struct migrt_target {
	enum migrt_target_kind kind;	/* REV, HEAD or BASE */
	uint32_t idx;			/* REV */
	int walked_back;		/* the argument was X-N */
};
/* Resolves head, heads, base, an id or unique prefix, REV+N, REV-N,
 * head-N, base+N (docs/migrator.md, "Revision arguments") against the
 * plan; a bare +N/-N is refused here.  A REV-N walk marks in `walked`
 * (n_revisions flags, may be NULL) every revision it stepped down from.
 * Returns 0 or MIGRT_EXIT_USAGE after printing why (an ambiguous walk
 * lists the choices). */
int migrt_target_parse(struct migrt_ctx *ctx, const char *arg, struct migrt_target *t,
		       unsigned char *walked);
/* The usage error of an ambiguous walk: "`what` could be any of:", one
 * "  id (message)" line per choice, then `hint`.  Returns MIGRT_EXIT_USAGE. */
int migrt_target_ambiguous(struct migrt_ctx *ctx, const char *what,
			   const uint32_t *list, uint32_t n, const char *hint);
/* Adds to `mark` every descendant of a marked revision. */
void migrt_plan_mark_descendants(const struct migrt_plan *plan, unsigned char *mark);
/* `upgrade +N` / `downgrade -N` against ctx->applied: the N revisions to
 * run, one step at a time, into list[*n].  Each step must have exactly one
 * choice (a revision whose parents are all applied / an applied tip).
 * Returns 0 or MIGRT_EXIT_USAGE (printed). */
int migrt_walk_up(struct migrt_ctx *ctx, const char *arg, uint32_t steps,
		  uint32_t *list, uint32_t *n);
int migrt_walk_down(struct migrt_ctx *ctx, const char *arg, uint32_t steps,
		    uint32_t *list, uint32_t *n);
/* Refuses (usage error) an upgrade target that is behind the database: base
 * when anything is applied, an applied revision with an applied child. */
int migrt_target_check_up(struct migrt_ctx *ctx, const char *arg,
			  const struct migrt_target *t);
/* What `downgrade` to `t` undoes, into `undo` (n_revisions flags; on entry
 * the marks migrt_target_parse's walk left, if t->walked_back): the
 * applied descendants of the target, or for REV-N those of the revisions
 * walked through and themselves.  Refuses (usage error) a target that is
 * not applied. */
int migrt_target_undo_set(struct migrt_ctx *ctx, const char *arg,
			  const struct migrt_target *t, unsigned char *undo);

/* ---- commands (apply.c, stamp.c, report.c, sqlout.c) ------------------ */

/* Each takes the positional arguments after the command name (borrowed)
 * and returns an exit status. */
int migrt_cmd_upgrade(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_downgrade(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_stamp(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_current(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_history(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_heads(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_branches(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_show(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_sql(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_resolve(struct migrt_ctx *ctx, int argc, char **argv);
int migrt_cmd_accept_checksum(struct migrt_ctx *ctx, int argc, char **argv); /* accept.c */

/* ---- txn.c: a transactional revision in one round trip; the flush ---- */

/* migrt_txn_run's "rolled back after lock_timeout, try again". */
#define MIGRT_TXN_RETRY (-1)
/* Runs revision `idx` up or down in one transaction with its version-table
 * row, pipelined.  `sync`: commit with a synchronous flush (else
 * synchronous_commit = off for this transaction).  Sets *ms and
 * ctx->applied[idx] on success.  Returns an exit status after printing any
 * failure, or MIGRT_TXN_RETRY (rolled back, announced on stderr) when
 * `may_retry` and a statement hit lock_timeout. */
int migrt_txn_run(struct migrt_ctx *ctx, uint32_t idx, int up, int sync,
		  int may_retry, int *ms);
/* Waits until every commit of this session is on disk (a synchronous
 * commit of a transaction with an id).  Returns 0, or -1 when that cannot
 * be confirmed (connection lost); prints nothing. */
int migrt_txn_flush(struct migrt_ctx *ctx);
int migrt_cmd_check(struct migrt_ctx *ctx, int argc, char **argv);

/* ---- drift_build.c: check's expected schema ---------------------------- */

/* Why a replay in one transaction could not finish (migrt_drift_build). */
#define MIGRT_DRIFT_UNSAFE_ENUM 1	/* an enum value used before its commit */
#define MIGRT_DRIFT_LOCKS 2		/* the shared lock table is full */

/* MIGRT_CHECK_PREFIX + schema (caller frees). */
char *migrt_drift_scratch_name(const char *schema);
/* Creates the scratch schemas and replays the applied revisions' check
 * statements: inside the caller's transaction, or (committed) each
 * revision in its own committed transaction, dropping everything again on
 * failure.  Sets *unsafe (MIGRT_DRIFT_*) instead of failing when
 * PostgreSQL refuses an enum value that is not committed yet or runs out
 * of lock table.  Returns an exit status. */
int migrt_drift_build(struct migrt_ctx *ctx, int committed, int *unsafe);
/* Drops every scratch schema of the plan that exists (leftovers: with a
 * note naming it).  Returns an exit status. */
int migrt_drift_drop(struct migrt_ctx *ctx, int leftovers);

/* ---- drift_out.c: check's comparison and output ----------------------- */

struct catalog;
/* Compares the expected and the live read by key and prints the
 * differences as text or (json) JSON on stdout; `revision` names the
 * applied heads, `consistent` is false when the version table did not match
 * the plan.  Returns the number of differences. */
int migrt_drift_print(struct migrt_ctx *ctx, const struct catalog *expected,
		      const struct catalog *actual, const char *revision,
		      int json, int consistent);

/* ---- intr.c: SIGINT and SIGTERM during upgrade and downgrade --------- */

/* Installs the handlers and prepares a cancel request for ctx->conn. */
void migrt_intr_install(struct migrt_ctx *ctx);
/* Restores the previous handlers and frees the cancel request. */
void migrt_intr_remove(void);
/* While on, a signal also cancels the statement running on the server. */
void migrt_intr_arm(int on);
/* The first signal received since the start (SIGINT, SIGTERM), or 0. */
int migrt_intr_pending(void);

/* ---- nontx.c: non-transactional revisions ----------------------------- */

/* Runs revision `idx` (flagged MIGRT_REV_NO_TRANSACTION) up or down outside
 * a transaction: the version table says "started" before the first
 * statement and "done" after the last.  Sets *ms.  Returns an exit status
 * after printing any failure. */
int migrt_nontx_run(struct migrt_ctx *ctx, uint32_t idx, int up, int *ms);
/* Reports every revision recorded as started and not finished, with how
 * to resolve it.  Returns 0 or MIGRT_EXIT_INCONSISTENT. */
int migrt_nontx_check(struct migrt_ctx *ctx);
/* Where a run left the database, for its last line: the applied revisions
 * ("id (head)" or "base") without the interrupted no_transaction ones,
 * each of which is then named as interrupted and needing `resolve`.
 * Newly allocated (caller frees). */
char *migrt_nontx_where(struct migrt_ctx *ctx);
/* Prints the --version line. */
void migrt_print_version(struct migrt_ctx *ctx);
/* ---- the version table's statements (vtable.c) ---- */

/* The version table's CREATE TABLE IF NOT EXISTS statement, without ';';
 * newly allocated (caller frees). */
char *migrt_vt_create_sql(const struct migrt_plan *plan);

/* The statements that record a revision.  Arguments: revision id,
 * checksum (or, for DONE, the duration in ms), migc version - each a
 * parameter ("$1".., migrt_vt_params) when the migrator runs it, an SQL
 * literal when `sql` prints it. */
enum migrt_vt {
	MIGRT_VT_APPLIED,	/* upgrade: the row, with its duration */
	MIGRT_VT_STARTED,	/* no_transaction upgrade: the row, duration -1 */
	MIGRT_VT_DONE,		/* no_transaction upgrade: its duration set */
	MIGRT_VT_UNDO_STARTED,	/* no_transaction downgrade: duration -1 */
	MIGRT_VT_REMOVED,	/* downgrade: the row deleted */
};
extern const char *const migrt_vt_params[3];
/* Newly allocated (caller frees), without ';'. */
char *migrt_vt_sql(const struct migrt_plan *plan, enum migrt_vt which,
		   const char *const arg[3]);

#endif
