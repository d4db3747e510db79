/*
 * ast_schema.c - the elements of `create schema S create table ...
 * create index ...` (ast_build.h: ast_schema_elts).
 *
 * PostgreSQL runs each element as a statement of its own with S first in
 * the search path: a created object goes into S (naming another schema is
 * an error), and a table an element names unqualified is S's when an
 * element of the same statement creates it (S is new: nothing else is in
 * it).  Tables run first, then indexes, as PostgreSQL orders them.  The
 * elements are kept qualified in the create schema's u.schema.elts;
 * stmts_of (ast_stmt.c) puts them after it in the statement list, so every
 * later stage sees ordinary statements.  Guarantees: an element never
 * lands outside S; errors are located at the name that is wrong.
 */
#include <string.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"

/* Whether an element creates table `name` (unqualified or in S). */
static bool creates(const struct ast_list *l, const char *schema,
		    const char *name)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct ast_stmt *e = l->items[i];
		if (e && e->kind == STMT_CREATE_TABLE && strcmp(e->target.name, name) == 0 &&
		    strcmp(e->target.schema, schema) == 0)
			return true;
	}
	return false;
}

/* The created object's own name: into S, or an error if another schema is
 * written (PostgreSQL: "CREATE specifies a schema (x) different from the
 * one being created (s)"). */
static bool own_name(struct parse_ctx *c, struct ast_name *n, const char *schema)
{
	if (!n->schema) {
		n->schema = schema;
		return true;
	}
	if (strcmp(n->schema, schema) == 0)
		return true;
	diag_error(c->diag, n->loc,
		   "create specifies a schema (\"%s\") different from the one being created (\"%s\")",
		   n->schema, schema);
	return false;
}

/* A table another element names: S's when an element creates it. */
static void ref_name(const struct ast_list *l, struct ast_name *n, const char *schema)
{
	if (n->name && !n->schema && creates(l, schema, n->name))
		n->schema = schema;
}

static void refs_of(const struct ast_list *l, struct ast_constraint *v, size_t n,
		    const char *schema)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == CON_FOREIGN_KEY)
			ref_name(l, &v[i].ref_table, schema);
}

struct ast_stmt *ast_schema_elts(struct parse_ctx *c, struct ast_stmt *s,
				 struct ast_list *elts, struct loc loc)
{
	const char *schema = s->target.name;
	s->loc = loc;
	if (s->if_not_exists) {
		diag_error(c->diag, loc, "create schema if not exists cannot include schema elements");
		return s;
	}
	bool ok = true;
	for (size_t i = 0; i < elts->n; i++) {	/* first the names they create */
		struct ast_stmt *e = elts->items[i];
		if (e && !own_name(c, &e->target, schema))
			ok = false;
		if (e && e->kind == STMT_CREATE_INDEX) {
			/* an index goes where its table is, which must be S */
			if (!own_name(c, &e->u.index.table, schema))
				ok = false;
		}
	}
	if (!ok)
		return s;
	s->u.schema.elts = arena_calloc(c->arena, elts->n ? elts->n : 1, sizeof *s->u.schema.elts);
	for (int pass = 0; pass < 2; pass++) {	/* tables, then indexes */
		for (size_t i = 0; i < elts->n; i++) {
			struct ast_stmt *e = elts->items[i];
			if (!e || (e->kind == STMT_CREATE_TABLE) != (pass == 0))
				continue;
			if (e->kind == STMT_CREATE_TABLE) {
				ref_name(elts, &e->u.table.part_of, schema);
				refs_of(elts, e->u.table.constraints, e->u.table.n_constraints, schema);
				for (size_t k = 0; k < e->u.table.n_columns; k++)
					refs_of(elts, e->u.table.columns[k].constraints,
						e->u.table.columns[k].n_constraints, schema);
			}
			s->u.schema.elts[s->u.schema.n_elts++] = e;
		}
	}
	return s;
}
