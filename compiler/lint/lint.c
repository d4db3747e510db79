/*
 * lint.c - the lint pass over one compilation: which revisions are linted
 * (lint_since), the `-- migc:allow` comments of each revision, and the
 * dispatch of each statement to the rules (lint_rules.c, lint_types.c);
 * and schema.mig, linted as the models (lint_models).
 * The checking pass drives it (check/compile.c); the rules report through
 * lint_emit.c.
 */
#include "lint.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "lint_int.h"
#include "model.h"
#include "model_acl.h"
#include "pgsql_tree.h"
#include "project.h"

/* ---- the pass ----------------------------------------------------------- */

struct lint *lint_begin(struct arena *a, struct diag *d, const struct project *p,
			const struct revision *since)
{
	struct lint *l = arena_alloc(a, sizeof *l);
	l->a = a;
	l->d = d;
	l->p = p;
	l->conf = p->conf.lint ? p->conf.lint : lint_conf_new(a);
	l->linted = arena_calloc(a, p->n_revs + 1, sizeof *l->linted);
	for (size_t i = 0; i < p->n_revs; i++) {
		const struct revision *r = p->revs[i];
		bool on = !since;
		for (size_t k = 0; !on && k < r->n_parents; k++)
			on = r->parents[k] == since || l->linted[r->parents[k]->index];
		l->linted[r->index] = on;
	}
	return l;
}

static bool lint_is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Is there only blank space and `--` comments in text[from, to)? */
static bool lint_only_comments(const char *t, uint32_t from, uint32_t to)
{
	uint32_t i = from;
	while (i < to) {
		if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r') {
			i++;
		} else if (t[i] == '-' && i + 1 < to && t[i + 1] == '-') {
			while (i < to && t[i] != '\n')
				i++;
		} else {
			return false;
		}
	}
	return true;
}

/* The statement an own-line comment applies to: the one it sits in, or
 * the next one when only blanks and comments come in between.  `v[k]`
 * with `n[k]` statements: the blocks of the file (upgrade, downgrade; or
 * schema.mig's statements and nothing). */
static const struct ast_stmt *lint_next_stmt(const struct ast_stmt *const v[2],
					     const size_t n[2], const struct ast_allow *al)
{
	const struct ast_stmt *best = NULL;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n[pass]; i++)
			if (v[pass][i].loc.start <= al->loc.start && al->loc.start < v[pass][i].loc.end)
				return &v[pass][i];	/* a comment line inside the statement */
		for (size_t i = 0; i < n[pass]; i++)
			if (v[pass][i].loc.start >= al->loc.end &&
			    (!best || v[pass][i].loc.start < best->loc.start))
				best = &v[pass][i];
	}
	if (best && !lint_only_comments(al->loc.file->text, al->loc.end,
					best->loc.start))
		best = NULL;
	return best;
}

static void lint_add_allow(struct lint *l, size_t *cap, struct lint_allow al)
{
	if (l->n_allows == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		l->allows = arena_grow(l->a, l->allows, *cap * sizeof *l->allows,
				       c * sizeof *l->allows);
		*cap = c;
	}
	l->allows[l->n_allows++] = al;
}

/* Reads the `migc:allow` comments of `f`, whose statements are in v/n. */
static void lint_read_allows(struct lint *l, const struct ast_file *f,
			     const struct ast_stmt *const v[2], const size_t n[2])
{
	size_t cap = 0;
	for (size_t i = 0; i < f->n_allows; i++) {
		const struct ast_allow *c = &f->allows[i];
		const struct ast_stmt *target = c->own_line ? lint_next_stmt(v, n, c) : NULL;
		const char *t = c->text;
		uint32_t base = c->loc.end - (uint32_t)strlen(t);
		size_t k = 0, before = l->n_allows;
		for (;;) {
			while (t[k] == ' ' || t[k] == '\t' || t[k] == ',')
				k++;
			size_t s = k;
			while (lint_is_word_char(t[k]))
				k++;
			if (k == s || t[s] == '-')
				break;
			struct lint_allow al = { 0 };
			al.name = arena_strndup(l->a, t + s, k - s);
			al.rule = lint_rule_find(al.name);
			al.loc = (struct loc){ c->loc.file, base + (uint32_t)s,
					       base + (uint32_t)k };
			al.comment = c;
			al.target = target;
			lint_add_allow(l, &cap, al);
		}
		if (l->n_allows == before) {
			struct lint_allow al = { .rule = -2, .loc = c->loc, .comment = c };
			lint_add_allow(l, &cap, al);
		}
	}
}

