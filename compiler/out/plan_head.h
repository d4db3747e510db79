/*
 * plan_head.h - the expected schema of `check` at the head, written from
 * the model instead of replayed from the history (plan ABI 6).
 */
#ifndef MIGC_PLAN_HEAD_H
#define MIGC_PLAN_HEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"

struct arena;
struct project;
struct migrt_revision;
struct migrt_plan;

/* Fills head->check_model, n_check_model and check_model_exact when the
 * head's model can be written as statements that rebuild exactly what
 * replaying the history would (plan_head.c says when); leaves them zero
 * otherwise. */
void plan_head_check(struct arena *a, const struct project *p,
		     const struct migrt_plan *plan, struct migrt_revision *head);

/* plan_head_types.c: a column whose type changed while it had a default
 * (set before the first of `types`): created with `first`, then changed
 * to each of `types` in turn. */
struct head_chain {
	const char *schema, *table, *col;
	struct ast_type first;
	struct ast_type *types;
	size_t n_types;
	bool dead;		/* the default or the column went away */
};

struct head_chains {
	struct head_chain *v;
	size_t n, cap;
};

/* Replays the history to find them; false when it cannot follow one (the
 * head then needs the replay). */
bool plan_head_type_chains(struct arena *a, const struct project *p,
			   struct head_chains *out);

/* plan_catalog.c: fills head->check_catalog, n_check_catalog and
 * check_catalog_exact (plan ABI 7) when head->check_model is exact and
 * every object of the head model can be printed as the catalog reader
 * prints it; `chains` (plan_head_types.c) say which type a column had when
 * it got its default. */
void plan_head_catalog(struct arena *a, const struct project *p,
		       const struct head_chains *chains, const struct ast_stmt *const *stmts,
		       struct migrt_revision *head);

/* plan_partial.c: the statements (`stmts`, rendered as `sql`, n of them:
 * head->check_model and the model statements they came from) that build
 * the tables `server_tables` ("schema.table") whole and everything they
 * need to exist, plus every create schema (the file says how): their
 * indexes, increasing, in *out; returns how many. */
struct model;
size_t plan_partial_closure(struct arena *a, const struct model *m,
			    const struct ast_stmt *const *stmts, const char *const *sql,
			    size_t n, const char *const *server_tables, size_t n_server,
			    uint32_t **out);

#endif
