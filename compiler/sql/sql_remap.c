/*
 * sql_remap.c - expression texts of native statements, moved into the
 * scratch schemas of `check` and the --url commands.
 *
 * sql_render_stmt_mapped() remaps every name the AST holds, but
 * expressions are source text: a default "'ok'::app.mood" (what
 * init --from-url writes, since PostgreSQL qualifies names outside the
 * search_path) would reach the real schema, whose type is not the scratch
 * column's.  So each token of an expression (common/sqltext.c: never
 * inside a string literal or a comment) that names one of the project's
 * schemas and is followed by "." - and does not itself follow a "." -
 * becomes the scratch schema's name.  So does the schema qualifying a
 * relation named by a string literal that is one (a standard '...' literal
 * cast to regclass, or the first argument of nextval, currval or setval:
 * nextval('app.seq') would otherwise use the real sequence, or fail where
 * the database has none yet).  Except an extension's objects
 * (database-wide, never in a scratch schema): a name the map's keep_type
 * says is an extension's type, or keep_func for a name called as a
 * function.
 *
 * Guarantees: the statement is copied (shallow, with new expression
 * nodes); the original is never written.
 */
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "sql.h"
#include "sqltext.h"

/* Does "S.<token at i>" name an extension's object? */
static bool keeps_schema(struct arena *a, const struct sql_remap *rm, const char *schema,
			 const char *text, size_t len, size_t i)
{
	const struct sql_schema_map *map = rm->map;
	if (i >= len || (!map->keep_type && !map->keep_func))
		return false;
	enum sqlt_kind k;
	size_t e = sqlt_token(text, len, i, &k);
	if (k != SQLT_WORD && k != SQLT_QIDENT)
		return false;
	struct strbuf id;
	sb_init(&id, a);
	sqlt_put_token_ident(sql_sb_sink, &id, text + i, e - i, k);
	struct ast_name n = { .schema = schema, .name = sb_str(&id) };
	e = sqlt_skip_blank(text, len, e);
	if (e < len && text[e] == '(')
		return map->keep_func && map->keep_func(map->keep_ctx, &n);
	return map->keep_type && map->keep_type(map->keep_ctx, &n);
}

/* The identifier of the WORD or QIDENT token [i, e) of text. */
static const char *token_ident(struct arena *a, const char *text, size_t i, size_t e,
			       enum sqlt_kind k)
{
	struct strbuf id;
	sb_init(&id, a);
	sqlt_put_token_ident(sql_sb_sink, &id, text + i, e - i, k);
	return sb_str(&id);
}

/* Is the string literal [i, e) of text a relation's name: followed by
 * ::regclass, or the first argument of nextval, currval or setval
 * (`prev`, `prev2`: the starts of the two tokens before it, or len). */
static bool names_relation(struct arena *a, const char *text, size_t len, size_t e,
			   size_t prev, size_t prev2)
{
	enum sqlt_kind k;
	size_t j = sqlt_skip_blank(text, len, e);
	if (j + 2 <= len && text[j] == ':' && text[j + 1] == ':') {
		size_t w = sqlt_skip_blank(text, len, j + 2), we = sqlt_token(text, len, w, &k);
		if ((k == SQLT_WORD || k == SQLT_QIDENT) &&
		    strcmp(token_ident(a, text, w, we, k), "regclass") == 0)
			return true;
	}
	if (prev >= len || text[prev] != '(' || prev2 >= len)
		return false;
	size_t fe = sqlt_token(text, len, prev2, &k);
	if (k != SQLT_WORD && k != SQLT_QIDENT)
		return false;
	const char *f = token_ident(a, text, prev2, fe, k);
	return strcmp(f, "nextval") == 0 || strcmp(f, "currval") == 0 ||
	       strcmp(f, "setval") == 0;
}

/* The string literal [i, e) naming "S.rel" with S one of the project's
 * schemas: written with the scratch schema; else false. */
static bool remap_literal(struct arena *a, const struct sql_remap *rm, struct strbuf *sb,
			  const char *text, size_t i, size_t e)
{
	/* the literal's text, its '' undoubled */
	struct strbuf lit;
	sb_init(&lit, a);
	for (size_t p = i + 1; p + 1 < e; p++) {
		sb_put(&lit, text + p, 1);
		if (text[p] == '\'' && text[p + 1] == '\'')
			p++;
	}
	const char *v = sb_str(&lit);
	size_t n = strlen(v);
	enum sqlt_kind k;
	size_t s = sqlt_skip_blank(v, n, 0), se = sqlt_token(v, n, s, &k);
	if ((k != SQLT_WORD && k != SQLT_QIDENT) || se >= n || v[se] != '.')
		return false;
	const char *schema = token_ident(a, v, s, se, k);
	for (size_t r = 0; r < rm->n; r++)
		if (strcmp(schema, rm->schemas[r]) == 0) {
			struct strbuf out;
			sb_init(&out, a);
			sb_put(&out, v, s);
			sql_put_ident_min(&out, arena_printf(a, "%s%s", rm->map->prefix, schema));
			sb_puts(&out, v + se);
			sqlt_put_literal(sql_sb_sink, sb, sb_str(&out));
			return true;
		}
	return false;
}

