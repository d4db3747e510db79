/*
 * pgsql.c - PostgreSQL's own grammar through libpg_query (pgsql.h).
 *
 * The only file that includes pg_query.h.  The library runs PostgreSQL
 * 15's raw parser (scan.l and gram.y as the server has them), so a text it
 * accepts is one the server's parser accepts; what it cannot know (names,
 * types, permissions) the server checks at deploy.  Its error position is
 * a 1-based character index (the library parses as UTF-8); it is turned
 * into a byte offset here.
 */
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
