/*
 * sql_passthrough.c - plain SQL statements the model knows, rendered into
 * scratch schemas (sql.h, sql_passthrough_mapped).
 *
 * `check` and the --url commands build the expected schema in scratch
 * schemas.  A view statement is plain SQL text, so its schema qualifiers
 * (read from PostgreSQL's parse tree, pgsql_tree.h) are replaced by the
 * scratch names; unqualified names find the scratch objects through the
 * search_path those commands set; an extension's types and functions
 * keep their schema (sql.h, keep_type and keep_func).  Other plain SQL (data, grants, ...)
 * is not part of the expected schema and renders to NULL.
 */
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "pgsql_tree.h"
#include "sql.h"

static bool server_schema(const char *s)
{
	return strcmp(s, "pg_catalog") == 0 || strcmp(s, "information_schema") == 0;
}

/* An extension's type or function keeps its real schema: extensions are
 * database-wide, never in a scratch schema. */
static bool keeps_schema(const struct pgsql_schema_ref *r, const struct sql_schema_map *map)
{
	if (!map || !r->name)
		return false;
	struct ast_name n = { .schema = r->schema, .name = r->name };
	if (r->kind == PGSQL_REF_TYPE)
		return map->keep_type && map->keep_type(map->keep_ctx, &n);
	if (r->kind == PGSQL_REF_FUNC)
		return map->keep_func && map->keep_func(map->keep_ctx, &n);
	return false;
}

const char *sql_passthrough_mapped(struct arena *a, const struct ast_stmt *s,
				   const struct sql_schema_map *map)
{
	if (s->kind != STMT_EXECUTE || !s->u.exec.passthrough || !s->u.exec.sql)
		return NULL;
	size_t n = strlen(s->u.exec.sql);
	struct pgsql_stmt p;
	if (!pgsql_describe(a, s->u.exec.sql, n, &p))
		return NULL;
	if (p.kind == PGSQL_OTHER || p.kind == PGSQL_CREATE_EVTRIG ||
	    p.kind == PGSQL_ALTER_EVTRIG || p.kind == PGSQL_RENAME_EVTRIG ||
	    p.kind == PGSQL_DROP_EVTRIG)
		return NULL;	/* event triggers are database-wide: not in a schema */
	struct pgsql_schema_ref *refs;
	size_t nr = pgsql_schema_refs(a, s->u.exec.sql, n, &refs), at = 0;
	struct strbuf sb;
	sb_init(&sb, a);
	for (size_t i = 0; i < nr; i++) {
		if (server_schema(refs[i].schema) || keeps_schema(&refs[i], map))
			continue;
		sb_put(&sb, s->u.exec.sql + at, refs[i].offset - at);
		sql_put_schema_mapped(&sb, refs[i].schema, map);
		at = refs[i].offset + refs[i].len;
	}
	sb_put(&sb, s->u.exec.sql + at, n - at);
	return sb_str(&sb);
}
