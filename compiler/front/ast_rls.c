/*
 * ast_rls.c - the AST of ALTER TABLE ... ENABLE | DISABLE | FORCE | NO
 * FORCE ROW LEVEL SECURITY.  The words are not keywords of migc's grammar
 * (nor, but for the verbs, of PostgreSQL's), so the grammar takes any four
 * words and this checks them: anything else is a syntax error at the
 * first word that does not fit.
 */
#include <strings.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"

static bool word_is(const char *got, const char *want)
{
	return got && strcasecmp(got, want) == 0;
}

struct ast_alter *ast_alter_rls(struct parse_ctx *c, bool no, const char *verb,
				struct loc verb_loc, struct ast_ident row,
				struct ast_ident level, struct ast_ident security,
				struct loc loc)
{
	struct ast_alter *a = arena_calloc(c->arena, 1, sizeof *a);
	a->kind = ALT_ROW_SECURITY;
	a->loc = loc;
	a->name.loc = loc;
	if (word_is(verb, "force"))
		a->rls = no ? RLS_NO_FORCE : RLS_FORCE;
	else if (!no && word_is(verb, "enable"))
		a->rls = RLS_ENABLE;
	else if (!no && word_is(verb, "disable"))
		a->rls = RLS_DISABLE;
	const struct ast_ident *bad = !word_is(row.name, "row") ? &row :
		!word_is(level.name, "level") ? &level :
		!word_is(security.name, "security") ? &security : NULL;
	if (!a->rls)
		diag_error(c->diag, verb_loc, "syntax error at or near \"%s\"", verb);
	else if (bad)
		diag_error(c->diag, bad->loc, "syntax error at or near \"%s\", expected %s",
			   bad->name, bad == &row ? "ROW" : bad == &level ? "LEVEL" : "SECURITY");
	return a;
}
