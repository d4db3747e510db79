/*
 * lint_cmd.c - `migc lint [--format text|json]`: the lint findings alone,
 * for editors and CI.  `migc check` prints the same findings among its
 * other diagnostics.  Exit status: 0 (warnings only), 1 (a lint error or
 * any other error in the project), 2 usage or I/O.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "lint.h"
#include "migc.h"
#include "project.h"

int lint_cmd(struct arena *a, struct diag *d, const char *root, int argc,
	     char **argv)
{
	bool json = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
		    (strcmp(argv[i + 1], "json") == 0 || strcmp(argv[i + 1], "text") == 0)) {
			json = strcmp(argv[++i], "json") == 0;
		} else if (strcmp(argv[i], "--list") == 0) {
			for (int r = 0; r < LINT_N_RULES; r++)
				printf("%s\n", lint_rule_name((enum lint_rule)r));
			return 0;
		} else {
			fprintf(stderr, "migc: lint: unexpected argument \"%s\" (expected --format text|json or --list)\n(see \"migc --help\")\n",
				argv[i]);
			return 2;
		}
	}
	struct lint_report report = { 0 };
	if (json)
		lint_report_collect(d, &report, a);
	int status = 0;
	struct project *p = migc_load(a, d, root, MIGC_CHECKED, &status);
	if (status == 2)
		return 2;
	if (json)
		lint_report_json(stdout, &report);
	if (d->n_io_errors)
		return 2;
	if (!p || d->n_errors || report.n_errors)
		return 1;
	if (!json) {
		if (d->n_warnings)
			printf("%d warning%s in %zu revision%s\n", d->n_warnings,
			       d->n_warnings == 1 ? "" : "s", p->n_revs,
			       p->n_revs == 1 ? "" : "s");
		else
			printf("ok: no lint findings in %zu revision%s\n", p->n_revs,
			       p->n_revs == 1 ? "" : "s");
	}
	return 0;
}
