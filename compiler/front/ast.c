/*
 * ast.c - AST constructors for the parts of statements: lists, names,
 * expressions, types, constraints, columns, ALTER TABLE actions and index
 * elements (statements and revision headers are in ast_stmt.c).
 *
 * Grammar actions call these, one per action.  Everything is allocated in
 * the parse's arena.  The only checks are the token-level ones PostgreSQL
 * makes in its grammar (identifier length, float precision, constraint
 * attribute placement); names and types are checked later by replay.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"

/* PostgreSQL's NAMEDATALEN - 1. */
#define AST_MAX_IDENT 63

struct ast_list *ast_list_add(struct parse_ctx *c, struct ast_list *l,
			      void *item)
{
	if (!l)
		l = arena_alloc(c->arena, sizeof *l);
	if (!item)
		return l;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		l->items = arena_grow(c->arena, l->items,
				      l->cap * sizeof *l->items,
				      cap * sizeof *l->items);
		l->cap = cap;
	}
	l->items[l->n++] = item;
	return l;
}

/* ---- names ----------------------------------------------------------- */

struct ast_ident ast_ident_raw(struct parse_ctx *c, const char *s,
			       struct loc loc)
{
	(void)c;
	return (struct ast_ident){ .name = s, .loc = loc };
}

struct ast_ident ast_ident_name(struct parse_ctx *c, const char *s,
				struct loc loc)
{
	if (strlen(s) > AST_MAX_IDENT)
		diag_error(c->diag, loc, "identifier \"%s\" is longer than %d bytes",
			   s, AST_MAX_IDENT);
	return ast_ident_raw(c, s, loc);
}

struct ast_ident *ast_ident_box(struct parse_ctx *c, struct ast_ident id)
{
	struct ast_ident *p = arena_alloc(c->arena, sizeof *p);
	*p = id;
	return p;
}

struct ast_name ast_name1(struct parse_ctx *c, struct ast_ident name)
{
	(void)c;
	return (struct ast_name){ .name = name.name, .loc = name.loc };
}

struct ast_name ast_name2(struct parse_ctx *c, struct ast_ident schema,
			  struct ast_ident name)
{
	(void)c;
	return (struct ast_name){ .schema = schema.name, .name = name.name,
				  .loc = loc_join(schema.loc, name.loc) };
}

/* Copies a list of struct ast_ident * into an array. */
struct ast_ident *idents_of(struct parse_ctx *c, struct ast_list *l,
				   size_t *n)
{
	*n = l ? l->n : 0;
	if (!*n)
		return NULL;
	struct ast_ident *a = arena_calloc(c->arena, *n, sizeof *a);
	for (size_t i = 0; i < *n; i++)
		a[i] = *(struct ast_ident *)l->items[i];
	return a;
}

/* ---- expressions ----------------------------------------------------- */

void ast_colref(struct parse_ctx *c, struct ast_ident id)
{
	if (c->n_refs == c->cap_refs) {
		size_t cap = c->cap_refs ? c->cap_refs * 2 : 16;
		c->refs = arena_grow(c->arena, c->refs,
				     c->cap_refs * sizeof *c->refs,
				     cap * sizeof *c->refs);
		c->cap_refs = cap;
	}
	c->refs[c->n_refs++] = id;
}

/* References are recorded in source order as the grammar reduces them, so
 * those inside `loc` are a run at the end of the array. */
struct ast_expr *ast_expr_new(struct parse_ctx *c, struct loc loc)
{
	struct ast_expr *e = arena_alloc(c->arena, sizeof *e);
	e->loc = loc;
	e->text = arena_strndup(c->arena, c->src->text + loc.start,
				loc.end - loc.start);
	size_t first = c->n_refs;
	while (first > 0 && c->refs[first - 1].loc.start >= loc.start)
		first--;
	if (first == c->n_refs)
		return e;
	e->columns = arena_calloc(c->arena, c->n_refs - first,
				  sizeof *e->columns);
	for (size_t i = first; i < c->n_refs; i++) {
		if (c->refs[i].loc.end > loc.end)
			continue;
		size_t j;
		for (j = 0; j < e->n_columns; j++)
			if (strcmp(e->columns[j].name, c->refs[i].name) == 0)
				break;
		if (j == e->n_columns)
			e->columns[e->n_columns++] = c->refs[i];
	}
	return e;
}

