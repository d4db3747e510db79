/*
 * ast_identity.c - AST constructors for identity columns' sequence
 * options and the ALTER COLUMN identity forms: the options of
 * `generated ... as identity (options)` (create table, add column,
 * schema.mig, alter column add generated) and of
 * `alter column c {set option | restart [with n] | set generated ...}...`,
 * `alter column c drop identity [if exists]` and
 * `alter column c drop expression [if exists]`.
 *
 * The options are PostgreSQL 15's SeqOptElem: increment [by] n, start
 * [with] n, minvalue n | no minvalue, maxvalue n | no maxvalue, cache n,
 * cycle | no cycle, restart [[with] n], sequence name s, as type.  A word
 * that is none of them is a syntax error at the word; an option written
 * twice is PostgreSQL's "conflicting or redundant options"; `as` (the
 * column's type is the sequence's) and, after `set`, `restart`,
 * `sequence name` are refused with PostgreSQL's messages.  Numbers are
 * kept as written and must fit a bigint.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"
#include "pgsql_tree.h"

static struct ast_idopts *opts_new(struct parse_ctx *c, struct loc loc)
{
	struct ast_idopts *o = arena_calloc(c->arena, 1, sizeof *o);
	o->q = arena_calloc(c->arena, 1, sizeof *o->q);
	o->loc = loc;
	return o;
}

const char *ast_signed_num(struct parse_ctx *c, bool neg, const char *digits)
{
	return neg ? arena_printf(c->arena, "-%s", digits) : digits;
}

/* Errors wait for the whole list (ast_idopts_merge keeps the first):
 * one mistake in an alter column list is one error. */
static void fail(struct parse_ctx *c, struct ast_idopts *o, struct loc at, const char *msg)
{
	if (!o->err) {
		o->err = arena_strdup(c->arena, msg);
		o->err_loc = at;
	}
	o->q->bad = true;
}

static void report(struct parse_ctx *c, const struct ast_idopts *o)
{
	if (o && o->err)
		diag_error(c->diag, o->err_loc, "%s", o->err);
}

static bool number(struct parse_ctx *c, struct ast_idopts *o, const char *s, struct loc at,
		   long long *out)
{
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || errno) {
		fail(c, o, at, arena_printf(c->arena, "value \"%s\" is out of range for type bigint", s));
		return false;
	}
	*out = v;
	return true;
}

struct ast_idopts *ast_idopt_word(struct parse_ctx *c, const char *w, struct loc wl,
				  const char *joiner, const char *num, struct loc nl)
{
	struct ast_idopts *o = opts_new(c, wl);
	struct pgsql_seq *q = o->q;
	bool ok = true;
	if (strcmp(w, "cycle") == 0 && !num) {
		q->has_cycle = q->cycle = true;
	} else if (strcmp(w, "restart") == 0 && (!joiner || strcmp(joiner, "with") == 0)) {
		q->has_restart = true;
		if (num) {
			q->restart_with = true;
			ok = number(c, o, num, nl, &q->restart);
		}
	} else if (strcmp(w, "increment") == 0 && num && (!joiner || strcmp(joiner, "by") == 0)) {
		q->has_inc = true;
		ok = number(c, o, num, nl, &q->inc);
	} else if (strcmp(w, "start") == 0 && num && (!joiner || strcmp(joiner, "with") == 0)) {
		q->has_start = true;
		ok = number(c, o, num, nl, &q->start);
	} else if (strcmp(w, "minvalue") == 0 && num && !joiner) {
		q->has_min = true;
		ok = number(c, o, num, nl, &q->min);
	} else if (strcmp(w, "maxvalue") == 0 && num && !joiner) {
		q->has_max = true;
		ok = number(c, o, num, nl, &q->max);
	} else if (strcmp(w, "cache") == 0 && num && !joiner) {
		q->has_cache = true;
		ok = number(c, o, num, nl, &q->cache);
	} else {
		o->word = w;
		fail(c, o, wl, arena_printf(c->arena, "syntax error at or near \"%s\", expected a sequence option (increment, start, minvalue, maxvalue, cache, cycle, restart)", w));
	}
	q->bad |= !ok;
	return o;
}

struct ast_idopts *ast_idopt_no(struct parse_ctx *c, const char *w, struct loc wl)
{
	struct ast_idopts *o = opts_new(c, wl);
	if (strcmp(w, "cycle") == 0) {
		o->q->has_cycle = true;
	} else if (strcmp(w, "minvalue") == 0) {
		o->q->no_min = true;
	} else if (strcmp(w, "maxvalue") == 0) {
		o->q->no_max = true;
	} else {
		fail(c, o, wl, arena_printf(c->arena, "syntax error at or near \"%s\", expected CYCLE, MINVALUE or MAXVALUE", w));
	}
	return o;
}

struct ast_idopts *ast_idopt_name(struct parse_ctx *c, const struct ast_ident *seq,
				  struct loc loc)
{
	struct ast_idopts *o = opts_new(c, loc);
	if (seq) {
		o->seq_name = seq->name;
		o->seq_loc = seq->loc;
	}
	return o;
}

struct ast_idopts *ast_idopt_refused(struct parse_ctx *c, const char *msg, struct loc loc)
{
	struct ast_idopts *o = opts_new(c, loc);
	fail(c, o, loc, msg);
	return o;
}

