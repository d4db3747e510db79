/*
 * ast_sql.c - the statements migc passes to PostgreSQL as written:
 * `execute $$ ... $$` and plain SQL statements (passthrough.h).
 *
 * Both kinds are checked with PostgreSQL's own grammar (pgsql.h) when they
 * are built: a syntax error is reported at its place in the .mig file,
 * inside the dollar quote or the string literal of an execute body (an
 * E'' literal's escapes make the place unknown: then at the literal), and
 * inside the statement for plain SQL.  A plain SQL statement is an
 * execute whose body is its own text (ast.h, `passthrough`).
 */
#include <string.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"
#include "pgsql.h"
#include "pgsql_tree.h"
#include "sqltext.h"

static struct ast_stmt *sql_stmt(struct parse_ctx *c, const char *sql,
				 struct loc loc, bool passthrough)
{
	struct ast_stmt *s = arena_calloc(c->arena, 1, sizeof *s);
	s->kind = STMT_EXECUTE;
	s->loc = loc;
	s->u.exec.sql = sql;
	s->u.exec.passthrough = passthrough;
	return s;
}

/* The source offset of byte off of the body of the string literal that
 * starts at lit (dollar-quoted or a standard '' literal); lit itself when
 * the literal has escapes. */
static uint32_t body_offset(const struct parse_ctx *c, uint32_t lit, size_t off)
{
	const char *t = c->src->text;
	size_t n = c->src->len, i;
	if (lit >= n)
		return lit;
	if (t[lit] == '$') {
		for (i = lit + 1; i < n && t[i] != '$'; i++)
			;
		return (uint32_t)(i + 1 + off);
	}
	if (t[lit] != '\'')
		return lit;
	i = lit + 1;
	for (size_t k = 0; k < off && i < n; k++)
		i += t[i] == '\'' ? 2 : 1;
	return (uint32_t)i;
}

/* PostgreSQL's verdict on sql, reported at the source offset `at` maps
 * the error to. */
static void check(struct parse_ctx *c, const char *sql, struct loc body_loc,
		  bool literal)
{
	struct pgsql_error e;
	size_t n = strlen(sql);
	if (pgsql_check(sql, n, &e))
		return;
	uint32_t at = literal ? body_offset(c, body_loc.start, e.offset)
			      : body_loc.start + (uint32_t)e.offset;
	/* the token there, or an empty span at the end of the text */
	uint32_t end = at;
	if (e.offset < n && at < c->src->len) {
		enum sqlt_kind kind;
		end = (uint32_t)sqlt_token(c->src->text, c->src->len, at, &kind);
	}
	diag_error(c->diag, (struct loc){ c->src, at, end }, "%s", e.message);
}

struct ast_stmt *ast_execute(struct parse_ctx *c, const char *sql,
			     struct loc body_loc, struct loc loc)
{
	/* a literal with a lexical error was reported already */
	if (!(c->lex_error_at > body_loc.start && c->lex_error_at <= body_loc.end))
		check(c, sql, body_loc, true);
	return sql_stmt(c, sql, loc, false);
}

/* PostgreSQL's grammar reads the expression inside a create policy, so
 * that it is exactly what PostgreSQL accepts there; an error maps back
 * into the expression (the end of the wrapper, to its end). */
struct ast_expr *ast_policy_expr(struct parse_ctx *c, struct loc loc)
{
	struct ast_expr *e = ast_expr_new(c, loc);
	static const char pre[] = "create policy p on t using (";
	size_t n = strlen(e->text), np = sizeof pre - 1;
	char *sql = arena_alloc(c->arena, np + n + 2);
	memcpy(sql, pre, np);
	memcpy(sql + np, e->text, n);
	memcpy(sql + np + n, ")", 2);
	struct pgsql_error err;
	if (pgsql_check(sql, np + n + 1, &err))
		return e;
	size_t off = err.offset < np ? 0 : err.offset - np;
	uint32_t at = loc.start + (uint32_t)(off < n ? off : n), end = at;
	if (off < n) {
		enum sqlt_kind kind;
		end = (uint32_t)sqlt_token(c->src->text, loc.end, at, &kind);
	}
	diag_error(c->diag, (struct loc){ c->src, at, end }, "%s", err.message);
	return e;
}

/* `-- migc:allow` comments inside the statement count as they would
 * anywhere else. */
static void line_comments(struct parse_ctx *c, struct loc loc)
{
	const char *t = c->src->text;
	size_t i = loc.start;
	while (i < loc.end) {
		enum sqlt_kind kind;
		size_t e = sqlt_token(t, loc.end, i, &kind);
		if (kind == SQLT_LINE_COMMENT)
			parse_line_comment(c, t + i, e - i, (uint32_t)i);
		i = e;
	}
}

struct ast_stmt *ast_passthrough(struct parse_ctx *c, const char *sql,
				 struct loc loc)
{
	line_comments(c, loc);
	int errors = c->diag->n_errors;
	check(c, sql, loc, false);
	if (c->diag->n_errors == errors)
		pgsql_check_routine(c, sql, loc);
	return sql_stmt(c, sql, loc, true);
}
