/*
 * drift_out.c - the differences between the expected and the live catalog
 * reads of `check` (catalog_compare(), common/), printed as text or JSON.
 *
 * Objects are matched by key (catalog.h): one only in the expected read is
 * missing in the database, one only in the live read is not expected, one
 * in both with other SQL differs.  Tables compare by presence and
 * partitioning only (catalog_compare): their columns are objects of their
 * own and compare one by one.  The columns of
 * a table that is missing or not expected as a whole are not listed again
 * (the table's statement lists them); its constraints, indexes and
 * comments are.  Output is sorted by key, so the same databases always
 * give the same bytes.  Objects of the live read that migc's language
 * cannot express (catalog.h's unsupported list) are named, not compared.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "rt.h"
#include "rt_drift.h"

/* ---- text ---------------------------------------------------------------- */

/* `sql` after `label`, continuation lines indented under the first. */
static void put_sql(struct rt_ctx *ctx, const char *label, const char *sql)
{
	size_t pad = strlen(label);
	const char *p = sql;

	rt_out(ctx, "%s", label);
	for (;;) {
		const char *nl = strchr(p, '\n');

		if (!nl) {
			rt_out(ctx, "%s\n", p);
			return;
		}
		rt_out(ctx, "%.*s\n%*s", (int)(nl - p), p, (int)pad, "");
		p = nl + 1;
	}
}

static void print_text(struct rt_ctx *ctx, const struct catalog_diff *d, size_t n,
		       size_t n_expected, const char *revision)
{
	static const char *const titles[] = {
		[CATALOG_MISSING] = "missing in database:",
		[CATALOG_UNEXPECTED] = "not expected:",
		[CATALOG_DIFFERS] = "differs:",
	};

	if (n == 0) {
		rt_out(ctx, "clean: the database matches revision %s (%zu objects)\n",
			  revision, n_expected);
		return;
	}
	for (int kind = CATALOG_MISSING; kind <= CATALOG_DIFFERS; kind++) {
		int any = 0;

		for (size_t i = 0; i < n; i++) {
			if ((int)d[i].kind != kind)
				continue;
			if (!any)
				rt_out(ctx, "%s\n", titles[kind]);
			any = 1;
			rt_out(ctx, "  %s\n", catalog_diff_key(&d[i]));
			if (kind == CATALOG_DIFFERS) {
				put_sql(ctx, "      expected: ", d[i].expected->sql);
				put_sql(ctx, "      database: ", d[i].actual->sql);
			} else {
				put_sql(ctx, "      ", (d[i].expected ? d[i].expected
							    : d[i].actual)->sql);
			}
		}
	}
	rt_out(ctx, "drift: %zu difference%s between the database and revision %s\n",
		  n, n == 1 ? "" : "s", revision);
}

/* ---- JSON ---------------------------------------------------------------- */

static void print_json(struct rt_ctx *ctx, const struct catalog_diff *d, size_t n,
		       const char *revision, int consistent,
		       const struct catalog *actual)
{
	static const char *const kinds[] = {
		[CATALOG_MISSING] = "missing",
		[CATALOG_UNEXPECTED] = "unexpected",
		[CATALOG_DIFFERS] = "differs",
	};

	rt_out(ctx, "{\"revision\": ");
	rt_out_json(ctx, revision);
	rt_out(ctx, ", \"clean\": %s, \"consistent\": %s, \"differences\": [",
		  n == 0 ? "true" : "false", consistent ? "true" : "false");
	for (size_t i = 0; i < n; i++) {
		rt_out(ctx, "%s\n  {\"kind\": \"%s\", \"key\": ", i ? "," : "",
			  kinds[d[i].kind]);
		rt_out_json(ctx, catalog_diff_key(&d[i]));
		rt_out(ctx, ", \"expected\": ");
		rt_out_json(ctx, d[i].expected ? d[i].expected->sql : NULL);
		rt_out(ctx, ", \"actual\": ");
		rt_out_json(ctx, d[i].actual ? d[i].actual->sql : NULL);
		rt_out(ctx, "}");
	}
	rt_out(ctx, "%s], \"not_compared\": [", n ? "\n" : "");
	for (size_t i = 0; i < actual->n_unsupported; i++) {
		rt_out(ctx, "%s", i ? ", " : "");
		rt_out_json(ctx, actual->unsupported[i]);
	}
	rt_out(ctx, "]}\n");
}

/* What the live read found but migc cannot express (views, functions,
 * triggers, ...: usually made by execute blocks) is not compared: say so. */
static void note_unsupported(struct rt_ctx *ctx, const struct catalog *actual)
{
	if (actual->n_unsupported == 0)
		return;
	rt_errf(ctx, "%s: note: not compared (migc's language cannot express them):",
		   ctx->prog);
	for (size_t i = 0; i < actual->n_unsupported; i++)
		rt_errf(ctx, "%s %s", i ? "," : "", actual->unsupported[i]);
	rt_errf(ctx, "\n");
}

int rt_drift_print(struct rt_ctx *ctx, const struct catalog *expected,
		      const struct catalog *actual, const char *revision,
		      int json, int consistent)
{
	size_t n;
	/* a missing or unexpected table lists its columns itself */
	struct catalog_diff *d = catalog_compare(expected, actual, 1u << CATALOG_COLUMN, &n);

	if (json)
		print_json(ctx, d, n, revision, consistent, actual);
	else
		print_text(ctx, d, n, expected->n, revision);
	note_unsupported(ctx, actual);
	free(d);
	return (int)n;
}
