/*
 * model_diff.c - comparing two schema models.
 *
 * Columns are matched by name, never by position: a column dropped and
 * added back lands at the end, as in PostgreSQL, and is still "the same".
 * Everything the two models share is skipped via pmap_diff, so the cost is
 * proportional to what differs (or was touched since they diverged).
 * Lines are sorted so the output does not depend on hash order.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model.h"
#include "model_coll.h"
#include "model_acl.h"
#include "sql.h"

struct md {
	struct arena *a;
	const struct model *exp;
	const char **lines;
	size_t n, cap;
	const char *what;		/* current object, for the callbacks */
	const char *exp_side, *act_side; /* "in schema.mig", "at head"; NULL:
					  * "missing", "expected ..." */
};

static void md_add(struct md *d, const char *line)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		d->lines = arena_grow(d->a, d->lines, d->n * sizeof *d->lines,
				      (cap + 1) * sizeof *d->lines);
		d->cap = cap;
	}
	d->lines[d->n++] = line;
}

/* `w` differs: `act` on one side, `exp` on the other, after `sep`. */
static void md_vs(struct md *d, const char *w, const char *sep, const char *act, const char *exp)
{
	if (d->exp_side)
		md_add(d, arena_printf(d->a, "%s%s%s %s, %s %s", w, sep, exp, d->exp_side, act,
				       d->act_side));
	else
		md_add(d, arena_printf(d->a, "%s%s%s, expected %s", w, sep, act, exp));
}

/* `w` is on one side only: the expected one when `in_exp`. */
static void md_one_side(struct md *d, const char *w, bool in_exp)
{
	if (d->exp_side)
		md_add(d, arena_printf(d->a, "%s is %s but not %s", w,
				       in_exp ? d->exp_side : d->act_side,
				       in_exp ? d->act_side : d->exp_side));
	else
		md_add(d, arena_printf(d->a, "%s is %s", w, in_exp ? "missing" : "unexpected"));
}

static void md_add_cb(void *ctx, const char *line)
{
	md_add(ctx, line);
}

static const char *md_tab(struct md *d, const char *schema, const char *name)
{
	if (strcmp(schema, d->exp->default_schema) == 0)
		return arena_printf(d->a, "\"%s\"", name);
	return arena_printf(d->a, "\"%s\".\"%s\"", schema, name);
}

static const char *md_type(struct md *d, const struct ast_type *t)
{
	struct ast_type c = *t;
	if (c.kind == TY_NAMED && c.named.schema &&
	    strcmp(c.named.schema, d->exp->default_schema) == 0)
		c.named.schema = NULL;
	return sql_type(d->a, &c);
}

static const char *md_str(struct md *d, const char *s)
{
	return s ? sql_literal(d->a, s) : "none";
}

static void md_comment(struct md *d, const char *what, const char *exp, const char *act)
{
	if (!model_str_equal(exp, act))
		md_vs(d, what, " has comment ", md_str(d, act), md_str(d, exp));
}

static const char *md_names(struct md *d, const char *const *v, size_t n)
{
	struct strbuf sb;
	sb_init(&sb, d->a);
	sb_putc(&sb, '(');
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, "%s\"%s\"", i ? ", " : "", v[i]);
	sb_putc(&sb, ')');
	return sb_str(&sb);
}

static const char *md_action(enum ast_fk_action a)
{
	switch (a) {
	case FK_RESTRICT: return "restrict";
	case FK_CASCADE: return "cascade";
	case FK_SET_NULL: return "set null";
	case FK_SET_DEFAULT: return "set default";
	default: return "no action";
	}
}

/* A collation or operator class as the model keeps it; "default" for none. */
static const char *md_coll(struct md *d, const char *schema, const char *name)
{
	if (!name)
		return "default";
	return schema ? arena_printf(d->a, "\"%s\".\"%s\"", schema, name)
		      : arena_printf(d->a, "\"%s\"", name);
}

