/*
 * lint_rules.c - the dangerous-operation rules, one statement at a time,
 * against the model as it was just before the statement.
 *
 * "Existing" means created in an earlier revision: such a table may hold
 * rows and serve a running application.  A table, column or index created
 * earlier in the same revision is empty and unused, so the rules about
 * locks, rewrites and breaking the application stay quiet for it.
 */
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "lint_int.h"
#include "model.h"
#include "sql.h"

static const char *lint_schema(const struct model *m, const char *schema)
{
	const char *s = model_schema_name(m, schema);
	return s ? s : (schema ? schema : "");
}

/* The table if it exists and was created before this revision. */
static const struct m_table *lint_existing(struct lint *l, const struct model *m,
					   const struct ast_name *n)
{
	const struct m_table *t = model_table(m, n->schema, n->name);
	if (!t || lint_set_has(&l->new_tables, t->schema, t->name, NULL))
		return NULL;
	return t;
}

static bool lint_old_column(struct lint *l, const struct m_table *t, const char *col)
{
	return table_column(t, col) &&
	       !lint_set_has(&l->new_columns, t->schema, t->name, col);
}

static bool lint_int_type(const struct ast_type *t)
{
	return t->array_dims == 0 &&
	       (t->kind == TY_SMALLINT || t->kind == TY_INTEGER ||
		t->kind == TY_SMALLSERIAL || t->kind == TY_SERIAL);
}

static void lint_int_pk(struct lint *l, const struct ast_stmt *s,
			const struct ast_type *t, const char *column, struct loc loc)
{
	if (t && lint_int_type(t))
		lint_emit(l, s, LR_INTEGER_PRIMARY_KEY, loc,
			  "primary key column \"%s\" is %s, which runs out after 2147483647 values (32767 for smallint) "
			  "and is slow to widen later; use bigint (bigserial, or bigint generated always as identity)",
			  column, sql_type(l->a, t));
}

static const struct ast_constraint *lint_col_con(const struct ast_column *c,
						 enum ast_constraint_kind kind)
{
	for (size_t i = 0; i < c->n_constraints; i++)
		if (c->constraints[i].kind == kind)
			return &c->constraints[i];
	return NULL;
}

static void lint_create_table(struct lint *l, const struct model *m,
			      const struct ast_stmt *s)
{
	const char *schema = lint_schema(m, s->target.schema);
	lint_set_add(l, &l->new_tables, schema, s->target.name, NULL);
	for (size_t i = 0; i < s->u.table.n_columns; i++) {
		const struct ast_column *c = &s->u.table.columns[i];
		lint_check_type(l, s, &c->type, c->name.name);
		if (lint_col_con(c, CON_PRIMARY_KEY))
			lint_int_pk(l, s, &c->type, c->name.name, c->type.loc);
	}
	for (size_t i = 0; i < s->u.table.n_constraints; i++) {
		const struct ast_constraint *k = &s->u.table.constraints[i];
		if (k->kind != CON_PRIMARY_KEY)
			continue;
		for (size_t j = 0; j < k->n_columns; j++)
			for (size_t c = 0; c < s->u.table.n_columns; c++)
				if (strcmp(s->u.table.columns[c].name.name, k->columns[j].name) == 0)
					lint_int_pk(l, s, &s->u.table.columns[c].type,
						    k->columns[j].name, k->columns[j].loc);
	}
}

/* Does a type change leave the stored bytes valid (no rewrite)?
 * PostgreSQL's binary-coercible cases with a wider or removed limit. */
