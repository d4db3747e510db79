/*
 * rt_plan.h - questions about the plan that need no database: resolving
 * ids and targets, ancestors and heads (plan.c), relative targets and
 * walks (targets.c).  No libpq: migc links them for `migc sql`.
 *
 * Private to the runtime (never installed); rt.h has the context.
 */
#ifndef RT_RT_PLAN_H
#define RT_RT_PLAN_H

#include "rt.h"

/* ---- plan.c: graph queries over the plan ------------------------------ */

enum rt_target_kind {
	RT_TARGET_REV,	/* one revision */
	RT_TARGET_HEAD,	/* every head */
	RT_TARGET_BASE,	/* nothing */
	RT_TARGET_UNKNOWN,
	RT_TARGET_AMBIGUOUS
};

/* Whether a version-table row's checksum verifies `r`: it holds the
 * plan's checksum, or (a row an older migrator wrote) the checksum_v1. */
int rt_checksum_matches(const struct migrt_revision *r, const char *recorded);
/* Resolves "head" (or "heads"), "base" or a unique id prefix; *idx is set
 * for REV. */
enum rt_target_kind rt_plan_resolve(const struct migrt_plan *plan,
					  const char *arg, uint32_t *idx);
/* Like rt_plan_resolve but prints a usage error naming `arg` unless the
 * result is REV/HEAD/BASE.  Returns 0 or RT_EXIT_USAGE. */
int rt_plan_resolve_arg(struct rt_ctx *ctx, const char *arg,
			   enum rt_target_kind *kind, uint32_t *idx);
/* Index of the revision whose id is exactly `id`, or -1. */
long rt_plan_find(const struct migrt_plan *plan, const char *id);
/* Sets mark[i] = 1 for `idx` and all its ancestors (mark: n_revisions). */
void rt_plan_mark_ancestors(const struct migrt_plan *plan, uint32_t idx,
			       unsigned char *mark);
/* Marks what a target stands for: HEAD everything, BASE nothing, REV its
 * ancestors and itself. */
void rt_plan_mark_target(const struct migrt_plan *plan,
			    enum rt_target_kind kind, uint32_t idx,
			    unsigned char *mark);
int rt_plan_is_head(const struct migrt_plan *plan, uint32_t idx);
uint32_t rt_plan_n_children(const struct migrt_plan *plan, uint32_t idx);
/* Parses "+N" / "-N" (sign is '+' or '-'), N >= 1.  Returns 0 or -1. */
int rt_parse_step(const char *arg, char sign, uint32_t *n);
/* heads[i] = 1 for each marked revision with no marked child (both arrays
 * have n_revisions entries, owned by the caller). */
void rt_plan_set_heads(const struct migrt_plan *plan,
			  const unsigned char *mark, unsigned char *heads);
/* "base", or the heads of the marked set ("id (head), id"), newly
 * allocated (caller frees). */
char *rt_plan_describe(const struct migrt_plan *plan,
			  const unsigned char *mark);
/* The plan's heads as "id, id" or "base"; newly allocated (caller frees). */
char *rt_plan_heads_text(const struct migrt_plan *plan);

/* ---- targets.c: relative targets, walks, reachability ----------------- */

struct rt_target {
	enum rt_target_kind kind;	/* REV, HEAD or BASE */
	uint32_t idx;			/* REV */
	int walked_back;		/* the argument was X-N */
};
/* Resolves head, heads, base, an id or unique prefix, REV+N, REV-N,
 * head-N, base+N (docs/migrator.md, "Revision arguments") against the
 * plan; a bare +N/-N is refused here.  A REV-N walk marks in `walked`
 * (n_revisions flags, may be NULL) every revision it stepped down from.
 * Returns 0 or RT_EXIT_USAGE after printing why (an ambiguous walk
 * lists the choices). */
int rt_target_parse(struct rt_ctx *ctx, const char *arg, struct rt_target *t,
		       unsigned char *walked);
/* The usage error of an ambiguous walk: "`what` could be any of:", one
 * "  id (message)" line per choice, then `hint`.  Returns RT_EXIT_USAGE. */
int rt_target_ambiguous(struct rt_ctx *ctx, const char *what,
			   const uint32_t *list, uint32_t n, const char *hint);
/* Adds to `mark` every descendant of a marked revision. */
void rt_plan_mark_descendants(const struct migrt_plan *plan, unsigned char *mark);
/* `upgrade +N` / `downgrade -N` against ctx->applied: the N revisions to
 * run, one step at a time, into list[*n].  Each step must have exactly one
 * choice (a revision whose parents are all applied / an applied tip).
 * Returns 0 or RT_EXIT_USAGE (printed). */
int rt_walk_up(struct rt_ctx *ctx, const char *arg, uint32_t steps,
		  uint32_t *list, uint32_t *n);
int rt_walk_down(struct rt_ctx *ctx, const char *arg, uint32_t steps,
		    uint32_t *list, uint32_t *n);
/* Refuses (usage error) an upgrade target that is behind the database: base
 * when anything is applied, an applied revision with an applied child. */
int rt_target_check_up(struct rt_ctx *ctx, const char *arg,
			  const struct rt_target *t);
/* What `downgrade` to `t` undoes, into `undo` (n_revisions flags; on entry
 * the marks rt_target_parse's walk left, if t->walked_back): the
 * applied descendants of the target, or for REV-N those of the revisions
 * walked through and themselves.  Refuses (usage error) a target that is
 * not applied. */
int rt_target_undo_set(struct rt_ctx *ctx, const char *arg,
			  const struct rt_target *t, unsigned char *undo);

/* ---- tenant.c: --schema NAME ------------------------------------------ */

/* `name` as a quoted identifier (common/sqltext's rules; caller frees). */
char *rt_quote_ident(const char *name);
/* The statement's text with every slot spelling `quoted` (caller frees). */
char *rt_tenant_splice(const struct migrt_stmt *st, const char *quoted);
/* Points ctx->plan at the plan for tenant schema `name` (tenant.c's
 * comment says what maps); returns an exit status, printing the error.
 * A no-op when `name` is the compiled default schema. */
int rt_tenant_apply(struct rt_ctx *ctx, const char *name);
/* Frees what rt_tenant_apply() built and restores the compiled plan. */
void rt_tenant_free(struct rt_ctx *ctx);

/* The pre-flight data checks of revision idx's upgrade (migrt.h, ABI 5):
 * their count; *stmts gets the checks (one `DO` block each, with the
 * guarded statement's line) and *before, for each, the index in the
 * upgrade of the statement it precedes.  Each raises the guarded
 * statement's SQLSTATE when rows would make it fail and changes nothing,
 * so `plan` can run them in a transaction it rolls back. */
uint32_t rt_plan_preflights(const struct migrt_plan *plan, uint32_t idx,
			    const struct migrt_stmt **stmts, const uint32_t **before);

#endif
