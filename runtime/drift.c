/*
 * drift.c - the `check` command: does the live schema match the schema the
 * applied revisions should have given it?
 *
 * The expected schema is built by PostgreSQL itself, so that types and
 * expressions compare exactly as the server prints them (no false drift
 * from now() against CURRENT_TIMESTAMP): inside one transaction, scratch
 * schemas named MIGRT_CHECK_PREFIX + S are created, the expected schema
 * is built in them - from the head's model statements when the database
 * is at a head the compiler wrote them for (drift_model.c), else by
 * replaying the compiler's check_upgrade statements of every applied
 * revision (the upgrades mapped into those schemas) in topological
 * order - both the live
 * schemas and the scratch ones are read from the catalogs (catalog.c, the
 * scratch ones shown under their live names), and the transaction is
 * always rolled back: check leaves nothing behind.  drift_build.c builds
 * the scratch schemas (with a committed fallback for enum values, see
 * read_both); drift_out.c compares the two reads and prints the result.
 * First, when the compiler predicted the catalog read of the applied head
 * (plan ABI 7, read_predicted), the live schema is compared with that
 * alone, and nothing is built when they match; when the prediction is
 * partial (ABI 8), only what it leaves out, and what that needs, is built
 * and read back first, and merged with it.  Any difference is reported
 * from the full scratch build, so the prediction never decides what a
 * drifted database is told.
 *
 * Guarantees: the migrator lock is held like every command that reads the
 * version table; nothing outside the scratch schemas is created, altered or
 * locked beyond a catalog read; the transaction ends in ROLLBACK on every
 * path (closing the connection rolls back what an error left open).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog.h"
#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_drift.h"
#include "rt_plan.h"

struct drift_schemas {
	char **names;		/* as they exist in the database; owned */
	char **shown;		/* the live names, for scratch reads; owned */
	size_t n;
};

static void schemas_free(struct drift_schemas *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->names[i]);
		free(s->shown[i]);
	}
	free(s->names);
	free(s->shown);
	memset(s, 0, sizeof *s);
}

/* Says plainly why a role or server that cannot write cannot run check.
 * Returns 0 or an exit status (error printed). */
static int check_writable(struct rt_ctx *ctx)
{
	PGresult *res = rt_db_query(ctx, "cannot check the session's privileges",
				       "SELECT has_database_privilege(current_database(), 'CREATE'), "
				       "current_setting('transaction_read_only'), "
				       "current_database(), current_user",
				       0, NULL);
	int rc = RT_EXIT_OK;

	if (!res)
		return RT_EXIT_DB;
	if (strcmp(PQgetvalue(res, 0, 1), "on") == 0) {
		rt_error(ctx, "check cannot run in a read-only session: it builds the "
			    "expected schema in scratch schemas inside a transaction that it "
			    "rolls back, which needs a writable primary and the CREATE "
			    "privilege on the database");
		rc = RT_EXIT_DB;
	} else if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		rt_error(ctx, "check needs the CREATE privilege on database \"%s\", "
			    "which role \"%s\" lacks: it builds the expected schema in "
			    "scratch schemas (%s*) inside a transaction that it rolls back, "
			    "so nothing is left behind",
			    PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3),
			    MIGRT_CHECK_PREFIX);
		rc = RT_EXIT_DB;
	}
	PQclear(res);
	return rc;
}

/* Which of the plan's schemas exist, in plan order; `scratch` looks for
 * the scratch copy of each and shows it under its live name. */
static int existing_schemas(struct rt_ctx *ctx, int scratch,
			    struct drift_schemas *out)
{
	const struct migrt_plan *plan = ctx->plan;

	out->names = rt_xcalloc(plan->n_schemas + 1, sizeof *out->names);
	out->shown = rt_xcalloc(plan->n_schemas + 1, sizeof *out->shown);
	for (uint32_t i = 0; i < plan->n_schemas; i++) {
		/* --schema: the tenant's schema is read as the default one */
		char *name = scratch ? rt_drift_scratch_name(plan->schemas[i])
			     : rt_xstrdup(i == 0 && ctx->schema ? ctx->schema
						      : plan->schemas[i]);
		const char *params[1] = { name };
		PGresult *res = rt_db_query(ctx, "cannot look up a schema",
					       "SELECT 1 FROM pg_namespace WHERE nspname = $1",
					       1, params);

		if (!res) {
			free(name);
			return RT_EXIT_DB;
		}
		if (PQntuples(res) == 1) {
			out->names[out->n] = name;
			out->shown[out->n] = rt_xstrdup(plan->schemas[i]);
			out->n++;
		} else {
			free(name);
		}
		PQclear(res);
	}
	return RT_EXIT_OK;
}