struct ast_idopts *ast_idopt_set(struct parse_ctx *c, struct ast_idopts *o)
{
	if (o->word) {
		o->err = NULL;
		fail(c, o, o->loc, arena_printf(c->arena, "syntax error at or near \"%s\", expected DATA, DEFAULT, NOT, GENERATED or a sequence option", o->word));
	} else if (o->q->has_restart) {
		fail(c, o, o->loc, "sequence option \"restart\" not supported here");
	}
	return o;
}

struct ast_idopts *ast_idopt_bare(struct parse_ctx *c, struct ast_idopts *o, const char *w)
{
	if (strcmp(w, "restart") != 0) {
		o->err = NULL;
		fail(c, o, o->loc, arena_printf(c->arena, "syntax error at or near \"%s\", expected TYPE, SET, DROP, ADD or RESTART", w));
	}
	return o;
}

struct ast_idopts *ast_idopt_generated(struct parse_ctx *c, bool always, struct loc loc)
{
	struct ast_idopts *o = opts_new(c, loc);
	o->set_generated = always ? 1 : 2;
	return o;
}

struct ast_idopts *ast_idopts_merge(struct parse_ctx *c, struct ast_idopts *a,
				    struct ast_idopts *b)
{
	struct pgsql_seq *x = a->q;
	const struct pgsql_seq *y = b->q;
	bool twice = ((x->has_inc && y->has_inc) || (x->has_start && y->has_start) ||
		      ((x->has_min || x->no_min) && (y->has_min || y->no_min)) ||
		      ((x->has_max || x->no_max) && (y->has_max || y->no_max)) ||
		      (x->has_cache && y->has_cache) || (x->has_cycle && y->has_cycle) ||
		      (x->has_restart && y->has_restart) || (a->seq_name && b->seq_name) ||
		      (a->set_generated && b->set_generated));
	if (!a->err && b->err) {
		a->err = b->err;
		a->err_loc = b->err_loc;
	}
	if (twice)
		fail(c, a, b->loc, "conflicting or redundant options");
	if (x->bad || y->bad) {
		x->bad = true;
		return a;
	}
#define TAKE(flag, field) if (y->flag) { x->flag = true; x->field = y->field; }
	TAKE(has_inc, inc)
	TAKE(has_start, start)
	TAKE(has_min, min)
	TAKE(has_max, max)
	TAKE(has_cache, cache)
	TAKE(has_cycle, cycle)
	TAKE(has_restart, restart)
#undef TAKE
	x->no_min |= y->no_min;
	x->no_max |= y->no_max;
	x->restart_with |= y->restart_with;
	x->bad |= y->bad;
	if (b->seq_name) {
		a->seq_name = b->seq_name;
		a->seq_loc = b->seq_loc;
	}
	if (b->set_generated)
		a->set_generated = b->set_generated;
	return a;
}

static bool has_any(const struct pgsql_seq *q)
{
	return q->has_inc || q->has_start || q->has_min || q->no_min || q->has_max ||
	       q->no_max || q->has_cache || q->has_cycle || q->has_restart;
}

struct ast_constraint *ast_con_identity_opts(struct parse_ctx *c, bool always,
					     struct ast_idopts *o, struct loc loc)
{
	struct ast_ident seq = { 0 };
	report(c, o);
	if (o && o->seq_name) {
		seq.name = o->seq_name;
		seq.loc = o->seq_loc;
	}
	struct ast_constraint *con = ast_con_identity(c, always, seq.name ? &seq : NULL, loc);
	if (o && has_any(o->q))
		con->seq_opts = o->q;
	return con;
}

static struct ast_alter *alter_new(struct parse_ctx *c, enum ast_alter_kind k, struct loc loc)
{
	struct ast_alter *a = arena_calloc(c->arena, 1, sizeof *a);
	a->kind = k;
	a->loc = loc;
	return a;
}

struct ast_alter *ast_alter_add_identity(struct parse_ctx *c, bool always,
					 struct ast_idopts *o, struct loc loc)
{
	struct ast_alter *a = alter_new(c, ALT_ADD_IDENTITY, loc);
	a->constraint = ast_con_identity_opts(c, always, o, loc);
	return a;
}

struct ast_alter *ast_alter_set_identity(struct parse_ctx *c, struct ast_idopts *o,
					 struct loc loc)
{
	struct ast_alter *a = alter_new(c, ALT_SET_IDENTITY, loc);
	report(c, o);
	a->set_generated = o->set_generated;
	if (has_any(o->q) || o->q->bad)
		a->seq_opts = o->q;
	return a;
}

struct ast_alter *ast_alter_drop_identity(struct parse_ctx *c, const char *word,
					  struct loc wl, bool if_exists, struct loc loc)
{
	enum ast_alter_kind k = ALT_DROP_IDENTITY;
	if (word && strcmp(word, "expression") == 0)
		k = ALT_DROP_EXPRESSION;
	else if (word)
		diag_error(c->diag, wl, "syntax error at or near \"%s\", expected DEFAULT, EXPRESSION, IDENTITY or NOT", word);
	struct ast_alter *a = alter_new(c, k, loc);
	a->if_exists = if_exists;
	return a;
}
