/*
 * model_ast.h - model objects written back as statements.
 *
 * Used by invert.c (derived downgrades) and by autogenerate: every
 * statement built here is complete enough for sql_render_stmt() and for
 * replay_stmt() to recreate the object exactly, so every constraint and
 * index carries its explicit name, serial columns come back as serial,
 * and NOT VALID constraints are added NOT VALID.  Names in the model's
 * default schema are left unqualified.  Every node gets location `loc`.
 */
#ifndef MIGC_MODEL_AST_H
#define MIGC_MODEL_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

struct arena;
struct model;
struct m_table;
struct m_column;
struct m_constraint;
struct m_index;
struct m_enum;
struct m_policy;

/* A growing list of statements (arena-allocated). */
struct mast_list {
	struct arena *a;
	bool declarative;	/* schema.mig text: a serial's sequence name may be
				 * written (SEQUENCE NAME), which a revision cannot */
	struct ast_stmt *v;
	size_t n, cap;
};

void mast_init(struct mast_list *l, struct arena *a);
/* Marks `l` as schema.mig text and adds to its create tables the
 * sequence names of serial columns that differ from PostgreSQL's (`m`:
 * the model they were written from). */
void mast_schema_text(struct mast_list *l, const struct model *m);
/* A zeroed statement of `kind` at `loc`, appended to l. */
struct ast_stmt *mast_push(struct mast_list *l, enum ast_stmt_kind kind, struct loc loc);
/* A plain SQL statement (STMT_EXECUTE, passthrough) of text `sql`, no
 * location, appended to l. */
void mast_push_sql(struct mast_list *l, const char *sql);

struct ast_name mast_name(const struct model *m, const char *schema, const char *name,
			  struct loc loc);
struct ast_ident mast_ident(const char *name, struct loc loc);
struct ast_type mast_type(const struct model *m, const struct m_column *c);
/* True when the column is recreated as serial (its default is still the
 * nextval() serial gave it). */
bool mast_is_serial(const struct m_column *c);

/* The column's definition: type, NOT NULL, DEFAULT, identity. */
struct ast_column *mast_column(struct arena *a, const struct model *m,
			       const struct m_column *c, struct loc loc);
/* A named table constraint; NOT VALID when it has not been validated. */
struct ast_constraint *mast_constraint(struct arena *a, const struct model *m,
				       const struct m_constraint *c, struct loc loc);

/* CREATE TABLE with its columns and its valid primary key, unique and
 * check constraints (foreign keys and NOT VALID ones are left to
 * mast_add_constraint, so the caller can order them). */
void mast_create_table(struct mast_list *l, const struct model *m,
		       const struct m_table *t, struct loc loc);
void mast_drop_table(struct mast_list *l, const struct model *m,
		     const struct m_table *t, struct loc loc);
void mast_add_column(struct mast_list *l, const struct model *m,
		     const struct m_table *t, const struct m_column *c, struct loc loc);
void mast_add_constraint(struct mast_list *l, const struct model *m,
			 const struct m_table *t, const struct m_constraint *c,
			 struct loc loc);
void mast_drop_constraint(struct mast_list *l, const struct model *m,
			  const struct m_table *t, const char *name, struct loc loc);
/* CREATE POLICY for policy p of t; DROP POLICY by name. */
void mast_create_policy(struct mast_list *l, const struct model *m, const struct m_table *t,
			const struct m_policy *p, struct loc loc);
void mast_drop_policy(struct mast_list *l, const struct model *m, const struct m_table *t,
		      const char *name, struct loc loc);
void mast_create_index(struct mast_list *l, const struct model *m,
		       const struct m_table *t, const struct m_index *ix, struct loc loc);
/* The same on relation schema.rel (a table or a materialized view). */
void mast_create_index_on(struct mast_list *l, const struct model *m, const char *schema,
			  const char *rel, const struct m_index *ix, struct loc loc);
/* Each index of materialized view v (with its comment), in order. */
struct m_view;
void mast_view_indexes(struct mast_list *l, const struct model *m, const struct m_view *v,
		       struct loc loc);
void mast_create_enum(struct mast_list *l, const struct model *m,
		      const struct m_enum *e, struct loc loc);
/* COMMENT ON ... IS text (NULL: IS NULL).  member: column or constraint. */
void mast_comment(struct mast_list *l, const struct model *m,
		  enum ast_comment_target target, const char *schema,
		  const char *name, const char *member, const char *text, struct loc loc);
/* Comments of a table and everything in it that has one. */
void mast_table_comments(struct mast_list *l, const struct model *m,
			 const struct m_table *t, struct loc loc);
/* One ALTER TABLE action on t (zeroed, kind set; caller fills the rest). */
struct ast_alter *mast_alter(struct mast_list *l, const struct model *m,
			     const struct m_table *t, enum ast_alter_kind kind,
			     struct loc loc);
/* model_identity.c: the ALTER COLUMN identity actions that take column
 * `from` of t to `to` (same name): drop identity, add generated ... as
 * identity (options, sequence name when not PostgreSQL's), or set
 * generated / set option for what differs; nothing when equal. */
void mast_identity_change(struct mast_list *l, const struct model *m, const struct m_table *t,
			  const struct m_column *from, const struct m_column *to, struct loc loc);

#endif