/* The version table as catalog_read's exclude list wants it:
 * "schema.table" (caller frees). */
static char *version_table_key(const struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	const char *t = plan->version_table_display;

	/* a tenant's: in NAME, read under the default schema's name */
	if (ctx->schema && plan->n_schemas)
		return rt_xprintf("%s.%s", plan->schemas[0],
				  ctx->compiled->version_table_display);
	if (strchr(t, '.') || plan->n_schemas == 0)
		return rt_xstrdup(t);
	return rt_xprintf("%s.%s", plan->schemas[0], t);
}

static int read_side(struct rt_ctx *ctx, int scratch, struct catalog *out)
{
	struct drift_schemas s = { 0 };
	char *vt = version_table_key(ctx);
	size_t i, n_foreign = 0;
	/* the live side leaves out the other tool's table `adopt` kept */
	char **foreign = scratch ? NULL : rt_adopt_foreign_tables(ctx, &n_foreign);
	const char **exclude = rt_xcalloc(n_foreign + 1, sizeof *exclude);
	char *err = NULL;
	int rc = scratch || foreign ? existing_schemas(ctx, scratch, &s) : RT_EXIT_DB;

	exclude[0] = vt;
	for (i = 0; i < n_foreign; i++) {
		exclude[i + 1] = foreign[i];
		rt_errf(ctx, "%s: note: not compared: %s, another migration tool's version "
			   "table (see adopt)\n", ctx->prog, foreign[i]);
	}
	if (rc == RT_EXIT_OK &&
	    catalog_read_with(ctx->conn, (const char *const *)s.names,
			      (const char *const *)s.shown, s.n, exclude, n_foreign + 1,
			      (ctx->plan->flags & MIGRT_PLAN_COMPARE_GRANTS ? CATALOG_READ_GRANTS : 0) |
			      (ctx->plan->flags & MIGRT_PLAN_COMPARE_OWNERS ? CATALOG_READ_OWNERS : 0) |
			      (rt_drift_evtrigs(ctx) ? CATALOG_READ_EVTRIGS : 0),
			      out, &err) < 0) {
		rt_error(ctx, "cannot read the %s schema from the catalogs: %s",
			    scratch ? "expected" : "live", err ? err : "unknown error");
		free(err);
		rc = RT_EXIT_DB;
	}
	schemas_free(&s);
	free(vt);
	for (i = 0; i < n_foreign; i++)
		free(foreign[i]);
	free(foreign);
	free(exclude);
	return rc;
}

/* Reads one side in a transaction of its own, rolled back.  With
 * `server` (a partial prediction, plan ABI 8): after the live read, in
 * the same transaction, the unpredicted objects are built in the scratch
 * schemas and read back into *server (*built 1), unless the server
 * refused them (*built 0, nothing printed). */
static int read_rolled_back(struct rt_ctx *ctx, int scratch, struct catalog *out,
			    struct catalog *server, int *built)
{
	int rc;

	if (rt_db_command(ctx, "cannot begin a transaction", "BEGIN", 0, NULL) < 0)
		return RT_EXIT_DB;
	rc = read_side(ctx, scratch, out);
	if (server && rc == RT_EXIT_OK && rt_drift_quiet_evtrigs(ctx, 1) < 0)
		rc = RT_EXIT_DB;
	if (server && rc == RT_EXIT_OK)
		rc = rt_drift_build_partial(ctx, built);
	if (server && rc == RT_EXIT_OK && *built)
		rc = read_side(ctx, 1, server);
	/* an error leaves the transaction aborted: ROLLBACK ends it either way */
	if (rt_db_command(ctx, "cannot end the read", "ROLLBACK", 0, NULL) < 0 &&
	    rc == RT_EXIT_OK)
		rc = RT_EXIT_DB;
	return rc;
}

/* Builds the expected schema and reads both sides, in one transaction
 * that is rolled back whatever happens.  When PostgreSQL refuses that
 * (an enum value added by one applied revision is used by a later one:
 * new enum values cannot be used before they are committed; or the lock
 * table is full), the expected schema is built again revision by
 * revision, committed, read, and dropped (drift_build.c). */
static int read_both(struct rt_ctx *ctx, struct catalog *expected,
		     struct catalog *actual, int have_actual)
{
	int rc, unsafe = 0;

