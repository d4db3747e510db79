/*
 * invert.c - derived downgrades (see invert.h).
 *
 * Each statement is first replayed on a clone of the model (silently), so
 * the inverse is computed from the states before and after: the names
 * PostgreSQL chose, what CASCADE took along.  Creations and changes invert
 * statement by statement; every kind of drop inverts through one routine,
 * invert_restore(), that recreates whatever exists before and not after.
 */
#include "invert.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "model_acl.h"
#include "model_ast.h"
#include "replay.h"
#include "sql.h"
#include "invert_view.h"

struct inv {
	struct arena *a;		/* the result */
	struct arena *tmp;		/* the state after, lookups */
	const struct model *b;		/* before */
	const struct model *af;		/* after */
	const struct ast_stmt *s;
	struct mast_list *l;
	const char *why;
};

/* ---- recreating what was dropped --------------------------------- */

struct inv_pairs {
	struct arena *a;
	const void **x, **y;		/* before, after (NULL: gone) */
	size_t n, cap;
};

static void inv_pair_cb(void *ctx, const char *key, void *va, void *vb)
{
	(void)key;
	struct inv_pairs *p = ctx;
	if (!va)
		return;		/* only in after: not ours to restore */
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		p->x = arena_grow(p->a, p->x, p->n * sizeof *p->x, cap * sizeof *p->x);
		p->y = arena_grow(p->a, p->y, p->n * sizeof *p->y, cap * sizeof *p->y);
		p->cap = cap;
	}
	p->x[p->n] = va;
	p->y[p->n++] = vb;
}

static int inv_cmp_table(const void *a, const void *b)
{
	const struct m_table *x = *(const struct m_table *const *)a;
	const struct m_table *y = *(const struct m_table *const *)b;
	int c = strcmp(x->schema, y->schema);
	return c ? c : strcmp(x->name, y->name);
}

static void inv_restore_table_parts(struct inv *v, const struct m_table *bt,
				    const struct m_table *at)
{
	const struct model *m = v->b;
	struct loc loc = v->s->loc;
	if (!at) {
		mast_create_table(v->l, m, bt, loc);
		mast_table_comments(v->l, m, bt, loc);
	} else if (!bt->part_parent) {	/* a partition's columns are its parent's */
		for (size_t i = 0; i < bt->n_cols; i++) {
			const struct m_column *c = &bt->cols[i];
			if (table_column(at, c->name))
				continue;
			mast_add_column(v->l, m, bt, c, loc);
			if (c->comment)
				mast_comment(v->l, m, COMMENT_COLUMN, bt->schema, bt->name, c->name,
					     c->comment, loc);
		}
	}
	for (size_t i = 0; i < bt->n_cons; i++) {
		const struct m_constraint *c = &bt->cons[i];
		if (c->kind == MC_FKEY || (at && table_constraint(at, c->name)))
			continue;
		if (at || !c->validated)
			mast_add_constraint(v->l, m, bt, c, loc);
		if (c->comment)
			mast_comment(v->l, m, COMMENT_CONSTRAINT, bt->schema, bt->name, c->name,
				     c->comment, loc);
	}
	for (size_t i = 0; i < bt->n_idx; i++) {
		const struct m_index *ix = &bt->idx[i];
		if (at && table_index(at, ix->name))
			continue;
		if (!ix->constraint)
			mast_create_index(v->l, m, bt, ix, loc);
		if (ix->comment)
			mast_comment(v->l, m, COMMENT_INDEX, bt->schema, ix->name, NULL,
				     ix->comment, loc);
	}
}

static void inv_restore_fks(struct inv *v, const struct m_table *bt, const struct m_table *at)
{
	for (size_t i = 0; i < bt->n_pols; i++)	/* policies last: they may name other tables */
		if (!at || !table_policy(at, bt->pols[i].name))
			mast_create_policy(v->l, v->b, bt, &bt->pols[i], v->s->loc);
	for (size_t i = 0; i < bt->n_cons; i++) {
		const struct m_constraint *c = &bt->cons[i];
		if (c->kind != MC_FKEY || (at && table_constraint(at, c->name)))
			continue;
		mast_add_constraint(v->l, v->b, bt, c, v->s->loc);
		if (c->comment)
			mast_comment(v->l, v->b, COMMENT_CONSTRAINT, bt->schema, bt->name, c->name,
				     c->comment, v->s->loc);
	}
}

