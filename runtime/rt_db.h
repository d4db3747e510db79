/*
 * rt_db.h - the database side of a run: connecting (conn.c), running one
 * statement and reporting its errors (db.c), and the session - advisory
 * lock, version table, applied set (session.c).
 *
 * Private to the runtime (never installed); rt.h has the context.
 */
#ifndef RT_RT_DB_H
#define RT_RT_DB_H

#include "rt.h"

/* ---- conn.c: connection parameters and connecting --------------------- */

/* Connects using --url, DATABASE_URL, DATABASE_* (from the environment,
 * else --env-file) or libpq defaults (common/connparams.h), sets
 * application_name, search_path and (PostgreSQL 14+)
 * client_connection_check_interval.
 * Returns an exit status; on success ctx->conn is open (owned by ctx). */
int rt_conn_open(struct rt_ctx *ctx);

/* ---- db.c: running statements, reporting server errors ---------------- */

/* Runs `sql` with optional text parameters (NULL when nparams is 0).
 * Returns the result on success (the caller PQclear()s it) or NULL after
 * printing "<prog>: error: <what>: <server message>"; a failed result is
 * cleared here. */
struct pg_result *rt_db_query(struct rt_ctx *ctx, const char *what,
				 const char *sql, int nparams,
				 const char *const *params);
/* Like rt_db_query for statements whose result is not needed.
 * Returns 0 or -1 (error already printed). */
int rt_db_command(struct rt_ctx *ctx, const char *what, const char *sql,
		     int nparams, const char *const *params);
/* Prints the indented SQLSTATE/message/detail/hint/context lines of a failed
 * result (res may be NULL: the connection's message is used instead) and,
 * when `stmt` is given, the statement with a caret at the error position.
 * Borrows everything. */
void rt_db_report(struct rt_ctx *ctx, const struct pg_result *res,
		     const char *stmt);
/* The same; `context` 0 leaves out the CONTEXT line (a pre-flight
 * check's, which names only the line of its own RAISE). */
void rt_db_report_ex(struct rt_ctx *ctx, const struct pg_result *res,
		     const char *stmt, int context);

/* When `res` says a COPY started (the statement was a COPY TO STDOUT or
 * FROM STDIN, which a revision cannot serve), ends it: COPY IN as failed,
 * COPY OUT cancelled and drained; a stream that cannot be ended closes the
 * connection (ctx->conn becomes NULL).  Never loops forever.  Returns 0
 * (nothing to do, or the connection is usable again, its transaction
 * aborted) or -1 (connection closed). */
int rt_db_end_copy(struct rt_ctx *ctx, const struct pg_result *res);

/* ---- session.c: lock, version table, applied set ---------------------- */

/* rt_session_begin's modes: the command writes (RT_SESSION_WRITE: a
 * standby or read-only server is refused, RT_EXIT_READ_ONLY, before the
 * lock), and creates the version table (RT_SESSION_CREATE, which writes). */
#define RT_SESSION_READ 0
#define RT_SESSION_WRITE 2
#define RT_SESSION_CREATE (1 | RT_SESSION_WRITE)
/* Connects, refuses a read-only server when `mode` writes, takes the
 * advisory lock (waiting with a message if another migrator holds it),
 * creates the version table with RT_SESSION_CREATE, and loads the applied
 * set into ctx.  With ctx->no_lock it takes no lock and creates nothing
 * (plan, --dry-run).  Returns an exit status. */
int rt_session_begin(struct rt_ctx *ctx, int mode);
/* Creates the version table (and the schemas it needs) if it does not
 * exist, as rt_session_begin(ctx, RT_SESSION_CREATE) does; for a session begun without
 * creating (adopt decides first).  Returns an exit status. */
int rt_session_create_table(struct rt_ctx *ctx);
/* Reports applied revisions unknown to the plan, revisions with several
 * rows, applied revisions with an ancestor not recorded (a hole), and
 * checksum mismatches.  Returns 0 or RT_EXIT_INCONSISTENT. */
int rt_session_check(struct rt_ctx *ctx);
/* Releases the lock and closes the connection (also done by ctx_free). */
void rt_session_end(struct rt_ctx *ctx);
/* Frees everything `ctx` owns and closes its connection; idempotent. */
void rt_ctx_free(struct rt_ctx *ctx);
/* Takes n version-table rows into ctx (applied, rows, unknown ids,
 * duplicated revisions), as rt_session_begin does; cell(src, row, col)
 * gives column col (0 revision, 1 checksum, 2 applied_at, 3 duration_ms)
 * of a row.  ctx->applied and ctx->rows must be allocated (n_revisions).
 * Pure: no connection (tests/fuzz/fuzz_migrator_rows.c drives it). */
void rt_session_take_rows(struct rt_ctx *ctx, int n,
			     const char *(*cell)(void *src, int row, int col),
			     void *src);

#endif
