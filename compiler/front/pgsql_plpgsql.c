/*
 * pgsql_plpgsql.c - PL/pgSQL bodies checked at compile time (parse.h's
 * callers see it through ast_passthrough()).
 *
 * A plain SQL `create [or replace] function|procedure ... language
 * plpgsql` statement has its body parsed by PL/pgSQL's own grammar
 * (libpg_query's pg_query_parse_plpgsql).  A syntax error is a compile
 * error inside the body: on the line PL/pgSQL names, at the token its
 * message quotes when that token is found from there on, else at that
 * line's first word.  Only dollar-quoted and plain '...' bodies are
 * mapped; the body of an E'' literal is reported at the statement.  A
 * routine of another language, or without an AS body, is not parsed
 * here (libpg_query's PL/pgSQL parser asserts a body).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ast_build.h"
#include "diag.h"
#include "pgsql_tree.h"
#include "sqltext.h"

/* The byte offset of the body in sql (after its opening quote), or n. */
static size_t body_start(const char *sql, size_t n)
{
	size_t i = 0;
	bool as = false;
	while (i < n) {
		enum sqlt_kind k;
		size_t e = sqlt_token(sql, n, i, &k);
		if (k == SQLT_WORD && e - i == 2 && strncasecmp(sql + i, "as", 2) == 0)
			as = true;
		if (as && k == SQLT_DOLLAR) {
			size_t t = i + 1;
			while (t < e && sql[t] != '$')
				t++;
			return t + 1;
		}
		if (as && k == SQLT_STRING)
			return i + 1;
		i = e;
	}
	return n;
}

void pgsql_check_routine(struct parse_ctx *c, const char *sql, struct loc loc)
{
	size_t n = strlen(sql);
	size_t i = sqlt_skip_blank(sql, n, 0);
	if (n - i < 6 || strncasecmp(sql + i, "create", 6) != 0)
		return;
	/* only when the word is there at all: most statements are not routines */
	bool pl = false;
	for (size_t k = 0; k + 7 <= n && !pl; k++)
		pl = strncasecmp(sql + k, "plpgsql", 7) == 0;
	if (!pl)
		return;
	/* PL/pgSQL's parser needs an AS body (it asserts one): a routine
	 * written with a SQL-standard body (RETURN ..., BEGIN ATOMIC) or none
	 * is left to the server, which refuses it for plpgsql */
	struct pgsql_stmt p;
	if (!pgsql_describe(c->arena, sql, n, &p) || p.kind != PGSQL_CREATE_FUNCTION ||
	    p.routine == PGSQL_AGGREGATE || !p.body_as || !p.language ||
	    strcasecmp(p.language, "plpgsql") != 0)
		return;
	char msg[256];
	int line;
	if (pgsql_check_plpgsql(sql, n, msg, sizeof msg, &line))
		return;
	size_t at = 0, b = body_start(sql, n);
	if (b < n) {
		at = b;
		for (int l = 1; l < line && at < n; at++)
			if (sql[at] == '\n')
				l++;
		const char *q = strstr(msg, "at or near \"");
		const char *hit = NULL;
		if (q) {
			q += strlen("at or near \"");
			const char *qe = strrchr(q, '"');
			if (qe && qe > q) {
				char *tok = strndup(q, (size_t)(qe - q));
				hit = tok ? strstr(sql + at, tok) : NULL;
				free(tok);
			}
		}
		at = hit ? (size_t)(hit - sql) : sqlt_skip_blank(sql, n, at);
		if (at >= n)
			at = b;
	}
	enum sqlt_kind k;
	size_t end = at < n ? sqlt_token(sql, n, at, &k) : at;
	diag_error(c->diag, (struct loc){ loc.file, loc.start + (uint32_t)at,
					   loc.start + (uint32_t)end }, "%s", msg);
}