/* ---- types ----------------------------------------------------------- */

static int type_mod(struct parse_ctx *c, const struct ast_ident *m)
{
	if (!m)
		return -1;
	errno = 0;
	long v = strtol(m->name, NULL, 10);
	if (errno || v > INT_MAX) {
		diag_error(c->diag, m->loc, "type modifier \"%s\" is out of range",
			   m->name);
		return -1;
	}
	return (int)v;
}

struct ast_type *ast_type_new(struct parse_ctx *c, enum ast_type_kind kind,
			      const struct ast_ident *mod1,
			      const struct ast_ident *mod2, struct loc loc)
{
	struct ast_type *t = arena_alloc(c->arena, sizeof *t);
	t->kind = kind;
	t->mod1 = type_mod(c, mod1);
	t->mod2 = type_mod(c, mod2);
	t->loc = loc;
	return t;
}

struct ast_type *ast_type_float(struct parse_ctx *c,
				const struct ast_ident *prec, struct loc loc)
{
	int p = type_mod(c, prec);
	if (prec && p < 1)
		diag_error(c->diag, prec->loc,
			   "precision for type float must be at least 1 bit");
	else if (p > 53)
		diag_error(c->diag, prec->loc,
			   "precision for type float must be less than 54 bits");
	return ast_type_new(c, prec && p <= 24 ? TY_REAL : TY_DOUBLE, NULL,
			    NULL, loc);
}

struct ast_type *ast_type_time(struct parse_ctx *c, bool timestamp,
			       const struct ast_ident *prec, int with_tz,
			       struct loc loc)
{
	enum ast_type_kind k = timestamp ? (with_tz ? TY_TIMESTAMPTZ : TY_TIMESTAMP)
					 : (with_tz ? TY_TIMETZ : TY_TIME);
	return ast_type_new(c, k, prec, NULL, loc);
}

struct ast_type *ast_type_char(struct parse_ctx *c, bool varying,
			       const struct ast_ident *len, struct loc loc)
{
	return ast_type_new(c, varying ? TY_VARCHAR : TY_CHAR, len, NULL, loc);
}

struct ast_type *ast_type_array(struct parse_ctx *c, struct ast_type *t,
				int dims, struct loc loc)
{
	(void)c;
	t->array_dims += dims;
	t->loc = loc;
	return t;
}

/* ---- constraints ----------------------------------------------------- */

struct ast_constraint *con_new(struct parse_ctx *c,
			       enum ast_constraint_kind kind,
			       struct loc loc)
{
	struct ast_constraint *con = arena_alloc(c->arena, sizeof *con);
	con->kind = kind;
	con->on_delete = con->on_update = FK_ACTION_NONE;
	con->loc = loc;
	return con;
}

static const char *con_kind_name(enum ast_constraint_kind k)
{
	switch (k) {
	case CON_PRIMARY_KEY: return "PRIMARY KEY";
	case CON_UNIQUE: return "UNIQUE";
	case CON_CHECK: return "CHECK";
	case CON_FOREIGN_KEY: return "FOREIGN KEY";
	case CON_NOT_NULL: return "NOT NULL";
	case CON_NULL: return "NULL";
	case CON_DEFAULT: return "DEFAULT";
	case CON_IDENTITY: return "identity";
	case CON_GENERATED: return "generated";
	case CON_SEQUENCE: return "SEQUENCE NAME";
	case CON_EXCLUDE: return "EXCLUDE";
	}
	return "?";
}

/* Applies CAS_* bits as PostgreSQL's processCASbits does: only keys and
 * foreign keys can be deferred, only checks and foreign keys can be NOT
 * VALID, only checks NO INHERIT, and INITIALLY DEFERRED implies DEFERRABLE. */
