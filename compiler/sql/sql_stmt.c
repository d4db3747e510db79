/*
 * sql_stmt.c - rendering one AST statement as one PostgreSQL statement.
 *
 * Guarantees: names and labels go through sql_quote.c, so they are always
 * quoted; keywords are upper case; CREATE TABLE puts one column or table
 * constraint per line and every other statement is one line; the output
 * depends only on the AST, so the same input always gives the same bytes.
 * Expressions are copied verbatim: the lexer already guarantees they are
 * PostgreSQL tokens.  With a schema map (sql.h) every name the AST holds is
 * qualified and remapped; expressions still stay as written.
 */
#include "sql.h"

#include <string.h>

#include "arena.h"
#include "ast.h"

/* ---- pieces ------------------------------------------------------------- */

static void put_expr(struct strbuf *sb, const struct ast_expr *e)
{
	sb_puts(sb, e && e->text ? e->text : "");
}

static void put_fk_action(struct strbuf *sb, const char *when,
			  enum ast_fk_action act)
{
	static const char *const names[] = {
		[FK_NO_ACTION] = "NO ACTION",
		[FK_RESTRICT] = "RESTRICT",
		[FK_CASCADE] = "CASCADE",
		[FK_SET_NULL] = "SET NULL",
		[FK_SET_DEFAULT] = "SET DEFAULT",
	};
	if (act == FK_ACTION_NONE || (size_t)act >= sizeof names / sizeof names[0])
		return;
	sb_printf(sb, " %s %s", when, names[act]);
}

/* One constraint.  In the column form PRIMARY KEY, UNIQUE and REFERENCES
 * apply to the column being defined; in the table form they list their
 * columns. */
static void put_constraint(struct strbuf *sb, const struct ast_constraint *c,
			   bool table_form, const struct sql_schema_map *map)
{
	if (c->name) {
		sb_puts(sb, "CONSTRAINT ");
		sql_put_ident(sb, c->name);
		sb_putc(sb, ' ');
	}
	switch (c->kind) {
	case CON_NOT_NULL:
		sb_puts(sb, "NOT NULL");
		break;
	case CON_NULL:
		sb_puts(sb, "NULL");
		break;
	case CON_DEFAULT:
		sb_puts(sb, "DEFAULT ");
		put_expr(sb, c->expr);
		break;
	case CON_IDENTITY:
		sql_put_identity(sb, c);
		break;
	case CON_SEQUENCE:	/* schema.mig only: no SQL of its own */
		sb_puts(sb, "SEQUENCE NAME ");
		sql_put_ident(sb, c->seq_name);
		break;
	case CON_GENERATED:
		sb_puts(sb, "GENERATED ALWAYS AS (");
		put_expr(sb, c->expr);
		sb_puts(sb, ") STORED");
		break;
	case CON_PRIMARY_KEY:
	case CON_UNIQUE:
		sb_puts(sb, c->kind == CON_PRIMARY_KEY ? "PRIMARY KEY" : "UNIQUE");
		if (c->nulls_not_distinct)
			sb_puts(sb, " NULLS NOT DISTINCT");
		if (c->using_index) {
			sb_puts(sb, " USING INDEX ");
			sql_put_ident(sb, c->using_index);
		} else if (table_form) {
			sb_putc(sb, ' ');
			sql_put_idents(sb, c->columns, c->n_columns);
		}
		break;
	case CON_CHECK:
		sb_puts(sb, "CHECK (");
		put_expr(sb, c->expr);
		sb_putc(sb, ')');
		if (c->no_inherit)
			sb_puts(sb, " NO INHERIT");
		break;
	case CON_EXCLUDE:
		sql_put_exclude(sb, c, map);
		break;
	case CON_FOREIGN_KEY:
		if (table_form) {
			sb_puts(sb, "FOREIGN KEY ");
			sql_put_idents(sb, c->columns, c->n_columns);
			sb_putc(sb, ' ');
		}
		sb_puts(sb, "REFERENCES ");
		sql_put_name_mapped(sb, &c->ref_table, map);
		if (c->n_ref_columns) {
			sb_putc(sb, ' ');
			sql_put_idents(sb, c->ref_columns, c->n_ref_columns);
		}
		if (c->match_full)
			sb_puts(sb, " MATCH FULL");
		put_fk_action(sb, "ON DELETE", c->on_delete);
		if (c->n_del_set_cols) {
			sb_putc(sb, ' ');
			sql_put_idents(sb, c->del_set_cols, c->n_del_set_cols);
		}
		put_fk_action(sb, "ON UPDATE", c->on_update);
		break;
	}
	/* keys and foreign keys (the grammar refuses it on the others) */
	if (c->deferrable)
		sb_puts(sb, " DEFERRABLE");
	if (c->initially_deferred)
		sb_puts(sb, " INITIALLY DEFERRED");
	if (c->not_valid)
		sb_puts(sb, " NOT VALID");
}

