/*
 * ast_ext.c - AST constructors for create and drop extension.  The only
 * check is PostgreSQL's grammar's: each option at most once ("conflicting
 * or redundant options").
 *
 * Both keep their text as written in `sql`, and are rendered as that text:
 * these statements were plain SQL before migc modelled them, and the
 * checksum of a released revision covers its rendered SQL
 * (docs/compiler.md, "The rule for compiler changes").
 */
#include "arena.h"
#include "ast_build.h"
#include "diag.h"

static const char *ext_text(struct parse_ctx *c, struct loc loc)
{
	return arena_strndup(c->arena, c->src->text + loc.start, loc.end - loc.start);
}

void ast_ext_opt(struct parse_ctx *c, struct ast_ext_opts *o, int which,
		 const struct ast_ident *val, struct loc loc)
{
	bool dup = (which == 1 && o->schema) || (which == 2 && o->version) ||
		   (which == 3 && o->cascade);
	if (dup) {
		diag_error(c->diag, loc, "conflicting or redundant options");
		return;
	}
	switch (which) {
	case 1:
		o->schema = val->name;
		o->schema_loc = val->loc;
		break;
	case 2:
		o->version = val->name;
		break;
	default:
		o->cascade = true;
		break;
	}
}

struct ast_stmt *ast_create_extension(struct parse_ctx *c, struct ast_ident name,
				      bool if_not_exists,
				      const struct ast_ext_opts *o, struct loc loc)
{
	struct ast_stmt *s = arena_alloc(c->arena, sizeof *s);
	s->kind = STMT_CREATE_EXTENSION;
	s->loc = loc;
	s->target = ast_name1(c, name);
	s->if_not_exists = if_not_exists;
	s->u.ext.ext_schema = o->schema;
	s->u.ext.ext_schema_loc = o->schema_loc;
	s->u.ext.ext_version = o->version;
	s->cascade = o->cascade;
	s->u.ext.sql = ext_text(c, loc);
	return s;
}

struct ast_stmt *ast_drop_extension(struct parse_ctx *c, struct ast_ident name,
				    bool if_exists, int behavior, struct loc loc)
{
	struct ast_stmt *s = ast_drop(c, STMT_DROP_EXTENSION, ast_name1(c, name), if_exists,
				      behavior, false, loc);
	s->u.ext.sql = ext_text(c, loc);
	return s;
}
