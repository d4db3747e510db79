/*
 * live_evtrig.c - event triggers and the live commands.  `migc init
 * --from-url` adopts them: read from pg_event_trigger (not those an
 * extension owns) and written as schema.mig statements, each with its
 * function qualified and, when not enabled, the alter event trigger that
 * sets its state.  `diff --url` compares them when the session is a
 * superuser's (live_evtrig_compared): schema.mig's are created, in the
 * transaction that is rolled back, under the name "migc_expected_" + NAME
 * (sql_passthrough_mapped), and the catalog reader reads both sides
 * (common/catalog_evtrig.c); `revision --autogenerate --url` writes them
 * from those reads (live.c ranks them last).  Otherwise neither side holds
 * them, and revision says so in a note when either side has any.
 */
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "ast.h"
#include "live.h"
#include "model.h"
#include "pgsql_tree.h"
#include "sql.h"

#define EVTRIG_QUERY \
	"SELECT e.evtname, e.evtevent, quote_ident(n.nspname) || '.' || quote_ident(p.proname), " \
	"array_to_string(ARRAY(SELECT quote_literal(t) FROM unnest(e.evttags) t), ', '), " \
	"e.evtenabled::text FROM pg_event_trigger e JOIN pg_proc p ON p.oid = e.evtfoid " \
	"JOIN pg_namespace n ON n.oid = p.pronamespace WHERE NOT EXISTS (SELECT 1 FROM " \
	"pg_depend x WHERE x.classid = 'pg_event_trigger'::regclass AND x.objid = e.oid " \
	"AND x.deptype = 'e') ORDER BY 1"

static void evtrig_row(struct arena *a, struct strbuf *sb, const struct pg_result *res, int i)
{
	const char *name = sql_ident_min(a, PQgetvalue(res, i, 0));
	const char *tags = PQgetvalue(res, i, 3), *en = PQgetvalue(res, i, 4);
	sb_printf(sb, "\ncreate event trigger %s on %s", name, PQgetvalue(res, i, 1));
	if (tags[0])
		sb_printf(sb, " when tag in (%s)", tags);
	sb_printf(sb, " execute function %s();\n", PQgetvalue(res, i, 2));
	if (en[0] != 'O')
		sb_printf(sb, "\nalter event trigger %s %s;\n", name,
			  en[0] == 'D' ? "disable" : en[0] == 'R' ? "enable replica"
			  : "enable always");
}

const char *live_evtrig_text(struct arena *a, struct pg_conn *conn)
{
	return live_rows_text(a, conn, EVTRIG_QUERY, evtrig_row);
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

bool live_evtrig_any(struct pg_conn *conn, const struct model *m)
{
	if (m && m->evtrigs.count)
		return true;
	PGresult *res = PQexec(conn, "SELECT 1 FROM pg_event_trigger e WHERE NOT EXISTS "
			       "(SELECT 1 FROM pg_depend x WHERE x.classid = "
			       "'pg_event_trigger'::regclass AND x.objid = e.oid AND x.deptype = 'e')");
	bool any = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0;
	PQclear(res);
	return any;
}
