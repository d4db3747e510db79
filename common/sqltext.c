/*
 * sqltext.c - SQL's lexical rules outside the grammar (sqltext.h): the
 * tokenizer every text scanner of the tree uses, and identifier and
 * literal quoting.
 *
 * The token rules follow PostgreSQL's scan.l (and grammar/lexer.l, which
 * mirrors it): a bare word is [A-Za-z_\x80-\xff][A-Za-z_0-9$\x80-\xff]*; a
 * dollar quote's tag is a word without '$'; an operator run stops before
 * a comment start.  Numbers are only delimited, not validated.
 */
#include "sqltext.h"

#include <string.h>

#include "pg_keywords.h"

bool sqlt_ident_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       c >= 0x80;
}

bool sqlt_ident_cont(unsigned char c)
{
	return sqlt_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static bool sqlt_op_char(char c)
{
	return c && strchr("~!@#^&|`?+-*/%<>=:", c) != NULL;
}

static bool sqlt_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

bool sqlt_is_blank(enum sqlt_kind kind)
{
	return kind == SQLT_SPACE || kind == SQLT_LINE_COMMENT ||
	       kind == SQLT_BLOCK_COMMENT;
}

static size_t sqlt_block_comment(const char *t, size_t len, size_t i)
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

/* End of a quoted run opened by t[i] == q, the quote doubled inside; with
 * `escapes` a backslash takes the next byte. */
static size_t sqlt_quoted(const char *t, size_t len, size_t i, char q,
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

/* Length of a $tag$ delimiter at t[i] == '$', or 0. */
static size_t sqlt_dollar_delim(const char *t, size_t len, size_t i)
{
	size_t k = i + 1;
	if (k < len && sqlt_ident_start((unsigned char)t[k]))
		while (k < len && sqlt_ident_cont((unsigned char)t[k]) && t[k] != '$')
			k++;
	return k < len && t[k] == '$' ? k + 1 - i : 0;
}

static size_t sqlt_dollar_body(const char *t, size_t len, size_t i, size_t dlen)
{
	for (size_t k = i + dlen; k + dlen <= len; k++)
		if (t[k] == '$' && memcmp(t + k, t + i, dlen) == 0)
			return k + dlen;
	return len;
}

static size_t sqlt_operator(const char *t, size_t len, size_t i)
{
	size_t k = i;
	while (k < len && sqlt_op_char(t[k])) {
		if (k > i && k + 1 < len &&
		    ((t[k] == '-' && t[k + 1] == '-') || (t[k] == '/' && t[k + 1] == '*')))
			break;
		k++;
	}
	return k;
}

size_t sqlt_token(const char *t, size_t len, size_t i, enum sqlt_kind *kind)
{
	unsigned char c = (unsigned char)t[i];
	char next = i + 1 < len ? t[i + 1] : 0;
	if (sqlt_space((char)c)) {
		size_t k = i + 1;
		while (k < len && sqlt_space(t[k]))
			k++;
		*kind = SQLT_SPACE;
		return k;
	}
	if (c == '-' && next == '-') {
		size_t k = i;
		while (k < len && t[k] != '\n' && t[k] != '\r')
			k++;
		*kind = SQLT_LINE_COMMENT;
		return k;
	}
	if (c == '/' && next == '*') {
		*kind = SQLT_BLOCK_COMMENT;
		return sqlt_block_comment(t, len, i);
	}
	if (sqlt_ident_start(c)) {
		if ((c == 'e' || c == 'E') && next == '\'') {
			*kind = SQLT_ESTRING;
			return sqlt_quoted(t, len, i + 1, '\'', true);
		}
		size_t k = i + 1;
		while (k < len && sqlt_ident_cont((unsigned char)t[k]))
			k++;
		*kind = SQLT_WORD;
		return k;
	}
	if (c >= '0' && c <= '9') {
		size_t k = i + 1;
		while (k < len && sqlt_ident_cont((unsigned char)t[k]))
			k++;
		*kind = SQLT_NUMBER;
		return k;
	}
	if (c == '"') {
		*kind = SQLT_QIDENT;
		return sqlt_quoted(t, len, i, '"', false);
	}
	if (c == '\'') {
		*kind = SQLT_STRING;
		return sqlt_quoted(t, len, i, '\'', false);
	}
	if (c == '$') {
		size_t dlen = sqlt_dollar_delim(t, len, i);
		if (dlen) {
			*kind = SQLT_DOLLAR;
			return sqlt_dollar_body(t, len, i, dlen);
		}
	}
	if (c && strchr("()[]{},;.", (char)c)) {
		*kind = SQLT_PUNCT;
		return i + 1;
	}
	*kind = SQLT_OP;
	return sqlt_op_char((char)c) ? sqlt_operator(t, len, i) : i + 1;
}

size_t sqlt_skip_blank(const char *t, size_t len, size_t i)
{
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(t, len, i, &k);
		if (!sqlt_is_blank(k))
			break;
		i = e;
	}
	return i;
}

bool sqlt_ident_is_bare(const char *name, size_t n)
{
	if (n == 0 || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return false;
	const struct pg_keyword *kw = pg_keyword_lookup(name, n);
	return !kw || kw->category == PG_KW_UNRESERVED;
}

/* s wrapped in q, every q inside doubled. */
static void sqlt_put_quoted(sqlt_put_fn *put, void *ctx, const char *s, char q)
{
	put(ctx, &q, 1);
	if (s) {
		const char *p;
		while ((p = strchr(s, q)) != NULL) {
			put(ctx, s, (size_t)(p - s) + 1);
			put(ctx, &q, 1);
			s = p + 1;
		}
		put(ctx, s, strlen(s));
	}
	put(ctx, &q, 1);
}

void sqlt_put_ident(sqlt_put_fn *put, void *ctx, const char *name)
{
	if (name && sqlt_ident_is_bare(name, strlen(name)))
		put(ctx, name, strlen(name));
	else
		sqlt_put_quoted(put, ctx, name, '"');
}

void sqlt_put_ident_quoted(sqlt_put_fn *put, void *ctx, const char *name)
{
	sqlt_put_quoted(put, ctx, name, '"');
}

void sqlt_put_literal(sqlt_put_fn *put, void *ctx, const char *text)
{
	sqlt_put_quoted(put, ctx, text, '\'');
}

void sqlt_put_token_ident(sqlt_put_fn *put, void *ctx, const char *tok,
			  size_t n, enum sqlt_kind kind)
{
	if (kind == SQLT_QIDENT) {
		size_t end = n >= 2 && tok[n - 1] == '"' ? n - 1 : n;
		for (size_t i = 1; i < end; i++) {
			put(ctx, tok + i, 1);
			if (tok[i] == '"' && i + 1 < end && tok[i + 1] == '"')
				i++;
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char c = tok[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		put(ctx, &c, 1);
	}
}
