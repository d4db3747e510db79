/*
 * sqltext.h - SQL's lexical rules, once: the only code outside the flex
 * lexer (grammar/lexer.l) that knows how SQL text is quoted and split.
 *
 * Shared by the compiler and the runtime; plain C, no allocation.  Output
 * goes through a caller's append callback (sqlt_put_fn), so each side
 * writes into its own string builder.
 *
 * Guarantees:
 *  - sqlt_token() splits any byte string into tokens the way PostgreSQL's
 *    scanner delimits them (quoted identifiers with "" doubled, string
 *    literals with '' doubled, E'' literals with backslash escapes,
 *    $tag$ dollar quotes, -- and nested block comments); it never reads
 *    past `len`, an unterminated construct runs to the end, and every
 *    token is at least one byte long.
 *  - sqlt_put_ident() writes an identifier bare exactly when PostgreSQL
 *    reads the bare word back as the same identifier, by the rule of
 *    PostgreSQL's quote_identifier(): lower-case ASCII letters, digits and
 *    underscores, not starting with a digit, and not a keyword unless an
 *    unreserved one (common/pg_keywords.h).  Otherwise it is double-quoted.
 *  - sqlt_put_ident_quoted() and sqlt_put_literal() always quote, doubling
 *    the quote character inside; a literal is a standard one
 *    (standard_conforming_strings on: a backslash is an ordinary byte).
 */
#ifndef MIGC_COMMON_SQLTEXT_H
#define MIGC_COMMON_SQLTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Appends the n bytes at s to whatever ctx is. */
typedef void sqlt_put_fn(void *ctx, const char *s, size_t n);

enum sqlt_kind {
	SQLT_SPACE,		/* a run of blanks */
	SQLT_LINE_COMMENT,	/* -- up to (not including) the line break */
	SQLT_BLOCK_COMMENT,	/* slash-star ... star-slash, nested */
	SQLT_WORD,		/* keyword or unquoted identifier */
	SQLT_NUMBER,		/* starts with a digit */
	SQLT_QIDENT,		/* "quoted identifier" */
	SQLT_STRING,		/* 'literal' */
	SQLT_ESTRING,		/* E'literal' with backslash escapes */
	SQLT_DOLLAR,		/* $tag$ ... $tag$ */
	SQLT_PUNCT,		/* one of ( ) [ ] { } , ; . */
	SQLT_OP,		/* an operator run, or any other single byte */
};

/* The token starting at t[i] (i < len): its kind in *kind, its end as the
 * return value (> i). */
size_t sqlt_token(const char *t, size_t len, size_t i, enum sqlt_kind *kind);

/* The first position at or after i that is not blank or a comment. */
size_t sqlt_skip_blank(const char *t, size_t len, size_t i);

/* True for a token kind that is only layout (blank or comment). */
bool sqlt_is_blank(enum sqlt_kind kind);

/* PostgreSQL's identifier bytes: may start a bare word / continue one. */
bool sqlt_ident_start(unsigned char c);
bool sqlt_ident_cont(unsigned char c);

/* True when the n bytes at name may be written without quotes (the rule
 * above). */
bool sqlt_ident_is_bare(const char *name, size_t n);

/* The identifier `name`, quoted only when it must be. */
void sqlt_put_ident(sqlt_put_fn *put, void *ctx, const char *name);

/* The identifier `name`, always double-quoted. NULL writes "". */
void sqlt_put_ident_quoted(sqlt_put_fn *put, void *ctx, const char *name);

/* The text as a standard string literal. NULL writes ''. */
void sqlt_put_literal(sqlt_put_fn *put, void *ctx, const char *text);

/* The identifier a SQLT_WORD or SQLT_QIDENT token of n bytes at tok
 * names: a word folded to lower case (ASCII only, as PostgreSQL does in a
 * UTF-8 database), a quoted one without its quotes and with "" undoubled. */
void sqlt_put_token_ident(sqlt_put_fn *put, void *ctx, const char *tok,
			  size_t n, enum sqlt_kind kind);

#endif
