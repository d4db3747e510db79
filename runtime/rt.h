/*
 * rt.h - the runtime's private core (never installed): the context of a
 * run, exit statuses, and output and allocation (msg.c), which every file
 * uses.  Each module's own declarations are in its header: rt_db.h,
 * rt_plan.h, rt_run.h, rt_drift.h, rt_cmds.h.
 *
 * Internal names carry the rt_ prefix; migrt_ is only what migrt.h
 * declares, and the archive exports nothing else (its hidden symbols are
 * made local when it is linked), so generated code cannot collide with the
 * runtime.  Memory here is plain malloc: a migrator run is short, but every
 * allocation still has one owner named in the function's comment, and
 * rt_ctx_free() releases what the context owns.
 */
#ifndef RT_RT_H
#define RT_RT_H

#include <stddef.h>
#include <stdint.h>

#include "migrt.h"

struct pg_conn;		/* libpq's PGconn */
struct pg_result;	/* libpq's PGresult */
struct rt_tenant;	/* tenant.c */

/* Exit statuses; docs/migrator.md documents each one. */
enum rt_exit {
	RT_EXIT_OK = 0,		/* success */
	RT_EXIT_FAILED = 1,		/* a revision failed and was rolled back */
	RT_EXIT_USAGE = 2,		/* bad command line */
	RT_EXIT_CONNECT = 3,		/* cannot connect or authenticate */
	RT_EXIT_INCONSISTENT = 4,	/* version table disagrees with the plan */
	RT_EXIT_DB = 5,		/* any other database or system error */
	RT_EXIT_INTERRUPTED = 6,	/* stopped by SIGINT/SIGTERM; the revision
					 * in progress was rolled back */
	RT_EXIT_READ_ONLY = 7,	/* a standby or read-only server: refused
				 * before the lock, nothing done */
	RT_EXIT_FLEET = 8,		/* fleet: some target failed or did not run */
	RT_EXIT_STOPPED = 9		/* stopped on request (SIGUSR1) between two
					 * revisions: every revision it ran is
					 * committed, later ones did not start */
};

/* Server-side time since the transaction began, in whole milliseconds:
 * what the version table's duration_ms records. */
#define RT_SQL_ELAPSED_MS \
	"(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer"

/* One row of the version table that names a revision of this plan. */
struct rt_applied {
	char *checksum;		/* as recorded; owned by the context */
	char *applied_at;	/* timestamptz as text; owned by the context */
	int duration_ms;	/* RT_STARTED: a non-transactional revision
				 * that started and did not finish */
};

/* duration_ms of a version-table row written before a non-transactional
 * revision runs (upgrade: the row is inserted so; downgrade: updated so). */
#define RT_STARTED (-1)
/* SQLSTATE of lock_not_available: what lock_timeout raises. */
#define RT_SQLSTATE_LOCK_TIMEOUT "55P03"

/* Without --lock-timeout: lock_timeout and, without --retries, the
 * reruns after it (docs/migrator.md, "Timeouts and retries"). */
#define RT_DEFAULT_LOCK_TIMEOUT "5s"
#define RT_DEFAULT_RETRIES 3

struct rt_ctx {
	const struct migrt_plan *plan;	/* borrowed from the caller */
	const char *prog;		/* basename of argv[0]; borrowed */
	const char *url;		/* --url value; borrowed from argv */
	const char *env_file;		/* --env-file value; borrowed from argv */
	int verbose;			/* history --verbose */
	int quiet;			/* -q: no progress lines */
	int json;			/* --format json (docs/migrator.md) */
	int offline;			/* history --offline */
	int accept_all;			/* accept-checksum --all */
	int dry_run;			/* adopt, upgrade, downgrade --dry-run:
					 * write nothing */
	int no_lock;			/* plan, --dry-run: read the version table
					 * without the advisory lock, create nothing */
	long long small_table;		/* plan: --small-table bytes (0: default) */
	long long large_table;		/* plan: --large-table bytes (0: default) */
	int quiet_notices;		/* drop server notices while set */
	const char *lock_timeout;	/* --lock-timeout value or NULL; borrowed */
	const char *statement_timeout;	/* --statement-timeout or NULL; borrowed */
	int retries;			/* --retries: reruns after lock_timeout */
	int default_lock_timeout;	/* lock_timeout is RT_DEFAULT_LOCK_TIMEOUT,
					 * not --lock-timeout's */
	int sync_each;			/* --sync-each: flush every commit */
	int no_preflight;		/* --no-preflight: skip the data checks */
	const char *format;		/* check --format value or NULL; borrowed */
	int sql;			/* upgrade/downgrade --sql: print, do not run */
	const char *rev_range;		/* history -r A:B or NULL; borrowed */
	/* --schema NAME (tenant.c): set only while a tenant plan is in use,
	 * which ctx->plan then points to; `compiled` is the plan as built. */
	const char *schema;		/* NAME, unquoted; borrowed from argv */
	const struct migrt_plan *compiled;
	struct rt_tenant *tenant;	/* owned: the tenant plan */

	struct pg_conn *conn;		/* owned; NULL when not connected */
	int locked;			/* advisory lock held */

	/* The version table as loaded by rt_session_load(). */
	int table_exists;
	unsigned char *applied;		/* n_revisions flags; owned */
	struct rt_applied *rows;	/* n_revisions entries; owned */
	char **unknown;			/* revision ids the plan lacks; owned */
	uint32_t n_unknown;
	uint32_t *duplicated;		/* revisions with more than one row; owned */
	uint32_t n_duplicated;
	int holes;			/* set by rt_session_check: an applied
					 * revision lacks an ancestor's row */
	int drift_committed;		/* check builds its expected schema
					 * committed: no event triggers (drift.c) */
};

/* ---- msg.c: output, password scrubbing, allocation, usage errors -------
 * msg.c, plan.c and sqlout.c do not use libpq: migc links them too, so
 * that `migc sql` prints exactly what the migrator's `sql` prints. */

/* printf to stdout / stderr; on stderr the password of any connection
 * string in the text is replaced by "********" (nothing else is). */
void rt_out(struct rt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rt_errf(struct rt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "<prog>: error: <message>\n" on stderr, scrubbed. */
void rt_error(struct rt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Allocation that never returns NULL: out of memory prints and exits 5.
 * The caller owns (and frees) the result. */
void *rt_xcalloc(size_t n, size_t size);
char *rt_xstrdup(const char *s);
char *rt_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `s` with every control character and backslash written \xNN: for text
 * read from the database (revision ids) that is quoted in a message.
 * Newly allocated (caller frees). */
char *rt_escape(const char *s);
/* 1 when `s` looks like a connection string (a postgres[ql]:// URL, any
 * URL, or libpq's key=value form): such an argument is never echoed. */
int rt_is_conninfo(const char *s);
/* `text` with the password of every connection string in it replaced by
 * "********" and control characters written \xNN, as stderr gets it.
 * Newly allocated (caller frees). */
char *rt_scrub(const char *text);
/* Whether `arg` is exactly a password this run knows (PGPASSWORD,
 * DATABASE_PASSWORD, the one in --url or DATABASE_URL): a positional
 * argument that is one is shown as "********" in every message. */
int rt_is_password(const struct rt_ctx *ctx, const char *arg);
/* `s` as a JSON string on stdout (control characters as \u00XX); NULL
 * as null. */
void rt_out_json(struct rt_ctx *ctx, const char *s);
/* Prints a usage error plus a pointer to --help; returns RT_EXIT_USAGE. */
int rt_usage_error(struct rt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