static void invert_restore(struct inv *v)
{
	struct inv_pairs sp = { .a = v->tmp };
	pmap_diff(&v->b->schemas, &v->af->schemas, v->tmp, inv_pair_cb, &sp);
	bool seqs = false;	/* standalone sequences an owner took along */
	for (size_t i = 0; i < sp.n && !seqs; i++)
		seqs = ((const struct m_schema *)sp.x[i])->seqs.count != 0;
	struct inv_pairs tp = { .a = v->tmp };
	for (size_t i = 0; i < sp.n; i++) {
		const struct m_schema *bs = sp.x[i], *as = sp.y[i];
		struct m_schema empty = { 0 };
		if (!as) {
			struct ast_stmt *st = mast_push(v->l, STMT_CREATE_SCHEMA, v->s->loc);
			st->target.name = bs->name;
			st->target.loc = v->s->loc;
			/* its owner back (recorded when migc.conf compares owners) */
			struct m_owner like = { .objkind = 'n', .name = bs->name };
			const struct m_owner *o = model_owner(v->b, &like);
			if (o)
				st->u.schema.owner.name = o->owner;
			as = &empty;
		}
		struct inv_pairs ep = { .a = v->tmp };
		pmap_diff(&bs->enums, &as->enums, v->tmp, inv_pair_cb, &ep);
		for (size_t k = 0; k < ep.n; k++)
			if (!ep.y[k])
				mast_create_enum(v->l, v->b, ep.x[k], v->s->loc);
		pmap_diff(&bs->tables, &as->tables, v->tmp, inv_pair_cb, &tp);
	}
	if (seqs)
		invert_seq_restore(v->a, v->b, v->af, false, v->s->loc, v->l);
	/* sort by (schema, table) keeping the pairs together */
	const struct m_table **bt = arena_calloc(v->tmp, tp.n + 1, sizeof *bt);
	for (size_t i = 0; i < tp.n; i++)
		bt[i] = tp.x[i];
	qsort(bt, tp.n, sizeof *bt, inv_cmp_table);
	/* parents before their partitions */
	for (int depth = 0, more = 1; more; depth++) {
		more = 0;
		for (size_t i = 0; i < tp.n; i++) {
			int d = model_part_depth(v->b, bt[i]);
			more |= d > depth;
			if (d == depth)
				inv_restore_table_parts(v, bt[i],
							model_table(v->af, bt[i]->schema, bt[i]->name));
		}
	}
	for (size_t i = 0; i < tp.n; i++)
		inv_restore_fks(v, bt[i], model_table(v->af, bt[i]->schema, bt[i]->name));
	if (seqs)
		invert_seq_restore(v->a, v->b, v->af, true, v->s->loc, v->l);
}

/* ---- ALTER TABLE actions ------------------------------------------ */

static const char *inv_cast(struct inv *v, const char *col, const struct ast_type *t)
{
	struct ast_type c = *t;
	if (c.kind == TY_NAMED)
		c.named = mast_name(v->b, c.named.schema, c.named.name, c.named.loc);
	return arena_printf(v->a, "%s::%s", sql_ident_min(v->a, col), sql_type(v->a, &c));
}

