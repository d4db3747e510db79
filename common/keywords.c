/*
 * keywords.c - PostgreSQL's keyword table (pg_kwlist.h) and its lookup.
 *
 * Guarantees: pg_keyword_lookup() is a binary search over the generated,
 * strcmp-sorted list; it folds ASCII A-Z to a-z before comparing and
 * rejects words longer than any keyword, so it never allocates and never
 * reads past `len` bytes.
 */
#include "pg_keywords.h"

#include <string.h>

static const struct pg_keyword pg_kw_list[] = {
#define PG_KEYWORD(w, c) { w, PG_KW_##c },
#include "pg_kwlist.h"
#undef PG_KEYWORD
};

#define PG_KW_COUNT (sizeof pg_kw_list / sizeof pg_kw_list[0])
#define PG_KW_MAXLEN 32		/* the longest is 17 bytes */

const struct pg_keyword *pg_keyword_table(size_t *n)
{
	*n = PG_KW_COUNT;
	return pg_kw_list;
}

const struct pg_keyword *pg_keyword_lookup(const char *word, size_t len)
{
	char low[PG_KW_MAXLEN + 1];
	if (len == 0 || len > PG_KW_MAXLEN)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = word[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == '\0')
			return NULL;
		low[i] = c;
	}
	low[len] = '\0';
	size_t lo = 0, hi = PG_KW_COUNT;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(low, pg_kw_list[mid].word);
		if (cmp == 0)
			return &pg_kw_list[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
