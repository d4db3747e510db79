/*
 * ast.h - raw syntax of .mig files, as the grammar builds it.
 *
 * The grammar only records what was written; names, types and history are
 * checked afterwards by replay.c.  Every node has a location.  Identifiers
 * are already case-folded by the lexer (unquoted names to lower case,
 * quoted names kept exactly), so `name` fields compare with strcmp.
 * Expressions are kept as their source text, which is valid PostgreSQL
 * because the language's lexical rules are PostgreSQL's, plus the column
 * names they mention (for dependency tracking).
 *
 * All nodes live in the compilation's arena.  Lists are arrays + counts.
 */
#ifndef MIGC_AST_H
#define MIGC_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "srcfile.h"

struct arena;

/* A possibly schema-qualified name: schema is NULL when not written. */
struct ast_name {
	const char *schema;
	const char *name;
	struct loc loc;
};

/* An identifier with its location. */
struct ast_ident {
	const char *name;
	struct loc loc;
};

/* A SQL expression kept as source text. */
struct ast_expr {
	const char *text;		/* exact source text of the expression */
	struct ast_ident *columns;	/* unqualified identifiers used as column refs */
	size_t n_columns;
	struct loc loc;
};

enum ast_type_kind {
	TY_SMALLINT, TY_INTEGER, TY_BIGINT,
	TY_SMALLSERIAL, TY_SERIAL, TY_BIGSERIAL,
	TY_BOOLEAN,
	TY_NUMERIC,		/* mod1 = precision, mod2 = scale, -1 if absent */
	TY_REAL, TY_DOUBLE,
	TY_TEXT,
	TY_VARCHAR,		/* mod1 = length or -1 */
	TY_CHAR,		/* mod1 = length or -1 (PostgreSQL: char = char(1)) */
	TY_DATE,
	TY_TIME, TY_TIMETZ,	/* mod1 = precision or -1 */
	TY_TIMESTAMP, TY_TIMESTAMPTZ, /* mod1 = precision or -1 */
	TY_INTERVAL,		/* mod1 = precision or -1 */
	TY_UUID, TY_JSON, TY_JSONB, TY_BYTEA, TY_INET,
	TY_NAMED,		/* a user-defined type (enum): see `named` */
	TY_BUILTIN,		/* another built-in type (ast_types.c): `named.name`
				 * is format_type()'s spelling ("bit varying",
				 * "\"char\"", "point"); mod1 its modifier */
};

struct ast_type {
	enum ast_type_kind kind;
	int mod1, mod2;		/* -1 when not written */
	struct ast_name named;	/* TY_NAMED only */
	int array_dims;		/* number of [] (or ARRAY) suffixes */
	struct loc loc;
};

enum ast_fk_action {
	FK_ACTION_NONE,		/* not written: NO ACTION */
	FK_NO_ACTION, FK_RESTRICT, FK_CASCADE, FK_SET_NULL, FK_SET_DEFAULT,
};

enum ast_constraint_kind {
	CON_NOT_NULL,		/* column form only */
	CON_NULL,		/* column form only: explicit NULL */
	CON_DEFAULT,		/* column form only */
	CON_IDENTITY,		/* column form only: GENERATED ... AS IDENTITY */
	CON_PRIMARY_KEY,
	CON_UNIQUE,
	CON_CHECK,
	CON_FOREIGN_KEY,
	CON_GENERATED,		/* column form only: GENERATED ALWAYS AS (expr) STORED */
	CON_SEQUENCE,		/* column form only: SEQUENCE NAME seq_name (schema.mig) */
};

/* A column or table constraint.  In the column form `columns` is empty and
 * the constraint applies to its column. */
struct ast_constraint {
	enum ast_constraint_kind kind;
	const char *name;		/* CONSTRAINT name, or NULL */
	struct loc name_loc;
	struct ast_ident *columns;	/* PK / UNIQUE / FK local columns */
	size_t n_columns;
	struct ast_expr *expr;		/* CHECK expression or DEFAULT */
	bool identity_always;		/* CON_IDENTITY: ALWAYS vs BY DEFAULT */
	const char *seq_name;		/* CON_IDENTITY (SEQUENCE NAME x), CON_SEQUENCE:
					 * the sequence's name, or NULL */
	struct loc seq_loc;
	/* foreign key */
	struct ast_name ref_table;
	struct ast_ident *ref_columns;	/* may be empty: the referenced PK */
	size_t n_ref_columns;
	enum ast_fk_action on_delete, on_update;
	bool deferrable, initially_deferred;
	bool not_valid;			/* ALTER TABLE ... ADD ... NOT VALID */
	struct loc loc;
};

struct ast_column {
	struct ast_ident name;
	struct ast_type type;
	struct ast_constraint *constraints;
	size_t n_constraints;
	struct loc loc;
};