/* "name" type constraint constraint ... */
static void put_column(struct strbuf *sb, const struct ast_column *col,
		       const struct sql_schema_map *map)
{
	sql_put_ident(sb, col->name.name);
	sb_putc(sb, ' ');
	if (col->with_options)	/* a partition's: the type is the parent's */
		sb_puts(sb, "WITH OPTIONS");
	else
		sql_put_type_mapped(sb, &col->type, map);
	sql_put_collate_mapped(sb, &col->collation, map);
	for (size_t i = 0; i < col->n_constraints; i++) {
		sb_putc(sb, ' ');
		put_constraint(sb, &col->constraints[i], false, map);
	}
}

static void put_alter(struct strbuf *sb, const struct ast_alter *a,
		      const struct sql_schema_map *map)
{
	switch (a->kind) {
	case ALT_ADD_COLUMN:
		sb_puts(sb, "ADD COLUMN ");
		if (a->column)
			put_column(sb, a->column, map);
		break;
	case ALT_DROP_COLUMN:
		sb_puts(sb, a->if_exists ? "DROP COLUMN IF EXISTS " : "DROP COLUMN ");
		sql_put_ident(sb, a->name.name);
		if (a->cascade)
			sb_puts(sb, " CASCADE");
		break;
	case ALT_ALTER_TYPE:
		sb_puts(sb, "ALTER COLUMN ");
		sql_put_ident(sb, a->name.name);
		sb_puts(sb, " TYPE ");
		sql_put_type_mapped(sb, &a->type, map);
		sql_put_collate_mapped(sb, &a->collation, map);
		if (a->expr) {
			sb_puts(sb, " USING ");
			put_expr(sb, a->expr);
		}
		break;
	case ALT_SET_NOT_NULL:
	case ALT_DROP_NOT_NULL:
	case ALT_SET_DEFAULT:
	case ALT_DROP_DEFAULT:
		sb_puts(sb, "ALTER COLUMN ");
		sql_put_ident(sb, a->name.name);
		if (a->kind == ALT_SET_NOT_NULL) {
			sb_puts(sb, " SET NOT NULL");
		} else if (a->kind == ALT_DROP_NOT_NULL) {
			sb_puts(sb, " DROP NOT NULL");
		} else if (a->kind == ALT_SET_DEFAULT) {
			sb_puts(sb, " SET DEFAULT ");
			put_expr(sb, a->expr);
		} else {
			sb_puts(sb, " DROP DEFAULT");
		}
		break;
	case ALT_ADD_CONSTRAINT:
		sb_puts(sb, "ADD ");
		if (a->constraint)
			put_constraint(sb, a->constraint, true, map);
		break;
	case ALT_DROP_CONSTRAINT:
		sb_puts(sb, a->if_exists ? "DROP CONSTRAINT IF EXISTS "
					 : "DROP CONSTRAINT ");
		sql_put_ident(sb, a->name.name);
		if (a->cascade)
			sb_puts(sb, " CASCADE");
		break;
	case ALT_VALIDATE_CONSTRAINT:
		sb_puts(sb, "VALIDATE CONSTRAINT ");
		sql_put_ident(sb, a->name.name);
		break;
	case ALT_ALTER_CONSTRAINT:
		sb_puts(sb, "ALTER CONSTRAINT ");
		sql_put_ident(sb, a->name.name);
		sb_puts(sb, !a->deferrable ? " NOT DEFERRABLE" :
			    a->initially_deferred ? " DEFERRABLE INITIALLY DEFERRED"
						  : " DEFERRABLE INITIALLY IMMEDIATE");
		break;
	case ALT_ROW_SECURITY:
		sb_puts(sb, a->rls == RLS_ENABLE ? "ENABLE" : a->rls == RLS_DISABLE ? "DISABLE" :
			    a->rls == RLS_FORCE ? "FORCE" : "NO FORCE");
		sb_puts(sb, " ROW LEVEL SECURITY");
		break;
	case ALT_ADD_IDENTITY:
	case ALT_SET_IDENTITY:
	case ALT_DROP_IDENTITY:
	case ALT_DROP_EXPRESSION:
		sql_put_alter_identity(sb, a);
		break;
	}
}


