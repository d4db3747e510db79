/*
 * sql_part.c - rendering ALTER TABLE ... ATTACH PARTITION and DETACH
 * PARTITION [CONCURRENTLY | FINALIZE] for sql_stmt.c.
 *
 * Guarantees: as sql_stmt.c's - names through sql_quote.c, keywords upper
 * case, the bound copied as written.  A concurrent detach that runs in a
 * transaction (the migrator's check, ast_stmt_set_concurrently()) is
 * rendered as what it leaves behind: the partition constraint added as a
 * check (PostgreSQL's pg_get_partition_constraintdef, named as PostgreSQL
 * names an unnamed check), then a plain detach.
 */
#include "sql.h"

#include "arena.h"
#include "ast.h"

void sql_put_partition(struct strbuf *sb, const struct ast_stmt *s,
		       const struct sql_schema_map *map)
{
	bool detach = s->kind == STMT_DETACH_PARTITION;
	if (detach && s->u.part.add_check) {
		struct strbuf nm;
		sb_init(&nm, sb->arena);
		sql_put_name_mapped(&nm, &s->u.part.table, map);
		sb_putc(&nm, '\0');
		sb_puts(sb, "DO $migc$ BEGIN EXECUTE format('ALTER TABLE %s ADD CHECK (%s)', ");
		sql_put_literal(sb, nm.data);
		sb_puts(sb, "::regclass, pg_get_partition_constraintdef(");
		sql_put_literal(sb, nm.data);
		sb_puts(sb, "::regclass)); END $migc$;\n");
	}
	sb_puts(sb, s->if_exists ? "ALTER TABLE IF EXISTS " : "ALTER TABLE ");
	sql_put_name_mapped(sb, &s->target, map);
	sb_puts(sb, detach ? " DETACH PARTITION " : " ATTACH PARTITION ");
	sql_put_name_mapped(sb, &s->u.part.table, map);
	if (!detach) {
		sb_putc(sb, ' ');
		sb_puts(sb, s->u.part.part_bound);
	} else if (s->u.part.concurrently) {
		sb_puts(sb, " CONCURRENTLY");
	} else if (s->u.part.finalize) {
		sb_puts(sb, " FINALIZE");
	}
}
