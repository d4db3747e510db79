/*
 * catalog.c - a live database's schema read from PostgreSQL's catalogs, each
 * object printed as the canonical migc statement that creates it
 * (catalog.h describes the text): the driver, migrt_catalog_read(), and the
 * helpers that print; catalog_objects.c has the queries' readers.
 *
 * Guarantees: a fixed number of queries per schema (catalog_query.h), none
 * per table; every PGresult is cleared where it is made; on a database
 * error nothing is returned but the server's message.  Memory is plain
 * malloc, owned by the struct catalog the caller frees; running out of it
 * aborts, as everywhere in the runtime.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog_int.h"
#include "catalog_query.h"

/* ---- small helpers -------------------------------------------------------- */

void *migrt_cat_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return p;
}

char *migrt_cat_xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(migrt_cat_xrealloc(NULL, len), s, len);
}


void migrt_cat_sb_addn(struct sb *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = migrt_cat_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void migrt_cat_sb_add(struct sb *b, const char *s)
{
	migrt_cat_sb_addn(b, s, strlen(s));
}

/* Appends `s` as a double-quoted identifier. */
void migrt_cat_sb_ident(struct sb *b, const char *s)
{
	migrt_cat_sb_add(b, "\"");
	for (; *s; s++) {
		if (*s == '"')
			migrt_cat_sb_add(b, "\"\"");
		else
			migrt_cat_sb_addn(b, s, 1);
	}
	migrt_cat_sb_add(b, "\"");
}

/* Appends "schema"."name". */
void migrt_cat_sb_qname(struct sb *b, const char *schema, const char *name)
{
	migrt_cat_sb_ident(b, schema);
	migrt_cat_sb_add(b, ".");
	migrt_cat_sb_ident(b, name);
}

/* Appends `s` as a standard string literal ('' doubles a quote). */
void migrt_cat_sb_literal(struct sb *b, const char *s)
{
	migrt_cat_sb_add(b, "'");
	for (; *s; s++) {
		if (*s == '\'')
			migrt_cat_sb_add(b, "''");
		else
			migrt_cat_sb_addn(b, s, 1);
	}
	migrt_cat_sb_add(b, "'");
}

char *migrt_cat_sb_take(struct sb *b)
{
	char *s = b->s ? b->s : migrt_cat_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* ---- the read in progress ------------------------------------------------ */

static int migrt_cat_fail(struct rd *r, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	struct sb b = { 0 };

	if (!msg || !*msg)
		msg = PQerrorMessage(r->conn);
	migrt_cat_sb_add(&b, "reading the catalogs: ");
	migrt_cat_sb_add(&b, msg && *msg ? msg : "unknown error\n");
	while (b.len && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == ' '))
		b.s[--b.len] = 0;
	if (state) {
		migrt_cat_sb_add(&b, " (SQLSTATE ");
		migrt_cat_sb_add(&b, state);
		migrt_cat_sb_add(&b, ")");
	}
	r->err = migrt_cat_sb_take(&b);
	PQclear(res);
	return -1;
}

/* Runs `sql` with the schema oid as $1; NULL after migrt_cat_fail(). */
PGresult *migrt_cat_query(struct rd *r, const char *sql, int n_params,
		       const char *const *params)
{
	PGresult *res = PQexecParams(r->conn, sql, n_params, NULL, params,
				     NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		migrt_cat_fail(r, res);
		return NULL;
	}
	return res;
}

const char *migrt_cat_val(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

int migrt_cat_flag(PGresult *res, int row, int col)
{
	const char *v = migrt_cat_val(res, row, col);

	return v && v[0] == 't';
}

/* Text printed by PostgreSQL (an expression, a type) with every read
 * schema's name qualifying something replaced by its shown name: a scratch
 * schema's objects print as the real ones'. */
char *migrt_cat_remap(struct rd *r, const char *text)
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
				migrt_cat_sb_add(&b, s->q_shown);
				p += n;
				break;
			}
			n = 0;
		}
		if (!n) {
			migrt_cat_sb_addn(&b, p, 1);
			p++;
		}
	}
	return migrt_cat_sb_take(&b);
}

const char *migrt_cat_shown_schema(struct rd *r, const char *real)
{
	size_t i;

	for (i = 0; i < r->n_schemas; i++)
		if (strcmp(r->schemas[i].name, real) == 0)
			return r->schemas[i].shown;
	return real;
}

