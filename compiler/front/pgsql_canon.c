/*
 * pgsql_canon.c - canonical text of an expression (pgsql_canon.h).
 *
 * The expression is parsed as `SELECT (<expr>)` by libpg_query (PostgreSQL
 * 15's raw parser) and deparsed: what the raw parse tree forgets
 * (parentheses, case, spacing, comments, `$$x$$` for 'x') is gone.  A
 * column default then gets the coercion PostgreSQL applies when it stores
 * it, for literals only (the rest needs the catalogs, which the --url
 * commands ask the server for): a string literal, bare or cast to the
 * column's own type ('[]'::jsonb on jsonb; typmods are not compared: the
 * catalog prints 'x'::character varying for a varchar(20) column), and a
 * literal the parser already types as the column (-1 on integer, true on
 * boolean, 1.5 on numeric) are one constant of the column's type, written
 * by its value for boolean, integer, float and numeric columns ('t' and
 * true; '-1', -1 and '-1'::integer).  Other literals go through a cast
 * that the catalog keeps and are left as written (0 and '0' on bigint,
 * 1 and 1.0 on double precision differ in PostgreSQL too);
 * a null constant (null, null::<the type>) is the empty text, as
 * PostgreSQL stores no default for it;
 * anywhere in an expression, '-1'::integer (the catalog's spelling of
 * a negative integer), '1.5'::numeric and 't'::boolean are the bare
 * constants they are;
 * and nextval(), currval() and setval() take their sequence as regclass
 * with or without the written cast, as the catalog prints it.
 * The tokens of the deparsed text are walked with common/sqltext.c, the
 * one SQL scanner outside the grammars.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>

#include "pgsql_canon.h"
#include "sqltext.h"

static char *pc_strndup(const char *s, size_t n)
{
	char *r = malloc(n + 1);
	if (!r)
		abort();
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* libpg_query's deparse of the statements q, or NULL.  The deparser
 * joins statements with "; ": a text with a ; outside literals and
 * quoted names was more than one statement, and is refused. */
static char *pc_deparse_text(const char *q)
{
	char *out = NULL;
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(q);
	if (!r.error) {
		PgQueryDeparseResult d = pg_query_deparse_protobuf(r.parse_tree);
		if (!d.error && d.query)
			out = pc_strndup(d.query, strlen(d.query));
		pg_query_free_deparse_result(d);
	}
	pg_query_free_protobuf_parse_result(r);
	size_t len = out ? strlen(out) : 0;
	for (size_t i = 0; i < len;) {
		enum sqlt_kind k;
		size_t e = sqlt_token(out, len, i, &k);
		if (k == SQLT_PUNCT && out[i] == ';') {
			free(out);
			return NULL;
		}
		i = e;
	}
	return out;
}

/* libpg_query's deparse of `SELECT <pre><text><post>`, without "SELECT ". */
static char *pc_deparse(const char *pre, const char *text, const char *post)
{
	size_t n = strlen(pre) + strlen(text) + strlen(post) + sizeof "SELECT ";
	char *q = malloc(n);
	if (!q)
		abort();
	snprintf(q, n, "SELECT %s%s%s", pre, text, post);
	char *d = pc_deparse_text(q), *out = NULL;
	free(q);
	if (d && strncmp(d, "SELECT ", 7) == 0)
		out = pc_strndup(d + 7, strlen(d + 7));
	free(d);
	return out;
}

/* ---- types ------------------------------------------------------------- */

/* The spellings of one built-in type, first the one we keep. */
static const char *const pc_alias[][4] = {
	{ "int2", "smallint" }, { "int4", "int", "integer" }, { "int8", "bigint" },
	{ "float4", "real" }, { "float8", "double precision", "float" },
	{ "bool", "boolean" }, { "varchar", "character varying" },
	{ "bpchar", "char", "character" }, { "numeric", "decimal" },
	{ "timestamptz", "timestamp with time zone" },
	{ "timestamp", "timestamp without time zone" },
	{ "timetz", "time with time zone" }, { "time", "time without time zone" },
};

/* The key of a type's deparsed text: no pg_catalog., no typmod, one
 * spelling per built-in type, then the array suffix; NULL when more than
 * a type follows (an operator, COLLATE). */
