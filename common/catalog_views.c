/*
 * catalog_views.c - views and materialized views read from the catalogs
 * (catalog.h, CATALOG_VIEW).
 *
 * Each view is printed as the statement that creates it, with
 * PostgreSQL's own printing of its query (pg_get_viewdef, under the empty
 * search_path catalog_read sets, so every relation is schema-qualified and
 * remapped like every other text).  Two reads therefore compare equal
 * exactly when PostgreSQL stores the same query.  `order` is the view's
 * depth among views (0: reads no view; else one more than the deepest view
 * it reads, in any schema), so that views can be created in that order.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"
#include "catalog_query.h"

/* name, relkind, definition, depth, options (check_option, security_barrier,
 * storage parameters), comment */
#define CATQ_VIEWS \
	"WITH RECURSIVE dep(v, r) AS (" \
	" SELECT DISTINCT w.ev_class, d.refobjid FROM pg_rewrite w" \
	" JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid" \
	" AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> w.ev_class" \
	" JOIN pg_class rc ON rc.oid = d.refobjid AND rc.relkind IN ('v', 'm')), " \
	"p(v, n) AS (SELECT c.oid, 0 FROM pg_class c WHERE c.relkind IN ('v', 'm')" \
	" UNION ALL SELECT dep.v, p.n + 1 FROM p JOIN dep ON dep.r = p.v WHERE p.n < 100) " \
	"SELECT c.relname, c.relkind, pg_get_viewdef(c.oid), " \
	"(SELECT max(p.n) FROM p WHERE p.v = c.oid), array_to_string(c.reloptions, ', '), " \
	DESCRIPTION("pg_class", "c.oid", "0") " " \
	"FROM pg_class c WHERE c.relnamespace = $1 AND c.relkind IN ('v', 'm') AND " \
	NOT_EXTENSION("pg_class", "c.oid") "ORDER BY c.relname"

int cat_read_views(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_VIEWS, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		const char *name = cat_val(res, i, 0);
		int mat = cat_val(res, i, 1)[0] == 'm';
		const char *def = cat_val(res, i, 2), *depth = cat_val(res, i, 3);
		struct sb b = { 0 };
		char *text;
		size_t len;

		if (cat_excluded(r, name))
			continue;
		text = cat_remap(r, def ? def : "");
		len = strlen(text);
		while (len && (text[len - 1] == ';' || text[len - 1] == ' ' ||
			       text[len - 1] == '\n'))
			len--;
		cat_sb_add(&b, mat ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ");
		cat_sb_qname(&b, r->cur->shown, name);
		if (cat_val(res, i, 4) && *cat_val(res, i, 4)) {
			cat_sb_add(&b, " WITH (");
			cat_sb_add(&b, cat_val(res, i, 4));
			cat_sb_add(&b, ")");
		}
		cat_sb_add(&b, " AS");
		cat_sb_addn(&b, text, len);
		free(text);
		cat_add(r, CATALOG_VIEW, mat ? "materialized view" : "view", NULL, name,
			cat_sb_take(&b));
		r->out->objects[r->out->n - 1].order = depth ? atoi(depth) : 0;
		if (cat_val(res, i, 5)) {
			cat_sb_qname(&b, r->cur->shown, name);
			cat_add_comment(r, mat ? "materialized view" : "view",
					mat ? "MATERIALIZED VIEW" : "VIEW", b.s, NULL, name,
					cat_val(res, i, 5));
			r->out->objects[r->out->n - 1].order = CATALOG_AFTER_ALL;
			free(cat_sb_take(&b));
		}
	}
	PQclear(res);
	return 0;
}
