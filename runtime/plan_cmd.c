/*
 * plan_cmd.c - `plan [upgrade|downgrade] [TARGET]` and `upgrade|downgrade
 * --dry-run`: what a run would do to this database, before it runs.
 *
 * Guarantees: changes nothing and waits for no one.  The version table is
 * read without the migrators' advisory lock (rt_session_begin with
 * ctx->no_lock), nothing is created, and the sizes are read in a READ ONLY
 * transaction that is rolled back; reading pg_class and the relations'
 * sizes takes no lock that conflicts with anything but ACCESS EXCLUSIVE
 * (pg_total_relation_size takes ACCESS SHARE for a moment), and gives up
 * after RT_PLAN_LOCK_TIMEOUT behind a session that holds one.
 *
 * The locks, effects and findings are the compiler's (struct
 * migrt_stmt_info, compiler/lint/lock_table.c); the sizes are the
 * database's now: a table created earlier in the same run shows as new.
 * Exit status: 0, or 1 when a finding weighs as an error with these sizes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_plan.h"
#include "rt_planview.h"

/* Every relation the listed statements name, once. */
static void collect_rels(struct rt_plan_view *v)
{
	const struct migrt_plan *plan = v->ctx->plan;
	size_t cap = 0;
	uint32_t k, i, l;

	for (k = 0; k < v->n; k++) {
		const struct migrt_revision *r = &plan->revisions[v->list[k]];
		uint32_t ns = v->up ? r->n_upgrade : r->n_downgrade;

		for (i = 0; i < ns; i++) {
			const struct migrt_stmt_info *in = rt_pv_info(v, v->list[k], i);

			for (l = 0; in && l <= in->n_locks; l++) {
				const char *rel = l < in->n_locks ? in->locks[l].relation
								  : in->table;
				if (!rel || rt_pv_rel(v, rel))
					continue;
				if (v->n_sizes == cap) {
					cap = cap ? 2 * cap : 16;
					v->sizes = realloc(v->sizes, cap * sizeof *v->sizes);
					if (!v->sizes) {
						rt_error(v->ctx, "out of memory");
						exit(RT_EXIT_DB);
					}
				}
				memset(&v->sizes[v->n_sizes], 0, sizeof *v->sizes);
				v->sizes[v->n_sizes++].rel = rt_xstrdup(rel);
			}
		}
	}
}

#define SIZES_SQL \
	"SELECT c.oid IS NOT NULL, coalesce(c.reltuples, 0)::bigint, " \
	"coalesce(pg_total_relation_size(c.oid), 0) " \
	"FROM unnest($1::text[]) WITH ORDINALITY AS u(r, i) " \
	"LEFT JOIN pg_catalog.pg_class c ON c.oid = to_regclass(u.r) ORDER BY u.i"

/* The sizes, read in a READ ONLY transaction that is rolled back. */
static int read_sizes(struct rt_plan_view *v)
{
	struct rt_ctx *ctx = v->ctx;
	const char **names;
	const char *params[1];
	char *arr;
	PGresult *res;
	size_t i;

	if (v->n_sizes == 0)
		return RT_EXIT_OK;
	if (rt_db_command(ctx, "cannot start a read-only transaction",
			  "BEGIN TRANSACTION READ ONLY", 0, NULL) < 0 ||
	    rt_db_command(ctx, "cannot set lock_timeout",
			  "SELECT set_config('lock_timeout', '" RT_PLAN_LOCK_TIMEOUT "', true)",
			  0, NULL) < 0)
		return RT_EXIT_DB;
	names = rt_xcalloc(v->n_sizes, sizeof *names);
	for (i = 0; i < v->n_sizes; i++)
		names[i] = v->sizes[i].rel;
	arr = rt_text_array(names, v->n_sizes);
	params[0] = arr;
	res = rt_db_query(ctx, "cannot read the tables' sizes", SIZES_SQL, 1, params);
	free(arr);
	free(names);
	if (!res)
		return RT_EXIT_DB;
	for (i = 0; i < v->n_sizes && (int)i < PQntuples(res); i++) {
		v->sizes[i].exists = strcmp(PQgetvalue(res, (int)i, 0), "t") == 0;
		v->sizes[i].rows = atoll(PQgetvalue(res, (int)i, 1));
		v->sizes[i].bytes = atoll(PQgetvalue(res, (int)i, 2));
	}
	PQclear(res);
	if (rt_db_command(ctx, "cannot end the read-only transaction", "ROLLBACK", 0,
			  NULL) < 0)
		return RT_EXIT_DB;
	return RT_EXIT_OK;
}