/* ---- statements --------------------------------------------------------- */

/* " PARTITION BY range (a)": the key as written (or as the catalog prints it) */
static void put_partition_by(struct strbuf *sb, const struct ast_stmt *s)
{
	if (!s->u.table.part_by)
		return;
	sb_puts(sb, " PARTITION BY ");
	sb_puts(sb, s->u.table.part_by);
}

/* " (\n    column,\n    constraint\n)" */
static void put_table_elems(struct strbuf *sb, const struct ast_stmt *s, size_t n,
			    const struct sql_schema_map *map)
{
	sb_puts(sb, " (\n");
	for (size_t i = 0; i < n; i++) {
		sb_puts(sb, "    ");
		if (i < s->u.table.n_columns)
			put_column(sb, &s->u.table.columns[i], map);
		else
			put_constraint(sb, &s->u.table.constraints[i - s->u.table.n_columns], true, map);
		sb_puts(sb, i + 1 < n ? ",\n" : "\n");
	}
	sb_putc(sb, ')');
}

static void put_create_table(struct strbuf *sb, const struct ast_stmt *s,
			     const struct sql_schema_map *map)
{
	size_t n = s->u.table.n_columns + s->u.table.n_constraints;

	sb_puts(sb, s->if_not_exists ? "CREATE TABLE IF NOT EXISTS "
				     : "CREATE TABLE ");
	sql_put_name_mapped(sb, &s->target, map);
	if (s->u.table.part_of.name) {
		sb_puts(sb, " PARTITION OF ");
		sql_put_name_mapped(sb, &s->u.table.part_of, map);
		if (n)
			put_table_elems(sb, s, n, map);
		sb_putc(sb, ' ');
		sb_puts(sb, s->u.table.part_bound);
	} else if (n == 0) {
		sb_puts(sb, " ()");
	} else {
		put_table_elems(sb, s, n, map);
	}
	put_partition_by(sb, s);
}

/* ALTER TABLE [IF EXISTS] "t" */
static void put_alter_table_head(struct strbuf *sb, const struct ast_stmt *s,
				 const struct sql_schema_map *map)
{
	sb_puts(sb, s->if_exists ? "ALTER TABLE IF EXISTS " : "ALTER TABLE ");
	if ((s->kind == STMT_ALTER_TABLE && s->u.alter.only) ||
	    ((s->kind == STMT_RENAME_TABLE || s->kind == STMT_RENAME_COLUMN ||
	      s->kind == STMT_RENAME_CONSTRAINT) && s->u.rename.only))
		sb_puts(sb, "ONLY ");
	sql_put_name_mapped(sb, &s->target, map);
}

/* DROP <what> [CONCURRENTLY] [IF EXISTS] "x"[, "y" ...] [CASCADE] */
static void put_drop(struct strbuf *sb, const char *what,
		     const struct ast_stmt *s, const struct ast_name *name,
		     const struct sql_schema_map *map)
{
	sb_puts(sb, what);
	if (s->kind == STMT_DROP_INDEX && s->u.drop.concurrently)
		sb_puts(sb, " CONCURRENTLY");
	if (s->if_exists)
		sb_puts(sb, " IF EXISTS");
	sb_putc(sb, ' ');
	sql_put_name_mapped(sb, name, map);
	for (size_t i = 1; name == &s->target && i < ast_drop_count(s); i++) {
		sb_puts(sb, ", ");
		sql_put_name_mapped(sb, &s->u.drop.more[i - 1], map);
	}
	if (s->cascade)
		sb_puts(sb, " CASCADE");
}

