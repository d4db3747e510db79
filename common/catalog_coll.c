/*
 * catalog_coll.c - the user-defined collations of a read schema (those
 * no extension owns), printed from pg_collation as
 *   CREATE COLLATION "s"."c" (provider = icu, locale = 'und-u-ks-level2',
 *       deterministic = false)
 *   CREATE COLLATION "s"."c" (provider = libc, locale = 'C')
 *   CREATE COLLATION "s"."c" (provider = libc, lc_collate = 'x', lc_ctype = 'y')
 * (key "collation s.c"): the catalog columns that make the collation
 * behave as it does (provider, locale or lc_collate/lc_ctype,
 * determinism), spelled the same however the statement that made it was
 * written (from x, locale or lc_*), so a collation changed by hand under
 * the same name reads back different.  The version is not compared (alter
 * collation ... refresh version changes only it).  A comment on a
 * collation is listed as unsupported.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog_int.h"
#include "catalog_query.h"

/* name, provider, lc_collate, lc_ctype, ICU locale, deterministic,
 * comment; ICU_LOCALE: PostgreSQL 15's own column, before that the ICU
 * locale is in collcollate */
#define CATQ_COLLATIONS_WITH(icu) \
	"SELECT c.collname, c.collprovider::text, c.collcollate, c.collctype, " icu ", " \
	"c.collisdeterministic, " DESCRIPTION("pg_collation", "c.oid", "0") \
	" FROM pg_collation c WHERE c.collnamespace = $1 AND " \
	NOT_EXTENSION("pg_collation", "c.oid") "ORDER BY c.collname"
#define CATQ_COLLATIONS CATQ_COLLATIONS_WITH("c.collcollate")
#define CATQ_COLLATIONS_15 CATQ_COLLATIONS_WITH("c.colliculocale")

int cat_read_collations(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, r->server_version >= 150000 ? CATQ_COLLATIONS_15
				  : CATQ_COLLATIONS, 1, params);

	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		const char *name = cat_val(res, i, 0), *prov = cat_val(res, i, 1);
		const char *lc_coll = cat_val(res, i, 2), *lc_ctype = cat_val(res, i, 3);
		const char *icu = cat_val(res, i, 4);
		struct sb b = { 0 };

		cat_sb_add(&b, "CREATE COLLATION ");
		cat_sb_qname(&b, r->cur->shown, name);
		if (prov && prov[0] == 'i') {
			cat_sb_add(&b, " (provider = icu, locale = ");
			cat_sb_literal(&b, icu ? icu : "");
		} else if (lc_coll && lc_ctype && strcmp(lc_coll, lc_ctype) != 0) {
			cat_sb_add(&b, " (provider = libc, lc_collate = ");
			cat_sb_literal(&b, lc_coll);
			cat_sb_add(&b, ", lc_ctype = ");
			cat_sb_literal(&b, lc_ctype);
		} else {
			cat_sb_add(&b, prov && prov[0] == 'c' ? " (provider = libc, locale = "
				   : " (provider = default, locale = ");
			cat_sb_literal(&b, lc_coll ? lc_coll : "");
		}
		cat_sb_add(&b, cat_flag(res, i, 5) ? ")" : ", deterministic = false)");
		cat_add(r, CATALOG_COLLATION, "collation", NULL, name, cat_sb_take(&b));
		if (cat_val(res, i, 6))
			cat_unsupported(r, "comment on collation", name, NULL);
	}
	PQclear(res);
	return 0;
}
