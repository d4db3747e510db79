/*
 * sql_passthrough.c - plain SQL statements the model knows, rendered into
 * scratch schemas (sql.h, sql_passthrough_mapped).
 *
 * `check` and the --url commands build the expected schema in scratch
 * schemas.  A view statement is plain SQL text, so its schema qualifiers
 * (read from PostgreSQL's parse tree, pgsql_tree.h) are replaced by the
 * scratch names; unqualified names find the scratch objects through the
 * search_path those commands set; an extension's types and functions
 * keep their schema (sql.h, keep_type and keep_func).  An event trigger's statement also
 * renames the event trigger to prefix + NAME (database-wide, it cannot
 * live in a scratch schema; common/catalog_evtrig.c reads it back under
 * NAME).  Other plain SQL (data, ...) is not part of the expected schema
 * and renders to NULL.
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "ast.h"
#include "pgsql_tree.h"
#include "sql.h"
#include "sqltext.h"

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

/* A name token's name: unquoted, or folded to lower case. */
static const char *tok_name(struct arena *a, const char *t, size_t i, size_t e,
			    enum sqlt_kind k)
{
	struct strbuf sb;
	sb_init(&sb, a);
	for (size_t j = i + (k == SQLT_QIDENT); j < e - (k == SQLT_QIDENT); j++) {
		char c = t[j];
		if (k == SQLT_QIDENT && c == '"')
			j++;
		else if (k != SQLT_QIDENT && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		sb_putc(&sb, c);
	}
	return sb_str(&sb);
}

/* create|alter|drop event trigger [if exists] NAME ... [rename to NEW]
 * with NAME (and NEW) as prefix + NAME: an event trigger is database-wide,
 * so the expected one needs a name of its own (common/catalog_evtrig.c). */
static const char *evtrig_renamed(struct arena *a, const char *sql, const char *prefix,
				  bool rename)
{
	size_t n = strlen(sql), i = 0, words = 0, at = 0;
	bool after_to = false;
	struct strbuf sb;
	sb_init(&sb, a);
	while (i < n) {
		enum sqlt_kind k;
		size_t e = sqlt_token(sql, n, i, &k);
		if (e <= i)
			break;
		bool name = k == SQLT_WORD || k == SQLT_QIDENT;
		bool skip = k == SQLT_WORD && ((e - i == 2 && strncasecmp(sql + i, "if", 2) == 0) ||
					       (e - i == 6 && strncasecmp(sql + i, "exists", 6) == 0));
		if (name && ((words == 3 && !skip) || after_to)) {
			sb_put(&sb, sql + at, i - at);
			sql_put_ident(&sb, arena_printf(a, "%s%s", prefix,
							tok_name(a, sql, i, e, k)));
			at = e;
			after_to = false;
			words = 4;
			if (!rename)
				break;
		} else if (name && words < 3) {
			words++;
		} else if (name && words > 3) {
			after_to = e - i == 2 && strncasecmp(sql + i, "to", 2) == 0;
		}
		i = e;
	}
	sb_put(&sb, sql + at, n - at);
	return sb_str(&sb);
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
	bool evtrig = p.kind == PGSQL_CREATE_EVTRIG || p.kind == PGSQL_ALTER_EVTRIG ||
		      p.kind == PGSQL_RENAME_EVTRIG || p.kind == PGSQL_DROP_EVTRIG;
	if (p.kind == PGSQL_OTHER || (evtrig && !map->prefix))
		return NULL;
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
	return evtrig ? evtrig_renamed(a, sb_str(&sb), map->prefix,
				       p.kind == PGSQL_RENAME_EVTRIG) : sb_str(&sb);
}
