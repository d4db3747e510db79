/*
 * naming_conv.c - SQLAlchemy's naming conventions (see naming.h).
 *
 * The tokens mean what they mean in SQLAlchemy's sql/naming.py:
 *   table_name, constraint_name, referred_table_name;
 *   column_X_name / column_X_key (the same in migc) / column_X_label
 *   (table_column, schema_table_column outside the default schema), X a
 *   position counted from 0, "" past the last column;
 *   column_0_N_* all of them joined with "_", column_0N_* joined with "";
 *   referred_column_X_name and its _0_N / 0N forms (foreign keys).
 * "%%" is a literal "%".  Names longer than 63 characters are shortened
 * exactly as SQLAlchemy's compiler does, then clipped to 63 bytes as
 * PostgreSQL clips what SQLAlchemy sends, so both give the same name.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "md5.h"
#include "naming.h"

const char *naming_kind_key(enum naming_kind k)
{
	static const char *const keys[NK_N] = { "pk", "uq", "ck", "fk", "ix" };
	return keys[k];
}

bool naming_uses_constraint_name(const char *tmpl)
{
	return tmpl && strstr(tmpl, "%(constraint_name)s") != NULL;
}

/* One of the column lists, position `idx` or all joined by `sep` (idx < 0). */
static void nc_columns(struct strbuf *sb, const char *const *cols, size_t n,
		       long idx, const char *sep, const char *label_prefix)
{
	for (size_t i = 0; i < n; i++) {
		if (idx >= 0 && (size_t)idx != i)
			continue;
		if (idx < 0 && i)
			sb_puts(sb, sep);
		if (label_prefix) {
			sb_puts(sb, label_prefix);
			sb_putc(sb, '_');
		}
		sb_puts(sb, cols[i]);
	}
}

/* column_... or referred_column_... after its prefix: "X_attr", "0_N_attr"
 * or "0N_attr".  False when it is none of them. */
static bool nc_column_token(struct strbuf *sb, const char *rest, const struct naming_tokens *t,
			    bool referred)
{
	const char *sep = NULL;
	long idx = -1;
	const char *attr;
	if (strncmp(rest, "0_N_", 4) == 0) {
		sep = "_";
		attr = rest + 4;
	} else if (strncmp(rest, "0N_", 3) == 0) {
		sep = "";
		attr = rest + 3;
	} else {
		if (*rest < '0' || *rest > '9')
			return false;
		char *end;
		idx = strtol(rest, &end, 10);
		if (*end != '_')
			return false;
		attr = end + 1;
	}
	bool label = strcmp(attr, "label") == 0;
	if (strcmp(attr, "name") != 0 && strcmp(attr, "key") != 0 && !(label && !referred))
		return false;
	if (referred)
		nc_columns(sb, t->ref_cols, t->n_ref_cols, idx, sep, NULL);
	else
		nc_columns(sb, t->cols, t->n_cols, idx, sep, label ? t->label_prefix : NULL);
	return true;
}

static size_t nc_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Byte length of the first `chars` characters of s. */
static size_t nc_utf8_prefix(const char *s, size_t chars)
{
	size_t i = 0, seen = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (seen == chars)
				break;
			seen++;
		}
	}
	return i;
}

/* Byte length of s clipped to `max` bytes without splitting a character:
 * PostgreSQL's own truncation of a longer identifier (pg_mbcliplen). */
static size_t nc_utf8_clip(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

static const char *nc_expand_raw(struct arena *a, const char *tmpl, const struct naming_tokens *t,
				 const char **err)
{
	struct strbuf sb;
	sb_init(&sb, a);
	for (const char *p = tmpl; *p; p++) {
		if (*p != '%') {
			sb_putc(&sb, *p);
			continue;
		}
		if (p[1] == '%') {
			sb_putc(&sb, '%');
			p++;
			continue;
		}
		const char *close = p[1] == '(' ? strchr(p + 2, ')') : NULL;
		if (!close || close[1] != 's') {
			*err = "expected %(token)s or %%";
			return NULL;
		}
		const char *tok = arena_strndup(a, p + 2, (size_t)(close - p - 2));
		p = close + 1;
		if (strcmp(tok, "table_name") == 0) {
			sb_puts(&sb, t->table);
		} else if (strcmp(tok, "constraint_name") == 0) {
			if (!t->con_name) {
				*err = "%(constraint_name)s needs a constraint name";
				return NULL;
			}
			sb_puts(&sb, t->con_name);
		} else if (strcmp(tok, "referred_table_name") == 0) {
			sb_puts(&sb, t->ref_table ? t->ref_table : "");
		} else if (strncmp(tok, "column_", 7) == 0 && nc_column_token(&sb, tok + 7, t, false)) {
			;
		} else if (strncmp(tok, "referred_column_", 16) == 0 &&
			   nc_column_token(&sb, tok + 16, t, true)) {
			;
		} else {
			*err = arena_printf(a, "unknown token \"%%(%s)s\"", tok);
			return NULL;
		}
	}
	return sb_str(&sb);
}

const char *naming_expand(struct arena *a, const char *tmpl, const struct naming_tokens *t,
			  const char **err)
{
	const char *name = nc_expand_raw(a, tmpl, t, err);
	if (!name)
		return NULL;
	if (nc_utf8_chars(name) > NAMING_MAXLEN) {
		char hex[33];
		md5_hex(name, strlen(name), hex);
		size_t keep = nc_utf8_prefix(name, NAMING_MAXLEN - 8);
		name = arena_printf(a, "%.*s_%s", (int)keep, name, hex + 28);
	}
	/* SQLAlchemy counts characters; PostgreSQL then keeps 63 bytes of
	 * what it is sent, so a name with multibyte characters is clipped
	 * once more, as the server would clip SQLAlchemy's. */
	size_t len = nc_utf8_clip(name, NAMING_MAXLEN);
	return name[len] ? arena_printf(a, "%.*s", (int)len, name) : name;
}

bool naming_is_converted(struct arena *a, const char *tmpl, const struct naming_tokens *t,
			 const char *name)
{
	struct naming_tokens m = *t;
	m.con_name = "\x01";
	const char *err = NULL;
	const char *shape = nc_expand_raw(a, tmpl, &m, &err);
	const char *mark = shape ? strchr(shape, '\x01') : NULL;
	if (!mark)
		return false;
	size_t pre = (size_t)(mark - shape), post = strlen(mark + 1), n = strlen(name);
	return n > pre + post && strncmp(name, shape, pre) == 0 &&
	       strcmp(name + n - post, mark + 1) == 0;
}