/* Counts the findings that weigh as errors. */
static void count_errors(struct rt_plan_view *v)
{
	const struct migrt_plan *plan = v->ctx->plan;
	uint32_t k, i, f;

	for (k = 0; k < v->n; k++) {
		const struct migrt_revision *r = &plan->revisions[v->list[k]];
		uint32_t ns = v->up ? r->n_upgrade : r->n_downgrade;

		for (i = 0; i < ns; i++) {
			const struct migrt_stmt_info *in = rt_pv_info(v, v->list[k], i);
			const struct rt_rel_size *sz = rt_pv_size(v, in);

			for (f = 0; in && f < in->n_findings; f++)
				if (strcmp(rt_pv_severity(v, &in->findings[f], sz), "error") == 0)
					v->n_errors++;
		}
	}
}

static void view_free(struct rt_plan_view *v)
{
	size_t i;

	for (i = 0; i < v->n_sizes; i++)
		free(v->sizes[i].rel);
	free(v->sizes);
	free(v->at);
	rt_pv_preflight_free(v);
}

/* Selects the run, reads the sizes; fills *v.  Returns an exit status. */
static int view_build(struct rt_ctx *ctx, int up, int argc, char **argv,
		      uint32_t **list, struct rt_plan_view *v)
{
	int rc;

	memset(v, 0, sizeof *v);
	v->ctx = ctx;
	v->up = up;
	v->small_table = ctx->small_table > 0 ? ctx->small_table : RT_PLAN_SMALL_TABLE;
	v->large_table = ctx->large_table > 0 ? ctx->large_table : RT_PLAN_LARGE_TABLE;
	ctx->no_lock = 1;
	if ((rc = rt_select_run(ctx, up, argc, argv, list, &v->n)))
		return rc;
	v->list = *list;
	v->at = rt_plan_describe(ctx->plan, ctx->applied);
	collect_rels(v);
	if ((rc = read_sizes(v)))
		return rc;
	count_errors(v);
	return rt_pv_preflight(v);
}

int rt_cmd_plan(struct rt_ctx *ctx, int argc, char **argv)
{
	struct rt_plan_view v;
	uint32_t *list = NULL;
	int up = 1, rc;
	const char *fmt = ctx->format ? ctx->format : "text";

	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0 &&
	    strcmp(fmt, "markdown") != 0 && strcmp(fmt, "github") != 0)
		return rt_usage_error(ctx, "bad --format \"%s\": expected text, json, markdown "
				      "or github", fmt);
	if (argc > 0 && (strcmp(argv[0], "upgrade") == 0 || strcmp(argv[0], "downgrade") == 0)) {
		up = argv[0][0] == 'u';
		argc--;
		argv++;
	}
	rc = view_build(ctx, up, argc, argv, &list, &v);
	if (rc == RT_EXIT_OK) {
		if (strcmp(fmt, "json") == 0)
			rt_plan_out_json(&v);
		else if (strcmp(fmt, "markdown") == 0)
			rt_plan_out_markdown(&v);
		else if (strcmp(fmt, "github") == 0)
			rt_plan_out_github(&v);
		else
			rt_plan_out_text(&v);
		rc = v.n_errors ? RT_EXIT_FAILED : RT_EXIT_OK;
	}
	view_free(&v);
	free(list);
	return rc;
}

int rt_cmd_dry_run(struct rt_ctx *ctx, int up, int argc, char **argv)
{
	struct rt_plan_view v;
	uint32_t *list = NULL;
	int rc;

	rc = view_build(ctx, up, argc, argv, &list, &v);
	if (rc == RT_EXIT_OK) {
		rt_plan_out_text(&v);
		if (v.n) {
			rt_out(ctx, "\n");
			rt_sql_print_list(ctx, v.list, v.n, up, up && !ctx->table_exists);
		}
		rc = v.n_errors ? RT_EXIT_FAILED : RT_EXIT_OK;
	}
	view_free(&v);
	free(list);
	return rc;
}