bool lint_type_change_in_place(const struct ast_type *from,
			       const struct ast_type *to)
{
	if (model_type_equal(from, to))
		return true;
	if (from->array_dims != to->array_dims)
		return false;
	switch (from->kind) {
	case TY_VARCHAR:
		if (to->kind == TY_TEXT)
			return true;
		return to->kind == TY_VARCHAR &&
		       (to->mod1 < 0 || (from->mod1 >= 0 && to->mod1 >= from->mod1));
	case TY_TEXT:
		return to->kind == TY_VARCHAR && to->mod1 < 0;
	case TY_NUMERIC:
		return to->kind == TY_NUMERIC &&
		       (to->mod1 < 0 ||
			(from->mod1 >= 0 && to->mod1 >= from->mod1 &&
			 (from->mod2 < 0 ? 0 : from->mod2) == (to->mod2 < 0 ? 0 : to->mod2)));
	case TY_TIMESTAMP: case TY_TIMESTAMPTZ: case TY_TIME: case TY_TIMETZ:
	case TY_INTERVAL:
		return to->kind == from->kind &&
		       (to->mod1 < 0 || (from->mod1 >= 0 && to->mod1 >= from->mod1));
	default:
		return false;
	}
}

/* Is there a validated check constraint "col is not null" on t? */
bool lint_has_not_null_check(struct arena *a, const struct m_table *t,
			     const char *col)
{
	const char *want = arena_printf(a, "%s is not null", sql_ident_min(a, col));
	for (size_t i = 0; i < t->n_cons; i++) {
		const struct m_constraint *c = &t->cons[i];
		if (c->kind != MC_CHECK || !c->validated || !c->check_text)
			continue;
		if (model_expr_equal(a, c->check_text, want))	/* any parentheses */
			return true;
	}
	return false;
}

static void lint_add_column(struct lint *l, const struct ast_stmt *s,
			    const struct m_table *t, const struct ast_alter *a,
			    const char *schema)
{
	const struct ast_column *c = a->column;
	lint_check_type(l, s, &c->type, c->name.name);
	const struct ast_constraint *def = lint_col_con(c, CON_DEFAULT);
	const struct ast_constraint *ident = lint_col_con(c, CON_IDENTITY);
	const struct ast_constraint *pk = lint_col_con(c, CON_PRIMARY_KEY);
	const struct ast_constraint *uq = lint_col_con(c, CON_UNIQUE);
	bool serial = c->type.array_dims == 0 &&
		(c->type.kind == TY_SMALLSERIAL || c->type.kind == TY_SERIAL ||
		 c->type.kind == TY_BIGSERIAL);
	bool not_null = lint_col_con(c, CON_NOT_NULL) || pk;
	if (pk)
		lint_int_pk(l, s, &c->type, c->name.name, c->type.loc);
	if (t) {
		if (not_null && !def && !ident && !serial)
			lint_emit(l, s, LR_ADD_NOT_NULL_COLUMN, a->loc,
				  "adding NOT NULL column \"%s\" without a default to existing table \"%s\" fails if the table has rows; "
				  "give it a default, or add it nullable, backfill it, then set NOT NULL",
				  c->name.name, t->name);
		if (serial || ident)
			lint_emit(l, s, LR_VOLATILE_DEFAULT, a->loc,
				  "adding %s column \"%s\" to existing table \"%s\" fills every row from a sequence, rewriting the table under an exclusive lock; "
				  "add a nullable column, backfill it in batches, then set its default",
				  serial ? "serial" : "identity", c->name.name, t->name);
		else if (def && def->expr && lint_expr_volatile(def->expr->text))
			lint_emit(l, s, LR_VOLATILE_DEFAULT, def->loc,
				  "the volatile default \"%s\" of new column \"%s\" rewrites existing table \"%s\" under an exclusive lock; "
				  "add the column without a default (or with a constant one), then set the default and backfill in batches",
				  def->expr->text, c->name.name, t->name);
		if (pk || uq)
			lint_emit(l, s, LR_ADD_UNIQUE_CONSTRAINT, (pk ? pk : uq)->loc,
				  "adding a %s column to existing table \"%s\" builds its index under an exclusive lock; "
				  "add the column, then create a unique index concurrently in a revision marked \"no_transaction\"",
				  pk ? "primary key" : "unique", t->name);
	}
	lint_set_add(l, &l->new_columns, schema, s->target.name, c->name.name);
}

