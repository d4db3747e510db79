/*
 * adopt_tables.c - the other tools' version tables as `check` sees them,
 * and the text[] literal adopt passes its lists in.
 *
 * Guarantees: a table is taken for another tool's version table (and left
 * out of check's comparison) only when both its name and its exact column
 * list are that tool's, in one of the plan's schemas; anything else is
 * compared as usual.  Reads only the catalogs.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"

char *rt_text_array(const char *const *v, size_t n)
{
	size_t cap = 3, len = 0, i;
	char *buf;
	const char *p;

	for (i = 0; i < n; i++)
		cap += 2 * strlen(v[i]) + 3;
	buf = rt_xcalloc(cap, 1);
	buf[len++] = '{';
	for (i = 0; i < n; i++) {
		if (i)
			buf[len++] = ',';
		buf[len++] = '"';
		for (p = v[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf[len++] = '\\';
			buf[len++] = *p;
		}
		buf[len++] = '"';
	}
	buf[len++] = '}';
	return buf;
}

/* The tables of those tools by their names and exact columns: a user's
 * own table of that name with other columns is compared as usual. */
#define FOREIGN_SQL \
	"SELECT n.nspname || '.' || c.relname FROM pg_class c " \
	"JOIN pg_namespace n ON n.oid = c.relnamespace " \
	"WHERE c.relkind = 'r' AND n.nspname = ANY ($1::text[]) AND " \
	"(c.relname, (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a " \
	"WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)) IN (" \
	"('alembic_version', 'version_num'), ('schema_migrations', 'version,dirty'), " \
	"('schema_migrations', 'version'), " \
	"('goose_db_version', 'id,version_id,is_applied,tstamp'), " \
	"('flyway_schema_history', 'installed_rank,version,description,type,script," \
	"checksum,installed_by,installed_on,execution_time,success')) ORDER BY 1"

char **rt_adopt_foreign_tables(struct rt_ctx *ctx, size_t *n)
{
	const struct migrt_plan *plan = ctx->plan;
	char *arr, **out;
	const char *params[1];
	PGresult *res;
	int k;

	*n = 0;
	arr = rt_text_array(plan->schemas, plan->n_schemas);
	params[0] = arr;
	res = rt_db_query(ctx, "cannot look up other tools' version tables", FOREIGN_SQL,
			     1, params);
	free(arr);
	if (!res)
		return NULL;
	out = rt_xcalloc((size_t)PQntuples(res) + 1, sizeof *out);
	for (k = 0; k < PQntuples(res); k++)
		out[(*n)++] = rt_xstrdup(PQgetvalue(res, k, 0));
	PQclear(res);
	return out;
}