enum ast_alter_kind {
	ALT_ADD_COLUMN,		/* column */
	ALT_DROP_COLUMN,	/* name, if_exists, cascade */
	ALT_ALTER_TYPE,		/* name, type, expr (USING) or NULL */
	ALT_SET_NOT_NULL,	/* name */
	ALT_DROP_NOT_NULL,	/* name */
	ALT_SET_DEFAULT,	/* name, expr */
	ALT_DROP_DEFAULT,	/* name */
	ALT_ADD_CONSTRAINT,	/* constraint (table form) */
	ALT_DROP_CONSTRAINT,	/* name, if_exists, cascade */
	ALT_VALIDATE_CONSTRAINT,/* name */
	ALT_ROW_SECURITY,	/* rls: enable | disable | force | no force row level security */
};

enum ast_rls { RLS_ENABLE = 1, RLS_DISABLE, RLS_FORCE, RLS_NO_FORCE };

struct ast_alter {
	enum ast_alter_kind kind;
	struct ast_ident name;		/* column or constraint name */
	struct ast_column *column;	/* ALT_ADD_COLUMN */
	struct ast_type type;		/* ALT_ALTER_TYPE */
	struct ast_expr *expr;		/* USING or DEFAULT expression */
	struct ast_constraint *constraint; /* ALT_ADD_CONSTRAINT */
	bool if_exists, cascade;
	struct loc loc;
	enum ast_rls rls;		/* ALT_ROW_SECURITY */
};

struct ast_index_elem {
	struct ast_ident column;	/* column name, or NULL name for expr */
	struct ast_expr *expr;		/* ( expression ) or function call */
	bool desc;			/* DESC written */
	int nulls;			/* 0 unwritten, 1 NULLS FIRST, 2 NULLS LAST */
	struct loc loc;
};

enum ast_comment_target {
	COMMENT_TABLE,		/* target */
	COMMENT_COLUMN,		/* target = table, member = column */
	COMMENT_INDEX,		/* target */
	COMMENT_CONSTRAINT,	/* member = constraint ON target table */
	COMMENT_TYPE,		/* target */
};

enum ast_stmt_kind {
	STMT_CREATE_TABLE,
	STMT_DROP_TABLE,
	STMT_RENAME_TABLE,	/* ALTER TABLE t RENAME TO n */
	STMT_RENAME_COLUMN,	/* ALTER TABLE t RENAME [COLUMN] a TO b */
	STMT_RENAME_CONSTRAINT,	/* ALTER TABLE t RENAME CONSTRAINT a TO b */
	STMT_ALTER_TABLE,	/* one or more actions */
	STMT_CREATE_INDEX,
	STMT_DROP_INDEX,
	STMT_RENAME_INDEX,	/* ALTER INDEX i RENAME TO n */
	STMT_CREATE_ENUM,
	STMT_ADD_ENUM_VALUE,
	STMT_RENAME_ENUM_VALUE,	/* ALTER TYPE t RENAME VALUE 'a' TO 'b' */
	STMT_DROP_TYPE,
	STMT_CREATE_SCHEMA,
	STMT_DROP_SCHEMA,
	STMT_COMMENT,
	STMT_EXECUTE,
	STMT_CREATE_EXTENSION,	/* target.name; ext_schema, ext_version, cascade */
	STMT_DROP_EXTENSION,	/* target.name; if_exists, cascade */
	STMT_ATTACH_PARTITION,	/* ALTER TABLE target ATTACH PARTITION table part_bound */
	STMT_DETACH_PARTITION,	/* ALTER TABLE target DETACH PARTITION table */
	STMT_CREATE_POLICY,	/* policy in member, table in `table`, pol_* */
	STMT_DROP_POLICY,	/* member ON table [cascade] */
	STMT_RENAME_POLICY,	/* ALTER POLICY member ON table RENAME TO new_name */
};

struct ast_stmt {
	enum ast_stmt_kind kind;
	struct loc loc;			/* the whole statement, without ';' */

	/* the object: table, index, type or schema (schema: name.name) */
	struct ast_name target;
	bool if_exists, if_not_exists, cascade;

	/* CREATE TABLE */
	struct ast_column *columns;
	size_t n_columns;
	struct ast_constraint *constraints;	/* table constraints */
	size_t n_constraints;

	/* RENAME_*: old name in `member` (column, constraint), new in `new_name`;
	 * RENAME_TABLE / RENAME_INDEX: new name only. */
	struct ast_ident member;
	struct ast_ident new_name;

	/* ALTER TABLE */
	struct ast_alter *alters;
	size_t n_alters;

