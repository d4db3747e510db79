/*
 * ast_build.h - the front end's inside: parse context, keyword table and
 * the AST constructors that grammar actions call.
 *
 * Only grammar/lexer.l, grammar/parser.y, compiler/parse.c, ast.c and
 * keywords.c (and the parser's unit test) include this.  Every grammar
 * action is one call to an ast_* constructor here, PostgreSQL style: the
 * constructors allocate from the arena and fill nodes, and check nothing
 * beyond token-level rules (identifier length, duplicate header items,
 * misplaced constraint attributes).  Names, types and history are checked
 * later by replay.
 */
#ifndef MIGC_AST_BUILD_H
#define MIGC_AST_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"

struct diag;

/* ---- keywords (grammar/keywords.h) ---------------------------------- */

enum kw_category {
	KW_UNRESERVED, KW_COL_NAME, KW_TYPE_FUNC_NAME, KW_RESERVED,
};

struct keyword {
	const char *name;	/* lower case */
	int token;		/* bison token number */
	enum kw_category category;
};

/* `name` is lower case, `len` bytes (not NUL-terminated); NULL if it is not
 * a keyword. */
const struct keyword *kw_lookup(const char *name, size_t len);
/* The whole table, sorted by name. */
const struct keyword *kw_table(size_t *n);

/* ---- parse context --------------------------------------------------- */

/* A growable array of pointers from the arena; grammar lists. */
struct ast_list {
	void **items;
	size_t n, cap;
};

/* The state of one parse, shared by lexer, grammar and constructors.
 * Lives on parse_file()'s stack; nothing global. */
struct parse_ctx {
	struct arena *arena;
	struct diag *diag;
	const struct src_file *src;
	struct ast_file *file;
	struct ast_revision *rev;	/* revision mode only */

	/* lexer */
	void *scanner;
	char *buf;			/* copy of src->text that flex scans */
	struct strbuf lit;		/* body of the literal being scanned */
	uint32_t lit_start;		/* where that literal began */
	const char *dolq_tag;		/* "$tag$" of the open dollar quote */
	size_t dolq_len;
	int comment_depth;
	bool eof_error;
	uint32_t lex_error_at;		/* 1 + offset of the last lexical error */
	bool stmt_start;		/* the next token starts a statement */
	bool in_block;			/* inside upgrade { } or downgrade { } */
	int last_token;			/* an unterminated literal was reported */
	int stmt_ntok;			/* tokens of the statement so far */
	bool policy_stmt;		/* the statement is create policy */
	bool raw_expr_next;		/* a policy's ( was just read */
	bool schema_stmt;		/* the statement is create schema */
	int schema_depth;		/* its parenthesis depth */

	/* grammar */
	int start_token;		/* pseudo-token selecting the file kind */
	struct loc prev_loc, cur_loc;	/* last two tokens (for hints) */
	struct ast_ident *refs;		/* column references seen so far */
	size_t n_refs, cap_refs;
	struct loc rev_header_loc;	/* header items so far */
	struct loc parent_loc;		/* the `parent` line, once seen */
	int errors_before;		/* diag->n_errors when the parse began */
	size_t cap_allows;		/* room in file->allows */
	struct ast_list *fk_del_cols;	/* ON DELETE SET ... (cols) until the
					 * foreign key's reference is built */
};

/* Intermediate grammar values. */
struct ast_fk_ref {
	struct ast_name table;
	struct ast_list *columns;	/* of struct ast_ident * */
	int actions;			/* on_delete | on_update << 4 */
	struct ast_list *del_cols;	/* ON DELETE SET NULL | DEFAULT (cols) */
};

