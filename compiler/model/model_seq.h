/*
 * model_seq.h - standalone sequences in the model (model_seq.c); included
 * by model.h, which it extends.
 */
#ifndef MIGC_MODEL_SEQ_H
#define MIGC_MODEL_SEQ_H

#include <stdbool.h>

struct arena;
struct model;

/* ---- standalone sequences (model_seq.c) ----
 * A sequence made by create sequence (not a serial or identity column's):
 * in its schema's `seqs` map and in its relation namespace (REL_SEQUENCE,
 * table NULL).  Immutable: a change replaces it.  The options are kept
 * resolved, as pg_sequence holds them (defaults filled in). */
struct m_seq {
	const char *schema, *name;
	const char *type;		/* "smallint", "integer" or "bigint" */
	long long inc, min, max, start, cache;
	bool cycle;
	const char *owner_table, *owner_column;	/* owned by (same schema), or NULL */
	const char *comment;			/* comment on sequence, or NULL */
	struct loc loc;
};
struct m_seq *model_seq(const struct model *m, const char *schema, const char *name);
void model_seq_set(struct model *m, struct arena *a, struct m_seq *q);
void model_seq_del(struct model *m, struct arena *a, const char *schema, const char *name);
/* Every standalone sequence, sorted by schema and name. */
struct m_seq **model_seqs_sorted(const struct model *m, struct arena *a, size_t *n);
/* The smallest and largest value of a sequence type. */
void model_seq_type_range(const char *type, long long *lo, long long *hi);
/* The options as a create sequence would write them after the name:
 * "AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE ... START WITH 1 CACHE 1
 * NO CYCLE" (never owned by). */
const char *model_seq_options(struct arena *a, const struct m_seq *q);
/* model_diff()'s line for two versions of a sequence (label names it),
 * or NULL when equal. */
const char *model_seq_diff(struct arena *a, const char *label, const struct m_seq *e,
			   const struct m_seq *c);
/* The sequence a default calls nextval() on (`text`: the default's
 * expression): true with its schema (the model's default schema when
 * not written) and name. */
bool model_default_seq(struct arena *a, const struct model *m, const char *text,
		       const char **schema, const char **name);

/* ---- identity columns' sequence options (model_identity.c) ----
 * The options of column c's identity sequence, resolved: id_opts, or
 * PostgreSQL's defaults for the column's type (type: the column's). */
struct m_column;
void model_identity_resolved(const struct m_column *c, struct m_seq *out);
/* The options that differ from PostgreSQL's defaults for the column's
 * type, as an identity clause writes them ("INCREMENT BY 5 START WITH
 * 10 CACHE 20"), "" when none: each option is written when it differs
 * from the default the options before it imply, as pg_dump does. */
const char *model_identity_options(struct arena *a, const struct m_column *c);
/* The same options as written in an identity clause (NULL: none). */
struct pgsql_seq;
const struct pgsql_seq *model_identity_written(struct arena *a, const struct m_column *c);
/* Equal options (c and d both identity columns). */
bool model_identity_equal(const struct m_column *c, const struct m_column *d);
/* q's options with PostgreSQL's defaults for c's type: NULL when they are
 * all defaults, else a copy of q (the canonical id_opts). */
const struct m_seq *model_identity_canon(struct arena *a, const struct m_column *c,
					 const struct m_seq *q);
/* c's options once its type is retyped's (alter column type): a bound
 * at the old type's limit follows the new type, as PostgreSQL's alter
 * sequence ... as does. */
const struct m_seq *model_identity_retype(struct arena *a, const struct m_column *c,
					  const struct m_column *retyped);

#endif