/* As written when parsed (ast_ext.c says why); built ones canonically. */
static void put_extension(struct strbuf *sb, const struct ast_stmt *s)
{
	if (s->u.ext.sql) {
		sb_puts(sb, s->u.ext.sql);
		return;
	}
	if (s->kind == STMT_DROP_EXTENSION) {
		put_drop(sb, "DROP EXTENSION", s, &(struct ast_name){ .name = s->target.name },
			 NULL);
		return;
	}
	sb_puts(sb, s->if_not_exists ? "CREATE EXTENSION IF NOT EXISTS " : "CREATE EXTENSION ");
	sql_put_ident(sb, s->target.name);
	if (s->u.ext.ext_schema) {
		sb_puts(sb, " WITH SCHEMA ");
		sql_put_ident(sb, s->u.ext.ext_schema);
	}
	if (s->u.ext.ext_version) {
		sb_puts(sb, " VERSION ");
		sql_put_literal(sb, s->u.ext.ext_version);
	}
	if (s->cascade)
		sb_puts(sb, " CASCADE");
}


static void put_create_enum(struct strbuf *sb, const struct ast_stmt *s,
			    const struct sql_schema_map *map)
{
	sb_puts(sb, "CREATE TYPE ");
	sql_put_name_mapped(sb, &s->target, map);
	sb_puts(sb, " AS ENUM (");
	for (size_t i = 0; i < s->u.enum_.n_labels; i++) {
		if (i)
			sb_puts(sb, ", ");
		sql_put_literal(sb, s->u.enum_.labels[i]);
	}
	sb_putc(sb, ')');
}