	if ((rc = rt_drift_drop(ctx, 1)) != RT_EXIT_OK)
		return rc;
	if (rt_db_command(ctx, "cannot begin a transaction", "BEGIN", 0, NULL) < 0)
		return RT_EXIT_DB;
	/* the live schema is read first, before any scratch object exists
	 * (or was, by read_predicted) */
	if (!have_actual)
		rc = read_side(ctx, 0, actual);
	if (rc == RT_EXIT_OK && rt_drift_quiet_evtrigs(ctx, 1) < 0)
		rc = RT_EXIT_DB;
	if (rc == RT_EXIT_OK)
		rc = rt_drift_build(ctx, 0, &unsafe);
	if (rc == RT_EXIT_OK && !unsafe)
		rc = read_side(ctx, 1, expected);
	/* an error leaves the transaction aborted: ROLLBACK ends it either way */
	if (rt_db_command(ctx, "cannot roll back the scratch schemas", "ROLLBACK",
			     0, NULL) < 0 && rc == RT_EXIT_OK)
		rc = RT_EXIT_DB;
	if (rc != RT_EXIT_OK || !unsafe)
		return rc;

	rt_errf(ctx, "%s: note: %s: building the expected schema committed, "
		   "revision by revision, and dropping it afterwards\n", ctx->prog,
		   unsafe == RT_DRIFT_UNSAFE_ENUM
		   ? "an applied revision uses an enum value that an earlier one added, "
		     "which PostgreSQL allows only once the value is committed"
		   : "the expected schema needs more locks in one transaction than "
		     "max_locks_per_transaction allows");
	/* a committed event trigger would fire on every DDL statement in the
	 * database, this build's included, until the drop: none is made, and
	 * none is compared */
	if (rt_drift_evtrigs(ctx))
		rt_errf(ctx, "%s: note: event triggers are not compared when the expected "
			   "schema is built committed\n", ctx->prog);
	ctx->drift_committed = 1;
	catalog_drop_kind(actual, CATALOG_EVTRIG);
	/* for the session: the build and the drop commit in many transactions */
	int quiet = rt_drift_quiet_evtrigs(ctx, 0);
	rc = quiet < 0 ? RT_EXIT_DB : rt_drift_build(ctx, 1, &unsafe);
	if (rc == RT_EXIT_OK)
		rc = read_rolled_back(ctx, 1, expected, NULL, NULL);
	if (rt_drift_drop(ctx, 0) != RT_EXIT_OK && rc == RT_EXIT_OK)
		rc = RT_EXIT_DB;
	if (quiet > 0 && rt_db_command(ctx, "cannot reset session_replication_role",
				       "RESET session_replication_role", 0, NULL) < 0 &&
	    rc == RT_EXIT_OK)
		rc = RT_EXIT_DB;
	return rc;
}

/* The partial prediction's expected read: for every key, `server`'s row
 * (the objects built on the server), else the predicted one; both are
 * emptied (moved into *out, or freed). */
static void merge(struct catalog *predicted, struct catalog *server, struct catalog *out)
{
	struct catalog dropped = { 0 };
	size_t i = 0, k = 0;

	memset(out, 0, sizeof *out);
	out->objects = rt_xcalloc(predicted->n + server->n + 1, sizeof *out->objects);
	dropped.objects = rt_xcalloc(predicted->n + 1, sizeof *dropped.objects);
	while (i < predicted->n || k < server->n) {
		int c = i == predicted->n ? 1 : k == server->n ? -1
			: strcmp(predicted->objects[i].key, server->objects[k].key);

		if (c == 0)
			dropped.objects[dropped.n++] = predicted->objects[i++];
		out->objects[out->n++] = c < 0 ? predicted->objects[i++]
					 : server->objects[k++];
	}
	out->unsupported = server->unsupported;
	out->n_unsupported = server->n_unsupported;
	free(predicted->objects);
	free(server->objects);
	memset(predicted, 0, sizeof *predicted);
	memset(server, 0, sizeof *server);
	catalog_free(&dropped);
}

/* The fast path: when the plan predicts the catalog read of the applied
 * head (plan ABI 7), the live schema is read alone, in a transaction of
 * its own that is rolled back, and compared with the prediction; when the
 * prediction is partial (ABI 8), the same transaction builds what was not
 * predicted (and what it needs) in the scratch schemas and reads it back,
 * and the expected read is the two merged.  Returns an exit status;
 * *clean is set when they match (`expected` then holds the prediction,
 * the verdict), *have_actual when `actual` holds the live read
 * (read_both() reuses it: on any difference the expected schema is built
 * by the server as before, and reported from that). */
