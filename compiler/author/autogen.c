/*
 * autogen.c - the ordered statements that take model `f` to model `t`
 * (autogen.h).
 *
 * The order is fixed by phases, each over sorted schemas, tables and
 * columns, so that every statement applies on the state the earlier ones
 * leave (PostgreSQL's dependency rules, as replay.c models them):
 *
 *    1 create schemas            8 drop enum types
 *   1b create extensions        8b drop extensions
 *    2 create enums, add labels  9 create tables (without foreign keys)
 *    3 drop foreign keys        10 add constraints, create indexes
 *    4 drop indexes             11 add foreign keys
 *    5 drop other constraints   12 comments
 *    6 drop tables              13 drop schemas
 *    7 column changes: drop, add, default, type, nullability
 *
 * A constraint or index that changed is dropped and added again; a foreign
 * key is also recreated when a column it uses, or the key it references,
 * changes.  A changed column is altered in place.  Partitions
 * (autogen_part.c): detached after 6, created or attached after 9.  Row
 * level security (autogen_rls.c): after 11; policies (autogen_policy.c)
 * dropped after 5, created after 11.
 */
#include <string.h>

#include "arena.h"
#include "autogen.h"
#include "autogen_view.h"
#include "model.h"
#include "model_acl.h"
#include "sql.h"

struct ag {
	struct arena *a;
	const struct model *f, *t;
	struct mast_list *l;
	struct autogen *out;
	struct loc loc;
};

/* ---- lookups ------------------------------------------------------------ */

static const struct m_table *ag_twin(const struct model *m, const struct m_table *x)
{
	return model_table(m, x->schema, x->name);
}

/* The constraint of `x` (a table of one model) in the other model, or NULL. */
static const struct m_constraint *ag_con_twin(const struct model *m, const struct m_table *x,
					      const char *name)
{
	const struct m_table *y = ag_twin(m, x);
	return y ? table_constraint(y, name) : NULL;
}

static bool ag_col_type_changes(const struct ag *g, const char *schema, const char *table,
				const char *col)
{
	const struct m_table *x = model_table(g->f, schema, table);
	const struct m_table *y = model_table(g->t, schema, table);
	const struct m_column *cx = x ? table_column(x, col) : NULL;
	const struct m_column *cy = y ? table_column(y, col) : NULL;
	return !cx || !cy || !autogen_type_same(cx, cy);
}

static bool ag_ref_kept(const struct ag *g, const struct m_constraint *fc);

/* Is the constraint `fc` of f-table `ft` kept as it is in t?  A foreign key
 * is not kept when its columns' types or the key it references change; one
 * whose deferrability alone changes is kept (ag_add alters it). */
static bool ag_con_kept(const struct ag *g, const struct m_table *ft,
			const struct m_constraint *fc)
{
	const struct m_constraint *tc = ag_con_twin(g->t, ft, fc->name);
	if (!tc)
		return false;
	struct m_constraint same = *fc;
	if (fc->kind == MC_FKEY && tc->kind == MC_FKEY) {
		same.deferrable = tc->deferrable;
		same.initially_deferred = tc->initially_deferred;
	}
	if (!autogen_con_same(g->a, &same, tc))
		return false;
	if (fc->kind != MC_FKEY)
		return true;
	for (size_t i = 0; i < fc->n_cols; i++)
		if (ag_col_type_changes(g, ft->schema, ft->name, fc->cols[i]))
			return false;
	return ag_ref_kept(g, fc);
}

/* Does the key a foreign key references stay as it is? */
static bool ag_ref_kept(const struct ag *g, const struct m_constraint *fc)
{
	for (size_t i = 0; i < fc->n_ref_cols; i++)
		if (ag_col_type_changes(g, fc->ref_schema, fc->ref_table, fc->ref_cols[i]))
			return false;
	const struct m_table *rf = model_table(g->f, fc->ref_schema, fc->ref_table);
	const struct m_table *rt = model_table(g->t, fc->ref_schema, fc->ref_table);
	if (!rf || !rt || !fc->ref_index)
		return rf && rt;
	const struct m_constraint *kf = table_constraint(rf, fc->ref_index);
	const struct m_constraint *kt = table_constraint(rt, fc->ref_index);
	if (kf || kt)
		return kf && kt && autogen_con_same(g->a, kf, kt);
	const struct m_index *xf = table_index(rf, fc->ref_index);
	const struct m_index *xt = table_index(rt, fc->ref_index);
	return xf && xt && autogen_index_same(g->a, xf, xt);
}