static const char *label_at(const struct ast_stmt *s, size_t i)
{
	return i < s->u.enum_.n_labels ? s->u.enum_.labels[i] : NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* The body of `execute $$...$$`, trimmed, without one trailing ';' so the
 * caller can terminate it like every other statement. */
static void put_execute(struct strbuf *sb, const char *body)
{
	const char *b = body ? body : "";
	const char *e = b + strlen(b);

	while (b < e && is_space(*b))
		b++;
	while (e > b && is_space(e[-1]))
		e--;
	if (e > b && e[-1] == ';') {
		e--;
		while (e > b && is_space(e[-1]))
			e--;
	}
	sb_put(sb, b, (size_t)(e - b));
	/* A body whose last line holds a "--" comment would swallow the ";"
	 * that printers append on the same line: end it with a newline. */
	const char *last = e;
	while (last > b && last[-1] != '\n')
		last--;
	for (const char *c = last; c + 1 < e; c++)
		if (c[0] == '-' && c[1] == '-') {
			sb_putc(sb, '\n');
			break;
		}
}

static void put_stmt(struct strbuf *sb, const struct ast_stmt *s,
		     const struct sql_schema_map *map)
{
	switch (s->kind) {
	case STMT_CREATE_TABLE:
		put_create_table(sb, s, map);
		break;
	case STMT_DROP_TABLE:
		put_drop(sb, "DROP TABLE", s, &s->target, map);
		break;
	case STMT_RENAME_TABLE:
		put_alter_table_head(sb, s, map);
		sb_puts(sb, " RENAME TO ");
		sql_put_ident(sb, s->u.rename.new_name.name);
		break;
	case STMT_RENAME_COLUMN:
	case STMT_RENAME_CONSTRAINT:
		put_alter_table_head(sb, s, map);
		sb_puts(sb, s->kind == STMT_RENAME_COLUMN ? " RENAME COLUMN "
							  : " RENAME CONSTRAINT ");
		sql_put_ident(sb, s->u.rename.member.name);
		sb_puts(sb, " TO ");
		sql_put_ident(sb, s->u.rename.new_name.name);
		break;
	case STMT_ALTER_TABLE:
		put_alter_table_head(sb, s, map);
		for (size_t i = 0; i < s->u.alter.n_alters; i++) {
			sb_puts(sb, i ? ", " : " ");
			put_alter(sb, &s->u.alter.alters[i], map);
		}
		break;
	case STMT_CREATE_INDEX:
		sql_put_create_index(sb, s, map);
		break;
	case STMT_DROP_INDEX:
		put_drop(sb, "DROP INDEX", s, &s->target, map);
		break;
	case STMT_RENAME_INDEX:
		sb_puts(sb, s->if_exists ? "ALTER INDEX IF EXISTS " : "ALTER INDEX ");
		sql_put_name_mapped(sb, &s->target, map);
		sb_puts(sb, " RENAME TO ");
		sql_put_ident(sb, s->u.rename.new_name.name);
		break;
	case STMT_CREATE_ENUM:
		put_create_enum(sb, s, map);
		break;
	case STMT_ADD_ENUM_VALUE:
		sb_puts(sb, "ALTER TYPE ");
		sql_put_name_mapped(sb, &s->target, map);
		sb_puts(sb, s->if_not_exists ? " ADD VALUE IF NOT EXISTS "
					     : " ADD VALUE ");
		sql_put_literal(sb, label_at(s, 0));
		if (s->u.enum_.neighbor) {
			sb_puts(sb, s->u.enum_.before ? " BEFORE " : " AFTER ");
			sql_put_literal(sb, s->u.enum_.neighbor);
		}
		break;
	case STMT_RENAME_ENUM_VALUE:
		sb_puts(sb, "ALTER TYPE ");
		sql_put_name_mapped(sb, &s->target, map);
		sb_puts(sb, " RENAME VALUE ");
		sql_put_literal(sb, label_at(s, 0));
		sb_puts(sb, " TO ");
		sql_put_literal(sb, label_at(s, 1));
		break;
	case STMT_DROP_TYPE:
		put_drop(sb, "DROP TYPE", s, &s->target, map);
		break;
	case STMT_CREATE_SCHEMA:
		sb_puts(sb, s->if_not_exists ? "CREATE SCHEMA IF NOT EXISTS "
					     : "CREATE SCHEMA ");
		sql_put_schema_mapped(sb, s->target.name, map);
		if (s->u.schema.owner.name) {
			sb_puts(sb, " AUTHORIZATION ");
			sql_put_role(sb, s->u.schema.owner.name);
		}
		break;
	case STMT_CREATE_POLICY:
	case STMT_DROP_POLICY:
	case STMT_RENAME_POLICY:
		sql_put_policy(sb, s, map);
		break;
	case STMT_ATTACH_PARTITION:
	case STMT_DETACH_PARTITION:
		sql_put_partition(sb, s, map);
		break;
	case STMT_DROP_SCHEMA: {
		/* A schema's name is target.name, never qualified; mapped,
		 * the prefix becomes part of that one name (of each one of
		 * `drop schema a, b`). */
		sb_puts(sb, s->if_exists ? "DROP SCHEMA IF EXISTS " : "DROP SCHEMA ");
		for (size_t i = 0; i < ast_drop_count(s); i++) {
			const char *name = i ? s->u.drop.more[i - 1].name : s->target.name;
			if (i)
				sb_puts(sb, ", ");
			size_t at = sb->len;
			sql_put_ident(sb, map && map->prefix
				      ? arena_printf(sb->arena, "%s%s", map->prefix, name) : name);
			if (map && !map->prefix)	/* recording */
				sql_note_default_schema(sb, at, sb->len - at, name, map);
		}
		if (s->cascade)
			sb_puts(sb, " CASCADE");
		break;
	}
	case STMT_COMMENT:
		sql_put_comment(sb, s, map);
		break;
	case STMT_EXECUTE:
		put_execute(sb, s->u.exec.sql);
		break;
	case STMT_CREATE_EXTENSION:
	case STMT_DROP_EXTENSION:
		put_extension(sb, s);	/* database-wide: never mapped */
		break;
	}
}

const char *sql_render_stmt(struct arena *a, const struct ast_stmt *stmt)
{
	return sql_render_stmt_mapped(a, stmt, NULL);
}

const char *sql_render_stmt_mapped(struct arena *a, const struct ast_stmt *stmt,
				   const struct sql_schema_map *map)
{
	struct strbuf sb;
	sb_init(&sb, a);
	put_stmt(&sb, stmt, map);
	return sb_str(&sb);
}

const char *sql_render_stmt_slots(struct arena *a, const struct ast_stmt *stmt,
				  const char *default_schema,
				  struct sql_slots *slots)
{
	const struct sql_schema_map map = { NULL, default_schema, slots, NULL, NULL, NULL };
	slots->v = NULL;
	slots->n = slots->cap = 0;
	return sql_render_stmt_mapped(a, stmt, &map);
}
