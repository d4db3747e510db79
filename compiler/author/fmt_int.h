/*
 * fmt_int.h - private to fmt_*.c: the formatter's token stream.
 *
 * fmt_scan.c cuts a file that already parsed into tokens that keep their
 * byte spans and the newlines before them, comments included; expressions
 * are single opaque tokens.  fmt_layout.c marks the tokens from the AST
 * and writes the canonical text.
 */
#ifndef MIGC_FMT_INT_H
#define MIGC_FMT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define FMT_INDENT 4		/* a block's statements, a table's elements */

enum fmt_kind {
	FT_WORD,	/* keyword or unquoted identifier */
	FT_NUMBER,	/* starts with a digit: integer, revision id */
	FT_QIDENT,	/* "quoted identifier" */
	FT_STRING,	/* 'string', E'string', $tag$string$tag$ */
	FT_EXPR,	/* an expression, copied verbatim */
	FT_PUNCT,	/* one of ( ) [ ] { } , ; . */
	FT_OP,		/* any other operator characters */
	FT_LINE_COMMENT,
	FT_BLOCK_COMMENT,
};

/* Layout marks (fmt_layout.c). */
enum {
	FM_BREAK = 1 << 0,	/* starts a line at `indent` */
	FM_BLANK = 1 << 1,	/* a blank line before it, whatever the source had */
	FM_TYPE = 1 << 2,	/* inside a column type: tight parentheses */
	FM_PAD = 1 << 3,	/* the next token starts at column `pad` */
	FM_DROP = 1 << 4,	/* an empty statement's ';' */
	FM_SEMI = 1 << 5,	/* a statement's last token without its ';' */
	FM_HEADER = 1 << 6,	/* a revision header argument: kept as written */
	FM_CLOSE = 1 << 7,	/* a block's '}' or a table's ')' */
	FM_ELEM = 1 << 8,	/* a table element's line: `group` is the table */
};

struct fmt_tok {
	enum fmt_kind kind;
	uint32_t start, end;	/* byte span in the source */
	unsigned nl_before;	/* newlines between the previous token and this */
	unsigned nl_after;	/* newlines between this token and the next */
	unsigned flags;
	unsigned indent;	/* FM_BREAK: the line's indent */
	unsigned pad;		/* FM_PAD: the column the next token starts at */
	uint32_t group;		/* FM_ELEM: trailing comments align within it */
};

/* A span that the scanner returns as one FT_EXPR token. */
struct fmt_span {
	uint32_t start, end;
};

/* Tokens of text[0..len); `exprs` sorted by start, not overlapping. */
struct fmt_tok *fmt_scan(struct arena *a, const char *text, size_t len,
			 const struct fmt_span *exprs, size_t n_exprs,
			 size_t *n_out);

/* The text a token is written as: words in lower case, a quoted name
 * without its quotes when they are not needed (not in the header:
 * `message "text"`), everything else as written. */
const char *fmt_tok_text(struct arena *a, const char *text,
			 const struct fmt_tok *t);

/* A file's tokens, marked by fmt_layout.c. */
struct layout {
	struct arena *a;
	const char *text;
	struct fmt_tok *t;
	size_t n;
};

/* The marked tokens written out (fmt_write.c). */
const char *fmt_write(const struct layout *L);

/* The canonical text of a file that parsed without errors (fmt_layout.c). */
struct ast_file;
const char *fmt_layout(struct arena *a, const struct ast_file *f);

static inline bool fmt_is_comment(const struct fmt_tok *t)
{
	return t->kind == FT_LINE_COMMENT || t->kind == FT_BLOCK_COMMENT;
}

/* Whether token t is the one-character punctuation c. */
static inline bool fmt_is_punct(const struct fmt_tok *t, const char *text, char c)
{
	return t->kind == FT_PUNCT && text[t->start] == c;
}

#endif
