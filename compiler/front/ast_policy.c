/*
 * ast_policy.c - AST constructors for CREATE POLICY, DROP POLICY and
 * ALTER POLICY ... RENAME TO.  The words after AS and FOR are checked
 * here (permissive | restrictive; all | select | insert | update |
 * delete), as PostgreSQL's grammar does.
 */
#include <strings.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"

static struct ast_stmt *policy_stmt(struct parse_ctx *c, enum ast_stmt_kind kind,
				    struct ast_ident name, struct ast_name table,
				    struct loc loc)
{
	struct ast_stmt *s = arena_calloc(c->arena, 1, sizeof *s);
	s->kind = kind;
	s->loc = loc;
	s->target = table;
	s->u.policy.table = table;
	s->u.policy.member = name;
	return s;
}

static const char *const cmds[] = { "all", "select", "insert", "update", "delete", NULL };

struct ast_stmt *ast_create_policy(struct parse_ctx *c, struct ast_ident name,
				   struct ast_name table, struct ast_ident as,
				   struct ast_ident cmd, struct ast_list *roles,
				   struct ast_expr *using_, struct ast_expr *check,
				   struct loc loc)
{
	struct ast_stmt *s = policy_stmt(c, STMT_CREATE_POLICY, name, table, loc);
	if (as.name && strcasecmp(as.name, "restrictive") == 0)
		s->u.policy.pol_restrictive = true;
	else if (as.name && strcasecmp(as.name, "permissive") != 0)
		diag_error(c->diag, as.loc, "unrecognized row security option \"%s\"", as.name);
	s->u.policy.pol_cmd = "all";
	if (cmd.name) {
		size_t i = 0;
		while (cmds[i] && strcasecmp(cmds[i], cmd.name) != 0)
			i++;
		if (cmds[i])
			s->u.policy.pol_cmd = cmds[i];
		else
			diag_error(c->diag, cmd.loc, "syntax error at or near \"%s\"", cmd.name);
	}
	s->u.policy.n_pol_roles = roles ? roles->n : 0;
	s->u.policy.pol_roles = arena_calloc(c->arena, s->u.policy.n_pol_roles + 1, sizeof *s->u.policy.pol_roles);
	for (size_t i = 0; i < s->u.policy.n_pol_roles; i++)
		s->u.policy.pol_roles[i] = ((struct ast_ident *)roles->items[i])->name;
	s->u.policy.pol_using = using_;
	s->u.policy.pol_check = check;
	return s;
}

struct ast_stmt *ast_drop_policy(struct parse_ctx *c, struct ast_ident name,
				 struct ast_name table, bool if_exists, int behavior,
				 struct loc loc)
{
	struct ast_stmt *s = policy_stmt(c, STMT_DROP_POLICY, name, table, loc);
	s->if_exists = if_exists;
	s->cascade = behavior == 1;
	return s;
}

struct ast_stmt *ast_rename_policy(struct parse_ctx *c, struct ast_ident name,
				   struct ast_name table, struct ast_ident new_name,
				   struct loc loc)
{
	struct ast_stmt *s = policy_stmt(c, STMT_RENAME_POLICY, name, table, loc);
	s->u.policy.new_name = new_name;
	return s;
}
