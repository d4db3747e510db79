/*
 * lint_cmd.c - `migc lint [--format text|json|sarif|github]`: the lint
 * findings alone, for editors and CI (sarif, github: ci_report.h).  `migc check` prints the same findings among its
 * other diagnostics.  Exit status: 0 (warnings only), 1 (a lint error or
 * any other error in the project), 2 usage or I/O.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ci_report.h"
#include "cliopt.h"
#include "diag.h"
#include "lint.h"
#include "migc.h"
#include "project.h"

struct lint_opts {
	enum ci_format format;
	bool list;
};

static int lint_opt(void *ctx, int opt, const char *arg)
{
	struct lint_opts *o = ctx;
	if (opt == 'L') {
		o->list = true;
		return 0;
	}
	return ci_format_parse("lint", arg, &o->format);
}

int lint_cmd(struct arena *a, struct diag *d, const char *root, int argc,
	     char **argv)
{
	static const struct option longs[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "list", no_argument, NULL, 'L' },
		{ 0 },
	};
	struct lint_opts o = { 0 };
	char **pos;
	int npos;
	int rc = cli_parse(a, "lint", argc, argv, "", longs, lint_opt, &o, &pos, &npos);
	if (rc)
		return rc;
	if (npos)
		return cli_usage_error("lint", "unexpected argument \"%s\" (expected --format FORMAT or --list)",
				       pos[0]);
	bool json = o.format == CI_JSON;
	bool ci = o.format == CI_SARIF || o.format == CI_GITHUB;
	if (o.list) {
		for (int r = 0; r < LINT_N_RULES; r++)
			printf("%s\n", lint_rule_name((enum lint_rule)r));
		return 0;
	}
	struct lint_report report = { 0 };
	struct ci_report cr = { .lint_only = true };
	if (json)
		lint_report_collect(d, &report, a);
	else if (ci)
		ci_collect(d, &cr, a);
	int status = 0;
	struct project *p = migc_load_no_plan(a, d, root, MIGC_CHECKED, &status);
	if (status == 2)
		return 2;
	if (json)
		lint_report_json(stdout, &report);
	else if (o.format == CI_SARIF)
		ci_print_sarif(stdout, &cr, "lint");
	else if (ci)
		ci_print_github(stdout, &cr);
	if (d->n_io_errors)
		return 2;
	if (!p || d->n_errors || report.n_errors || cr.n_errors)
		return 1;
	if (!json && !ci) {
		if (cli_quiet)
			return 0;
		if (d->n_warnings)
			printf("%d warning%s in %zu revision%s%s\n", d->n_warnings,
			       d->n_warnings == 1 ? "" : "s", p->n_revs,
			       p->n_revs == 1 ? "" : "s", p->schema ? " and schema.mig" : "");
		else
			printf("ok: no lint findings in %zu revision%s%s\n", p->n_revs,
			       p->n_revs == 1 ? "" : "s", p->schema ? " and schema.mig" : "");
	}
	return 0;
}
