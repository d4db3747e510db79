/*
 * sql_index.c - rendering CREATE INDEX for sql_stmt.c.
 *
 * Guarantees: as sql_stmt.c's - names through sql_quote.c, keywords upper
 * case, elements as sql_excl.c writes them, expressions and storage
 * parameters copied as the AST keeps them (the latter in PostgreSQL's
 * printed form, name='value').
 */
#include "sql.h"

#include "arena.h"
#include "ast.h"

static void put_expr(struct strbuf *sb, const struct ast_expr *e)
{
	sb_puts(sb, e && e->text ? e->text : "");
}

void sql_put_create_index(struct strbuf *sb, const struct ast_stmt *s,
				  const struct sql_schema_map *map)
{
	sb_puts(sb, s->u.index.unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX");
	if (s->u.index.concurrently)
		sb_puts(sb, " CONCURRENTLY");
	/* The index always lives in its table's schema, and PostgreSQL
	 * refuses a qualified name here. */
	if (s->target.name) {
		if (s->if_not_exists)
			sb_puts(sb, " IF NOT EXISTS");
		sb_putc(sb, ' ');
		sql_put_ident(sb, s->target.name);
	}
	sb_puts(sb, s->u.index.only ? " ON ONLY " : " ON ");
	sql_put_name_mapped(sb, &s->u.index.table, map);
	if (s->u.index.method) {
		sb_puts(sb, " USING ");
		sql_put_ident(sb, s->u.index.method);
	}
	sb_puts(sb, " (");
	for (size_t i = 0; i < s->u.index.n_elems; i++) {
		if (i)
			sb_puts(sb, ", ");
		sql_put_index_elem(sb, &s->u.index.elems[i], map);
	}
	sb_putc(sb, ')');
	if (s->u.index.n_include) {
		sb_puts(sb, " INCLUDE ");
		sql_put_idents(sb, s->u.index.include, s->u.index.n_include);
	}
	if (s->u.index.nulls_not_distinct)
		sb_puts(sb, " NULLS NOT DISTINCT");
	if (s->u.index.with)
		sb_printf(sb, " WITH (%s)", s->u.index.with);
	if (s->u.index.where) {
		sb_puts(sb, " WHERE ");
		put_expr(sb, s->u.index.where);
	}
}
