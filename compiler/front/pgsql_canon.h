/*
 * pgsql_canon.h - canonical text of an SQL expression, by PostgreSQL's own
 * grammar (libpg_query's parse and deparse; pgsql_canon.c).
 *
 * Two spellings with one canonical text are stored alike by PostgreSQL:
 * parentheses, keyword and identifier case, spacing and comments are gone,
 * function calls and operators are written one way.  With the column's
 * type, a column default also loses what the column's type decides: a
 * string literal cast to that type, boolean and numeric literals written
 * as strings ('t', '-1').  Nothing PostgreSQL keeps apart is merged:
 * now() and current_timestamp stay two things, and so do 0 and '0' on
 * bigint (the first is stored as a cast of an integer).  The canonical text is for
 * comparing only; it is never written into SQL that runs.  Compiler-side
 * only; no type of the library crosses this interface.
 */
#ifndef MIGC_PGSQL_CANON_H
#define MIGC_PGSQL_CANON_H

/* The canonical text of the expression `expr` (malloc'd; the caller frees
 * it), or NULL when PostgreSQL's grammar does not read it as one
 * expression.  `type` is the SQL text of the column type the expression is
 * a default of (e.g. "integer", "varchar(20)[]", "app.mood"), or NULL for
 * an expression that is no default (a check, an index expression).  The
 * empty text stands for a default PostgreSQL does not store (null). */
char *pgsql_canon_expr(const char *expr, const char *type);

/* The canonical text of one statement (a view's query: `select a from t`
 * is `SELECT a FROM t`), malloc'd, or NULL when the grammar refuses it or
 * it is more than one statement.  What only the catalogs know (the
 * columns behind *, implicit casts) stays as written. */
char *pgsql_canon_query(const char *sql);

#endif
