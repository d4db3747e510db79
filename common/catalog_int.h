/*
 * catalog_int.h - private declarations shared by catalog.c and
 * catalog_objects.c (never installed): the state of one catalog_read()
 * and the small helpers that print objects.  Every symbol carries the
 * cat_ prefix (rt.h's rule for the archive).
 */
#ifndef MIGC_CATALOG_INT_H
#define MIGC_CATALOG_INT_H

#include <stddef.h>

#include <libpq-fe.h>

#include "catalog.h"

/* A growing string. */
struct sb {
	char *s;
	size_t len, cap;
};

/* A schema as read: its oid, and how its name is printed by PostgreSQL
 * (quote_ident) as it is and as shown, for rewriting qualified names. */
struct rd_schema {
	const char *name, *shown;
	char *oid;
	char *q_name, *q_shown;
};

/* A table of the schema being read. */
struct rd_table {
	char *oid, *name;
	int skip;		/* excluded, or not expressible */
	struct sb cols;		/* the column list of CREATE TABLE */
	int n_cols;
	/* partitioning (NULL: none): the key as pg_get_partkeydef prints it;
	 * a partition's parent (schema as read) and bound */
	char *part_by, *part_schema, *part_parent, *part_bound;
	/* each column's not null and default (catalog_part.c) */
	struct rd_col *colv;
	size_t n_colv;
};

struct rd_col {
	char *name, *def;	/* def NULL: none (or generated) */
	int notnull;
};

/* A sequence of the schema being read; used when a column consumes it. */
struct rd_seq {
	char *oid, *name;
	int used;
};

struct rd {
	PGconn *conn;
	struct catalog *out;
	size_t cap_objects, cap_unsupported;
	struct rd_schema *schemas;
	size_t n_schemas;
	const char *const *exclude;
	size_t n_exclude;
	int server_version;
	char *err;
	unsigned acl;		/* CATALOG_READ_GRANTS | _OWNERS (catalog_acl.c) */

	/* the schema being read */
	struct rd_schema *cur;
	struct rd_table *tables;
	size_t n_tables;
	struct rd_seq *seqs;
	size_t n_seqs;
	/* tables[] and seqs[] by oid, seqs[] by name: indexes into them,
	 * sorted (cat_index_relations), so that a lookup per column or
	 * sequence costs O(log n), not O(n) */
	size_t *table_by_oid, *seq_by_oid, *seq_by_name;
};

/* catalog.c: allocation that aborts when memory runs out */
void *cat_xrealloc(void *p, size_t size);
char *cat_xstrdup(const char *s);
/* growing strings; _ident always double-quotes, _literal single-quotes */
void cat_sb_addn(struct sb *b, const char *s, size_t n);
void cat_sb_add(struct sb *b, const char *s);
void cat_sb_ident(struct sb *b, const char *s);
void cat_sb_qname(struct sb *b, const char *schema, const char *name);
void cat_sb_literal(struct sb *b, const char *s);
char *cat_sb_take(struct sb *b);
/* `sql` with the schema oid as $1 (or `params`); NULL after recording the
 * error in r->err */
PGresult *cat_query(struct rd *r, const char *sql, int n_params,
			  const char *const *params);
/* a field (NULL when SQL NULL); a boolean field */
const char *cat_val(PGresult *res, int row, int col);
int cat_flag(PGresult *res, int row, int col);
/* PostgreSQL's printing with each read schema's name replaced by its
 * shown one (malloc'd) */
char *cat_remap(struct rd *r, const char *text);
const char *cat_shown_schema(struct rd *r, const char *real);
int cat_excluded(struct rd *r, const char *table);
/* the objects found: an object (takes `sql`), an unsupported entry, a
 * comment object */
void cat_add(struct rd *r, enum catalog_kind kind, const char *key_word,
		   const char *table, const char *name, char *sql);
void cat_unsupported(struct rd *r, const char *what, const char *a,
			   const char *b);
void cat_add_comment(struct rd *r, const char *word, const char *what,
			   const char *target_sql, const char *table,
			   const char *name, const char *text);
struct rd_table *cat_find_table(struct rd *r, const char *oid);
/* catalog_part.c: a column's not null and default, remembered; the
 * options of partition t's columns that differ from its parent's
 * ("(col WITH OPTIONS NOT NULL DEFAULT x, ...)" or nothing); freeing. */
void cat_part_col(struct rd_table *t, const char *name, int notnull, const char *def);
void cat_part_options(struct rd *r, const struct rd_table *t, struct sb *b);
void cat_part_free(struct rd_table *t);
/* t's parent and bound, then its key (catalog_object.part), or NULL */
char *cat_part_level(struct rd *r, const struct rd_table *t);
/* catalog_build.c: sorts the indexes above once tables[] and seqs[] are
 * read; the sequence with that oid or name, or NULL */
void cat_index_relations(struct rd *r);
struct rd_seq *cat_find_seq(struct rd *r, const char *oid);
struct rd_seq *cat_find_seq_named(struct rd *r, const char *name);
/* catalog_objects.c: one query each for the schema r->cur; 0 or -1 */
int cat_read_types(struct rd *r);
/* catalog_utype.c: prints the domain, composite or range type of CATQ_TYPES
 * row i (typtype kind 'd', 'c' or 'r'; 's' for a shell type). */
void cat_add_utype(struct rd *r, PGresult *res, int i, char kind);
int cat_read_relations(struct rd *r);
int cat_read_columns(struct rd *r);
int cat_read_constraints(struct rd *r);
int cat_read_indexes(struct rd *r);
int cat_read_others(struct rd *r);
int cat_read_extensions(struct rd *r);	/* catalog_ext.c */
int cat_read_views(struct rd *r);
int cat_read_routines(struct rd *r);
int cat_read_policies(struct rd *r);	/* catalog_policy.c */
int cat_read_acl(struct rd *r);		/* catalog_acl.c: what r->acl asks for */
int cat_read_evtrigs(struct rd *r);	/* catalog_evtrig.c: once, not per schema */
int cat_read_collations(struct rd *r);	/* catalog_coll.c */
/* catalog_seq.c: the sequences no column consumed (before cat_read_others,
 * which lists what is left as unsupported) */
int cat_read_sequences(struct rd *r);
/* CREATE TABLE for each table, from the columns read_columns collected */
void cat_add_tables(struct rd *r);

#endif
