/*
 * cmd_check.c - `migc check [--models] [--format text|json|sarif|github]`:
 * parse and validate the project (the pre-commit hook).
 *
 * Text: the diagnostics on stderr, then "ok: N revisions, head ID" (or
 * "ok with N warnings: ...") on stdout unless -q.  JSON: one object on
 * stdout and nothing on stderr but I/O trouble; the diagnostics come
 * through the diag sink (diag.h), so they are the ones text would print:
 *   {"ok": bool, "revisions": N, "heads": [ID...], "errors": N,
 *    "warnings": N, "diagnostics": [{"level", "file", "line", "column",
 *    "code", "message"}...], "models_differences": [TEXT...]}
 * "file", "line", "column" are null for an unlocated message; "file" is
 * relative to the current directory as in text.  sarif and github: the
 * same diagnostics but notes, and each --models difference, as
 * ci_report.h writes them.  Exit status as text.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cliopt.h"
#include "ci_report.h"
#include "commands.h"
#include "diag.h"
#include "migc.h"
#include "project.h"

static void check_print_json(const struct ci_report *j, const struct project *p,
			     const struct diag *d, bool ok, const char **diffs,
			     size_t n_diffs)
{
	printf("{\"ok\": %s, \"revisions\": %zu, \"heads\": [", ok ? "true" : "false",
	       p ? p->n_revs : 0);
	for (size_t i = 0; p && i < p->n_heads; i++) {
		fputs(i ? ", " : "", stdout);
		cli_json_str(stdout, p->heads[i]->id);
	}
	printf("], \"errors\": %d, \"warnings\": %d, \"diagnostics\": [",
	       d->n_errors, d->n_warnings);
	for (size_t i = 0; i < j->n; i++) {
		const struct ci_item *c = &j->v[i];
		printf("%s\n  {\"level\": \"%s\", \"file\": ", i ? "," : "", c->level);
		cli_json_str(stdout, c->file);
		if (c->line)
			printf(", \"line\": %u, \"column\": %u", c->line, c->col);
		else
			fputs(", \"line\": null, \"column\": null", stdout);
		fputs(", \"code\": ", stdout);
		cli_json_str(stdout, c->code);
		fputs(", \"message\": ", stdout);
		cli_json_str(stdout, c->message);
		fputc('}', stdout);
	}
	fputs("], \"models_differences\": [", stdout);
	for (size_t i = 0; i < n_diffs; i++) {
		fputs(i ? ", " : "", stdout);
		cli_json_str(stdout, diffs[i]);
	}
	fputs("]}\n", stdout);
}

/* sarif, github: each --models difference is an error on schema.mig */
static void check_models_items(struct diag *d, const char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		diag_file_error(d, "schema.mig", "the head of the history differs from schema.mig: %s",
				lines[i]);
}

struct check_opts {
	bool models;
	enum ci_format format;
};

static int check_opt(void *ctx, int opt, const char *arg)
{
	struct check_opts *o = ctx;
	if (opt == 'M')
		o->models = true;
	else if (opt == 'F')
		return ci_format_parse("check", arg, &o->format);
	return 0;
}

int cmd_check(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "models", no_argument, NULL, 'M' },
		{ "format", required_argument, NULL, 'F' },
		{ 0 },
	};
	struct check_opts o = { 0 };
	char **pos;
	int npos;
	int status = cli_parse(a, "check", argc, argv, "", longs, check_opt, &o, &pos, &npos);
	if (status)
		return status;
	if (npos)
		return cli_usage_error("check", "unexpected argument \"%s\"", pos[0]);
	struct ci_report j = { .keep_notes = o.format == CI_JSON };
	bool json = o.format != CI_TEXT;	/* every report but text */
	if (json)
		ci_collect(d, &j, a);
	struct project *p = migc_load_no_plan(a, d, root, MIGC_CHECKED, &status);
	const char **lines = NULL;
	size_t n = 0;
	if (p && o.models) {
		if (!p->schema_model) {
			if (!json)
				fprintf(stderr, "schema.mig: error: --models needs a schema.mig\n");
			else
				diag_file_error(d, "schema.mig", "--models needs a schema.mig");
			status = 1;
		} else if ((n = migc_models_diff(a, p, &lines)) > 0) {
			if (!json) {
				fprintf(stderr, "%sschema.mig: error: the head of the history differs from schema.mig (%zu difference%s):\n",
					d->path_prefix ? d->path_prefix : "", n, n == 1 ? "" : "s");
				for (size_t i = 0; i < n; i++)
					fprintf(stderr, "  %s\n", lines[i]);
			}
			status = 1;
		}
	}
	if (json) {
		if (o.format == CI_SARIF || o.format == CI_GITHUB)
			check_models_items(d, lines, n);
		if (o.format == CI_SARIF)
			ci_print_sarif(stdout, &j, "check");
		else if (o.format == CI_GITHUB)
			ci_print_github(stdout, &j);
		else
			check_print_json(&j, p, d, p && status == 0, lines, n);
		return p ? status : (status ? status : 1);
	}
	if (!p || status)
		return status;
	if (cli_quiet)
		return 0;
	if (d->n_warnings == 0)
		printf("ok: %zu revision%s, head %s\n", p->n_revs,
		       p->n_revs == 1 ? "" : "s",
		       p->n_heads ? p->heads[0]->id : "base");
	else
		printf("ok with %d warning%s: %zu revision%s, head %s\n",
		       d->n_warnings, d->n_warnings == 1 ? "" : "s", p->n_revs,
		       p->n_revs == 1 ? "" : "s",
		       p->n_heads ? p->heads[0]->id : "base");
	return 0;
}