static bool inv_alter(struct inv *v, const struct m_table *bt, const struct m_table *at)
{
	const struct ast_alter *al = &v->s->u.alter.alters[0];
	struct loc loc = v->s->loc;
	const struct m_column *bc = al->name.name ? table_column(bt, al->name.name) : NULL;
	switch (al->kind) {
	case ALT_ADD_COLUMN: {
		struct ast_alter *x = mast_alter(v->l, v->b, bt, ALT_DROP_COLUMN, loc);
		x->name.name = al->column->name.name;
		return true;
	}
	case ALT_DROP_COLUMN:
	case ALT_DROP_CONSTRAINT:
		invert_restore(v);
		return true;
	case ALT_ROW_SECURITY: {	/* back to the flag as it was */
		struct ast_alter *x = mast_alter(v->l, v->b, bt, ALT_ROW_SECURITY, loc);
		if (al->rls == RLS_ENABLE || al->rls == RLS_DISABLE)
			x->rls = bt->rls_enabled ? RLS_ENABLE : RLS_DISABLE;
		else
			x->rls = bt->rls_forced ? RLS_FORCE : RLS_NO_FORCE;
		return true;
	}
	case ALT_ALTER_TYPE: {
		struct ast_alter *x = mast_alter(v->l, v->b, bt, ALT_ALTER_TYPE, loc);
		x->name.name = bc->name;
		x->type = mast_type(v->b, bc);
		if (x->type.kind == TY_SERIAL || x->type.kind == TY_BIGSERIAL ||
		    x->type.kind == TY_SMALLSERIAL)
			x->type = bc->type;
		x->type.loc = loc;
		x->collation = (struct ast_name){ bc->coll_schema, bc->collation, loc };
		struct ast_expr *e = arena_alloc(v->a, sizeof *e);
		e->text = inv_cast(v, bc->name, &bc->type);
		e->columns = arena_alloc(v->a, sizeof *e->columns);
		e->columns[0] = mast_ident(bc->name, loc);
		e->n_columns = 1;
		e->loc = loc;
		x->expr = e;
		return true;
	}
	case ALT_SET_NOT_NULL:
	case ALT_DROP_NOT_NULL:
		if (bc->not_null != table_column(at, bc->name)->not_null)
			mast_alter(v->l, v->b, bt, bc->not_null ? ALT_SET_NOT_NULL : ALT_DROP_NOT_NULL,
				   loc)->name.name = bc->name;
		if (!v->s->u.alter.only)
			invert_part_own(v->l, v->b, v->a, bt, bc->name, false, loc);
		return true;
	case ALT_SET_DEFAULT:
	case ALT_DROP_DEFAULT: {
		const struct m_column *ac = table_column(at, bc->name);
		if (bc->default_text) {
			struct ast_alter *x = mast_alter(v->l, v->b, bt, ALT_SET_DEFAULT, loc);
			x->name.name = bc->name;
			struct ast_expr *e = arena_alloc(v->a, sizeof *e);
			e->text = bc->default_text;
			e->loc = loc;
			x->expr = e;
		} else if (ac->default_text) {
			mast_alter(v->l, v->b, bt, ALT_DROP_DEFAULT, loc)->name.name = bc->name;
		}
		if (!v->s->u.alter.only)
			invert_part_own(v->l, v->b, v->a, bt, bc->name, true, loc);
		return true;
	}
	case ALT_ADD_CONSTRAINT:
		for (size_t i = 0; i < at->n_cons; i++)
			if (!table_constraint(bt, at->cons[i].name))
				mast_drop_constraint(v->l, v->b, bt,
						     arena_strdup(v->a, at->cons[i].name), loc);
		/* using index: dropping the constraint dropped the index */
		if (al->constraint && al->constraint->using_index) {
			const struct m_index *bx = table_index(bt, al->constraint->using_index);
			if (bx) {
				struct m_index bare = *bx;
				bare.concurrently = false;	/* as it was, in the downgrade's transaction */
				mast_create_index(v->l, v->b, bt, &bare, loc);
			}
		}
		for (size_t i = 0; i < bt->n_cols; i++) {
			const struct m_column *ac = table_column(at, bt->cols[i].name);
			if (ac && ac->not_null && !bt->cols[i].not_null)
				mast_alter(v->l, v->b, bt, ALT_DROP_NOT_NULL, loc)->name.name =
					bt->cols[i].name;
		}
		return true;
	case ALT_ALTER_CONSTRAINT: {	/* back to the deferrability it had */
		const struct m_constraint *c = table_constraint(bt, al->name.name);
		struct ast_alter *x = mast_alter(v->l, v->b, bt, ALT_ALTER_CONSTRAINT, loc);
		x->name.name = c->name;
		x->deferrable = c->deferrable;
		x->initially_deferred = c->initially_deferred;
		return true;
	}
	case ALT_VALIDATE_CONSTRAINT: {
		const struct m_constraint *c = table_constraint(bt, al->name.name);
		if (c->validated)
			return true;
		mast_drop_constraint(v->l, v->b, bt, c->name, loc);
		mast_add_constraint(v->l, v->b, bt, c, loc);
		if (c->comment)
			mast_comment(v->l, v->b, COMMENT_CONSTRAINT, bt->schema, bt->name, c->name,
				     c->comment, loc);
		return true;
	}
	case ALT_ADD_IDENTITY:
	case ALT_SET_IDENTITY:	/* restart: the current value is not restored */
	case ALT_DROP_IDENTITY:
		mast_identity_change(v->l, v->b, bt, table_column(at, bc->name), bc, loc);
		return true;
	case ALT_DROP_EXPRESSION:
		if (!bc->generated)
			return true;	/* if exists on a plain column */
		v->why = "\"alter column ... drop expression\" cannot be inverted: PostgreSQL 15 cannot make a column generated again";
		return false;
	}
	return true;
}