static void md_column(struct md *d, const char *tl, const struct m_column *e,
		      const struct m_column *c)
{
	if (model_column_equal(d->a, e, c, MODEL_EQ_COMMENTS))
		return;
	const char *w = arena_printf(d->a, "column %s.\"%s\"", tl, e->name);
	if (!model_type_equal(&e->type, &c->type))
		md_vs(d, w, " has type ", md_type(d, &c->type), md_type(d, &e->type));
	if (e->not_null != c->not_null)
		md_vs(d, w, " is ", c->not_null ? "not null" : "nullable",
		      e->not_null ? "not null" : "nullable");
	if (!model_str_equal(e->coll_schema, c->coll_schema) ||
	    !model_str_equal(e->collation, c->collation))
		md_vs(d, w, " has collation ", md_coll(d, c->coll_schema, c->collation),
		      md_coll(d, e->coll_schema, e->collation));
	if (e->generated != c->generated)
		md_vs(d, w, " is ", c->generated ? "generated" : "not generated",
		      e->generated ? "generated" : "not generated");
	else if (e->generated && !model_expr_equal(d->a, e->default_text, c->default_text))
		md_vs(d, w, " is generated as ", arena_printf(d->a, "(%s)", c->default_text),
		      arena_printf(d->a, "(%s)", e->default_text));
	/* a generation expression is not a default */
	if (!e->generated && !c->generated && !model_default_equal(d->a, e, c))
		md_vs(d, w, " has default ", c->default_text ? c->default_text : "none",
		      e->default_text ? e->default_text : "none");
	if (e->identity != c->identity) {
		static const char *const id[] = { "no identity", "generated always as identity",
						  "generated by default as identity" };
		md_vs(d, w, " has ", id[c->identity], id[e->identity]);
	} else if (e->identity && !model_identity_equal(e, c)) {
		const char *oc = model_identity_options(d->a, c), *oe = model_identity_options(d->a, e);
		md_vs(d, w, " has identity options ", *oc ? oc : "(defaults)", *oe ? oe : "(defaults)");
	}
	if (!model_str_equal(e->seq, c->seq))
		md_vs(d, w, " owns sequence ",
		      c->seq ? arena_printf(d->a, "\"%s\"", c->seq) : "none",
		      e->seq ? arena_printf(d->a, "\"%s\"", e->seq) : "none");
	md_comment(d, w, e->comment, c->comment);
}

static const char *md_index_def(struct md *d, const struct m_index *ix);

static const char *md_kind(enum m_con_kind k)
{
	static const char *const n[] = { "primary key", "unique", "check", "foreign key",
					 "exclusion" };
	return n[k];
}

static void md_constraint(struct md *d, const char *tl, const struct m_constraint *e,
			  const struct m_constraint *c)
{
	if (model_constraint_equal(d->a, e, c, MODEL_EQ_COMMENTS))
		return;
	const char *w = arena_printf(d->a, "constraint \"%s\" on %s", e->name, tl);
	if (e->kind != c->kind) {
		md_vs(d, w, ": ", md_kind(c->kind), md_kind(e->kind));
		return;
	}
	if (!model_names_equal(e->cols, e->n_cols, c->cols, c->n_cols))
		md_vs(d, w, ": columns ", md_names(d, c->cols, c->n_cols),
		      md_names(d, e->cols, e->n_cols));
	if (e->kind == MC_CHECK && !model_expr_equal(d->a, e->check_text, c->check_text))
		md_vs(d, w, ": check ", arena_printf(d->a, "(%s)", c->check_text),
		      arena_printf(d->a, "(%s)", e->check_text));
	if (e->kind == MC_FKEY) {
		if (!model_str_equal(e->ref_schema, c->ref_schema) || !model_str_equal(e->ref_table, c->ref_table) ||
		    !model_names_equal(e->ref_cols, e->n_ref_cols, c->ref_cols, c->n_ref_cols))
			md_vs(d, w, ": references ",
			      arena_printf(d->a, "%s%s", md_tab(d, c->ref_schema, c->ref_table),
					   md_names(d, c->ref_cols, c->n_ref_cols)),
			      arena_printf(d->a, "%s%s", md_tab(d, e->ref_schema, e->ref_table),
					   md_names(d, e->ref_cols, e->n_ref_cols)));
		if (e->on_delete != c->on_delete)
			md_vs(d, w, ": on delete ", md_action(c->on_delete), md_action(e->on_delete));
		if (!model_names_equal(e->del_set_cols, e->n_del_set_cols, c->del_set_cols,
				       c->n_del_set_cols))
			md_vs(d, w, ": on delete sets ",
			      c->n_del_set_cols ? md_names(d, c->del_set_cols, c->n_del_set_cols)
			      : "every column",
			      e->n_del_set_cols ? md_names(d, e->del_set_cols, e->n_del_set_cols)
			      : "every column");
		if (e->on_update != c->on_update)
			md_vs(d, w, ": on update ", md_action(c->on_update), md_action(e->on_update));
	}
	if (e->kind == MC_EXCLUDE && e->excl && c->excl &&
	    !model_index_equal(d->a, e->excl, c->excl, 0))
		md_vs(d, w, ": exclude ", md_index_def(d, c->excl), md_index_def(d, e->excl));
	if (e->deferrable != c->deferrable || e->initially_deferred != c->initially_deferred)
		md_vs(d, w, ": ",
		      c->initially_deferred ? "initially deferred"
		      : c->deferrable ? "deferrable" : "not deferrable",
		      e->initially_deferred ? "initially deferred"
		      : e->deferrable ? "deferrable" : "not deferrable");
	if (e->validated != c->validated)
		md_vs(d, w, ": ", c->validated ? "valid" : "not valid",
		      e->validated ? "valid" : "not valid");
	if (e->match_full != c->match_full)
		md_vs(d, w, ": ", c->match_full ? "match full" : "match simple",
		      e->match_full ? "match full" : "match simple");
	if (e->nulls_not_distinct != c->nulls_not_distinct)
		md_vs(d, w, ": ", c->nulls_not_distinct ? "nulls not distinct" : "nulls distinct",
		      e->nulls_not_distinct ? "nulls not distinct" : "nulls distinct");
	if (e->no_inherit != c->no_inherit)
		md_vs(d, w, ": ", c->no_inherit ? "no inherit" : "inherited",
		      e->no_inherit ? "no inherit" : "inherited");
	md_comment(d, w, e->comment, c->comment);
}

