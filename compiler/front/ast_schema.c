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
 * written before those names in their text (pgsql_rel_refs).  A relation
 * named by a string literal that PostgreSQL resolves at creation
 * ('x'::regclass, nextval('x')) is S's too when an element creates it:
 * "S". is written inside the literal, in plain SQL elements and in the
 * expressions of native ones; a literal that cannot be rewritten so (E'',
 * dollar quotes) is an error at it.  The elements
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

/* The place `off` bytes into a text that starts at `at` (the element's or
 * expression's location) when the file holds that text there; else `at`. */
static struct loc loc_in(struct loc at, const char *text, size_t off)
{
	const struct src_file *f = at.file;
	size_t n = strlen(text);
	if (!f || at.start + n > f->len || memcmp(f->text + at.start, text, n) != 0)
		return at;
	at.start += (uint32_t)off;
	at.end = at.start + 1;
	return at;
}

/* Whether name ref r of a text is to be qualified with S: unqualified, and
 * its statement's own relation or one an element creates.  A literal that
 * does so but is not written as the name (E'', dollar quotes) is an error:
 * PostgreSQL resolves it in S, migc cannot write S into it. */
static bool to_qualify(struct parse_ctx *c, const struct ast_list *l, const struct raw_elt *raw,
		       const char *schema, const struct pgsql_rel_ref *r, struct loc at,
		       const char *text, bool *ok)
{
	if (r->schema || !(r->target || creates(l, raw, schema, r->name)))
		return false;
	if (r->literal && r->opaque) {
		diag_error(c->diag, loc_in(at, text, r->offset),
			   "relation \"%s\" named by this string literal is the one schema \"%s\" "
			   "creates; write the literal as '%s.%s' (migc qualifies only a plain "
			   "'...' literal)", r->name, schema, schema, r->name);
		*ok = false;
		return false;
	}
	return true;
}

/* text with "S". written before the names to qualify (a literal's: with
 * its quotes doubled). */
static const char *qualify_text(struct parse_ctx *c, const struct ast_list *l,
				const struct raw_elt *raw, const char *schema,
				const struct pgsql_rel_ref *refs, size_t n, struct loc at,
				const char *text, bool *ok)
{
	struct strbuf sb;
	sb_init(&sb, c->arena);
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pgsql_rel_ref *r = &refs[i];
		if (!to_qualify(c, l, raw, schema, r, at, text, ok))
			continue;
		sb_put(&sb, text + from, r->offset - from);
		if (!r->literal) {
			put_quoted(&sb, schema);
		} else {
			struct strbuf q;
			sb_init(&q, c->arena);
			put_quoted(&q, schema);
			for (const char *p = sb_str(&q); *p; p++) {
				if (*p == '\'')
					sb_putc(&sb, '\'');
				sb_putc(&sb, *p);
			}
		}
		from = r->offset;
	}
	sb_puts(&sb, text + from);
	return sb_str(&sb);
}

/* "S". before its own relation and before the unqualified names of
 * relations the elements create, in names and in literals naming them. */
static bool raw_qualify(struct parse_ctx *c, struct ast_stmt *e, const struct ast_list *l,
			const struct raw_elt *raw, const char *schema, const struct raw_elt *x)
{
	bool ok = true;
	e->u.exec.sql = qualify_text(c, l, raw, schema, x->refs, x->n, e->loc, e->u.exec.sql,
				     &ok);
	return ok;
}

/* A native element's expression: the literals naming relations an element
 * creates ('seq'::regclass, nextval('seq')) get "S".; the expression is
 * copied, never written in place. */
static bool expr_qualify(struct parse_ctx *c, const struct ast_list *l,
			 const struct raw_elt *raw, const char *schema, struct ast_expr **xp)
{
	struct ast_expr *x = *xp;
	if (!x || !x->text)
		return true;
	struct pgsql_rel_ref *refs;
	size_t n = pgsql_expr_rels(c->arena, x->text, &refs);
	bool ok = true, any = false;
	for (size_t i = 0; i < n; i++)
		any |= refs[i].literal && !refs[i].schema;
	if (!any)
		return true;
	struct pgsql_rel_ref *lits = arena_calloc(c->arena, n, sizeof *lits);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (refs[i].literal)
			lits[k++] = refs[i];
	const char *t = qualify_text(c, l, raw, schema, lits, k, x->loc, x->text, &ok);
	if (strcmp(t, x->text) != 0) {
		struct ast_expr *cp = arena_alloc(c->arena, sizeof *cp);
		*cp = *x;
		cp->text = t;
		*xp = cp;
	}
	return ok;
}

static bool cons_qualify(struct parse_ctx *c, const struct ast_list *l,
			 const struct raw_elt *raw, const char *schema,
			 struct ast_constraint *v, size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		ok &= expr_qualify(c, l, raw, schema, &v[i].expr);
		ok &= expr_qualify(c, l, raw, schema, &v[i].where);
		for (size_t k = 0; k < v[i].n_excl_elems; k++)
			ok &= expr_qualify(c, l, raw, schema, &v[i].excl_elems[k].expr);
	}
	return ok;
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
				ok &= raw_qualify(c, e, elts, raw, schema, &raw[i]);
			if (e->kind == STMT_CREATE_TABLE) {
				ref_name(elts, raw, &e->u.table.part_of, schema);
				refs_of(elts, raw, e->u.table.constraints, e->u.table.n_constraints,
					schema);
				ok &= cons_qualify(c, elts, raw, schema, e->u.table.constraints,
						   e->u.table.n_constraints);
				for (size_t k = 0; k < e->u.table.n_columns; k++) {
					struct ast_column *col = &e->u.table.columns[k];
					refs_of(elts, raw, col->constraints, col->n_constraints, schema);
					ok &= cons_qualify(c, elts, raw, schema, col->constraints,
							   col->n_constraints);
				}
			}
			if (e->kind == STMT_CREATE_INDEX) {
				for (size_t k = 0; k < e->u.index.n_elems; k++)
					ok &= expr_qualify(c, elts, raw, schema,
							   &e->u.index.elems[k].expr);
				ok &= expr_qualify(c, elts, raw, schema, &e->u.index.where);
			}
			s->u.schema.elts[s->u.schema.n_elts++] = e;
		}
	}
	return s;
}
