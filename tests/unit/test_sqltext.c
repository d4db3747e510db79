/*
 * test_sqltext.c - common/: PostgreSQL's keyword table and the SQL text
 * tokenizer and quoter every scanner of the tree uses.
 */
#include <stdlib.h>
#include <string.h>

#include "pg_keywords.h"
#include "sqltext.h"
#include "tap.h"

struct buf {
	char s[256];
	size_t n;
};

static void put(void *ctx, const char *s, size_t n)
{
	struct buf *b = ctx;
	if (b->n + n < sizeof b->s) {
		memcpy(b->s + b->n, s, n);
		b->n += n;
		b->s[b->n] = 0;
	}
}

static const char *ident(const char *name)
{
	static struct buf b;
	b.n = 0;
	b.s[0] = 0;
	sqlt_put_ident(put, &b, name);
	return b.s;
}

static void test_keywords(void)
{
	size_t n;
	const struct pg_keyword *kw = pg_keyword_table(&n);
	ok(n > 400, "the table holds PostgreSQL's keywords");
	int sorted = 1, found = 1;
	for (size_t i = 0; i < n; i++) {
		if (i && strcmp(kw[i - 1].word, kw[i].word) >= 0)
			sorted = 0;
		if (pg_keyword_lookup(kw[i].word, strlen(kw[i].word)) != &kw[i])
			found = 0;
	}
	ok(sorted, "sorted in strcmp order");
	ok(found, "every keyword finds itself");
	const struct pg_keyword *u = pg_keyword_lookup("USER", 4);
	ok(u && u->category == PG_KW_RESERVED, "user is reserved, found in any case");
	u = pg_keyword_lookup("action", 6);
	ok(u && u->category == PG_KW_UNRESERVED, "action is unreserved");
	ok(pg_keyword_lookup("users", 5) == NULL && pg_keyword_lookup("use", 3) == NULL,
	   "lookup is exact");
}

static void test_quote(void)
{
	is_str(ident("sel"), "sel", "a plain name is bare");
	is_str(ident("user"), "\"user\"", "a reserved word is quoted");
	is_str(ident("between"), "\"between\"", "a col_name keyword is quoted");
	is_str(ident("left"), "\"left\"", "a type_func_name keyword is quoted");
	is_str(ident("abort"), "abort", "an unreserved keyword is bare");
	is_str(ident("Sel"), "\"Sel\"", "upper case is quoted");
	is_str(ident("1a"), "\"1a\"", "a leading digit is quoted");
	is_str(ident("a\"b"), "\"a\"\"b\"", "a quote inside is doubled");
	is_str(ident(""), "\"\"", "the empty name is quoted");
	struct buf b = { .n = 0 };
	sqlt_put_literal(put, &b, "it's");
	is_str(b.s, "'it''s'", "a literal doubles its quote");
}

static void test_tokens(void)
{
	const char *t = "a \"b\"\"c\" 'd''e' E'f\\'g' $x$ h $y$ $x$ -- i\n/* j /* k */ l */ m$1;";
	size_t len = strlen(t), i = 0;
	enum sqlt_kind want[] = {
		SQLT_WORD, SQLT_SPACE, SQLT_QIDENT, SQLT_SPACE, SQLT_STRING, SQLT_SPACE,
		SQLT_ESTRING, SQLT_SPACE, SQLT_DOLLAR, SQLT_SPACE, SQLT_LINE_COMMENT,
		SQLT_SPACE, SQLT_BLOCK_COMMENT, SQLT_SPACE, SQLT_WORD, SQLT_PUNCT,
	};
	size_t n = 0;
	int same = 1;
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(t, len, i, &k);
		if (e <= i || n >= sizeof want / sizeof want[0] || k != want[n])
			same = 0;
		n++;
		i = e;
	}
	ok(same && n == sizeof want / sizeof want[0],
	   "quoted names, literals, E'' escapes, dollar quotes, nested comments");
	struct buf b = { .n = 0 };
	sqlt_put_token_ident(put, &b, "\"b\"\"c\"", 6, SQLT_QIDENT);
	is_str(b.s, "b\"c", "a quoted token's name");
	b.n = 0;
	sqlt_put_token_ident(put, &b, "AbC", 3, SQLT_WORD);
	is_str(b.s, "abc", "a bare token's name is folded");
	enum sqlt_kind k;
	ok(sqlt_token("'open", 5, 0, &k) == 5 && k == SQLT_STRING, "an unterminated literal runs to the end");
	ok(sqlt_skip_blank(" -- x\n /* y */ z", 16, 0) == 15, "skip blanks and comments");
}

int main(void)
{
	plan(21);
	test_keywords();
	test_quote();
	test_tokens();
	return tap_done();
}
