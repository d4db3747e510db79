/*
 * replay.c - replay_stmt(): dispatch and rollback.  The handlers it
 * dispatches to are replay_*.c; the helpers they share are below them in
 * replay_resolve.c and replay_drop.c.
 *
 * Rollback: before a statement the model's generation is bumped, which
 * freezes every object it owns; the statement then writes copies only.  On
 * error the model struct saved before the statement is put back, and the
 * copies are simply abandoned in the arena.  ctx->in_place skips the
 * freeze for a statement already seen to succeed on the same state.
 */
#include "replay.h"

#include "arena.h"
#include "replay_int.h"

/* One statement, or one name of a drop of several. */
static bool replay_one(struct rp *rr)
{
	struct rp r = *rr;
	const struct ast_stmt *s = r.s;
	bool ok = false;
	switch (s->kind) {
	case STMT_CREATE_TABLE:
		ok = s->u.table.part_of.name ? rp_create_partition(&r)
				     : rp_create_table(&r) && rp_part_key(&r);
		break;
	case STMT_DROP_TABLE: ok = rp_part_drop_children(&r) && rp_drop_table(&r); break;
	case STMT_RENAME_TABLE:
	case STMT_RENAME_COLUMN:
	case STMT_RENAME_CONSTRAINT:
	case STMT_RENAME_INDEX: ok = rp_rename(&r); break;
	case STMT_ALTER_TABLE: ok = rp_alter_table(&r); break;
	case STMT_CREATE_INDEX: ok = rp_create_index(&r); break;
	case STMT_DROP_INDEX: ok = rp_drop_index(&r); break;
	case STMT_CREATE_ENUM:
	case STMT_ADD_ENUM_VALUE:
	case STMT_RENAME_ENUM_VALUE:
	case STMT_DROP_TYPE: ok = rp_type_stmt(&r); break;
	case STMT_CREATE_SCHEMA:
	case STMT_DROP_SCHEMA: ok = rp_schema_stmt(&r); break;
	case STMT_COMMENT: ok = rp_comment(&r); break;
	case STMT_EXECUTE: ok = rp_passthrough(&r); break;
	case STMT_CREATE_EXTENSION:
	case STMT_DROP_EXTENSION: ok = rp_extension(&r); break;
	case STMT_ATTACH_PARTITION: ok = rp_attach_partition(&r); break;
	case STMT_DETACH_PARTITION: ok = rp_detach_partition(&r); break;
	case STMT_CREATE_POLICY:
	case STMT_DROP_POLICY:
	case STMT_RENAME_POLICY: ok = rp_policy(&r); break;
	}
	return ok;
}

/* drop table | index | type a, b, c: each name in turn, all or nothing (the
 * caller puts the model back on error).  A table an earlier name took along
 * (a partition with its parent) is skipped, as PostgreSQL does; a foreign
 * key from a table that is itself in the list does not stop the drop
 * (rp_handle_dependents reads r->drop_set). */
static bool replay_drop_many(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	size_t n = ast_drop_count(s);
	bool *had = arena_calloc(r->a, n, sizeof *had);
	struct ast_stmt *one = arena_calloc(r->a, n, sizeof *one);
	for (size_t i = 0; i < n; i++) {
		one[i] = ast_drop_one(s, i);
		had[i] = s->kind == STMT_DROP_TABLE &&
			 model_table(r->m, model_schema_name(r->m, one[i].target.schema),
				     one[i].target.name);
	}
	r->drop_set = s;
	for (size_t i = 0; i < n; i++) {
		if (had[i] && !model_table(r->m, model_schema_name(r->m, one[i].target.schema),
					   one[i].target.name))
			continue;
		r->s = &one[i];
		if (!replay_one(r))
			return false;
	}
	return true;
}

bool replay_stmt(struct replay_ctx *ctx, struct model *m, const struct ast_stmt *s)
{
	struct rp r = { .m = m, .a = ctx->arena, .d = ctx->diag, .s = s,
			 .any_collation = ctx->any_collation };
	if (!ctx->in_place)
		m->tag->gen++;	/* freeze: this statement writes copies */
	struct model saved = *m;
	bool ok = ast_drop_count(s) > 1 ? replay_drop_many(&r) : replay_one(&r);
	if (ok && s->kind == STMT_ALTER_TABLE)
		rp_part_own(&r);
	if (ok && (s->kind == STMT_ALTER_TABLE ? !s->u.alter.only : s->kind == STMT_RENAME_COLUMN))
		rp_part_sync(&r, model_schema_name(m, s->target.schema), s->target.name);
	if (!ok)
		*m = saved;
	return ok;
}
