/*
 * catalog_routines.c - functions, procedures and triggers read from the
 * catalogs (catalog.h, CATALOG_ROUTINE and CATALOG_TRIGGER).
 *
 * Each is printed by PostgreSQL itself (pg_get_functiondef,
 * pg_get_triggerdef) under the empty search_path, so names outside
 * pg_catalog are qualified and remapped like every other text; two reads
 * compare equal exactly when PostgreSQL stores the same definition.
 * Aggregates have no such printing: catalog_objects.c lists them as
 * unsupported.  Triggers of tables left out (the version table) and
 * internal triggers (foreign keys) are not read.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"
#include "catalog_query.h"

/* kind ('f', 'p', 'w' or 't' for a trigger), table (triggers), name,
 * identity arguments (routines), definition, comment (not modelled:
 * listed as unsupported): one query for both */
#define CATQ_ROUTINES \
	"SELECT p.prokind::text, NULL::name, p.proname, " \
	"pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid), " \
	DESCRIPTION("pg_proc", "p.oid", "0") " " \
	"FROM pg_proc p WHERE p.pronamespace = $1 " \
	"AND p.prokind IN ('f', 'p', 'w') AND " NOT_EXTENSION("pg_proc", "p.oid") \
	/* a range type's constructors are part of the type (internal) */ \
	"AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass " \
	"AND i.objid = p.oid AND i.deptype = 'i') " \
	"UNION ALL SELECT 't', c.relname, t.tgname, NULL, pg_get_triggerdef(t.oid), " \
	DESCRIPTION("pg_trigger", "t.oid", "0") " " \
	"FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = $1 " \
	"AND NOT t.tgisinternal AND t.tgconstraint = 0 ORDER BY 1, 2, 3, 4"

static char *trimmed(struct rd *r, const char *def)
{
	char *text = cat_remap(r, def ? def : "");
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == ';'))
		text[--len] = '\0';
	return text;
}

int cat_read_routines(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_ROUTINES, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		const char *kind = cat_val(res, i, 0), *table = cat_val(res, i, 1);
		const char *name = cat_val(res, i, 2), *args = cat_val(res, i, 3);
		struct sb key = { 0 };

		if (kind[0] == 't') {
			if (cat_val(res, i, 5) && !cat_excluded(r, table))
				cat_unsupported(r, "comment on trigger", table, name);
			if (!cat_excluded(r, table))
				cat_add(r, CATALOG_TRIGGER, "trigger", table, name,
					trimmed(r, cat_val(res, i, 4)));
			continue;
		}
		cat_sb_add(&key, name);
		cat_sb_add(&key, "(");
		cat_sb_add(&key, args ? args : "");
		cat_sb_add(&key, ")");
		if (cat_val(res, i, 5))
			cat_unsupported(r, kind[0] == 'p' ? "comment on procedure" : "comment on function",
					key.s, NULL);
		cat_add(r, CATALOG_ROUTINE, kind[0] == 'p' ? "procedure" : "function", NULL,
			key.s, trimmed(r, cat_val(res, i, 4)));
		free(key.s);
	}
	PQclear(res);
	return 0;
}
