/*
 * test_project.c - unit tests for migc.conf parsing, the revision graph
 * (order, cycles, heads), the emitted C's string escaping, and the
 * escaping of plan text in the comments of `sql` scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "conf.h"
#include "diag.h"
#include "emit.h"
#include "migrt.h"
#include "project.h"
#include "srcfile.h"
#include "tap.h"

static char diag_buf[8192];

static struct diag quiet_diag(FILE **fp)
{
	struct diag d;
	*fp = fmemopen(diag_buf, sizeof diag_buf, "w");
	diag_init(&d, *fp);
	return d;
}

static const char *close_diag(FILE *fp)
{
	fclose(fp);
	return diag_buf;
}

static void test_conf(struct arena *a)
{
	FILE *fp;
	struct diag d = quiet_diag(&fp);
	const char *text = "# c\nname = blog\nversion_table = app.versions  # trailing\n"
			   "default_schema = \"app\"\n";
	struct src_file *src = src_from_text(a, "migc.conf", text, strlen(text));
	struct project_conf conf;
	ok(conf_parse(a, &d, src, &conf), "valid migc.conf parses");
	close_diag(fp);
	is_str(conf.name, "blog", "name");
	is_str(conf.version_table, "app.versions", "qualified version table, trailing comment");
	is_str(conf.default_schema, "app", "quoted value");

	d = quiet_diag(&fp);
	text = "name = x\nversion_tabel = v\nversion_table = Bad-Name\n";
	src = src_from_text(a, "migc.conf", text, strlen(text));
	ok(!conf_parse(a, &d, src, &conf), "bad migc.conf is rejected");
	const char *out = close_diag(fp);
	ok(strstr(out, "migc.conf:2:1: error: unknown setting \"version_tabel\"") != NULL,
	   "unknown key located at line 2");
	ok(strstr(out, "migc.conf:3:17: error: version_table \"Bad-Name\"") != NULL,
	   "invalid version table located at its value");
	ok(conf_is_plain_name("migc_version") && !conf_is_plain_name("Upper") &&
	   !conf_is_plain_name("1x") && !conf_is_plain_name(""), "plain names");
}

/* A revision with the given id and parents ("" for base). */
static struct revision *mk_rev(struct arena *a, const struct src_file *src,
			       const char *id, const char *parents)
{
	struct ast_revision *ar = arena_alloc(a, sizeof *ar);
	ar->id.name = id;
	ar->id.loc.file = src;
	ar->parents = arena_calloc(a, 4, sizeof *ar->parents);
	char *copy = arena_strdup(a, parents);
	for (char *t = strtok(copy, " "); t; t = strtok(NULL, " ")) {
		ar->parents[ar->n_parents].name = t;
		ar->parents[ar->n_parents++].loc.file = src;
	}
	ar->parent_base = ar->n_parents == 0;
	struct revision *r = arena_alloc(a, sizeof *r);
	r->ast = ar;
	r->id = id;
	r->path = "versions/x.mig";
	return r;
}

