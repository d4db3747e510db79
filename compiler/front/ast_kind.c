/*
 * ast_kind.c - questions several statement kinds answer from their own
 * per-kind structs (ast.h's union `u`).
 *
 * Guarantees: each function reads only the member of `u` that belongs to
 * the statement's kind, so generic code (planning, preflight, the live
 * comparison) never reads another kind's bytes.
 */
#include "ast.h"

const struct ast_name *ast_stmt_table(const struct ast_stmt *s)
{
	switch (s->kind) {
	case STMT_CREATE_INDEX:
		return &s->u.index.table;
	case STMT_ATTACH_PARTITION:
	case STMT_DETACH_PARTITION:
		return &s->u.part.table;
	case STMT_CREATE_POLICY:
	case STMT_DROP_POLICY:
	case STMT_RENAME_POLICY:
		return &s->u.policy.table;
	default:
		return NULL;
	}
}

bool ast_stmt_concurrently(const struct ast_stmt *s)
{
	if (s->kind == STMT_CREATE_INDEX)
		return s->u.index.concurrently;
	if (s->kind == STMT_DROP_INDEX)
		return s->u.drop.concurrently;
	if (s->kind == STMT_DETACH_PARTITION)
		return s->u.part.concurrently;
	return false;
}

void ast_stmt_set_concurrently(struct ast_stmt *s, bool on)
{
	if (s->kind == STMT_CREATE_INDEX)
		s->u.index.concurrently = on;
	else if (s->kind == STMT_DROP_INDEX)
		s->u.drop.concurrently = on;
	else if (s->kind == STMT_DETACH_PARTITION) {
		/* in one transaction, a detach is a plain one (FINALIZE
		 * completes a detach that a transaction never leaves half done) */
		if (!on && s->u.part.concurrently)
			s->u.part.add_check = true;
		s->u.part.concurrently = on;
		if (!on)
			s->u.part.finalize = false;
	}
}

static bool is_drop(const struct ast_stmt *s)
{
	return s->kind == STMT_DROP_TABLE || s->kind == STMT_DROP_INDEX ||
	       s->kind == STMT_DROP_TYPE || s->kind == STMT_DROP_SCHEMA;
}

size_t ast_drop_count(const struct ast_stmt *s)
{
	return is_drop(s) ? 1 + s->u.drop.n_more : 1;
}

struct ast_stmt ast_drop_one(const struct ast_stmt *s, size_t i)
{
	struct ast_stmt one = *s;
	if (!is_drop(s))
		return one;
	if (i > 0 && i <= s->u.drop.n_more)
		one.target = s->u.drop.more[i - 1];
	one.u.drop.more = NULL;
	one.u.drop.n_more = 0;
	return one;
}
