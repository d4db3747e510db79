/*
 * model.h - the in-memory schema model that revisions are replayed into.
 *
 * A model holds schemas; a schema holds tables, enum types and the relation
 * namespace that tables, indexes and sequences share (as in PostgreSQL),
 * plus the set of constraint names used in it (PostgreSQL picks automatic
 * constraint names that are unique per schema).  Every object keeps the
 * source location that created it, for "previously defined here" notes.
 *
 * Sharing.  Models are persistent: model_clone() is O(number of schemas)
 * and the clone shares every table, enum and map node with its source.
 * An object is written in place only by the model that made it since that
 * model was last cloned ("stamp" below); anyone else copies it first
 * (model_table_mut() and friends).  Cloning therefore freezes the source's
 * objects too: both sides copy on their next write.  Consequences:
 *   - strings and the small arrays inside objects (column lists, labels)
 *     are never modified after creation; replacing them means allocating
 *     new ones;
 *   - the arena passed to replay must live at least as long as the model
 *     being written (copies are allocated there);
 *   - model_diff() skips everything two related models still share, so
 *     comparing a model with a clone of itself after a few statements costs
 *     in proportion to what the statements touched.
 *
 * Names are stored exactly (already case-folded by the lexer).
 */
#ifndef MIGC_MODEL_H
#define MIGC_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "pmap.h"
#include "srcfile.h"

struct arena;

/* Mutable per-model generation counter; objects record (tag, gen). */
struct model_tag {
	unsigned gen;
};

struct m_seq;

enum m_identity { ID_NONE, ID_ALWAYS, ID_BY_DEFAULT };

struct m_column {
	const char *name;
	struct ast_type type;	/* normalised: never a serial kind; TY_NAMED
				 * has its schema filled in */
	bool not_null;
	const char *default_text;	/* NULL: no default */
	enum ast_type_kind serial;	/* TY_SMALLSERIAL/TY_SERIAL/TY_BIGSERIAL
					 * when created as serial, else 0 */
	enum m_identity identity;
	const char *seq;		/* owned sequence (serial or identity), or NULL */
	const struct m_seq *id_opts;	/* identity: the sequence's options when they
					 * are not PostgreSQL's defaults for the
					 * column's type (its `type` unused), else NULL */
	struct loc seq_loc;		/* a sequence name written in the source (replay) */
	const char *comment;
	struct loc loc;
	bool generated;			/* GENERATED ALWAYS AS (default_text) STORED */
	const char *coll_schema, *collation;	/* COLLATE (NULL: the type's;
						 * schema NULL: pg_catalog) */
	/* Of a partition: its not null / default is its own (partition of
	 * P (col with options ...), or set on the partition), kept when its
	 * columns are copied from the parent again (replay_part.c). */
	bool part_own_nn, part_own_def;
};

enum m_con_kind { MC_PKEY, MC_UNIQUE, MC_CHECK, MC_FKEY, MC_EXCLUDE };

struct m_index;

struct m_constraint {
	const char *name;
	enum m_con_kind kind;
	const char **cols;		/* pkey/unique/fkey local columns */
	size_t n_cols;
	const char *check_text;		/* MC_CHECK */
	const char **check_cols;	/* columns the check mentions */
	size_t n_check_cols;
	bool column_form;		/* written as a column constraint */
	/* MC_FKEY */
	const char *ref_schema, *ref_table;
	const char **ref_cols;		/* resolved (the PK's when not written) */
	size_t n_ref_cols;
	const char *ref_index;		/* the unique index the FK depends on */
	enum ast_fk_action on_delete, on_update;	/* never FK_ACTION_NONE */
	bool deferrable, initially_deferred;
	bool validated;			/* false: NOT VALID, not yet validated */
	bool match_full;		/* MC_FKEY: MATCH FULL (else SIMPLE) */
	bool nulls_not_distinct;	/* MC_UNIQUE: NULLS NOT DISTINCT */
	bool no_inherit;		/* MC_CHECK: NO INHERIT */
	const char *comment;
	struct loc loc;
	/* MC_EXCLUDE: the definition, as the index PostgreSQL builds for it
	 * (method, elements each with its operator, include, where; never
	 * modified in place); `cols` then lists every column it uses.  The
	 * table also has that index (constraint true) under the same name. */
	const struct m_index *excl;
	/* MC_FKEY: ON DELETE SET NULL | SET DEFAULT (cols); none: every column */
	const char **del_set_cols;
	size_t n_del_set_cols;
};

