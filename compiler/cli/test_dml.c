/*
 * test_dml.c - which tables a revision writes rows to, for `migc test
 * --data` (test_dml.h).
 *
 * A revision whose upgrade rewrites rows (`update t set name =
 * upper(name)`) changes the generated rows when it runs again after the
 * downgrade: that is its purpose, not a loss, so those tables are left out
 * of the comparison.  The statements of the upgrade and the downgrade are
 * scanned with the shared SQL tokenizer (common/sqltext.h); a word UPDATE,
 * DELETE [FROM], INSERT [INTO], MERGE [INTO], TRUNCATE [TABLE] [ONLY] or
 * COPY names the table after it (its last name part).  Words inside
 * literals, comments and dollar-quoted bodies are not seen (a function's
 * body does not run when it is created); a statement that begins with DO
 * or CALL runs code that may write anywhere.
 *
 * Guarantees: never misses a plain DML statement's target; may name more
 * tables than are written (`on update cascade` names "cascade"), which
 * only leaves more out of the comparison.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "migrt.h"
#include "sqltext.h"
#include "test_dml.h"

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* The token after blanks from i: its start in *s, end returned. */
static size_t next_token(const char *t, size_t len, size_t i, size_t *s, enum sqlt_kind *k)
{
	*s = sqlt_skip_blank(t, len, i);
	if (*s >= len) {
		*k = SQLT_SPACE;
		return len;
	}
	return sqlt_token(t, len, *s, k);
}

/* The name at t[i..]: its last part, lower-cased when bare, unquoted
 * when quoted; NULL when no name follows. */
static const char *name_at(struct arena *a, const char *t, size_t len, size_t i)
{
	const char *last = NULL;
	for (;;) {
		size_t s;
		enum sqlt_kind k;
		size_t e = next_token(t, len, i, &s, &k);
		if (k == SQLT_WORD) {
			char *w = arena_alloc(a, e - s + 1);
			for (size_t j = 0; j < e - s; j++)
				w[j] = (char)tolower((unsigned char)t[s + j]);
			w[e - s] = '\0';
			last = w;
		} else if (k == SQLT_QIDENT && e - s >= 2) {
			char *w = arena_alloc(a, e - s), *o = w;
			for (size_t j = s + 1; j + 1 < e; j++) {
				*o++ = t[j];
				if (t[j] == '"' && t[j + 1] == '"')
					j++;
			}
			*o = '\0';
			last = w;
		} else {
			return last;
		}
		size_t ds;
		enum sqlt_kind dk;
		size_t de = next_token(t, len, e, &ds, &dk);
		if (!(dk == SQLT_PUNCT && t[ds] == '.'))
			return last;
		i = de;
	}
}

static void add_name(struct arena *a, struct test_dml *out, const char *name)
{
	if (!name)
		return;
	for (size_t k = 0; k < out->n; k++)
		if (strcmp(out->tables[k], name) == 0)
			return;
	out->tables = arena_grow(a, out->tables, out->n * sizeof *out->tables,
				 (out->n + 1) * sizeof *out->tables);
	out->tables[out->n++] = name;
}

static void scan(struct arena *a, const char *t, struct test_dml *out)
{
	size_t len = strlen(t), i = 0;
	bool first = true;
	while (i < len) {
		size_t s;
		enum sqlt_kind k;
		size_t e = next_token(t, len, i, &s, &k);
		if (s >= len)
			break;
		i = e;
		if (k != SQLT_WORD)
			continue;
		const char *w = t + s;
		size_t n = e - s;
		if (first && (word_is(w, n, "do") || word_is(w, n, "call")))
			out->anywhere = true;
		first = false;
		const char *skip[3] = { NULL, NULL, NULL };
		if (word_is(w, n, "update") || word_is(w, n, "copy"))
			skip[0] = "only";
		else if (word_is(w, n, "delete"))
			skip[0] = "from", skip[1] = "only";
		else if (word_is(w, n, "insert") || word_is(w, n, "merge"))
			skip[0] = "into";
		else if (word_is(w, n, "truncate"))
			skip[0] = "table", skip[1] = "only";
		else
			continue;
		size_t j = e;
		for (int m = 0; m < 3 && skip[m]; m++) {
			size_t ws;
			enum sqlt_kind wk;
			size_t we = next_token(t, len, j, &ws, &wk);
			if (wk == SQLT_WORD && word_is(t + ws, we - ws, skip[m]))
				j = we;
		}
		add_name(a, out, name_at(a, t, len, j));
	}
}

void test_dml_scan(struct arena *a, const struct migrt_revision *r, struct test_dml *out)
{
	memset(out, 0, sizeof *out);
	for (uint32_t i = 0; i < r->n_upgrade; i++)
		scan(a, r->upgrade[i].sql, out);
	for (uint32_t i = 0; i < r->n_downgrade; i++)
		scan(a, r->downgrade[i].sql, out);
}
