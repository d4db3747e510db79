/*
 * test_report.c - the report of `migc test` (test_report.h).
 *
 * Text: per revision one line "revision ID (MESSAGE): up N ms, down N ms,
 * up again N ms; schema ok/ok/ok; data ok (N rows)", then indented
 * "could not generate" notes, then a summary line; a failure goes to
 * stderr naming the revision, the step and the migrator's output.  JSON
 * (--format json): {"revisions": [one object per revision run], "summary":
 * {...}}, strings written by cli_json_str as the other reports.
 */
#include <stdio.h>

#include "cliopt.h"
#include "migrt.h"
#include "test_report.h"

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

void test_report_rev_text(const struct test_report *rep, const struct test_rev *r)
{
	const struct migrt_revision *rv = &rep->plan->revisions[r->index];
	printf("revision %s%s%s%s: up %.0f ms, down %.0f ms, up again %.0f ms; schema %s/%s/%s",
	       rv->id, rv->message[0] ? " (" : "", rv->message, rv->message[0] ? ")" : "",
	       r->up_ms, r->down_ms, r->reup_ms, or_dash(r->schema_up),
	       or_dash(r->schema_down), or_dash(r->schema_reup));
	if (rep->data)
		printf("; data %s (%zu row%s)", r->data, r->fill.rows, r->fill.rows == 1 ? "" : "s");
	printf("%s\n", r->failure ? ": FAILED" : "");
	for (size_t k = 0; k < r->fill.n_skipped; k++)
		printf("  note: %s\n", r->fill.skipped[k]);
	if (r->data_note)
		printf("  note: data %s\n", r->data_note);
	fflush(stdout);
}

static void json_verdict(const char *key, const char *v, const char *sep)
{
	printf("\"%s\": ", key);
	cli_json_str(stdout, v);
	fputs(sep, stdout);
}

static void rev_json(const struct test_report *rep, const struct test_rev *r)
{
	const struct migrt_revision *rv = &rep->plan->revisions[r->index];
	printf("    {\"revision\": ");
	cli_json_str(stdout, rv->id);
	printf(", \"message\": ");
	cli_json_str(stdout, rv->message);
	printf(", \"parents\": [");
	for (uint32_t k = 0; k < rv->n_parents; k++) {
		fputs(k ? ", " : "", stdout);
		cli_json_str(stdout, rep->plan->revisions[rv->parents[k]].id);
	}
	printf("], \"ok\": %s,\n     \"up_ms\": %.1f, \"down_ms\": %.1f, \"up_again_ms\": %.1f,\n"
	       "     \"schema\": {", r->failure ? "false" : "true", r->up_ms, r->down_ms,
	       r->reup_ms);
	json_verdict("after_upgrade", r->schema_up, ", ");
	json_verdict("after_downgrade", r->schema_down, ", ");
	json_verdict("after_upgrade_again", r->schema_reup, "},\n     \"data\": {");
	json_verdict("verdict", r->data, ", ");
	printf("\"rows\": %zu, \"could_not_generate\": [", r->fill.rows);
	for (size_t k = 0; k < r->fill.n_skipped; k++) {
		fputs(k ? ", " : "", stdout);
		cli_json_str(stdout, r->fill.skipped[k]);
	}
	printf("], \"note\": ");
	cli_json_str(stdout, r->data_note);
	printf("},\n     \"failure\": ");
	cli_json_str(stdout, r->failure);
	printf("}");
}

void test_report_end(const struct test_report *rep)
{
	uint32_t n = rep->plan->n_revisions;
	uint32_t passed = rep->n_run - (rep->failed ? 1 : 0);
	const struct migrt_revision *fr = rep->failed
		? &rep->plan->revisions[rep->failed->index] : NULL;
	if (rep->json) {
		printf("{\"revisions\": [\n");
		for (uint32_t i = 0; i < rep->n_run; i++) {
			rev_json(rep, &rep->revs[i]);
			printf("%s\n", i + 1 < rep->n_run ? "," : "");
		}
		printf("  ],\n \"summary\": {\"ok\": %s, \"revisions\": %u, \"passed\": %u, "
		       "\"failed\": %u, \"not_run\": %u, \"data\": %s, \"first_failure\": ",
		       fr ? "false" : "true", (unsigned)n, (unsigned)passed, fr ? 1u : 0u,
		       (unsigned)(n - rep->n_run), rep->data ? "true" : "false");
		if (fr) {
			printf("{\"revision\": ");
			cli_json_str(stdout, fr->id);
			printf(", \"message\": ");
			cli_json_str(stdout, rep->failed->failure);
			printf("}");
		} else {
			printf("null");
		}
		printf("}}\n");
		fflush(stdout);
		return;
	}
	if (fr) {
		printf("FAILED at revision %s: %u of %u revisions passed, %u not run\n", fr->id,
		       (unsigned)passed, (unsigned)n, (unsigned)(n - rep->n_run));
		fflush(stdout);
		fprintf(stderr, "migc: test: revision %s%s%s%s failed at %s\n", fr->id,
			fr->message[0] ? " (" : "", fr->message, fr->message[0] ? ")" : "",
			rep->failed->failure);
	} else {
		printf("ok: %u revision%s passed upgrade, downgrade and upgrade again%s\n",
		       (unsigned)n, n == 1 ? "" : "s", rep->data ? ", with their data" : "");
	}
	fflush(stdout);
}
