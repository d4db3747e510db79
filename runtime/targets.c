/*
 * targets.c - what an upgrade or downgrade argument means, as Alembic users
 * expect it: relative revisions (REV+N, REV-N, head-N, base+N), the walks
 * `upgrade +N` and `downgrade -N` take from the database, and the checks
 * that refuse a target the database cannot reach.
 *
 * Guarantees: a walk never guesses.  A step that could go two ways (a
 * branch point going forward, a merge going back, two applied tips, two
 * revisions ready to run) is a usage error that lists the choices, ids with
 * their messages, before anything runs.  Nothing here touches the
 * database or uses libpq (migc links this file for `migc sql`); the
 * database-relative functions read only ctx->applied.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"
#include "rt_plan.h"

/* "  <id> (<message>)" lines for `n` revisions; caller frees. */
static char *choice_lines(const struct migrt_plan *plan, const uint32_t *list,
			  uint32_t n)
{
	char *out = rt_xstrdup(""), *old;
	uint32_t i;

	for (i = 0; i < n; i++) {
		const struct migrt_revision *r = &plan->revisions[list[i]];

		old = out;
		out = rt_xprintf("%s\n  %s%s%s%s", old, r->id,
				    r->message[0] ? " (" : "", r->message,
				    r->message[0] ? ")" : "");
		free(old);
	}
	return out;
}

int rt_target_ambiguous(struct rt_ctx *ctx, const char *what,
			   const uint32_t *list, uint32_t n, const char *hint)
{
	char *lines = choice_lines(ctx->plan, list, n);
	int rc = rt_usage_error(ctx, "ambiguous walk: %s could be any of:%s\n%s",
				   what, lines, hint);

	free(lines);
	return rc;
}

/* "id (message)" or "base" for a message; caller frees. */
static char *name_of(const struct migrt_plan *plan, enum rt_target_kind kind,
		     uint32_t idx)
{
	const struct migrt_revision *r;

	if (kind == RT_TARGET_BASE)
		return rt_xstrdup("base");
	if (kind == RT_TARGET_HEAD)
		return rt_xstrdup("head");
	r = &plan->revisions[idx];
	return rt_xprintf("%s%s%s%s", r->id, r->message[0] ? " (" : "",
			     r->message, r->message[0] ? ")" : "");
}

/* Walks `n` steps from the revision in *kind and *idx (BASE or REV): forward through
 * children, back through parents.  `walked` (may be NULL) gets a mark on
 * every revision a backward walk steps down from. */
static int walk(struct rt_ctx *ctx, const char *arg, enum rt_target_kind *kind,
		uint32_t *idx, uint32_t n, int forward, unsigned char *walked)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t *next = rt_xcalloc(plan->n_revisions + 1, sizeof *next);
	uint32_t s, i, k, m;
	int rc = RT_EXIT_OK;

	for (s = 0; s < n && rc == RT_EXIT_OK; s++) {
		char *from = name_of(plan, *kind, *idx), *what;

		m = 0;
		if (forward) {
			for (i = 0; i < plan->n_revisions; i++) {
				const struct migrt_revision *r = &plan->revisions[i];

				if (*kind == RT_TARGET_BASE && r->n_parents == 0)
					next[m++] = i;
				for (k = 0; *kind == RT_TARGET_REV && k < r->n_parents; k++)
					if (r->parents[k] == *idx)
						next[m++] = i;
			}
		} else if (*kind == RT_TARGET_BASE) {
			rc = rt_usage_error(ctx, "\"%s\" goes below base", arg);
		} else {
			const struct migrt_revision *r = &plan->revisions[*idx];

			if (walked)
				walked[*idx] = 1;
			for (k = 0; k < r->n_parents; k++)
				next[m++] = r->parents[k];
			if (m == 0)
				*kind = RT_TARGET_BASE;
		}
		if (rc != RT_EXIT_OK || (!forward && m == 0)) {
			free(from);
			continue;
		}
		if (m == 0) {
			rc = rt_usage_error(ctx, "\"%s\" goes past the head %s: it has no "
					       "child", arg, from);
		} else if (m > 1) {
			what = rt_xprintf("the step %s from %s in \"%s\"",
					     forward ? "forward" : "back", from, arg);
			rc = rt_target_ambiguous(ctx, what, next, m,
						    "give one of them as the revision instead");
			free(what);
		} else {
			*kind = RT_TARGET_REV;
			*idx = next[0];
		}
		free(from);
	}
	free(next);
	return rc;
}

