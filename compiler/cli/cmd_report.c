/*
 * cmd_report.c - history, heads and show: the revision graph, offline.
 *
 * The format follows Alembic's so that its users read it at a glance:
 *   e5f6a7b8c9d0 -> 7a8b9c0d1e2f (head), add published to posts
 * --format json prints one document instead (docs/compiler.md):
 *   history {"revisions": [REV...]} newest first, heads {"heads": [REV...]},
 *   show REV with "checksum", "downgrade_derived", "inexact_downgrade",
 *   "upgrade" and "downgrade" ([{"line", "sql"}...]); every REV has "id",
 *   "parents", "message", "head", "mergepoint", "branchpoint",
 *   "no_transaction", "path" (relative to the current directory), "line".
 * A revision that runs outside a transaction says so, as the migrator's
 * history does: "... -> 7a8b9c0d1e2f [no transaction], index posts".
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "cliopt.h"
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

static int report_opt(void *ctx, int opt, const char *arg)
{
	(void)opt;
	return cli_format_json(NULL, arg, ctx);
}

/* The common parse of the three: --format, and the operands. */
static int report_parse(struct arena *a, const char *cmd, int argc, char **argv,
			bool *json, char ***pos, int *npos)
{
	static const struct option longs[] = {
		{ "format", required_argument, NULL, 'F' },
		{ 0 },
	};
	*json = false;
	return cli_parse(a, cmd, argc, argv, "", longs, report_opt, json, pos, npos);
}

static const char *report_path(struct arena *a, const struct revision *r)
{
	return arena_printf(a, "%s%s", cli_path_prefix, r->path);
}

/* The fields history, heads and show share; the object is left open. */
static void json_revision(struct arena *a, const struct revision *r)
{
	fputs("{\"id\": ", stdout);
	cli_json_str(stdout, r->id);
	fputs(", \"parents\": [", stdout);
	for (size_t k = 0; k < r->n_parents; k++) {
		fputs(k ? ", " : "", stdout);
		cli_json_str(stdout, r->parents[k]->id);
	}
	fputs("], \"message\": ", stdout);
	cli_json_str(stdout, r->ast->message ? r->ast->message : "");
	printf(", \"head\": %s, \"mergepoint\": %s, \"branchpoint\": %s, \"no_transaction\": %s",
	       r->n_children == 0 ? "true" : "false",
	       r->n_parents > 1 ? "true" : "false",
	       r->n_children > 1 ? "true" : "false",
	       r->ast->no_transaction ? "true" : "false");
	fputs(", \"path\": ", stdout);
	cli_json_str(stdout, report_path(a, r));
	printf(", \"line\": %u", report_line(r));
}

static int report_no_operands(const char *cmd, int npos, char **pos)
{
	return npos ? cli_usage_error(cmd, "unexpected argument \"%s\"", pos[0]) : 0;
}

int cmd_history(struct arena *a, const struct project *p, int argc, char **argv)
{
	bool json;
	char **pos;
	int npos;
	int status = report_parse(a, "history", argc, argv, &json, &pos, &npos);
	if (status || (status = report_no_operands("history", npos, pos)))
		return status;
	if (json) {
		fputs("{\"revisions\": [", stdout);
		for (size_t i = p->n_revs, k = 0; i-- > 0; k++) {
			fputs(k ? ",\n  " : "\n  ", stdout);
			json_revision(a, p->revs[i]);
			fputc('}', stdout);
		}
		fputs("]}\n", stdout);
		return 0;
	}
	for (size_t i = p->n_revs; i-- > 0;) {
		const struct revision *r = p->revs[i];
		const char *msg = r->ast->message ? r->ast->message : "";
		if (!cli_verbose) {
			report_parents(r);
			printf(" -> %s%s%s, %s\n", r->id, report_tag(r),
			       r->ast->no_transaction ? " [no transaction]" : "", msg);
			continue;
		}
		printf("Rev: %s%s%s\nParent: ", r->id, report_tag(r),
		       r->ast->no_transaction ? " [no transaction]" : "");
		report_parents(r);
		printf("\nPath: %s:%u\n\n    %s\n\n", report_path(a, r), report_line(r), msg);
	}
	return 0;
}