/* Constraint attribute bits (DEFERRABLE, ..., NOT VALID). */
enum {
	CAS_DEFERRABLE = 1, CAS_NOT_DEFERRABLE = 2,
	CAS_INITIALLY_DEFERRED = 4, CAS_INITIALLY_IMMEDIATE = 8,
	CAS_NOT_VALID = 16, CAS_NO_INHERIT = 32,
	CAS_NULLS_NOT_DISTINCT = 64,	/* UNIQUE NULLS NOT DISTINCT (not an attribute
					 * in PostgreSQL's grammar; carried the same way) */
};
/* ast_fk_ref's actions: MATCH FULL above the two action nibbles */
#define FK_MATCH_FULL 0x100

/* One item after a column's type: a constraint or an attribute of the
 * constraint before it. */
struct ast_col_qual {
	struct ast_constraint *con;	/* NULL for an attribute or COLLATE */
	struct ast_name *collate;	/* COLLATE x */
	int attr;			/* one CAS_* bit */
	struct loc loc;
};

/* One CREATE TABLE element: a column or a table constraint. */
struct ast_table_elem {
	struct ast_column *column;
	struct ast_constraint *con;
};

/* ---- syntax errors (compiler/parse.c) ---------------------------------- */

/* `syntax error at or near "X"` (or `at end of input`), then the expected
 * tokens when they are few; hints for a reserved word used as a name and
 * for a missing ';' between statements.  `expected` are bison's symbol
 * names ("TABLE", "identifier", "';'"). */
void parse_report_syntax(struct parse_ctx *c, struct loc loc, bool at_eof,
			 bool reserved_as_name, const char *const *expected,
			 int n_expected);
/* Moves the scanner to byte off of buf (lexer.l): a plain SQL statement
 * was taken whole. */
void lex_skip_to(struct parse_ctx *c, size_t off);
/* A `--` comment: records `-- migc:allow ...` in file->allows. */
void parse_line_comment(struct parse_ctx *c, const char *text, size_t len,
			uint32_t start);
/* Bison's own failure (parser stack exhausted). */
void parse_report_failure(struct parse_ctx *c, struct loc loc,
			  const char *msg);

/* ---- constructors (compiler/ast.c) ----------------------------------- */

struct ast_list *ast_list_add(struct parse_ctx *c, struct ast_list *l,
			      void *item);

/* Identifiers: ast_ident_name() enforces PostgreSQL's 63-byte limit (which
 * PostgreSQL applies by silent truncation); ast_ident_raw() does not. */
struct ast_ident ast_ident_name(struct parse_ctx *c, const char *s,
				struct loc loc);
struct ast_ident ast_ident_raw(struct parse_ctx *c, const char *s,
			       struct loc loc);
struct ast_ident *ast_ident_box(struct parse_ctx *c, struct ast_ident id);
struct ast_name ast_name1(struct parse_ctx *c, struct ast_ident name);
struct ast_name ast_name2(struct parse_ctx *c, struct ast_ident schema,
			  struct ast_ident name);

/* Expressions: ast_colref() records an unqualified column reference;
 * ast_expr_new() captures the source text of `loc` and the references
 * recorded inside it. */
void ast_colref(struct parse_ctx *c, struct ast_ident id);
struct ast_expr *ast_expr_new(struct parse_ctx *c, struct loc loc);

/* Types.  mod1/mod2 are ICONST tokens (NULL: not written). */
struct ast_type *ast_type_new(struct parse_ctx *c, enum ast_type_kind kind,
			      const struct ast_ident *mod1,
			      const struct ast_ident *mod2, struct loc loc);
/* A name that is not a type keyword: int4, text, uuid, ... or an enum. */
struct ast_type *ast_type_generic(struct parse_ctx *c, struct ast_name name,
				  struct ast_list *mods, struct loc loc);
struct ast_type *ast_type_float(struct parse_ctx *c,
				const struct ast_ident *prec, struct loc loc);
/* TIME / TIMESTAMP; with_tz: 1 WITH TIME ZONE, 0 otherwise. */
struct ast_type *ast_type_time(struct parse_ctx *c, bool timestamp,
			       const struct ast_ident *prec, int with_tz,
			       struct loc loc);
struct ast_type *ast_type_char(struct parse_ctx *c, bool varying,
			       const struct ast_ident *len, struct loc loc);
