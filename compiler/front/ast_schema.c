/*
 * ast_schema.c - the elements of `create schema S create table ...
 * create index ... create view ... grant ...` (ast_build.h:
 * ast_schema_elts).
 *
 * PostgreSQL runs each element as a statement of its own with S first in
 * the search path: a created object goes into S (naming another schema is
 * an error), and a relation an element names unqualified is S's when an
 * element of the same statement creates it (S is new: nothing else is in
 * it).  Elements run in PostgreSQL's order: sequences, tables, views,
 * indexes, triggers, grants.  Native elements (create table, create index)
 * get S in their names; plain SQL ones (passthrough_schema_elt) get "S".
 * written before those names in their text (pgsql_rel_refs).  The elements
 * are kept qualified in the create schema's u.schema.elts; stmts_of
 * (ast_stmt.c) puts them after it in the statement list, so every later
 * stage sees ordinary statements.  Guarantees: an element never lands
 * outside S; errors are located at the element or name that is wrong.
 */
#include <string.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"
#include "pgsql_tree.h"

/* A plain SQL element's relation names (pgsql_rel_refs) and the one it
 * creates (NULL when none), while the elements are qualified. */
struct raw_elt {
	struct pgsql_rel_ref *refs;
	size_t n;
	const char *creates;
};

/* Whether an element creates relation `name` (unqualified or in S). */
static bool creates(const struct ast_list *l, const struct raw_elt *raw,
		    const char *schema, const char *name)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct ast_stmt *e = l->items[i];
		if (e && e->kind == STMT_CREATE_TABLE && strcmp(e->target.name, name) == 0 &&
		    strcmp(e->target.schema, schema) == 0)
			return true;
		if (raw[i].creates && strcmp(raw[i].creates, name) == 0)
			return true;
	}
	return false;
}

/* PostgreSQL's order of the elements: sequences, tables, views, indexes,
 * triggers, grants (and the rest after them, as written). */
static int rank(struct parse_ctx *c, const struct ast_stmt *e)
{
	if (e->kind == STMT_CREATE_TABLE)
		return 1;
	if (e->kind == STMT_CREATE_INDEX)
		return 3;
	struct pgsql_stmt p;
	if (!pgsql_describe(c->arena, e->u.exec.sql, strlen(e->u.exec.sql), &p))
		return 6;
	switch (p.kind) {
	case PGSQL_CREATE_SEQUENCE: return 0;
	case PGSQL_CREATE_VIEW: return 2;
	case PGSQL_CREATE_TRIGGER: return 4;
	case PGSQL_GRANT: return 5;
	default: return 1;	/* create temp | unlogged table ... */
	}
}

static void put_quoted(struct strbuf *sb, const char *name)
{
	sb_putc(sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			sb_putc(sb, '"');
		sb_putc(sb, *p);
	}
	sb_puts(sb, "\".");
}

/* A plain SQL element's names; its own relation must go into S (an error
 * if another schema is written). */
static bool raw_target(struct parse_ctx *c, struct ast_stmt *e, const char *schema,
		       struct raw_elt *x)
{
	x->n = pgsql_rel_refs(c->arena, e->u.exec.sql, strlen(e->u.exec.sql), &x->refs);
	for (size_t i = 0; i < x->n; i++) {
		if (!x->refs[i].target)
			continue;
		if (x->refs[i].schema && strcmp(x->refs[i].schema, schema) != 0) {
			diag_error(c->diag, e->loc,
				   "create specifies a schema (\"%s\") different from the one being created (\"%s\")",
				   x->refs[i].schema, schema);
			return false;
		}
		x->creates = x->refs[i].name;
	}
	return true;
}

/* "S". before its own relation and before the unqualified names of
 * relations the elements create. */
static void raw_qualify(struct parse_ctx *c, struct ast_stmt *e, const struct ast_list *l,
			const struct raw_elt *raw, const char *schema, const struct raw_elt *x)
{
	const char *sql = e->u.exec.sql;
	struct strbuf sb;
	sb_init(&sb, c->arena);
	size_t at = 0;
	for (size_t i = 0; i < x->n; i++) {
		const struct pgsql_rel_ref *r = &x->refs[i];
		if (r->schema || !(r->target || creates(l, raw, schema, r->name)))
			continue;
		sb_put(&sb, sql + at, r->offset - at);
		put_quoted(&sb, schema);
		at = r->offset;
	}
	sb_puts(&sb, sql + at);
	e->u.exec.sql = sb_str(&sb);
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
static void ref_name(const struct ast_list *l, const struct raw_elt *raw,
		     struct ast_name *n, const char *schema)
{
	if (n->name && !n->schema && creates(l, raw, schema, n->name))
		n->schema = schema;
}

static void refs_of(const struct ast_list *l, const struct raw_elt *raw,
		    struct ast_constraint *v, size_t n, const char *schema)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == CON_FOREIGN_KEY)
			ref_name(l, raw, &v[i].ref_table, schema);
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
	struct raw_elt *raw = arena_calloc(c->arena, elts->n ? elts->n : 1, sizeof *raw);
	int *ranks = arena_calloc(c->arena, elts->n ? elts->n : 1, sizeof *ranks);
	for (size_t i = 0; i < elts->n; i++) {	/* first the names they create */
		struct ast_stmt *e = elts->items[i];
		ranks[i] = e ? rank(c, e) : -1;
		if (e && e->kind == STMT_EXECUTE) {
			if (!raw_target(c, e, schema, &raw[i]))
				ok = false;
			continue;
		}
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
	for (int pass = 0; pass <= 6; pass++) {	/* in PostgreSQL's order (rank) */
		for (size_t i = 0; i < elts->n; i++) {
			struct ast_stmt *e = elts->items[i];
			if (!e || ranks[i] != pass)
				continue;
			if (e->kind == STMT_EXECUTE)
				raw_qualify(c, e, elts, raw, schema, &raw[i]);
			if (e->kind == STMT_CREATE_TABLE) {
				ref_name(elts, raw, &e->u.table.part_of, schema);
				refs_of(elts, raw, e->u.table.constraints, e->u.table.n_constraints,
					schema);
				for (size_t k = 0; k < e->u.table.n_columns; k++)
					refs_of(elts, raw, e->u.table.columns[k].constraints,
						e->u.table.columns[k].n_constraints, schema);
			}
			s->u.schema.elts[s->u.schema.n_elts++] = e;
		}
	}
	return s;
}
