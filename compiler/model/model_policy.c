/*
 * model_policy.c - row security policies of a table in the model
 * (model.h, "policies"): lookup, equality (expressions in
 * model_expr_norm()'s normal form, roles as sorted sets) and the lines
 * model_diff() prints for them.
 */
#include <string.h>

#include "arena.h"
#include "model.h"

const struct m_policy *table_policy(const struct m_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_pols; i++)
		if (strcmp(t->pols[i].name, name) == 0)
			return &t->pols[i];
	return NULL;
}

static bool expr_same(struct arena *a, const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return model_expr_equal(a, x, y);
}

bool model_policy_equal(struct arena *a, const struct m_policy *x, const struct m_policy *y)
{
	return x->restrictive == y->restrictive && strcmp(x->cmd, y->cmd) == 0 &&
	       model_names_equal(x->roles, x->n_roles, y->roles, y->n_roles) &&
	       expr_same(a, x->using_text, y->using_text) &&
	       expr_same(a, x->check_text, y->check_text);
}

void model_policy_diff(struct arena *a, const char *tl, const struct m_table *e,
		       const struct m_table *c, void (*add)(void *, const char *), void *ctx)
{
	for (size_t i = 0; i < e->n_pols; i++) {
		const struct m_policy *cp = table_policy(c, e->pols[i].name);
		if (!cp)
			add(ctx, arena_printf(a, "policy \"%s\" on %s is missing", e->pols[i].name, tl));
		else if (!model_policy_equal(a, &e->pols[i], cp))
			add(ctx, arena_printf(a, "policy \"%s\" on %s differs", e->pols[i].name, tl));
	}
	for (size_t i = 0; i < c->n_pols; i++)
		if (!table_policy(e, c->pols[i].name))
			add(ctx, arena_printf(a, "policy \"%s\" on %s is unexpected", c->pols[i].name, tl));
}