static const char *md_index_def(struct md *d, const struct m_index *ix)
{
	struct strbuf sb;
	sb_init(&sb, d->a);
	sb_printf(&sb, "%susing %s (", ix->unique ? "unique " : "", ix->method);
	for (size_t i = 0; i < ix->n_elems; i++) {
		const struct m_index_elem *el = &ix->elems[i];
		if (i)
			sb_puts(&sb, ", ");
		if (el->column)
			sb_printf(&sb, "\"%s\"", el->column);
		else
			sb_printf(&sb, "(%s)", model_expr_norm(d->a, el->expr));
		if (el->collation)
			sb_printf(&sb, " collate %s", md_coll(d, el->coll_schema, el->collation));
		if (el->opclass)
			sb_printf(&sb, " %s", md_coll(d, el->opc_schema, el->opclass));
		if (el->opc_opts)
			sb_printf(&sb, " (%s)", el->opc_opts);
		if (el->op)
			sb_printf(&sb, " with %s", el->op);
		if (el->desc)
			sb_puts(&sb, " desc");
		if (el->nulls)
			sb_puts(&sb, el->nulls == 1 ? " nulls first" : " nulls last");
	}
	sb_putc(&sb, ')');
	if (ix->n_include)
		sb_printf(&sb, " include %s", md_names(d, ix->include, ix->n_include));
	if (ix->nulls_not_distinct)
		sb_puts(&sb, " nulls not distinct");
	if (ix->with)
		sb_printf(&sb, " with (%s)", ix->with);
	if (ix->where_text)
		sb_printf(&sb, " where %s", model_expr_norm(d->a, ix->where_text));
	if (ix->only)
		sb_puts(&sb, " on only the partitioned table (invalid)");
	return sb_str(&sb);
}

static void md_index(struct md *d, const char *tl, const struct m_index *e,
		     const struct m_index *c)
{
	if (e->elems == c->elems && e->include == c->include && e->unique == c->unique &&
	    model_str_equal(e->method, c->method) && model_str_equal(e->where_text, c->where_text) &&
	    model_str_equal(e->with, c->with) && e->only == c->only &&
	    model_str_equal(e->comment, c->comment))
		return;		/* the same index, copied with its table */
	const char *w = arena_printf(d->a, "index \"%s\" on %s", e->name, tl);
	const char *de = md_index_def(d, e), *dc = md_index_def(d, c);
	if (!model_index_equal(d->a, e, c, 0) && strcmp(de, dc) != 0)
		md_vs(d, w, " is ", dc, de);
	md_comment(d, w, e->comment, c->comment);
}