static void lint_reset(struct lint *l)
{
	l->allows = NULL;
	l->n_allows = 0;
	memset(&l->new_tables, 0, sizeof l->new_tables);
	memset(&l->new_columns, 0, sizeof l->new_columns);
	memset(&l->new_indexes, 0, sizeof l->new_indexes);
}

void lint_revision_begin(struct lint *l, const struct revision *r)
{
	if (!l)
		return;
	l->rev = r;
	l->active = l->linted[r->index];
	lint_reset(l);
	if (!l->active)
		return;
	const struct ast_stmt *const v[2] = { r->ast->upgrade, r->ast->downgrade };
	const size_t n[2] = { r->ast->n_upgrade, r->ast->n_downgrade };
	lint_read_allows(l, r->file, v, n);
}

/* A plain SQL statement the models know (a view, routine or trigger:
 * compiler/replay/replay_view.c; grants and owners when migc.conf's
 * compare_grants|owners makes them part of the models) is part of
 * schema.mig, not an execute. */
static bool models_know(struct lint *l, const struct ast_stmt *s, const struct model *m)
{
	struct pgsql_stmt p;
	if (s->kind != STMT_EXECUTE || !s->u.exec.passthrough || !s->u.exec.sql ||
	    !pgsql_describe(l->a, s->u.exec.sql, strlen(s->u.exec.sql), &p))
		return false;
	if (p.kind == PGSQL_GRANT)
		return (m->acl & MODEL_ACL_GRANTS) != 0;
	if (p.kind == PGSQL_OWNER)
		return (m->acl & MODEL_ACL_OWNERS) != 0;
	return p.kind != PGSQL_OTHER;
}

void lint_models(struct lint *l, const struct ast_file *f, const struct model *empty)
{
	if (!l || !f)
		return;
	l->rev = NULL;
	l->active = true;
	lint_reset(l);
	const struct ast_stmt *const v[2] = { f->stmts, NULL };
	const size_t n[2] = { f->n_stmts, 0 };
	lint_read_allows(l, f, v, n);
	for (size_t i = 0; i < f->n_stmts; i++) {
		const struct ast_stmt *s = &f->stmts[i];
		if (s->kind == STMT_EXECUTE && !models_know(l, s, empty))
			lint_emit(l, s, LR_EXECUTE_IN_MODELS, s->loc,
				  "execute in schema.mig is not part of the models: autogenerate and check --models ignore it, "
				  "and no revision runs it; write it in a revision");
		else
			lint_rules_stmt(l, empty, s);	/* nothing exists: only the design rules fire */
	}
	lint_revision_end(l);
}

void lint_stmt(struct lint *l, const struct model *before,
	       const struct ast_stmt *s, bool upgrade)
{
	if (!l)
		return;
	l->fired = l->fired_errors = 0;
	if (!l->active)
		return;
	/* "create index concurrently" written as a statement is checked by
	 * compile.c (always an error); inside execute only lint can see it */
	if (s->kind == STMT_EXECUTE)
		lint_check_execute(l, s, !(l->rev && l->rev->ast->no_transaction));
	else if (upgrade && before)
		lint_rules_stmt(l, before, s);
}

void lint_stmt_findings(const struct lint *l, uint32_t *fired, uint32_t *errors)
{
	*fired = l ? l->fired : 0;
	*errors = l ? l->fired_errors : 0;
}

void lint_revision_end(struct lint *l)
{
	if (!l || !l->active)
		return;
	for (size_t i = 0; i < l->n_allows; i++) {
		const struct lint_allow *al = &l->allows[i];
		char buf[512];
		if (al->rule == -2)
			snprintf(buf, sizeof buf, "\"migc:allow\" names no lint rule; write e.g. \"-- migc:allow drop-column\"");
		else if (al->rule == -1)
			snprintf(buf, sizeof buf, "unknown lint rule \"%s\" in \"migc:allow\" (see docs/lint.md)",
				 al->name);
		else if (!al->used && al->comment->own_line && !al->target)
			snprintf(buf, sizeof buf, "\"migc:allow %s\" is not followed by a statement; put it on the statement's line or the line above",
				 al->name);
		else if (!al->used)
			snprintf(buf, sizeof buf, "\"migc:allow %s\" suppresses nothing; remove it",
				 al->name);
		else
			continue;
		lint_output(l, LR_UNUSED_ALLOW, al->loc, arena_strdup(l->a, buf));
	}
}

