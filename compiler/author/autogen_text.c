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

#include <string.h>

#include "arena.h"
#include "ast.h"
#include "parse.h"
#include "model.h"
#include "sql.h"
#include "sqltext.h"

const char *autogen_restyle(struct arena *a, const char *sql)
{
	struct strbuf sb;
	sb_init(&sb, a);
	size_t len = strlen(sql), i = 0;
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(sql, len, i, &k);
		const char *t = sql + i;
		size_t n = e - i;
		i = e;
		if (k == SQLT_QIDENT) {
			struct strbuf name;
			sb_init(&name, a);
			sqlt_put_token_ident(sql_sb_sink, &name, t, n, k);
			const char *nm = sb_str(&name);
			if (parse_name_is_bare(nm, strlen(nm)))
				sb_puts(&sb, nm);
			else
				sb_put(&sb, t, n);
		} else if (k == SQLT_ESTRING) {
			sb_putc(&sb, 'e');
			sb_put(&sb, t + 1, n - 1);
		} else if (k == SQLT_WORD) {
			sqlt_put_token_ident(sql_sb_sink, &sb, t, n, k);	/* folded */
		} else {
			sb_put(&sb, t, n);
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
