/*
 * pgsql.c - PostgreSQL's own grammar through libpg_query (pgsql.h).
 *
 * The only file that includes pg_query.h.  The library runs PostgreSQL
 * 15's raw parser (scan.l and gram.y as the server has them), so a text it
 * accepts is one the server's parser accepts; what it cannot know (names,
 * types, permissions) the server checks at deploy.  Its error position is
 * a 1-based character index (the library parses as UTF-8); it is turned
 * into a byte offset here.  pgsql_node reads the library's JSON parse
 * tree only as far as the statement's node tag, its first relation and
 * the CONCURRENTLY flag of an index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>

#include "pgsql.h"

/* The byte offset of the 1-based character position pos in s[0..n). */
static size_t char_to_byte(const char *s, size_t n, int pos)
{
	if (pos <= 1)
		return 0;
	size_t i = 0;
	for (int c = 1; c < pos && i < n; c++) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
	}
	return i;
}

bool pgsql_check(const char *sql, size_t n, struct pgsql_error *err)
{
	char *text = malloc(n + 1);
	if (!text)
		abort();
	memcpy(text, sql, n);
	text[n] = '\0';
	PgQuerySplitResult r = pg_query_split_with_parser(text);
	bool ok = r.error == NULL;
	if (!ok) {
		const char *msg = r.error->message ? r.error->message : "syntax error";
		size_t len = strlen(msg);
		if (len >= sizeof err->message)
			len = sizeof err->message - 1;
		memcpy(err->message, msg, len);
		err->message[len] = '\0';
		err->offset = char_to_byte(text, n, r.error->cursorpos);
	}
	pg_query_free_split_result(r);
	free(text);
	return ok;
}

/* Copies the JSON string starting after the quote at *p into buf
 * (escapes \" and \\ undone, others kept); false when it does not fit. */
static bool json_str(const char *p, char *buf, size_t size)
{
	size_t k = 0;
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (k + 1 >= size)
			return false;
		buf[k++] = *p;
	}
	buf[k] = '\0';
	return *p == '"';
}

/* The value of "key":"..." in the object that starts at obj, or false. */
static bool json_field(const char *obj, const char *key, char *buf, size_t size)
{
	char pat[48];
	snprintf(pat, sizeof pat, "\"%s\":\"", key);
	const char *end = strchr(obj, '}');
	const char *at = strstr(obj, pat);
	if (!at || (end && at > end))
		return false;
	return json_str(at + strlen(pat), buf, size);
}

bool pgsql_node(const char *sql, size_t n, struct pgsql_node *out)
{
	memset(out, 0, sizeof *out);
	char *text = malloc(n + 1);
	if (!text)
		abort();
	memcpy(text, sql, n);
	text[n] = '\0';
	PgQuerySplitResult sp = pg_query_split_with_parser(text);
	bool one = sp.error == NULL && sp.n_stmts == 1;
	pg_query_free_split_result(sp);
	PgQueryParseResult r = pg_query_parse(text);
	bool ok = one && r.error == NULL && r.parse_tree;
	const char *stmt = ok ? strstr(r.parse_tree, "\"stmt\":{\"") : NULL;
	if (stmt) {
		ok = json_str(stmt + strlen("\"stmt\":{\""), out->tag, sizeof out->tag);
		out->concurrent = strstr(stmt, "\"concurrent\":true") != NULL;
		const char *rel = strstr(stmt, "\"relation\":{");
		if (rel) {
			rel += strlen("\"relation\":");
			json_field(rel, "schemaname", out->schema, sizeof out->schema);
			json_field(rel, "relname", out->relname, sizeof out->relname);
		}
	} else {
		ok = false;
	}
	pg_query_free_parse_result(r);
	free(text);
	return ok;
}
