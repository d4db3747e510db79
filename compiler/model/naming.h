/*
 * naming.h - the names PostgreSQL gives unnamed objects.
 *
 * Mirrors makeObjectName / ChooseRelationName / ChooseConstraintName /
 * ChooseIndexColumnNames from PostgreSQL (NAMEDATALEN 64), so the model
 * and a live database agree on every automatic name:
 *   posts_pkey, users_email_key, posts_owner_id_fkey, posts_title_check,
 *   posts_owner_id_idx, posts_id_seq; on collision key1, key2, ...
 * All results are allocated in the arena.
 */
#ifndef MIGC_NAMING_H
#define MIGC_NAMING_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct m_schema;

#define NAMING_MAXLEN 63	/* NAMEDATALEN - 1 */

/* name1[_name2][_label], truncating the longer of name1/name2 first (at
 * UTF-8 character boundaries) so the result fits in 63 bytes.  name2 and
 * label may be NULL. */
const char *naming_object(struct arena *a, const char *name1, const char *name2,
			  const char *label);

/* Names joined with "_", stopping once 63 bytes are reached (PostgreSQL's
 * Choose...NameAddition).  Returns NULL for an empty list. */
const char *naming_join(struct arena *a, const char *const *names, size_t n);

/* ChooseIndexColumnNames: makes duplicate names distinct (a, a1, a2). */
const char **naming_index_colnames(struct arena *a, const char *const *names, size_t n);

/* FigureIndexColname for an index expression, from its source text: a
 * function's name, a column's name, a cast's type name; "expr" otherwise. */
const char *naming_expr_colname(struct arena *a, const char *expr_text);

/* ChooseRelationName: free in the relation namespace (and, for index-backed
 * constraints, among the schema's constraint names). */
const char *naming_relation(struct arena *a, const struct m_schema *s,
			    const char *name1, const char *name2,
			    const char *label, bool isconstraint);

/* ChooseConstraintName: free among the schema's constraint names. */
const char *naming_constraint(struct arena *a, const struct m_schema *s,
			      const char *name1, const char *name2,
			      const char *label);

/* ---- naming conventions (naming_conv.c) --------------------------------
 * SQLAlchemy's MetaData(naming_convention=...): a template per kind with
 * %(token)s placeholders, applied to unnamed constraints and indexes. */
enum naming_kind { NK_PK, NK_UQ, NK_CK, NK_FK, NK_IX, NK_N };

struct naming_conv {
	const char *tmpl[NK_N];		/* NULL: PostgreSQL's own name */
};

/* What the tokens of one constraint or index stand for. */
struct naming_tokens {
	const char *table;		/* %(table_name)s */
	const char *label_prefix;	/* schema_table or table: column labels */
	const char *const *cols;	/* %(column_X_name)s */
	size_t n_cols;
	const char *ref_table;		/* %(referred_table_name)s (FK) */
	const char *const *ref_cols;	/* %(referred_column_X_name)s (FK) */
	size_t n_ref_cols;
	const char *con_name;		/* %(constraint_name)s, or NULL */
};

/* "pk", "uq", "ck", "fk", "ix" */
const char *naming_kind_key(enum naming_kind k);
/* Does `tmpl` use %(constraint_name)s? */
bool naming_uses_constraint_name(const char *tmpl);
/* The template expanded and, past 63 characters, shortened as SQLAlchemy
 * does (first 55, "_", last 4 hex digits of the MD5 of the whole name).
 * NULL with *err set when the template is malformed or names an unknown
 * token. */
const char *naming_expand(struct arena *a, const char *tmpl, const struct naming_tokens *t,
			  const char **err);
/* Was `name` already made by `tmpl` from some constraint name?  (A name
 * written out in full is not converted a second time.) */
bool naming_is_converted(struct arena *a, const char *tmpl, const struct naming_tokens *t,
			 const char *name);

#endif
