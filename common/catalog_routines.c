/*
 * catalog_routines.c - functions, procedures and triggers read from the
 * catalogs (catalog.h, CATALOG_ROUTINE and CATALOG_TRIGGER).
 *
 * Each is printed by PostgreSQL itself (pg_get_functiondef,
 * pg_get_triggerdef) under the empty search_path, so names outside
 * pg_catalog are qualified and remapped like every other text; two reads
 * compare equal exactly when PostgreSQL stores the same definition.
 * Plain aggregates have no such printing: CATQ_AGGREGATE_DEF prints
 * them as pg_dump does (ordered-set and hypothetical-set ones are listed
 * as unsupported by catalog_objects.c).  Triggers of tables left out (the version table) and
 * internal triggers (foreign keys) are not read.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"
#include "catalog_query.h"

/* A plain aggregate (aggkind 'n') printed as pg_dump prints it: its
 * support functions (regproc: qualified unless in pg_catalog, as the
 * search_path is empty), state types, initial conditions, sort operator
 * and parallel safety, each only when not the default. */
#define AGG_FN(col, word) \
	"CASE WHEN a." col " <> 0 THEN '" word " = ' || a." col "::regproc END"
#define AGG_MODIFY(col, word) \
	"CASE a." col " WHEN 's' THEN '" word " = SHAREABLE' " \
	"WHEN 'w' THEN '" word " = READ_WRITE' END"
#define CATQ_AGGREGATE_DEF \
	"'CREATE AGGREGATE ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname) " \
	"|| '(' || CASE WHEN p.pronargs = 0 THEN '*' " \
	"ELSE pg_get_function_identity_arguments(p.oid) END || ') (' || concat_ws(', ', " \
	AGG_FN("aggtransfn", "SFUNC") ", " \
	"'STYPE = ' || format_type(a.aggtranstype, NULL), " \
	"CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END, " \
	AGG_FN("aggfinalfn", "FINALFUNC") ", " \
	"CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END, " \
	AGG_MODIFY("aggfinalmodify", "FINALFUNC_MODIFY") ", " \
	AGG_FN("aggcombinefn", "COMBINEFUNC") ", " \
	AGG_FN("aggserialfn", "SERIALFUNC") ", " \
	AGG_FN("aggdeserialfn", "DESERIALFUNC") ", " \
	"CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || " LIT("a.agginitval") " END, " \
	AGG_FN("aggmtransfn", "MSFUNC") ", " \
	AGG_FN("aggminvtransfn", "MINVFUNC") ", " \
	"CASE WHEN a.aggmtranstype <> 0 THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END, " \
	"CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END, " \
	AGG_FN("aggmfinalfn", "MFINALFUNC") ", " \
	"CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END, " \
	"CASE WHEN a.aggmtransfn <> 0 THEN " AGG_MODIFY("aggmfinalmodify", "MFINALFUNC_MODIFY") " END, " \
	"CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || " LIT("a.aggminitval") " END, " \
	"(SELECT 'SORTOP = OPERATOR(' || quote_ident(sn.nspname) || '.' || so.oprname || ')' " \
	"FROM pg_operator so JOIN pg_namespace sn ON sn.oid = so.oprnamespace " \
	"WHERE so.oid = a.aggsortop), " \
	"CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' " \
	"WHEN 'r' THEN 'PARALLEL = RESTRICTED' END) || ')'"

/* kind ('f', 'p', 'w', 'a' (an aggregate) or 't' for a trigger), table (triggers), name,
 * identity arguments (routines), definition, comment: one query for both */
#define CATQ_ROUTINES \
	"SELECT p.prokind::text, NULL::name, p.proname, " \
	"pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid), " \
	DESCRIPTION("pg_proc", "p.oid", "0") " " \
	"FROM pg_proc p WHERE p.pronamespace = $1 " \
	"AND p.prokind IN ('f', 'p', 'w') AND " NOT_EXTENSION("pg_proc", "p.oid") \
	/* a range type's constructors are part of the type (internal) */ \
	"AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass " \
	"AND i.objid = p.oid AND i.deptype = 'i') " \
	"UNION ALL SELECT 'a', NULL, p.proname, pg_get_function_identity_arguments(p.oid), " \
	CATQ_AGGREGATE_DEF ", " DESCRIPTION("pg_proc", "p.oid", "0") " " \
	"FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid " \
	"JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.pronamespace = $1 " \
	"AND a.aggkind = 'n' AND " NOT_EXTENSION("pg_proc", "p.oid") \
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
			if (cat_excluded(r, table))
				continue;
			cat_add(r, CATALOG_TRIGGER, "trigger", table, name,
				trimmed(r, cat_val(res, i, 4)));
			if (cat_val(res, i, 5)) {
				cat_sb_ident(&key, name);
				cat_sb_add(&key, " ON ");
				cat_sb_qname(&key, r->cur->shown, table);
				cat_add_comment(r, "trigger", "TRIGGER", key.s, table, name,
						cat_val(res, i, 5));
				r->out->objects[r->out->n - 1].order = CATALOG_AFTER_ALL;
				free(cat_sb_take(&key));
			}
			continue;
		}
		cat_sb_add(&key, name);
		cat_sb_add(&key, "(");
		cat_sb_add(&key, args ? args : "");
		cat_sb_add(&key, ")");
		const char *word = kind[0] == 'p' ? "procedure" : kind[0] == 'a' ? "aggregate"
			: "function";
		cat_add(r, CATALOG_ROUTINE, word, NULL, key.s, trimmed(r, cat_val(res, i, 4)));
		if (cat_val(res, i, 5)) {
			struct sb target = { 0 };
			char *sig = cat_remap(r, args ? args : "");
			cat_sb_qname(&target, r->cur->shown, name);
			cat_sb_add(&target, "(");
			cat_sb_add(&target, kind[0] == 'a' && !*sig ? "*" : sig);
			cat_sb_add(&target, ")");
			cat_add_comment(r, word, kind[0] == 'p' ? "PROCEDURE" : kind[0] == 'a'
					? "AGGREGATE" : "FUNCTION", target.s, NULL, key.s,
					cat_val(res, i, 5));
			r->out->objects[r->out->n - 1].order = CATALOG_AFTER_ALL;
			free(sig);
			free(target.s);
		}
		free(key.s);
	}
	PQclear(res);
	return 0;
}
