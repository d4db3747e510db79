/*
 * model_expr.c - the model's view of expression text.
 *
 * The model keeps defaults, checks and index expressions as source text.
 * Comparing two of them must not depend on spacing or keyword case, and a
 * column rename must show up in them as it does in PostgreSQL's stored
 * (parsed) expressions.  A small scanner that knows SQL's quoting is all
 * that takes.
 */
#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "model.h"

static bool mx_word(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

static bool mx_word_start(char c)
{
	return isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/* Length of a quoted run starting at p (quote char q, doubled to escape). */
static size_t mx_quoted(const char *p, char q)
{
	size_t i = 1;
	for (;;) {
		if (!p[i])
			return i;
		if (p[i] == q) {
			if (p[i + 1] == q) {
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
	}
}

/* Length of $tag$...$tag$ at p, or 0 when p does not start one. */
static size_t mx_dollar(const char *p)
{
	size_t t = 1;
	while (p[t] && p[t] != '$' && (isalnum((unsigned char)p[t]) || p[t] == '_'))
		t++;
	if (p[t] != '$' || isdigit((unsigned char)p[1]))
		return 0;
	t++;
	const char *end = p + t;
	for (;;) {
		const char *q = strstr(end, "$");
		if (!q)
			return strlen(p);
		if (strncmp(q, p, t) == 0)
			return (size_t)(q - p) + t;
		end = q + 1;
	}
}

const char *model_expr_norm(struct arena *a, const char *text)
{
	if (!text)
		return NULL;
	struct strbuf sb;
	sb_init(&sb, a);
	const char *p = text;
	bool pending_space = false;
	while (*p) {
		if (isspace((unsigned char)*p)) {
			pending_space = true;
			p++;
			continue;
		}
		if (pending_space && sb.len && mx_word(sb.data[sb.len - 1]) && mx_word(*p))
			sb_putc(&sb, ' ');
		pending_space = false;
		size_t n = 0;
		if (*p == '\'' || *p == '"')
			n = mx_quoted(p, *p);
		else if (*p == '$')
			n = mx_dollar(p);
		if (n) {
			sb_put(&sb, p, n);
			p += n;
			continue;
		}
		sb_putc(&sb, (char)tolower((unsigned char)*p));
		p++;
	}
	return sb_str(&sb);
}

const char *model_quote_ident(struct arena *a, const char *name)
{
	bool bare = mx_word_start(name[0]) && !((unsigned char)name[0] >= 0x80);
	for (const char *p = name; *p && bare; p++)
		bare = (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_');
	if (bare)
		return name;
	struct strbuf sb;
	sb_init(&sb, a);
	sb_putc(&sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			sb_putc(&sb, '"');
		sb_putc(&sb, *p);
	}
	sb_putc(&sb, '"');
	return sb_str(&sb);
}

const char *model_expr_rename(struct arena *a, const char *text,
			      const char *from, const char *to)
{
	struct strbuf sb;
	sb_init(&sb, a);
	const char *p = text;
	bool changed = false;
	while (*p) {
		size_t n = 0;
		if (*p == '\'') {
			n = mx_quoted(p, '\'');
		} else if (*p == '$') {
			n = mx_dollar(p);
		} else if (*p == '"' || mx_word_start(*p)) {
			const char *id;
			if (*p == '"') {
				n = mx_quoted(p, '"');
				id = arena_strndup(a, p + 1, n >= 2 ? n - 2 : 0);
			} else {
				while (mx_word(p[n]))
					n++;
				char *f = arena_strndup(a, p, n);
				for (char *c = f; *c; c++)
					*c = (char)tolower((unsigned char)*c);
				id = f;
			}
			const char *after = p + n;
			while (isspace((unsigned char)*after))
				after++;
			bool is_func = *after == '(';
			bool is_type = p - text >= 2 && p[-1] == ':' && p[-2] == ':';
			if (!is_func && !is_type && strcmp(id, from) == 0) {
				sb_puts(&sb, model_quote_ident(a, to));
				p += n;
				changed = true;
				continue;
			}
		}
		if (!n)
			n = 1;
		sb_put(&sb, p, n);
		p += n;
	}
	return changed ? sb_str(&sb) : text;
}
