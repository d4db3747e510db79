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

struct pgsql_seq;

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
	CON_EXCLUDE,		/* table form only: EXCLUDE [USING m] (elem WITH op, ...) */
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
	const struct pgsql_seq *seq_opts; /* CON_IDENTITY: the options written
					 * (sequence name apart), or NULL */
	/* foreign key */
	struct ast_name ref_table;
	struct ast_ident *ref_columns;	/* may be empty: the referenced PK */
	size_t n_ref_columns;
	enum ast_fk_action on_delete, on_update;
	bool deferrable, initially_deferred;
	bool not_valid;			/* ALTER TABLE ... ADD ... NOT VALID */
	bool match_full;		/* FOREIGN KEY: MATCH FULL (else SIMPLE) */
	bool nulls_not_distinct;	/* UNIQUE NULLS NOT DISTINCT */
	bool no_inherit;		/* CHECK (...) NO INHERIT */
	struct loc loc;
	/* PRIMARY KEY | UNIQUE USING INDEX name (alter table ... add):
	 * the index becomes the constraint's; NULL otherwise */
	const char *using_index;
	struct loc using_index_loc;
	/* CON_EXCLUDE: the access method (NULL: not written, btree), the
	 * elements (each with its operator), INCLUDE columns and WHERE */
	const char *excl_method;
	struct ast_index_elem *excl_elems;
	size_t n_excl_elems;
	struct ast_ident *include;
	size_t n_include;
	struct ast_expr *where;
	/* FOREIGN KEY: ON DELETE SET NULL | SET DEFAULT (cols); none: all */
	struct ast_ident *del_set_cols;
	size_t n_del_set_cols;
};

struct ast_column {
	struct ast_ident name;
	struct ast_type type;
	struct ast_name collation;	/* COLLATE x (name NULL: not written) */
	struct ast_constraint *constraints;
	size_t n_constraints;
	struct loc loc;
	bool with_options;		/* of a partition: name [with options] and
					 * constraints, no type (the parent's) */
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
	ALT_ADD_IDENTITY,	/* name, constraint (CON_IDENTITY) */
	ALT_SET_IDENTITY,	/* name, set_generated, seq_opts (set ..., restart) */
	ALT_DROP_IDENTITY,	/* name, if_exists */
	ALT_DROP_EXPRESSION,	/* name, if_exists */
	ALT_ALTER_CONSTRAINT,	/* name, deferrable, initially_deferred (a foreign key's) */
};

enum ast_rls { RLS_ENABLE = 1, RLS_DISABLE, RLS_FORCE, RLS_NO_FORCE };

struct ast_alter {
	enum ast_alter_kind kind;
	struct ast_ident name;		/* column or constraint name */
	struct ast_column *column;	/* ALT_ADD_COLUMN */
	struct ast_type type;		/* ALT_ALTER_TYPE */
	struct ast_name collation;	/* ALT_ALTER_TYPE: COLLATE x, or NULL name */
	struct ast_expr *expr;		/* USING or DEFAULT expression */
	struct ast_constraint *constraint; /* ALT_ADD_CONSTRAINT */
	bool if_exists, cascade;
	struct loc loc;
	enum ast_rls rls;		/* ALT_ROW_SECURITY */
	/* ALT_SET_IDENTITY: set generated (0 not written, 1 always, 2 by
	 * default) and the options set (restart included), or NULL */
	int set_generated;
	const struct pgsql_seq *seq_opts;
	bool deferrable, initially_deferred;	/* ALT_ALTER_CONSTRAINT */
};

