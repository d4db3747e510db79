/*
 * replay_naming.c - naming conventions written into the statements.
 *
 * A convention's name must reach the database, so it is not chosen in the
 * model alone: replay_apply_naming() returns the statement with every
 * unnamed constraint and index it creates named explicitly, and that
 * statement is what is replayed, inverted and rendered.  A written name
 * stays, except where the template uses %(constraint_name)s (SQLAlchemy:
 * the name is then the convention's input) and the name was not already
 * made by that template nor by PostgreSQL.  A template with %(constraint_name)s leaves an
 * unnamed object to PostgreSQL's naming.
 */
#include <string.h>

#include "arena.h"
#include "naming.h"
#include "replay.h"

#include "ast.h"
#include "model.h"

struct rn {
	struct arena *a;
	const struct model *m;
	const struct naming_conv *nc;
	const struct ast_stmt *create;	/* CREATE TABLE being named, or NULL */
	const char *schema, *table, *label_prefix;
};

static void rn_table(struct rn *x, const struct ast_name *t)
{
	x->schema = t->schema ? t->schema : x->m->default_schema;
	x->table = t->name;
	x->label_prefix = strcmp(x->schema, x->m->default_schema) == 0
		? t->name : arena_printf(x->a, "%s_%s", x->schema, t->name);
}

/* Appends `name` to v unless present. */
static void rn_add(struct arena *a, const char ***v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], name) == 0)
			return;
	*v = arena_grow(a, *v, *n * sizeof **v, (*n + 2) * sizeof **v);
	(*v)[(*n)++] = name;
}

/* The primary key columns of the referenced table: the table being
 * created (a self-reference) or one in the model. */
static void rn_ref_pk(struct rn *x, const struct ast_name *ref, const char ***cols, size_t *n)
{
	const char *rs = ref->schema ? ref->schema : x->m->default_schema;
	const struct ast_stmt *c = x->create;
	if (c && strcmp(rs, x->schema) == 0 && strcmp(ref->name, x->table) == 0) {
		for (size_t i = 0; i < c->u.table.n_columns; i++)
			for (size_t k = 0; k < c->u.table.columns[i].n_constraints; k++)
				if (c->u.table.columns[i].constraints[k].kind == CON_PRIMARY_KEY)
					rn_add(x->a, cols, n, c->u.table.columns[i].name.name);
		for (size_t i = 0; i < c->u.table.n_constraints; i++)
			if (c->u.table.constraints[i].kind == CON_PRIMARY_KEY)
				for (size_t k = 0; k < c->u.table.constraints[i].n_columns; k++)
					rn_add(x->a, cols, n, c->u.table.constraints[i].columns[k].name);
		return;
	}
	const struct m_table *t = model_table(x->m, rs, ref->name);
	const struct m_constraint *pk = t ? table_pkey(t) : NULL;
	for (size_t i = 0; pk && i < pk->n_cols; i++)
		rn_add(x->a, cols, n, pk->cols[i]);
}

/* Does `name` have the shape of PostgreSQL's automatic names for `table`
 * (table_..._check, _key, _pkey, _fkey, optionally numbered)?  Such a name
 * was chosen by PostgreSQL (autogenerate and derived downgrades write
 * them out), so a %(constraint_name)s template does not convert it. */
static bool rn_pg_shaped(const char *table, const char *name)
{
	static const char *const sfx[] = { "_check", "_key", "_pkey", "_fkey" };
	size_t tl = strlen(table), n = strlen(name);
	if (n <= tl || strncmp(name, table, tl) != 0 || name[tl] != '_')
		return false;
	while (n > tl && name[n - 1] >= '0' && name[n - 1] <= '9')
		n--;
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		size_t sl = strlen(sfx[i]);
		if (n >= tl + sl && strncmp(name + n - sl, sfx[i], sl) == 0)
			return true;
	}
	return false;
}