int rt_target_parse(struct rt_ctx *ctx, const char *arg, struct rt_target *t,
		       unsigned char *walked)
{
	const struct migrt_plan *plan = ctx->plan;
	const char *p, *end = arg + strlen(arg);
	char *start;
	uint32_t n;
	int rc;

	t->kind = rt_plan_resolve(plan, arg, &t->idx);
	t->walked_back = 0;
	if (t->kind == RT_TARGET_REV || t->kind == RT_TARGET_HEAD ||
	    t->kind == RT_TARGET_BASE)
		return RT_EXIT_OK;
	for (p = end; p > arg && isdigit((unsigned char)p[-1]); p--)
		;
	if (t->kind == RT_TARGET_AMBIGUOUS || p == end || p == arg ||
	    (p[-1] != '+' && p[-1] != '-'))
		return rt_plan_resolve_arg(ctx, arg, &t->kind, &t->idx);
	p--;
	if (rt_parse_step(p, *p, &n) < 0)
		return rt_usage_error(ctx, "bad step in \"%s\": expected %cN with N >= 1",
					 arg, *p);
	if (p == arg)
		return rt_usage_error(ctx, "\"%s\" is relative to the database: only "
					 "`upgrade +N` and `downgrade -N` take it", arg);
	start = rt_xcalloc((size_t)(p - arg) + 1, 1);
	memcpy(start, arg, (size_t)(p - arg));
	rc = rt_plan_resolve_arg(ctx, start, &t->kind, &t->idx);
	if (rc == RT_EXIT_OK && t->kind == RT_TARGET_HEAD) {
		if (*p == '+')
			rc = rt_usage_error(ctx, "\"%s\" goes past the heads", arg);
		else if (plan->n_heads != 1) {
			char *what = rt_xprintf("the head of \"%s\"", arg);

			rc = rt_target_ambiguous(ctx, what, plan->heads, plan->n_heads,
						    "start from one of them (ID-N) instead");
			free(what);
		} else
			t->idx = plan->heads[0], t->kind = RT_TARGET_REV;
	}
	if (rc == RT_EXIT_OK)
		rc = walk(ctx, arg, &t->kind, &t->idx, n, *p == '+', walked);
	t->walked_back = rc == RT_EXIT_OK && *p == '-';
	free(start);
	return rc;
}

void rt_plan_mark_descendants(const struct migrt_plan *plan, unsigned char *mark)
{
	uint32_t i, k;

	for (i = 0; i < plan->n_revisions; i++)
		for (k = 0; !mark[i] && k < plan->revisions[i].n_parents; k++)
			if (plan->revisions[i].parents[k] < plan->n_revisions &&
			    mark[plan->revisions[i].parents[k]])
				mark[i] = 1;
}

static uint32_t count_set(const unsigned char *set, uint32_t n, int value)
{
	uint32_t i, c = 0;

	for (i = 0; i < n; i++)
		c += (set[i] != 0) == value;
	return c;
}

int rt_walk_up(struct rt_ctx *ctx, const char *arg, uint32_t steps,
		  uint32_t *list, uint32_t *n)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t nr = plan->n_revisions, i, k, m, s;
	unsigned char *virt = rt_xcalloc(nr ? nr : 1, 1);
	uint32_t *ready = rt_xcalloc(nr ? nr : 1, sizeof *ready);
	int rc = RT_EXIT_OK;

	memcpy(virt, ctx->applied, nr);
	*n = 0;
	for (s = 0; s < steps && rc == RT_EXIT_OK; s++) {
		for (i = 0, m = 0; i < nr; i++) {
			const struct migrt_revision *r = &plan->revisions[i];

			for (k = 0; k < r->n_parents && virt[r->parents[k]]; k++)
				;
			if (!virt[i] && k == r->n_parents)
				ready[m++] = i;
		}
		if (m == 0) {
			uint32_t pending = count_set(ctx->applied, nr, 0);

			rc = rt_usage_error(ctx, "cannot upgrade %u revision%s: only %u pending",
					       (unsigned)steps, steps == 1 ? "" : "s",
					       (unsigned)pending);
		} else if (m > 1) {
			char *what = rt_xprintf("the next revision at step %u of \"upgrade %s\"",
						   (unsigned)s + 1, arg);

			rc = rt_target_ambiguous(ctx, what, ready, m,
						    "give the revision to upgrade to instead "
						    "(`upgrade ID`)");
			free(what);
		} else {
			virt[ready[0]] = 1;
			list[(*n)++] = ready[0];
		}
	}
	free(virt);
	free(ready);
	return rc;
}

