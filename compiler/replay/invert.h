/*
 * invert.h - derived downgrades: the statements that undo a statement.
 *
 * The compiler knows the schema before each statement, so even a drop
 * inverts: the inverse recreates the dropped objects from the model with
 * their exact names (and whatever CASCADE took along).  What cannot be
 * inverted says why (EXECUTE is opaque; PostgreSQL cannot remove an enum
 * value).
 */
#ifndef MIGC_INVERT_H
#define MIGC_INVERT_H

#include <stdbool.h>
#include <stddef.h>

#include "srcfile.h"

struct replay_ctx;
struct model;
struct ast_stmt;

/*
 * Given the model BEFORE `s`, sets *out (arena array) and *n_out to the
 * statements that undo `s`, in execution order.  A statement that would
 * change nothing (IF EXISTS on a missing object) or that does not replay
 * cleanly (replay_stmt reports that) inverts to nothing.  Returns false
 * with *why set (e.g. `"execute" cannot be inverted`) when `s` has no
 * inverse.  Generated statements carry s->loc.  `before` is not changed
 * (it is frozen for copy-on-write, see model.h).  Reports no diagnostics.
 */
bool invert_stmt(struct replay_ctx *ctx, const struct model *before,
		 const struct ast_stmt *s, struct ast_stmt **out, size_t *n_out,
		 const char **why);

/* For invert.c (invert_part.c): after the inverse of a change to the
 * default (dflt) or not null of column col of partitioned table bt, which
 * PostgreSQL applies to every partition, the partitions' own defaults or
 * not nulls as they were in `before`, set again on each. */
struct m_table;
struct mast_list;
struct arena;
/* invert_part.c: why alter index ... attach partition has no derived
 * downgrade. */
const char *invert_attach_index_why(void);
void invert_part_own(struct mast_list *l, const struct model *before, struct arena *a,
		     const struct m_table *bt, const char *col, bool dflt,
		     struct loc loc);

#endif
