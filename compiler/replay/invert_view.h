/*
 * invert_view.h - derived downgrades for views, and the SQL that creates
 * and drops a model view (also used by autogenerate).
 *
 * Views are passed to PostgreSQL as plain SQL statements (ast.h,
 * `passthrough`), so their inverses are plain SQL too, built from the
 * models before and after a statement: views the statement created are
 * dropped (dependents first), views it replaced get their previous
 * definition back, views it dropped (also by cascade, from a table or
 * column drop) are recreated in dependency order.
 */
#ifndef MIGC_INVERT_VIEW_H
#define MIGC_INVERT_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "srcfile.h"

struct arena;
struct model;
struct m_view;
struct mast_list;
struct ast_stmt;

/* CREATE [OR REPLACE] [MATERIALIZED] VIEW "schema"."name" <def> */
const char *view_create_sql(struct arena *a, const struct model *m, const struct m_view *v,
			    bool replace);
/* DROP [MATERIALIZED] VIEW "schema"."name" */
const char *view_drop_sql(struct arena *a, const struct model *m, const struct m_view *v);
/* Orders vs[0..n) so that each view comes after the views it reads
 * (reverse: before them). */
void view_order(struct m_view **vs, size_t n, bool reverse, struct arena *a);
/* Appends a plain SQL statement to l. */
void view_push_sql(struct mast_list *l, const char *sql, struct loc loc);

/* The views `after` has and `before` has not (dropped), changed (their
 * definition put back, when `changed`: not for table renames, which
 * PostgreSQL carries into the views itself) and lost (recreated),
 * appended to l. */
void invert_views(struct arena *a, const struct model *before, const struct model *after,
		  bool changed, struct loc loc, struct mast_list *l);

/* The indexes of the materialized views both models have with the same
 * definition: those `after` added dropped, those it lost created again
 * (with their comments), a changed index comment put back.  Not for a
 * rename (inverted on its own). */
void invert_view_indexes(struct arena *a, const struct model *before,
			 const struct model *after, struct loc loc, struct mast_list *l);

/* invert_comment.c: COMMENT ON [MATERIALIZED] VIEW|FUNCTION|PROCEDURE|
 * AGGREGATE|TRIGGER|DOMAIN|TYPE ... IS text (NULL: IS NULL), and the
 * downgrade of a comment statement p (PGSQL_COMMENT): the previous
 * comment back; false when `before` does not have the object. */
struct m_routine;
struct m_trigger;
struct m_utype;
struct pgsql_stmt;
/* invert_comment.c: the comment the object of `comment on` statement s
 * (a table, column, constraint, index or type) had in `b` (*old, NULL for
 * none); false when b has no such table (nothing to restore). */
bool comment_before(const struct model *b, const struct ast_stmt *s, const char **old);
const char *view_comment_sql(struct arena *a, const struct model *m, const struct m_view *v,
			     const char *text);
const char *routine_comment_sql(struct arena *a, const struct model *m,
				const struct m_routine *f, const char *text);
const char *trigger_comment_sql(struct arena *a, const struct model *m,
				const struct m_trigger *t, const char *text);
const char *utype_comment_sql(struct arena *a, const struct model *m, const struct m_utype *t,
			      const char *text);
bool invert_comment(struct arena *a, const struct model *before, const struct pgsql_stmt *p,
		    struct loc loc, struct mast_list *l);

/* Functions, procedures, aggregates and triggers the same way
 * (invert_routine.c); a routine rename inverts to the rename back. */
struct m_routine;
struct m_trigger;
struct pgsql_stmt;
const char *routine_drop_sql(struct arena *a, const struct model *m, const struct m_routine *f);
const char *trigger_drop_sql(struct arena *a, const struct model *m, const struct m_trigger *t);
void invert_routines(struct arena *a, const struct model *before, const struct model *after,
		     bool changed, struct loc loc, struct mast_list *l);
