/*
 * parse.c - the parse facade: runs the flex scanner and the bison parser
 * over one source file, and words syntax errors.
 *
 * The only module that sees the generated headers.  Each call has its own
 * scanner and parse context, so files can be parsed in a loop (tests, the
 * fuzzer) with nothing carried over.  Syntax errors read as PostgreSQL's
 * (`syntax error at or near "X"`), followed by the expected tokens when
 * there are few, and a hint for two common mistakes.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"
#include "srcfile.h"
#include "parser.h"
#include "lexer.h"

struct ast_file *parse_file(struct arena *a, struct diag *d,
			    const struct src_file *src, enum parse_mode mode)
{
	struct parse_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.arena = a;
	ctx.diag = d;
	ctx.src = src;
	ctx.errors_before = d->n_errors;
	sb_init(&ctx.lit, a);
	ctx.file = arena_alloc(a, sizeof *ctx.file);
	ctx.file->src = src;
	if (mode == PARSE_REVISION) {
		ctx.rev = arena_alloc(a, sizeof *ctx.rev);
		ctx.file->revision = ctx.rev;
		ctx.start_token = MODE_REVISION;
	} else {
		ctx.start_token = MODE_SCHEMA;
	}

	/* flex scans in place and wants two NULs at the end */
	ctx.buf = arena_alloc(a, src->len + 2);
	memcpy(ctx.buf, src->text, src->len);
	yyscan_t scanner;
	if (mig_yylex_init_extra(&ctx, &scanner) != 0)
		abort();	/* only on out of memory, which the arena aborts on first */
	ctx.scanner = scanner;
	mig_yy_scan_buffer(ctx.buf, src->len + 2, scanner);
	yyparse(&ctx);
	mig_yylex_destroy(scanner);
	return ctx.file;
}

/* The token as written, cut at a line end and kept short. */
static void put_token_text(struct strbuf *sb, const struct src_file *f,
			   struct loc loc)
{
	const char *p = f->text + loc.start;
	size_t n = loc.end > loc.start ? loc.end - loc.start : 0, i;
	for (i = 0; i < n && i < 40 && p[i] != '\n' && p[i] != '\r'; i++)
		;
	sb_put(sb, p, i);
	if (i < n)
		sb_puts(sb, "...");
}

/* Bison's symbol names as words: keywords and classes bare (TABLE,
 * identifier), punctuation in double quotes (";"). */
static void put_symbol(struct strbuf *sb, const char *name)
{
	size_t n = strlen(name);
	if (n >= 2 && (name[0] == '"' || name[0] == '\'') && name[n - 1] == name[0]) {
		name++;
		n -= 2;
	}
	if (n == 11 && strncmp(name, "end of file", n) == 0) {
		sb_puts(sb, "end of input");
		return;
	}
	bool word = n > 0;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') || name[i] == '_' ||
		      name[i] == ' '))
			word = false;
	if (word) {
		sb_put(sb, name, n);
		return;
	}
	sb_putc(sb, '"');
	sb_put(sb, name, n);
	sb_putc(sb, '"');
}

static bool is_stmt_start(const char *text, size_t n)
{
	static const char *const starts[] = {
		"create", "alter", "drop", "comment", "execute",
	};
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		if (strlen(starts[i]) == n && strncasecmp(text, starts[i], n) == 0)
			return true;
	return false;
}

/* More expected tokens than this are not listed: they would not help. */
#define PARSE_MAX_EXPECTED 8

void parse_report_syntax(struct parse_ctx *c, struct loc loc, bool at_eof,
			 bool reserved_as_name, const char *const *expected,
			 int n_expected)
{
	/* an unterminated literal was already reported at its start */
	if (at_eof && c->eof_error)
		return;
	struct strbuf sb;
	sb_init(&sb, c->arena);
	if (at_eof) {
		sb_puts(&sb, "syntax error at end of input");
	} else {
		sb_puts(&sb, "syntax error at or near \"");
		put_token_text(&sb, c->src, loc);
		sb_putc(&sb, '"');
	}
	bool semicolon = false;
	for (int i = 0; i < n_expected; i++)
		if (strcmp(expected[i], "';'") == 0 || strcmp(expected[i], "\";\"") == 0)
			semicolon = true;
	if (n_expected > 0 && n_expected <= PARSE_MAX_EXPECTED) {
		sb_puts(&sb, ", expected ");
		for (int i = 0; i < n_expected; i++) {
			if (i > 0)
				sb_puts(&sb, i == n_expected - 1 ? " or " : ", ");
			put_symbol(&sb, expected[i]);
		}
	}
	diag_error(c->diag, loc, "%s", sb_str(&sb));

	const char *text = c->src->text + loc.start;
	size_t len = loc.end - loc.start;
	if (reserved_as_name)
		diag_note(c->diag, loc,
			  "\"%.*s\" is a reserved word; write it in double quotes "
			  "to use it as a name", (int)len, text);
	else if (semicolon && !at_eof && is_stmt_start(text, len))
		diag_note(c->diag, (struct loc){ c->src, c->prev_loc.end,
						 c->prev_loc.end },
			  "perhaps a \";\" is missing at the end of the "
			  "previous statement");
}

void parse_report_failure(struct parse_ctx *c, struct loc loc,
			  const char *msg)
{
	if (strcmp(msg, "memory exhausted") == 0)
		msg = "statement is nested too deeply";
	diag_error(c->diag, loc, "%s", msg);
}