static int read_predicted(struct rt_ctx *ctx, struct catalog *expected,
			  struct catalog *actual, int *clean, int *have_actual)
{
	struct catalog predicted, server = { 0 };
	int rc, kind, built = 0;
	size_t n;

	*clean = *have_actual = 0;
	/* a tenant's schema, grants and owners: not predicted */
	if (ctx->schema || (ctx->plan->flags & (MIGRT_PLAN_COMPARE_GRANTS |
						MIGRT_PLAN_COMPARE_OWNERS)))
		return RT_EXIT_OK;
	if (!(kind = rt_drift_model_catalog(ctx, &predicted)))
		return RT_EXIT_OK;
	/* what a committed build left behind goes, as on the other path */
	if ((rc = rt_drift_drop(ctx, 1)) == RT_EXIT_OK)
		rc = read_rolled_back(ctx, 0, actual, kind == 2 ? &server : NULL, &built);
	if (rc == RT_EXIT_OK)
		*have_actual = 1;
	if (rc == RT_EXIT_OK && (kind == 1 || built)) {
		if (kind == 2) {
			merge(&predicted, &server, expected);
		} else {
			*expected = predicted;
			memset(&predicted, 0, sizeof predicted);
		}
		free(catalog_compare(expected, actual, 1u << CATALOG_COLUMN, &n));
		*clean = n == 0;
		if (!*clean)
			catalog_free(expected);
	}
	catalog_free(&predicted);
	catalog_free(&server);
	return rc;
}

/* --format text|json; returns 0 text, 1 json, -1 bad. */
static int parse_format(const char *f)
{
	if (!f || strcmp(f, "text") == 0)
		return 0;
	if (strcmp(f, "json") == 0)
		return 1;
	return -1;
}

/* The applied heads' ids, "a, b", or "base" (caller frees). */
static char *applied_ids(const struct migrt_plan *plan, const unsigned char *applied)
{
	unsigned char *heads = rt_xcalloc(plan->n_revisions + 1, 1);
	char *out = NULL;

	rt_plan_set_heads(plan, applied, heads);
	for (uint32_t i = 0; i < plan->n_revisions; i++) {
		char *old = out;

		if (!heads[i])
			continue;
		out = rt_xprintf("%s%s%s", old ? old : "", old ? ", " : "",
				    plan->revisions[i].id);
		free(old);
	}
	free(heads);
	return out ? out : rt_xstrdup("base");
}

int rt_cmd_check(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	struct catalog expected = { 0 }, actual = { 0 };
	int json = parse_format(ctx->format);
	int rc, consistent;
	char *revision;

	(void)argv;
	if (argc != 0)
		return rt_usage_error(ctx, "check takes no arguments");
	if (json < 0)
		return rt_usage_error(ctx, "bad --format \"%s\": expected text or json",
					 ctx->format);
	if ((rc = rt_session_begin(ctx, RT_SESSION_WRITE)) != RT_EXIT_OK)
		return rc;
	/* unknown revisions, changed checksums, interrupted no_transaction
	 * revisions: reported on stderr, and the comparison still runs */
	consistent = rt_session_check(ctx) == RT_EXIT_OK;
	if (ctx->holes) {
		/* the applied revisions cannot be replayed without an ancestor */
		rt_errf(ctx, "  check cannot replay applied revisions whose ancestors "
			   "are not recorded: nothing was compared\n");
		return RT_EXIT_INCONSISTENT;
	}
	if ((rc = check_writable(ctx)) != RT_EXIT_OK)
		return rc;
	int clean, have_actual;
	rc = read_predicted(ctx, &expected, &actual, &clean, &have_actual);
	if (rc == RT_EXIT_OK && !clean)
		rc = read_both(ctx, &expected, &actual, have_actual);
	if (rc == RT_EXIT_OK) {
		revision = json ? applied_ids(plan, ctx->applied)
			   : rt_plan_describe(plan, ctx->applied);
		int n = rt_drift_print(ctx, &expected, &actual, revision, json,
					  consistent);
		free(revision);
		rc = !consistent ? RT_EXIT_INCONSISTENT
		     : n > 0 ? RT_EXIT_FAILED : RT_EXIT_OK;
	}
	catalog_free(&expected);
	catalog_free(&actual);
	return rc;
}
