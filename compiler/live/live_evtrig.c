/*
 * live_evtrig.c - event triggers and the live commands.  `migc init
 * --from-url` adopts them: read from pg_event_trigger (not those an
 * extension owns) and written as schema.mig statements, each with its
 * function qualified and, when not enabled, the alter event trigger that
 * sets its state.  `diff --url` compares them when the session is a
 * superuser's (live_evtrig_compared): schema.mig's are created, in the
 * transaction that is rolled back, under the name "migc_expected_" + NAME
 * (sql_passthrough_mapped), and the catalog reader reads both sides
 * (common/catalog_evtrig.c).  Otherwise neither side holds them.
 * Collations are adopted here too (live_coll_text), written before the
 * tables; comparisons do not read them (the catalog reader leaves them
 * out on both sides).
 */
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "ast.h"
#include "live.h"
#include "pgsql_tree.h"
#include "sql.h"

#define EVTRIG_QUERY \
	"SELECT e.evtname, e.evtevent, quote_ident(n.nspname) || '.' || quote_ident(p.proname), " \
	"array_to_string(ARRAY(SELECT quote_literal(t) FROM unnest(e.evttags) t), ', '), " \
	"e.evtenabled::text FROM pg_event_trigger e JOIN pg_proc p ON p.oid = e.evtfoid " \
	"JOIN pg_namespace n ON n.oid = p.pronamespace WHERE NOT EXISTS (SELECT 1 FROM " \
	"pg_depend x WHERE x.classid = 'pg_event_trigger'::regclass AND x.objid = e.oid " \
	"AND x.deptype = 'e') ORDER BY 1"

const char *live_evtrig_text(struct arena *a, struct pg_conn *conn)
{
	PGresult *res = PQexec(conn, EVTRIG_QUERY);
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return NULL;
	}
	for (int i = 0; i < PQntuples(res); i++) {
		const char *name = sql_ident_min(a, PQgetvalue(res, i, 0));
		const char *tags = PQgetvalue(res, i, 3), *en = PQgetvalue(res, i, 4);
		sb_printf(&sb, "\ncreate event trigger %s on %s", name, PQgetvalue(res, i, 1));
		if (tags[0])
			sb_printf(&sb, " when tag in (%s)", tags);
		sb_printf(&sb, " execute function %s();\n", PQgetvalue(res, i, 2));
		if (en[0] != 'O')
			sb_printf(&sb, "\nalter event trigger %s %s;\n", name,
				  en[0] == 'D' ? "disable" : en[0] == 'R' ? "enable replica"
				  : "enable always");
	}
	PQclear(res);
	return sb_str(&sb);
}

bool live_evtrig_stmt(struct arena *a, const struct ast_stmt *s)
{
	struct pgsql_stmt p;
	if (s->kind != STMT_EXECUTE || !s->u.exec.passthrough || !s->u.exec.sql ||
	    !pgsql_describe(a, s->u.exec.sql, strlen(s->u.exec.sql), &p))
		return false;
	return p.kind == PGSQL_CREATE_EVTRIG || p.kind == PGSQL_ALTER_EVTRIG ||
	       p.kind == PGSQL_RENAME_EVTRIG || p.kind == PGSQL_DROP_EVTRIG;
}

bool live_evtrig_compared(struct pg_conn *conn)
{
	const char *su = PQparameterStatus(conn, "is_superuser");
	return su && strcmp(su, "on") == 0;
}

/* The database's collations outside the system schemas that no extension
 * owns, each as a create collation statement with its provider, locale
 * (lc_collate and lc_ctype when they differ) and determinism. */
#define COLL_QUERY \
	"SELECT 'create collation ' || quote_ident(n.nspname) || '.' || quote_ident(c.collname) " \
	"|| ' (' || CASE WHEN c.collprovider = 'i' THEN 'provider = icu, locale = ' " \
	"|| quote_literal(c.colliculocale) WHEN c.collcollate = c.collctype THEN 'locale = ' " \
	"|| quote_literal(c.collcollate) ELSE 'lc_collate = ' || quote_literal(c.collcollate) " \
	"|| ', lc_ctype = ' || quote_literal(c.collctype) END || CASE WHEN c.collisdeterministic " \
	"THEN '' ELSE ', deterministic = false' END || ');' FROM pg_collation c " \
	"JOIN pg_namespace n ON n.oid = c.collnamespace WHERE n.nspname <> 'information_schema' " \
	"AND n.nspname NOT LIKE 'pg\\_%' AND NOT EXISTS (SELECT 1 FROM pg_depend x " \
	"WHERE x.classid = 'pg_collation'::regclass AND x.objid = c.oid AND x.deptype = 'e') " \
	"ORDER BY n.nspname, c.collname"

const char *live_coll_text(struct arena *a, struct pg_conn *conn)
{
	PGresult *res = PQexec(conn, COLL_QUERY);
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return NULL;
	}
	for (int i = 0; i < PQntuples(res); i++)
		sb_printf(&sb, "\n%s\n", PQgetvalue(res, i, 0));
	PQclear(res);
	return sb_str(&sb);
}
