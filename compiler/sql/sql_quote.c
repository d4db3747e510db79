/*
 * sql_quote.c - quoting of identifiers and literals, and type spelling.
 *
 * The quoting rules themselves are common/sqltext.c's.
 *
 * Guarantees: every identifier is double-quoted and every string literal
 * single-quoted, with the quote character doubled inside, so no name or
 * label can change the meaning of a statement (sql_put_ident_min() alone
 * leaves a name bare, and only when PostgreSQL reads it back as the same
 * name); types are spelled the way
 * PostgreSQL's format_type() spells them.  Output depends only on the
 * input (no locale, no host state).
 */
#include "sql.h"

#include <string.h>

#include "arena.h"
#include "ast.h"
#include "sqltext.h"

/* ---- quoting ------------------------------------------------------------ */

/* common/sqltext.h writes through a callback; this one appends to a
 * strbuf.  Quoting itself (the quote character doubled inside; a NULL
 * string as the empty quoted string, which PostgreSQL rejects loudly as
 * an identifier) is sqltext's. */
void sql_sb_sink(void *sb, const char *s, size_t n)
{
	sb_put(sb, s, n);
}

void sql_put_ident(struct strbuf *sb, const char *name)
{
	sqlt_put_ident_quoted(sql_sb_sink, sb, name);
}

void sql_put_ident_min(struct strbuf *sb, const char *name)
{
	sqlt_put_ident(sql_sb_sink, sb, name);
}

/* Only standard_conforming_strings matters here: with it on (the default
 * since PostgreSQL 9.1) a backslash is an ordinary character. */
void sql_put_literal(struct strbuf *sb, const char *text)
{
	sqlt_put_literal(sql_sb_sink, sb, text);
}

void sql_put_name(struct strbuf *sb, const struct ast_name *name)
{
	sql_put_name_mapped(sb, name, NULL);
}

/* Record mode (sql.h): a NULL prefix. */
static bool recording(const struct sql_schema_map *map)
{
	return map && !map->prefix;
}

static void slot_add(struct strbuf *sb, const struct sql_schema_map *map,
		     size_t off, size_t len)
{
	struct sql_slots *sl = map->slots;
	if (!sl)
		return;
	if (sl->n == sl->cap) {
		size_t cap = sl->cap ? sl->cap * 2 : 4;
		unsigned *grown = arena_calloc(sb->arena, 2 * cap, sizeof *grown);
		if (sl->n)
			memcpy(grown, sl->v, 2 * sl->n * sizeof *grown);
		sl->v = grown;
		sl->cap = cap;
	}
	sl->v[2 * sl->n] = (unsigned)off;
	sl->v[2 * sl->n + 1] = (unsigned)len;
	sl->n++;
}

/* `schema` quoted; in record mode noted when it is the default one. */
static void put_schema_recorded(struct strbuf *sb, const char *schema,
				const struct sql_schema_map *map)
{
	size_t at = sb->len;
	sql_put_ident(sb, schema);
	if (recording(map) && map->default_schema &&
	    strcmp(schema, map->default_schema) == 0)
		slot_add(sb, map, at, sb->len - at);
}

void sql_note_default_schema(struct strbuf *sb, size_t at, size_t len,
			     const char *schema, const struct sql_schema_map *map)
{
	if (recording(map) && map->default_schema &&
	    strcmp(schema, map->default_schema) == 0)
		slot_add(sb, map, at, len);
}

void sql_put_schema_mapped(struct strbuf *sb, const char *schema,
			   const struct sql_schema_map *map)
{
	if (recording(map)) {
		put_schema_recorded(sb, schema, map);
		return;
	}
	if (!map) {
		sql_put_ident(sb, schema);
		return;
	}
	/* Quoted as one identifier: the prefix becomes part of the name. */
	struct strbuf full;
	sb_init(&full, sb->arena);
	sb_puts(&full, map->prefix);
	sb_puts(&full, schema ? schema : map->default_schema);
	sql_put_ident(sb, sb_str(&full));
}

void sql_put_name_mapped(struct strbuf *sb, const struct ast_name *name,
			 const struct sql_schema_map *map)
{
	if (recording(map)) {
		if (name->schema) {
			put_schema_recorded(sb, name->schema, map);
			sb_putc(sb, '.');
		} else {
			slot_add(sb, map, sb->len, 0);
		}
	} else if (map) {
		sql_put_schema_mapped(sb, name->schema, map);
		sb_putc(sb, '.');
	} else if (name->schema) {
		sql_put_ident(sb, name->schema);
		sb_putc(sb, '.');
	}
	sql_put_ident(sb, name->name);
}

void sql_put_collate_mapped(struct strbuf *sb, const struct ast_name *coll,
			    const struct sql_schema_map *map)
{
	if (!coll->name)
		return;
	sb_puts(sb, " COLLATE ");
	if (coll->schema && (strcmp(coll->schema, "pg_catalog") == 0 ||
			     strcmp(coll->schema, "information_schema") == 0))
		map = NULL;	/* the server's own: never in a scratch schema */
	if (coll->schema) {
		sql_put_schema_mapped(sb, coll->schema, map);
		sb_putc(sb, '.');
	}
	sql_put_ident(sb, coll->name);
}

