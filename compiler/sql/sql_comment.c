/*
 * sql_comment.c - rendering COMMENT ON TABLE | COLUMN | INDEX | CONSTRAINT |
 * TYPE for sql_stmt.c.
 *
 * Guarantees: as sql_stmt.c's - names through sql_quote.c (schemas mapped),
 * keywords upper case, one line, the comment as a standard literal (NULL
 * for IS NULL).
 */
#include "sql.h"

#include "arena.h"
#include "ast.h"

void sql_put_comment(struct strbuf *sb, const struct ast_stmt *s,
		     const struct sql_schema_map *map)
{
	sb_puts(sb, "COMMENT ON ");
	switch (s->u.comment.comment_target) {
	case COMMENT_TABLE:
		sb_puts(sb, "TABLE ");
		sql_put_name_mapped(sb, &s->target, map);
		break;
	case COMMENT_COLUMN:
		sb_puts(sb, "COLUMN ");
		sql_put_name_mapped(sb, &s->target, map);
		sb_putc(sb, '.');
		sql_put_ident(sb, s->u.comment.member.name);
		break;
	case COMMENT_INDEX:
		sb_puts(sb, "INDEX ");
		sql_put_name_mapped(sb, &s->target, map);
		break;
	case COMMENT_CONSTRAINT:
		sb_puts(sb, "CONSTRAINT ");
		sql_put_ident(sb, s->u.comment.member.name);
		sb_puts(sb, " ON ");
		sql_put_name_mapped(sb, &s->target, map);
		break;
	case COMMENT_TYPE:
		sb_puts(sb, "TYPE ");
		sql_put_name_mapped(sb, &s->target, map);
		break;
	}
	sb_puts(sb, " IS ");
	if (s->u.comment.comment)
		sql_put_literal(sb, s->u.comment.comment);
	else
		sb_puts(sb, "NULL");
}
