/*
 * live_coll.c - collations for `migc init --from-url`: the database's own
 * collations (outside the system schemas, not an extension's), each as a
 * create collation statement written before the tables (init drops the
 * catalog reader's collations, common/catalog_coll.c, and writes these:
 * the reader's spelling is for comparisons).  live_rows_text, the loop
 * that prints each row of one query, is shared with live_evtrig.c.
 */
#include <libpq-fe.h>

#include "arena.h"
#include "live.h"

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

const char *live_rows_text(struct arena *a, struct pg_conn *conn, const char *query,
			   void (*row)(struct arena *a, struct strbuf *sb,
				       const struct pg_result *res, int i))
{
	PGresult *res = PQexec(conn, query);
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return NULL;
	}
	for (int i = 0; i < PQntuples(res); i++)
		row(a, &sb, res, i);
	PQclear(res);
	return sb_str(&sb);
}

static void coll_row(struct arena *a, struct strbuf *sb, const struct pg_result *res, int i)
{
	(void)a;
	sb_printf(sb, "\n%s\n", PQgetvalue(res, i, 0));
}

const char *live_coll_text(struct arena *a, struct pg_conn *conn)
{
	return live_rows_text(a, conn, COLL_QUERY, coll_row);
}
