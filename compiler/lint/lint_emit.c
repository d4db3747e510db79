/*
 * lint_emit.c - what the rules call: reporting a finding (unless a
 * `-- migc:allow` comment exempts it or its rule is off) and the sets of
 * what the current revision created.  Findings go out through the
 * diagnostics sink with the rule's name as their code, so `migc lint
 * --format json` is a sink (lint_report.c), not a second path.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "lint_int.h"

static const char *lint_key(struct lint *l, const char *a, const char *b,
			    const char *c)
{
	/* \x1f cannot appear in a name, unlike "." in a quoted one */
	return c ? arena_printf(l->a, "%s\x1f%s\x1f%s", a, b, c)
		 : arena_printf(l->a, "%s\x1f%s", a, b);
}

void lint_set_add(struct lint *l, struct lint_set *set, const char *a,
		  const char *b, const char *c)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 8;
		set->items = arena_grow(l->a, set->items, set->cap * sizeof *set->items,
					cap * sizeof *set->items);
		set->cap = cap;
	}
	set->items[set->n++] = lint_key(l, a, b, c);
}

bool lint_set_has(const struct lint_set *set, const char *a, const char *b,
		  const char *c)
{
	size_t la = strlen(a), lb = strlen(b);
	for (size_t i = 0; i < set->n; i++) {
		const char *k = set->items[i];
		if (strncmp(k, a, la) != 0 || k[la] != '\x1f' ||
		    strncmp(k + la + 1, b, lb) != 0)
			continue;
		const char *rest = k + la + 1 + lb;
		if (c ? (rest[0] == '\x1f' && strcmp(rest + 1, c) == 0) : rest[0] == '\0')
			return true;
	}
	return false;
}

static unsigned lint_line(struct loc loc, uint32_t off)
{
	unsigned line, col;
	src_line_col(loc.file, off, &line, &col);
	return line;
}

static bool lint_allow_covers(const struct lint_allow *al, const struct ast_stmt *s)
{
	if (al->comment->own_line)
		return al->target == s;
	unsigned line = lint_line(al->comment->loc, al->comment->loc.start);
	uint32_t last = s->loc.end > s->loc.start ? s->loc.end - 1 : s->loc.start;
	return lint_line(s->loc, s->loc.start) <= line && line <= lint_line(s->loc, last);
}

void lint_output(struct lint *l, enum lint_rule rule, struct loc loc,
		 const char *msg)
{
	enum lint_level level = l->conf->level[rule];
	if (level == LINT_OFF)
		return;
	l->fired |= 1u << rule;
	if (level == LINT_ERROR)
		l->fired_errors |= 1u << rule;
	diag_coded(l->d, level == LINT_ERROR ? DIAG_ERROR : DIAG_WARNING, loc,
		   lint_rule_name(rule), "%s", msg);
}

void lint_emit(struct lint *l, const struct ast_stmt *s, enum lint_rule rule,
	       struct loc loc, const char *fmt, ...)
{
	if (!l->active)
		return;
	bool allowed = false;
	for (size_t i = 0; i < l->n_allows; i++) {
		struct lint_allow *al = &l->allows[i];
		if (al->rule == (int)rule && lint_allow_covers(al, s)) {
			al->used = true;
			allowed = true;
		}
	}
	if (allowed)
		return;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	lint_output(l, rule, loc, arena_strdup(l->a, buf));
}

