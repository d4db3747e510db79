/*
 * catalog.h - reading a live database's schema from PostgreSQL's catalogs.
 *
 * Shared by the migrator's `check` and migc's --url commands (diff,
 * revision --autogenerate --url, init --from-url).  Uses libpq only, no
 * compiler header, so that it builds into libmigrt.a and links into migc.
 *
 * Every object is printed as the canonical migc statement that creates it
 * (migc's language is a PostgreSQL DDL subset, so the text is also SQL),
 * with PostgreSQL's own printing of types and expressions (format_type,
 * pg_get_expr with an empty search_path, so that every name outside
 * pg_catalog is schema-qualified and means the same to migc), so that two
 * reads compare equal exactly when PostgreSQL sees the same definitions.
 * Identifiers in the text are always double-quoted; names in keys are
 * bare.  What migc's language cannot express is never dropped silently:
 * it is listed in `unsupported`.
 */
#ifndef MIGC_CATALOG_H
#define MIGC_CATALOG_H

#include <stddef.h>

struct pg_conn;		/* libpq's PGconn */

enum catalog_kind {
	CATALOG_SCHEMA, CATALOG_ENUM, CATALOG_TABLE, CATALOG_COLUMN,
	CATALOG_CONSTRAINT, CATALOG_INDEX, CATALOG_COMMENT,
	CATALOG_EXTENSION,	/* catalog_ext.c; database-wide: not compared */
	CATALOG_VIEW,		/* "view s.v", "materialized view s.m" (catalog_views.c) */
	CATALOG_ROUTINE,	/* "function s.f(integer)", "procedure s.p()" (catalog_routines.c) */
	CATALOG_TRIGGER,	/* "trigger s.t.name" (catalog_routines.c) */
	CATALOG_ROW_SECURITY, CATALOG_POLICY,
	CATALOG_UTYPE,		/* "domain s.d", "composite type s.c", "range type s.r", "shell type s.t" (catalog_utype.c) */
	CATALOG_SEQUENCE,	/* "sequence s.n": a standalone sequence (catalog_seq.c) */
	CATALOG_SEQUENCE_OWNER,	/* "sequence owner s.n": its owned by (catalog_seq.c) */
	/* catalog_acl.c, only when catalog_read_with() asks: "grant table s.t
	 * to bob", "grant table s.t(col) to public with grant option",
	 * "grant sequence s.q to bob", "grant function s.f(integer) to bob"
	 * (GRANT privileges [(col)] ON TABLE|SEQUENCE|FUNCTION|PROCEDURE ...
	 * TO role|PUBLIC [WITH GRANT OPTION]); "owner table s.t", "owner
	 * function s.f(integer)" (ALTER ... OWNER TO role).  `table` is the
	 * table of a table's grant or owner (so that it folds), else NULL. */
	CATALOG_GRANT, CATALOG_OWNER,
	/* catalog_evtrig.c, only when catalog_read_with() asks: "event trigger
	 * name" (CREATE EVENT TRIGGER ... ON event [WHEN TAG IN (...)] EXECUTE
	 * FUNCTION "s"."f"(), then ALTER EVENT TRIGGER ... DISABLE|ENABLE
	 * REPLICA|ALWAYS when not enabled); database-wide */
	CATALOG_EVTRIG,
	/* catalog_coll.c: "collation s.c" (CREATE COLLATION "s"."c" (provider
	 * = icu|libc, locale = '...' | lc_collate = '...', lc_ctype = '...'
	 * [, deterministic = false])) */
	CATALOG_COLLATION,
};

/* catalog_read_with()'s `what`: also read grants, owners */
#define CATALOG_READ_GRANTS 0x1u
#define CATALOG_READ_OWNERS 0x2u
/* ... and the database's event triggers (creating them takes a superuser):
 * those named CATALOG_SCRATCH_PREFIX + NAME when the schemas are scratch
 * ones (shown under other names), shown as NAME; the others otherwise */
#define CATALOG_READ_EVTRIGS 0x4u
#define CATALOG_SCRATCH_PREFIX "migc_expected_"