struct ast_index_elem {
	struct ast_ident column;	/* column name, or NULL name for expr */
	struct ast_expr *expr;		/* ( expression ) or function call */
	bool desc;			/* DESC written */
	int nulls;			/* 0 unwritten, 1 NULLS FIRST, 2 NULLS LAST */
	struct ast_name collation;	/* COLLATE x (name NULL: not written) */
	struct ast_name opclass;	/* operator class (name NULL: the default) */
	const char *opc_opts;		/* its options, "name='value', ..." (NULL: none) */
	struct loc loc;
	const char *op;			/* EXCLUDE: the operator after WITH, as
					 * written ("&&", "=", "OPERATOR(s.=)") */
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

/* Per-kind data of a statement, as PostgreSQL's parse nodes (CreateStmt,
 * IndexStmt, ...): one small struct per kind or family of kinds, kept in
 * ast_stmt's union `u`.  Read a member only for the kinds its comment
 * names: for any other kind its bytes belong to another kind's struct (a
 * statement built zeroed reads as zeroes only in the member it was built
 * through).  Code that serves several kinds switches on `kind` first, or
 * asks ast_stmt_table() / ast_stmt_concurrently(). */

/* STMT_CREATE_TABLE (CreateStmt) */
struct ast_create_table {
	struct ast_column *columns;
	size_t n_columns;
	struct ast_constraint *constraints;	/* table constraints */
	size_t n_constraints;
	/* partitions (ast_part.c): PARTITION BY: the text after "partition
	 * by" ("range (a, b)"), or NULL; PARTITION OF: the parent (name NULL
	 * when not a partition) and the bound as written ("for values from
	 * (1) to (10)", "default") */
	const char *part_by;
	struct loc part_by_loc;		/* the text of part_by */
	struct ast_name part_of;
	const char *part_bound;
	struct loc part_bound_loc;	/* the text of part_bound */
};

/* STMT_RENAME_TABLE, STMT_RENAME_INDEX: new name only; STMT_RENAME_COLUMN,
 * STMT_RENAME_CONSTRAINT: old name in `member`, new in `new_name`. */
struct ast_rename {
	struct ast_ident member;
	struct ast_ident new_name;
	bool only;			/* ALTER TABLE ONLY t RENAME ... */
};

/* STMT_ALTER_TABLE (AlterTableStmt): one or more actions; ALTER TABLE ONLY */
struct ast_alter_table {
	struct ast_alter *alters;
	size_t n_alters;
	bool only;
};

/* STMT_CREATE_INDEX (IndexStmt): the index name is in target.name (NULL:
 * unnamed); target.schema is the table's schema if written. */
struct ast_create_index {
	struct ast_name table;		/* ON table */
	bool unique, concurrently;
	const char *method;		/* USING method, or NULL (btree) */
	struct ast_index_elem *elems;
	size_t n_elems;
	struct ast_ident *include;	/* INCLUDE (cols) */
	size_t n_include;
	struct ast_expr *where;
	bool nulls_not_distinct;	/* UNIQUE ... NULLS NOT DISTINCT */
	const char *with;		/* WITH (storage parameters), "name='value', ..." */
	bool only;			/* ON ONLY table */
};

/* STMT_DROP_TABLE, STMT_DROP_INDEX, STMT_DROP_TYPE, STMT_DROP_SCHEMA: the
 * first name is the statement's target; `drop table a, b, c` keeps b and c
 * in `more`, in the order written (ast_drop_count / ast_drop_one). */
struct ast_drop {
	bool concurrently;		/* DROP INDEX CONCURRENTLY */
	struct ast_name *more;
	size_t n_more;
};

/* STMT_CREATE_ENUM: labels; STMT_ADD_ENUM_VALUE: labels[0], with
 * `neighbor` and `before` for BEFORE/AFTER; STMT_RENAME_ENUM_VALUE:
 * labels[0] old, labels[1] new. */
struct ast_enum {
	const char **labels;
	struct loc *label_locs;
	size_t n_labels;
	const char *neighbor;
	bool before;
};

/* STMT_COMMENT: the object in target; `member` the column or constraint */
struct ast_comment {
	enum ast_comment_target comment_target;
	struct ast_ident member;
	const char *comment;		/* NULL for IS NULL */
};

/* STMT_EXECUTE: EXECUTE $$...$$: the body between the dollar quotes; a
 * plain SQL statement (`passthrough` set): its text as written, which is
 * the source from loc.start to loc.end */
struct ast_execute {
	const char *sql;
	bool passthrough;
};

/* STMT_CREATE_EXTENSION, STMT_DROP_EXTENSION: the text as written in
 * `sql`; create: WITH SCHEMA (NULL: not written) and VERSION */
struct ast_extension {
	const char *sql;
	const char *ext_schema;
	struct loc ext_schema_loc;
	const char *ext_version;
};

/* STMT_ATTACH_PARTITION, STMT_DETACH_PARTITION: the parent in target, the
 * partition in `table`; ATTACH's bound as written; DETACH's CONCURRENTLY
 * (outside a transaction only) or FINALIZE (completes an interrupted
 * concurrent detach). */
struct ast_partition {
	struct ast_name table;
	const char *part_bound;
	struct loc part_bound_loc;	/* the text of part_bound */
	bool concurrently, finalize;
	/* a concurrent detach run inside a transaction (the migrator's
	 * check): rendered as a plain detach after adding the partition
	 * constraint as a check, as the concurrent detach does */
	bool add_check;
};

/* STMT_CREATE_POLICY, STMT_DROP_POLICY, STMT_RENAME_POLICY (ast_policy.c):
 * the policy in member, its table in `table` (and target); rename: the new
 * name; create: restrictive when written AS RESTRICTIVE; cmd "all",
 * "select", "insert", "update", "delete"; roles as written (empty:
 * public) */
struct ast_policy {
	struct ast_name table;
	struct ast_ident member;
	struct ast_ident new_name;
	bool pol_restrictive;
	const char *pol_cmd;
	const char **pol_roles;
	size_t n_pol_roles;
	struct ast_expr *pol_using, *pol_check;
};

/* STMT_CREATE_SCHEMA: the role of `authorization ROLE` (name NULL: not
 * written; "current_user" / "session_user" as those words); the schema's
 * elements as written (create schema s create table ...), already
 * qualified with the schema: the statement lists of a file or block hold
 * them after the create schema, each as a statement of its own */
struct ast_schema {
	struct ast_ident owner;
	struct ast_stmt **elts;
	size_t n_elts;
};

/* One statement: a common header and its kind's data in `u`
 * (STMT_DROP_SCHEMA's is `drop`).  A new statement
 * kind adds its own struct: a member of `u`, or one pointer field at the
 * end of ast_stmt pointing to it. */
struct ast_stmt {
	enum ast_stmt_kind kind;
	struct loc loc;			/* the whole statement, without ';' */