static struct project *mk_project(struct arena *a, const char *spec)
{
	static const char text[] = "revision x\n";
	struct src_file *src = src_from_text(a, "versions/x.mig", text, sizeof text - 1);
	struct project *p = arena_alloc(a, sizeof *p);
	p->revs = arena_calloc(a, 16, sizeof *p->revs);
	char *copy = arena_strdup(a, spec);
	char *save = NULL;
	for (char *item = strtok_r(copy, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
		char *colon = strchr(item, ':');
		*colon = '\0';
		p->revs[p->n_revs++] = mk_rev(a, src, item, colon + 1);
	}
	return p;
}

static const char *order_of(struct arena *a, const struct project *p)
{
	struct strbuf sb;
	sb_init(&sb, a);
	for (size_t i = 0; i < p->n_revs; i++)
		sb_printf(&sb, "%s%s", i ? " " : "", p->revs[i]->id);
	return sb_str(&sb);
}

static void test_graph(struct arena *a)
{
	FILE *fp;
	struct diag d = quiet_diag(&fp);
	/* files in name order: c depends on b, b on a */
	struct project *p = mk_project(a, "c:b;a:;b:a");
	ok(graph_build(a, &d, p), "chain builds");
	is_str(order_of(a, p), "a b c", "topological order follows parents");
	ok(p->n_heads == 1 && strcmp(p->heads[0]->id, "c") == 0, "one head");

	p = mk_project(a, "a:;b:a;c:a;m:b c");
	ok(graph_build(a, &d, p) && graph_require_single_head(a, &d, p), "merge builds");
	is_str(order_of(a, p), "a b c m", "branches ordered by file");
	close_diag(fp);

	d = quiet_diag(&fp);
	p = mk_project(a, "a:;b:a;c:a");
	ok(graph_build(a, &d, p), "two heads still build a graph");
	ok(!graph_require_single_head(a, &d, p), "but two heads are an error for check");
	ok(strstr(close_diag(fp), "the history has 2 heads (\"b\", \"c\")") != NULL,
	   "the error names both heads");

	d = quiet_diag(&fp);
	p = mk_project(a, "a:;b:c;c:b");
	ok(!graph_build(a, &d, p), "a cycle is rejected");
	ok(strstr(close_diag(fp), "revisions form a cycle") != NULL, "cycle message");

	d = quiet_diag(&fp);
	p = mk_project(a, "a:;a:");
	ok(!graph_build(a, &d, p), "duplicate ids are rejected");
	ok(strstr(close_diag(fp), "duplicate revision id \"a\"") != NULL, "duplicate message");

	d = quiet_diag(&fp);
	p = mk_project(a, "a:;b:zz");
	ok(!graph_build(a, &d, p), "unknown parents are rejected");
	ok(strstr(close_diag(fp), "parent revision \"zz\" of \"b\" does not exist") != NULL,
	   "unknown parent message");

	d = quiet_diag(&fp);
	p = mk_project(a, "");
	ok(graph_build(a, &d, p) && p->n_heads == 0, "an empty history has no head");
	close_diag(fp);
}

static void test_emit(struct arena *a)
{
	(void)a;
	static const struct migrt_stmt up[] = { { "SELECT 'a\"b?\?=\\\n\tc'", 3, NULL, 0 } };
	static const struct migrt_revision revs[] = { {
		.id = "r1", .message = "m", .path = "versions/r1.mig", .line = 1,
		.checksum = "00", .upgrade = up, .n_upgrade = 1,
	} };
	static const uint32_t heads[] = { 0 };
	struct migrt_plan plan = {
		.magic = MIGRT_MAGIC, .abi = MIGRT_ABI, .migc_version = "0",
		.project = "p", .version_table = "\"v\"", .version_table_display = "v",
		.default_schema = "\"public\"", .digest = "d",
		.revisions = revs, .n_revisions = 1, .heads = heads, .n_heads = 1,
	};
	static char buf[8192];
	FILE *fp = fmemopen(buf, sizeof buf, "w");
	ok(emit_c(&plan, fp) == 0, "emit_c succeeds");
	fclose(fp);
	ok(strstr(buf, "{ \"SELECT 'a\\\"b\\?\\?=\\\\\\n\"\n\t\t\"\\tc'\", 3, 0, 0 }") != NULL,
	   "quotes, trigraphs, backslashes, newlines and tabs are escaped");
	ok(strstr(buf, "#error") != NULL && strstr(buf, "DO NOT EDIT") != NULL,
	   "ABI guard and header");
}

/* A plan whose text would end the "-- id: message (path:line)" comments of
 * a `sql` script (the compiler refuses it; the printer must not trust it). */
static void test_sql_comments(void)
{
	static const struct migrt_stmt up[] = { { "SELECT 1", 3, NULL, 0 } };
	static const struct migrt_revision revs[] = { {
		.id = "r1\nDROP TABLE a; --", .message = "m\rDROP TABLE b; --\x1b[2J",
		.path = "versions/r1\nDROP TABLE c; --.mig", .line = 1,
		.checksum = "v2:00", .upgrade = up, .n_upgrade = 1,
	} };
	static const uint32_t heads[] = { 0 };
	struct migrt_plan plan = {
		.magic = MIGRT_MAGIC, .abi = MIGRT_ABI, .migc_version = "0",
		.project = "p\nDROP TABLE d; --", .version_table = "\"v\"",
		.version_table_display = "v\rDROP TABLE e; --",
		.default_schema = "\"public\"", .digest = "d",
		.revisions = revs, .n_revisions = 1, .heads = heads, .n_heads = 1,
	};
	char *argv[] = { "upgrade", NULL };
	static char buf[8192];
	FILE *tmp = tmpfile();
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	dup2(fileno(tmp), STDOUT_FILENO);
	int rc = migrt_sql(&plan, "test", 1, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	size_t n = fread(buf, 1, sizeof buf - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	ok(rc == 0 && strstr(buf, "SELECT 1;") != NULL, "the script is printed");
	/* the id also goes into the version-table statements, as a quoted
	 * literal: there its newline is data, and the line goes on "; --'" */
	int a_lines = 0, a_in_literal = 0;
	for (const char *p = buf; (p = strstr(p, "\nDROP TABLE a; --")); p++) {
		a_lines++;
		a_in_literal += p[strlen("\nDROP TABLE a; --")] == '\'';
	}
	ok(a_lines > 0 && a_lines == a_in_literal,
	   "the id starts a line only inside a quoted literal");
	ok(!strstr(buf, "\nDROP TABLE b") && !strstr(buf, "\nDROP TABLE c") &&
	   !strstr(buf, "\nDROP TABLE d") && !strstr(buf, "\nDROP TABLE e") &&
	   strchr(buf, '\r') == NULL && strchr(buf, 0x1b) == NULL,
	   "no comment text starts a line of SQL, nor puts a CR or ESC in the script");
	ok(strstr(buf, "-- r1\\x0aDROP TABLE a; --: m\\x0dDROP TABLE b; --\\x1b[2J "
			"(versions/r1\\x0aDROP TABLE c; --.mig:3)\n") != NULL,
	   "id, message and path are written with \\xNN in the comment");
	ok(strstr(buf, "-- p\\x0aDROP TABLE d; --: sql upgrade") != NULL &&
	   strstr(buf, "-- version table v\\x0dDROP TABLE e; --\n") != NULL,
	   "so are the project name and the version table's name");
}

int main(void)
{
	plan(31);
	struct arena a;
	arena_init(&a);
	test_conf(&a);
	test_graph(&a);
	test_emit(&a);
	test_sql_comments();
	arena_free(&a);
	return tap_done();
}
