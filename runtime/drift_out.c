/*
 * drift_out.c - comparing the expected and the live catalog reads of
 * `check`, and printing the differences as text or JSON.
 *
 * Objects are matched by key (catalog.h): one only in the expected read is
 * missing in the database, one only in the live read is not expected, one
 * in both with other SQL differs.  Tables compare by presence only: their
 * columns are objects of their own and compare one by one.  The columns of
 * a table that is missing or not expected as a whole are not listed again
 * (the table's statement lists them); its constraints, indexes and
 * comments are.  Output is sorted by key, so the same databases always
 * give the same bytes.  Objects of the live read that migc's language
 * cannot express (catalog.h's unsupported list) are named, not compared.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "rt.h"

enum drift_kind { DRIFT_MISSING, DRIFT_UNEXPECTED, DRIFT_DIFFERS };

struct drift {
	enum drift_kind kind;
	const struct catalog_object *expected;	/* NULL when unexpected */
	const struct catalog_object *actual;	/* NULL when missing */
};

static int cmp_objects(const void *x, const void *y)
{
	const struct catalog_object *a = *(const struct catalog_object *const *)x;
	const struct catalog_object *b = *(const struct catalog_object *const *)y;

	return strcmp(a->key, b->key);
}

/* The objects of `c` sorted by key with strcmp (the reader's own order
 * need not be bytewise). */
static const struct catalog_object **sorted(const struct catalog *c)
{
	const struct catalog_object **v = migrt_xcalloc(c->n + 1, sizeof *v);

	for (size_t i = 0; i < c->n; i++)
		v[i] = &c->objects[i];
	qsort(v, c->n, sizeof *v, cmp_objects);
	return v;
}

static const char *drift_key(const struct drift *d)
{
	return (d->expected ? d->expected : d->actual)->key;
}