static char *pc_type_key(const char *t)
{
	if (strncmp(t, "pg_catalog.", 11) == 0)
		t += 11;
	size_t n = strcspn(t, "([");
	const char *rest = t + n;
	while (n > 0 && t[n - 1] == ' ')
		n--;
	if (*rest == '(') {
		const char *close = strchr(rest, ')');
		if (!close)
			return NULL;
		rest = close + 1;
	}
	if (rest[strspn(rest, "[]0123456789")] != '\0')
		return NULL;
	const char *base = t;
	for (size_t i = 0; i < sizeof pc_alias / sizeof pc_alias[0]; i++)
		for (size_t j = 0; j < 4 && pc_alias[i][j]; j++)
			if (strlen(pc_alias[i][j]) == n && strncmp(pc_alias[i][j], t, n) == 0) {
				base = pc_alias[i][0];
				n = strlen(base);
			}
	size_t m = strlen(rest);
	char *k = malloc(n + m + 1);
	if (!k)
		abort();
	memcpy(k, base, n);
	memcpy(k + n, rest, m);
	k[n + m] = '\0';
	return k;
}

/* Whether a cast's type key names the column's: equal, or one of them
 * not schema-qualified and the names after the schema equal. */
static bool pc_same_type(const char *cast, const char *col)
{
	if (strcmp(cast, col) == 0)
		return true;
	const char *c1 = strchr(cast, '.'), *c2 = strchr(col, '.');
	if (!c1 == !c2)
		return false;
	return strcmp(c1 ? c1 + 1 : cast, c2 ? c2 + 1 : col) == 0;
}

/* ---- tokens ------------------------------------------------------------ */

struct pc_tok {
	const char *s;
	size_t n;
	enum sqlt_kind k;
};

/* The non-blank tokens of t into v[0..max]: their count, or max + 1 when
 * there are more (v[max] is then the next one). */
static size_t pc_tokens(const char *t, struct pc_tok *v, size_t max)
{
	size_t len = strlen(t), i = 0, n = 0;
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(t, len, i, &k);
		if (!sqlt_is_blank(k)) {
			v[n++] = (struct pc_tok){ t + i, e - i, k };
			if (n > max)
				return n;
		}
		i = e;
	}
	return n;
}

static bool pc_is(const struct pc_tok *t, const char *s)
{
	return t->n == strlen(s) && strncasecmp(t->s, s, t->n) == 0;
}

/* The value of the 'literal' token (deparse writes only '' escapes). */
static char *pc_unquote(const struct pc_tok *t)
{
	char *r = malloc(t->n);
	if (!r)
		abort();
	size_t o = 0;
	for (size_t i = 1; i + 1 < t->n; i++) {
		r[o++] = t->s[i];
		if (t->s[i] == '\'')
			i++;
	}
	r[o] = '\0';
	return r;
}

/* nextval('s'::regclass) as nextval('s'): the catalog's spelling and the
 * written one, for the three functions whose argument is regclass. */
static char *pc_drop_regclass(char *c)
{
	struct pc_tok v[8];
	size_t len = strlen(c), i = 0, o = 0;
	char *out = malloc(len + 1);
	if (!out)
		abort();
	size_t nv = 0;	/* the last few non-blank tokens */
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(c, len, i, &k);
		if (!sqlt_is_blank(k)) {
			if (nv == 8) {
				memmove(v, v + 1, 7 * sizeof v[0]);
				nv = 7;
			}
			v[nv++] = (struct pc_tok){ c + i, e - i, k };
			if (nv >= 4 && pc_is(&v[nv - 1], "::") && v[nv - 2].k == SQLT_STRING &&
			    pc_is(&v[nv - 3], "(") &&
			    (pc_is(&v[nv - 4], "nextval") || pc_is(&v[nv - 4], "currval") ||
			     pc_is(&v[nv - 4], "setval"))) {
				size_t w = sqlt_skip_blank(c, len, e);
				enum sqlt_kind wk;
				size_t we = w < len ? sqlt_token(c, len, w, &wk) : w;
				if (w < len && wk == SQLT_WORD && we - w == 8 &&
				    strncasecmp(c + w, "regclass", 8) == 0) {
					i = we;
					nv = 0;
					continue;
				}
			}
		}
		memcpy(out + o, c + i, e - i);
		o += e - i;
		i = e;
	}
	out[o] = '\0';
	free(c);
	return out;
}

/* ---- literals by the column's type ------------------------------------- */