static void md_table(struct md *d, const struct m_table *e, const struct m_table *c)
{
	const char *tl = md_tab(d, e->schema, e->name);
	md_comment(d, arena_printf(d->a, "table %s", tl), e->comment, c->comment);
	for (size_t i = 0; i < e->n_cols; i++) {
		const struct m_column *cc = table_column(c, e->cols[i].name);
		if (!cc)
			md_one_side(d, arena_printf(d->a, "column %s.\"%s\"", tl, e->cols[i].name), true);
		else
			md_column(d, tl, &e->cols[i], cc);
	}
	for (size_t i = 0; i < c->n_cols; i++)
		if (!table_column(e, c->cols[i].name))
			md_one_side(d, arena_printf(d->a, "column %s.\"%s\"", tl, c->cols[i].name), false);
	for (size_t i = 0; i < e->n_cons; i++) {
		const struct m_constraint *cc = table_constraint(c, e->cons[i].name);
		if (!cc)
			md_one_side(d, arena_printf(d->a, "constraint \"%s\" on %s", e->cons[i].name, tl),
				    true);
		else
			md_constraint(d, tl, &e->cons[i], cc);
	}
	for (size_t i = 0; i < c->n_cons; i++)
		if (!table_constraint(e, c->cons[i].name))
			md_one_side(d, arena_printf(d->a, "constraint \"%s\" on %s", c->cons[i].name, tl),
				    false);
	for (size_t i = 0; i < e->n_idx; i++) {
		const struct m_index *cc = table_index(c, e->idx[i].name);
		if (!cc)
			md_one_side(d, arena_printf(d->a, "index \"%s\" on %s", e->idx[i].name, tl), true);
		else
			md_index(d, tl, &e->idx[i], cc);
	}
	for (size_t i = 0; i < c->n_idx; i++)
		if (!table_index(e, c->idx[i].name))
			md_one_side(d, arena_printf(d->a, "index \"%s\" on %s", c->idx[i].name, tl), false);
	const char *pl[3];
	for (size_t i = 0, np = model_part_diff(d->a, tl, e, c, pl); i < np; i++)
		md_add(d, pl[i]);
	for (size_t i = 0, np = model_rls_diff(d->a, tl, e, c, pl); i < np; i++)
		md_add(d, pl[i]);
	model_policy_diff(d->a, tl, e, c, md_add_cb, d);
}

static void md_tables_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	const struct m_table *e = va, *c = vb;
	if (!e || !c) {
		const struct m_table *t = e ? e : c;
		md_one_side(d, arena_printf(d->a, "table %s", md_tab(d, t->schema, key)), e != NULL);
		return;
	}
	md_table(d, e, c);
}

static const char *md_labels(struct md *d, const struct m_enum *e)
{
	struct strbuf sb;
	sb_init(&sb, d->a);
	sb_putc(&sb, '(');
	for (size_t i = 0; i < e->n_labels; i++) {
		if (i)
			sb_puts(&sb, ", ");
		sql_put_literal(&sb, e->labels[i]);
	}
	sb_putc(&sb, ')');
	return sb_str(&sb);
}

static void md_enums_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	const struct m_enum *e = va, *c = vb;
	const char *w = arena_printf(d->a, "type %s", md_tab(d, (e ? e : c)->schema, key));
	if (!e || !c) {
		md_one_side(d, w, e != NULL);
		return;
	}
	const char *le = md_labels(d, e), *lc = md_labels(d, c);
	if (strcmp(le, lc) != 0)
		md_vs(d, w, " has labels ", lc, le);
	md_comment(d, w, e->comment, c->comment);
}

static void md_rels_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	const struct m_rel *e = va, *c = vb;
	if ((e && e->kind != REL_SEQUENCE) || (c && c->kind != REL_SEQUENCE))
		return;		/* tables and indexes are compared with their tables */
	const char *w = arena_printf(d->a, "sequence %s", md_tab(d, d->what, key));
	if (!e || !c)
		md_one_side(d, w, e != NULL);
	else if (!model_str_equal(e->table, c->table) || !model_str_equal(e->column, c->column))
		md_vs(d, w, " is owned by ", arena_printf(d->a, "\"%s\".\"%s\"", c->table, c->column),
		      arena_printf(d->a, "\"%s\".\"%s\"", e->table, e->column));
}