struct m_index_elem {
	const char *column;		/* or NULL for an expression */
	const char *expr;		/* expression text */
	const char **expr_cols;
	size_t n_expr_cols;
	bool desc;
	int nulls;			/* 0 default, 1 first, 2 last */
	const char *coll_schema, *collation;	/* COLLATE as m_column's */
	const char *opc_schema, *opclass;	/* operator class as written (NULL: default) */
	const char *op;			/* an exclusion constraint's operator, else NULL */
	const char *opc_opts;		/* its options, "name='value', ..." (NULL: none) */
};

/* A partition's index attached to a partitioned table's index: the
 * partition, and the index as it was before it was attached (`alter index
 * ... attach partition`), or NULL where PostgreSQL made or chose it (the
 * partition created or attached later). */
struct m_idx_part {
	const char *schema, *table;
	const struct m_index *index;
};

struct m_index {
	const char *name;
	bool unique;
	const char *method;		/* "btree" when not written */
	struct m_index_elem *elems;
	size_t n_elems;
	const char **include;
	size_t n_include;
	const char *where_text;
	const char **where_cols;
	size_t n_where_cols;
	bool constraint;		/* backs the pkey/unique constraint of the same name */
	bool nulls_not_distinct;	/* unique: NULLS NOT DISTINCT */
	bool concurrently;		/* created concurrently (for the inverse) */
	const char *with;		/* storage parameters, "name='value', ..." (NULL: none) */
	bool only;			/* created on only a partitioned table with partitions:
					 * invalid until indexes of all of them are attached */
	/* A partitioned table's index: its partitions that have an index
	 * attached (replay_part_idx.c; derived bookkeeping, not compared;
	 * never modified in place) */
	const struct m_idx_part *parts;
	size_t n_parts;
	const char *comment;
	struct loc loc;
};

/* A row security policy (create policy). */
struct m_policy {
	const char *name;
	bool restrictive;
	const char *cmd;		/* all, select, insert, update, delete */
	const char **roles;		/* sorted; empty: public */
	size_t n_roles;
	const char *using_text, *check_text;	/* NULL when not written */
	struct loc loc;
};

struct m_ref {
	const char *schema, *table;
};

struct m_table {
	struct cow_stamp stamp;
	const char *schema;
	const char *name;
	struct m_column *cols;		/* physical order */
	size_t n_cols, cap_cols;
	struct m_constraint *cons;	/* creation order */
	size_t n_cons, cap_cons;
	struct m_index *idx;		/* creation order */
	size_t n_idx, cap_idx;
	const char *comment;
	/* The tables holding foreign keys to this one, one entry per key
	 * (derived bookkeeping, not compared): drops and renames visit only
	 * these instead of every table.  Never modified in place. */
	const struct m_ref *refs;
	size_t n_refs;
	struct loc loc;
	/* Partitioning (model_part.c).  part_by: the partition key as written
	 * after "partition by" ("range (a)"), NULL when not partitioned.  A
	 * partition has its parent in part_schema/part_parent and its bound
	 * ("for values ...", "default") in part_bound; its columns are copies
	 * of the parent's, kept in step by replay; the constraints and
	 * indexes PostgreSQL clones onto it from the parent are not modelled. */
	const char *part_by;
	const char *part_schema, *part_parent;
	const char *part_bound;
	/* alter table ... enable / force row level security (model_rls.c) */
	bool rls_enabled, rls_forced;
	/* policies (model_policy.c), in creation order; the array is never
	 * modified in place (replaced on change) */
	const struct m_policy *pols;
	size_t n_pols;
};

struct m_enum {
	struct cow_stamp stamp;
	const char *schema;
	const char *name;
	const char **labels;		/* in order; never modified in place */
	size_t n_labels;
	const char *comment;
	struct loc loc;
};

enum m_rel_kind { REL_TABLE, REL_INDEX, REL_SEQUENCE, REL_VIEW };

/* An entry of the relation namespace (immutable; replaced on change). */
struct m_rel {
	enum m_rel_kind kind;
	const char *name;
	const char *table;		/* the table, or the table owning it */
	const char *column;		/* REL_SEQUENCE: the owning column */
};

