/*
 * replay_utype.c - create domain, create type t as (...) and create type
 * t as range (...) (plain SQL, pgsql_types.c) replayed into the model, and
 * drop domain|type of them, with PostgreSQL's checks: the schema exists,
 * the name is new in its schema, and a type a column uses is not dropped
 * without CASCADE (which drops those columns, as PostgreSQL does).
 * alter domain|type ... rename to renames the type, its create text and
 * the columns typed by it; renaming an enum that way is not supported yet.
 * A shell type (create type t;) is a name only: a column or a rename of it
 * is refused ("only a shell"), and create type t as (...) | as range | as
 * enum (replay_misc.c) or a base type's create completes it (a base type
 * is not modelled: the name is then unknown to the model, as before).
 *
 * A drop naming a type the model does not hold (one created by a
 * statement migc does not describe) changes nothing here: PostgreSQL
 * checks it when the revision runs.
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "sql.h"
#include "sqltext.h"

static struct loc at_stmt(void)
{
	struct loc l = { 0 };
	return l;
}

static bool utype_create(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	const char *sch = model_schema_name(r->m, n->schema);
	struct m_schema *s = model_schema(r->m, sch);
	if (!s) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", sch);
		return false;
	}
	struct m_utype *old = model_utype(r->m, s->name, n->name);
	if (old && old->kind == PGSQL_SHELL && p->type_kind != PGSQL_SHELL &&
	    p->type_kind != PGSQL_DOMAIN) {
		/* composite, range or base: completes the shell, as in
		 * PostgreSQL; a base type is not modelled (as before) */
		model_utype_del(r->m, r->a, old);
		old = NULL;
	}
	if (p->type_kind == PGSQL_BASE && !old)
		return true;
	if (old || pmap_get(&s->enums, n->name) ||
	    (p->type_kind == PGSQL_COMPOSITE && (pmap_get(&s->tables, n->name) ||
						 pmap_get(&s->rels, n->name)))) {
		rp_error(r, at_stmt(), "type \"%s\" already exists", n->name);
		if (old && old->loc.file)
			rp_note(r, old->loc, "created here");
		return false;
	}
	if (p->type_kind == PGSQL_BASE)
		return true;
	struct m_utype *t = arena_calloc(r->a, 1, sizeof *t);
	t->schema = s->name;
	t->name = n->name;
	t->kind = p->type_kind;
	t->sql = r->s->u.exec.sql;
	t->loc = r->s->loc;
	model_utype_set(r->m, r->a, t);
	return true;
}

/* The columns typed by `t`; without cascade each is a note under one
 * error, with cascade they are dropped. */
static bool utype_uses(struct rp *r, const struct m_column *col, void *ctx)
{
	(void)r;
	const struct m_utype *t = ctx;
	const struct ast_type *ty = &col->type;
	return ty->kind == TY_NAMED && ty->named.schema &&
	       strcmp(ty->named.schema, t->schema) == 0 && strcmp(ty->named.name, t->name) == 0;
}

static int utype_drop_col(struct rp *r, struct m_table **tp, size_t c, void *ctx)
{
	(void)ctx;
	struct m_table *mt = model_table_mut(r->m, r->a, *tp);
	if (!rp_drop_column(r, &mt, mt->cols[c].name, true, r->s->loc))
		return -1;
	*tp = mt;
	return 1;
}

static bool utype_drop_users(struct rp *r, const struct m_utype *t, bool cascade)
{
	struct rp_col_users u = {
		.what = arena_printf(r->a, "%s \"%s\"", model_utype_word(t), t->name),
		.at = at_stmt(), .cascade = cascade,
		.uses = utype_uses, .drop = utype_drop_col, .ctx = (void *)t,
	};
	return rp_col_users(r, &u);
}

bool rp_utype_drop(struct rp *r, const char *schema, const char *name, bool domain,
		   bool cascade, bool *found)
{
	struct m_utype *t = model_utype(r->m, schema, name);
	*found = t != NULL;
	if (!t)
		return true;
	if (domain && t->kind != PGSQL_DOMAIN) {
		rp_error(r, at_stmt(), "\"%s\" is not a domain", name);
		return false;
	}
	if (!utype_drop_users(r, t, cascade))
		return false;
	model_utype_del(r->m, r->a, t);
	return true;
}

static bool utype_drop(struct rp *r, const struct pgsql_stmt *p)
{
	for (size_t i = 0; i < p->n_names; i++) {
		const struct pgsql_name *n = &p->names[i];
		bool found;
		if (!rp_utype_drop(r, model_schema_name(r->m, n->schema), n->name,
				   p->type_kind == PGSQL_DOMAIN, p->cascade, &found))
			return false;
	}
	return true;
}

