/*
 * pg_keywords.h - PostgreSQL 15's keyword list, shared by the compiler and
 * the runtime.
 *
 * The table is generated (pg_kwlist.h, by tools/gen-pg-keywords.sh from
 * a running server's pg_get_keywords()), sorted bytewise, and never
 * changes at run time.  Lookup folds ASCII upper case as PostgreSQL's
 * scanner does and finds nothing else: a word with a byte >= 0x80 is never
 * a keyword.
 */
#ifndef MIGC_COMMON_PG_KEYWORDS_H
#define MIGC_COMMON_PG_KEYWORDS_H

#include <stddef.h>

enum pg_kw_category {
	PG_KW_UNRESERVED,	/* an identifier anywhere */
	PG_KW_COL_NAME,		/* not a function or type name */
	PG_KW_TYPE_FUNC_NAME,	/* not a column name */
	PG_KW_RESERVED,		/* never an identifier unquoted */
};

struct pg_keyword {
	const char *word;	/* lower case */
	enum pg_kw_category category;
};

/* The keyword spelled by the `len` bytes at `word` (any ASCII case), or
 * NULL when it is not one. */
const struct pg_keyword *pg_keyword_lookup(const char *word, size_t len);

/* The whole table, in strcmp order; *n receives its length. */
const struct pg_keyword *pg_keyword_table(size_t *n);

#endif