static void md_views_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	const struct m_view *e = va, *c = vb;
	const struct m_view *v = e ? e : c;
	const char *w = arena_printf(d->a, "%s %s", v->materialized ? "materialized view" : "view",
				     md_tab(d, v->schema, key));
	const char *line = model_view_diff(d->a, w, e, c);
	if (line)
		md_add(d, line);
}

static void md_routines_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	const struct m_routine *e = va, *c = vb, *v = e ? e : c;
	(void)key;
	const char *w = arena_printf(d->a, "%s %s(%s)", v->kind == 'p' ? "procedure" :
				     v->kind == 'a' ? "aggregate" : "function",
				     md_tab(d, v->schema, v->name), v->args);
	const char *line = model_routine_diff(d->a, w, e, c);
	if (line)
		md_add(d, line);
}

static void md_triggers_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	const struct m_trigger *e = va, *c = vb, *v = e ? e : c;
	(void)key;
	const char *w = arena_printf(d->a, "trigger \"%s\" on %s", v->name,
				     md_tab(d, v->schema, v->table));
	const char *line = model_trigger_diff(d->a, w, e, c);
	if (line)
		md_add(d, line);
}

static void md_seqs_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	const char *line = model_seq_diff(d->a, arena_printf(d->a, "sequence %s",
							     md_tab(d, d->what, key)), va, vb);
	if (line)
		md_add(d, line);
}

static void md_schemas_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	const struct m_schema *e = va, *c = vb;
	if (!e || !c) {
		md_one_side(d, arena_printf(d->a, "schema \"%s\"", key), e != NULL);
		return;
	}
	md_comment(d, arena_printf(d->a, "schema \"%s\"", key), e->comment, c->comment);
	pmap_diff(&e->tables, &c->tables, d->a, md_tables_cb, d);
	pmap_diff(&e->enums, &c->enums, d->a, md_enums_cb, d);
	d->what = key;
	pmap_diff(&e->rels, &c->rels, d->a, md_rels_cb, d);
	pmap_diff(&e->views, &c->views, d->a, md_views_cb, d);
	pmap_diff(&e->routines, &c->routines, d->a, md_routines_cb, d);
	pmap_diff(&e->triggers, &c->triggers, d->a, md_triggers_cb, d);
	pmap_diff(&e->seqs, &c->seqs, d->a, md_seqs_cb, d);
}

static void md_exts_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	(void)key;
	const char *line = model_ext_diff_line(d->a, va, vb);
	if (line)
		md_add(d, line);
}

static void md_utypes_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	(void)key;
	const char *line = model_utype_diff_line(d->a, va, vb);
	if (line)
		md_add(d, line);
}

static void md_evtrigs_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	(void)key;
	const char *line = model_evtrig_diff_line(d->a, va, vb);
	if (line)
		md_add(d, line);
}

static void md_colls_cb(void *ctx, const char *key, void *va, void *vb)
{
	struct md *d = ctx;
	(void)key;
	const char *line = model_coll_diff_line(d->a, va, vb);
	if (line)
		md_add(d, line);
}

static int md_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t model_diff(struct arena *a, const struct model *expected,
		  const struct model *actual, const char ***lines)
{
	return model_diff_sides(a, expected, actual, NULL, NULL, lines);
}

size_t model_diff_sides(struct arena *a, const struct model *expected,
			const struct model *actual, const char *exp_side,
			const char *act_side, const char ***lines)
{
	struct md d = { .a = a, .exp = expected, .exp_side = exp_side, .act_side = act_side };
	pmap_diff(&expected->schemas, &actual->schemas, a, md_schemas_cb, &d);
	pmap_diff(&expected->extensions, &actual->extensions, a, md_exts_cb, &d);
	pmap_diff(&expected->utypes, &actual->utypes, a, md_utypes_cb, &d);
	pmap_diff(&expected->evtrigs, &actual->evtrigs, a, md_evtrigs_cb, &d);
	pmap_diff(&expected->colls, &actual->colls, a, md_colls_cb, &d);
	if (expected->acl || actual->acl)
		model_acl_diff(a, expected, actual, md_add_cb, &d);
	if (d.n > 1)
		qsort(d.lines, d.n, sizeof *d.lines, md_cmp);
	if (!d.lines)
		d.lines = arena_calloc(a, 1, sizeof *d.lines);
	*lines = d.lines;
	return d.n;
}
