/*
 * catalog_ext.c - the extensions whose objects live in a read schema
 * (pg_extension.extnamespace), printed as
 *   CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public"
 * under key "extension public.citext".  Their version is left out: it is
 * whatever the server installs by default, as a fresh database would get.
 * An extension is database-wide: catalog_compare() leaves these objects
 * to the callers (a scratch schema never has one).
 */
#include <stdlib.h>

#include <libpq-fe.h>

#include "catalog_int.h"

#define CATQ_EXTENSIONS \
	"SELECT e.extname FROM pg_extension e WHERE e.extnamespace = $1 " \
	"ORDER BY e.extname"

int cat_read_extensions(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_EXTENSIONS, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		const char *name = cat_val(res, i, 0);
		struct sb b = { 0 };

		cat_sb_add(&b, "CREATE EXTENSION IF NOT EXISTS ");
		cat_sb_ident(&b, name);
		cat_sb_add(&b, " WITH SCHEMA ");
		cat_sb_ident(&b, r->cur->shown);
		cat_add(r, CATALOG_EXTENSION, "extension", NULL, name, cat_sb_take(&b));
	}
	PQclear(res);
	return 0;
}
