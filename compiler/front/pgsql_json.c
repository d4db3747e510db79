/*
 * pgsql_json.c - the JSON reader for libpg_query's trees (pgsql_json.h).
 *
 * Recursive descent over the text; nesting is bounded (PJ_MAX_DEPTH) so a
 * hostile text cannot exhaust the stack.  Arrays and objects grow in the
 * arena.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"

#define PJ_MAX_DEPTH 2000

struct pjr {
	struct arena *a;
	const char *t;
	size_t i;
	int depth;
};

static void ws(struct pjr *r)
{
	while (r->t[r->i] == ' ' || r->t[r->i] == '\n' || r->t[r->i] == '\t' ||
	       r->t[r->i] == '\r')
		r->i++;
}

static int hex4(const char *s)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		char c = s[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void put_utf8(struct strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		sb_putc(sb, (char)cp);
	} else if (cp < 0x800) {
		sb_putc(sb, (char)(0xc0 | (cp >> 6)));
		sb_putc(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_putc(sb, (char)(0xe0 | (cp >> 12)));
		sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_putc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		sb_putc(sb, (char)(0xf0 | (cp >> 18)));
		sb_putc(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_putc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

static const char *string(struct pjr *r)
{
	struct strbuf sb;
	sb_init(&sb, r->a);
	r->i++;	/* opening quote */
	for (;;) {
		char c = r->t[r->i];
		if (c == '\0')
			return NULL;
		r->i++;
		if (c == '"')
			return sb_str(&sb);
		if (c != '\\') {
			sb_putc(&sb, c);
			continue;
		}
		c = r->t[r->i++];
		switch (c) {
		case '"': case '\\': case '/': sb_putc(&sb, c); break;
		case 'b': sb_putc(&sb, '\b'); break;
		case 'f': sb_putc(&sb, '\f'); break;
		case 'n': sb_putc(&sb, '\n'); break;
		case 'r': sb_putc(&sb, '\r'); break;
		case 't': sb_putc(&sb, '\t'); break;
		case 'u': {
			if (strnlen(r->t + r->i, 4) < 4)
				return NULL;
			int v = hex4(r->t + r->i);
			if (v < 0)
				return NULL;
			r->i += 4;
			unsigned long cp = (unsigned long)v;
			if (cp >= 0xd800 && cp < 0xdc00 && r->t[r->i] == '\\' &&
			    r->t[r->i + 1] == 'u' && strnlen(r->t + r->i + 2, 4) == 4) {
				int lo = hex4(r->t + r->i + 2);
				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + ((unsigned long)lo - 0xdc00);
					r->i += 6;
				}
			}
			put_utf8(&sb, cp);
			break;
		}
		default:
			return NULL;
		}
	}
}

static struct pj *value(struct pjr *r);

static struct pj *list(struct pjr *r, bool obj)
{
	struct pj *v = arena_calloc(r->a, 1, sizeof *v);
	v->kind = obj ? PJ_OBJ : PJ_ARR;
	size_t cap = 0;
	char close = obj ? '}' : ']';
	r->i++;
	ws(r);
	if (r->t[r->i] == close) {
		r->i++;
		return v;
	}
	for (;;) {
		const char *key = NULL;
		ws(r);
		if (obj) {
			if (r->t[r->i] != '"' || !(key = string(r)))
				return NULL;
			ws(r);
			if (r->t[r->i] != ':')
				return NULL;
			r->i++;
		}
		struct pj *x = value(r);
		if (!x)
			return NULL;
		if (v->n == cap) {
			size_t nc = cap ? cap * 2 : 4;
			v->vals = arena_grow(r->a, v->vals, cap * sizeof *v->vals,
					     nc * sizeof *v->vals);
			if (obj)
				v->keys = arena_grow(r->a, v->keys, cap * sizeof *v->keys,
						     nc * sizeof *v->keys);
			cap = nc;
		}
		if (obj)
			v->keys[v->n] = key;
		v->vals[v->n++] = x;
		ws(r);
		if (r->t[r->i] == ',') {
			r->i++;
			continue;
		}
		if (r->t[r->i] != close)
			return NULL;
		r->i++;
		return v;
	}
}

static struct pj *value(struct pjr *r)
{
	ws(r);
	char c = r->t[r->i];
	if (c == '{' || c == '[') {
		if (++r->depth > PJ_MAX_DEPTH)
			return NULL;
		struct pj *v = list(r, c == '{');
		r->depth--;
		return v;
	}
	struct pj *v = arena_calloc(r->a, 1, sizeof *v);
	if (c == '"') {
		v->kind = PJ_STR;
		v->str = string(r);
		return v->str ? v : NULL;
	}
	static const char *const words[] = { "null", "true", "false" };
	for (int k = 0; k < 3; k++) {
		size_t len = strlen(words[k]);
		if (strncmp(r->t + r->i, words[k], len) == 0) {
			r->i += len;
			v->kind = k == 0 ? PJ_NULL : PJ_BOOL;
			v->b = k == 1;
			return v;
		}
	}
	size_t s = r->i;
	while (strchr("+-0123456789.eE", r->t[r->i]) && r->t[r->i])
		r->i++;
	if (r->i == s)
		return NULL;
	v->kind = PJ_NUM;
	v->str = arena_strndup(r->a, r->t + s, r->i - s);
	return v;
}

struct pj *pj_parse(struct arena *a, const char *text)
{
	struct pjr r = { a, text, 0, 0 };
	struct pj *v = value(&r);
	ws(&r);
	return v && r.t[r.i] == '\0' ? v : NULL;
}

const struct pj *pj_get(const struct pj *v, const char *key)
{
	if (!v || v->kind != PJ_OBJ)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return v->vals[i];
	return NULL;
}

const char *pj_str(const struct pj *v, const char *key)
{
	const struct pj *x = pj_get(v, key);
	return x && x->kind == PJ_STR ? x->str : NULL;
}

bool pj_bool(const struct pj *v, const char *key)
{
	const struct pj *x = pj_get(v, key);
	return x && x->kind == PJ_BOOL && x->b;
}

size_t pj_char_to_byte(const char *s, size_t n, long pos)
{
	size_t i = 0;
	for (long c = 0; c < pos && i < n; c++) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
	}
	return i;
}