static bool ag_index_kept(const struct ag *g, const struct m_table *ft, const struct m_index *fx)
{
	const struct m_table *tt = ag_twin(g->t, ft);
	const struct m_index *tx = tt ? table_index(tt, fx->name) : NULL;
	return tx && autogen_index_same(g->a, fx, tx);
}

static void ag_unsupported(struct ag *g, const char *line)
{
	autogen_push_line(g->a, &g->out->unsupported, &g->out->n_unsupported, line);
}

static const char *ag_qual(const struct ag *g, const char *schema, const char *name)
{
	if (strcmp(schema, g->f->default_schema) == 0)
		return arena_printf(g->a, "\"%s\"", name);
	return arena_printf(g->a, "\"%s\".\"%s\"", schema, name);
}

/* ---- phases ------------------------------------------------------------- */

/* Calls fn for each table of `m` (sorted by schema, then name). */
typedef void (*ag_table_fn)(struct ag *g, const struct m_table *x);

static void ag_each_table(struct ag *g, const struct model *m, ag_table_fn fn)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(m, g->a, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t nt;
		struct m_table **tt = schema_tables_sorted(ss[i], g->a, &nt);
		for (size_t k = 0; k < nt; k++)
			fn(g, tt[k]);
	}
}

static void ag_schemas(struct ag *g, const struct model *x, const struct model *y,
		       enum ast_stmt_kind kind)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(x, g->a, &ns);
	for (size_t i = 0; i < ns; i++) {
		if (ss[i]->builtin || model_schema(y, ss[i]->name))
			continue;
		struct ast_stmt *s = mast_push(g->l, kind, g->loc);
		s->target.name = ss[i]->name;
	}
}

/* Is `x` an ordered subsequence of `y`? */
static bool ag_labels_grow(const struct m_enum *x, const struct m_enum *y)
{
	size_t k = 0;
	for (size_t i = 0; i < y->n_labels && k < x->n_labels; i++)
		if (strcmp(y->labels[i], x->labels[k]) == 0)
			k++;
	return k == x->n_labels;
}

static bool ag_has_label(const struct m_enum *e, const char *label)
{
	for (size_t i = 0; i < e->n_labels; i++)
		if (strcmp(e->labels[i], label) == 0)
			return true;
	return false;
}

static void ag_enums_create(struct ag *g)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(g->t, g->a, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t ne;
		struct m_enum **es = schema_enums_sorted(ss[i], g->a, &ne);
		for (size_t k = 0; k < ne; k++) {
			const struct m_enum *te = es[k];
			const struct m_enum *fe = model_enum(g->f, te->schema, te->name);
			if (!fe) {
				struct m_enum bare = *te;
				bare.comment = NULL;	/* phase 12 */
				mast_create_enum(g->l, g->t, &bare, g->loc);
				continue;
			}
			if (!ag_labels_grow(fe, te)) {
				const char *w = arena_printf(g->a, "type %s",
							     ag_qual(g, te->schema, te->name));
				size_t before = g->out->n_enum_removals;
				for (size_t j = 0; j < fe->n_labels; j++)
					if (!ag_has_label(te, fe->labels[j]))
						autogen_push_line(g->a, &g->out->enum_removals,
								  &g->out->n_enum_removals,
								  arena_printf(g->a, "%s loses label '%s'",
									       w, fe->labels[j]));
				if (g->out->n_enum_removals == before)
					autogen_push_line(g->a, &g->out->enum_removals,
							  &g->out->n_enum_removals,
							  arena_printf(g->a, "%s reorders its labels", w));
				continue;
			}
			for (size_t j = 0; j < te->n_labels; j++) {
				if (ag_has_label(fe, te->labels[j]))
					continue;
				struct ast_stmt *s = mast_push(g->l, STMT_ADD_ENUM_VALUE, g->loc);
				s->target = mast_name(g->t, te->schema, te->name, g->loc);
				s->u.enum_.labels = arena_calloc(g->a, 2, sizeof *s->u.enum_.labels);
				s->u.enum_.labels[0] = te->labels[j];
				s->u.enum_.label_locs = arena_calloc(g->a, 2, sizeof *s->u.enum_.label_locs);
				s->u.enum_.n_labels = 1;
				/* IF NOT EXISTS: the upgrade runs again after the
				 * (inexact) downgrade, which leaves the label */
				s->if_not_exists = true;
				if (j > 0) {
					s->u.enum_.neighbor = te->labels[j - 1];
				} else if (te->n_labels > 1) {
					s->u.enum_.neighbor = te->labels[1];
					s->u.enum_.before = true;
				}
			}
		}
	}
}