struct ast_type *ast_type_array(struct parse_ctx *c, struct ast_type *t,
				int dims, struct loc loc);
/* ast_ext.c: the options of create extension, as the grammar collects
 * them (each at most once). */
struct ast_ext_opts {
	const char *schema, *version;
	struct loc schema_loc;
	bool cascade;
};
void ast_ext_opt(struct parse_ctx *c, struct ast_ext_opts *o, int which,
		 const struct ast_ident *val, struct loc loc);
struct ast_stmt *ast_create_extension(struct parse_ctx *c, struct ast_ident name,
				      bool if_not_exists,
				      const struct ast_ext_opts *o, struct loc loc);
struct ast_stmt *ast_drop_extension(struct parse_ctx *c, struct ast_ident name,
				    bool if_exists, int behavior, struct loc loc);
/* ast_types.c: interval with fields, bit [varying] (n). */
struct ast_type *ast_type_interval(struct parse_ctx *c, int fields,
				   const struct ast_ident *prec, struct loc loc);
struct ast_type *ast_type_bit(struct parse_ctx *c, bool varying,
			      const struct ast_ident *len, struct loc loc);

/* Constraints. */
struct ast_constraint *ast_con_simple(struct parse_ctx *c,
				      enum ast_constraint_kind kind,
				      struct loc loc);
struct ast_constraint *ast_con_default(struct parse_ctx *c,
				       struct ast_expr *e, struct loc loc);
struct ast_constraint *ast_con_identity(struct parse_ctx *c, bool always,
					const struct ast_ident *seq, struct loc loc);
/* `sequence WORD seq` where "sequence name seq" is expected: seq, or NULL
 * after a syntax error when WORD is not "name" (a word, not a keyword, so
 * that columns called name stay bare). */
const struct ast_ident *ast_seq_words(struct parse_ctx *c, const char *w, struct loc l,
				      const struct ast_ident *seq);
/* ast_identity.c: the options of an identity (sequence name apart, in
 * q) and of alter column's identity forms, one constructor per element;
 * ast_idopts_merge() joins two, refusing an option written twice. */
struct pgsql_seq;
struct ast_idopts {
	struct pgsql_seq *q;
	const char *seq_name;		/* sequence name s, or NULL */
	struct loc seq_loc;
	int set_generated;		/* set generated: 1 always, 2 by default */
	struct loc loc;			/* the (last) element's */
	const char *word;		/* a word that is no option, or NULL */
	const char *err;		/* the first error, reported by the
					 * constructor of the clause */
	struct loc err_loc;
};
const char *ast_signed_num(struct parse_ctx *c, bool neg, const char *digits);
struct ast_idopts *ast_idopt_word(struct parse_ctx *c, const char *w, struct loc wl,
				  const char *joiner, const char *num, struct loc nl);
struct ast_idopts *ast_idopt_no(struct parse_ctx *c, const char *w, struct loc wl);
struct ast_idopts *ast_idopt_name(struct parse_ctx *c, const struct ast_ident *seq,
				  struct loc loc);
/* An element PostgreSQL refuses in this place: msg is the error. */
struct ast_idopts *ast_idopt_refused(struct parse_ctx *c, const char *msg, struct loc loc);
/* `set OPTION` of alter column (restart is refused after set). */
struct ast_idopts *ast_idopt_set(struct parse_ctx *c, struct ast_idopts *o);
/* a bare word in alter column's list: only restart is one. */
struct ast_idopts *ast_idopt_bare(struct parse_ctx *c, struct ast_idopts *o, const char *w);
struct ast_idopts *ast_idopt_generated(struct parse_ctx *c, bool always, struct loc loc);
struct ast_idopts *ast_idopts_merge(struct parse_ctx *c, struct ast_idopts *a,
				    struct ast_idopts *b);
struct ast_constraint *ast_con_identity_opts(struct parse_ctx *c, bool always,
					     struct ast_idopts *o, struct loc loc);