/* One database object. */
struct catalog_object {
	enum catalog_kind kind;
	/* Unique, stable, readable: "schema app", "enum public.mood",
	 * "table public.posts", "column public.posts.title",
	 * "constraint public.posts.posts_pkey", "index public.posts_owner_id_idx",
	 * "comment table public.posts", "comment column public.posts.title",
	 * "comment constraint public.posts.posts_pkey",
	 * "comment index public.posts_owner_id_idx", "comment type public.mood". */
	char *key;
	/* The statement without ';':
	 *   schema      CREATE SCHEMA "app"
	 *   enum        CREATE TYPE "public"."mood" AS ENUM ('sad', 'ok')
	 *   table       CREATE TABLE "public"."posts" (COLUMN, ...): the columns
	 *               in attribute order, no constraints
	 *   column      "title" text NOT NULL DEFAULT 'x'::text; a serial column
	 *               is "id" serial NOT NULL (its nextval default and owned
	 *               sequence are implied), an identity column ends with
	 *               GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(SEQUENCE NAME s
	 *               options)], options only where not the defaults
	 *   constraint  ALTER TABLE "public"."posts" ADD CONSTRAINT "name" ...
	 *               [DEFERRABLE [INITIALLY DEFERRED]] [NOT VALID]
	 *   index       CREATE [UNIQUE] INDEX "name" ON [ONLY] "public"."posts"
	 *               [USING method] (ELEMENT [opclass [(name='v', ...)]]
	 *               [DESC] [NULLS FIRST|LAST], ...) [INCLUDE (...)]
	 *               [NULLS NOT DISTINCT] [WITH (name='v', ...)] [WHERE predicate];
	 *               ONLY: an invalid index on a partitioned table
	 *   comment     COMMENT ON TABLE|COLUMN|INDEX|TYPE ... IS 'text', or
	 *               COMMENT ON CONSTRAINT "name" ON "s"."t" IS 'text'
	 *   row security  ALTER TABLE "s"."t" ENABLE ROW LEVEL SECURITY
	 *               [, FORCE ROW LEVEL SECURITY] (or FORCE alone), key
	 *               "row security s.t" (`table` set, `name` NULL), for a
	 *               table with either flag
	 *   policy      CREATE POLICY "p" ON "s"."t" [AS RESTRICTIVE] [FOR cmd]
	 *               [TO role, ...] [USING (e)] [WITH CHECK (e)], key
	 *               "policy s.t.p" */
	char *sql;
	/* The schema (as shown), bare: for a column, constraint or index the
	 * table it is on and its own name; for a table, enum or schema its
	 * name (table NULL); for a comment the commented object's table (NULL
	 * for a type) and name. */
	char *schema;
	char *table;
	char *name;
	/*   view        CREATE [MATERIALIZED] VIEW "s"."v" AS <pg_get_viewdef>;
	 *               `order` is its depth among views (create in that order)
	 *   index       (and its comment) `order` 1 when it is on a materialized
	 *               view (create it after the views), else 0
	 *   comment     on a view, routine or trigger: `order` CATALOG_AFTER_ALL
	 *               (write it after every other object) */
	int order;
	/* A table's own partitioning, as its statement ends: "PARTITION OF
	 * "s"."p" FOR VALUES ..." (the bound as pg_get_expr prints it) and/or
	 * "PARTITION BY ..." (pg_get_partkeydef); NULL for a plain table and
	 * every other kind.  Tables compare by it (catalog_compare). */
	char *part;
};

#define CATALOG_AFTER_ALL 2	/* catalog_object.order of a comment (above) */

struct catalog {
	struct catalog_object *objects;	/* sorted by key (strcmp) */
	size_t n;
	/* Objects of the read schemas that migc's language cannot express,
	 * sorted: "view public.v", "function public.f(integer)",
	 * "trigger public.posts.t", "sequence public.s", "domain public.d",
	 * "partitioned table public.p", "exclusion constraint public.t.c",
	 * "extension pgcrypto", ...; a caller warns about them. */
	char **unsupported;
	size_t n_unsupported;
};

/* Reads the objects of the `n` schemas `schemas` (names as they exist in
 * the database).  Objects are printed as if each schema were named
 * shown[i] instead (shown may be NULL: as is) -- so a scratch schema
 * "migc_expected_public" reads back as "public" and compares equal to the
 * live one.  Tables named in `exclude` ("schema.table", as shown) are
 * skipped with everything that belongs to them (the version table).  A
 * schema that does not exist contributes nothing (no "schema" object).
 * Must be called inside a transaction: it empties search_path with
 * set_config(..., true) until the transaction ends.
 * Issues a fixed handful of queries per schema, never per table.
 * Returns 0 and fills *out (owned by the caller: catalog_free), or -1 with
 * a malloc'd message (the server's, SQLSTATE included) in *err and *out
 * empty. */
int catalog_read(struct pg_conn *conn, const char *const *schemas,
		       const char *const *shown, size_t n,
		       const char *const *exclude, size_t n_exclude,
		       struct catalog *out, char **err);

/* catalog_read() that also reads the grants and/or owners `what` asks
 * for (CATALOG_READ_*; 0: catalog_read() itself). */
int catalog_read_with(struct pg_conn *conn, const char *const *schemas,
		      const char *const *shown, size_t n,
		      const char *const *exclude, size_t n_exclude, unsigned what,
		      struct catalog *out, char **err);

/* Frees everything catalog_read put in `c` and empties it. */
/* Removes the objects of `kind` (order kept). */
void catalog_drop_kind(struct catalog *c, enum catalog_kind kind);
void catalog_free(struct catalog *c);

/* The object with this key, or NULL (binary search). */
const struct catalog_object *catalog_find(const struct catalog *c, const char *key);

/* ---- comparing two reads (catalog_compare.c) ------------------------------ */

enum catalog_diff_kind {
	CATALOG_MISSING,	/* only in `expected` */
	CATALOG_UNEXPECTED,	/* only in `actual` */
	CATALOG_DIFFERS,	/* in both, with other SQL */
};

struct catalog_diff {
	enum catalog_diff_kind kind;
	const struct catalog_object *expected;	/* NULL when unexpected */
	const struct catalog_object *actual;	/* NULL when missing */
};

/* The differences of two reads, matched by key, in key order.  Tables
 * compare by presence and partitioning (`part`: a partition's parent and
 * bound, a partitioned table's key) only, not by their whole statement
 * (their columns are objects of their own).  An
 * object of a kind in `fold` (a mask of 1 << CATALOG_...) that belongs to
 * a table missing from the other read is left out: the table's own entry
 * stands for it.  Returns a malloc'd array of *n entries (the caller frees
 * it; the entries point into the two reads). */
struct catalog_diff *catalog_compare(const struct catalog *expected,
				     const struct catalog *actual, unsigned fold,
				     size_t *n);
/* The key of a difference's object. */
const char *catalog_diff_key(const struct catalog_diff *d);

#endif