int migrt_cat_excluded(struct rd *r, const char *table)
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
void migrt_cat_add(struct rd *r, enum catalog_kind kind, const char *key_word,
		const char *table, const char *name, char *sql)
{
	struct catalog *c = r->out;
	struct catalog_object *o;
	struct sb key = { 0 };

	if (c->n == r->cap_objects) {
		r->cap_objects = r->cap_objects ? r->cap_objects * 2 : 64;
		c->objects = migrt_cat_xrealloc(c->objects, r->cap_objects * sizeof *c->objects);
	}
	migrt_cat_sb_add(&key, key_word);
	migrt_cat_sb_add(&key, " ");
	migrt_cat_sb_add(&key, r->cur->shown);
	if (table) {
		migrt_cat_sb_add(&key, ".");
		migrt_cat_sb_add(&key, table);
	}
	if (name && kind != CATALOG_SCHEMA) {
		migrt_cat_sb_add(&key, ".");
		migrt_cat_sb_add(&key, name);
	}
	o = &c->objects[c->n++];
	o->kind = kind;
	o->key = migrt_cat_sb_take(&key);
	o->sql = sql;
	o->schema = migrt_cat_xstrdup(r->cur->shown);
	o->table = table ? migrt_cat_xstrdup(table) : NULL;
	o->name = name ? migrt_cat_xstrdup(name) : NULL;
}

/* Adds "WHAT schema.a[.b]" to the unsupported list. */
void migrt_cat_unsupported(struct rd *r, const char *what, const char *a,
			const char *b)
{
	struct catalog *c = r->out;
	struct sb s = { 0 };

	if (c->n_unsupported == r->cap_unsupported) {
		r->cap_unsupported = r->cap_unsupported ? r->cap_unsupported * 2 : 16;
		c->unsupported = migrt_cat_xrealloc(c->unsupported,
					  r->cap_unsupported * sizeof *c->unsupported);
	}
	migrt_cat_sb_add(&s, what);
	migrt_cat_sb_add(&s, " ");
	migrt_cat_sb_add(&s, r->cur->shown);
	if (a) {
		migrt_cat_sb_add(&s, ".");
		migrt_cat_sb_add(&s, a);
	}
	if (b) {
		migrt_cat_sb_add(&s, ".");
		migrt_cat_sb_add(&s, b);
	}
	c->unsupported[c->n_unsupported++] = migrt_cat_sb_take(&s);
}

/* COMMENT ON <what> <target> IS 'text' as the object "comment <word> ...". */
void migrt_cat_add_comment(struct rd *r, const char *word, const char *what,
			const char *target_sql, const char *table,
			const char *name, const char *text)
{
	struct sb b = { 0 };
	struct sb k = { 0 };

	migrt_cat_sb_add(&b, "COMMENT ON ");
	migrt_cat_sb_add(&b, what);
	migrt_cat_sb_add(&b, " ");
	migrt_cat_sb_add(&b, target_sql);
	migrt_cat_sb_add(&b, " IS ");
	migrt_cat_sb_literal(&b, text);
	migrt_cat_sb_add(&k, "comment ");
	migrt_cat_sb_add(&k, word);
	migrt_cat_add(r, CATALOG_COMMENT, k.s, table, name, migrt_cat_sb_take(&b));
	free(k.s);
}

struct rd_table *migrt_cat_find_table(struct rd *r, const char *oid)
{
	size_t i;

	for (i = 0; i < r->n_tables; i++)
		if (strcmp(r->tables[i].oid, oid) == 0)
			return &r->tables[i];
	return NULL;
}

static void free_schema_state(struct rd *r)
{
	size_t i;

	for (i = 0; i < r->n_tables; i++) {
		free(r->tables[i].oid);
		free(r->tables[i].name);
		free(r->tables[i].cols.s);
	}
	for (i = 0; i < r->n_seqs; i++) {
		free(r->seqs[i].oid);
		free(r->seqs[i].name);
	}
	free(r->tables);
	free(r->seqs);
	r->tables = NULL;
	r->seqs = NULL;
	r->n_tables = r->n_seqs = 0;
}

/* Looks up every schema first (so that each schema's expressions can
 * rename every other read schema), then reads them one by one with an
 * empty search_path. */
