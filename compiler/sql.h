/*
 * sql.h - rendering the AST as PostgreSQL SQL.
 *
 * Identifiers are always double-quoted (embedded quotes doubled) and string
 * literals always single-quoted (embedded quotes doubled; with
 * standard_conforming_strings, which PostgreSQL has on by default since
 * 9.1, backslashes need no escaping).  Keywords are upper case.  Types
 * use PostgreSQL's own spelling (format_type): "character varying(255)",
 * "timestamp with time zone".  Expressions are copied from the source text,
 * which is already valid PostgreSQL.
 *
 * All results are allocated in the arena.
 */
#ifndef MIGC_SQL_H
#define MIGC_SQL_H

#include <stdbool.h>

struct arena;
struct strbuf;
struct ast_name;
struct ast_type;
struct ast_stmt;
struct ast_constraint;
struct ast_column;

/* "name" */
void sql_put_ident(struct strbuf *sb, const char *name);
/* 'text' */
void sql_put_literal(struct strbuf *sb, const char *text);
/* "schema"."name" or "name" */
void sql_put_name(struct strbuf *sb, const struct ast_name *name);
/* PostgreSQL's spelling of a type, e.g. "character varying(255)[]";
 * serial types stay "serial", "bigserial", "smallserial". */
void sql_put_type(struct strbuf *sb, const struct ast_type *type);

const char *sql_ident(struct arena *a, const char *name);
const char *sql_literal(struct arena *a, const char *text);
const char *sql_type(struct arena *a, const struct ast_type *type);

/* One statement, without the trailing ';'.  CREATE TABLE spans several
 * lines (one column or constraint per line, four-space indent); every other
 * statement is one line. */
const char *sql_render_stmt(struct arena *a, const struct ast_stmt *stmt);

#endif
