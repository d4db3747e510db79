/*
 * naming.c - PostgreSQL's automatic object names (see naming.h).
 *
 * The truncation rule matters byte for byte: a later revision drops
 * objects by these names, so they must be exactly what the server chose.
 */
#include "naming.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "model.h"
#include "sql.h"
#include "sqltext.h"

/* Longest prefix of s[0..len) not splitting a UTF-8 character. */
static size_t naming_cliplen(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

const char *naming_object(struct arena *a, const char *name1, const char *name2,
			  const char *label)
{
	size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
	size_t overhead = (name2 ? 1 : 0) + (label ? strlen(label) + 1 : 0);
	size_t avail = NAMING_MAXLEN > overhead ? NAMING_MAXLEN - overhead : 1;
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	/* s[len] is the first byte cut off: back up to a character start */
	if (n1 < strlen(name1))
		n1 = naming_cliplen(name1, n1);
	if (name2 && n2 < strlen(name2))
		n2 = naming_cliplen(name2, n2);
	struct strbuf sb;
	sb_init(&sb, a);
	sb_put(&sb, name1, n1);
	if (name2) {
		sb_putc(&sb, '_');
		sb_put(&sb, name2, n2);
	}
	if (label) {
		sb_putc(&sb, '_');
		sb_puts(&sb, label);
	}
	return sb_str(&sb);
}

const char *naming_join(struct arena *a, const char *const *names, size_t n)
{
	if (n == 0)
		return NULL;
	struct strbuf sb;
	sb_init(&sb, a);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_putc(&sb, '_');
		sb_puts(&sb, names[i]);
		if (sb.len >= NAMING_MAXLEN + 1)
			break;
	}
	return sb_str(&sb);
}

const char **naming_index_colnames(struct arena *a, const char *const *names, size_t n)
{
	const char **out = arena_calloc(a, n + 1, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const char *cur = names[i];
		for (int k = 1;; k++) {
			size_t j = 0;
			while (j < i && strcmp(out[j], cur) != 0)
				j++;
			if (j == i)
				break;
			char num[16];
			snprintf(num, sizeof num, "%d", k);
			size_t keep = strlen(names[i]);
			if (keep > NAMING_MAXLEN - strlen(num)) {
				keep = NAMING_MAXLEN - strlen(num);
				keep = naming_cliplen(names[i], keep);
			}
			cur = arena_printf(a, "%.*s%s", (int)keep, names[i], num);
		}
		out[i] = cur;
	}
	return out;
}

/* ---- FigureIndexColname on source text ------------------------------- */

/* The expression's tokens are common/sqltext.c's: these walk [p, end). */

static const char *naming_skip_ws(const char *p, const char *end)
{
	return p + sqlt_skip_blank(p, (size_t)(end - p), 0);
}

/* End of the last token in [p, end) that is not blank or a comment. */
static const char *naming_trim_end(const char *p, const char *end)
{
	size_t len = (size_t)(end - p), i = 0, last = 0;
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(p, len, i, &k);
		if (!sqlt_is_blank(k))
			last = e;
		i = e;
	}
	return p + last;
}

/* True when the token [t, t+n) is a quoted run that was closed. */
static bool naming_closed(const char *t, size_t n, enum sqlt_kind k)
{
	if (k == SQLT_QIDENT || k == SQLT_STRING)
		return n >= 2 && t[n - 1] == t[0];
	return true;
}

/* End of the parenthesised group starting at p (*p == '('), or NULL. */
static const char *naming_skip_group(const char *p, const char *end)
{
	size_t len = (size_t)(end - p), i = 0;
	int depth = 0;
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(p, len, i, &k);
		if (!naming_closed(p + i, e - i, k))
			return NULL;
		if (k == SQLT_PUNCT && p[i] == '(')
			depth++;
		else if (k == SQLT_PUNCT && p[i] == ')' && --depth == 0)
			return p + e;
		i = e;
	}
	return NULL;
}

/* Reads one identifier (folded) at p; NULL if there is none. */
static const char *naming_ident(struct arena *a, const char **pp, const char *end)
{
	const char *p = *pp;
	if (p >= end)
		return NULL;
	enum sqlt_kind k;
	size_t n = sqlt_token(p, (size_t)(end - p), 0, &k);
	if ((k != SQLT_WORD && k != SQLT_QIDENT) || !naming_closed(p, n, k))
		return NULL;
	struct strbuf sb;
	sb_init(&sb, a);
	sqlt_put_token_ident(sql_sb_sink, &sb, p, n, k);
	*pp = p + n;
	return sb_str(&sb);
}