struct ast_alter *ast_alter_add_identity(struct parse_ctx *c, bool always,
					 struct ast_idopts *o, struct loc loc);
struct ast_alter *ast_alter_set_identity(struct parse_ctx *c, struct ast_idopts *o,
					 struct loc loc);
/* drop identity (word NULL) or drop WORD, WORD "expression". */
struct ast_alter *ast_alter_drop_identity(struct parse_ctx *c, const char *word,
					  struct loc wl, bool if_exists, struct loc loc);
/* SEQUENCE NAME x: the sequence of a serial (or identity) column; seq NULL
 * after ast_seq_words() refused the words. */
struct ast_constraint *ast_con_sequence(struct parse_ctx *c, const struct ast_ident *seq,
					struct loc loc);
/* ast_types.c: GENERATED ALWAYS AS (expr) STORED (BY DEFAULT is an error,
 * as in PostgreSQL). */
struct ast_constraint *ast_con_generated(struct parse_ctx *c, bool always,
					 struct ast_expr *e, struct loc loc);
struct ast_constraint *ast_con_check(struct parse_ctx *c, struct ast_expr *e,
				     int attrs, struct loc loc);
/* PRIMARY KEY / UNIQUE; cols NULL in the column form. */
struct ast_constraint *ast_con_keys(struct parse_ctx *c,
				    enum ast_constraint_kind kind,
				    struct ast_list *cols, int attrs,
				    struct loc loc);
struct ast_fk_ref *ast_fk_ref(struct parse_ctx *c, struct ast_name table,
			      struct ast_list *cols, int actions);
struct ast_constraint *ast_con_fk(struct parse_ctx *c, struct ast_list *cols,
				  struct ast_fk_ref *ref, int attrs,
				  struct loc loc);
struct ast_constraint *ast_con_named(struct parse_ctx *c,
				     struct ast_ident name,
				     struct ast_constraint *con,
				     struct loc loc);
/* Adds one CAS_* bit to a set, rejecting duplicates and contradictions. */
int ast_cas_add(struct parse_ctx *c, int set, int bit, struct loc loc);
/* Shared by ast.c and ast_excl.c. */
struct ast_ident *idents_of(struct parse_ctx *c, struct ast_list *l, size_t *n);
struct ast_constraint *con_new(struct parse_ctx *c, enum ast_constraint_kind kind,
			       struct loc loc);
void con_apply_attrs(struct parse_ctx *c, struct ast_constraint *con, int attrs,
		     struct loc loc);
/* ast_excl.c: EXCLUDE [USING method] (elem WITH op, ...) [INCLUDE (cols)]
 * [WHERE (pred)]; an element's operator; ON DELETE SET NULL | SET DEFAULT
 * (cols) (the action, the columns kept for ast_fk_ref). */
struct ast_constraint *ast_con_exclude(struct parse_ctx *c, struct ast_ident *method,
				       struct ast_list *elems, struct ast_list *include,
				       struct ast_expr *where, int attrs, struct loc loc);
struct ast_index_elem *ast_excl_elem(struct parse_ctx *c, struct ast_index_elem *e,
				     const char *op);
int ast_fk_del_cols(struct parse_ctx *c, int action, struct ast_list *cols);
/* OPERATOR(schema.op): "word" must be operator; the text as PostgreSQL
 * prints it. */
const char *ast_excl_operator(struct parse_ctx *c, const char *word, struct loc wloc,
			      struct ast_ident schema, const char *op);
/* MATCH PARTIAL: PostgreSQL's error; 0 (MATCH SIMPLE) after it. */
int ast_match_partial(struct parse_ctx *c, struct loc loc);

struct ast_col_qual *ast_qual_con(struct parse_ctx *c,
				  struct ast_constraint *con);
struct ast_col_qual *ast_qual_attr(struct parse_ctx *c, int attr,
				   struct loc loc);
struct ast_column *ast_column_new(struct parse_ctx *c, struct ast_ident name,
				  struct ast_type *type,
				  struct ast_list *quals, struct loc loc);
