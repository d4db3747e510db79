/*
 * sql.h - rendering the AST as PostgreSQL SQL.
 *
 * Identifiers are always double-quoted (embedded quotes doubled) and string
 * literals always single-quoted (embedded quotes doubled; with
 * standard_conforming_strings, which PostgreSQL has on by default since
 * 9.1, backslashes need no escaping).  Keywords are upper case.  Types
 * use PostgreSQL's own spelling (format_type): "character varying(255)",
 * "timestamp with time zone".  Expressions are copied from the source text,
 * which is already valid PostgreSQL.
 *
 * All results are allocated in the arena.
 *
 * The *_mapped variants render into scratch schemas (migrator `check`, and
 * `migc diff --url`): every name is qualified and schema S is printed as
 * map->prefix followed by S, unqualified names as map->prefix followed by
 * map->default_schema.  Names are remapped wherever the AST holds them -
 * tables, foreign-key targets, enum types in column types, an index's table,
 * comment targets, CREATE/DROP SCHEMA, ALTER TYPE.  Expressions are source
 * text and stay exactly as written: an expression that names a schema
 * explicitly (a default "app.f()", a cast to "app.mood") is not remapped.
 * A NULL map renders exactly as the unmapped functions do.
 *
 * A map with a NULL prefix records instead of remapping (the migrator's
 * `--schema`): the text is byte for byte the unmapped rendering, and each
 * place where a name lives in map->default_schema is appended to
 * map->slots as a pair (offset, length) into the text: length 0 where an
 * unqualified name starts (a qualifier "S". goes there), length > 0 where
 * the quoted default schema itself is written (it is replaced).
 * Expressions and execute bodies hold no slots: they resolve names
 * through search_path.
 */
#ifndef MIGC_SQL_H
#define MIGC_SQL_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct strbuf;
struct ast_name;
struct ast_type;
struct ast_stmt;
struct ast_constraint;
struct ast_column;
struct ast_index_elem;
struct ast_ident;

/* A growing list of (offset, length) pairs, in the arena. */
struct sql_slots {
	unsigned *v;			/* 2 * n entries */
	size_t n, cap;			/* pairs */
};

struct sql_schema_map {
	const char *prefix;		/* e.g. "migc_expected_"; NULL: record */
	const char *default_schema;	/* where unqualified names live */
	struct sql_slots *slots;	/* with a NULL prefix: where they are */
	/* A type for which this returns true (an extension's type: the
	 * extension is database-wide) keeps its real schema; NULL: none. */
	bool (*keep_type)(const void *ctx, const struct ast_name *type);
	const void *keep_ctx;
	/* The same for a function called as schema.f(...) in plain SQL (an
	 * extension's function; same ctx); NULL: none. */
	bool (*keep_func)(const void *ctx, const struct ast_name *func);
};

/* sql_remap.c: the project's schemas (sql_render_stmt_mapped's names are
 * remapped by the map itself) and the map whose prefix and keep_* apply. */
struct sql_remap {
	const char *const *schemas;
	size_t n;
	const struct sql_schema_map *map;
};
/* `text` with every "S." of a schema S in rm->schemas (as a name token,
 * not an extension's object) spelled as the scratch schema's. */
const char *sql_remap_text(struct arena *a, const struct sql_remap *rm, const char *text);
/* A shallow copy of `s` whose expressions (defaults, checks, generated
 * columns, index elements and predicates) name the scratch schemas. */
struct ast_stmt sql_remap_stmt(struct arena *a, const struct sql_remap *rm,
			       const struct ast_stmt *s);

/* An append callback (common/sqltext.h's sqlt_put_fn) for a strbuf. */
void sql_sb_sink(void *sb, const char *s, size_t n);
/* sql_identity.c: GENERATED ... AS IDENTITY [(options)] of a CON_IDENTITY
 * constraint; ALTER COLUMN c <identity or drop expression form> of an
 * ALT_ADD_IDENTITY, ALT_SET_IDENTITY, ALT_DROP_IDENTITY or
 * ALT_DROP_EXPRESSION action. */
struct ast_constraint;
struct ast_alter;
void sql_put_identity(struct strbuf *sb, const struct ast_constraint *c);
/* sql_excl.c: an index element; "(a, b)"; EXCLUDE USING m (e WITH op, ...)
 * [INCLUDE (...)] [WHERE (...)] */
