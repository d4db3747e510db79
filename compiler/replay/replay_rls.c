/*
 * replay_rls.c - ALTER TABLE ... ENABLE | DISABLE | FORCE | NO FORCE ROW
 * LEVEL SECURITY: two flags of the table, independent as in PostgreSQL
 * (forcing is allowed while row level security is disabled; it then has
 * no effect until it is enabled).
 */
#include "replay_int.h"

bool rp_alter_rls(struct rp *r, struct m_table *t, const struct ast_alter *al)
{
	t = model_table_mut(r->m, r->a, t);
	switch (al->rls) {
	case RLS_ENABLE: t->rls_enabled = true; break;
	case RLS_DISABLE: t->rls_enabled = false; break;
	case RLS_FORCE: t->rls_forced = true; break;
	case RLS_NO_FORCE: t->rls_forced = false; break;
	}
	return true;
}