/* PostgreSQL's boolean input: 1 true, 0 false, -1 not a boolean. */
static int pc_bool(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return -1;
	if (n == 1 && (*s == '1' || *s == '0'))
		return *s == '1';
	static const char *const words[] = { "true", "yes", "on", "false", "no", "off" };
	for (int i = 0; i < 6; i++) {
		size_t min = (i == 2 || i == 5) ? 2 : 1;
		if (n >= min && n <= strlen(words[i]) && strncasecmp(s, words[i], n) == 0)
			return i < 3;
	}
	return -1;
}

/* The value text of `s` as the input function of the column's type reads
 * it, for the types whose input is simple; NULL when `s` is no such value
 * (then the literal is left as written). */
static char *pc_value(const char *s, const char *key)
{
	char *end, buf[64];
	errno = 0;
	if (strcmp(key, "bool") == 0) {
		int b = pc_bool(s);
		return b < 0 ? NULL : pc_strndup(b ? "true" : "false", b ? 4 : 5);
	}
	if (strcmp(key, "int2") == 0 || strcmp(key, "int4") == 0 || strcmp(key, "int8") == 0) {
		long long v = strtoll(s, &end, 10);
		while (isspace((unsigned char)*end))
			end++;
		if (end == s || *end || errno)
			return NULL;
		snprintf(buf, sizeof buf, "'%lld'", v);
		return pc_strndup(buf, strlen(buf));
	}
	if (strcmp(key, "float4") == 0 || strcmp(key, "float8") == 0) {
		double v = strtod(s, &end);
		while (isspace((unsigned char)*end))
			end++;
		if (end == s || *end || errno)
			return NULL;
		snprintf(buf, sizeof buf, "'%.17g'", v);
		return pc_strndup(buf, strlen(buf));
	}
	if (strcmp(key, "numeric") == 0) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '+')
			s++;
		size_t n = strlen(s);
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		size_t i = s[0] == '-', digits = 0;
		for (; i < n && (isdigit((unsigned char)s[i]) || s[i] == '.'); i++)
			digits += isdigit((unsigned char)s[i]) != 0;
		if (!digits || i != n || n + 3 > sizeof buf)
			return NULL;
		snprintf(buf, sizeof buf, "'%.*s'", (int)n, s);
		return pc_strndup(buf, strlen(buf));
	}
	return NULL;
}

/* Whether c is a numeric constant as the deparser writes one: an
 * optional minus, digits, at most one point (no exponent: left alone). */
static bool pc_is_number(const char *c)
{
	const char *d = c + (*c == '-');
	size_t i = strspn(d, "0123456789");
	if (d[i] == '.')
		i += 1 + strspn(d + i + 1, "0123456789");
	return i > 0 && d[i] == '\0' && strcmp(d, ".") != 0;
}

/* The type key of a bare numeric constant as PostgreSQL's parser types
 * it: int4 when it fits, int8 when that fits, else numeric. */
static const char *pc_number_type(const char *s)
{
	const char *d = s + (*s == '-');
	if (d[strspn(d, "0123456789")] != '\0')
		return "numeric";
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno)
		return "numeric";
	return v >= -2147483648LL && v <= 2147483647LL ? "int4" : "int8";
}

/* The canonical default c (taken over) of a column whose type key is key.
 * PostgreSQL stores a literal as a constant of the column's type when it
 * is a string (its type is decided by the column) or when the parser
 * already gave it that type (-1 on integer, true on boolean, 1.5 on
 * numeric); any other literal goes through a cast, which the catalog
 * keeps: 0 and '0' differ on bigint, 1 and 1.0 on double precision.  The
 * constant is written as a string of its value. */
static char *pc_literal(char *c, const char *key)
{
	struct pc_tok v[3];
	size_t n = pc_tokens(c, v, 2);
	bool same = false;	/* c is a literal cast to the column's type */
	if (n == 3 && (v[0].k == SQLT_STRING || pc_is(&v[0], "null")) && pc_is(&v[1], "::")) {
		char *ck = pc_type_key(v[2].s);
		same = ck && pc_same_type(ck, key);
		free(ck);
		if (same && v[0].k == SQLT_STRING) {
			char *lit = pc_strndup(v[0].s, v[0].n);
			free(c);
			c = lit;
			n = pc_tokens(c, v, 2);
		}
	}
	if ((n == 1 && pc_is(&v[0], "null")) || (n == 3 && pc_is(&v[0], "null") && same)) {
		free(c);	/* a null constant: PostgreSQL stores no default */
		return pc_strndup("", 0);
	}
	char *value = NULL;
	if (n == 1 && v[0].k == SQLT_STRING)
		value = pc_unquote(&v[0]);
	else if (pc_is_number(c) && strcmp(pc_number_type(c), key) == 0)
		value = pc_strndup(c, strlen(c));
	else if (n == 1 && (pc_is(&v[0], "true") || pc_is(&v[0], "false")) &&
		 strcmp(key, "bool") == 0)
		value = pc_strndup(c, strlen(c));
	if (!value)
		return c;
	char *r = pc_value(value, key);
	free(value);
	if (!r)
		return c;
	free(c);
	return r;
}

