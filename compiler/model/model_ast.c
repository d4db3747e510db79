/*
 * model_ast.c - model objects written back as statements (model_ast.h).
 */
#include "model_ast.h"

#include <string.h>

#include "arena.h"
#include "model.h"
#include "sqltext.h"

void mast_init(struct mast_list *l, struct arena *a)
{
	memset(l, 0, sizeof *l);
	l->a = a;
}

struct ast_stmt *mast_push(struct mast_list *l, enum ast_stmt_kind kind, struct loc loc)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 2;
		l->v = arena_grow(l->a, l->v, l->n * sizeof *l->v, cap * sizeof *l->v);
		memset(l->v + l->n, 0, (cap - l->n) * sizeof *l->v);
		l->cap = cap;
	}
	struct ast_stmt *s = &l->v[l->n++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->loc = loc;
	return s;
}

void mast_push_sql(struct mast_list *l, const char *sql)
{
	struct ast_stmt *x = mast_push(l, STMT_EXECUTE, (struct loc){ 0 });
	x->u.exec.sql = sql;
	x->u.exec.passthrough = true;
}

struct ast_name mast_name(const struct model *m, const char *schema, const char *name,
			  struct loc loc)
{
	struct ast_name n = { 0 };
	n.schema = schema && strcmp(schema, m->default_schema) != 0 ? schema : NULL;
	n.name = name;
	n.loc = loc;
	return n;
}

struct ast_ident mast_ident(const char *name, struct loc loc)
{
	struct ast_ident id = { name, loc };
	return id;
}

