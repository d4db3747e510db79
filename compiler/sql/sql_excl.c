/*
 * sql_excl.c - index elements and exclusion constraints as SQL.
 *
 * An element is a quoted column or a parenthesised expression (as
 * written), then COLLATE, the operator class and its options, the
 * ordering; an exclusion constraint adds WITH and the operator to each,
 * as PostgreSQL's
 * pg_get_constraintdef prints it: EXCLUDE USING m (e WITH op, ...)
 * [INCLUDE (cols)] [WHERE (pred)].  USING is always written (btree when
 * the source did not say).
 */
#include "sql.h"

#include "arena.h"
#include "ast.h"

void sql_put_index_elem(struct strbuf *sb, const struct ast_index_elem *e,
			const struct sql_schema_map *map)
{
	if (e->column.name) {
		sql_put_ident(sb, e->column.name);
	} else {
		/* Always parenthesised: PostgreSQL needs it for anything but a
		 * function call and accepts it there too. */
		sb_putc(sb, '(');
		sb_puts(sb, e->expr && e->expr->text ? e->expr->text : "");
		sb_putc(sb, ')');
	}
	sql_put_collate_mapped(sb, &e->collation, map);
	if (e->opclass.name) {
		sb_putc(sb, ' ');
		sql_put_name(sb, &e->opclass);
	}
	if (e->opc_opts)
		sb_printf(sb, " (%s)", e->opc_opts);
	if (e->desc)
		sb_puts(sb, " DESC");
	if (e->nulls == 1)
		sb_puts(sb, " NULLS FIRST");
	else if (e->nulls == 2)
		sb_puts(sb, " NULLS LAST");
}

void sql_put_idents(struct strbuf *sb, const struct ast_ident *ids, size_t n)
{
	sb_putc(sb, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(sb, ", ");
		sql_put_ident(sb, ids[i].name);
	}
	sb_putc(sb, ')');
}

void sql_put_exclude(struct strbuf *sb, const struct ast_constraint *c,
		     const struct sql_schema_map *map)
{
	sb_puts(sb, "EXCLUDE USING ");
	sql_put_ident(sb, c->excl_method ? c->excl_method : "btree");
	sb_puts(sb, " (");
	for (size_t i = 0; i < c->n_excl_elems; i++) {
		if (i)
			sb_puts(sb, ", ");
		sql_put_index_elem(sb, &c->excl_elems[i], map);
		sb_puts(sb, " WITH ");
		sb_puts(sb, c->excl_elems[i].op ? c->excl_elems[i].op : "=");
	}
	sb_putc(sb, ')');
	if (c->n_include) {
		sb_puts(sb, " INCLUDE ");
		sql_put_idents(sb, c->include, c->n_include);
	}
	if (c->where) {
		sb_puts(sb, " WHERE (");
		sb_puts(sb, c->where->text ? c->where->text : "");
		sb_putc(sb, ')');
	}
}