/* "(n)" or "(p,s)"; nothing when the modifier was not written. */
static void put_typmod(struct strbuf *sb, int mod1, int mod2)
{
	if (mod1 < 0)
		return;
	if (mod2 >= 0)
		sb_printf(sb, "(%d,%d)", mod1, mod2);
	else
		sb_printf(sb, "(%d)", mod1);
}

/* time/timestamp put the precision between the base name and the zone. */
static void put_datetime(struct strbuf *sb, const char *base, int prec,
			 bool tz)
{
	sb_puts(sb, base);
	put_typmod(sb, prec, -1);
	sb_puts(sb, tz ? " with time zone" : " without time zone");
}

void sql_put_type(struct strbuf *sb, const struct ast_type *t)
{
	sql_put_type_mapped(sb, t, NULL);
}

void sql_put_type_mapped(struct strbuf *sb, const struct ast_type *t,
			 const struct sql_schema_map *map)
{
	static const char *const simple[] = {
		[TY_SMALLINT] = "smallint",
		[TY_INTEGER] = "integer",
		[TY_BIGINT] = "bigint",
		[TY_SMALLSERIAL] = "smallserial",
		[TY_SERIAL] = "serial",
		[TY_BIGSERIAL] = "bigserial",
		[TY_BOOLEAN] = "boolean",
		[TY_REAL] = "real",
		[TY_DOUBLE] = "double precision",
		[TY_TEXT] = "text",
		[TY_DATE] = "date",
		[TY_UUID] = "uuid",
		[TY_JSON] = "json",
		[TY_JSONB] = "jsonb",
		[TY_BYTEA] = "bytea",
		[TY_INET] = "inet",
	};

	switch (t->kind) {
	case TY_NUMERIC:
		sb_puts(sb, "numeric");
		put_typmod(sb, t->mod1, t->mod2);
		break;
	case TY_VARCHAR:
		sb_puts(sb, "character varying");
		put_typmod(sb, t->mod1, -1);
		break;
	case TY_CHAR:
		/* Bare "character" means character(1) to PostgreSQL, exactly
		 * as bare "char" did in the source. */
		sb_puts(sb, "character");
		put_typmod(sb, t->mod1, -1);
		break;
	case TY_TIME:
		put_datetime(sb, "time", t->mod1, false);
		break;
	case TY_TIMETZ:
		put_datetime(sb, "time", t->mod1, true);
		break;
	case TY_TIMESTAMP:
		put_datetime(sb, "timestamp", t->mod1, false);
		break;
	case TY_TIMESTAMPTZ:
		put_datetime(sb, "timestamp", t->mod1, true);
		break;
	case TY_INTERVAL:
		sb_puts(sb, "interval");
		if (ast_interval_fields_text(t->mod2)) {
			sb_puts(sb, " ");
			sb_puts(sb, ast_interval_fields_text(t->mod2));
		}
		put_typmod(sb, t->mod1, -1);
		break;
	case TY_NAMED:
		if (map && map->keep_type && map->keep_type(map->keep_ctx, &t->named)) {
			sql_put_ident(sb, t->named.schema ? t->named.schema
							  : map->default_schema);
			sb_putc(sb, '.');
			sql_put_ident(sb, t->named.name);
			break;
		}
		sql_put_name_mapped(sb, &t->named, map);
		break;
	case TY_BUILTIN:
		sb_puts(sb, t->named.name);
		put_typmod(sb, t->mod1, -1);
		break;
	default:
		if ((size_t)t->kind < sizeof simple / sizeof simple[0] &&
		    simple[t->kind])
			sb_puts(sb, simple[t->kind]);
		else
			sb_puts(sb, "\"?unknown type?\"");
		break;
	}
	for (int i = 0; i < t->array_dims; i++)
		sb_puts(sb, "[]");
}

const char *sql_ident(struct arena *a, const char *name)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sql_put_ident(&sb, name);
	return sb_str(&sb);
}

const char *sql_ident_min(struct arena *a, const char *name)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sql_put_ident_min(&sb, name);
	return sb_str(&sb);
}

const char *sql_literal(struct arena *a, const char *text)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sql_put_literal(&sb, text);
	return sb_str(&sb);
}

const char *sql_type(struct arena *a, const struct ast_type *type)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sql_put_type(&sb, type);
	return sb_str(&sb);
}

void sql_put_role(struct strbuf *sb, const char *role)
{
	if (strcmp(role, "current_user") == 0 || strcmp(role, "session_user") == 0)
		sb_puts(sb, role[0] == 'c' ? "CURRENT_USER" : "SESSION_USER");
	else
		sql_put_ident(sb, role);
}
