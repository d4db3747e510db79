/*
 * drift_model.c - `check`'s fast path: the expected schema built from the
 * compiler's model at the head instead of the replay of every applied
 * revision (plan ABI 6, migrt_revision.check_model).
 *
 * When the database's applied revisions are exactly one head and its
 * ancestors, and the compiler marked that head's model statements exact,
 * those statements (one per object, mapped into the scratch schemas like
 * check_upgrade) are sent in one round trip inside a savepoint of the
 * caller's transaction.  A failure other than a full lock table rolls back
 * to the savepoint and says "replay": the caller then replays the history
 * as before, so the verdict never depends on the fast path working.
 *
 * rt_drift_model_catalog() gives the same head's predicted catalog read
 * (plan ABI 7, check_catalog) when the compiler wrote one: `check` then
 * compares the live read with it first and builds nothing when they
 * match.  When the prediction is partial (ABI 8, check_partial),
 * rt_drift_model_partial() builds only the statements the compiler picked
 * (what it could not predict and what that needs), in a savepoint; any
 * failure rolls back to it and says so, and check builds everything.
 * A history the model cannot restate whole (plain SQL, partitions: ABI 9)
 * has its closure (check_hist: the model's create schemas, then the
 * history statements of the objects only the server can normalise) run
 * first in that savepoint; the head's check_model_exact is then 0, so the
 * model build above is never tried for it.  The enum values a revision
 * adds and a later one uses, and a full lock table, make the savepoint
 * fail like any refusal: check then takes its other paths (drift_build.c).
 *
 * Guarantees: runs only inside the caller's transaction (which the caller
 * rolls back); prints nothing; leaves the transaction usable on every
 * path but a lost connection.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog.h"
#include "rt.h"
#include "rt_db.h"
#include "rt_drift.h"
#include "rt_plan.h"

/* SQLSTATE out_of_memory: "out of shared memory" when the lock table is full */
#define RT_SQLSTATE_OUT_OF_MEMORY "53200"

/* The applied head, or NULL unless there is exactly one (with no holes,
 * checked by the caller, the applied set is then that head and its
 * ancestors). */
static const struct migrt_revision *applied_head(const struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	unsigned char *heads = rt_xcalloc(plan->n_revisions + 1, 1);
	const struct migrt_revision *found = NULL;
	uint32_t n = 0;

	rt_plan_set_heads(plan, ctx->applied, heads);
	for (uint32_t i = 0; i < plan->n_revisions; i++)
		if (heads[i]) {
			n++;
			found = &plan->revisions[i];
		}
	free(heads);
	return n == 1 ? found : NULL;
}

/* The head whose model statements stand for the applied revisions, or
 * NULL: the applied head, marked exact. */
static const struct migrt_revision *model_head(const struct rt_ctx *ctx)
{
	const struct migrt_revision *r = applied_head(ctx);

	return r && r->check_model_exact ? r : NULL;
}

/* The applied head whose catalog read the compiler predicted, or NULL. */
static const struct migrt_revision *predicted_head(const struct rt_ctx *ctx)
{
	const struct migrt_revision *r = applied_head(ctx);

	return r && r->check_catalog_exact ? r : NULL;
}

/* The i-th statement of a script: first the history closure's (with
 * `hist`), then check_model's, `pick` (with `hist`) the indexes of those
 * to take. */
static const char *script_stmt(const struct migrt_revision *r, int hist, const uint32_t *pick,
			       uint32_t i)
{
	uint32_t nh = hist ? r->n_check_hist : 0;

	if (i < nh)
		return r->check_hist[i].sql;
	i -= nh;
	return r->check_model[hist ? pick[i] : i].sql;
}

/* The statements as one script, ';' after each (caller frees): with
 * `hist`, check_hist first (and then only check_model's `pick`); else
 * check_model, all of it. */
static char *script_of(const struct migrt_revision *r, int hist, const uint32_t *pick,
		       uint32_t n_pick)
{
	size_t len = 1, k = 0;
	uint32_t n_all = hist ? r->n_check_hist + n_pick : r->n_check_model;
	char *out;

	for (uint32_t i = 0; i < n_all; i++)
		len += strlen(script_stmt(r, hist, pick, i)) + 2;
	out = rt_xcalloc(len, 1);
	for (uint32_t i = 0; i < n_all; i++) {
		const char *sql = script_stmt(r, hist, pick, i);
		size_t n = strlen(sql);

		memcpy(out + k, sql, n);
		k += n;
		out[k++] = ';';
		out[k++] = '\n';
	}
	out[k] = 0;
	return out;
}

static char *script(const struct migrt_revision *r)
{
	return script_of(r, 0, NULL, 0);
}