/* The entry of `d` (sorted by key) whose key is `key`, or NULL. */
static const struct drift *find(const struct drift *d, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(drift_key(&d[mid]), key);

		if (c == 0)
			return &d[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Whether d[i] is a column ("column s.t.c") of a table ("table s.t") that
 * `d` already lists as missing or unexpected in the same direction. */
static int folded(const struct drift *d, size_t n, size_t i)
{
	const char *key = drift_key(&d[i]);
	const char *dot = strrchr(key, '.');
	const struct drift *t;
	char *table;

	if (d[i].kind == DRIFT_DIFFERS || strncmp(key, "column ", 7) != 0 || !dot)
		return 0;
	table = migrt_xprintf("table %.*s", (int)(dot - key - 7), key + 7);
	t = find(d, n, table);
	free(table);
	return t && t->kind == d[i].kind;
}

/* Drops the column entries of tables missing or unexpected as a whole.
 * Returns the new count. */
static size_t fold_columns(struct drift *d, size_t n)
{
	unsigned char *drop = migrt_xcalloc(n + 1, 1);
	size_t out = 0;

	for (size_t i = 0; i < n; i++)
		drop[i] = (unsigned char)folded(d, n, i);
	for (size_t i = 0; i < n; i++)
		if (!drop[i])
			d[out++] = d[i];
	free(drop);
	return out;
}

/* Merges the two sorted reads; `*n` differences (caller frees). */
static struct drift *compare(const struct catalog *expected,
			     const struct catalog *actual, size_t *n)
{
	const struct catalog_object **e = sorted(expected), **a = sorted(actual);
	struct drift *d = migrt_xcalloc(expected->n + actual->n + 1, sizeof *d);
	size_t i = 0, j = 0, k = 0;

	while (i < expected->n || j < actual->n) {
		int c = i == expected->n ? 1 : j == actual->n ? -1
			: strcmp(e[i]->key, a[j]->key);

		if (c < 0) {
			d[k++] = (struct drift){ DRIFT_MISSING, e[i++], NULL };
		} else if (c > 0) {
			d[k++] = (struct drift){ DRIFT_UNEXPECTED, NULL, a[j++] };
		} else {
			if (e[i]->kind != CATALOG_TABLE && strcmp(e[i]->sql, a[j]->sql) != 0)
				d[k++] = (struct drift){ DRIFT_DIFFERS, e[i], a[j] };
			i++;
			j++;
		}
	}
	free(e);
	free(a);
	*n = fold_columns(d, k);
	return d;
}

/* ---- text ---------------------------------------------------------------- */

/* `sql` after `label`, continuation lines indented under the first. */
static void put_sql(struct migrt_ctx *ctx, const char *label, const char *sql)
{
	size_t pad = strlen(label);
	const char *p = sql;

	migrt_out(ctx, "%s", label);
	for (;;) {
		const char *nl = strchr(p, '\n');

		if (!nl) {
			migrt_out(ctx, "%s\n", p);
			return;
		}
		migrt_out(ctx, "%.*s\n%*s", (int)(nl - p), p, (int)pad, "");
		p = nl + 1;
	}
}

static void print_text(struct migrt_ctx *ctx, const struct drift *d, size_t n,
		       size_t n_expected, const char *revision)
{
	static const char *const titles[] = {
		[DRIFT_MISSING] = "missing in database:",
		[DRIFT_UNEXPECTED] = "not expected:",
		[DRIFT_DIFFERS] = "differs:",
	};

	if (n == 0) {
		migrt_out(ctx, "clean: the database matches revision %s (%zu objects)\n",
			  revision, n_expected);
		return;
	}
	for (int kind = DRIFT_MISSING; kind <= DRIFT_DIFFERS; kind++) {
		int any = 0;

		for (size_t i = 0; i < n; i++) {
			if ((int)d[i].kind != kind)
				continue;
			if (!any)
				migrt_out(ctx, "%s\n", titles[kind]);
			any = 1;
			migrt_out(ctx, "  %s\n", drift_key(&d[i]));
			if (kind == DRIFT_DIFFERS) {
				put_sql(ctx, "      expected: ", d[i].expected->sql);
				put_sql(ctx, "      database: ", d[i].actual->sql);
			} else {
				put_sql(ctx, "      ", (d[i].expected ? d[i].expected
							    : d[i].actual)->sql);
			}
		}
	}
	migrt_out(ctx, "drift: %zu difference%s between the database and revision %s\n",
		  n, n == 1 ? "" : "s", revision);
}

/* ---- JSON ---------------------------------------------------------------- */

static void put_json_string(struct migrt_ctx *ctx, const char *s)
{
	if (!s) {
		migrt_out(ctx, "null");
		return;
	}
	migrt_out(ctx, "\"");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			migrt_out(ctx, "\\%c", *c);
		else if (*c == '\n')
			migrt_out(ctx, "\\n");
		else if (*c == '\t')
			migrt_out(ctx, "\\t");
		else if (*c < 0x20)
			migrt_out(ctx, "\\u%04x", *c);
		else
			migrt_out(ctx, "%c", *c);
	}
	migrt_out(ctx, "\"");
}

static void print_json(struct migrt_ctx *ctx, const struct drift *d, size_t n,
		       const char *revision, int consistent,
		       const struct catalog *actual)
{
	static const char *const kinds[] = {
		[DRIFT_MISSING] = "missing",
		[DRIFT_UNEXPECTED] = "unexpected",
		[DRIFT_DIFFERS] = "differs",
	};

	migrt_out(ctx, "{\"revision\": ");
	put_json_string(ctx, revision);
	migrt_out(ctx, ", \"clean\": %s, \"consistent\": %s, \"differences\": [",
		  n == 0 ? "true" : "false", consistent ? "true" : "false");
	for (size_t i = 0; i < n; i++) {
		migrt_out(ctx, "%s\n  {\"kind\": \"%s\", \"key\": ", i ? "," : "",
			  kinds[d[i].kind]);
		put_json_string(ctx, drift_key(&d[i]));
		migrt_out(ctx, ", \"expected\": ");
		put_json_string(ctx, d[i].expected ? d[i].expected->sql : NULL);
		migrt_out(ctx, ", \"actual\": ");
		put_json_string(ctx, d[i].actual ? d[i].actual->sql : NULL);
		migrt_out(ctx, "}");
	}
	migrt_out(ctx, "%s], \"not_compared\": [", n ? "\n" : "");
	for (size_t i = 0; i < actual->n_unsupported; i++) {
		migrt_out(ctx, "%s", i ? ", " : "");
		put_json_string(ctx, actual->unsupported[i]);
	}
	migrt_out(ctx, "]}\n");
}

/* What the live read found but migc cannot express (views, functions,
 * triggers, ...: usually made by execute blocks) is not compared: say so. */
static void note_unsupported(struct migrt_ctx *ctx, const struct catalog *actual)
{
	if (actual->n_unsupported == 0)
		return;
	migrt_errf(ctx, "%s: note: not compared (migc's language cannot express them):",
		   ctx->prog);
	for (size_t i = 0; i < actual->n_unsupported; i++)
		migrt_errf(ctx, "%s %s", i ? "," : "", actual->unsupported[i]);
	migrt_errf(ctx, "\n");
}

int migrt_drift_print(struct migrt_ctx *ctx, const struct catalog *expected,
		      const struct catalog *actual, const char *revision,
		      int json, int consistent)
{
	size_t n;
	struct drift *d = compare(expected, actual, &n);

	if (json)
		print_json(ctx, d, n, revision, consistent, actual);
	else
		print_text(ctx, d, n, expected->n, revision);
	note_unsupported(ctx, actual);
	free(d);
	return (int)n;
}