static void ag_enums_drop(struct ag *g)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(g->f, g->a, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t ne;
		struct m_enum **es = schema_enums_sorted(ss[i], g->a, &ne);
		for (size_t k = 0; k < ne; k++) {
			if (model_enum(g->t, es[k]->schema, es[k]->name))
				continue;
			struct ast_stmt *s = mast_push(g->l, STMT_DROP_TYPE, g->loc);
			s->target = mast_name(g->f, es[k]->schema, es[k]->name, g->loc);
		}
	}
}

/* 3: foreign keys that change or whose table goes; on a dropped table
 * only those that point at another dropped table (the drop takes the
 * rest along). */
static void ag_drop_fkeys(struct ag *g, const struct m_table *ft)
{
	const struct m_table *tt = ag_twin(g->t, ft);
	for (size_t i = 0; i < ft->n_cons; i++) {
		const struct m_constraint *c = &ft->cons[i];
		if (c->kind != MC_FKEY)
			continue;
		if (!tt) {
			bool self = strcmp(c->ref_schema, ft->schema) == 0 &&
				    strcmp(c->ref_table, ft->name) == 0;
			/* the table's drop takes its keys along, unless the key they
			 * reference is dropped first (phase 5) */
			if (self || ag_ref_kept(g, c))
				continue;
		} else if (ag_con_kept(g, ft, c)) {
			continue;
		}
		mast_drop_constraint(g->l, g->f, ft, c->name, g->loc);
	}
}

static void ag_drop_indexes(struct ag *g, const struct m_table *ft)
{
	if (!ag_twin(g->t, ft))
		return;
	for (size_t i = 0; i < ft->n_idx; i++) {
		const struct m_index *x = &ft->idx[i];
		if (x->constraint || ag_index_kept(g, ft, x))
			continue;
		struct ast_stmt *s = mast_push(g->l, STMT_DROP_INDEX, g->loc);
		s->target = mast_name(g->f, ft->schema, x->name, g->loc);
	}
}

static void ag_drop_cons(struct ag *g, const struct m_table *ft)
{
	if (!ag_twin(g->t, ft))
		return;
	for (size_t i = 0; i < ft->n_cons; i++) {
		const struct m_constraint *c = &ft->cons[i];
		if (c->kind != MC_FKEY && !ag_con_kept(g, ft, c))
			mast_drop_constraint(g->l, g->f, ft, c->name, g->loc);
	}
}

static void ag_drop_table(struct ag *g, const struct m_table *ft)
{
	if (!ag_twin(g->t, ft) && !autogen_part_dropped_along(g->f, g->t, ft))
		mast_drop_table(g->l, g->f, ft, g->loc);
}

static struct ast_type ag_plain_type(const struct ag *g, const struct m_column *c)
{
	struct ast_type t = c->type;
	t.loc = g->loc;
	if (t.kind == TY_NAMED)
		t.named = mast_name(g->t, t.named.schema, t.named.name, g->loc);
	return t;
}

/* Types within one family convert by assignment; across families an
 * explicit USING cast is written. */
static int ag_type_family(enum ast_type_kind k)
{
	switch (k) {
	case TY_SMALLINT: case TY_INTEGER: case TY_BIGINT: case TY_NUMERIC:
	case TY_REAL: case TY_DOUBLE:
		return 1;
	case TY_TEXT: case TY_VARCHAR: case TY_CHAR:
		return 2;
	case TY_TIMESTAMP: case TY_TIMESTAMPTZ: case TY_DATE:
		return 3;
	case TY_TIME: case TY_TIMETZ:
		return 4;
	default:
		return 100 + (int)k;
	}
}

/* Two other built-in types (ast_types.c) are one family only when both
 * are bit strings (bit and bit varying convert by assignment). */
