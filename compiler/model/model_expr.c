/*
 * model_expr.c - the model's view of expression text.
 *
 * The model keeps defaults, checks and index expressions as source text.
 * Comparing two of them must not depend on spacing, comments, keyword case
 * or needless quotes, and a column rename must show up in them as it does
 * in PostgreSQL's stored (parsed) expressions.  Both walk the expression's
 * tokens as common/sqltext.c splits them (the one scanner of SQL text
 * outside the grammar) and write identifiers with sql_ident_min(), the one
 * keyword-aware quoting rule: a name is bare exactly when PostgreSQL reads
 * the bare word back as the same name.
 */
#include <string.h>

#include "arena.h"
#include "model.h"
#include "sql.h"
#include "sqltext.h"

static bool mx_word(char c)
{
	return sqlt_ident_cont((unsigned char)c);
}

/* The identifier a WORD or QIDENT token names, in the arena. */
static const char *mx_ident(struct arena *a, const char *tok, size_t n,
			    enum sqlt_kind kind)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sqlt_put_token_ident(sql_sb_sink, &sb, tok, n, kind);
	return sb_str(&sb);
}

/* True for a word that is only ASCII: a keyword or an identifier that
 * needs no quotes once folded. */
static bool mx_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

const char *model_expr_norm(struct arena *a, const char *text)
{
	if (!text)
		return NULL;
	struct strbuf sb;
	sb_init(&sb, a);
	size_t len = strlen(text), i = 0;
	bool pending_space = false;
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(text, len, i, &k);
		const char *t = text + i;
		size_t n = e - i;
		i = e;
		if (sqlt_is_blank(k)) {
			pending_space = true;
			continue;
		}
		const char *out = NULL;
		if (k == SQLT_QIDENT || (k == SQLT_WORD && !mx_ascii(t, n)))
			out = sql_ident_min(a, mx_ident(a, t, n, k));
		else if (k == SQLT_WORD || k == SQLT_NUMBER || k == SQLT_OP ||
			 k == SQLT_PUNCT)
			out = mx_ident(a, t, n, SQLT_WORD);	/* folded */
		else if (k == SQLT_ESTRING)
			out = arena_printf(a, "e%.*s", (int)n - 1, t + 1);
		else
			out = arena_strndup(a, t, n);
		if (pending_space && sb.len && mx_word(sb.data[sb.len - 1]) && mx_word(out[0]))
			sb_putc(&sb, ' ');
		pending_space = false;
		sb_puts(&sb, out);
	}
	return sb_str(&sb);
}

/* The previous non-blank token before position `before` is "::". */
static bool mx_after_cast(const char *text, size_t before)
{
	size_t i = 0, last = 0, last_end = 0;
	bool have = false;
	while (i < before) {
		enum sqlt_kind k;
		size_t e = sqlt_token(text, before, i, &k);
		if (!sqlt_is_blank(k)) {
			have = true;
			last = i;
			last_end = e;
		}
		i = e;
	}
	return have && last_end - last >= 2 && text[last_end - 1] == ':' &&
	       text[last_end - 2] == ':';
}

const char *model_expr_rename(struct arena *a, const char *text,
			      const char *from, const char *to)
{
	struct strbuf sb;
	sb_init(&sb, a);
	size_t len = strlen(text), i = 0;
	bool changed = false;
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(text, len, i, &k);
		if ((k == SQLT_WORD || k == SQLT_QIDENT) &&
		    strcmp(mx_ident(a, text + i, e - i, k), from) == 0) {
			size_t after = sqlt_skip_blank(text, len, e);
			bool is_func = after < len && text[after] == '(';
			if (!is_func && !mx_after_cast(text, i)) {
				sql_put_ident_min(&sb, to);
				changed = true;
				i = e;
				continue;
			}
		}
		sb_put(&sb, text + i, e - i);
		i = e;
	}
	return changed ? sb_str(&sb) : text;
}
