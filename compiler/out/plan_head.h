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
struct migrt_stmt;

/* Fills head->check_model, n_check_model and check_model_exact when the
 * head's model can be written as statements that rebuild exactly what
 * replaying the history would (plan_head.c says when); leaves them zero
 * otherwise. */
void plan_head_check(struct arena *a, const struct project *p,
		     const struct migrt_plan *plan, const uint32_t *const *check_src,
		     struct migrt_revision *head);

/* plan_hist.c: the history closure (plan ABI 9).  `plan->revisions` hold
 * every revision's check_upgrade, check_src[i][k] the index in revision
 * i's upgrade of check_upgrade[k]'s statement.  Fills `set` with the
 * names the closure owns and *stmts / *n with its statements (check_upgrade
 * strings, in plan order); false when the history needs the full replay. */
struct pmap;
bool plan_hist_closure(struct arena *a, const struct project *p,
		       const struct migrt_plan *plan, const uint32_t *const *check_src,
		       struct pmap *set, const struct migrt_stmt **stmts, uint32_t *n);
/* Whether every object in `objects` (whose name, a const char *, is at
 * byte `name_at` of it) has its name in `hist` (NULL: none has). */
bool plan_hist_owns(struct arena *a, const struct pmap *hist, const struct pmap *objects,
		    size_t name_at);

/* plan_hist_model.c: a clone of `head` without the objects whose names
 * are in `set` (the history closure's; the file says which), or with
 * `closure` with only those (and its schemas). */
struct model;
struct model *plan_hist_model(struct arena *a, const struct model *head,
			      const struct pmap *set, bool closure);

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
 * check_catalog_exact (plan ABI 7) when head->check_model is exact (or,
 * `hist` non-NULL, exact but for the objects named in `hist`, which the
 * history closure builds: ABI 9) and every other object of the head model
 * can be printed as the catalog reader prints it; `chains` (plan_head_types.c) say which type a column had when
 * it got its default. */
void plan_head_catalog(struct arena *a, const struct project *p,
		       const struct head_chains *chains, const struct ast_stmt *const *stmts,
		       const struct pmap *hist, struct migrt_revision *head);

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

/* plan_partial.c: calls each(ctx, w) for every word w of `sql` (an
 * identifier, quoted or not, a keyword, a word inside a string literal),
 * and again folded to lower case when that differs. */
void plan_words(struct arena *a, const char *sql, void (*each)(void *ctx, const char *word),
		void *ctx);

#endif
