/*
 * replay_policy.c - CREATE POLICY, DROP POLICY and ALTER POLICY ...
 * RENAME TO in the model: a policy's name is unique per table, as in
 * PostgreSQL.  What a policy's expressions use is not tracked (a column a
 * policy uses can be dropped in the model; the server refuses it).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "replay_int.h"

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* t's policies with `add` appended, or without index `drop`, or with the
 * one at `ren` renamed to `to` (a new array: the old one may be shared). */
static void set_policies(struct rp *r, struct m_table *t, const struct m_policy *add,
			 size_t drop, size_t ren, const char *to)
{
	struct m_policy *v = arena_calloc(r->a, t->n_pols + 2, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < t->n_pols; i++) {
		if (i == drop)
			continue;
		v[n] = t->pols[i];
		if (i == ren)
			v[n].name = to;
		n++;
	}
	if (add)
		v[n++] = *add;
	t->pols = v;
	t->n_pols = n;
}

bool rp_policy(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_table *t = rp_table(r, &s->u.policy.table, s->kind == STMT_DROP_POLICY && s->if_exists);
	if (!t)
		return s->kind == STMT_DROP_POLICY && rp_missing_ok(r);
	const char *name = s->u.policy.member.name;
	const struct m_policy *p = table_policy(t, name);
	if (s->kind == STMT_CREATE_POLICY) {
		if (p) {
			rp_error(r, s->u.policy.member.loc, "policy \"%s\" for table \"%s\" already exists",
				 name, rp_table_label(r, t));
			return false;
		}
		struct m_policy np = { .name = name, .restrictive = s->u.policy.pol_restrictive,
				       .cmd = s->u.policy.pol_cmd, .loc = s->u.policy.member.loc };
		np.roles = arena_calloc(r->a, s->u.policy.n_pol_roles + 1, sizeof *np.roles);
		for (size_t i = 0; i < s->u.policy.n_pol_roles; i++)
			np.roles[np.n_roles++] = s->u.policy.pol_roles[i];
		if (np.n_roles == 1 && strcmp(np.roles[0], "public") == 0)
			np.n_roles = 0;	/* to public is the default */
		qsort(np.roles, np.n_roles, sizeof *np.roles, cmp_str);
		np.using_text = s->u.policy.pol_using ? s->u.policy.pol_using->text : NULL;
		np.check_text = s->u.policy.pol_check ? s->u.policy.pol_check->text : NULL;
		t = model_table_mut(r->m, r->a, t);
		set_policies(r, t, &np, (size_t)-1, (size_t)-1, NULL);
		return true;
	}
	if (!p) {
		if (s->kind == STMT_DROP_POLICY && s->if_exists)
			return true;
		rp_error(r, s->u.policy.member.loc, "policy \"%s\" for table \"%s\" does not exist",
			 name, rp_table_label(r, t));
		return false;
	}
	size_t at = (size_t)(p - t->pols);
	if (s->kind == STMT_RENAME_POLICY && table_policy(t, s->u.policy.new_name.name)) {
		rp_error(r, s->u.policy.new_name.loc, "policy \"%s\" for table \"%s\" already exists",
			 s->u.policy.new_name.name, rp_table_label(r, t));
		return false;
	}
	t = model_table_mut(r->m, r->a, t);
	if (s->kind == STMT_DROP_POLICY)
		set_policies(r, t, NULL, at, (size_t)-1, NULL);
	else
		set_policies(r, t, NULL, (size_t)-1, at, s->u.policy.new_name.name);
	return true;
}