/* ---- one statement ------------------------------------------------ */

static struct ast_name inv_schema_name(const struct model *m, const struct ast_name *n,
				       const char *name)
{
	return mast_name(m, model_schema_name(m, n->schema), name, n->loc);
}

static bool inv_comment(struct inv *v)
{
	const struct ast_stmt *s = v->s;
	const char *old = NULL;
	if (!comment_before(v->b, s, &old))
		return true;
	mast_comment(v->l, v->b, s->u.comment.comment_target,
		     model_schema_name(v->b, s->target.schema), s->target.name,
		     s->u.comment.member.name, old, s->loc);
	return true;
}

/* create extension <-> drop extension; a drop that cascaded to columns
 * restores them after the extension. */
static bool inv_extension(struct inv *v)
{
	const struct ast_stmt *s = v->s;
	const struct m_ext *be = model_ext(v->b, s->target.name);
	if (s->kind == STMT_CREATE_EXTENSION) {
		if (be)
			return true;	/* IF NOT EXISTS on an installed one */
		struct ast_stmt *x = mast_push(v->l, STMT_DROP_EXTENSION, s->loc);
		x->target.name = s->target.name;
		x->target.loc = s->loc;
		return true;
	}
	if (!be)
		return true;
	struct ast_stmt *x = mast_push(v->l, STMT_CREATE_EXTENSION, s->loc);
	x->target.name = be->name;
	x->target.loc = s->loc;
	x->u.ext.ext_schema = be->schema;
	x->u.ext.ext_version = be->version;
	if (s->cascade) {
		v->why = "\"drop extension ... cascade\" cannot be inverted: the columns it dropped lose their data";
		return false;
	}
	return true;
}

