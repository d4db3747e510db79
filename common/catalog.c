/*
 * catalog.c - a live database's schema read from PostgreSQL's catalogs, each
 * object printed as the canonical migc statement that creates it
 * (catalog.h describes the text): the driver, catalog_read().  It calls
 * the readers of catalog_objects.c, which call the helpers of
 * catalog_build.c; nothing calls back up.
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

static void free_schema_state(struct rd *r)
{
	size_t i;

	for (i = 0; i < r->n_tables; i++) {
		free(r->tables[i].oid);
		free(r->tables[i].name);
		free(r->tables[i].cols.s);
		free(r->tables[i].part_by);
		free(r->tables[i].part_schema);
		free(r->tables[i].part_parent);
		free(r->tables[i].part_bound);
		cat_part_free(&r->tables[i]);
	}
	for (i = 0; i < r->n_seqs; i++) {
		free(r->seqs[i].oid);
		free(r->seqs[i].name);
	}
	free(r->tables);
	free(r->seqs);
	free(r->table_by_oid);
	free(r->seq_by_oid);
	free(r->seq_by_name);
	r->table_by_oid = r->seq_by_oid = r->seq_by_name = NULL;
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

		res = cat_query(r, CATQ_SCHEMA, 2, params);
		if (!res)
			return -1;
		if (PQntuples(res) == 1) {
			s->oid = cat_xstrdup(cat_val(res, 0, 0));
			s->q_name = cat_xstrdup(cat_val(res, 0, 1));
			s->q_shown = cat_xstrdup(cat_val(res, 0, 2));
			r->cur = s;
			{
				struct sb b = { 0 };

				cat_sb_add(&b, "CREATE SCHEMA ");
				cat_sb_ident(&b, s->shown);
				cat_add(r, CATALOG_SCHEMA, "schema", NULL, s->shown,
				    cat_sb_take(&b));
			}
			/* PostgreSQL's own comment on public is not the user's */
			if (cat_val(res, 0, 3) &&
			    !(strcmp(s->name, "public") == 0 &&
			      strcmp(cat_val(res, 0, 3), "standard public schema") == 0))
				cat_unsupported(r, "comment on schema", NULL, NULL);
		}
		PQclear(res);
	}
	res = cat_query(r, CATQ_SEARCH_PATH, 0, NULL);
	if (!res)
		return -1;
	PQclear(res);
	for (i = 0; i < r->n_schemas; i++) {
		struct rd_schema *s = &r->schemas[i];

		if (!s->oid)
			continue;
		r->cur = s;
		if (cat_read_collations(r) || cat_read_types(r) || cat_read_relations(r) || cat_read_columns(r) ||
		    cat_read_constraints(r) || cat_read_indexes(r) || cat_read_sequences(r) ||
		    cat_read_others(r) ||
		    cat_read_extensions(r) || cat_read_views(r) || cat_read_routines(r) ||
		    cat_read_policies(r) || (r->acl && cat_read_acl(r)))
			return -1;
		cat_add_tables(r);
		free_schema_state(r);
	}
	return (r->acl & CATALOG_READ_EVTRIGS) ? cat_read_evtrigs(r) : 0;
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

int catalog_read(struct pg_conn *conn, const char *const *schemas,
		       const char *const *shown, size_t n,
		       const char *const *exclude, size_t n_exclude,
		       struct catalog *out, char **err)
{
	return catalog_read_with(conn, schemas, shown, n, exclude, n_exclude, 0, out, err);
}

int catalog_read_with(struct pg_conn *conn, const char *const *schemas,
		      const char *const *shown, size_t n,
		      const char *const *exclude, size_t n_exclude, unsigned what,
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
	r.acl = what;
	r.server_version = PQserverVersion(conn);
	r.n_schemas = n;
	r.schemas = cat_xrealloc(NULL, n * sizeof *r.schemas);
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
		catalog_free(out);
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

void catalog_drop_kind(struct catalog *c, enum catalog_kind kind)
{
	size_t i, k = 0;

	for (i = 0; i < c->n; i++) {
		if (c->objects[i].kind != kind) {
			c->objects[k++] = c->objects[i];
			continue;
		}
		free(c->objects[i].key);
		free(c->objects[i].sql);
		free(c->objects[i].schema);
		free(c->objects[i].table);
		free(c->objects[i].name);
		free(c->objects[i].part);
	}
	c->n = k;
}

void catalog_free(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->objects[i].key);
		free(c->objects[i].sql);
		free(c->objects[i].schema);
		free(c->objects[i].table);
		free(c->objects[i].name);
		free(c->objects[i].part);
	}
	for (i = 0; i < c->n_unsupported; i++)
		free(c->unsupported[i]);
	free(c->objects);
	free(c->unsupported);
	memset(c, 0, sizeof *c);
}

const struct catalog_object *catalog_find(const struct catalog *c, const char *key)
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