/* Runs `sql`; 0 done, -1 failed (nothing printed). */
static int quiet_command(struct rt_ctx *ctx, const char *sql)
{
	PGresult *res = PQexec(ctx->conn, sql);
	int ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;

	PQclear(res);
	return ok ? 0 : -1;
}

/* Statements per transaction of the committed build: each CREATE keeps
 * about ten locks until its transaction ends. */
#define RT_MODEL_CHUNK 200

/* Runs statements [from, to) of `r` in one committed transaction with
 * search_path `path`; 0 done, 1 the lock table was full, -1 failed. */
static int run_chunk(struct rt_ctx *ctx, const struct migrt_revision *r, uint32_t from,
		     uint32_t to, const char *path)
{
	struct migrt_revision part = *r;
	char *sql, *all;
	PGresult *res;
	const char *state;
	int rc;

	part.check_model = r->check_model + from;
	part.n_check_model = to - from;
	sql = script(&part);
	all = rt_xprintf("BEGIN;\n%s;\n%sCOMMIT", path, sql);
	free(sql);
	res = PQexec(ctx->conn, all);
	free(all);
	if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
		PQclear(res);
		return 0;
	}
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	rc = state && strcmp(state, RT_SQLSTATE_OUT_OF_MEMORY) == 0 ? 1 : -1;
	PQclear(res);
	quiet_command(ctx, "ROLLBACK");
	return rc;
}

int rt_drift_model_committed(struct rt_ctx *ctx, const char *path)
{
	const struct migrt_revision *head = model_head(ctx);
	uint32_t i = 0, chunk = RT_MODEL_CHUNK;

	if (!head)
		return 0;
	while (i < head->n_check_model) {
		uint32_t to = i + chunk < head->n_check_model ? i + chunk
			      : head->n_check_model;
		int rc = run_chunk(ctx, head, i, to, path);

		if (rc == 0)
			i = to;
		else if (rc > 0 && chunk > 1)
			chunk /= 2;
		else
			return -1;
	}
	return 1;
}

int rt_drift_model(struct rt_ctx *ctx, int *unsafe)
{
	const struct migrt_revision *head = model_head(ctx);
	PGresult *res;
	const char *state;
	char *sql;

	if (!head)
		return 0;
	if (head->n_check_model == 0)
		return 1;	/* an empty schema: the base scratch schemas */
	if (quiet_command(ctx, "SAVEPOINT migc_check_model") < 0)
		return -1;
	sql = script(head);
	res = PQexec(ctx->conn, sql);
	free(sql);
	if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
		PQclear(res);
		return quiet_command(ctx, "RELEASE SAVEPOINT migc_check_model") < 0 ? -1 : 1;
	}
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state && strcmp(state, RT_SQLSTATE_OUT_OF_MEMORY) == 0)
		*unsafe = RT_DRIFT_LOCKS;
	PQclear(res);
	if (quiet_command(ctx, "ROLLBACK TO SAVEPOINT migc_check_model") < 0)
		return -1;
	return *unsafe ? 1 : 0;
}

int rt_drift_model_partial(struct rt_ctx *ctx)
{
	const struct migrt_revision *head = predicted_head(ctx);
	char *sql;
	int ok;

	if (!head || (!head->n_check_partial && !head->n_check_hist))
		return 0;
	if (quiet_command(ctx, "SAVEPOINT migc_check_partial") < 0)
		return -1;
	/* the model's create schemas and the history closure, then the rest */
	sql = script_of(head, 1, head->check_partial, head->n_check_partial);
	ok = quiet_command(ctx, sql) == 0;
	free(sql);
	if (ok)
		return quiet_command(ctx, "RELEASE SAVEPOINT migc_check_partial") < 0 ? -1 : 1;
	return quiet_command(ctx, "ROLLBACK TO SAVEPOINT migc_check_partial") < 0 ? -1 : 0;
}

int rt_drift_model_catalog(const struct rt_ctx *ctx, struct catalog *out)
{
	const struct migrt_revision *head = predicted_head(ctx);

	memset(out, 0, sizeof *out);
	if (!head)
		return 0;
	out->n = head->n_check_catalog;
	out->objects = rt_xcalloc(out->n + 1, sizeof *out->objects);
	for (uint32_t i = 0; i < head->n_check_catalog; i++) {
		const struct migrt_catrow *r = &head->check_catalog[i];
		struct catalog_object *o = &out->objects[i];

		o->kind = (enum catalog_kind)r->kind;
		o->key = rt_xstrdup(r->key);
		o->sql = rt_xstrdup(r->sql);
		o->schema = rt_xstrdup(r->schema);
		o->table = r->table ? rt_xstrdup(r->table) : NULL;
		o->name = r->name ? rt_xstrdup(r->name) : NULL;
	}
	return head->n_check_partial || head->n_check_hist ? 2 : 1;
}