int rt_walk_down(struct rt_ctx *ctx, const char *arg, uint32_t steps,
		    uint32_t *list, uint32_t *n)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t nr = plan->n_revisions, i, m, s;
	unsigned char *virt = rt_xcalloc(nr ? nr : 1, 1);
	unsigned char *tips = rt_xcalloc(nr ? nr : 1, 1);
	uint32_t *tip = rt_xcalloc(nr ? nr : 1, sizeof *tip);
	int rc = RT_EXIT_OK;

	memcpy(virt, ctx->applied, nr);
	*n = 0;
	for (s = 0; s < steps && rc == RT_EXIT_OK; s++) {
		rt_plan_set_heads(plan, virt, tips);
		for (i = nr, m = 0; i-- > 0;)
			if (tips[i])
				tip[m++] = i;
		if (m == 0) {
			uint32_t applied = count_set(ctx->applied, nr, 1);

			rc = rt_usage_error(ctx, "cannot downgrade %u revision%s: only %u applied",
					       (unsigned)steps, steps == 1 ? "" : "s",
					       (unsigned)applied);
		} else if (m > 1) {
			char *what = rt_xprintf("the revision to undo at step %u of "
						   "\"downgrade %s\"", (unsigned)s + 1, arg);

			rc = rt_target_ambiguous(ctx, what, tip, m,
						    "give a revision instead: `downgrade ID-1` "
						    "undoes ID and what was applied above it");
			free(what);
		} else {
			virt[tip[0]] = 0;
			list[(*n)++] = tip[0];
		}
	}
	free(virt);
	free(tips);
	free(tip);
	return rc;
}

int rt_target_check_up(struct rt_ctx *ctx, const char *arg,
			  const struct rt_target *t)
{
	const struct migrt_plan *plan = ctx->plan;
	unsigned char *tips;
	char *where, *name;
	int behind, rc;

	if (t->kind == RT_TARGET_HEAD)
		return RT_EXIT_OK;
	tips = rt_xcalloc(plan->n_revisions ? plan->n_revisions : 1, 1);
	rt_plan_set_heads(plan, ctx->applied, tips);
	if (t->kind == RT_TARGET_BASE)
		behind = count_set(ctx->applied, plan->n_revisions, 1) > 0;
	else
		behind = ctx->applied[t->idx] && !tips[t->idx];
	free(tips);
	if (!behind)
		return RT_EXIT_OK;
	where = rt_plan_describe(plan, ctx->applied);
	name = name_of(plan, t->kind, t->idx);
	rc = rt_usage_error(ctx, "cannot upgrade to \"%s\": %s is behind the database, "
			       "which is at %s; `downgrade %s` goes back to it", arg, name,
			       where, arg);
	free(where);
	free(name);
	return rc;
}

int rt_target_undo_set(struct rt_ctx *ctx, const char *arg,
			  const struct rt_target *t, unsigned char *undo)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t i, nr = plan->n_revisions;
	char *where, *name;
	int rc, ok = 1;

	if (t->kind == RT_TARGET_HEAD) {
		for (i = 0; i < plan->n_heads; i++)
			ok &= ctx->applied[plan->heads[i]] != 0;
	} else if (t->kind == RT_TARGET_REV) {
		ok = ctx->applied[t->idx] != 0;
	}
	if (!ok) {
		where = rt_plan_describe(plan, ctx->applied);
		name = name_of(plan, t->kind, t->idx);
		rc = rt_usage_error(ctx, "cannot downgrade to \"%s\": %s is not applied "
				       "(the database is at %s); downgrade only undoes "
				       "revisions applied above its target", arg, name, where);
		free(where);
		free(name);
		return rc;
	}
	/* `undo` holds the revisions a REV-N walk stepped down from, if any:
	 * only they and what was applied above them go */
	if (!t->walked_back) {
		memset(undo, 0, nr);
		if (t->kind == RT_TARGET_BASE)
			memset(undo, 1, nr);
		else if (t->kind == RT_TARGET_REV)
			undo[t->idx] = 1;
		rt_plan_mark_descendants(plan, undo);
		if (t->kind == RT_TARGET_REV)
			undo[t->idx] = 0;
	} else {
		rt_plan_mark_descendants(plan, undo);
	}
	for (i = 0; i < nr; i++)
		undo[i] = undo[i] && ctx->applied[i];
	return RT_EXIT_OK;
}