static void lint_add_constraint(struct lint *l, const struct ast_stmt *s,
				const struct m_table *t, const struct ast_alter *a)
{
	const struct ast_constraint *k = a->constraint;
	if (k->kind == CON_PRIMARY_KEY)
		for (size_t j = 0; t && j < k->n_columns; j++) {
			const struct m_column *c = table_column(t, k->columns[j].name);
			lint_int_pk(l, s, c ? &c->type : NULL, k->columns[j].name,
				    k->columns[j].loc);
		}
	if (!t)
		return;
	if ((k->kind == CON_FOREIGN_KEY || k->kind == CON_CHECK) && !k->not_valid)
		lint_emit(l, s, LR_CONSTRAINT_NOT_VALID, a->loc,
			  "adding a %s to existing table \"%s\" scans the whole table while holding a lock that blocks writes; "
			  "add it \"not valid\", then \"validate constraint\" in a later revision",
			  k->kind == CON_CHECK ? "check constraint" : "foreign key", t->name);
	if ((k->kind == CON_UNIQUE || k->kind == CON_PRIMARY_KEY) && !k->using_index)
		lint_emit(l, s, LR_ADD_UNIQUE_CONSTRAINT, a->loc,
			  "adding a %s constraint to existing table \"%s\" builds its index under an exclusive lock; "
			  "create a unique index concurrently instead, in a revision marked \"no_transaction\" (it enforces the same rule)",
			  k->kind == CON_UNIQUE ? "unique" : "primary key", t->name);
}

static void lint_alter_table(struct lint *l, const struct model *m,
			     const struct ast_stmt *s)
{
	const char *schema = lint_schema(m, s->target.schema);
	const struct m_table *t = lint_existing(l, m, &s->target);
	for (size_t i = 0; i < s->u.alter.n_alters; i++) {
		const struct ast_alter *a = &s->u.alter.alters[i];
		const char *col = a->name.name;
		switch (a->kind) {
		case ALT_ADD_COLUMN:
			lint_add_column(l, s, t, a, schema);
			break;
		case ALT_DROP_COLUMN:
			if (t && lint_old_column(l, t, col))
				lint_emit(l, s, LR_DROP_COLUMN, a->loc,
					  "dropping column \"%s\" of existing table \"%s\" breaks the running application while it still reads it; "
					  "release code that no longer uses the column first, then drop it in a later revision",
					  col, t->name);
			break;
		case ALT_ALTER_TYPE: {
			lint_check_type(l, s, &a->type, col);
			const struct m_column *c = t && lint_old_column(l, t, col)
				? table_column(t, col) : NULL;
			struct ast_type to = model_type_normalize(&a->type);
			if (c && (a->expr || !lint_type_change_in_place(&c->type, &to)))
				lint_emit(l, s, LR_ALTER_COLUMN_TYPE, a->loc,
					  "changing column \"%s\" from %s to %s rewrites existing table \"%s\" under an exclusive lock; "
					  "add a new column, backfill it in batches and switch the application over",
					  col, sql_type(l->a, &c->type), sql_type(l->a, &to), t->name);
			break;
		}
		case ALT_SET_NOT_NULL:
			if (t && lint_old_column(l, t, col) &&
			    !lint_has_not_null_check(l->a, t, col))
				lint_emit(l, s, LR_SET_NOT_NULL, a->loc,
					  "setting NOT NULL on column \"%s\" of existing table \"%s\" scans the whole table under an exclusive lock; "
					  "first add check (%s is not null) not valid, validate it in a later revision, then set NOT NULL",
					  col, t->name, sql_ident_min(l->a, col));
			break;
		case ALT_ADD_CONSTRAINT:
			lint_add_constraint(l, s, t, a);
			break;
		default:
			break;
		}
	}
}