static bool ag_builtin_families_differ(const struct ast_type *x, const struct ast_type *y)
{
	if (x->kind != TY_BUILTIN || y->kind != TY_BUILTIN ||
	    strcmp(x->named.name, y->named.name) == 0)
		return false;
	return strncmp(x->named.name, "bit", 3) != 0 || strncmp(y->named.name, "bit", 3) != 0;
}

static void ag_alter_column(struct ag *g, const struct m_table *tt,
			    const struct m_column *fc, const struct m_column *tc)
{
	const char *w = arena_printf(g->a, "column %s.\"%s\"",
				     ag_qual(g, tt->schema, tt->name), tc->name);
	if (fc->generated || tc->generated) {
		/* PostgreSQL 15 cannot change a generation expression: the
		 * column is dropped and added again (its values are computed) */
		mast_alter(g->l, g->f, tt, ALT_DROP_COLUMN, g->loc)->name.name = fc->name;
		mast_add_column(g->l, g->t, tt, tc, g->loc);
		return;
	}
	if ((fc->serial || tc->serial) &&
	    (fc->identity != tc->identity || (fc->seq == NULL) != (tc->seq == NULL))) {
		ag_unsupported(g, arena_printf(g->a, "%s changes its identity or serial sequence", w));
		return;
	}
	if (fc->identity && !tc->identity)	/* before its not null may go */
		mast_identity_change(g->l, g->t, tt, fc, tc, g->loc);
	bool type = !autogen_type_same(fc, tc) ||
		    !model_str_equal(fc->coll_schema, tc->coll_schema) ||
		    !model_str_equal(fc->collation, tc->collation);
	bool dflt = !autogen_default_same(g->a, fc, tc);
	/* a default of the old type may not convert: drop it around a type change */
	bool drop = fc->default_text && !fc->seq && (type || (dflt && !tc->default_text));
	if (drop)
		mast_alter(g->l, g->t, tt, ALT_DROP_DEFAULT, g->loc)->name.name = tc->name;
	if (type) {
		struct ast_alter *al = mast_alter(g->l, g->t, tt, ALT_ALTER_TYPE, g->loc);
		al->name.name = tc->name;
		al->type = ag_plain_type(g, tc);
		al->collation = (struct ast_name){ tc->coll_schema, tc->collation, g->loc };
		if (ag_type_family(fc->type.kind) != ag_type_family(tc->type.kind) ||
		    fc->type.array_dims != tc->type.array_dims ||
		    ag_builtin_families_differ(&fc->type, &tc->type)) {
			/* no implicit cast between type families: say how */
			struct ast_expr *e = arena_alloc(g->a, sizeof *e);
			e->text = arena_printf(g->a, "%s::%s", sql_ident_min(g->a, tc->name),
					       sql_type(g->a, &al->type));
			e->columns = arena_calloc(g->a, 1, sizeof *e->columns);
			e->columns[0] = mast_ident(tc->name, g->loc);
			e->n_columns = 1;
			e->loc = g->loc;
			al->expr = e;
		}
	}
	if (tc->default_text && !tc->seq && (dflt || drop)) {
		struct ast_alter *al = mast_alter(g->l, g->t, tt, ALT_SET_DEFAULT, g->loc);
		al->name.name = tc->name;
		al->expr = arena_alloc(g->a, sizeof *al->expr);
		al->expr->text = tc->default_text;
		al->expr->loc = g->loc;
	}
	if (fc->not_null != tc->not_null && (!tc->identity || !fc->identity))
		mast_alter(g->l, g->t, tt, tc->not_null ? ALT_SET_NOT_NULL : ALT_DROP_NOT_NULL,
			   g->loc)->name.name = tc->name;
	if (tc->identity)	/* after its not null, without a default */
		mast_identity_change(g->l, g->t, tt, fc, tc, g->loc);
}