void con_apply_attrs(struct parse_ctx *c, struct ast_constraint *con,
		     int attrs, struct loc loc)
{
	bool keyish = con->kind == CON_PRIMARY_KEY || con->kind == CON_UNIQUE ||
		      con->kind == CON_FOREIGN_KEY || con->kind == CON_EXCLUDE;
	if (!keyish && (attrs & (CAS_DEFERRABLE | CAS_INITIALLY_DEFERRED |
				 CAS_INITIALLY_IMMEDIATE | CAS_NOT_DEFERRABLE)))
		diag_error(c->diag, loc, "%s constraints cannot be marked DEFERRABLE",
			   con_kind_name(con->kind));
	if ((attrs & CAS_NOT_VALID) && con->kind != CON_CHECK &&
	    con->kind != CON_FOREIGN_KEY)
		diag_error(c->diag, loc, "%s constraints cannot be marked NOT VALID",
			   con_kind_name(con->kind));
	con->deferrable = attrs & (CAS_DEFERRABLE | CAS_INITIALLY_DEFERRED);
	con->initially_deferred = attrs & CAS_INITIALLY_DEFERRED;
	con->not_valid = attrs & CAS_NOT_VALID;
	if ((attrs & CAS_NO_INHERIT) && con->kind != CON_CHECK)
		diag_error(c->diag, loc, "%s constraints cannot be marked NO INHERIT",
			   con_kind_name(con->kind));
	/* or: a column form's later attributes apply again (ast_column_new) */
	con->no_inherit |= (attrs & CAS_NO_INHERIT) != 0;
	con->nulls_not_distinct |= con->kind == CON_UNIQUE && (attrs & CAS_NULLS_NOT_DISTINCT);
}

int ast_match_partial(struct parse_ctx *c, struct loc loc)
{
	diag_error(c->diag, loc, "MATCH PARTIAL not yet implemented");
	return 0;
}

int ast_cas_add(struct parse_ctx *c, int set, int bit, struct loc loc)
{
	int defer = CAS_DEFERRABLE | CAS_NOT_DEFERRABLE;
	int initially = CAS_INITIALLY_DEFERRED | CAS_INITIALLY_IMMEDIATE;
	if ((bit & defer) && (set & defer))
		diag_error(c->diag, loc,
			   "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed");
	else if ((bit & initially) && (set & initially))
		diag_error(c->diag, loc,
			   "multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed");
	set |= bit;
	if ((set & CAS_NOT_DEFERRABLE) && (set & CAS_INITIALLY_DEFERRED))
		diag_error(c->diag, loc,
			   "constraint declared INITIALLY DEFERRED must be DEFERRABLE");
	return set;
}

struct ast_constraint *ast_con_simple(struct parse_ctx *c,
				      enum ast_constraint_kind kind,
				      struct loc loc)
{
	return con_new(c, kind, loc);
}

struct ast_constraint *ast_con_default(struct parse_ctx *c,
				       struct ast_expr *e, struct loc loc)
{
	struct ast_constraint *con = con_new(c, CON_DEFAULT, loc);
	con->expr = e;
	return con;
}

struct ast_constraint *ast_con_check(struct parse_ctx *c, struct ast_expr *e,
				     int attrs, struct loc loc)
{
	struct ast_constraint *con = con_new(c, CON_CHECK, loc);
	con->expr = e;
	con_apply_attrs(c, con, attrs, loc);
	return con;
}

struct ast_constraint *ast_con_keys(struct parse_ctx *c,
				    enum ast_constraint_kind kind,
				    struct ast_list *cols, int attrs,
				    struct loc loc)
{
	struct ast_constraint *con = con_new(c, kind, loc);
	con->columns = idents_of(c, cols, &con->n_columns);
	con_apply_attrs(c, con, attrs, loc);
	return con;
}

struct ast_constraint *ast_con_using_index(struct parse_ctx *c,
					   enum ast_constraint_kind kind,
					   struct ast_ident index, int attrs,
					   struct loc loc)
{
	struct ast_constraint *con = con_new(c, kind, loc);
	con->using_index = index.name;
	con->using_index_loc = index.loc;
	con_apply_attrs(c, con, attrs, loc);
	return con;
}

struct ast_fk_ref *ast_fk_ref(struct parse_ctx *c, struct ast_name table,
			      struct ast_list *cols, int actions)
{
	struct ast_fk_ref *r = arena_alloc(c->arena, sizeof *r);
	r->table = table;
	r->columns = cols;
	r->actions = actions;
	r->del_cols = c->fk_del_cols;	/* (ast_fk_del_cols, just reduced) */
	c->fk_del_cols = NULL;
	return r;
}