/* The bare literal that `'s'::w` is one constant with, or NULL: an
 * integer cast to integer (or, outside integer's range, to bigint), a
 * number with a point cast to numeric, a boolean cast to boolean.  The
 * catalog prints a negative integer constant as '-1'::integer. */
static char *pc_bare(const char *s, const char *w, size_t wn)
{
	char key[16];
	if (wn >= sizeof key)
		return NULL;
	memcpy(key, w, wn);
	key[wn] = '\0';
	for (size_t i = 0; i < wn; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
	char *k = pc_type_key(key);
	if (!k)
		return NULL;
	char *r = NULL;
	if (strcmp(k, "int4") == 0 || strcmp(k, "int8") == 0) {
		char *v = pc_value(s, "int8");	/* '<n>' */
		if (v && strlen(v) > 2) {
			v[strlen(v) - 1] = '\0';
			if (strcmp(pc_number_type(v + 1), k) == 0)
				r = pc_strndup(v + 1, strlen(v + 1));
		}
		free(v);
	} else if (strcmp(k, "numeric") == 0 && strchr(s, '.')) {
		char *v = pc_value(s, "numeric");
		if (v && strlen(v) > 2) {
			v[strlen(v) - 1] = '\0';
			if (pc_is_number(v + 1))
				r = pc_strndup(v + 1, strlen(v + 1));
		}
		free(v);
	} else if (strcmp(k, "bool") == 0) {
		r = pc_value(s, "bool");
	}
	free(k);
	return r;
}

/* Every `'literal'::type` in c (taken over) that is one constant with a
 * bare literal, written as that literal: anywhere in an expression, as
 * PostgreSQL stores both as the same constant. */
static char *pc_typed_literals(char *c)
{
	size_t len = strlen(c), i = 0;
	char *out = malloc(len + 1);
	if (!out)
		abort();
	size_t o = 0;
	while (i < len) {
		enum sqlt_kind k, k2, k3;
		size_t e = sqlt_token(c, len, i, &k);
		if (k == SQLT_STRING) {
			size_t j = sqlt_skip_blank(c, len, e);
			size_t je = j < len ? sqlt_token(c, len, j, &k2) : j;
			size_t w = je - j == 2 && c[j] == ':' && c[j + 1] == ':' ?
				   sqlt_skip_blank(c, len, je) : len;
			size_t we = w < len ? sqlt_token(c, len, w, &k3) : w;
			size_t after = sqlt_skip_blank(c, len, we);
			if (w < len && k3 == SQLT_WORD &&
			    (after >= len || !strchr("([.", c[after]))) {
				struct pc_tok t = { c + i, e - i, k };
				char *s = pc_unquote(&t);
				char *r = pc_bare(s, c + w, we - w);
				free(s);
				if (r && strlen(r) <= we - i) {	/* never longer */
					memcpy(out + o, r, strlen(r));
					o += strlen(r);
					free(r);
					i = we;
					continue;
				}
				free(r);
			}
		}
		memcpy(out + o, c + i, e - i);
		o += e - i;
		i = e;
	}
	out[o] = '\0';
	free(c);
	return out;
}

char *pgsql_canon_expr(const char *expr, const char *type)
{
	/* the newline ends a trailing -- comment before the parenthesis */
	char *c = pc_deparse("(", expr, "\n)");
	if (!c)
		return NULL;
	c = pc_typed_literals(pc_drop_regclass(c));
	if (!type)
		return c;
	char *t = pc_deparse("NULL::", type, "");
	if (!t || strncmp(t, "NULL::", 6) != 0) {
		free(t);
		return c;
	}
	char *key = pc_type_key(t + 6);
	free(t);
	c = pc_literal(c, key);
	free(key);
	return c;
}

char *pgsql_canon_query(const char *sql)
{
	char *c = pc_deparse_text(sql);
	return c ? pc_drop_regclass(c) : NULL;
}