/* 7: drop, add, alter columns of a table in both models. */
static void ag_columns(struct ag *g, const struct m_table *ft)
{
	const struct m_table *tt = ag_twin(g->t, ft);
	if (!tt)
		return;
	if (autogen_part_columns_follow(ft, tt)) {	/* only its own not null, default */
		for (size_t i = 0; i < tt->n_cols; i++) {
			const struct m_column *fc = table_column(ft, tt->cols[i].name);
			if (fc && !fc->generated && autogen_type_same(fc, &tt->cols[i]) &&
			    !autogen_column_same(g->a, fc, &tt->cols[i]))
				ag_alter_column(g, tt, fc, &tt->cols[i]);
		}
		return;
	}
	for (size_t i = 0; i < ft->n_cols; i++)
		if (!table_column(tt, ft->cols[i].name)) {
			struct ast_alter *al = mast_alter(g->l, g->f, ft, ALT_DROP_COLUMN, g->loc);
			al->name.name = ft->cols[i].name;
		}
	for (size_t i = 0; i < tt->n_cols; i++)
		if (!table_column(ft, tt->cols[i].name))
			mast_add_column(g->l, g->t, tt, &tt->cols[i], g->loc);
	for (size_t i = 0; i < tt->n_cols; i++) {
		const struct m_column *fc = table_column(ft, tt->cols[i].name);
		if (fc && !autogen_column_same(g->a, fc, &tt->cols[i]))
			ag_alter_column(g, tt, fc, &tt->cols[i]);
	}
}

static void ag_create_table(struct ag *g, const struct m_table *tt)
{
	if (!ag_twin(g->f, tt) && !tt->part_parent)	/* partitions: autogen_part.c */
		mast_create_table(g->l, g->t, tt, g->loc);
}

/* 10 (fkeys false) and 11 (fkeys true): what t has and f lacks or changed. */
static void ag_add(struct ag *g, const struct m_table *tt, bool fkeys)
{
	const struct m_table *ft = ag_twin(g->f, tt);
	for (size_t i = 0; i < tt->n_cons; i++) {
		const struct m_constraint *c = &tt->cons[i];
		if ((c->kind == MC_FKEY) != fkeys)
			continue;
		if (ft) {
			const struct m_constraint *fc = table_constraint(ft, c->name);
			if (fc && ag_con_kept(g, ft, fc)) {
				if (fc->deferrable != c->deferrable ||
				    fc->initially_deferred != c->initially_deferred) {
					struct ast_alter *al = mast_alter(g->l, g->t, tt,
									  ALT_ALTER_CONSTRAINT, g->loc);
					al->name.name = c->name;
					al->deferrable = c->deferrable;
					al->initially_deferred = c->initially_deferred;
				}
				continue;
			}
		} else if (c->kind != MC_FKEY && c->validated) {
			continue;	/* in its create table */
		}
		mast_add_constraint(g->l, g->t, tt, c, g->loc);
	}
	if (fkeys)
		return;
	for (size_t i = 0; i < tt->n_idx; i++) {
		const struct m_index *x = &tt->idx[i];
		if (x->constraint)
			continue;
		const struct m_index *fx = ft ? table_index(ft, x->name) : NULL;
		if (fx && ag_index_kept(g, ft, fx))
			continue;
		struct m_index bare = *x;
		bare.concurrently = false;	/* revisions run in a transaction */
		mast_create_index(g->l, g->t, tt, &bare, g->loc);
	}
}

static void ag_add_cons(struct ag *g, const struct m_table *tt)
{
	ag_add(g, tt, false);
}

static void ag_add_fkeys(struct ag *g, const struct m_table *tt)
{
	ag_add(g, tt, true);
}

/* A comment statement when the object's comment `to` differs from `from`
 * (NULL: none, or the object is new or recreated). */
static void ag_comment(struct ag *g, enum ast_comment_target kind, const char *schema,
		       const char *table, const char *name, const char *from, const char *to)
{
	if (!model_str_equal(from, to))
		mast_comment(g->l, g->t, kind, schema, table, name, to, g->loc);
}

/* 12: a comment is compared with the other side's, or with none when the
 * object is new or was recreated above. */