struct m_schema {
	struct cow_stamp stamp;
	const char *name;
	struct pmap tables;		/* name -> struct m_table * */
	struct pmap enums;		/* name -> struct m_enum * */
	struct pmap rels;		/* name -> struct m_rel * */
	struct pmap connames;		/* constraint name -> (void *)(uintptr_t)count */
	bool builtin;			/* exists without "create schema" */
	const char *comment;
	struct loc loc;
	struct pmap views;		/* name -> struct m_view * (model_view.c) */
	struct pmap routines;		/* "name(args)" -> struct m_routine * (model_routine.c) */
	struct pmap triggers;		/* "table\nname" -> struct m_trigger * (model_routine.c) */
	struct pmap seqs;		/* name -> struct m_seq * (model_seq.c) */
};

struct model {
	struct model_tag *tag;
	const char *default_schema;
	struct pmap schemas;		/* name -> struct m_schema * */
	struct pmap extensions;		/* name -> struct m_ext * (model_ext.c) */
	struct pmap utypes;		/* "schema\nname" -> struct m_utype * (model_utype.c) */
	struct pmap evtrigs;		/* name -> struct m_evtrig * (model_evtrig.c) */
	struct pmap colls;		/* "schema\nname" -> struct m_coll * (model_coll.h) */
	/* grants and owners (model_acl.h), recorded only when `acl` asks
	 * (migc.conf compare_grants, compare_owners: MODEL_ACL_*) */
	struct pmap grants, owners;
	unsigned acl;
};

/* A model with schema "public" (and `default_schema`, if different), both
 * treated as pre-existing.  Unqualified names resolve to default_schema. */
struct model *model_new(struct arena *a, const char *default_schema);
/* Logically a deep copy; physically O(schemas) (see the sharing notes). */
struct model *model_clone(struct arena *a, const struct model *m);

/* A clone for a look-ahead that ends before `m` is written again: unlike
 * model_clone() it does not freeze `m`, so m's next statement need not
 * copy what it owns.  Writing `m` while the clone is in use corrupts it. */
struct model *model_clone_transient(struct arena *a, const struct model *m);

/* The stamp objects get when `m` writes them now. */
struct cow_stamp model_stamp(const struct model *m);

/* Maps keyed by two names "x\ny" (a schema and a name, a table and a
 * trigger): the key (in the arena); a lookup that allocates nothing (NULL
 * for names longer than PostgreSQL keeps); set and delete as `m` writes. */
const char *model_key2(struct arena *a, const char *x, const char *y);
void *model_map_get2(const struct pmap *p, const char *x, const char *y);
void model_map_set2(struct model *m, struct arena *a, struct pmap *p, const char *x,
		    const char *y, void *v);
void model_map_del2(struct model *m, struct arena *a, struct pmap *p, const char *x,
		    const char *y);

/* Lookups; NULL when absent.  `schema` NULL means the default schema. */
const char *model_schema_name(const struct model *m, const char *schema);
struct m_schema *model_schema(const struct model *m, const char *schema);
struct m_table *model_table(const struct model *m, const char *schema, const char *name);
struct m_enum *model_enum(const struct model *m, const char *schema, const char *name);
struct m_rel *model_rel(const struct model *m, const char *schema, const char *name);

/* Within a table; NULL when absent. */
struct m_column *table_column(const struct m_table *t, const char *name);
struct m_constraint *table_constraint(const struct m_table *t, const char *name);
struct m_index *table_index(const struct m_table *t, const char *name);
struct m_constraint *table_pkey(const struct m_table *t);
ptrdiff_t table_column_pos(const struct m_table *t, const char *name);

/* Writable versions: copy the schema / table / enum into `a` if it is
 * shared, re-link it into `m`, and return the copy. */
struct m_schema *model_schema_mut(struct model *m, struct arena *a, const char *schema);
struct m_table *model_table_mut(struct model *m, struct arena *a, struct m_table *t);
struct m_enum *model_enum_mut(struct model *m, struct arena *a, struct m_enum *e);

/* Appends to a writable table (arrays grow in `a`). */
struct m_column *table_add_column(struct m_table *t, struct arena *a);
struct m_constraint *table_add_constraint(struct m_table *t, struct arena *a);
struct m_index *table_add_index(struct m_table *t, struct arena *a);
void table_remove_column(struct m_table *t, size_t i);
void table_remove_constraint(struct m_table *t, size_t i);
void table_remove_index(struct m_table *t, size_t i);

/* Reverse foreign-key bookkeeping on a writable table. */
void table_ref_add(struct m_table *t, struct arena *a, const char *schema, const char *table);
void table_ref_del(struct m_table *t, struct arena *a, const char *schema, const char *table);
void table_ref_rename(struct m_table *t, struct arena *a, const char *schema,
		      const char *from, const char *to);

