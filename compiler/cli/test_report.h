/*
 * test_report.h - `migc test`'s report (test_report.c): a block per
 * revision as it finishes (text), or one JSON document at the end, and
 * the summary naming the first failure.
 */
#ifndef MIGC_TEST_REPORT_H
#define MIGC_TEST_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "live_test.h"

struct migrt_plan;

/* One revision's run: times in milliseconds (the migrator's process,
 * connection included), schema verdicts "ok", "drift", "error" or NULL
 * (not reached), data "ok", "lost", "error", "not run" or "skipped"
 * (no --data), and the failure of its first failing step. */
struct test_rev {
	uint32_t index;
	double up_ms, down_ms, reup_ms;
	const char *schema_up, *schema_down, *schema_reup;
	const char *data;
	const char *data_note;	/* tables left out of the comparison, or NULL */
	struct live_fill_result fill;
	const char *failure;
};

struct test_report {
	const struct migrt_plan *plan;
	struct test_rev *revs;
	uint32_t n_run;
	const struct test_rev *failed;	/* NULL: every revision passed */
	bool json, data;
};

/* Text: the block of a revision that has finished (stdout). */
void test_report_rev_text(const struct test_report *rep, const struct test_rev *r);
/* The summary (text: a line on stdout, the failure on stderr) or the
 * whole JSON document. */
void test_report_end(const struct test_report *rep);

#endif