struct ast_table_elem *ast_elem_column(struct parse_ctx *c,
				       struct ast_column *col);
struct ast_table_elem *ast_elem_con(struct parse_ctx *c,
				    struct ast_constraint *con);

/* ALTER TABLE actions. */
struct ast_alter *ast_alter_add_column(struct parse_ctx *c,
				       struct ast_column *col,
				       bool if_not_exists, struct loc loc);
struct ast_alter *ast_alter_drop(struct parse_ctx *c, enum ast_alter_kind k,
				 struct ast_ident name, bool if_exists,
				 int behavior, struct loc loc);
struct ast_alter *ast_alter_simple(struct parse_ctx *c,
				   enum ast_alter_kind k, struct loc loc);
struct ast_alter *ast_alter_expr(struct parse_ctx *c, enum ast_alter_kind k,
				 struct ast_expr *e, struct loc loc);
/* ast_types.c: COLLATE x after a column's type; COLLATE and the operator
 * class of an index element; COLLATE of alter column ... type. */
struct ast_col_qual *ast_qual_collate(struct parse_ctx *c, struct ast_name *n,
				      struct loc loc);
struct ast_index_elem *ast_ielem_class(struct parse_ctx *c, struct ast_index_elem *e,
				       struct ast_name *collate, struct ast_name *opclass,
				       const char *opc_opts);
/* One storage parameter (or operator class option) as PostgreSQL prints
 * it: name='value' (a value that is a word or a number is kept as its
 * text, a bare name is 'true'); a list joins them with ", ". */
const char *ast_reloption(struct parse_ctx *c, struct ast_ident name, const char *value);
const char *ast_reloption_join(struct parse_ctx *c, const char *list, const char *one);
struct ast_alter *ast_alter_collate(struct parse_ctx *c, struct ast_alter *a,
				    struct ast_name *collate);
struct ast_alter *ast_alter_type(struct parse_ctx *c, struct ast_type *t,
				 struct ast_expr *using, struct loc loc);
/* ALTER [COLUMN] name <action>: names the column of a column action. */
struct ast_alter *ast_alter_column(struct parse_ctx *c, struct ast_ident name,
				   struct ast_alter *a, struct loc loc);
struct ast_alter *ast_alter_add_con(struct parse_ctx *c,
				    struct ast_constraint *con,
				    struct loc loc);
/* PRIMARY KEY | UNIQUE USING INDEX index (its columns are the index's). */
struct ast_constraint *ast_con_using_index(struct parse_ctx *c,
					   enum ast_constraint_kind kind,
					   struct ast_ident index, int attrs,
					   struct loc loc);
struct ast_alter *ast_alter_con_attrs(struct parse_ctx *c, struct ast_ident name,
				      int attrs, struct loc loc);
struct ast_alter *ast_alter_validate(struct parse_ctx *c,
				     struct ast_ident name, struct loc loc);

/* Index elements. */
struct ast_index_elem *ast_ielem_column(struct parse_ctx *c,
					struct ast_ident col, struct loc loc);
struct ast_index_elem *ast_ielem_expr(struct parse_ctx *c,
				      struct ast_expr *e, struct loc loc);
/* desc: 0/1; nulls: 0 unwritten, 1 FIRST, 2 LAST. */
struct ast_index_elem *ast_ielem_order(struct parse_ctx *c,
				       struct ast_index_elem *e, int desc,
				       int nulls, struct loc loc);

/* Statements.  behavior: 0 none, 1 CASCADE, 2 RESTRICT. */
struct ast_stmt *ast_create_table(struct parse_ctx *c, struct ast_name name,
				  bool if_not_exists, struct ast_list *elems,
				  struct loc loc);
struct ast_stmt *ast_drop(struct parse_ctx *c, enum ast_stmt_kind kind,
			  struct ast_name name, bool if_exists, int behavior,
			  bool concurrently, struct loc loc);