static bool inv_one(struct inv *v)
{
	const struct ast_stmt *s = v->s;
	const struct model *b = v->b;
	struct loc loc = s->loc;
	switch (s->kind) {
	case STMT_CREATE_TABLE: {
		if (model_rel(b, s->target.schema, s->target.name) ||
		    model_enum(b, s->target.schema, s->target.name))
			return true;
		struct ast_stmt *x = mast_push(v->l, STMT_DROP_TABLE, loc);
		x->target = inv_schema_name(b, &s->target, s->target.name);
		return true;
	}
	case STMT_DROP_TABLE:
	case STMT_DROP_INDEX:
	case STMT_DROP_TYPE:
	case STMT_DROP_SCHEMA:
		for (size_t i = ast_drop_count(s); s->kind == STMT_DROP_TYPE && i-- > 0;) {
			struct ast_stmt one = ast_drop_one(s, i);	/* drop type a, b: each */
			if (!invert_utype_restore(b, v->af, &one, v->l)) {
				v->why = "\"drop type ... cascade\" cannot be inverted: the columns it dropped lose their data";
				return false;
			}
		}
		invert_restore(v);
		return true;
	case STMT_RENAME_TABLE:
	case STMT_RENAME_COLUMN:
	case STMT_RENAME_CONSTRAINT:
	case STMT_RENAME_INDEX: {
		if (!model_rel(b, s->target.schema, s->target.name))
			return true;	/* IF EXISTS on nothing */
		struct ast_stmt *x = mast_push(v->l, s->kind, loc);
		bool whole = s->kind == STMT_RENAME_TABLE || s->kind == STMT_RENAME_INDEX;
		x->target = inv_schema_name(b, &s->target, whole ? s->u.rename.new_name.name : s->target.name);
		x->u.rename.member = mast_ident(s->u.rename.new_name.name, loc);
		x->u.rename.new_name = mast_ident(whole ? s->target.name : s->u.rename.member.name, loc);
		return true;
	}
	case STMT_ALTER_TABLE: {
		const struct m_table *bt = model_table(b, s->target.schema, s->target.name);
		const struct m_table *at = model_table(v->af, s->target.schema, s->target.name);
		if (!bt || !at)
			return true;
		return inv_alter(v, bt, at);
	}
	case STMT_CREATE_INDEX: {
		const struct m_table *bt = model_table(b, s->u.index.table.schema, s->u.index.table.name);
		const struct m_table *at = model_table(v->af, s->u.index.table.schema, s->u.index.table.name);
		for (size_t i = 0; bt && at && i < at->n_idx; i++) {
			if (table_index(bt, at->idx[i].name))
				continue;
			struct ast_stmt *x = mast_push(v->l, STMT_DROP_INDEX, loc);
			x->target = mast_name(b, bt->schema, arena_strdup(v->a, at->idx[i].name), loc);
			x->u.drop.concurrently = s->u.index.concurrently;
		}
		return true;
	}
	case STMT_CREATE_ENUM: {
		struct ast_stmt *x = mast_push(v->l, STMT_DROP_TYPE, loc);
		x->target = inv_schema_name(b, &s->target, s->target.name);
		/* an enum that completed a shell type leaves the shell */
		const struct m_utype *sh = model_utype(b, model_schema_name(b, s->target.schema),
						       s->target.name);
		if (sh && sh->kind == 's')
			view_push_sql(v->l, sh->sql, loc);
		return true;
	}
	case STMT_ADD_ENUM_VALUE: {
		const struct m_enum *be = model_enum(b, s->target.schema, s->target.name);
		const struct m_enum *ae = model_enum(v->af, s->target.schema, s->target.name);
		if (be && ae && be->n_labels == ae->n_labels)
			return true;	/* IF NOT EXISTS on an existing label */
		v->why = "\"alter type ... add value\" cannot be inverted: PostgreSQL cannot drop an enum value";
		return false;
	}
	case STMT_RENAME_ENUM_VALUE: {
		if (s->u.enum_.n_labels < 2)
			return true;
		struct ast_stmt *x = mast_push(v->l, STMT_RENAME_ENUM_VALUE, loc);
		x->target = inv_schema_name(b, &s->target, s->target.name);
		x->u.enum_.labels = arena_calloc(v->a, 2, sizeof *x->u.enum_.labels);
		x->u.enum_.labels[0] = s->u.enum_.labels[1];
		x->u.enum_.labels[1] = s->u.enum_.labels[0];
		x->u.enum_.n_labels = 2;
		x->u.enum_.label_locs = arena_calloc(v->a, 2, sizeof *x->u.enum_.label_locs);
		x->u.enum_.label_locs[0] = x->u.enum_.label_locs[1] = loc;
		return true;
	}
	case STMT_CREATE_SCHEMA: {
		if (model_schema(b, s->target.name))
			return true;
		struct ast_stmt *x = mast_push(v->l, STMT_DROP_SCHEMA, loc);
		x->target.name = s->target.name;
		x->target.loc = loc;
		return true;
	}
	case STMT_COMMENT:
		return inv_comment(v);
	case STMT_EXECUTE:
		if (v->s->u.exec.passthrough)
			return invert_passthrough(v->a, v->b, v->af, v->s, v->l, &v->why);
		v->why = "\"execute\" cannot be inverted";
		return false;
	case STMT_CREATE_EXTENSION:
	case STMT_DROP_EXTENSION:
		return inv_extension(v);
	case STMT_CREATE_POLICY:
	case STMT_DROP_POLICY:
	case STMT_RENAME_POLICY: {
		const struct m_table *bt = model_table(b, s->u.policy.table.schema, s->u.policy.table.name);
		const struct m_policy *bp = bt ? table_policy(bt, s->u.policy.member.name) : NULL;
		if (s->kind == STMT_CREATE_POLICY) {
			if (bt && !bp)
				mast_drop_policy(v->l, b, bt, s->u.policy.member.name, loc);
		} else if (bp && s->kind == STMT_DROP_POLICY) {
			mast_create_policy(v->l, b, bt, bp, loc);
		} else if (bp) {
			struct ast_stmt *x = mast_push(v->l, STMT_RENAME_POLICY, loc);
			x->target = x->u.policy.table = inv_schema_name(b, &s->u.policy.table, s->u.policy.table.name);
			x->u.policy.member = mast_ident(s->u.policy.new_name.name, loc);
			x->u.policy.new_name = mast_ident(s->u.policy.member.name, loc);
		}
		return true;
	}
	case STMT_ATTACH_PARTITION:
	case STMT_DETACH_PARTITION: {
		const struct m_table *bp = model_table(b, s->u.part.table.schema, s->u.part.table.name);
		if (!bp)
			return true;
		struct ast_stmt *x = mast_push(v->l, s->kind == STMT_ATTACH_PARTITION ?
					       STMT_DETACH_PARTITION : STMT_ATTACH_PARTITION, loc);
		x->target = inv_schema_name(b, &s->target, s->target.name);
		x->u.part.table = inv_schema_name(b, &s->u.part.table, s->u.part.table.name);
		x->u.part.part_bound = bp->part_bound;
		/* detach ... concurrently added the partition constraint as a
		 * check (replay_part.c): dropped again */
		const struct m_table *ap = model_table(v->af, bp->schema, bp->name);
		for (size_t i = 0; s->u.part.concurrently && ap && i < ap->n_cons; i++)
			if (!table_constraint(bp, ap->cons[i].name))
				mast_drop_constraint(v->l, v->b, bp, arena_strdup(v->a, ap->cons[i].name), loc);
		return true;
	}
	}
	return true;
}

