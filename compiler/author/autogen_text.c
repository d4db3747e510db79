/*
 * autogen_text.c - statements written as .mig source, in the lower-case
 * style people write by hand (autogen_text.h).
 *
 * The statement is rendered by sql.h (so the text is exactly what the
 * compiler knows how to read back) and then restyled token by token:
 * keywords and other bare words to lower case, quoted identifiers bare
 * when they read back the same (lower case, not a keyword), string
 * literals and dollar-quoted bodies untouched.  Lower-casing bare words is
 * safe because PostgreSQL folds them anyway.  The keyword table is the
 * front end's (ast_build.h), so a name is left quoted exactly when the
 * lexer would not read it as a plain identifier.
 */
#include "autogen_text.h"

#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "ast_build.h"
#include "model.h"
#include "sql.h"

/* The name between double quotes at p (p[0] == '"'); *len: bytes used. */
static const char *at_quoted(struct arena *a, const char *p, size_t *len)
{
	struct strbuf sb;
	sb_init(&sb, a);
	size_t i = 1;
	for (; p[i]; i++) {
		if (p[i] == '"') {
			if (p[i + 1] != '"')
				break;
			i++;
		}
		sb_putc(&sb, p[i]);
	}
	*len = p[i] ? i + 1 : i;
	return sb_str(&sb);
}

static bool at_bare_ok(const char *name)
{
	if (!name[0] || !(islower((unsigned char)name[0]) || name[0] == '_'))
		return false;
	for (const char *p = name; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
			return false;
	return kw_lookup(name, strlen(name)) == NULL;
}

/* Length of the literal or dollar-quoted string at p, 0 if there is none. */
static size_t at_literal(const char *p)
{
	if (*p == '\'') {
		size_t i = 1;
		for (; p[i]; i++)
			if (p[i] == '\'') {
				if (p[i + 1] != '\'')
					return i + 1;
				i++;
			}
		return i;
	}
	if (*p == '$') {
		size_t t = 1;
		while (p[t] && (isalnum((unsigned char)p[t]) || p[t] == '_'))
			t++;
		if (p[t] != '$')
			return 0;
		t++;
		const char *end = p + t;
		for (;;) {
			end = strstr(end, "$");
			if (!end)
				return strlen(p);
			if (strncmp(end, p, t) == 0)
				return (size_t)(end - p) + t;
			end++;
		}
	}
	return 0;
}

const char *autogen_restyle(struct arena *a, const char *sql)
{
	struct strbuf sb;
	sb_init(&sb, a);
	const char *p = sql;
	while (*p) {
		size_t n;
		if (*p == '"') {
			const char *name = at_quoted(a, p, &n);
			if (at_bare_ok(name))
				sb_puts(&sb, name);
			else
				sb_put(&sb, p, n);
			p += n;
		} else if ((n = at_literal(p)) != 0) {
			sb_put(&sb, p, n);
			p += n;
		} else if ((*p == 'E' || *p == 'e') && p[1] == '\'') {
			/* E'...' with backslash escapes: copy up to the closing quote */
			size_t i = 2;
			for (; p[i] && p[i] != '\''; i++)
				if (p[i] == '\\' && p[i + 1])
					i++;
			if (p[i] == '\'' )
				i++;
			sb_putc(&sb, 'e');
			sb_put(&sb, p + 1, i - 1);
			p += i;
		} else if (isalpha((unsigned char)*p) || *p == '_') {
			while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
				sb_putc(&sb, (char)tolower((unsigned char)*p++));
		} else {
			sb_putc(&sb, *p++);
		}
	}
	return sb_str(&sb);
}

const char *autogen_stmt_text(struct arena *a, const struct ast_stmt *s, const char *indent)
{
	const char *sql = autogen_restyle(a, sql_render_stmt(a, s));
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, indent);
	for (const char *p = sql; *p; p++) {
		sb_putc(&sb, *p);
		if (*p == '\n')
			sb_puts(&sb, indent);
	}
	sb_puts(&sb, ";\n");
	return sb_str(&sb);
}