/* Namespace bookkeeping on a writable schema. */
void schema_conname_add(struct model *m, struct arena *a, struct m_schema *s, const char *name);
void schema_conname_del(struct model *m, struct arena *a, struct m_schema *s, const char *name);
bool schema_conname_used(const struct m_schema *s, const char *name);
void schema_rel_set(struct model *m, struct arena *a, struct m_schema *s,
		    enum m_rel_kind kind, const char *name, const char *table,
		    const char *column);
void schema_rel_del(struct model *m, struct arena *a, struct m_schema *s, const char *name);

/* Sorted snapshots for deterministic walks (arena-allocated). */
struct m_schema **model_schemas_sorted(const struct model *m, struct arena *a, size_t *n);
struct m_table **schema_tables_sorted(const struct m_schema *s, struct arena *a, size_t *n);
struct m_enum **schema_enums_sorted(const struct m_schema *s, struct arena *a, size_t *n);

/* Does `t` (or an index/check/default of it) use column `col`? */
bool constraint_uses_column(const struct m_constraint *c, const char *col);
bool index_uses_column(const struct m_index *ix, const char *col);

/* Types: equality as PostgreSQL stores them (modifiers and array dims). */
bool model_type_equal(const struct ast_type *a, const struct ast_type *b);

/* ---- equality of model objects (model_equal.c): one function each ---- */

#define MODEL_EQ_COMMENTS 0x1u	/* comments count too */
bool model_str_equal(const char *a, const char *b);	/* NULL-safe */
/* Expressions in their normal form (model_expr_norm()). */
bool model_expr_equal(struct arena *a, const char *x, const char *y);
bool model_names_equal(const char *const *x, size_t nx, const char *const *y, size_t ny);
bool model_column_equal(struct arena *a, const struct m_column *x,
			const struct m_column *y, unsigned flags);
bool model_constraint_equal(struct arena *a, const struct m_constraint *x,
			    const struct m_constraint *y, unsigned flags);
bool model_index_equal(struct arena *a, const struct m_index *x, const struct m_index *y,
		       unsigned flags);
/* Serial kinds to integer kinds, implicit modifiers made explicit. */
struct ast_type model_type_normalize(const struct ast_type *t);

/*
 * Compares two models ignoring physical column order.  Appends one
 * human-readable line per difference to *lines (an arena-allocated array,
 * sorted), e.g.
 *   column "posts"."content" is missing
 *   column "posts"."title" has type text, expected character varying(80)
 *   constraint "posts_owner_id_fkey" on "posts": on delete cascade, expected no action
 * `expected` is the reference (the parent's state).  Returns the count;
 * 0 means equal.  Objects the two models still share are not visited.
 */
size_t model_diff(struct arena *a, const struct model *expected,
		  const struct model *actual, const char ***lines);
/* The same, each line saying which side has what: `exp_side` and
 * `act_side` name where the two models are ("in schema.mig", "at head"):
 *   table "posts" is in schema.mig but not at head
 *   column "posts"."title" has type text in schema.mig, character varying(80) at head */
size_t model_diff_sides(struct arena *a, const struct model *expected,
			const struct model *actual, const char *exp_side,
			const char *act_side, const char ***lines);

/* Normalised expression text for comparisons (model_expr.c): the
 * expression's tokens (common/sqltext.h) with blanks and comments
 * collapsed, words folded to lower case, and every identifier written as
 * sql_ident_min() writes it, so "sel" and sel compare equal while "Sel"
 * and "from" keep their quotes. */
const char *model_expr_norm(struct arena *a, const char *text);
/* The expression with identifier `from` renamed to `to` (model_expr.c):
 * what PostgreSQL's stored expression shows after a column rename. */
const char *model_expr_rename(struct arena *a, const char *text,
			      const char *from, const char *to);

/* PostgreSQL's canonical form (model_canon.c, through
 * compiler/front/pgsql_canon.c): equal when the two expressions deparse
 * alike; with column types (or NULL), as defaults of those columns
 * ('[]' and '[]'::jsonb on jsonb, -1 and '-1' on integer, true and 't' on
 * boolean).  Cached per process; callers ask only after cheaper tests. */
bool model_expr_canon_equal(struct arena *a, const char *x, const struct ast_type *tx,
			    const char *y, const struct ast_type *ty);
/* Two statements (a view's query) in PostgreSQL's canonical form
 * (model_canon.c): equal when they deparse alike; NULL-safe. */