static void rn_constraint(struct rn *x, struct ast_constraint *c, const char *colname)
{
	enum naming_kind k;
	switch (c->kind) {
	case CON_PRIMARY_KEY: k = NK_PK; break;
	case CON_UNIQUE: k = NK_UQ; break;
	case CON_CHECK: k = NK_CK; break;
	case CON_FOREIGN_KEY: k = NK_FK; break;
	default: return;
	}
	const char *tmpl = x->nc->tmpl[k];
	if (!tmpl || (c->name != NULL) != naming_uses_constraint_name(tmpl))
		return;
	struct naming_tokens t = { .table = x->table, .label_prefix = x->label_prefix,
				   .con_name = c->name };
	const char **cols = NULL;
	size_t n = 0;
	if (colname)
		rn_add(x->a, &cols, &n, colname);
	else if (c->kind == CON_CHECK && c->expr)
		for (size_t i = 0; i < c->expr->n_columns; i++)
			rn_add(x->a, &cols, &n, c->expr->columns[i].name);
	else
		for (size_t i = 0; i < c->n_columns; i++)
			rn_add(x->a, &cols, &n, c->columns[i].name);
	t.cols = cols;
	t.n_cols = n;
	if (c->kind == CON_FOREIGN_KEY) {
		const char **rc = NULL;
		size_t nr = 0;
		t.ref_table = c->ref_table.name;
		if (c->n_ref_columns)
			for (size_t i = 0; i < c->n_ref_columns; i++)
				rn_add(x->a, &rc, &nr, c->ref_columns[i].name);
		else
			rn_ref_pk(x, &c->ref_table, &rc, &nr);
		t.ref_cols = rc;
		t.n_ref_cols = nr;
	}
	if (c->name && (naming_is_converted(x->a, tmpl, &t, c->name) ||
			rn_pg_shaped(x->table, c->name)))
		return;
	const char *err = NULL;
	const char *name = naming_expand(x->a, tmpl, &t, &err);
	if (name)
		c->name = name;	/* templates are checked when read: err unused */
}

static struct ast_constraint *rn_cons(struct rn *x, const struct ast_constraint *v, size_t n,
				      const char *colname)
{
	struct ast_constraint *c = arena_calloc(x->a, n + 1, sizeof *c);
	for (size_t i = 0; i < n; i++) {
		c[i] = v[i];
		rn_constraint(x, &c[i], colname);
	}
	return c;
}

static struct ast_column *rn_column(struct rn *x, const struct ast_column *col)
{
	struct ast_column *c = arena_alloc(x->a, sizeof *c);
	*c = *col;
	c->constraints = rn_cons(x, col->constraints, col->n_constraints, col->name.name);
	return c;
}

static void rn_index(struct rn *x, struct ast_stmt *s)
{
	const char *tmpl = x->nc->tmpl[NK_IX];
	if (s->target.name || !tmpl || naming_uses_constraint_name(tmpl))
		return;
	rn_table(x, &s->u.index.table);
	const char **cols = NULL;
	size_t n = 0;
	for (size_t i = 0; i < s->u.index.n_elems; i++) {
		const struct ast_index_elem *e = &s->u.index.elems[i];
		if (e->column.name)
			rn_add(x->a, &cols, &n, e->column.name);
		else if (e->expr)
			for (size_t k = 0; k < e->expr->n_columns; k++)
				rn_add(x->a, &cols, &n, e->expr->columns[k].name);
	}
	struct naming_tokens t = { .table = x->table, .label_prefix = x->label_prefix,
				   .cols = cols, .n_cols = n };
	const char *err = NULL;
	const char *name = naming_expand(x->a, tmpl, &t, &err);
	if (name)
		s->target.name = name;
}

struct ast_stmt replay_apply_naming(struct arena *a, const struct model *m,
				    const struct naming_conv *nc, const struct ast_stmt *in)
{
	struct ast_stmt s = *in;
	if (!nc)
		return s;
	struct rn x = { .a = a, .m = m, .nc = nc };
	switch (s.kind) {
	case STMT_CREATE_TABLE: {
		rn_table(&x, &s.target);
		x.create = in;
		struct ast_column *cols = arena_calloc(a, s.u.table.n_columns + 1, sizeof *cols);
		for (size_t i = 0; i < s.u.table.n_columns; i++)
			cols[i] = *rn_column(&x, &in->u.table.columns[i]);
		s.u.table.columns = cols;
		s.u.table.constraints = rn_cons(&x, in->u.table.constraints, in->u.table.n_constraints, NULL);
		break;
	}
	case STMT_ALTER_TABLE: {
		rn_table(&x, &s.target);
		struct ast_alter *al = arena_calloc(a, s.u.alter.n_alters + 1, sizeof *al);
		for (size_t i = 0; i < s.u.alter.n_alters; i++) {
			al[i] = in->u.alter.alters[i];
			if (al[i].kind == ALT_ADD_COLUMN && al[i].column)
				al[i].column = rn_column(&x, al[i].column);
			else if (al[i].kind == ALT_ADD_CONSTRAINT && al[i].constraint)
				al[i].constraint = rn_cons(&x, al[i].constraint, 1, NULL);
		}
		s.u.alter.alters = al;
		break;
	}
	case STMT_CREATE_INDEX:
		rn_index(&x, &s);
		break;
	default:
		break;
	}
	return s;
}