static void ag_comments(struct ag *g, const struct m_table *tt)
{
	const struct m_table *ft = ag_twin(g->f, tt);
	ag_comment(g, COMMENT_TABLE, tt->schema, tt->name, NULL,
		   ft ? ft->comment : NULL, tt->comment);
	for (size_t i = 0; i < tt->n_cols; i++) {
		const struct m_column *c = &tt->cols[i];
		const struct m_column *fc = ft ? table_column(ft, c->name) : NULL;
		ag_comment(g, COMMENT_COLUMN, tt->schema, tt->name, c->name,
			   fc ? fc->comment : NULL, c->comment);
	}
	for (size_t i = 0; i < tt->n_cons; i++) {
		const struct m_constraint *c = &tt->cons[i];
		const struct m_constraint *fc = ft ? table_constraint(ft, c->name) : NULL;
		ag_comment(g, COMMENT_CONSTRAINT, tt->schema, tt->name, c->name,
			   fc && ag_con_kept(g, ft, fc) ? fc->comment : NULL, c->comment);
	}
	for (size_t i = 0; i < tt->n_idx; i++) {
		const struct m_index *x = &tt->idx[i];
		const struct m_index *fx = ft ? table_index(ft, x->name) : NULL;
		ag_comment(g, COMMENT_INDEX, tt->schema, x->name, NULL,
			   fx && ag_index_kept(g, ft, fx) ? fx->comment : NULL, x->comment);
	}
}

static void ag_enum_comments(struct ag *g)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(g->t, g->a, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t ne;
		struct m_enum **es = schema_enums_sorted(ss[i], g->a, &ne);
		for (size_t k = 0; k < ne; k++) {
			const struct m_enum *fe = model_enum(g->f, es[k]->schema, es[k]->name);
			if (!model_str_equal(fe ? fe->comment : NULL, es[k]->comment))
				mast_comment(g->l, g->t, COMMENT_TYPE, es[k]->schema, es[k]->name,
					     NULL, es[k]->comment, g->loc);
		}
	}
}

void autogen_diff(struct arena *a, const struct model *from, const struct model *to,
		  struct autogen *out)
{
	memset(out, 0, sizeof *out);
	mast_init(&out->stmts, a);
	struct ag g = { .a = a, .f = from, .t = to, .l = &out->stmts, .out = out };
	ag_schemas(&g, to, from, STMT_CREATE_SCHEMA);		/* 1 */
	autogen_ext_create(g.l, from, to, a, g.loc);		/* 1b */
	autogen_colls_create(a, from, to, out);
	autogen_utype_create(g.l, from, to, a);			/* 1c */
	autogen_seq_create(g.l, from, to, a);			/* 1d */
	ag_enums_create(&g);					/* 2 */
	autogen_evtrigs_drop(a, from, to, &out->stmts);
	autogen_triggers_drop(a, from, to, &out->stmts);
	autogen_views_drop(a, from, to, &out->stmts);
	ag_each_table(&g, from, ag_drop_fkeys);			/* 3 */
	ag_each_table(&g, from, ag_drop_indexes);		/* 4 */
	ag_each_table(&g, from, ag_drop_cons);			/* 5 */
	autogen_policy_drop(a, from, to, out, g.loc);
	ag_each_table(&g, from, ag_drop_table);			/* 6 */
	autogen_part_detach(a, from, to, out, g.loc);
	ag_each_table(&g, from, ag_columns);			/* 7 */
	ag_enums_drop(&g);					/* 8 */
	autogen_utype_drop(g.l, from, to, a);			/* 8a */
	autogen_seq_drop(g.l, from, to, a);			/* 8c */
	autogen_ext_drop(g.l, from, to, a, g.loc);		/* 8b */
	autogen_colls_drop(a, from, to, g.l);
	ag_each_table(&g, to, ag_create_table);			/* 9 */
	autogen_part_create(a, from, to, out, g.loc);
	ag_each_table(&g, to, ag_add_cons);			/* 10 */
	ag_each_table(&g, to, ag_add_fkeys);			/* 11 */
	autogen_seq_owners(g.l, from, to, a);			/* 11b */
	autogen_rls(a, from, to, out, g.loc);
	autogen_policy_create(a, from, to, out, g.loc);
	ag_each_table(&g, to, ag_comments);			/* 12 */
	ag_enum_comments(&g);
	autogen_routines_create(a, from, to, &out->stmts);
	autogen_views_create(a, from, to, &out->stmts);
	autogen_triggers_create(a, from, to, &out->stmts);
	autogen_evtrigs_create(a, from, to, &out->stmts);
	if (to->acl)	/* migc.conf compare_grants|owners: after their objects */
		model_acl_stmts(a, from, to, &out->stmts, NULL);
	autogen_routines_drop(a, from, to, &out->stmts);
	ag_schemas(&g, from, to, STMT_DROP_SCHEMA);		/* 13 */
}