/* drop table | index | type a, b, c: names holds struct ast_name * */
struct ast_stmt *ast_drop_list(struct parse_ctx *c, enum ast_stmt_kind kind,
			       struct ast_list *names, bool if_exists, int behavior,
			       bool concurrently, struct loc loc);
struct ast_name *ast_name_box(struct parse_ctx *c, struct ast_name n);
/* RENAME TABLE / RENAME INDEX. */
struct ast_stmt *ast_rename(struct parse_ctx *c, enum ast_stmt_kind kind,
			    struct ast_name name, bool if_exists,
			    struct ast_ident new_name, struct loc loc);
/* RENAME COLUMN / RENAME CONSTRAINT. */
struct ast_stmt *ast_rename_member(struct parse_ctx *c,
				   enum ast_stmt_kind kind,
				   struct ast_name table, bool if_exists,
				   struct ast_ident old_name,
				   struct ast_ident new_name, struct loc loc);
struct ast_stmt *ast_alter_table(struct parse_ctx *c, struct ast_name name,
				 bool if_exists, struct ast_list *alters,
				 struct loc loc);
/* Partitions (ast_part.c).  `by` and `bound` are spans of source text
 * (ast_expr_new); a NULL `by` means no PARTITION BY. */
struct ast_stmt *ast_partition_by(struct parse_ctx *c, struct ast_stmt *s,
				  struct ast_expr *by);
struct ast_stmt *ast_partition_of(struct parse_ctx *c, struct ast_name name,
				  bool if_not_exists, struct ast_name parent,
				  struct ast_expr *bound, struct ast_expr *by,
				  struct loc loc);
struct ast_stmt *ast_attach_partition(struct parse_ctx *c, struct ast_name parent,
				      struct ast_name part, struct ast_expr *bound,
				      struct loc loc);
/* mode: NULL, or the word after the partition (concurrently | finalize) */
struct ast_stmt *ast_detach_partition(struct parse_ctx *c, struct ast_name parent,
				      struct ast_name part, const struct ast_ident *mode,
				      struct loc loc);
struct ast_stmt *ast_alter_only(struct ast_stmt *s);
/* ALTER TABLE ONLY t RENAME ... */
struct ast_stmt *ast_rename_only(struct ast_stmt *s);
/* PARTITION OF parent (elements): a column's options (`with` is the word
 * after WITH, which must be OPTIONS, or NULL) and table constraints. */
struct ast_column *ast_column_options(struct parse_ctx *c, struct ast_ident name,
				      const struct ast_ident *with, struct ast_list *quals,
				      struct loc loc);
struct ast_stmt *ast_partition_elems(struct parse_ctx *c, struct ast_stmt *s,
				     struct ast_list *elems);

/* ALTER TABLE [NO] verb row level security (ast_rls.c); the three words
 * are checked here, not by the grammar (they are not keywords). */
struct ast_alter *ast_alter_rls(struct parse_ctx *c, bool no, const char *verb,
				struct loc verb_loc, struct ast_ident row,
				struct ast_ident level, struct ast_ident security,
				struct loc loc);

/* Policies (ast_policy.c). */
/* A policy's using / with check expression at loc, checked with
 * PostgreSQL's grammar (ast_sql.c). */
struct ast_expr *ast_policy_expr(struct parse_ctx *c, struct loc loc);
struct ast_stmt *ast_create_policy(struct parse_ctx *c, struct ast_ident name,
				   struct ast_name table, struct ast_ident as,
				   struct ast_ident cmd, struct ast_list *roles,
				   struct ast_expr *using_, struct ast_expr *check,
				   struct loc loc);
struct ast_stmt *ast_drop_policy(struct parse_ctx *c, struct ast_ident name,
				 struct ast_name table, bool if_exists, int behavior,
				 struct loc loc);
struct ast_stmt *ast_rename_policy(struct parse_ctx *c, struct ast_ident name,
				   struct ast_name table, struct ast_ident new_name,
				   struct loc loc);

