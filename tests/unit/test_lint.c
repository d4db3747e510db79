/*
 * test_lint.c - unit tests for the lint pass's pieces: rule names and
 * levels, migc.conf lint settings, recording `-- migc:allow` comments, and
 * the volatility test for defaults.  The rules themselves are covered by
 * the golden cases tests/golden/lint-*.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "conf.h"
#include "diag.h"
#include "lint.h"
#include "lint_int.h"
#include "parse.h"
#include "project.h"
#include "srcfile.h"
#include "tap.h"

static void test_names(void)
{
	ok(lint_rule_find("drop-column") == LR_DROP_COLUMN, "rule found by name");
	ok(lint_rule_find("drop-colum") == -1, "unknown rule name");
	int named = 1;
	for (int i = 0; i < LINT_N_RULES; i++)
		if (!lint_rule_name((enum lint_rule)i) ||
		    lint_rule_find(lint_rule_name((enum lint_rule)i)) != i) {
			printf("# rule %d: no name, or its name finds another\n", i);
			named = 0;
		}
	ok(named && LINT_N_RULES > 10, "every rule has a name that finds it");
	enum lint_level lv = LINT_WARNING;
	ok(lint_level_parse("off", &lv) && lv == LINT_OFF, "level off");
	ok(lint_level_parse("error", &lv) && lv == LINT_ERROR, "level error");
	ok(!lint_level_parse("fatal", &lv), "bad level");
}

static void test_conf(struct arena *a)
{
	char buf[4096];
	FILE *fp = fmemopen(buf, sizeof buf, "w");
	struct diag d;
	diag_init(&d, fp);
	const char *text = "name = x\nlint.drop-table = error\nlint.varchar-length = off\n"
			   "lint_since = abc123\n";
	struct src_file *src = src_from_text(a, "migc.conf", text, strlen(text));
	struct project_conf conf = { 0 };
	ok(conf_parse(a, &d, src, &conf), "lint settings parse");
	ok(conf.n_lint_settings == 3, "the settings reader keeps the three lint lines raw");
	struct lint_conf *lc = lint_conf_read(a, &d, conf.lint_settings, conf.n_lint_settings);
	ok(d.n_errors == 0, "lint accepts them");
	ok(lc->level[LR_DROP_TABLE] == LINT_ERROR, "drop-table is an error");
	ok(lc->level[LR_VARCHAR_LENGTH] == LINT_OFF, "varchar-length is off");
	ok(lc->level[LR_DROP_COLUMN] == LINT_WARNING, "others keep their default");
	ok(lc->level[LR_CONCURRENTLY_IN_TRANSACTION] == LINT_ERROR,
	   "concurrently-in-transaction defaults to error");
	is_str(lc->since, "abc123", "lint_since");
	text = "lint.nope = error\nlint.drop-table = fatal\n";
	src = src_from_text(a, "migc.conf", text, strlen(text));
	struct project_conf conf2 = { 0 };
	ok(conf_parse(a, &d, src, &conf2), "the settings reader does not judge lint rules");
	lint_conf_read(a, &d, conf2.lint_settings, conf2.n_lint_settings);
	ok(d.n_errors == 2, "an unknown lint rule and a bad level are errors");
	fclose(fp);
	ok(strstr(buf, "migc.conf:1:1: error: unknown lint rule \"nope\"") != NULL,
	   "unknown lint rule message");
	ok(strstr(buf, "migc.conf:2:19: error: lint level \"fatal\" must be error, warning or off") != NULL,
	   "bad level message");
}

static void test_allow_comments(struct arena *a)
{
	struct diag d;
	diag_init(&d, stderr);
	const char *text =
		"revision 000000000001\nparent base\n"
		"upgrade {\n"
		"    -- migc:allow drop-table\n"
		"    create table t (id bigint); -- migc:allow a, b\n"
		"    -- an ordinary comment\n"
		"    execute $$ select 1 -- migc:allow not-a-comment-here\n $$;\n"
		"}\n";
	struct src_file *src = src_from_text(a, "r.mig", text, strlen(text));
	struct ast_file *f = parse_file(a, &d, src, PARSE_REVISION);
	ok(d.n_errors == 0, "file parses");
	ok(f->n_allows == 2, "two migc:allow comments recorded (none inside $$)");
	if (f->n_allows == 2) {
		is_str(f->allows[0].text, " drop-table", "text after the tag");
		ok(f->allows[0].own_line, "first is on a line of its own");
		ok(!f->allows[1].own_line, "second follows code");
	}
}

static void test_volatile(void)
{
	ok(lint_expr_volatile("random()"), "random() is volatile");
	ok(lint_expr_volatile("(gen_random_uuid ())"), "gen_random_uuid () is volatile");
	ok(lint_expr_volatile("NEXTVAL('s')"), "case does not matter");
	ok(!lint_expr_volatile("now()"), "now() is stable");
	ok(!lint_expr_volatile("'random()'"), "inside a string");
	ok(!lint_expr_volatile("my_random()"), "another function");
	ok(!lint_expr_volatile("random"), "not a call");
}

int main(void)
{
	plan(30);
	struct arena a;
	arena_init(&a);
	test_names();
	test_conf(&a);
	test_allow_comments(&a);
	test_volatile();
	arena_free(&a);
	return tap_done();
}