	/* CREATE INDEX (index name in target.name, may be NULL: unnamed;
	 * target.schema is the table's schema if written) */
	struct ast_name table;		/* ON table */
	bool unique, concurrently;
	const char *method;		/* USING method, or NULL (btree) */
	struct ast_index_elem *elems;
	size_t n_elems;
	struct ast_ident *include;	/* INCLUDE (cols) */
	size_t n_include;
	struct ast_expr *where;

	/* DROP INDEX CONCURRENTLY uses `concurrently` too */

	/* CREATE TYPE AS ENUM: labels; ADD VALUE: labels[0], with
	 * `neighbor` and `before` for BEFORE/AFTER; RENAME VALUE: labels[0]
	 * old, labels[1] new. */
	const char **labels;
	struct loc *label_locs;
	size_t n_labels;
	const char *neighbor;
	bool before;

	/* COMMENT ON */
	enum ast_comment_target comment_target;
	const char *comment;		/* NULL for IS NULL */

	/* EXECUTE $$...$$: the body between the dollar quotes; a plain SQL
	 * statement (kind STMT_EXECUTE, `passthrough` set): its text as
	 * written, which is the source from loc.start to loc.end */
	const char *sql;
	bool passthrough;

	/* CREATE EXTENSION: WITH SCHEMA (NULL: not written) and VERSION;
	 * create/drop extension also keep their text as written in `sql` */
	const char *ext_schema;
	struct loc ext_schema_loc;
	const char *ext_version;
	/* partitions (ast_part.c): CREATE TABLE ... PARTITION BY: the text
	 * after "partition by" ("range (a, b)"), or NULL; PARTITION OF: the
	 * parent (name NULL when not a partition) and the bound as written
	 * ("for values from (1) to (10)", "default"), also the bound of
	 * ATTACH PARTITION; ALTER TABLE ONLY. */
	const char *part_by;
	struct loc part_by_loc;		/* the text of part_by */
	struct ast_name part_of;
	const char *part_bound;
	struct loc part_bound_loc;	/* the text of part_bound */
	bool only;

	/* CREATE POLICY (ast_policy.c): restrictive when written AS
	 * RESTRICTIVE; cmd "all", "select", "insert", "update", "delete";
	 * roles as written (empty: public) */
	bool pol_restrictive;
	const char *pol_cmd;
	const char **pol_roles;
	size_t n_pol_roles;
	struct ast_expr *pol_using, *pol_check;
};

/* `revision` header of a revision file. */
struct ast_revision {
	struct ast_ident id;
	struct ast_ident *parents;	/* empty list: parent base */
	size_t n_parents;
	bool parent_base;		/* `parent base` written */
	const char *message;		/* NULL if not written */
	struct loc message_loc;
	bool inexact_downgrade;		/* header flag `inexact_downgrade` */
	struct loc inexact_loc;
	bool no_transaction;		/* header flag `no_transaction` */
	struct loc no_transaction_loc;
	bool has_upgrade, has_downgrade;
	struct loc upgrade_loc, downgrade_loc;	/* the block keywords */
	struct ast_stmt *upgrade;
	size_t n_upgrade;
	struct ast_stmt *downgrade;
	size_t n_downgrade;
	struct loc loc;			/* the header */
};

/* A `-- migc:allow rule ...` comment: a lint exemption (lint.c). */
struct ast_allow {
	const char *text;		/* what follows "migc:allow" */
	struct loc loc;			/* the whole comment */
	bool own_line;			/* only blanks before it on its line */
};

/* A parsed file: schema.mig (statements only) or a revision file. */
struct ast_file {
	const struct src_file *src;
	struct ast_revision *revision;	/* NULL for schema files */
	struct ast_stmt *stmts;		/* schema files: the statements */
	size_t n_stmts;
	struct ast_allow *allows;	/* in source order */
	size_t n_allows;
};

/* Interval fields (TY_INTERVAL keeps them in mod2; -1: none). */
enum {
	AST_IV_YEAR, AST_IV_MONTH, AST_IV_DAY, AST_IV_HOUR, AST_IV_MINUTE,
	AST_IV_SECOND, AST_IV_YEAR_MONTH, AST_IV_DAY_HOUR, AST_IV_DAY_MINUTE,
	AST_IV_DAY_SECOND, AST_IV_HOUR_MINUTE, AST_IV_HOUR_SECOND,
	AST_IV_MINUTE_SECOND,
};
/* "day to second" for AST_IV_DAY_SECOND; NULL for an unknown code. */
const char *ast_interval_fields_text(int code);
/* TY_BUILTIN: format_type()'s spelling of a built-in type's catalog or
 * alias name ("varbit" -> "bit varying"), and how many modifiers it
 * takes; NULL when `name` is not one (ast_types.c). */
const char *ast_builtin_type(const char *name, int *max_mods);

/* "head", "heads" and "base" (any case): words the migrator and migc read
 * as targets, so no revision may have them as its id. */
bool ast_rev_id_reserved(const char *id);

#endif
