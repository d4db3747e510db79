/*
 * fmt_scan.c - the formatter's tokens: common/sqltext.c's tokens, keeping
 * what the parser drops: comments, the exact bytes of every token, and the
 * newlines between tokens.
 *
 * It only ever sees files that parsed without errors, so it needs no error
 * reporting; anything unexpected becomes a one-byte FT_OP token, which the
 * layout keeps where it was.  Expressions (their spans come from the AST)
 * are single FT_EXPR tokens: the layout never looks inside them.
 */
#include "fmt_int.h"

#include <string.h>

#include "arena.h"
#include "parse.h"
#include "sqltext.h"

/* One token at i (not blank, not an expression): its kind and end, as
 * common/sqltext.c splits SQL. */
static size_t scan_one(const char *t, size_t len, size_t i, enum fmt_kind *kind)
{
	static const enum fmt_kind map[] = {
		[SQLT_SPACE] = FT_OP,	/* not reached: fmt_scan() skips blanks */
		[SQLT_LINE_COMMENT] = FT_LINE_COMMENT,
		[SQLT_BLOCK_COMMENT] = FT_BLOCK_COMMENT,
		[SQLT_WORD] = FT_WORD,
		[SQLT_NUMBER] = FT_NUMBER,
		[SQLT_QIDENT] = FT_QIDENT,
		[SQLT_STRING] = FT_STRING,
		[SQLT_ESTRING] = FT_STRING,
		[SQLT_DOLLAR] = FT_STRING,
		[SQLT_PUNCT] = FT_PUNCT,
		[SQLT_OP] = FT_OP,
	};
	enum sqlt_kind k;
	size_t end = sqlt_token(t, len, i, &k);
	*kind = map[k];
	return end;
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
			/* a lone CR ends a line too, as parse.c's migc:allow
			 * placement (own line or trailing) counts it */
			nl += c == '\n' || (c == '\r' && (i + 1 >= len || text[i + 1] != '\n'));
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
	    n - 2 <= 63 && parse_name_is_bare(s + 1, n - 2))
		return arena_strndup(a, s + 1, n - 2);
	return arena_strndup(a, s, n);
}
