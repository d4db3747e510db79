/*
 * rt_drift.h - `check`: the expected schema in scratch schemas
 * (drift_build.c) and the comparison and its output (drift_out.c).
 *
 * Private to the runtime (never installed); rt.h has the context.
 */
#ifndef RT_RT_DRIFT_H
#define RT_RT_DRIFT_H

#include "rt.h"

/* ---- drift_build.c: check's expected schema ---------------------------- */

/* Why a replay in one transaction could not finish (rt_drift_build). */
#define RT_DRIFT_UNSAFE_ENUM 1	/* an enum value used before its commit */
#define RT_DRIFT_LOCKS 2		/* the shared lock table is full */

/* Whether the expected schema holds event triggers: the session is a
 * superuser's (creating one takes that); then both reads compare them. */
int rt_drift_evtrigs(struct rt_ctx *ctx);
/* Keeps the database's event triggers (those enabled for the origin, the
 * default) from firing on the scratch build's DDL: session_replication_role
 * replica, for the transaction (local) or the session.  Only a superuser
 * may: 0 when not one, 1 done, -1 after an error (printed). */
int rt_drift_quiet_evtrigs(struct rt_ctx *ctx, int local);
/* MIGRT_CHECK_PREFIX + schema (caller frees). */
char *rt_drift_scratch_name(const char *schema);
/* Creates the scratch schemas and replays the applied revisions' check
 * statements: inside the caller's transaction, or (committed) each
 * revision in its own committed transaction, dropping everything again on
 * failure.  Sets *unsafe (RT_DRIFT_*) instead of failing when
 * PostgreSQL refuses an enum value that is not committed yet or runs out
 * of lock table.  Returns an exit status. */
int rt_drift_build(struct rt_ctx *ctx, int committed, int *unsafe);
/* drift_model.c: inside the caller's transaction, after the base scratch
 * schemas exist, builds the expected schema from the applied head's model
 * statements when the plan has them for exactly the applied revisions.
 * 1 built (or *unsafe set: the lock table is full), 0 not applicable or
 * failed (rolled back to a savepoint: replay instead), -1 the connection
 * failed. */
int rt_drift_model(struct rt_ctx *ctx, int *unsafe);
/* The same committed, RT_MODEL_CHUNK statements per transaction, each
 * starting with the statement `path` (SET LOCAL search_path ...): 1 built,
 * 0 not applicable, -1 failed (what it built is left for the caller to
 * drop). */
int rt_drift_model_committed(struct rt_ctx *ctx, const char *path);
/* The applied head's predicted catalog read (plan ABI 7) in `out` (the
 * caller frees it with catalog_free): 1, 2 when it is partial (ABI 8: the
 * rest is built by rt_drift_build_partial), or 0 (out empty) when the
 * plan has none for exactly the applied revisions. */
struct catalog;
int rt_drift_model_catalog(const struct rt_ctx *ctx, struct catalog *out);
/* Inside the caller's transaction, after the base scratch schemas and the
 * search_path: the head's check_partial statements, in a savepoint.  1
 * built, 0 not (none, or the server refused: rolled back to the savepoint,
 * nothing printed), -1 the connection failed. */
int rt_drift_model_partial(struct rt_ctx *ctx);
/* drift_build.c: the base scratch schemas, the search_path, then
 * rt_drift_model_partial(): an exit status, *built 1 when it built. */
int rt_drift_build_partial(struct rt_ctx *ctx, int *built);
/* Drops every scratch schema of the plan that exists (leftovers: with a
 * note naming it).  Returns an exit status. */
int rt_drift_drop(struct rt_ctx *ctx, int leftovers);

/* ---- drift_out.c: check's comparison and output ----------------------- */

/* Compares the expected and the live read by key and prints the
 * differences as text or (json) JSON on stdout; `revision` names the
 * applied heads, `consistent` is false when the version table did not match
 * the plan.  Returns the number of differences. */
int rt_drift_print(struct rt_ctx *ctx, const struct catalog *expected,
		      const struct catalog *actual, const char *revision,
		      int json, int consistent);

#endif