static int read_all(struct rd *r)
{
	PGresult *res;
	size_t i;

	for (i = 0; i < r->n_schemas; i++) {
		struct rd_schema *s = &r->schemas[i];
		const char *params[2] = { s->name, s->shown };

		res = migrt_cat_query(r, CATQ_SCHEMA, 2, params);
		if (!res)
			return -1;
		if (PQntuples(res) == 1) {
			s->oid = migrt_cat_xstrdup(migrt_cat_val(res, 0, 0));
			s->q_name = migrt_cat_xstrdup(migrt_cat_val(res, 0, 1));
			s->q_shown = migrt_cat_xstrdup(migrt_cat_val(res, 0, 2));
			r->cur = s;
			{
				struct sb b = { 0 };

				migrt_cat_sb_add(&b, "CREATE SCHEMA ");
				migrt_cat_sb_ident(&b, s->shown);
				migrt_cat_add(r, CATALOG_SCHEMA, "schema", NULL, s->shown,
				    migrt_cat_sb_take(&b));
			}
			/* PostgreSQL's own comment on public is not the user's */
			if (migrt_cat_val(res, 0, 3) &&
			    !(strcmp(s->name, "public") == 0 &&
			      strcmp(migrt_cat_val(res, 0, 3), "standard public schema") == 0))
				migrt_cat_unsupported(r, "comment on schema", NULL, NULL);
		}
		PQclear(res);
	}
	res = migrt_cat_query(r, CATQ_SEARCH_PATH, 0, NULL);
	if (!res)
		return -1;
	PQclear(res);
	for (i = 0; i < r->n_schemas; i++) {
		struct rd_schema *s = &r->schemas[i];

		if (!s->oid)
			continue;
		r->cur = s;
		if (migrt_cat_read_types(r) || migrt_cat_read_relations(r) || migrt_cat_read_columns(r) ||
		    migrt_cat_read_constraints(r) || migrt_cat_read_indexes(r) || migrt_cat_read_others(r))
			return -1;
		migrt_cat_add_tables(r);
		free_schema_state(r);
	}
	return 0;
}

static int cmp_object(const void *a, const void *b)
{
	return strcmp(((const struct catalog_object *)a)->key,
		      ((const struct catalog_object *)b)->key);
}

static int cmp_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int migrt_catalog_read(struct pg_conn *conn, const char *const *schemas,
		       const char *const *shown, size_t n,
		       const char *const *exclude, size_t n_exclude,
		       struct catalog *out, char **err)
{
	struct rd r = { 0 };
	size_t i;
	int rc;

	memset(out, 0, sizeof *out);
	*err = NULL;
	r.conn = conn;
	r.out = out;
	r.exclude = exclude;
	r.n_exclude = n_exclude;
	r.server_version = PQserverVersion(conn);
	r.n_schemas = n;
	r.schemas = migrt_cat_xrealloc(NULL, n * sizeof *r.schemas);
	for (i = 0; i < n; i++) {
		memset(&r.schemas[i], 0, sizeof r.schemas[i]);
		r.schemas[i].name = schemas[i];
		r.schemas[i].shown = shown && shown[i] ? shown[i] : schemas[i];
	}
	rc = read_all(&r);
	free_schema_state(&r);
	for (i = 0; i < n; i++) {
		free(r.schemas[i].oid);
		free(r.schemas[i].q_name);
		free(r.schemas[i].q_shown);
	}
	free(r.schemas);
	if (rc) {
		migrt_catalog_free(out);
		*err = r.err;
		return -1;
	}
	if (out->n)
		qsort(out->objects, out->n, sizeof *out->objects, cmp_object);
	if (out->n_unsupported)
		qsort(out->unsupported, out->n_unsupported,
		      sizeof *out->unsupported, cmp_string);
	return 0;
}

void migrt_catalog_free(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->objects[i].key);
		free(c->objects[i].sql);
		free(c->objects[i].schema);
		free(c->objects[i].table);
		free(c->objects[i].name);
	}
	for (i = 0; i < c->n_unsupported; i++)
		free(c->unsupported[i]);
	free(c->objects);
	free(c->unsupported);
	memset(c, 0, sizeof *c);
}

const struct catalog_object *migrt_catalog_find(const struct catalog *c, const char *key)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->objects[mid].key, key);

		if (d == 0)
			return &c->objects[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
