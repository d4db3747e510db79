/*
 * replay_int.h - shared internals of the replay pass (replay*.c only).
 *
 * One `struct rp` per statement.  Helpers report errors themselves and
 * return false / NULL; the caller just propagates the failure, and
 * replay_stmt() rolls the model back.
 */
#ifndef MIGC_REPLAY_INT_H
#define MIGC_REPLAY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "model.h"

struct arena;
struct diag;

struct rp {
	struct model *m;
	struct arena *a;
	struct diag *d;
	const struct ast_stmt *s;
	/* drop table a, b, c: the whole statement while s is one name of it
	 * (replay.c); NULL otherwise */
	const struct ast_stmt *drop_set;
	bool any_collation;	/* replay_ctx's */
};

/* errors at `loc`, or at the statement when loc has no file */
void rp_error(struct rp *r, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void rp_note(struct rp *r, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Resolving names (errors reported).  `quiet` suppresses the error. */
struct m_schema *rp_schema(struct rp *r, const struct ast_name *n, bool quiet);
struct m_table *rp_table(struct rp *r, const struct ast_name *n, bool quiet);
bool rp_resolve_type(struct rp *r, const struct ast_type *in, struct ast_type *out);
/* A collation or operator class name as the model keeps it: pg_catalog's
 * without schema. */
void rp_catalog_name(const struct ast_name *n, const char **schema, const char **name);
/* replay_resolve.c: a COLLATE name resolved as rp_catalog_name, the default
 * schema's collation when unqualified and the model has it; false
 * (reported at the name) for a qualified one the model lacks.
 * rp_coll_stmt (replay_coll.c): create|drop collation p. */
bool rp_collation(struct rp *r, const struct ast_name *n, const char **schema, const char **name);
struct pgsql_stmt;
bool rp_coll_stmt(struct rp *r, const struct pgsql_stmt *p);
/* replay_partkey.c: false (reported at the constraint) when `t` is
 * partitioned and a primary key or unique constraint of it leaves out a
 * partition key column (or the key has an expression). */
bool rp_part_keys_ok(struct rp *r, const struct m_table *t);
/* After rp_table(quiet = if_exists) found nothing: true when IF EXISTS
 * makes that fine; reports "is not a table" when it is another relation. */
bool rp_missing_ok(struct rp *r);
const char *rp_table_label(struct rp *r, const struct m_table *t);

/* Building a column from its definition; table constraints written in the
 * column are appended to *cons (arena array) for the caller. */
bool rp_build_column(struct rp *r, struct m_table *t, const struct ast_column *c,
		     struct m_column *out, const struct ast_constraint ***cons,
		     size_t *n_cons);
/* replay_seq.c: sequence options o applied to q with PostgreSQL's
 * defaults (create) and checks; errors at `at`. */
struct pgsql_seq;
bool rp_seq_apply(struct rp *r, struct m_seq *q, const struct pgsql_seq *o, bool create,
		  struct loc at);
/* replay_identity.c: the options of identity column `out` built from c
 * by rp_build_column() resolved into out->id_opts (true when it is no
 * identity column); alter column's identity forms. */
bool rp_identity_column(struct rp *r, const struct ast_column *c, struct m_column *out);
bool rp_alter_identity(struct rp *r, struct m_table *t, const struct ast_alter *al);
/* Registers the owned sequence of a serial or identity column. */
/* The sequence of a serial or identity column: the name written
 * (SEQUENCE NAME), else PostgreSQL's; false after an error when the
 * written name is taken. */
bool rp_add_sequence(struct rp *r, struct m_table *t, struct m_column *col);

/* Adds constraints to writable table t in PostgreSQL's order (checks,
 * primary key, unique, foreign keys).  `colnames[i]` is the column of a
 * column-form constraint, or NULL.  `alter`: ALTER TABLE (NOT VALID allowed). */
bool rp_add_constraints(struct rp *r, struct m_table *t,
			const struct ast_constraint *const *cons,
			const char *const *colnames, size_t n, bool alter);

/* replay_excl.c: an exclusion constraint added to writable t; each
 * exclusion constraint's definition taken again from its index (after a
 * column rename); ON DELETE SET ... (cols) checked against the key's
 * columns, duplicates dropped. */
bool rp_add_exclude(struct rp *r, struct m_table *t, const struct ast_constraint *c);
void rp_excl_resync(struct rp *r, struct m_table *t);
bool rp_fk_del_set_cols(struct rp *r, const struct ast_constraint *c,
			const char *const *cols, size_t n, const char ***out, size_t *nout);

/* Foreign keys elsewhere that depend on something being dropped. */
struct rp_dep {
	struct m_table *table;		/* the table holding the FK */
	const struct m_constraint *fk;
};
enum rp_dep_what { DEP_TABLE, DEP_COLUMN, DEP_INDEX };
struct rp_dep *rp_fk_dependents(struct rp *r, const struct m_table *ref,
				enum rp_dep_what what, const char *name, size_t *n);
/* Without cascade: reports the error with notes and returns false.  With
 * cascade: drops the dependent FKs. */
bool rp_handle_dependents(struct rp *r, struct rp_dep *deps, size_t n, bool cascade,
			  const char *what_msg);

/* Removing objects from writable tables (bookkeeping included). */
void rp_drop_constraint_at(struct rp *r, struct m_table *t, size_t i);
void rp_drop_index_at(struct rp *r, struct m_table *t, size_t i);
void rp_drop_table_objects(struct rp *r, struct m_table *t);
/* Drops column `name` of writable t with what depends on it; checks FK
 * dependents from other tables (cascade rules).  Returns false on error. */
bool rp_drop_column(struct rp *r, struct m_table **tp, const char *name,
		    bool cascade, struct loc loc);
/* Re-checks foreign keys touching column `col` of t after a type change. */
bool rp_recheck_fk_types(struct rp *r, const struct m_table *t, const char *col,
			 struct loc loc);
bool rp_fk_types_compatible(const struct ast_type *fk, const struct ast_type *pk);

/* Each table in each schema (sorted by schema and table name). */
struct m_table **rp_all_tables(struct rp *r, size_t *n);

/* Every table holding a foreign key to table `ref` (found through its
 * refs), made writable, with fn applied to each such key (replay_table.c). */
typedef void (*rp_fk_fn)(struct rp *r, struct m_constraint *fk, void *ctx);
void rp_each_fk_to(struct rp *r, const struct m_table *ref, rp_fk_fn fn, void *ctx);
/* Registers table t's relations in schema s under t's name: the table, its
 * indexes and the sequences its columns own (replay_table.c). */
void rp_table_rels_set(struct rp *r, struct m_schema *s, const struct m_table *t);

/* The columns that depend on an object being dropped (`uses` says which,
 * in every table).  Without cascade each is a note ("column \"c\" of
 * table \"t\" depends on WHAT", "default value for column ..." with
 * `on_default`) under one error "cannot drop WHAT because other objects
 * depend on it" at `at`, then a note to use cascade.  With cascade `drop`
 * handles each: it may replace *t (a mutable copy) and returns how many
 * columns it removed at place c (0 or 1), -1 when it failed.  False after
 * the error or a failed `drop`. */
struct rp_col_users {
	const char *what;
	struct loc at;
	bool cascade;
	bool on_default;
	bool (*uses)(struct rp *r, const struct m_column *col, void *ctx);
	int (*drop)(struct rp *r, struct m_table **t, size_t c, void *ctx);
	void *ctx;
};
bool rp_col_users(struct rp *r, const struct rp_col_users *u);

/* Statement handlers. */
bool rp_create_table(struct rp *r);
bool rp_drop_table(struct rp *r);
bool rp_rename(struct rp *r);
bool rp_alter_table(struct rp *r);
bool rp_create_index(struct rp *r);
bool rp_drop_index(struct rp *r);
bool rp_type_stmt(struct rp *r);
bool rp_schema_stmt(struct rp *r);
bool rp_comment(struct rp *r);

/* Indexes on materialized views (replay_mvidx.c).  rp_index_view: the
 * materialized view n names, or NULL with the error reported (a plain
 * view, or no such relation).  The others act on the view holding the
 * REL_INDEX entry rel of schema s; false (nothing reported) when no view
 * holds it. */
struct m_view *rp_index_view(struct rp *r, const struct ast_name *n);
void rp_view_add_index(struct rp *r, const struct m_view *v, const struct m_index *ix);
bool rp_view_drop_index(struct rp *r, const struct m_schema *s, const struct m_rel *rel,
			const char *name);
bool rp_view_rename_index(struct rp *r, const struct m_schema *s, const struct m_rel *rel,
			  const char *from, const char *to);
bool rp_view_comment_index(struct rp *r, const struct m_schema *s, const struct m_rel *rel,
			   const char *name, const char *text);

/* comment on a view, routine, trigger, domain or type (replay_comment.c);
 * rp_utype_comment: the native comment on type of a type that is not an
 * enum (false with the error reported when there is none).
 * rp_find_routine (replay_routine.c): the routine n names (the only one
 * of its name when n has no arguments), or NULL with the error reported
 * or, when IF EXISTS lets it be missing, *ok. */
struct pgsql_stmt;
struct pgsql_name;
struct m_routine *rp_find_routine(struct rp *r, const struct pgsql_stmt *p,
				  const struct pgsql_name *n, bool *ok);
bool rp_comment_plain(struct rp *r, const struct pgsql_stmt *p);
bool rp_utype_comment(struct rp *r, const struct ast_name *n, const char *text);

/* Plain SQL statements the model knows (replay_view.c), and the view
 * dependency rules the table statements apply. */
struct pgsql_stmt;
bool rp_passthrough(struct rp *r);	/* replay_plain.c: the dispatcher */
/* create / drop / rename of a view (replay_view.c) */
bool rp_view_stmt(struct rp *r, const struct pgsql_stmt *p);
bool rp_view_drop_rel(struct rp *r, const char *schema, const char *rel, const char *column,
		      bool cascade, const char *what);
bool rp_view_retype(struct rp *r, const struct m_table *t, const char *column, struct loc loc);
void rp_view_rename(struct rp *r, const char *schema, const char *rel, bool column,
		    const char *from, const char *to);

/* Functions, procedures, aggregates and triggers (replay_routine.c):
 * the statement p describes; a table's triggers dropped (to NULL) or
 * moved to its new name. */
struct pgsql_stmt;
bool rp_routine_stmt(struct rp *r, const struct pgsql_stmt *p);
void rp_triggers_table(struct rp *r, const char *schema, const char *table, const char *to);
/* Domains, composite and range types (replay_utype.c): the statement p
 * describes. */
bool rp_utype_stmt(struct rp *r, const struct pgsql_stmt *p);
/* alter domain (replay_domain.c): the domain's parts change; the columns
 * typed by it stay as they are. */
bool rp_domain_stmt(struct rp *r, const struct pgsql_stmt *p);
/* alter table t set schema s (replay_setschema.c): the table moves with
 * what PostgreSQL moves along; what the model cannot follow is an error. */
bool rp_table_set_schema(struct rp *r, const struct pgsql_stmt *p);
/* alter view | materialized view | table V set schema S of view v
 * (replay_setschema_view.c), and alter function | procedure | aggregate |
 * type | domain ... set schema (replay_setschema_routine.c). */
bool rp_view_set_schema(struct rp *r, const struct pgsql_stmt *p, const struct m_view *v);
bool rp_routine_set_schema(struct rp *r, const struct pgsql_stmt *p);
/* The first object whose text the model keeps names `name` as an
 * identifier (a view other than `self`, an index, a table's default,
 * check or policy, a routine or type other than `self`), as a phrase for
 * a message ("view \"v\" names it"); NULL when none
 * (replay_setschema_routine.c). */
const char *rp_setschema_text_user(struct rp *r, const char *name, const void *self);
/* text with the possibly qualified name at byte i written for schema
 * `to`, so that a move there and back restores the text
 * (replay_setschema_routine.c). */
const char *rp_setschema_requalify(struct arena *a, const char *text, size_t i, const char *to,
				   const char *default_schema);
/* alter type | domain T set schema S (replay_setschema_type.c). */
bool rp_type_set_schema(struct rp *r, const struct pgsql_stmt *p);
/* Event triggers (replay_evtrig.c): the statement p describes; a function
 * schema.name (no arguments) dropped: false (reported) when an event
 * trigger executes it, unless cascade, which drops those. */
bool rp_evtrig_stmt(struct rp *r, const struct pgsql_stmt *p);
bool rp_evtrig_func_drop(struct rp *r, const char *schema, const char *name, bool cascade);
/* Does plain SQL `sql` start with "create domain", "create type" or
 * "create collation" (what the declarative replay creates before the
 * tables)? */
bool rp_utype_sql(const char *sql);
/* execute $$drop type|domain ...$$ (the workaround docs/language.md gave
 * before drop type knew these types): the types it drops leave the model;
 * any other execute body stays opaque. */
bool rp_utype_execute(struct rp *r);
/* Columns typed by schema.name (or arrays of it) name to_schema.to_name
 * (a type renamed or moved: PostgreSQL's columns follow it by oid). */
void rp_type_columns_follow(struct rp *r, const char *schema, const char *name,
			    const char *to_schema, const char *to_name);
/* Drops the domain, composite or range type schema.name when the model
 * holds it (*found): not one a column uses unless cascade (which drops
 * those columns); `domain`: only a domain (drop domain). */
bool rp_utype_drop(struct rp *r, const char *schema, const char *name, bool domain,
		   bool cascade, bool *found);

/* small helpers */
const char **rp_names(struct arena *a, const struct ast_ident *ids, size_t n);
const char *rp_fmt_type(struct arena *a, const struct ast_type *t);
bool rp_names_equal_set(const char *const *a, size_t na, const char *const *b, size_t nb);

/* create / drop extension (replay_ext.c). */
bool rp_extension(struct rp *r);

/* ALTER TABLE ... row level security (replay_rls.c). */
bool rp_alter_rls(struct rp *r, struct m_table *t, const struct ast_alter *al);

/* CREATE / DROP POLICY, ALTER POLICY ... RENAME (replay_policy.c). */
bool rp_policy(struct rp *r);

/* Standalone sequences (replay_seq.c): the statement p describes; the
 * sequences owned by a table (column NULL) or column that is dropped go
 * with it, and follow a rename of it. */
bool rp_seq_stmt(struct rp *r, const struct pgsql_stmt *p);
void rp_seq_owner_gone(struct rp *r, const char *schema, const char *table, const char *column);
void rp_seq_owner_renamed(struct rp *r, const char *schema, const char *table,
			  const char *column, const char *to);
/* Does plain SQL `sql` start with "create sequence" (*owned: it has an
 * owned by clause, so the declarative replay runs it after the tables)? */
bool rp_seq_create_sql(const char *sql, bool *owned);
/* Under drop schema's error: a note for each standalone sequence of s. */
void rp_seq_schema_notes(struct rp *r, const struct m_schema *s);

/* Partitions (replay_part.c). */
bool rp_part_key(struct rp *r);		/* CREATE TABLE ... PARTITION BY */
bool rp_create_partition(struct rp *r);	/* CREATE TABLE ... PARTITION OF */
bool rp_attach_partition(struct rp *r);
bool rp_detach_partition(struct rp *r);
/* DROP TABLE of a partitioned table: drops its partitions first. */
bool rp_part_drop_children(struct rp *r);
/* The partitions of table schema.name take its columns again, keeping
 * their own not null and defaults but where statement r->s changed them. */
void rp_part_sync(struct rp *r, const char *schema, const char *name);
/* After ALTER TABLE r->s on a partition: the not null and defaults it
 * set are the partition's own. */
void rp_part_own(struct rp *r);
/* replay_part_attach.c: a partition's own columns, checks and indexes
 * when it is attached (rp_part_attach_ok before, rp_part_attached after
 * its columns became copies of the parent's; `old` its columns before),
 * created or detached; alter index ... attach partition. */
bool rp_part_attach_ok(struct rp *r, const struct m_table *parent, const struct m_table *p,
		       struct loc at);
void rp_part_attached(struct rp *r, const struct m_table *parent, struct m_table *p,
		      const struct m_column *old, size_t n_old);
void rp_part_created(struct rp *r, const struct m_table *parent, struct m_table *p);
void rp_part_detached(struct rp *r, const struct m_table *parent, struct m_table *p);
bool rp_attach_index(struct rp *r, const struct pgsql_stmt *p);
/* replay_part_attach.c: table schema.from renamed to `to` (replay_table.c):
 * its partitions and the partition indexes recorded follow it. */
void rp_part_renamed(struct rp *r, const char *schema, const char *from, const char *to);

/* Grants and owners (replay_acl.c): the statement p (PGSQL_GRANT or
 * PGSQL_OWNER) into the model's grants and owners when the model records
 * them (model.acl), else nothing. */
bool rp_acl_stmt(struct rp *r, const struct pgsql_stmt *p);
/* Is sql a grant, revoke or alter ... owner to (schema.mig replays them
 * last, replay_decl.c): leading words only. */
bool rp_acl_sql(const char *sql);

#endif
