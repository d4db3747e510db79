/*
 * ast_part.c - AST constructors for partitioned tables and partitions:
 * CREATE TABLE ... PARTITION BY, CREATE TABLE ... PARTITION OF ... FOR
 * VALUES | DEFAULT, ALTER TABLE ... ATTACH | DETACH PARTITION [CONCURRENTLY
 * | FINALIZE] and ALTER TABLE ONLY; a partition's own column options and
 * constraints (PARTITION OF parent (col WITH OPTIONS ..., CHECK ...)).  The partition key and the bound are kept as source text
 * (the grammar checked their shape); replay checks what they name.
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"

/* The text of a "partition by" spec or a bound, as written. */
static const char *text_of(const struct ast_expr *e)
{
	return e ? e->text : NULL;
}

struct ast_stmt *ast_partition_by(struct parse_ctx *c, struct ast_stmt *s,
				  struct ast_expr *by)
{
	(void)c;
	s->u.table.part_by = text_of(by);
	if (by)
		s->u.table.part_by_loc = by->loc;
	return s;
}

struct ast_stmt *ast_partition_of(struct parse_ctx *c, struct ast_name name,
				  bool if_not_exists, struct ast_name parent,
				  struct ast_expr *bound, struct ast_expr *by,
				  struct loc loc)
{
	struct ast_stmt *s = ast_create_table(c, name, if_not_exists, NULL, loc);
	s->u.table.part_of = parent;
	s->u.table.part_bound = text_of(bound);
	if (bound)
		s->u.table.part_bound_loc = bound->loc;
	return ast_partition_by(c, s, by);
}

static struct ast_stmt *part_stmt(struct parse_ctx *c, enum ast_stmt_kind kind,
				  struct ast_name parent, struct ast_name part,
				  struct loc loc)
{
	struct ast_stmt *s = arena_calloc(c->arena, 1, sizeof *s);
	s->kind = kind;
	s->loc = loc;
	s->target = parent;
	s->u.part.table = part;
	return s;
}

struct ast_stmt *ast_attach_partition(struct parse_ctx *c, struct ast_name parent,
				      struct ast_name part, struct ast_expr *bound,
				      struct loc loc)
{
	struct ast_stmt *s = part_stmt(c, STMT_ATTACH_PARTITION, parent, part, loc);
	s->u.part.part_bound = text_of(bound);
	if (bound)
		s->u.part.part_bound_loc = bound->loc;
	return s;
}

struct ast_stmt *ast_detach_partition(struct parse_ctx *c, struct ast_name parent,
				      struct ast_name part, const struct ast_ident *mode,
				      struct loc loc)
{
	struct ast_stmt *s = part_stmt(c, STMT_DETACH_PARTITION, parent, part, loc);
	if (!mode)
		return s;
	if (strcasecmp(mode->name, "concurrently") == 0)
		s->u.part.concurrently = true;
	else if (strcasecmp(mode->name, "finalize") == 0)
		s->u.part.finalize = true;
	else
		diag_error(c->diag, mode->loc, "syntax error at or near \"%s\"", mode->name);
	return s;
}

struct ast_column *ast_column_options(struct parse_ctx *c, struct ast_ident name,
				      const struct ast_ident *with, struct ast_list *quals,
				      struct loc loc)
{
	struct ast_type none;
	memset(&none, 0, sizeof none);
	if (with && strcmp(with->name, "options") != 0)
		diag_error(c->diag, with->loc, "syntax error at or near \"%s\"", with->name);
	struct ast_column *col = ast_column_new(c, name, &none, quals, loc);
	col->with_options = true;
	return col;
}

struct ast_stmt *ast_partition_elems(struct parse_ctx *c, struct ast_stmt *s,
				     struct ast_list *elems)
{
	const struct ast_stmt *t = ast_create_table(c, s->target, false, elems, s->loc);
	s->u.table.columns = t->u.table.columns;
	s->u.table.n_columns = t->u.table.n_columns;
	s->u.table.constraints = t->u.table.constraints;
	s->u.table.n_constraints = t->u.table.n_constraints;
	return s;
}

struct ast_stmt *ast_rename_only(struct ast_stmt *s)
{
	s->u.rename.only = true;
	return s;
}

struct ast_stmt *ast_alter_only(struct ast_stmt *s)
{
	s->u.alter.only = true;
	return s;
}
