/*
 * ast_excl.c - AST constructors for exclusion constraints and for the
 * column list of ON DELETE SET NULL | SET DEFAULT (PostgreSQL 15).
 *
 * Guarantees: an exclusion constraint has at least one element, each with
 * its operator as written; its attributes follow PostgreSQL's rules for
 * keys (deferrable yes, NOT VALID and NO INHERIT no: con_apply_attrs).
 */
#include <string.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"
#include "sqltext.h"

struct ast_index_elem *ast_excl_elem(struct parse_ctx *c, struct ast_index_elem *e,
				     const char *op)
{
	e->op = arena_strdup(c->arena, op);
	return e;
}

struct ast_constraint *ast_con_exclude(struct parse_ctx *c, struct ast_ident *method,
				       struct ast_list *elems, struct ast_list *include,
				       struct ast_expr *where, int attrs, struct loc loc)
{
	struct ast_constraint *con = con_new(c, CON_EXCLUDE, loc);
	con->excl_method = method ? method->name : NULL;
	con->n_excl_elems = elems ? elems->n : 0;
	con->excl_elems = arena_calloc(c->arena, con->n_excl_elems + 1, sizeof *con->excl_elems);
	for (size_t i = 0; i < con->n_excl_elems; i++)
		con->excl_elems[i] = *(struct ast_index_elem *)elems->items[i];
	con->include = idents_of(c, include, &con->n_include);
	con->where = where;
	con_apply_attrs(c, con, attrs, loc);
	return con;
}

int ast_fk_del_cols(struct parse_ctx *c, int action, struct ast_list *cols)
{
	c->fk_del_cols = cols;
	return action;
}

static void excl_put(void *ctx, const char *s, size_t n)
{
	sb_put(ctx, s, n);
}

const char *ast_excl_operator(struct parse_ctx *c, const char *word, struct loc wloc,
			      struct ast_ident schema, const char *op)
{
	if (strcmp(word, "operator") != 0)
		diag_error(c->diag, wloc, "syntax error at or near \"%s\", expected an operator",
			   word);
	struct strbuf sb;
	sb_init(&sb, c->arena);
	sb_puts(&sb, "OPERATOR(");
	sqlt_put_ident(excl_put, &sb, schema.name);
	sb_printf(&sb, ".%s)", op);
	return sb_str(&sb);
}
