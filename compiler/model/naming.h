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

#endif