/* alter function | procedure | aggregate ... set schema: moved back. */
bool invert_routine_set_schema(struct arena *a, const struct model *before,
			       const struct pgsql_stmt *p, struct loc loc, struct mast_list *l);
bool invert_routine_rename(struct arena *a, const struct model *before,
			   const struct pgsql_stmt *p, struct loc loc, struct mast_list *l);

/* A plain SQL statement s: its inverse into l when it is a view
 * statement, else false with *why set. */
bool invert_passthrough(struct arena *a, const struct model *before,
			const struct model *after, const struct ast_stmt *s,
			struct mast_list *l, const char **why);

/* invert_plain.c: the downgrade of grant|revoke|alter ... owner to (p)
 * from the grants and owners of the models before and after it; false
 * with *why when the models do not record them, or when the owner before
 * is not known. */
struct pgsql_stmt;
bool invert_acl(struct arena *a, const struct model *before, const struct model *after,
		const struct pgsql_stmt *p, struct loc loc, struct mast_list *l,
		const char **why);

/* invert_utype.c: the downgrade of create|drop domain|type described by
 * p (a struct pgsql_stmt of PGSQL_CREATE_TYPE or PGSQL_DROP_TYPE). */
struct pgsql_stmt;
bool invert_utype(struct arena *a, const struct model *before, const struct pgsql_stmt *p,
		  struct loc loc, struct mast_list *l, const char **why);
/* The native drop type s of a domain, composite or range type: its create
 * text back when `before` holds it and `after` does not; false (not
 * invertible) for drop ... cascade of one. */
struct ast_stmt;
bool invert_utype_restore(const struct model *before, const struct model *after,
			  const struct ast_stmt *s, struct mast_list *l);
/* invert_domain.c: the downgrade of alter domain p (PGSQL_ALTER_DOMAIN):
 * the alter domain statements that take the domain in `after` back to
 * `before`, a rename constraint renamed back. */
bool invert_domain(struct arena *a, const struct model *before, const struct model *after,
		   const struct pgsql_stmt *p, struct loc loc, struct mast_list *l,
		   const char **why);
/* invert_evtrig.c: the downgrade of an event trigger statement p: drop
 * what it created, create again what it dropped (with its enable state),
 * the previous state back, a rename renamed back.  invert_evtrigs_restore:
 * the event triggers `before` has and `after` lacks (a function dropped
 * with cascade took them) created again. */
bool invert_evtrig(struct arena *a, const struct model *before, const struct pgsql_stmt *p,
		   struct loc loc, struct mast_list *l, const char **why);
void invert_evtrigs_restore(struct arena *a, const struct model *before,
			    const struct model *after, struct loc loc, struct mast_list *l);

/* invert_seq.c: the downgrade of a standalone sequence statement p
 * (PGSQL_CREATE_SEQUENCE ... PGSQL_RENAME_SEQUENCE); and the sequences
 * `before` has and `after` has not, created (owners false: before the
 * tables are restored) or given their owner back (owners true: after). */
bool invert_seq(struct arena *a, const struct model *before, const struct pgsql_stmt *p,
		struct loc loc, struct mast_list *l, const char **why);
void invert_seq_restore(struct arena *a, const struct model *before, const struct model *after,
			bool owners, struct loc loc, struct mast_list *l);
/* The SQL of a model sequence (also for autogenerate): create sequence
 * with every option; alter sequence ... owned by; alter sequence with
 * every option and the owner (NONE when it has none). */
struct m_seq;
const char *seq_create_sql(struct arena *a, const struct model *m, const struct m_seq *q);
const char *seq_owned_sql(struct arena *a, const struct model *m, const struct m_seq *q);
/* COMMENT ON SEQUENCE ... IS 'text' | NULL (q's comment) */
const char *seq_comment_sql(struct arena *a, const struct model *m, const struct m_seq *q);
const char *seq_alter_sql(struct arena *a, const struct model *m, const struct m_seq *q);

#endif
