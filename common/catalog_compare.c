/*
 * catalog_compare.c - two catalog reads compared by key: the one
 * comparison behind the migrator's `check` (drift) and `migc diff --url`.
 *
 * Both reads are sorted by key with strcmp (catalog_read() sorts them), so
 * one merge pass finds every difference, in key order: the same two
 * databases always give the same list.  A table differs only by its
 * partitioning (a partition detached, attached or bound otherwise): its
 * columns are compared as objects of their own.  Callers decide only how much a
 * missing table stands for (`fold`) and how to print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"

const char *catalog_diff_key(const struct catalog_diff *d)
{
	return (d->expected ? d->expected : d->actual)->key;
}

/* Whether `o` is on a table (or, for an index, a materialized view:
 * `order` set) that `other` does not have. */
static int on_absent_table(const struct catalog *other, const struct catalog_object *o)
{
	if (!o->table)
		return 0;
	size_t len = strlen(o->schema) + strlen(o->table) + sizeof "materialized view .";
	char *key = cat_xrealloc(NULL, len);
	int mv = (o->kind == CATALOG_INDEX || o->kind == CATALOG_COMMENT) && o->order == 1;
	snprintf(key, len, "%s %s.%s", mv ? "materialized view" : "table", o->schema, o->table);
	int absent = catalog_find(other, key) == NULL;
	free(key);
	return absent;
}

static int folded(const struct catalog *other, const struct catalog_object *o,
		  unsigned fold)
{
	return (fold & (1u << o->kind)) && on_absent_table(other, o);
}

/* Two tables' partitioning (catalog_object.part) is the same. */
static int same_part(const char *x, const char *y)
{
	return x && y ? strcmp(x, y) == 0 : x == y;
}

struct catalog_diff *catalog_compare(const struct catalog *expected,
				     const struct catalog *actual, unsigned fold,
				     size_t *n)
{
	struct catalog_diff *d = cat_xrealloc(NULL, (expected->n + actual->n + 1) * sizeof *d);
	size_t i = 0, j = 0, k = 0;

	while (i < expected->n || j < actual->n) {
		const struct catalog_object *e = i < expected->n ? &expected->objects[i] : NULL;
		const struct catalog_object *a = j < actual->n ? &actual->objects[j] : NULL;
		int c = !e ? 1 : !a ? -1 : strcmp(e->key, a->key);

		/* database-wide, never in a scratch schema: the callers compare them */
		if ((e && e->kind == CATALOG_EXTENSION) || (a && a->kind == CATALOG_EXTENSION)) {
			if (e && e->kind == CATALOG_EXTENSION)
				i++;
			if (a && a->kind == CATALOG_EXTENSION)
				j++;
			continue;
		}

		if (c < 0) {
			i++;
			if (!folded(actual, e, fold))
				d[k++] = (struct catalog_diff){ CATALOG_MISSING, e, NULL };
		} else if (c > 0) {
			j++;
			if (!folded(expected, a, fold))
				d[k++] = (struct catalog_diff){ CATALOG_UNEXPECTED, NULL, a };
		} else {
			i++;
			j++;
			if (e->kind == CATALOG_TABLE ? !same_part(e->part, a->part)
			    : strcmp(e->sql, a->sql) != 0)
				d[k++] = (struct catalog_diff){ CATALOG_DIFFERS, e, a };
		}
	}
	*n = k;
	return d;
}
