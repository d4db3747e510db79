/*
 * cmd_report.c - history, heads and show: the revision graph, offline.
 *
 * The format follows Alembic's so that its users read it at a glance:
 *   e5f6a7b8c9d0 -> 7a8b9c0d1e2f (head), add published to posts
 * A revision that runs outside a transaction says so, as the migrator's
 * history does: "... -> 7a8b9c0d1e2f [no transaction], index posts".
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "commands.h"
#include "project.h"

static void report_parents(const struct revision *r)
{
	if (r->n_parents == 0)
		fputs("<base>", stdout);
	for (size_t k = 0; k < r->n_parents; k++)
		printf("%s%s", k ? ", " : "", r->parents[k]->id);
}

static const char *report_tag(const struct revision *r)
{
	if (r->n_children == 0)
		return r->n_parents > 1 ? " (head) (mergepoint)" : " (head)";
	if (r->n_parents > 1)
		return " (mergepoint)";
	if (r->n_children > 1)
		return " (branchpoint)";
	return "";
}

static unsigned report_line(const struct revision *r)
{
	unsigned line = 1, col;
	src_line_col(r->ast->id.loc.file, r->ast->id.loc.start, &line, &col);
	return line;
}

int cmd_history(struct arena *a, const struct project *p, int argc, char **argv)
{
	(void)a;
	int verbose = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
			verbose = 1;
		} else {
			fprintf(stderr, "migc: history: unknown argument \"%s\"\n", argv[i]);
			return 2;
		}
	}
	for (size_t i = p->n_revs; i-- > 0;) {
		const struct revision *r = p->revs[i];
		const char *msg = r->ast->message ? r->ast->message : "";
		if (!verbose) {
			report_parents(r);
			printf(" -> %s%s%s, %s\n", r->id, report_tag(r),
			       r->ast->no_transaction ? " [no transaction]" : "", msg);
			continue;
		}
		printf("Rev: %s%s%s\nParent: ", r->id, report_tag(r),
		       r->ast->no_transaction ? " [no transaction]" : "");
		report_parents(r);
		printf("\nPath: %s:%u\n\n    %s\n\n", r->path, report_line(r), msg);
	}
	return 0;
}

int cmd_heads(struct arena *a, const struct project *p, int argc, char **argv)
{
	(void)a;
	(void)argv;
	if (argc > 0) {
		fprintf(stderr, "migc: heads takes no arguments\n");
		return 2;
	}
	for (size_t i = 0; i < p->n_heads; i++)
		printf("%s (head), %s\n", p->heads[i]->id,
		       p->heads[i]->ast->message ? p->heads[i]->ast->message : "");
	return 0;
}

static void report_stmts(const struct revision *r, const struct rendered_stmt *st,
			 size_t n)
{
	if (n == 0)
		puts("-- (nothing)");
	for (size_t i = 0; i < n; i++)
		printf("-- %s:%u\n%s;\n", r->path, st[i].line, st[i].sql);
}

int cmd_show(struct arena *a, const struct project *p, int argc, char **argv)
{
	(void)a;
	if (argc != 1) {
		fprintf(stderr, "migc: usage: migc show REV\n");
		return 2;
	}
	bool ambiguous;
	const struct revision *r = project_find_rev(p, argv[0], &ambiguous);
	if (strcmp(argv[0], "head") == 0 && p->n_heads == 1)
		r = p->heads[0];
	if (!r) {
		fprintf(stderr, "migc: %s revision \"%s\"\n",
			ambiguous ? "ambiguous" : "unknown", argv[0]);
		return 2;
	}
	printf("Rev: %s%s\nParent: ", r->id, report_tag(r));
	report_parents(r);
	printf("\nPath: %s:%u\nChecksum: %s\nDowngrade: %s%s\n%s\n    %s\n\n",
	       r->path, report_line(r), r->checksum,
	       r->down_derived ? "derived by migc" : "written",
	       r->ast->inexact_downgrade ? " (inexact)" : "",
	       r->ast->no_transaction ? "Transaction: none (no_transaction)\n" : "",
	       r->ast->message ? r->ast->message : "");
	puts("-- upgrade");
	report_stmts(r, r->up, r->n_up);
	puts("\n-- downgrade");
	report_stmts(r, r->down, r->n_down);
	return 0;
}
