/*
 * drift_read.h - reading a schema back from PostgreSQL's catalogs, for
 * `check`.  It follows the shared catalog reader's contract (catalog.h,
 * under way for `migc diff --url`) so that check can switch to it.
 *
 * One database object, printed as the statement that creates it, with
 * PostgreSQL's own printing of types and expressions (format_type,
 * pg_get_expr, pg_get_constraintdef, pg_get_indexdef with the read schema
 * first on the search_path), so that two reads compare by text.
 */
#ifndef MIGRT_DRIFT_READ_H
#define MIGRT_DRIFT_READ_H

#include <stddef.h>

struct pg_conn;

enum catalog_kind { CATALOG_SCHEMA, CATALOG_ENUM, CATALOG_TABLE,
	CATALOG_COLUMN, CATALOG_CONSTRAINT, CATALOG_INDEX, CATALOG_COMMENT };

struct catalog_object {
	enum catalog_kind kind;
	char *key;	/* unique, stable, readable: "table public.posts",
			   "column public.posts.title", "constraint
			   public.posts.posts_pkey", "index public.posts_owner_id_idx",
			   "enum public.mood", "comment column public.posts.title",
			   "schema app" */
	char *sql;	/* the statement without ';' */
};

struct catalog { struct catalog_object *objects; size_t n; /* sorted by key */ };

/* Reads the objects of the `n` schemas `schemas` (names as they exist in
 * the database), printed as if each schema were named shown[i] instead
 * (shown may be NULL: as is).  Tables named in `exclude` ("schema.table",
 * as shown) are skipped.  Must be called inside a transaction.  Returns 0,
 * or -1 with a malloc'd error message in *err. */
int drift_catalog_read(struct pg_conn *conn, const char *const *schemas,
		 const char *const *shown, size_t n,
		 const char *const *exclude, size_t n_exclude,
		 struct catalog *out, char **err);
void drift_catalog_free(struct catalog *c);

#endif