struct ast_constraint *ast_con_fk(struct parse_ctx *c, struct ast_list *cols,
				  struct ast_fk_ref *ref, int attrs,
				  struct loc loc)
{
	struct ast_constraint *con = con_new(c, CON_FOREIGN_KEY, loc);
	con->columns = idents_of(c, cols, &con->n_columns);
	con->ref_table = ref->table;
	con->ref_columns = idents_of(c, ref->columns, &con->n_ref_columns);
	con->on_delete = (enum ast_fk_action)(ref->actions & 0xf);
	con->on_update = (enum ast_fk_action)(ref->actions >> 4 & 0xf);
	con->match_full = ref->actions & FK_MATCH_FULL;
	con->del_set_cols = idents_of(c, ref->del_cols, &con->n_del_set_cols);
	con_apply_attrs(c, con, attrs, loc);
	return con;
}

struct ast_constraint *ast_con_named(struct parse_ctx *c,
				     struct ast_ident name,
				     struct ast_constraint *con,
				     struct loc loc)
{
	(void)c;
	con->name = name.name;
	con->name_loc = name.loc;
	con->loc = loc;
	return con;
}

/* ---- columns --------------------------------------------------------- */

struct ast_col_qual *ast_qual_con(struct parse_ctx *c,
				  struct ast_constraint *con)
{
	struct ast_col_qual *q = arena_alloc(c->arena, sizeof *q);
	q->con = con;
	q->loc = con->loc;
	return q;
}

struct ast_col_qual *ast_qual_attr(struct parse_ctx *c, int attr,
				   struct loc loc)
{
	struct ast_col_qual *q = arena_alloc(c->arena, sizeof *q);
	q->attr = attr;
	q->loc = loc;
	return q;
}

static const char *cas_name(int attr)
{
	switch (attr) {
	case CAS_DEFERRABLE: return "DEFERRABLE";
	case CAS_NOT_DEFERRABLE: return "NOT DEFERRABLE";
	case CAS_INITIALLY_DEFERRED: return "INITIALLY DEFERRED";
	default: return "INITIALLY IMMEDIATE";
	}
}

/* Attributes after a column constraint belong to the constraint before
 * them (PostgreSQL's transformConstraintAttrs). */
struct ast_column *ast_column_new(struct parse_ctx *c, struct ast_ident name,
				  struct ast_type *type,
				  struct ast_list *quals, struct loc loc)
{
	struct ast_column *col = arena_alloc(c->arena, sizeof *col);
	col->name = name;
	col->type = *type;
	col->loc = loc;
	size_t n = quals ? quals->n : 0;
	if (!n)
		return col;
	col->constraints = arena_calloc(c->arena, n, sizeof *col->constraints);
	int attrs = 0;
	struct ast_constraint *last = NULL;
	for (size_t i = 0; i < n; i++) {
		struct ast_col_qual *q = quals->items[i];
		if (q->collate) {
			if (col->collation.name)
				diag_error(c->diag, q->loc, "multiple COLLATE clauses not allowed");
			col->collation = *q->collate;
			continue;
		}
		if (q->con) {
			if (last)
				con_apply_attrs(c, last, attrs, last->loc);
			last = &col->constraints[col->n_constraints++];
			*last = *q->con;
			attrs = 0;
			continue;
		}
		if (!last || (last->kind != CON_PRIMARY_KEY &&
			      last->kind != CON_UNIQUE &&
			      last->kind != CON_FOREIGN_KEY)) {
			diag_error(c->diag, q->loc, "misplaced %s clause",
				   cas_name(q->attr));
			continue;
		}
		attrs = ast_cas_add(c, attrs, q->attr, q->loc);
	}
	if (last)
		con_apply_attrs(c, last, attrs, last->loc);
	return col;
}

struct ast_table_elem *ast_elem_column(struct parse_ctx *c,
				       struct ast_column *col)
{
	struct ast_table_elem *e = arena_alloc(c->arena, sizeof *e);
	e->column = col;
	return e;
}

struct ast_table_elem *ast_elem_con(struct parse_ctx *c,
				    struct ast_constraint *con)
{
	struct ast_table_elem *e = arena_alloc(c->arena, sizeof *e);
	e->con = con;
	return e;
}

/* ---- ALTER TABLE actions ---------------------------------------------- */

static struct ast_alter *alter_new(struct parse_ctx *c, enum ast_alter_kind k,
				   struct loc loc)
{
	struct ast_alter *a = arena_alloc(c->arena, sizeof *a);
	a->kind = k;
	a->loc = loc;
	return a;
}