bool model_query_equal(struct arena *a, const char *x, const char *y);
/* Two columns' defaults as PostgreSQL stores them (model_equal.c). */
bool model_default_equal(struct arena *a, const struct m_column *x, const struct m_column *y);

/* ---- extensions (model_ext.c; the types each brings: ext_types.c) ---- */

/* An installed extension (immutable; replaced on change).  Extension
 * names are unique in a database, so they are not kept per schema. */
struct m_ext {
	const char *name;
	const char *schema;		/* where its objects live */
	const char *version;		/* as written, or NULL */
	bool declared;			/* from migc.conf `extensions`: installed
					 * outside the history, never dropped */
	struct loc loc;
};

struct m_ext *model_ext(const struct model *m, const char *name);
void model_ext_set(struct model *m, struct arena *a, struct m_ext *e);
void model_ext_del(struct model *m, struct arena *a, const char *name);
struct m_ext **model_exts_sorted(const struct model *m, struct arena *a, size_t *n);
/* The extension whose type `name` lives in `schema`, or NULL. */
const struct m_ext *model_ext_of_type(const struct model *m, const char *schema,
				      const char *name);
/* The extension a column type `schema.name` belongs to: the one listing it,
 * else an extension migc does not list in that schema when no enum there
 * has the name (such an extension's types are unknown to migc), or NULL. */
const struct m_ext *model_ext_owner(const struct model *m, const char *schema,
				    const char *name);
/* model_diff()'s line for an extension expected as `e` and found as `c`
 * (either NULL when missing), or NULL when they are the same: name and
 * schema (the version is PostgreSQL's choice when not written). */
const char *model_ext_diff_line(struct arena *a, const struct m_ext *e,
				const struct m_ext *c);
/* For sql_schema_map.keep_type with ctx a const struct model * (NULL:
 * false): is `type` an extension's type in that model? */
bool model_ext_type_keep(const void *model, const struct ast_name *type);
/* For sql_schema_map.keep_func: does an extension live in the schema of
 * `func` (the model does not know which functions an extension brings,
 * so any function called there qualified is taken to be one)? */
bool model_ext_func_keep(const void *model, const struct ast_name *func);
/* The types extension `ext` creates (NULL-terminated; empty for one migc
 * does not list), and whether migc lists the extension at all. */
const char *const *ext_types(const char *ext, bool *listed);

/* ---- views and materialized views (model_view.c) ----
 * A view is immutable: a change replaces it.  It shares the relation
 * namespace with tables (REL_VIEW).  What it reads is kept for the
 * dependency rules: the relations (tables or views) its query names and
 * the table columns it uses (a star counts as every column the table had
 * when the view was made, as PostgreSQL expands it then). */
struct m_colref {
	const char *schema, *table, *column;
};
struct m_view {
	const char *schema, *name;
	bool materialized;
	const char *def;		/* the text after the name, as written:
					 * "[(columns)] [with (...)] as query" */
	const struct m_ref *reads;	/* relations read, without duplicates */
	size_t n_reads;
	const struct m_colref *uses;	/* table columns used, without duplicates */
	size_t n_uses;
	struct loc loc;
	/* A materialized view's indexes, in creation order (never
	 * modified in place; model_view_indexes() replaces them).  Each
	 * has a REL_INDEX namespace entry whose `table` is the view. */
	const struct m_index *idx;
	size_t n_idx;
	const char *comment;		/* comment on [materialized] view */
};
struct m_view *model_view(const struct model *m, const char *schema, const char *name);
/* Inserts or replaces v (keyed by v->schema, v->name) and its namespace
 * entry, and the entries of its indexes. */
void model_view_set(struct model *m, struct arena *a, struct m_view *v);
/* Replaces the indexes of v (a view of m) with idx[0..n): a copy of v
 * takes its place; the namespace entries follow.  Returns the copy. */
struct m_view *model_view_indexes(struct model *m, struct arena *a, const struct m_view *v,
				  const struct m_index *idx, size_t n);
/* The index `name` of v, or NULL. */
const struct m_index *view_index(const struct m_view *v, const char *name);
/* Removes the view and the namespace entries of it and its indexes. */
void model_view_del(struct model *m, struct arena *a, const char *schema, const char *name);
/* Every view that reads relation schema.rel (column NULL) or uses its
 * column `column`, sorted by schema and name (arena array). */
struct m_view **model_view_dependents(const struct model *m, struct arena *a,
				      const char *schema, const char *rel,
				      const char *column, size_t *n);
