/*
 * keywords.c - the keyword table of grammar/keywords.h and its lookup.
 *
 * The table is sorted by name (keywords.h says so, and the parser's unit
 * test checks it), so a binary search from the lexer's single identifier
 * rule finds a keyword; anything else is an identifier.  These are
 * migc's grammar's keywords; PostgreSQL's own list is common/pg_keywords.h,
 * and parse_name_is_bare() asks both.
 */
#include <string.h>

#include "ast_build.h"
#include "parse.h"
#include "parser.h"
#include "sqltext.h"

static const struct keyword kw_list[] = {
#define MIG_KEYWORD(name, token, category) { name, token, category },
#include "keywords.h"
#undef MIG_KEYWORD
};

#define KW_COUNT (sizeof kw_list / sizeof kw_list[0])

const struct keyword *kw_table(size_t *n)
{
	*n = KW_COUNT;
	return kw_list;
}

const struct keyword *kw_lookup(const char *name, size_t len)
{
	size_t lo = 0, hi = KW_COUNT;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = kw_list[mid].name;
		int cmp = strncmp(name, k, len);
		if (cmp == 0 && k[len] != '\0')
			cmp = -1;	/* name is a proper prefix of k */
		if (cmp == 0)
			return &kw_list[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

bool parse_name_is_bare(const char *name, size_t n)
{
	return sqlt_ident_is_bare(name, n) && kw_lookup(name, n) == NULL;
}
