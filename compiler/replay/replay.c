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

#include "replay_int.h"

bool replay_stmt(struct replay_ctx *ctx, struct model *m, const struct ast_stmt *s)
{
	struct rp r = { .m = m, .a = ctx->arena, .d = ctx->diag, .s = s };
	if (!ctx->in_place)
		m->tag->gen++;	/* freeze: this statement writes copies */
	struct model saved = *m;
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
	if (ok && (s->kind == STMT_ALTER_TABLE ? !s->u.alter.only : s->kind == STMT_RENAME_COLUMN))
		rp_part_sync(&r, model_schema_name(m, s->target.schema), s->target.name);
	if (!ok)
		*m = saved;
	return ok;
}
