/*
 * sql_policy.c - rendering CREATE POLICY, DROP POLICY and ALTER POLICY ...
 * RENAME TO (cparts' row-level security statements) for sql_stmt.c.
 *
 * Guarantees: as sql_stmt.c's - names through sql_quote.c, keywords upper
 * case, one line, expressions (USING, WITH CHECK) copied as written.
 */
#include "sql.h"

#include <string.h>

#include "arena.h"
#include "ast.h"

/* CREATE POLICY, DROP POLICY, ALTER POLICY ... RENAME TO */
void sql_put_policy(struct strbuf *sb, const struct ast_stmt *s,
		    const struct sql_schema_map *map)
{
	sb_puts(sb, s->kind == STMT_CREATE_POLICY ? "CREATE POLICY " :
		    s->kind == STMT_RENAME_POLICY ? "ALTER POLICY " :
		    s->if_exists ? "DROP POLICY IF EXISTS " : "DROP POLICY ");
	sql_put_ident(sb, s->u.policy.member.name);
	sb_puts(sb, " ON ");
	sql_put_name_mapped(sb, &s->u.policy.table, map);
	if (s->kind == STMT_RENAME_POLICY) {
		sb_puts(sb, " RENAME TO ");
		sql_put_ident(sb, s->u.policy.new_name.name);
		return;
	}
	if (s->kind == STMT_DROP_POLICY) {
		if (s->cascade)
			sb_puts(sb, " CASCADE");
		return;
	}
	if (s->u.policy.pol_restrictive)
		sb_puts(sb, " AS RESTRICTIVE");
	if (s->u.policy.pol_cmd && strcmp(s->u.policy.pol_cmd, "all") != 0) {
		sb_puts(sb, " FOR ");
		for (const char *c = s->u.policy.pol_cmd; *c; c++)
			sb_putc(sb, (char)(*c - 'a' + 'A'));
	}
	for (size_t i = 0; i < s->u.policy.n_pol_roles; i++) {
		const char *r = s->u.policy.pol_roles[i];
		sb_puts(sb, i ? ", " : " TO ");
		if (strcmp(r, "public") == 0 || strcmp(r, "current_user") == 0 ||
		    strcmp(r, "session_user") == 0)
			sb_puts(sb, r);
		else
			sql_put_ident(sb, r);
	}
	if (s->u.policy.pol_using) {
		sb_puts(sb, " USING (");
		sb_puts(sb, s->u.policy.pol_using->text);
		sb_putc(sb, ')');
	}
	if (s->u.policy.pol_check) {
		sb_puts(sb, " WITH CHECK (");
		sb_puts(sb, s->u.policy.pol_check->text);
		sb_putc(sb, ')');
	}
}