/* Position of the last top-level "::" in [p, end), or NULL. */
static const char *naming_last_cast(const char *p, const char *end)
{
	const char *last = NULL;
	size_t len = (size_t)(end - p), i = 0;
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(p, len, i, &k);
		if (!naming_closed(p + i, e - i, k))
			return NULL;
		if (k == SQLT_PUNCT && p[i] == '(') {
			const char *q = naming_skip_group(p + i, end);
			if (!q)
				return NULL;
			e = (size_t)(q - p);
		} else if (k == SQLT_OP && e - i >= 2 && p[i] == ':' && p[i + 1] == ':') {
			last = p + i;
		}
		i = e;
	}
	return last;
}

static const char *naming_type_name(const char *t)
{
	static const char *const map[][2] = {
		{ "int", "int4" }, { "integer", "int4" }, { "int4", "int4" },
		{ "bigint", "int8" }, { "smallint", "int2" }, { "boolean", "bool" },
		{ "real", "float4" }, { "double", "float8" }, { "float", "float8" },
		{ "decimal", "numeric" }, { "character", "bpchar" }, { "char", "bpchar" },
		{ "varchar", "varchar" }, { "timestamptz", "timestamptz" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(t, map[i][0]) == 0)
			return map[i][1];
	return t;
}

/* Returns the strength PostgreSQL's FigureColnameInternal would: 2 for a
 * column or function, 1 for a cast or CASE, 0 for anything else. */
static int naming_figure(struct arena *a, const char *p, const char *end,
			 const char **name)
{
	p = naming_skip_ws(p, end);
	end = naming_trim_end(p, end);
	while (p < end && *p == '(' && naming_skip_group(p, end) == end) {
		p = naming_skip_ws(p + 1, end - 1);
		end = naming_trim_end(p, end - 1);
	}
	const char *cast = naming_last_cast(p, end);
	if (cast) {
		int st = naming_figure(a, p, cast, name);
		if (st <= 1) {
			const char *q = naming_skip_ws(cast + 2, end);
			const char *t = naming_ident(a, &q, end);
			if (t) {
				if (strcmp(t, "character") == 0) {
					const char *r = naming_skip_ws(q, end);
					const char *w = naming_ident(a, &r, end);
					if (w && strcmp(w, "varying") == 0)
						t = "varchar";
				} else if (strcmp(t, "timestamp") == 0 &&
					   strstr(q, "with time zone")) {
					t = "timestamptz";
				}
				*name = naming_type_name(t);
				return 1;
			}
		}
		return st;
	}
	const char *q = p;
	const char *id = naming_ident(a, &q, end);
	if (!id)
		return 0;
	if (strcmp(id, "case") == 0) {
		*name = "case";
		return 1;
	}
	for (;;) {
		q = naming_skip_ws(q, end);
		if (q < end && *q == '.') {
			q = naming_skip_ws(q + 1, end);
			const char *next = naming_ident(a, &q, end);
			if (!next)
				return 0;
			id = next;
			continue;
		}
		break;
	}
	if (q == end) {
		*name = id;
		return 2;
	}
	if (*q == '(' && naming_skip_group(q, end) == end) {
		*name = id;
		return 2;
	}
	return 0;
}

const char *naming_expr_colname(struct arena *a, const char *expr_text)
{
	const char *name = NULL;
	naming_figure(a, expr_text, expr_text + strlen(expr_text), &name);
	return name ? name : "expr";
}

/* ---- choosing free names -------------------------------------------- */

const char *naming_relation(struct arena *a, const struct m_schema *s,
			    const char *name1, const char *name2,
			    const char *label, bool isconstraint)
{
	const char *mod = label;
	for (int pass = 1;; pass++) {
		const char *name = naming_object(a, name1, name2, mod);
		if (!pmap_get(&s->rels, name) &&
		    !(isconstraint && schema_conname_used(s, name)))
			return name;
		mod = arena_printf(a, "%s%d", label, pass);
	}
}

const char *naming_constraint(struct arena *a, const struct m_schema *s,
			      const char *name1, const char *name2,
			      const char *label)
{
	const char *mod = label;
	for (int pass = 1;; pass++) {
		const char *name = naming_object(a, name1, name2, mod);
		if (!schema_conname_used(s, name))
			return name;
		mod = arena_printf(a, "%s%d", label, pass);
	}
}