/* The number of views, routines and triggers of the model, without
 * allocating (a fast test before the walks below). */
size_t model_plain_objects(const struct model *m);
/* Every view of the model, sorted by schema and name. */
struct m_view **model_views_sorted(const struct model *m, struct arena *a, size_t *n);
/* The difference between two versions of a view as a model_diff line
 * ("view ... is missing" etc.), or NULL when equal.  `label` names it. */
const char *model_view_diff(struct arena *a, const char *label, const struct m_view *expected,
			    const struct m_view *actual);

/* ---- partitions (model_part.c) ---- */

/* The differences in partitioning of two tables with the same name,
 * `expected` and `actual`, as model_diff() lines about table `tl` (up to
 * three, written to out[]); returns the count. */
size_t model_part_diff(struct arena *a, const char *tl, const struct m_table *expected,
		       const struct m_table *actual, const char *out[3]);
/* Partitioning texts equal in their normal form (model_expr_norm()). */
bool model_part_same(struct arena *a, const struct m_table *x, const struct m_table *y);
/* The partitions of `t` in `m` (arena array, sorted by schema and name). */
struct m_table **model_partitions(const struct model *m, struct arena *a,
				  const struct m_table *t, size_t *n);
/* Whether a partition's index `child` can be attached to its parent's
 * index `parent` (PostgreSQL's "the index definitions match"): the same
 * method, uniqueness, keys with their order, collations and operator
 * classes, include columns and predicate; the name, storage parameters,
 * comment and validity do not count. */
bool model_index_same_def(struct arena *a, const struct m_index *parent,
			  const struct m_index *child);
/* ---- row level security (model_rls.c) ---- */

/* The differences in row level security of two tables with the same
 * name, as model_diff() lines (up to two, in out[]); returns the count. */
size_t model_rls_diff(struct arena *a, const char *tl, const struct m_table *expected,
		      const struct m_table *actual, const char *out[2]);

/* ---- policies (model_policy.c) ---- */

const struct m_policy *table_policy(const struct m_table *t, const char *name);
bool model_policy_equal(struct arena *a, const struct m_policy *x, const struct m_policy *y);
/* The policy differences of two tables with the same name, each passed
 * to add(ctx, line). */
void model_policy_diff(struct arena *a, const char *tl, const struct m_table *expected,
		       const struct m_table *actual, void (*add)(void *, const char *),
		       void *ctx);

/* Depth of a partition (1: its parent is not a partition), 0 for a table
 * that is not a partition. */
int model_part_depth(const struct model *m, const struct m_table *t);

/* ---- domains, composite and range types (model_utype.c) ---- */

/* A user-defined type created by plain SQL (immutable; replaced on
 * change).  Its definition is the statement as written: migc recreates
 * it from that text and does not look inside. */
struct m_domcon;
struct m_utype {
	const char *schema, *name;
	char kind;			/* 'd' domain, 'c' composite, 'r' range,
					 * 's' shell (create type t;): a name
					 * that a later create type completes */
	const char *sql;		/* the create statement */
	struct loc loc;
	/* a domain's not valid check constraints, which create domain
	 * cannot say (model_domain.c) */
	const struct m_domcon *nv;
	size_t n_nv;
	const char *comment;		/* comment on domain|type */
};

struct m_utype *model_utype(const struct model *m, const char *schema, const char *name);
void model_utype_set(struct model *m, struct arena *a, struct m_utype *t);
void model_utype_del(struct model *m, struct arena *a, const struct m_utype *t);
struct m_utype **model_utypes_sorted(const struct model *m, struct arena *a, size_t *n);
/* "domain", "composite type", "range type" or "shell type". */
const char *model_utype_word(const struct m_utype *t);
/* model_diff()'s line for a type expected as `e` and found as `c` (either
 * NULL when missing), or NULL when the same: kind and statement (as
 * written: whitespace and the case of unquoted words ignored). */
const char *model_utype_diff_line(struct arena *a, const struct m_utype *e,
				  const struct m_utype *c);

/* a domain's parts: model_domain.h */
#include "model_domain.h"

/* Are two types the same: domains by their parts, others as written. */
bool model_utype_same(struct arena *a, const struct m_utype *x, const struct m_utype *y);

/* event triggers: model_evtrig.h */
#include "model_evtrig.h"

/* standalone sequences: model_seq.h */
#include "model_seq.h"

/* functions, procedures, aggregates and triggers: model_routine.h */
#include "model_routine.h"

#endif