/* The parts of CREATE INDEX before the column list. */
struct ast_index_head {
	bool unique, concurrently, if_not_exists, only;
	struct ast_ident *name;		/* NULL: unnamed */
	struct ast_name table;
	const char *method;
};
struct ast_index_head *ast_index_head(struct parse_ctx *c, bool unique,
				      bool concurrently, bool if_not_exists,
				      struct ast_ident *name, bool only,
				      struct ast_name table,
				      const struct ast_ident *method);
struct ast_stmt *ast_create_index(struct parse_ctx *c,
				  struct ast_index_head *h,
				  struct ast_list *elems,
				  struct ast_list *include,
				  struct ast_expr *where, bool nulls_not_distinct,
				  const char *with, struct loc loc);
struct ast_stmt *ast_create_enum(struct parse_ctx *c, struct ast_name name,
				 struct ast_list *labels, struct loc loc);
/* where: 0 none, 1 BEFORE neighbor, 2 AFTER neighbor. */
struct ast_stmt *ast_add_enum_value(struct parse_ctx *c, struct ast_name name,
				    bool if_not_exists, struct ast_ident label,
				    int where, const struct ast_ident *neighbor,
				    struct loc loc);
struct ast_stmt *ast_rename_enum_value(struct parse_ctx *c,
				       struct ast_name name,
				       struct ast_ident old_label,
				       struct ast_ident new_label,
				       struct loc loc);
struct ast_stmt *ast_create_schema(struct parse_ctx *c, struct ast_ident name,
				   bool if_not_exists, const struct ast_ident *owner,
				   struct loc loc);
/* create schema S <elements> (ast_schema.c): `s` (from ast_create_schema)
 * with its elements, each qualified with S as PostgreSQL runs them (tables
 * first, then indexes; an unqualified name of a table an element creates
 * means the one in S) */
struct ast_stmt *ast_schema_elts(struct parse_ctx *c, struct ast_stmt *s,
				 struct ast_list *elts, struct loc loc);
/* member: the column (COMMENT_COLUMN) or constraint; text NULL for IS NULL */
struct ast_stmt *ast_comment(struct parse_ctx *c,
			     enum ast_comment_target target,
			     struct ast_name object,
			     const struct ast_ident *member,
			     const char *text, struct loc loc);
/* COMMENT ON COLUMN a.b.c: the table is a.b, the column c. */
struct ast_stmt *ast_comment_column3(struct parse_ctx *c,
				     struct ast_ident schema,
				     struct ast_ident table,
				     struct ast_ident column,
				     const char *text, struct loc loc);
/* ast_sql.c: `execute 'body'` (body_loc: the string literal) and a plain
 * SQL statement (its text and span); both are checked with PostgreSQL's
 * grammar. */
struct ast_stmt *ast_execute(struct parse_ctx *c, const char *sql,
			     struct loc body_loc, struct loc loc);
struct ast_stmt *ast_passthrough(struct parse_ctx *c, const char *sql,
				 struct loc loc);

/* Files and revision headers. */
void ast_file_stmts(struct parse_ctx *c, struct ast_list *stmts);
void ast_rev_id(struct parse_ctx *c, struct ast_ident id, struct loc loc);
/* parents NULL: `parent base` */
void ast_rev_parents(struct parse_ctx *c, struct ast_list *parents,
		     struct loc loc);
/* The message token is a "quoted" identifier (ident: an IDENT token, which
 * must have been written in double quotes) or a 'string'. */
void ast_rev_message(struct parse_ctx *c, const char *text, bool ident,
		     struct loc tok_loc, struct loc loc);
void ast_rev_inexact(struct parse_ctx *c, struct loc loc);
void ast_rev_no_transaction(struct parse_ctx *c, struct loc loc);
void ast_rev_block(struct parse_ctx *c, bool upgrade, struct ast_list *stmts,
		   struct loc kw_loc);
/* End of a revision file: missing `revision` / `parent` lines. */
void ast_rev_finish(struct parse_ctx *c);

#endif