const char *sql_remap_text(struct arena *a, const struct sql_remap *rm, const char *text)
{
	struct strbuf sb;
	sb_init(&sb, a);
	size_t len = strlen(text), i = 0, prev = len, prev2 = len;
	bool after_dot = false;
	while (i < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(text, len, i, &k);
		bool done = k == SQLT_STRING && names_relation(a, text, len, e, prev, prev2) &&
			    remap_literal(a, rm, &sb, text, i, e);
		if ((k == SQLT_WORD || k == SQLT_QIDENT) && !after_dot &&
		    e < len && text[e] == '.') {
			struct strbuf id;
			sb_init(&id, a);
			sqlt_put_token_ident(sql_sb_sink, &id, text + i, e - i, k);
			const char *name = sb_str(&id);
			for (size_t s = 0; !done && s < rm->n; s++)
				if (strcmp(name, rm->schemas[s]) == 0 &&
				    !keeps_schema(a, rm, name, text, len, e + 1)) {
					sql_put_ident_min(&sb, arena_printf(a, "%s%s",
									    rm->map->prefix, name));
					done = true;
				}
		}
		if (!done)
			sb_put(&sb, text + i, e - i);
		if (!sqlt_is_blank(k)) {
			after_dot = k == SQLT_PUNCT && text[i] == '.';
			prev2 = prev;
			prev = i;
		}
		i = e;
	}
	return sb_str(&sb);
}

static struct ast_expr *remap_expr(struct arena *a, const struct sql_remap *rm,
				   const struct ast_expr *e)
{
	if (!e)
		return NULL;
	struct ast_expr *c = arena_alloc(a, sizeof *c);
	*c = *e;
	c->text = sql_remap_text(a, rm, e->text);
	return c;
}

static struct ast_constraint *remap_cons(struct arena *a, const struct sql_remap *rm,
					 const struct ast_constraint *v, size_t n)
{
	if (!v)
		return NULL;
	struct ast_constraint *c = arena_calloc(a, n ? n : 1, sizeof *c);
	for (size_t i = 0; i < n; i++) {
		c[i] = v[i];
		c[i].expr = remap_expr(a, rm, v[i].expr);
		c[i].where = remap_expr(a, rm, v[i].where);
		if (v[i].n_excl_elems) {	/* EXCLUDE: element expressions */
			struct ast_index_elem *el = arena_calloc(a, v[i].n_excl_elems,
								 sizeof *el);
			for (size_t k = 0; k < v[i].n_excl_elems; k++) {
				el[k] = v[i].excl_elems[k];
				el[k].expr = remap_expr(a, rm, v[i].excl_elems[k].expr);
			}
			c[i].excl_elems = el;
		}
	}
	return c;
}

static struct ast_column *remap_cols(struct arena *a, const struct sql_remap *rm,
				     const struct ast_column *v, size_t n)
{
	if (!v)
		return NULL;
	struct ast_column *c = arena_calloc(a, n ? n : 1, sizeof *c);
	for (size_t i = 0; i < n; i++) {
		c[i] = v[i];
		c[i].constraints = remap_cons(a, rm, v[i].constraints, v[i].n_constraints);
	}
	return c;
}

struct ast_stmt sql_remap_stmt(struct arena *a, const struct sql_remap *rm,
			       const struct ast_stmt *s)
{
	struct ast_stmt c = *s;
	if (s->kind == STMT_CREATE_TABLE) {
		c.u.table.columns = remap_cols(a, rm, s->u.table.columns, s->u.table.n_columns);
		c.u.table.constraints = remap_cons(a, rm, s->u.table.constraints,
						   s->u.table.n_constraints);
	}
	if (s->kind == STMT_ALTER_TABLE && s->u.alter.alters) {
		struct ast_alter *al = arena_calloc(a, s->u.alter.n_alters ? s->u.alter.n_alters : 1,
						    sizeof *al);
		for (size_t i = 0; i < s->u.alter.n_alters; i++) {
			al[i] = s->u.alter.alters[i];
			al[i].expr = remap_expr(a, rm, s->u.alter.alters[i].expr);
			al[i].column = remap_cols(a, rm, s->u.alter.alters[i].column, 1);
			al[i].constraint = remap_cons(a, rm, s->u.alter.alters[i].constraint, 1);
		}
		c.u.alter.alters = al;
	}
	if (s->kind != STMT_CREATE_INDEX)
		return c;
	if (s->u.index.elems) {
		struct ast_index_elem *el = arena_calloc(a, s->u.index.n_elems ? s->u.index.n_elems : 1,
							 sizeof *el);
		for (size_t i = 0; i < s->u.index.n_elems; i++) {
			el[i] = s->u.index.elems[i];
			el[i].expr = remap_expr(a, rm, s->u.index.elems[i].expr);
		}
		c.u.index.elems = el;
	}
	c.u.index.where = remap_expr(a, rm, s->u.index.where);
	return c;
}