void sql_put_index_elem(struct strbuf *sb, const struct ast_index_elem *e,
			const struct sql_schema_map *map);
void sql_put_idents(struct strbuf *sb, const struct ast_ident *ids, size_t n);
void sql_put_exclude(struct strbuf *sb, const struct ast_constraint *c,
		     const struct sql_schema_map *map);
void sql_put_alter_identity(struct strbuf *sb, const struct ast_alter *a);
/* "name" */
void sql_put_ident(struct strbuf *sb, const char *name);
/* A role: "current_user" and "session_user" as those words, others as
 * identifiers. */
void sql_put_role(struct strbuf *sb, const char *role);
/* 'text' */
void sql_put_literal(struct strbuf *sb, const char *text);
/* "schema"."name" or "name" */
void sql_put_name(struct strbuf *sb, const struct ast_name *name);
/* PostgreSQL's spelling of a type, e.g. "character varying(255)[]";
 * serial types stay "serial", "bigserial", "smallserial". */
void sql_put_type(struct strbuf *sb, const struct ast_type *type);

/* The same, remapped by `map` (NULL: as written). */
void sql_put_schema_mapped(struct strbuf *sb, const char *schema,
			   const struct sql_schema_map *map);
/* In record mode, notes that `len` bytes at `at` spell `schema` quoted,
 * when it is the default schema (for text not written through the above). */
void sql_note_default_schema(struct strbuf *sb, size_t at, size_t len,
			     const char *schema, const struct sql_schema_map *map);
void sql_put_name_mapped(struct strbuf *sb, const struct ast_name *name,
			 const struct sql_schema_map *map);
void sql_put_type_mapped(struct strbuf *sb, const struct ast_type *type,
			 const struct sql_schema_map *map);
/* " COLLATE x" when written (nothing otherwise): a qualified collation of
 * the project's schemas remapped by `map`, one of pg_catalog or
 * information_schema, or an unqualified one, as written. */
void sql_put_collate_mapped(struct strbuf *sb, const struct ast_name *coll,
			    const struct sql_schema_map *map);

const char *sql_ident(struct arena *a, const char *name);
/* The identifier as a person writes it: bare exactly when PostgreSQL reads
 * the bare word back as the same name (common/sqltext.h), else quoted.
 * For text that goes into an expression or a .mig source. */
void sql_put_ident_min(struct strbuf *sb, const char *name);
/* CREATE INDEX (sql_index.c). */
void sql_put_create_index(struct strbuf *sb, const struct ast_stmt *s,
			  const struct sql_schema_map *map);
/* ALTER TABLE ... ATTACH | DETACH PARTITION (sql_part.c). */
void sql_put_partition(struct strbuf *sb, const struct ast_stmt *s,
		       const struct sql_schema_map *map);
/* COMMENT ON ... IS ... (sql_comment.c, for sql_stmt.c) */
void sql_put_comment(struct strbuf *sb, const struct ast_stmt *s,
		     const struct sql_schema_map *map);
/* CREATE / DROP POLICY, ALTER POLICY ... RENAME TO (sql_policy.c). */
void sql_put_policy(struct strbuf *sb, const struct ast_stmt *s,
		    const struct sql_schema_map *map);
const char *sql_ident_min(struct arena *a, const char *name);
const char *sql_literal(struct arena *a, const char *text);
const char *sql_type(struct arena *a, const struct ast_type *type);

/* One statement, without the trailing ';'.  CREATE TABLE spans several
 * lines (one column or constraint per line, four-space indent); every other
 * statement is one line. */
const char *sql_render_stmt(struct arena *a, const struct ast_stmt *stmt);
/* The same with every name remapped by `map` (see above); execute bodies
 * are printed as written. */
const char *sql_render_stmt_mapped(struct arena *a, const struct ast_stmt *stmt,
				   const struct sql_schema_map *map);
/* The unmapped text, and in *slots where it names the default schema
 * (see above; *slots is reset first). */
const char *sql_render_stmt_slots(struct arena *a, const struct ast_stmt *stmt,
				  const char *default_schema,
				  struct sql_slots *slots);

/* A plain SQL statement that belongs to the schema (a view statement) with
 * its schema qualifiers mapped; NULL for any other statement
 * (sql_passthrough.c). */
const char *sql_passthrough_mapped(struct arena *a, const struct ast_stmt *s,
				   const struct sql_schema_map *map);

#endif