	/* the object: table, index, type or schema (schema: name.name) */
	struct ast_name target;
	bool if_exists, if_not_exists, cascade;

	union {
		struct ast_create_table table;	/* STMT_CREATE_TABLE */
		struct ast_rename rename;	/* STMT_RENAME_{TABLE,COLUMN,CONSTRAINT,INDEX} */
		struct ast_alter_table alter;	/* STMT_ALTER_TABLE */
		struct ast_create_index index;	/* STMT_CREATE_INDEX */
		struct ast_drop drop;		/* STMT_DROP_{TABLE,INDEX,TYPE,SCHEMA} */
		struct ast_enum enum_;		/* STMT_{CREATE_ENUM,ADD_ENUM_VALUE,RENAME_ENUM_VALUE} */
		struct ast_comment comment;	/* STMT_COMMENT */
		struct ast_execute exec;	/* STMT_EXECUTE */
		struct ast_extension ext;	/* STMT_{CREATE,DROP}_EXTENSION */
		struct ast_partition part;	/* STMT_{ATTACH,DETACH}_PARTITION */
		struct ast_policy policy;	/* STMT_{CREATE,DROP,RENAME}_POLICY */
		struct ast_schema schema;	/* STMT_CREATE_SCHEMA */
	} u;
};

/* The table a statement names besides its target: CREATE INDEX's ON
 * table, the partition ATTACH / DETACH PARTITION moves, a policy's table;
 * NULL for the other kinds. */
const struct ast_name *ast_stmt_table(const struct ast_stmt *s);
/* CONCURRENTLY of CREATE INDEX or DROP INDEX; false for the other kinds,
 * where setting it does nothing. */
bool ast_stmt_concurrently(const struct ast_stmt *s);
/* The names a drop of table, index or type lists (1 for the other kinds),
 * and the statement as if it named only its i-th one (a copy). */
size_t ast_drop_count(const struct ast_stmt *s);
struct ast_stmt ast_drop_one(const struct ast_stmt *s, size_t i);
void ast_stmt_set_concurrently(struct ast_stmt *s, bool on);

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