static void lint_index(struct lint *l, const struct model *m,
		       const struct ast_stmt *s)
{
	if (s->kind == STMT_CREATE_INDEX) {
		const struct m_table *t = lint_existing(l, m, &s->u.index.table);
		/* PostgreSQL refuses CONCURRENTLY on a partitioned table; ON
		 * ONLY builds nothing (the index stays invalid until its
		 * partitions' indexes are attached). */
		if (t && t->part_by && !s->u.index.only && !s->u.index.concurrently)
			lint_emit(l, s, LR_CREATE_INDEX, s->loc,
				  "creating an index on existing partitioned table \"%s\" blocks writes to every partition until each is built; "
				  "create it \"on only\" the table, build each partition's index concurrently in a \"no_transaction\" revision, "
				  "then \"alter index ... attach partition\" each one",
				  t->name);
		else if (t && !t->part_by && !s->u.index.concurrently)
			lint_emit(l, s, LR_CREATE_INDEX, s->loc,
				  "creating an index on existing table \"%s\" blocks writes to it until the index is built; "
				  "use \"create index concurrently\" in a revision marked \"no_transaction\"",
				  t->name);
		if (s->target.name)
			lint_set_add(l, &l->new_indexes, lint_schema(m, s->u.index.table.schema),
				     s->target.name, NULL);
		return;
	}
	for (size_t i = 0; i < ast_drop_count(s) && !s->u.drop.concurrently; i++) {
		struct ast_stmt one = ast_drop_one(s, i);	/* drop index a, b: each */
		const struct m_rel *rel = model_rel(m, one.target.schema, one.target.name);
		if (!rel || rel->kind != REL_INDEX)
			continue;
		const char *schema = lint_schema(m, one.target.schema);
		struct ast_name tn = { schema, rel->table, one.target.loc };
		const struct m_table *t = lint_existing(l, m, &tn);
		if (t && !lint_set_has(&l->new_indexes, schema, one.target.name, NULL))
			lint_emit(l, s, LR_DROP_INDEX, s->loc,
				  "dropping index \"%s\" blocks every query on table \"%s\" until it is gone; "
				  "use \"drop index concurrently\" in a revision marked \"no_transaction\"",
				  one.target.name, t->name);
	}
}

void lint_rules_stmt(struct lint *l, const struct model *m,
		     const struct ast_stmt *s)
{
	switch (s->kind) {
	case STMT_CREATE_TABLE:
		lint_create_table(l, m, s);
		break;
	case STMT_DROP_TABLE:
		for (size_t i = 0; i < ast_drop_count(s); i++) {	/* drop table a, b: each */
			struct ast_stmt one = ast_drop_one(s, i);
			const struct m_table *t = lint_existing(l, m, &one.target);
			if (t)
				lint_emit(l, s, LR_DROP_TABLE, s->loc,
					  "dropping existing table \"%s\" breaks the running application while it still uses it, and its data is gone for good; "
					  "release code that no longer uses the table first, then drop it in a later revision",
					  t->name);
		}
		break;
	case STMT_RENAME_TABLE: {
		const char *schema = lint_schema(m, s->target.schema);
		const struct m_table *t = lint_existing(l, m, &s->target);
		if (t)
			lint_emit(l, s, LR_RENAME_TABLE, s->loc,
				  "renaming existing table \"%s\" to \"%s\" breaks the running application, which still uses the old name; "
				  "create the new table and move over in steps, or keep a view under the old name",
				  t->name, s->u.rename.new_name.name);
		else
			lint_set_add(l, &l->new_tables, schema, s->u.rename.new_name.name, NULL);
		break;
	}
	case STMT_RENAME_COLUMN: {
		const char *schema = lint_schema(m, s->target.schema);
		const struct m_table *t = lint_existing(l, m, &s->target);
		if (t && lint_old_column(l, t, s->u.rename.member.name))
			lint_emit(l, s, LR_RENAME_COLUMN, s->loc,
				  "renaming column \"%s\" of existing table \"%s\" to \"%s\" breaks the running application, which still uses the old name; "
				  "add the new column, write both, backfill, and drop the old one in a later revision",
				  s->u.rename.member.name, t->name, s->u.rename.new_name.name);
		else
			lint_set_add(l, &l->new_columns, schema, s->target.name,
				     s->u.rename.new_name.name);
		break;
	}
	case STMT_ALTER_TABLE:
		lint_alter_table(l, m, s);
		break;
	case STMT_CREATE_INDEX:
	case STMT_DROP_INDEX:
		lint_index(l, m, s);
		break;
	default:
		break;
	}
}