static struct ast_ident *mast_idents(struct arena *a, const char *const *names, size_t n,
				     struct loc loc)
{
	struct ast_ident *v = arena_calloc(a, n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = mast_ident(names[i], loc);
	return v;
}

static struct ast_expr *mast_expr(struct arena *a, const char *text,
				  const char *const *cols, size_t n, struct loc loc)
{
	struct ast_expr *e = arena_alloc(a, sizeof *e);
	e->text = text;
	e->columns = mast_idents(a, cols, n, loc);
	e->n_columns = n;
	e->loc = loc;
	return e;
}

/* A fixed buffer the sqltext writers append to (truncating, never
 * overflowing: a name is at most 63 bytes, so 300 always suffice). */
struct mast_buf {
	char s[300];
	size_t n;
};

static void mast_buf_put(void *ctx, const char *s, size_t n)
{
	struct mast_buf *b = ctx;
	if (n > sizeof b->s - 1 - b->n)
		n = sizeof b->s - 1 - b->n;
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* The default is nextval() of the column's own sequence, spelled as
 * rp_add_sequence() spells it: the name quoted when it must be, inside a
 * string literal. */
bool mast_is_serial(const struct m_column *c)
{
	if (!(c->serial && c->seq && c->default_text &&
	      strncmp(c->default_text, "nextval(", 8) == 0))
		return false;
	struct mast_buf id = { .n = 0 }, lit = { .n = 0 };
	sqlt_put_ident(mast_buf_put, &id, c->seq);
	sqlt_put_literal(mast_buf_put, &lit, id.s);
	lit.s[lit.n ? lit.n - 1 : 0] = '\0';	/* without the closing quote */
	return strstr(c->default_text, lit.s + 1) != NULL;
}

struct ast_type mast_type(const struct model *m, const struct m_column *c)
{
	struct ast_type t = c->type;
	if (mast_is_serial(c)) {
		t.kind = t.kind == TY_BIGINT ? TY_BIGSERIAL
		       : t.kind == TY_SMALLINT ? TY_SMALLSERIAL : TY_SERIAL;
	}
	if (t.kind == TY_NAMED)
		t.named = mast_name(m, t.named.schema, t.named.name, t.named.loc);
	return t;
}

/* The sequence name of a serial or identity column when it is not the one
 * PostgreSQL would give (a table renamed after creation keeps it): in the
 * identity clause, or (schema.mig text only) as SEQUENCE NAME. */
static void mast_seq_name(const struct mast_list *l, const struct m_table *t,
			  const struct m_column *c, struct ast_column *col)
{
	if (!c->seq || strcmp(c->seq, arena_printf(l->a, "%s_%s_seq", t->name, c->name)) == 0)
		return;
	for (size_t i = 0; i < col->n_constraints; i++)
		if (col->constraints[i].kind == CON_IDENTITY) {
			col->constraints[i].seq_name = c->seq;
			return;
		}
	if (!l->declarative || col->type.kind < TY_SMALLSERIAL || col->type.kind > TY_BIGSERIAL)
		return;
	struct ast_constraint *k = &col->constraints[col->n_constraints++];
	memset(k, 0, sizeof *k);
	k->kind = CON_SEQUENCE;
	k->seq_name = c->seq;
	k->loc = col->loc;
}

struct ast_column *mast_column(struct arena *a, const struct model *m,
			       const struct m_column *c, struct loc loc)
{
	struct ast_column *col = arena_alloc(a, sizeof *col);
	col->name = mast_ident(c->name, loc);
	col->type = mast_type(m, c);
	col->type.loc = loc;
	col->loc = loc;
	col->collation = (struct ast_name){ c->coll_schema, c->collation, loc };
	col->constraints = arena_calloc(a, 3, sizeof *col->constraints);
	bool serial = mast_is_serial(c);
	size_t n = 0;
	if (c->identity) {
		col->constraints[n].kind = CON_IDENTITY;
		col->constraints[n].identity_always = c->identity == ID_ALWAYS;
		col->constraints[n].seq_opts = model_identity_written(a, c);
		col->constraints[n++].loc = loc;
	} else if (c->not_null && !serial) {
		col->constraints[n].kind = CON_NOT_NULL;
		col->constraints[n++].loc = loc;
	}
	if (c->default_text && !serial) {
		col->constraints[n].kind = c->generated ? CON_GENERATED : CON_DEFAULT;
		col->constraints[n].identity_always = c->generated;
		col->constraints[n].expr = mast_expr(a, c->default_text, NULL, 0, loc);
		col->constraints[n++].loc = loc;
	}
	col->n_constraints = n;
	return col;
}

/* An index's (or an exclusion constraint's) elements as the AST's. */
static struct ast_index_elem *mast_index_elems(struct arena *a, const struct m_index *ix,
					       struct loc loc)
{
	struct ast_index_elem *v = arena_calloc(a, ix->n_elems + 1, sizeof *v);
	for (size_t i = 0; i < ix->n_elems; i++) {
		const struct m_index_elem *e = &ix->elems[i];
		struct ast_index_elem *o = &v[i];
		if (e->column)
			o->column = mast_ident(e->column, loc);
		else
			o->expr = mast_expr(a, e->expr, e->expr_cols, e->n_expr_cols, loc);
		o->desc = e->desc;
		o->nulls = e->nulls;
		o->collation = (struct ast_name){ e->coll_schema, e->collation, loc };
		o->opclass = (struct ast_name){ e->opc_schema, e->opclass, loc };
		o->op = e->op;
		o->opc_opts = e->opc_opts;
		o->loc = loc;
	}
	return v;
}

struct ast_constraint *mast_constraint(struct arena *a, const struct model *m,
				       const struct m_constraint *c, struct loc loc)
{
	struct ast_constraint *k = arena_alloc(a, sizeof *k);
	static const enum ast_constraint_kind kinds[] = {
		[MC_PKEY] = CON_PRIMARY_KEY, [MC_UNIQUE] = CON_UNIQUE,
		[MC_CHECK] = CON_CHECK, [MC_FKEY] = CON_FOREIGN_KEY,
		[MC_EXCLUDE] = CON_EXCLUDE,
	};
	k->kind = kinds[c->kind];
	k->name = c->name;
	k->name_loc = loc;
	k->loc = loc;
	k->columns = mast_idents(a, c->cols, c->n_cols, loc);
	k->n_columns = c->n_cols;
	if (c->kind == MC_CHECK)
		k->expr = mast_expr(a, c->check_text, c->check_cols, c->n_check_cols, loc);
	if (c->kind == MC_FKEY) {
		k->ref_table = mast_name(m, c->ref_schema, c->ref_table, loc);
		k->ref_columns = mast_idents(a, c->ref_cols, c->n_ref_cols, loc);
		k->n_ref_columns = c->n_ref_cols;
		k->on_delete = c->on_delete == FK_NO_ACTION ? FK_ACTION_NONE : c->on_delete;
		k->on_update = c->on_update == FK_NO_ACTION ? FK_ACTION_NONE : c->on_update;
		k->del_set_cols = mast_idents(a, c->del_set_cols, c->n_del_set_cols, loc);
		k->n_del_set_cols = c->n_del_set_cols;
	}
	if (c->kind == MC_EXCLUDE && c->excl) {
		const struct m_index *x = c->excl;
		k->columns = NULL;
		k->n_columns = 0;
		k->excl_method = x->method;
		k->excl_elems = mast_index_elems(a, x, loc);
		k->n_excl_elems = x->n_elems;
		k->include = mast_idents(a, x->include, x->n_include, loc);
		k->n_include = x->n_include;
		if (x->where_text)
			k->where = mast_expr(a, x->where_text, x->where_cols, x->n_where_cols, loc);
	}
	k->deferrable = c->deferrable && !c->initially_deferred;
	k->initially_deferred = c->initially_deferred;
	if (c->initially_deferred)
		k->deferrable = true;
	k->not_valid = !c->validated;
	k->match_full = c->match_full;
	k->nulls_not_distinct = c->nulls_not_distinct;
	k->no_inherit = c->no_inherit;
	return k;
}

/* A partition's column with its own options: name with options [not null]
 * [default EXPR] (a default of its own that is none: default null). */
static struct ast_column *mast_part_column(struct arena *a, const struct m_column *c,
					   struct loc loc)
{
	struct ast_column *col = arena_calloc(a, 1, sizeof *col);
	col->name = mast_ident(c->name, loc);
	col->loc = loc;
	col->with_options = true;
	col->constraints = arena_calloc(a, 2, sizeof *col->constraints);
	if (c->part_own_nn && c->not_null) {
		col->constraints[col->n_constraints].kind = CON_NOT_NULL;
		col->constraints[col->n_constraints++].loc = loc;
	}
	if (c->part_own_def) {
		col->constraints[col->n_constraints].kind = CON_DEFAULT;
		col->constraints[col->n_constraints].expr =
			mast_expr(a, c->default_text ? c->default_text : "null", NULL, 0, loc);
		col->constraints[col->n_constraints++].loc = loc;
	}
	return col;
}

void mast_create_table(struct mast_list *l, const struct model *m,
		       const struct m_table *t, struct loc loc)
{
	struct ast_stmt *s = mast_push(l, STMT_CREATE_TABLE, loc);
	s->target = mast_name(m, t->schema, t->name, loc);
	s->u.table.part_by = t->part_by;
	s->u.table.columns = arena_calloc(l->a, t->n_cols + 1, sizeof *s->u.table.columns);
	if (t->part_parent) {	/* the columns are the parent's, with options of its own */
		s->u.table.part_of = mast_name(m, t->part_schema, t->part_parent, loc);
		s->u.table.part_bound = t->part_bound;
		for (size_t i = 0; i < t->n_cols; i++)
			if (t->cols[i].part_own_nn || t->cols[i].part_own_def)
				s->u.table.columns[s->u.table.n_columns++] =
					*mast_part_column(l->a, &t->cols[i], loc);
	} else {
		for (size_t i = 0; i < t->n_cols; i++) {
			s->u.table.columns[i] = *mast_column(l->a, m, &t->cols[i], loc);
			mast_seq_name(l, t, &t->cols[i], &s->u.table.columns[i]);
		}
		s->u.table.n_columns = t->n_cols;
	}
	s->u.table.constraints = arena_calloc(l->a, t->n_cons + 1, sizeof *s->u.table.constraints);
	for (size_t i = 0; i < t->n_cons; i++) {
		const struct m_constraint *c = &t->cons[i];
		if (c->kind == MC_FKEY || !c->validated)
			continue;
		s->u.table.constraints[s->u.table.n_constraints++] = *mast_constraint(l->a, m, c, loc);
	}
}

void mast_drop_table(struct mast_list *l, const struct model *m,
		     const struct m_table *t, struct loc loc)
{
	struct ast_stmt *s = mast_push(l, STMT_DROP_TABLE, loc);
	s->target = mast_name(m, t->schema, t->name, loc);
}

struct ast_alter *mast_alter(struct mast_list *l, const struct model *m,
			     const struct m_table *t, enum ast_alter_kind kind,
			     struct loc loc)
{
	struct ast_stmt *s = mast_push(l, STMT_ALTER_TABLE, loc);
	s->target = mast_name(m, t->schema, t->name, loc);
	s->u.alter.alters = arena_calloc(l->a, 1, sizeof *s->u.alter.alters);
	s->u.alter.n_alters = 1;
	s->u.alter.alters[0].kind = kind;
	s->u.alter.alters[0].loc = loc;
	s->u.alter.alters[0].name.loc = loc;
	return &s->u.alter.alters[0];
}

void mast_add_column(struct mast_list *l, const struct model *m,
		     const struct m_table *t, const struct m_column *c, struct loc loc)
{
	struct ast_alter *al = mast_alter(l, m, t, ALT_ADD_COLUMN, loc);
	al->column = mast_column(l->a, m, c, loc);
	mast_seq_name(l, t, c, al->column);
}

void mast_add_constraint(struct mast_list *l, const struct model *m,
			 const struct m_table *t, const struct m_constraint *c,
			 struct loc loc)
{
	struct ast_alter *al = mast_alter(l, m, t, ALT_ADD_CONSTRAINT, loc);
	al->constraint = mast_constraint(l->a, m, c, loc);
}

void mast_drop_constraint(struct mast_list *l, const struct model *m,
			  const struct m_table *t, const char *name, struct loc loc)
{
	struct ast_alter *al = mast_alter(l, m, t, ALT_DROP_CONSTRAINT, loc);
	al->name.name = name;
}

void mast_create_index(struct mast_list *l, const struct model *m,
		       const struct m_table *t, const struct m_index *ix, struct loc loc)
{
	mast_create_index_on(l, m, t->schema, t->name, ix, loc);
}

void mast_view_indexes(struct mast_list *l, const struct model *m, const struct m_view *v,
		       struct loc loc)
{
	for (size_t i = 0; i < v->n_idx; i++) {
		struct m_index bare = v->idx[i];
		bare.concurrently = false;	/* the view is new: nobody reads it */
		mast_create_index_on(l, m, v->schema, v->name, &bare, loc);
		if (v->idx[i].comment)
			mast_comment(l, m, COMMENT_INDEX, v->schema, v->idx[i].name, NULL,
				     v->idx[i].comment, loc);
	}
}

void mast_create_index_on(struct mast_list *l, const struct model *m, const char *schema,
			  const char *rel, const struct m_index *ix, struct loc loc)
{
	struct ast_stmt *s = mast_push(l, STMT_CREATE_INDEX, loc);
	s->target.name = ix->name;
	s->target.loc = loc;
	s->u.index.table = mast_name(m, schema, rel, loc);
	s->u.index.unique = ix->unique;
	s->u.index.nulls_not_distinct = ix->nulls_not_distinct;
	s->u.index.concurrently = ix->concurrently;
	s->u.index.with = ix->with;
	s->u.index.only = ix->only;
	s->u.index.method = ix->method && strcmp(ix->method, "btree") != 0 ? ix->method : NULL;
	s->u.index.elems = mast_index_elems(l->a, ix, loc);
	s->u.index.n_elems = ix->n_elems;
	s->u.index.include = mast_idents(l->a, ix->include, ix->n_include, loc);
	s->u.index.n_include = ix->n_include;
	if (ix->where_text)
		s->u.index.where = mast_expr(l->a, ix->where_text, ix->where_cols, ix->n_where_cols, loc);
}

void mast_create_enum(struct mast_list *l, const struct model *m,
		      const struct m_enum *e, struct loc loc)
{
	struct ast_stmt *s = mast_push(l, STMT_CREATE_ENUM, loc);
	s->target = mast_name(m, e->schema, e->name, loc);
	s->u.enum_.labels = arena_calloc(l->a, e->n_labels + 1, sizeof *s->u.enum_.labels);
	memcpy(s->u.enum_.labels, e->labels, e->n_labels * sizeof *s->u.enum_.labels);
	s->u.enum_.n_labels = e->n_labels;
	s->u.enum_.label_locs = arena_calloc(l->a, e->n_labels + 1, sizeof *s->u.enum_.label_locs);
	for (size_t i = 0; i < e->n_labels; i++)
		s->u.enum_.label_locs[i] = loc;
	if (e->comment)
		mast_comment(l, m, COMMENT_TYPE, e->schema, e->name, NULL, e->comment, loc);
}

void mast_comment(struct mast_list *l, const struct model *m,
		  enum ast_comment_target target, const char *schema,
		  const char *name, const char *member, const char *text, struct loc loc)
{
	struct ast_stmt *s = mast_push(l, STMT_COMMENT, loc);
	s->u.comment.comment_target = target;
	s->target = mast_name(m, schema, name, loc);
	if (member)
		s->u.comment.member = mast_ident(member, loc);
	s->u.comment.comment = text;
}

void mast_table_comments(struct mast_list *l, const struct model *m,
			 const struct m_table *t, struct loc loc)
{
	if (t->comment)
		mast_comment(l, m, COMMENT_TABLE, t->schema, t->name, NULL, t->comment, loc);
	for (size_t i = 0; i < t->n_cols; i++)
		if (t->cols[i].comment)
			mast_comment(l, m, COMMENT_COLUMN, t->schema, t->name, t->cols[i].name,
				     t->cols[i].comment, loc);
}

void mast_schema_text(struct mast_list *l, const struct model *m)
{
	l->declarative = true;
	for (size_t i = 0; i < l->n; i++) {
		struct ast_stmt *s = &l->v[i];
		if (s->kind != STMT_CREATE_TABLE)
			continue;
		const struct m_table *t = model_table(m, s->target.schema, s->target.name);
		for (size_t k = 0; t && k < s->u.table.n_columns; k++) {
			const struct m_column *c = table_column(t, s->u.table.columns[k].name.name);
			bool named = false;
			for (size_t j = 0; j < s->u.table.columns[k].n_constraints; j++)
				named |= s->u.table.columns[k].constraints[j].kind == CON_SEQUENCE;
			if (c && !named)
				mast_seq_name(l, t, c, &s->u.table.columns[k]);
		}
	}
}

void mast_create_policy(struct mast_list *l, const struct model *m, const struct m_table *t,
			const struct m_policy *p, struct loc loc)
{
	struct ast_stmt *s = mast_push(l, STMT_CREATE_POLICY, loc);
	s->target = s->u.policy.table = mast_name(m, t->schema, t->name, loc);
	s->u.policy.member = mast_ident(p->name, loc);
	s->u.policy.pol_restrictive = p->restrictive;
	s->u.policy.pol_cmd = p->cmd;
	s->u.policy.pol_roles = (const char **)p->roles;
	s->u.policy.n_pol_roles = p->n_roles;
	if (p->using_text)
		s->u.policy.pol_using = mast_expr(l->a, p->using_text, NULL, 0, loc);
	if (p->check_text)
		s->u.policy.pol_check = mast_expr(l->a, p->check_text, NULL, 0, loc);
}

void mast_drop_policy(struct mast_list *l, const struct model *m, const struct m_table *t,
		      const char *name, struct loc loc)
{
	struct ast_stmt *s = mast_push(l, STMT_DROP_POLICY, loc);
	s->target = s->u.policy.table = mast_name(m, t->schema, t->name, loc);
	s->u.policy.member = mast_ident(name, loc);
}