static bool word_at(const char *sql, size_t n, size_t *i, const char *w)
{
	enum sqlt_kind k;
	*i = sqlt_skip_blank(sql, n, *i);
	size_t e = sqlt_token(sql, n, *i, &k);
	bool ok = k == SQLT_WORD && e - *i == strlen(w) && strncasecmp(sql + *i, w, e - *i) == 0;
	*i = e;
	return ok;
}

bool rp_utype_sql(const char *sql)
{
	size_t n = strlen(sql), i = 0, j;
	if (!word_at(sql, n, &i, "create"))
		return false;
	j = i;
	size_t c = i;
	return word_at(sql, n, &i, "domain") || word_at(sql, n, &j, "type") ||
	       word_at(sql, n, &c, "collation");
}

/* `sql` (create domain|type [schema.]name ...) naming `to` instead. */
static const char *renamed_sql(struct arena *a, const char *sql, const char *to)
{
	size_t n = strlen(sql), i = 0, s, e;
	enum sqlt_kind k;
	word_at(sql, n, &i, "create");
	word_at(sql, n, &i, "domain");	/* or "type": one word either way */
	s = sqlt_skip_blank(sql, n, i);
	e = sqlt_token(sql, n, s, &k);
	size_t d = sqlt_skip_blank(sql, n, e);
	if (d < n && sql[d] == '.') {
		s = sqlt_skip_blank(sql, n, d + 1);
		e = sqlt_token(sql, n, s, &k);
	}
	return arena_printf(a, "%.*s%s%s", (int)s, sql, sql_ident(a, to), sql + e);
}

static bool utype_rename(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	const char *sch = model_schema_name(r->m, n->schema);
	struct m_schema *s = model_schema(r->m, sch);
	struct m_utype *t = s ? model_utype(r->m, s->name, n->name) : NULL;
	if (!t) {
		if (s && pmap_get(&s->enums, n->name)) {
			rp_error(r, at_stmt(), "renaming enum \"%s\" is not supported yet", n->name);
			return false;
		}
		return true;	/* not a type migc holds: PostgreSQL checks it */
	}
	if (p->type_kind == PGSQL_DOMAIN && t->kind != PGSQL_DOMAIN) {
		rp_error(r, at_stmt(), "\"%s\" is not a domain", n->name);
		return false;
	}
	if (t->kind == PGSQL_SHELL) {
		rp_error(r, at_stmt(), "type \"%s\" is only a shell", n->name);
		return false;
	}
	if (model_utype(r->m, s->name, p->new_name) || pmap_get(&s->enums, p->new_name) ||
	    (t->kind == PGSQL_COMPOSITE && (pmap_get(&s->tables, p->new_name) ||
					    pmap_get(&s->rels, p->new_name)))) {
		rp_error(r, at_stmt(), "type \"%s\" already exists", p->new_name);
		return false;
	}
	struct m_utype *u = arena_alloc(r->a, sizeof *u);
	*u = *t;
	u->name = p->new_name;
	u->sql = renamed_sql(r->a, t->sql, p->new_name);
	model_utype_del(r->m, r->a, t);
	model_utype_set(r->m, r->a, u);
	/* columns follow the type, as they do in PostgreSQL (by oid) */
	rp_type_columns_follow(r, t->schema, t->name, t->schema, u->name);
	return true;
}

void rp_type_columns_follow(struct rp *r, const char *schema, const char *name,
			    const char *to_schema, const char *to_name)
{
	size_t nt;
	struct m_table **all = rp_all_tables(r, &nt);
	for (size_t i = 0; i < nt; i++) {
		struct m_table *mt = NULL;
		for (size_t c = 0; c < all[i]->n_cols; c++) {
			const struct ast_type *ty = &all[i]->cols[c].type;
			if (ty->kind != TY_NAMED || !ty->named.schema ||
			    strcmp(ty->named.schema, schema) != 0 || strcmp(ty->named.name, name) != 0)
				continue;
			if (!mt)
				mt = model_table_mut(r->m, r->a, all[i]);
			mt->cols[c].type.named.schema = to_schema;
			mt->cols[c].type.named.name = to_name;
		}
	}
}

bool rp_utype_execute(struct rp *r)
{
	const char *sql = r->s->u.exec.sql;
	size_t i = 0;
	struct pgsql_stmt p;
	if (!sql || !word_at(sql, strlen(sql), &i, "drop") ||
	    !pgsql_describe(r->a, sql, strlen(sql), &p) || p.kind != PGSQL_DROP_TYPE)
		return true;
	return utype_drop(r, &p);
}

bool rp_utype_stmt(struct rp *r, const struct pgsql_stmt *p)
{
	switch (p->kind) {
	case PGSQL_CREATE_TYPE: return utype_create(r, p);
	case PGSQL_DROP_TYPE: return utype_drop(r, p);
	case PGSQL_RENAME_TYPE: return utype_rename(r, p);
	default: return true;
	}
}