/* Inverts s against `before` into v->l; replays it on a clone to learn the
 * state after. */
static bool inv_stmt_at(struct replay_ctx *ctx, const struct model *before,
			const struct ast_stmt *s, struct mast_list *l, const char **why)
{
	struct diag quiet;	/* replay_stmt reports later */
	diag_init_silent(&quiet);
	if (s->kind == STMT_EXECUTE && !s->u.exec.passthrough) {
		*why = "\"execute\" cannot be inverted";
		return false;
	}
	/* the state after lives only as long as this call */
	struct arena tmp;
	arena_init(&tmp);
	struct replay_ctx qctx = { .arena = &tmp, .diag = &quiet };
	struct model *after = model_clone_transient(&tmp, before);
	bool ok = true;
	if (replay_stmt(&qctx, after, s)) {
		struct inv v = { .a = ctx->arena, .tmp = &tmp, .b = before, .af = after,
				 .s = s, .l = l };
		ok = inv_one(&v);
		*why = v.why;
		if (ok && s->kind != STMT_EXECUTE && model_plain_objects(before)) {
			invert_views(ctx->arena, before, after, false, s->loc, l);
			if (s->kind != STMT_RENAME_INDEX && s->kind != STMT_COMMENT)
				invert_view_indexes(ctx->arena, before, after, s->loc, l);
			invert_routines(ctx->arena, before, after, false, s->loc, l);
		}
	}
	arena_free(&tmp);
	return ok;
}

bool invert_stmt(struct replay_ctx *ctx, const struct model *before,
		 const struct ast_stmt *s, struct ast_stmt **out, size_t *n_out,
		 const char **why)
{
	struct mast_list l;
	mast_init(&l, ctx->arena);
	*out = NULL;
	*n_out = 0;
	*why = NULL;
	if (s->kind != STMT_ALTER_TABLE || s->u.alter.n_alters <= 1) {
		if (!inv_stmt_at(ctx, before, s, &l, why))
			return false;
		*out = l.v;
		*n_out = l.n;
		return true;
	}
	/* several actions: invert each against the state it sees, then run
	 * the groups in reverse */
	struct diag quiet;
	diag_init_silent(&quiet);
	struct replay_ctx qctx = { .arena = ctx->arena, .diag = &quiet };
	struct model *cur = model_clone(ctx->arena, before);
	struct mast_list *groups = arena_calloc(ctx->arena, s->u.alter.n_alters, sizeof *groups);
	for (size_t i = 0; i < s->u.alter.n_alters; i++) {
		struct ast_stmt one = *s;
		one.u.alter.alters = &s->u.alter.alters[i];
		one.u.alter.n_alters = 1;
		mast_init(&groups[i], ctx->arena);
		if (!inv_stmt_at(ctx, cur, &one, &groups[i], why))
			return false;
		if (!replay_stmt(&qctx, cur, &one))
			return true;	/* the real replay reports it */
	}
	for (size_t i = s->u.alter.n_alters; i-- > 0;)
		for (size_t k = 0; k < groups[i].n; k++)
			*mast_push(&l, STMT_EXECUTE, s->loc) = groups[i].v[k];
	*out = l.v;
	*n_out = l.n;
	return true;
}
