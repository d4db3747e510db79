/*
 * replay.h - applying statements to the schema model, with every check.
 *
 * replay_stmt() is PostgreSQL's parse analysis plus execution for the DDL
 * subset: it resolves names, picks PostgreSQL's automatic names, follows
 * its dependency rules (what "drop" takes along, what needs "cascade") and
 * reports what the server would reject, located at the offending name.
 * A statement that fails leaves the model exactly as it was.
 */
#ifndef MIGC_REPLAY_H
#define MIGC_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct model;
struct ast_stmt;
struct naming_conv;

struct replay_ctx {
	struct arena *arena;	/* new and copied objects; must live as long
				 * as the model replayed into */
	struct diag *diag;	/* errors and their notes */
	const struct naming_conv *naming; /* replay_declarative(): the naming
				 * conventions, or NULL (PostgreSQL's names) */
	bool in_place;		/* the statement is known to succeed on this
				 * state (a trial replay on a clone said so):
				 * what `m` owns is written in place, without
				 * the copies a rollback needs */
	bool any_collation;	/* a database's catalog: the collations its
				 * columns name exist there, model or not */
};

/* Applies one statement to `m`.  On error reports through ctx->diag
 * (located at the offending name or token, else the statement), leaves
 * `m` unchanged and returns false.  EXECUTE changes nothing. */
bool replay_stmt(struct replay_ctx *ctx, struct model *m, const struct ast_stmt *s);

/* `in` with the naming conventions `nc` applied (replay_naming.c): each
 * unnamed constraint and index it creates named explicitly.  `in` itself
 * when nc is NULL; `m` is the model it is about to be replayed on. */
struct ast_stmt replay_apply_naming(struct arena *a, const struct model *m,
				    const struct naming_conv *nc, const struct ast_stmt *in);

/* schema.mig is declarative: its statements in an order where each one's
 * references exist (schemas, types, tables without their foreign keys,
 * other statements, the foreign keys as ALTER TABLE ADD CONSTRAINT,
 * comments; stable within each step).  Allocated in `a`. */
struct ast_stmt *replay_declarative_order(struct arena *a, const struct ast_stmt *stmts,
					  size_t n, size_t *n_out);
/* Replays stmts in that order, named by ctx->naming; what depends on a table whose creation
 * failed is skipped silently (that one error is the report).  False when
 * any statement failed. */
bool replay_declarative(struct replay_ctx *ctx, struct model *m,
			const struct ast_stmt *stmts, size_t n);

#endif
