/*
 * catalog_build.c - what the catalog readers share (catalog_int.h):
 * allocation that aborts when memory runs out, growing strings with
 * always-quoted identifiers and literals, running one query of the read,
 * remapping scratch schema names, and adding objects and unsupported
 * entries to the result.  Below both the driver (catalog.c) and the
 * readers (catalog_objects.c): it calls neither.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog_int.h"
#include "catalog_query.h"

/* ---- small helpers -------------------------------------------------------- */

void *cat_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return p;
}

char *cat_xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(cat_xrealloc(NULL, len), s, len);
}


void cat_sb_addn(struct sb *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = cat_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void cat_sb_add(struct sb *b, const char *s)
{
	cat_sb_addn(b, s, strlen(s));
}

/* Appends `s` as a double-quoted identifier. */
void cat_sb_ident(struct sb *b, const char *s)
{
	cat_sb_add(b, "\"");
	for (; *s; s++) {
		if (*s == '"')
			cat_sb_add(b, "\"\"");
		else
			cat_sb_addn(b, s, 1);
	}
	cat_sb_add(b, "\"");
}

/* Appends "schema"."name". */
void cat_sb_qname(struct sb *b, const char *schema, const char *name)
{
	cat_sb_ident(b, schema);
	cat_sb_add(b, ".");
	cat_sb_ident(b, name);
}

/* Appends `s` as a standard string literal ('' doubles a quote). */
void cat_sb_literal(struct sb *b, const char *s)
{
	cat_sb_add(b, "'");
	for (; *s; s++) {
		if (*s == '\'')
			cat_sb_add(b, "''");
		else
			cat_sb_addn(b, s, 1);
	}
	cat_sb_add(b, "'");
}

char *cat_sb_take(struct sb *b)
{
	char *s = b->s ? b->s : cat_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* ---- the read in progress ------------------------------------------------ */

static int cat_fail(struct rd *r, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	struct sb b = { 0 };

	if (!msg || !*msg)
		msg = PQerrorMessage(r->conn);
	cat_sb_add(&b, "reading the catalogs: ");
	cat_sb_add(&b, msg && *msg ? msg : "unknown error\n");
	while (b.len && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == ' '))
		b.s[--b.len] = 0;
	if (state) {
		cat_sb_add(&b, " (SQLSTATE ");
		cat_sb_add(&b, state);
		cat_sb_add(&b, ")");
	}
	r->err = cat_sb_take(&b);
	PQclear(res);
	return -1;
}

/* Runs `sql` with the schema oid as $1; NULL after cat_fail(). */
PGresult *cat_query(struct rd *r, const char *sql, int n_params,
		       const char *const *params)
{
	PGresult *res = PQexecParams(r->conn, sql, n_params, NULL, params,
				     NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cat_fail(r, res);
		return NULL;
	}
	return res;
}

const char *cat_val(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

int cat_flag(PGresult *res, int row, int col)
{
	const char *v = cat_val(res, row, col);

	return v && v[0] == 't';
}

/* Text printed by PostgreSQL (an expression, a type) with every read
 * schema's name qualifying something replaced by its shown name: a scratch
 * schema's objects print as the real ones'. */
char *cat_remap(struct rd *r, const char *text)
{
	struct sb b = { 0 };
	const char *p = text;

	while (*p) {
		size_t i, n = 0;
		int boundary = p == text ||
			!(p[-1] == '_' || p[-1] == '$' || p[-1] == '"' ||
			  (p[-1] >= '0' && p[-1] <= '9') ||
			  ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z') ||
			  (unsigned char)p[-1] >= 0x80);

		for (i = 0; boundary && i < r->n_schemas; i++) {
			struct rd_schema *s = &r->schemas[i];

			if (!s->q_name || strcmp(s->q_name, s->q_shown) == 0)
				continue;
			n = strlen(s->q_name);
			if (strncmp(p, s->q_name, n) == 0 && p[n] == '.') {
				cat_sb_add(&b, s->q_shown);
				p += n;
				break;
			}
			n = 0;
		}
		if (!n) {
			cat_sb_addn(&b, p, 1);
			p++;
		}
	}
	return cat_sb_take(&b);
}

const char *cat_shown_schema(struct rd *r, const char *real)
{
	size_t i;

	for (i = 0; i < r->n_schemas; i++)
		if (strcmp(r->schemas[i].name, real) == 0)
			return r->schemas[i].shown;
	return real;
}

int cat_excluded(struct rd *r, const char *table)
{
	size_t i, n = strlen(r->cur->shown);

	for (i = 0; i < r->n_exclude; i++) {
		const char *e = r->exclude[i];

		if (strncmp(e, r->cur->shown, n) == 0 && e[n] == '.' &&
		    strcmp(e + n + 1, table) == 0)
			return 1;
	}
	return 0;
}

/* Adds an object; takes `sql`, copies the names. */
void cat_add(struct rd *r, enum catalog_kind kind, const char *key_word,
		const char *table, const char *name, char *sql)
{
	struct catalog *c = r->out;
	struct catalog_object *o;
	struct sb key = { 0 };

	if (c->n == r->cap_objects) {
		r->cap_objects = r->cap_objects ? r->cap_objects * 2 : 64;
		c->objects = cat_xrealloc(c->objects, r->cap_objects * sizeof *c->objects);
	}
	cat_sb_add(&key, key_word);
	cat_sb_add(&key, " ");
	cat_sb_add(&key, r->cur->shown);
	if (table) {
		cat_sb_add(&key, ".");
		cat_sb_add(&key, table);
	}
	if (name && kind != CATALOG_SCHEMA) {
		cat_sb_add(&key, ".");
		cat_sb_add(&key, name);
	}
	o = &c->objects[c->n++];
	o->kind = kind;
	o->key = cat_sb_take(&key);
	o->sql = sql;
	o->schema = cat_xstrdup(r->cur->shown);
	o->table = table ? cat_xstrdup(table) : NULL;
	o->name = name ? cat_xstrdup(name) : NULL;
	o->order = 0;
	o->part = NULL;
}

/* Adds "WHAT schema.a[.b]" to the unsupported list. */
void cat_unsupported(struct rd *r, const char *what, const char *a,
			const char *b)
{
	struct catalog *c = r->out;
	struct sb s = { 0 };

	if (c->n_unsupported == r->cap_unsupported) {
		r->cap_unsupported = r->cap_unsupported ? r->cap_unsupported * 2 : 16;
		c->unsupported = cat_xrealloc(c->unsupported,
					  r->cap_unsupported * sizeof *c->unsupported);
	}
	cat_sb_add(&s, what);
	cat_sb_add(&s, " ");
	cat_sb_add(&s, r->cur->shown);
	if (a) {
		cat_sb_add(&s, ".");
		cat_sb_add(&s, a);
	}
	if (b) {
		cat_sb_add(&s, ".");
		cat_sb_add(&s, b);
	}
	c->unsupported[c->n_unsupported++] = cat_sb_take(&s);
}

/* COMMENT ON <what> <target> IS 'text' as the object "comment <word> ...". */
void cat_add_comment(struct rd *r, const char *word, const char *what,
			const char *target_sql, const char *table,
			const char *name, const char *text)
{
	struct sb b = { 0 };
	struct sb k = { 0 };

	cat_sb_add(&b, "COMMENT ON ");
	cat_sb_add(&b, what);
	cat_sb_add(&b, " ");
	cat_sb_add(&b, target_sql);
	cat_sb_add(&b, " IS ");
	cat_sb_literal(&b, text);
	cat_sb_add(&k, "comment ");
	cat_sb_add(&k, word);
	cat_add(r, CATALOG_COMMENT, k.s, table, name, cat_sb_take(&b));
	free(k.s);
}

/* Oids as the server prints them (decimal, no leading zero): shorter is
 * smaller. */
static int oid_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

/* qsort has no context argument: the array being sorted, for the
 * comparators below (the reader is single-threaded) */
static struct rd *sort_rd;

static int by_table_oid(const void *x, const void *y)
{
	return oid_cmp(sort_rd->tables[*(const size_t *)x].oid,
		       sort_rd->tables[*(const size_t *)y].oid);
}

static int by_seq_oid(const void *x, const void *y)
{
	return oid_cmp(sort_rd->seqs[*(const size_t *)x].oid,
		       sort_rd->seqs[*(const size_t *)y].oid);
}

static int by_seq_name(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(sort_rd->seqs[a].name, sort_rd->seqs[b].name);

	return c ? c : (a > b) - (a < b);	/* the first of a name first */
}

static size_t *sorted_index(struct rd *r, size_t n, int (*cmp)(const void *, const void *))
{
	size_t *v = cat_xrealloc(NULL, (n + 1) * sizeof *v);

	for (size_t i = 0; i < n; i++)
		v[i] = i;
	sort_rd = r;
	qsort(v, n, sizeof *v, cmp);
	sort_rd = NULL;
	return v;
}

void cat_index_relations(struct rd *r)
{
	free(r->table_by_oid);
	free(r->seq_by_oid);
	free(r->seq_by_name);
	r->table_by_oid = sorted_index(r, r->n_tables, by_table_oid);
	r->seq_by_oid = sorted_index(r, r->n_seqs, by_seq_oid);
	r->seq_by_name = sorted_index(r, r->n_seqs, by_seq_name);
}

/* The first position in index `v` (n entries) whose key is not less than
 * `key`; key(i) gives entry i's key, cmp compares. */
static size_t lower_bound(const size_t *v, size_t n, const char *key,
			  const char *(*keyof)(const struct rd *, size_t),
			  int (*cmp)(const char *, const char *), const struct rd *r)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp(keyof(r, v[mid]), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *table_oid(const struct rd *r, size_t i) { return r->tables[i].oid; }
static const char *seq_oid(const struct rd *r, size_t i) { return r->seqs[i].oid; }
static const char *seq_name(const struct rd *r, size_t i) { return r->seqs[i].name; }

struct rd_table *cat_find_table(struct rd *r, const char *oid)
{
	size_t k;

	if (!r->table_by_oid)
		cat_index_relations(r);
	k = lower_bound(r->table_by_oid, r->n_tables, oid, table_oid, oid_cmp, r);
	return k < r->n_tables && strcmp(r->tables[r->table_by_oid[k]].oid, oid) == 0
	       ? &r->tables[r->table_by_oid[k]] : NULL;
}

struct rd_seq *cat_find_seq(struct rd *r, const char *oid)
{
	size_t k;

	if (!oid)
		return NULL;
	if (!r->seq_by_oid)
		cat_index_relations(r);
	k = lower_bound(r->seq_by_oid, r->n_seqs, oid, seq_oid, oid_cmp, r);
	return k < r->n_seqs && strcmp(r->seqs[r->seq_by_oid[k]].oid, oid) == 0
	       ? &r->seqs[r->seq_by_oid[k]] : NULL;
}

struct rd_seq *cat_find_seq_named(struct rd *r, const char *name)
{
	size_t k;

	if (!r->seq_by_name)
		cat_index_relations(r);
	k = lower_bound(r->seq_by_name, r->n_seqs, name, seq_name, strcmp, r);
	return k < r->n_seqs && strcmp(r->seqs[r->seq_by_name[k]].name, name) == 0
	       ? &r->seqs[r->seq_by_name[k]] : NULL;
}
