/*
 * plan.c - graph queries over the compiled plan: resolving revision
 * arguments, ancestors, heads.
 *
 * The plan's revisions are in topological order (every parent before its
 * children), so ancestor sets are one backward sweep and "plan order" is
 * index order.  Nothing here touches the database; sets are arrays of
 * n_revisions flags owned by the caller.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"
#include "rt_plan.h"

int rt_checksum_matches(const struct migrt_revision *r, const char *recorded)
{
	if (strcmp(recorded, r->checksum) == 0)
		return 1;
	return r->checksum_v1 && r->checksum_v1[0] &&
	       strcmp(recorded, r->checksum_v1) == 0;
}

enum rt_target_kind rt_plan_resolve(const struct migrt_plan *plan,
					  const char *arg, uint32_t *idx)
{
	size_t len = strlen(arg);
	uint32_t i, found = 0, n = 0;

	if (strcmp(arg, "head") == 0 || strcmp(arg, "heads") == 0)
		return RT_TARGET_HEAD;
	if (strcmp(arg, "base") == 0)
		return RT_TARGET_BASE;
	if (len == 0)
		return RT_TARGET_UNKNOWN;
	for (i = 0; i < plan->n_revisions; i++) {
		const char *id = plan->revisions[i].id;

		if (strcmp(id, arg) == 0) {
			*idx = i;
			return RT_TARGET_REV;
		}
		if (strncmp(id, arg, len) == 0) {
			found = i;
			n++;
		}
	}
	if (n == 0)
		return RT_TARGET_UNKNOWN;
	if (n > 1)
		return RT_TARGET_AMBIGUOUS;
	*idx = found;
	return RT_TARGET_REV;
}

int rt_plan_resolve_arg(struct rt_ctx *ctx, const char *arg,
			   enum rt_target_kind *kind, uint32_t *idx)
{
	const struct migrt_plan *plan = ctx->plan;
	size_t len = strlen(arg);
	uint32_t i;

	*idx = 0;
	*kind = rt_plan_resolve(plan, arg, idx);
	if (*kind == RT_TARGET_UNKNOWN)
		return rt_usage_error(ctx, "unknown revision \"%s\"", arg);
	if (*kind != RT_TARGET_AMBIGUOUS)
		return 0;
	{
		char *list = NULL, *old;
		int rc;

		for (i = 0; i < plan->n_revisions; i++) {
			if (strncmp(plan->revisions[i].id, arg, len) != 0)
				continue;
			old = list;
			list = rt_xprintf("%s%s%s", old ? old : "",
					     old ? ", " : "", plan->revisions[i].id);
			free(old);
		}
		rc = rt_usage_error(ctx, "ambiguous revision \"%s\": it matches %s",
				       arg, list);
		free(list);
		return rc;
	}
}

long rt_plan_find(const struct migrt_plan *plan, const char *id)
{
	uint32_t i;

	for (i = 0; i < plan->n_revisions; i++)
		if (strcmp(plan->revisions[i].id, id) == 0)
			return (long)i;
	return -1;
}

void rt_plan_mark_ancestors(const struct migrt_plan *plan, uint32_t idx,
			       unsigned char *mark)
{
	uint32_t i, k;

	mark[idx] = 1;
	for (i = idx + 1; i-- > 0;) {
		const struct migrt_revision *r = &plan->revisions[i];

		if (!mark[i])
			continue;
		for (k = 0; k < r->n_parents; k++)
			if (r->parents[k] < plan->n_revisions)
				mark[r->parents[k]] = 1;
	}
}

void rt_plan_mark_target(const struct migrt_plan *plan,
			    enum rt_target_kind kind, uint32_t idx,
			    unsigned char *mark)
{
	if (kind == RT_TARGET_HEAD)
		memset(mark, 1, plan->n_revisions);
	else if (kind == RT_TARGET_REV)
		rt_plan_mark_ancestors(plan, idx, mark);
}

int rt_plan_is_head(const struct migrt_plan *plan, uint32_t idx)
{
	uint32_t i;

	for (i = 0; i < plan->n_heads; i++)
		if (plan->heads[i] == idx)
			return 1;
	return 0;
}

uint32_t rt_plan_n_children(const struct migrt_plan *plan, uint32_t idx)
{
	uint32_t i, k, n = 0;

	for (i = idx + 1; i < plan->n_revisions; i++)
		for (k = 0; k < plan->revisions[i].n_parents; k++)
			if (plan->revisions[i].parents[k] == idx)
				n++;
	return n;
}

int rt_parse_step(const char *arg, char sign, uint32_t *n)
{
	unsigned long v = 0;
	const char *p;

	if (arg[0] != sign || !arg[1])
		return -1;
	for (p = arg + 1; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 1000000000ul)
			return -1;
	}
	if (v == 0)
		return -1;
	*n = (uint32_t)v;
	return 0;
}

/* Appends `s` to the malloc'd string *buf (which may be NULL). */
static void append(char **buf, const char *s)
{
	char *old = *buf;

	*buf = rt_xprintf("%s%s", old ? old : "", s);
	free(old);
}

void rt_plan_set_heads(const struct migrt_plan *plan,
			  const unsigned char *mark, unsigned char *heads)
{
	uint32_t i, k;

	memcpy(heads, mark, plan->n_revisions);
	for (i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *r = &plan->revisions[i];

		if (!mark[i])
			continue;
		for (k = 0; k < r->n_parents; k++)
			if (r->parents[k] < plan->n_revisions)
				heads[r->parents[k]] = 0;
	}
}

char *rt_plan_describe(const struct migrt_plan *plan,
			  const unsigned char *mark)
{
	unsigned char *heads = rt_xcalloc(plan->n_revisions, 1);
	char *out = NULL;
	uint32_t i;

	rt_plan_set_heads(plan, mark, heads);
	for (i = 0; i < plan->n_revisions; i++) {
		if (!heads[i])
			continue;
		if (out)
			append(&out, ", ");
		append(&out, plan->revisions[i].id);
		if (rt_plan_is_head(plan, i))
			append(&out, " (head)");
	}
	free(heads);
	return out ? out : rt_xstrdup("base");
}

char *rt_plan_heads_text(const struct migrt_plan *plan)
{
	char *out = NULL;
	uint32_t i;

	for (i = 0; i < plan->n_heads; i++) {
		if (out)
			append(&out, ", ");
		append(&out, plan->revisions[plan->heads[i]].id);
	}
	return out ? out : rt_xstrdup("base");
}

uint32_t rt_plan_preflights(const struct migrt_plan *plan, uint32_t idx,
			    const struct migrt_stmt **stmts, const uint32_t **before)
{
	const struct migrt_revision *r = &plan->revisions[idx];

	*stmts = r->n_preflight ? r->preflight : NULL;
	*before = r->n_preflight ? r->preflight_before : NULL;
	return r->n_preflight;
}
