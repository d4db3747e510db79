/*
 * fuzz_version_rows.c - the libFuzzer target over the migrator's reading
 * of its version table: hostile rows (hand-edited tables, duplicates once
 * the primary key was dropped, holes, unknown ids, wrong and old-style
 * checksums, odd duration_ms values), without a database.
 *
 * One input is a table: rows separated by '\n', columns (revision,
 * checksum, applied_at, duration_ms) by '\t', at most 64 rows; a missing
 * column is "".  A line whose revision is "#N" names the plan's revision N
 * (mod 5) and a checksum "=" its right checksum, "=1" its v1 checksum, so
 * that the fuzzer reaches valid rows quickly.  The rows go through
 * rt_session_take_rows (what rt_session_begin does with the query's
 * result) and rt_session_check (the report of unknown ids, duplicates,
 * holes, checksum mismatches and interrupted no_transaction revisions),
 * over the plan of fuzz_plan.h.  Reports go to stderr; only crashes,
 * sanitizer reports, leaks and broken invariants (abort) count.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_plan.h"
#include "rt.h"
#include "rt_db.h"
#include "rt_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_ROWS 64

struct table {
	int n;
	const char *cell[FUZZ_MAX_ROWS][4];
};

static const char *table_cell(void *src, int row, int col)
{
	return ((struct table *)src)->cell[row][col];
}

/* Rewrites the shorthands "#N", "=" and "=1" of one row. */
static void expand(struct table *t, int row)
{
	const char **c = t->cell[row];
	long idx = -1;

	if (c[0][0] == '#') {
		idx = (long)((unsigned char)c[0][1] % fuzz_plan.n_revisions);
		c[0] = fuzz_plan.revisions[idx].id;
	} else {
		idx = rt_plan_find(&fuzz_plan, c[0]);
	}
	if (idx >= 0 && strcmp(c[1], "=") == 0)
		c[1] = fuzz_plan.revisions[idx].checksum;
	else if (idx >= 0 && strcmp(c[1], "=1") == 0 && fuzz_plan.revisions[idx].checksum_v1)
		c[1] = fuzz_plan.revisions[idx].checksum_v1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	struct table t;
	struct rt_ctx ctx;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	memset(&t, 0, sizeof t);
	for (char *line = buf; line && t.n < FUZZ_MAX_ROWS; ) {
		char *next = strchr(line, '\n');
		int col = 0;

		if (next)
			*next++ = '\0';
		for (char *f = line; col < 4; col++) {
			char *tab = f ? strchr(f, '\t') : NULL;

			if (tab)
				*tab = '\0';
			t.cell[t.n][col] = f ? f : "";
			f = tab ? tab + 1 : NULL;
		}
		expand(&t, t.n);
		t.n++;
		line = next;
	}

	memset(&ctx, 0, sizeof ctx);
	ctx.plan = &fuzz_plan;
	ctx.prog = "m";
	ctx.table_exists = 1;
	ctx.applied = rt_xcalloc(fuzz_plan.n_revisions, 1);
	ctx.rows = rt_xcalloc(fuzz_plan.n_revisions, sizeof *ctx.rows);
	rt_session_take_rows(&ctx, t.n, table_cell, &t);

	/* invariants: every row is accounted for once, as applied, unknown or
	 * a duplicate of an applied revision */
	uint32_t applied = 0;
	for (uint32_t i = 0; i < fuzz_plan.n_revisions; i++)
		applied += ctx.applied[i];
	if (ctx.n_unknown > (uint32_t)t.n || applied + ctx.n_unknown > (uint32_t)t.n ||
	    ctx.n_duplicated > applied)
		abort();
	int rc = rt_session_check(&ctx);
	int clean = ctx.n_unknown == 0 && ctx.n_duplicated == 0 && !ctx.holes;
	for (uint32_t i = 0; i < fuzz_plan.n_revisions; i++)
		if (ctx.applied[i] &&
		    (!rt_checksum_matches(&fuzz_plan.revisions[i], ctx.rows[i].checksum) ||
		     ctx.rows[i].duration_ms == RT_STARTED))
			clean = 0;
	/* a table with anything to report is never passed as consistent, and
	 * a clean one is never refused */
	if ((rc == RT_EXIT_OK) != clean)
		abort();
	rt_ctx_free(&ctx);
	free(buf);
	return 0;
}