/* ADD COLUMN IF NOT EXISTS sets if_exists: the one "if" flag of an action. */
struct ast_alter *ast_alter_add_column(struct parse_ctx *c,
				       struct ast_column *col,
				       bool if_not_exists, struct loc loc)
{
	struct ast_alter *a = alter_new(c, ALT_ADD_COLUMN, loc);
	a->column = col;
	a->name = col->name;
	a->if_exists = if_not_exists;
	return a;
}

struct ast_alter *ast_alter_drop(struct parse_ctx *c, enum ast_alter_kind k,
				 struct ast_ident name, bool if_exists,
				 int behavior, struct loc loc)
{
	struct ast_alter *a = alter_new(c, k, loc);
	a->name = name;
	a->if_exists = if_exists;
	a->cascade = behavior == 1;
	return a;
}

struct ast_alter *ast_alter_simple(struct parse_ctx *c,
				   enum ast_alter_kind k, struct loc loc)
{
	return alter_new(c, k, loc);
}

struct ast_alter *ast_alter_expr(struct parse_ctx *c, enum ast_alter_kind k,
				 struct ast_expr *e, struct loc loc)
{
	struct ast_alter *a = alter_new(c, k, loc);
	a->expr = e;
	return a;
}

struct ast_alter *ast_alter_type(struct parse_ctx *c, struct ast_type *t,
				 struct ast_expr *using, struct loc loc)
{
	struct ast_alter *a = alter_new(c, ALT_ALTER_TYPE, loc);
	a->type = *t;
	a->expr = using;
	return a;
}

struct ast_alter *ast_alter_column(struct parse_ctx *c, struct ast_ident name,
				   struct ast_alter *a, struct loc loc)
{
	(void)c;
	a->name = name;
	a->loc = loc;
	return a;
}

struct ast_alter *ast_alter_add_con(struct parse_ctx *c,
				    struct ast_constraint *con,
				    struct loc loc)
{
	struct ast_alter *a = alter_new(c, ALT_ADD_CONSTRAINT, loc);
	a->constraint = con;
	if (con->name)
		a->name = (struct ast_ident){ con->name, con->name_loc };
	return a;
}

/* ALTER CONSTRAINT name [[NOT] DEFERRABLE] [INITIALLY ...]: as in
 * PostgreSQL, what is not said is not deferrable, initially immediate,
 * and NOT VALID is refused. */
struct ast_alter *ast_alter_con_attrs(struct parse_ctx *c, struct ast_ident name,
				      int attrs, struct loc loc)
{
	struct ast_alter *a = alter_new(c, ALT_ALTER_CONSTRAINT, loc);
	a->name = name;
	if (attrs & CAS_NOT_VALID)
		diag_error(c->diag, loc, "ALTER CONSTRAINT statement constraints cannot be marked NOT VALID");
	a->deferrable = attrs & (CAS_DEFERRABLE | CAS_INITIALLY_DEFERRED);
	a->initially_deferred = attrs & CAS_INITIALLY_DEFERRED;
	return a;
}

struct ast_alter *ast_alter_validate(struct parse_ctx *c,
				     struct ast_ident name, struct loc loc)
{
	struct ast_alter *a = alter_new(c, ALT_VALIDATE_CONSTRAINT, loc);
	a->name = name;
	return a;
}

/* ---- index elements --------------------------------------------------- */

struct ast_index_elem *ast_ielem_column(struct parse_ctx *c,
					struct ast_ident col, struct loc loc)
{
	struct ast_index_elem *e = arena_alloc(c->arena, sizeof *e);
	e->column = col;
	e->loc = loc;
	return e;
}

struct ast_index_elem *ast_ielem_expr(struct parse_ctx *c,
				      struct ast_expr *x, struct loc loc)
{
	struct ast_index_elem *e = arena_alloc(c->arena, sizeof *e);
	e->expr = x;
	e->loc = loc;
	return e;
}

struct ast_index_elem *ast_ielem_order(struct parse_ctx *c,
				       struct ast_index_elem *e, int desc,
				       int nulls, struct loc loc)
{
	(void)c;
	e->desc = desc;
	e->nulls = nulls;
	e->loc = loc;
	return e;
}
