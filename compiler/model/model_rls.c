/*
 * model_rls.c - comparing the row level security flags of two tables
 * (model.h, "row level security").
 */
#include "arena.h"
#include "model.h"

size_t model_rls_diff(struct arena *a, const char *tl, const struct m_table *e,
		      const struct m_table *c, const char *out[2])
{
	size_t n = 0;
	if (e->rls_enabled != c->rls_enabled)
		out[n++] = arena_printf(a, "table %s has row level security %s, expected %s", tl,
					c->rls_enabled ? "enabled" : "disabled",
					e->rls_enabled ? "enabled" : "disabled");
	if (e->rls_forced != c->rls_forced)
		out[n++] = arena_printf(a, "table %s has row level security %s, expected %s", tl,
					c->rls_forced ? "forced" : "not forced",
					e->rls_forced ? "forced" : "not forced");
	return n;
}
