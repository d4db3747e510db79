/*
 * pgsql_json.h - a small JSON reader for libpg_query's parse trees.
 *
 * libpg_query renders PostgreSQL's raw parse tree as JSON (one object per
 * node, keyed by the node's type name).  This reads such a text into an
 * arena tree; it accepts any well-formed JSON and returns NULL for
 * anything else.  Strings are decoded to UTF-8.  A node's location (in
 * characters) maps to a byte offset of the text.  Internal to front/'s
 * pgsql_*.c files.
 */
#ifndef MIGC_PGSQL_JSON_H
#define MIGC_PGSQL_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum pj_kind { PJ_NULL, PJ_BOOL, PJ_NUM, PJ_STR, PJ_ARR, PJ_OBJ };

struct pj {
	enum pj_kind kind;
	const char *str;		/* PJ_STR (decoded), PJ_NUM (as written) */
	bool b;				/* PJ_BOOL */
	const char **keys;		/* PJ_OBJ */
	struct pj **vals;		/* PJ_OBJ, PJ_ARR */
	size_t n;
};

/* The tree of the NUL-terminated JSON text, or NULL when malformed. */
struct pj *pj_parse(struct arena *a, const char *text);

/* Member `key` of an object, or NULL (also when v is not an object). */
const struct pj *pj_get(const struct pj *v, const char *key);
/* The string member `key`, or NULL. */
const char *pj_str(const struct pj *v, const char *key);
/* The boolean member `key` (false when absent). */
bool pj_bool(const struct pj *v, const char *key);
/* The byte offset in s[0..n) of the 0-based character position pos (a
 * node's "location": libpg_query counts characters, not bytes); n at most. */
size_t pj_char_to_byte(const char *s, size_t n, long pos);

#endif