int cmd_heads(struct arena *a, const struct project *p, int argc, char **argv)
{
	bool json;
	char **pos;
	int npos;
	int status = report_parse(a, "heads", argc, argv, &json, &pos, &npos);
	if (status || (status = report_no_operands("heads", npos, pos)))
		return status;
	if (json) {
		fputs("{\"heads\": [", stdout);
		for (size_t i = 0; i < p->n_heads; i++) {
			fputs(i ? ",\n  " : "\n  ", stdout);
			json_revision(a, p->heads[i]);
			fputc('}', stdout);
		}
		fputs("]}\n", stdout);
		return 0;
	}
	for (size_t i = 0; i < p->n_heads; i++)
		printf("%s (head), %s\n", p->heads[i]->id,
		       p->heads[i]->ast->message ? p->heads[i]->ast->message : "");
	return 0;
}

static void report_stmts(struct arena *a, const struct revision *r,
			 const struct rendered_stmt *st, size_t n)
{
	if (n == 0)
		puts("-- (nothing)");
	for (size_t i = 0; i < n; i++)
		printf("-- %s:%u\n%s;\n", report_path(a, r), st[i].line, st[i].sql);
}

static void json_stmts(const struct rendered_stmt *st, size_t n)
{
	fputc('[', stdout);
	for (size_t i = 0; i < n; i++) {
		printf("%s{\"line\": %u, \"sql\": ", i ? ", " : "", st[i].line);
		cli_json_str(stdout, st[i].sql);
		fputc('}', stdout);
	}
	fputc(']', stdout);
}

int cmd_show(struct arena *a, const struct project *p, int argc, char **argv)
{
	bool json;
	char **pos;
	int npos;
	int status = report_parse(a, "show", argc, argv, &json, &pos, &npos);
	if (status)
		return status;
	if (npos != 1)
		return cli_usage_error("show", "%s", "name one revision: migc show REV");
	bool ambiguous;
	const struct revision *r = project_find_rev(p, pos[0], &ambiguous);
	if (strcmp(pos[0], "head") == 0 && p->n_heads == 1)
		r = p->heads[0];
	if (!r) {
		fprintf(stderr, "migc: show: %s revision \"%s\"\n",
			ambiguous ? "ambiguous" : "unknown", pos[0]);
		return 2;
	}
	if (json) {
		json_revision(a, r);
		fputs(", \"checksum\": ", stdout);
		cli_json_str(stdout, r->checksum);
		printf(", \"downgrade_derived\": %s, \"inexact_downgrade\": %s, \"upgrade\": ",
		       r->down_derived ? "true" : "false",
		       r->ast->inexact_downgrade ? "true" : "false");
		json_stmts(r->up, r->n_up);
		fputs(", \"downgrade\": ", stdout);
		json_stmts(r->down, r->n_down);
		fputs("}\n", stdout);
		return 0;
	}
	printf("Rev: %s%s\nParent: ", r->id, report_tag(r));
	report_parents(r);
	printf("\nPath: %s:%u\nChecksum: %s\nDowngrade: %s%s\n%s\n    %s\n\n",
	       report_path(a, r), report_line(r), r->checksum,
	       r->down_derived ? "derived by migc" : "written",
	       r->ast->inexact_downgrade ? " (inexact)" : "",
	       r->ast->no_transaction ? "Transaction: none (no_transaction)\n" : "",
	       r->ast->message ? r->ast->message : "");
	puts("-- upgrade");
	report_stmts(a, r, r->up, r->n_up);
	puts("\n-- downgrade");
	report_stmts(a, r, r->down, r->n_down);
	return 0;
}
