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

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0.  Rejects
 * what PostgreSQL's UTF8 encoding rejects: stray continuation bytes,
 * overlong forms, surrogates and code points past U+10FFFF. */
static size_t utf8_seq_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned char lo = 0x80, hi = 0xbf;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

/* A file with a NUL byte or invalid UTF-8 is not text: one located error
 * for the first bad byte, and the file is not parsed (its tokens would
 * only add confusing errors).  Returns false after reporting. */
static bool parse_check_bytes(struct diag *d, const struct src_file *src)
{
	const unsigned char *t = (const unsigned char *)src->text;
	size_t i = 0;
	while (i < src->len) {
		size_t n = t[i] ? utf8_seq_len(t + i, src->len - i) : 0;
		if (n) {
			i += n;
			continue;
		}
		struct loc at = { src, (uint32_t)i, (uint32_t)i + 1 };
		if (t[i] == 0)
			diag_error(d, at, "unexpected NUL byte");
		else
			diag_error(d, at, "invalid UTF-8 byte sequence starting with 0x%02x (source files must be UTF-8)",
				   t[i]);
		return false;
	}
	return true;
}

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
	if (!parse_check_bytes(d, src))
		return ctx.file;

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

void parse_line_comment(struct parse_ctx *c, const char *text, size_t len,
			uint32_t start)
{
	static const char tag[] = "migc:allow";
	size_t i = 2;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (len - i < sizeof tag - 1 || strncmp(text + i, tag, sizeof tag - 1) != 0)
		return;
	struct ast_file *f = c->file;
	if (f->n_allows == c->cap_allows) {
		size_t cap = c->cap_allows ? 2 * c->cap_allows : 4;
		f->allows = arena_grow(c->arena, f->allows,
				       c->cap_allows * sizeof *f->allows,
				       cap * sizeof *f->allows);
		c->cap_allows = cap;
	}
	struct ast_allow *al = &f->allows[f->n_allows++];
	i += sizeof tag - 1;
	al->text = arena_strndup(c->arena, text + i, len - i);
	al->loc = (struct loc){ c->src, start, start + (uint32_t)len };
	uint32_t ls = start;
	while (ls > 0 && c->buf[ls - 1] != '\n' && c->buf[ls - 1] != '\r' &&
	       (c->buf[ls - 1] == ' ' || c->buf[ls - 1] == '\t'))
		ls--;
	al->own_line = ls == 0 || c->buf[ls - 1] == '\n' || c->buf[ls - 1] == '\r';
}

void parse_report_failure(struct parse_ctx *c, struct loc loc,
			  const char *msg)
{
	if (strcmp(msg, "memory exhausted") == 0)
		msg = "statement is nested too deeply";
	diag_error(c->diag, loc, "%s", msg);
}
