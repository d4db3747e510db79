/*
 * fmt_scan.c - the formatter's tokens: PostgreSQL's lexical rules again
 * (grammar/lexer.l), but keeping what the parser drops: comments, the
 * exact bytes of every token, and the newlines between tokens.
 *
 * It only ever sees files that parsed without errors, so it needs no error
 * reporting; anything unexpected becomes a one-byte FT_OP token, which the
 * layout keeps where it was.  Expressions (their spans come from the AST)
 * are single FT_EXPR tokens: the layout never looks inside them.
 */
#include "fmt_int.h"

#include <string.h>

#include "arena.h"
#include "ast_build.h"

static bool scan_ident_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       c >= 0x80;
}

static bool scan_ident_cont(unsigned char c)
{
	return scan_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static bool scan_op_char(char c)
{
	return c && strchr("~!@#^&|`?+-*/%<>=:", c) != NULL;
}

/* End of a "--" comment: the line break is not part of it. */
static size_t scan_line_comment(const char *t, size_t len, size_t i)
{
	while (i < len && t[i] != '\n' && t[i] != '\r')
		i++;
	return i;
}

/* End of a nested block comment starting at i ("/" "*"). */
static size_t scan_block_comment(const char *t, size_t len, size_t i)
{
	int depth = 0;
	i += 2;
	while (i < len) {
		if (t[i] == '/' && i + 1 < len && t[i + 1] == '*') {
			depth++;
			i += 2;
		} else if (t[i] == '*' && i + 1 < len && t[i + 1] == '/') {
			i += 2;
			if (depth-- == 0)
				return i;
		} else {
			i++;
		}
	}
	return len;
}

/* End of a quoted run: 'string' or "identifier", doubled quotes inside;
 * with `escapes` (E'...') a backslash takes the next byte. */
static size_t scan_quoted(const char *t, size_t len, size_t i, char q,
			  bool escapes)
{
	i++;
	while (i < len) {
		if (escapes && t[i] == '\\' && i + 1 < len) {
			i += 2;
		} else if (t[i] == q) {
			if (i + 1 < len && t[i + 1] == q)
				i += 2;
			else
				return i + 1;
		} else {
			i++;
		}
	}
	return len;
}

/* Length of a $tag$ delimiter at i, or 0. */
static size_t scan_dollar_delim(const char *t, size_t len, size_t i)
{
	size_t k = i + 1;
	if (k < len && scan_ident_start((unsigned char)t[k]) )
		while (k < len && scan_ident_cont((unsigned char)t[k]) && t[k] != '$')
			k++;
	return k < len && t[k] == '$' ? k + 1 - i : 0;
}

static size_t scan_dollar_string(const char *t, size_t len, size_t i,
				 size_t dlen)
{
	for (size_t k = i + dlen; k + dlen <= len; k++)
		if (t[k] == '$' && memcmp(t + k, t + i, dlen) == 0)
			return k + dlen;
	return len;
}

/* An operator stops before a comment, as in the lexer. */
static size_t scan_operator(const char *t, size_t len, size_t i)
{
	size_t k = i;
	while (k < len && scan_op_char(t[k])) {
		if (k > i && k + 1 < len &&
		    ((t[k] == '-' && t[k + 1] == '-') || (t[k] == '/' && t[k + 1] == '*')))
			break;
		k++;
	}
	return k;
}

/* One token at i (not blank, not an expression): its kind and end. */
static size_t scan_one(const char *t, size_t len, size_t i, enum fmt_kind *kind)
{
	unsigned char c = (unsigned char)t[i];
	char next = i + 1 < len ? t[i + 1] : 0;
	if (c == '-' && next == '-') {
		*kind = FT_LINE_COMMENT;
		return scan_line_comment(t, len, i);
	}
	if (c == '/' && next == '*') {
		*kind = FT_BLOCK_COMMENT;
		return scan_block_comment(t, len, i);
	}
	if (scan_ident_start(c)) {
		if ((c == 'e' || c == 'E') && next == '\'') {
			*kind = FT_STRING;
			return scan_quoted(t, len, i + 1, '\'', true);
		}
		size_t k = i + 1;
		while (k < len && scan_ident_cont((unsigned char)t[k]))
			k++;
		*kind = FT_WORD;
		return k;
	}
	if (c >= '0' && c <= '9') {
		size_t k = i + 1;
		while (k < len && scan_ident_cont((unsigned char)t[k]))
			k++;
		*kind = FT_NUMBER;
		return k;
	}
	if (c == '"') {
		*kind = FT_QIDENT;
		return scan_quoted(t, len, i, '"', false);
	}
	if (c == '\'') {
		*kind = FT_STRING;
		return scan_quoted(t, len, i, '\'', false);
	}
	if (c == '$') {
		size_t dlen = scan_dollar_delim(t, len, i);
		if (dlen) {
			*kind = FT_STRING;
			return scan_dollar_string(t, len, i, dlen);
		}
	}
	if (c && strchr("()[]{},;.", c)) {
		*kind = FT_PUNCT;
		return i + 1;
	}
	*kind = FT_OP;
	return scan_op_char((char)c) ? scan_operator(t, len, i) : i + 1;
}

struct fmt_tok *fmt_scan(struct arena *a, const char *text, size_t len,
			 const struct fmt_span *exprs, size_t n_exprs,
			 size_t *n_out)
{
	size_t n = 0, cap = 64, e = 0;
	struct fmt_tok *toks = arena_alloc(a, cap * sizeof *toks);
	unsigned nl = 0;
	size_t i = 0;
	while (i < len) {
		char c = text[i];
		if (c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v') {
			nl += c == '\n';
			i++;
			continue;
		}
		while (e < n_exprs && exprs[e].start < i)
			e++;
		struct fmt_tok tok = { 0 };
		tok.start = (uint32_t)i;
		tok.nl_before = nl;
		size_t end;
		if (e < n_exprs && exprs[e].start == i && exprs[e].end > i) {
			tok.kind = FT_EXPR;
			end = exprs[e].end;
		} else {
			end = scan_one(text, len, i, &tok.kind);
		}
		tok.end = (uint32_t)end;
		if (n == cap) {
			toks = arena_grow(a, toks, cap * sizeof *toks,
					  2 * cap * sizeof *toks);
			cap *= 2;
		}
		if (n)
			toks[n - 1].nl_after = nl;
		toks[n++] = tok;
		nl = 0;
		i = end;
	}
	if (n)
		toks[n - 1].nl_after = nl;
	*n_out = n;
	return toks;
}

/* A quoted name can lose its quotes when the lexer would read the bare
 * word as the same identifier: lower-case ASCII, not a keyword of any
 * category, no more than 63 bytes. */
static bool scan_plain_name(const char *s, size_t n)
{
	if (n == 0 || n > 63 || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return kw_lookup(s, n) == NULL;
}

const char *fmt_tok_text(struct arena *a, const char *text,
			 const struct fmt_tok *t)
{
	const char *s = text + t->start;
	size_t n = t->end - t->start;
	if (t->kind == FT_WORD) {
		char *w = arena_strndup(a, s, n);
		for (size_t i = 0; i < n; i++)
			if (w[i] >= 'A' && w[i] <= 'Z')
				w[i] = (char)(w[i] - 'A' + 'a');
		return w;
	}
	if (t->kind == FT_QIDENT && !(t->flags & FM_HEADER) && n >= 2 &&
	    scan_plain_name(s + 1, n - 2))
		return arena_strndup(a, s + 1, n - 2);
	return arena_strndup(a, s, n);
}
