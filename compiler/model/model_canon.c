/*
 * model_canon.c - expressions compared in PostgreSQL's canonical form
 * (model.h: model_expr_canon_equal, model_default_equal) and statements
 * (model_query_equal, for view definitions).
 *
 * model_expr_equal() and model_default_equal() (model_equal.c) ask here
 * only when two texts differ byte-wise and in model_expr_norm()'s form, so
 * a history whose spellings agree never reaches the parser.  The canonical
 * text of each (text, column type) is computed once per process by
 * compiler/front/pgsql_canon.c and kept in a hash table: `migc check` at
 * 10,000 revisions compares the same few expressions again and again.
 * The table's entries are malloc'd, not arena-allocated, because they
 * outlive any one model's arena; they are reachable to the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model.h"
#include "pgsql_canon.h"
#include "sql.h"

struct mc_entry {
	char *key;		/* type text, '\1', expression text; or '\2', statement */
	char *canon;		/* NULL: not one expression for PostgreSQL */
};

static struct mc_entry *mc_tab;
static size_t mc_cap, mc_len;

static uint64_t mc_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;	/* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static struct mc_entry *mc_slot(struct mc_entry *tab, size_t cap, const char *key)
{
	size_t i = (size_t)mc_hash(key) & (cap - 1);
	while (tab[i].key && strcmp(tab[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static void mc_grow(void)
{
	size_t cap = mc_cap ? mc_cap * 2 : 256;
	struct mc_entry *tab = calloc(cap, sizeof *tab);
	if (!tab)
		abort();
	for (size_t i = 0; i < mc_cap; i++)
		if (mc_tab[i].key)
			*mc_slot(tab, cap, mc_tab[i].key) = mc_tab[i];
	free(mc_tab);
	mc_tab = tab;
	mc_cap = cap;
}

/* The cached canonical form of `text` under `key`, made by `make`. */
static const char *mc_cached(const char *key, char *(*make)(const char *, const char *),
			     const char *text, const char *type)
{
	if ((mc_len + 1) * 2 > mc_cap)
		mc_grow();
	struct mc_entry *e = mc_slot(mc_tab, mc_cap, key);
	if (!e->key) {
		e->key = strdup(key);
		if (!e->key)
			abort();
		e->canon = make(text, type);
		mc_len++;
	}
	return e->canon;
}

static char *mc_make_query(const char *text, const char *unused)
{
	(void)unused;
	return pgsql_canon_query(text);
}

/* The canonical text of a whole statement, cached ('\2' keys). */
static const char *mc_canon_query(struct arena *a, const char *text)
{
	return mc_cached(arena_printf(a, "\2%s", text), mc_make_query, text, NULL);
}

/* The canonical text of `text` as a default of `type` (or NULL: no
 * default), cached; NULL when PostgreSQL does not read it. */
static const char *mc_canon(struct arena *a, const char *text, const struct ast_type *type)
{
	const char *tt = type ? sql_type(a, type) : "";
	return mc_cached(arena_printf(a, "%s\1%s", tt, text), pgsql_canon_expr, text,
			 type ? tt : NULL);
}

bool model_query_equal(struct arena *a, const char *x, const char *y)
{
	if (x == y)
		return true;
	if (!x || !y)
		return false;
	if (strcmp(x, y) == 0)
		return true;
	const char *cx = mc_canon_query(a, x), *cy = mc_canon_query(a, y);
	return cx && cy && strcmp(cx, cy) == 0;
}

bool model_expr_canon_equal(struct arena *a, const char *x, const struct ast_type *tx,
			    const char *y, const struct ast_type *ty)
{
	const char *cx = mc_canon(a, x, tx), *cy = mc_canon(a, y, ty);
	return cx && cy && strcmp(cx, cy) == 0;
}
