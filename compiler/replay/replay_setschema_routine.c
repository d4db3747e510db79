/*
 * replay_setschema_routine.c - `alter function | procedure | routine |
 * aggregate F[(args)] set schema S` (plain SQL, pgsql_seq.c describes it:
 * PGSQL_SETSCHEMA_OBJECT) in the model.
 *
 * PostgreSQL moves the routine; what refers to it by oid keeps calling it
 * (triggers, views, defaults, checks, other routines' `begin atomic`
 * bodies, aggregates), while a routine body kept as a string resolves
 * names when it runs.  The model moves the routine (its stored statement
 * names S) and the triggers executing it (their statement names S).  What
 * the model keeps as source text naming the routine (a view's query, a
 * table's default or check, an index expression, a policy, a domain, a
 * routine's `begin atomic` body or an aggregate's support function, an
 * event trigger) would keep naming the old schema: such a move is an
 * error at the statement, and so is any move while migc.conf compares
 * grants or owners.  Also here, for the other set schema files: the scan
 * of that text (rp_setschema_text_user) and the rewriting of a moved name
 * (rp_setschema_requalify); types and domains: replay_setschema_type.c.
 * Guarantees: on success the routine is found under S only (with the same
 * arguments), and no routine of that name and arguments was there; on an
 * error the model is unchanged.
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "model_evtrig.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "sql.h"
#include "sqltext.h"

static struct loc at_stmt(void)
{
	return (struct loc){ 0 };
}

static void sink(void *ctx, const char *s, size_t n)
{
	sb_put(ctx, s, n);
}

/* The identifier of token [i, e) of kind k, or NULL if not a name. */
static const char *ident(struct arena *a, const char *t, size_t i, size_t e, enum sqlt_kind k)
{
	if (k != SQLT_WORD && k != SQLT_QIDENT)
		return NULL;
	struct strbuf sb;
	sb_init(&sb, a);
	sqlt_put_token_ident(sink, &sb, t + i, e - i, k);
	return sb_str(&sb);
}

/* Does text name `name` as an identifier (outside literals and comments)? */
static bool mentions(struct arena *a, const char *text, const char *name)
{
	if (!text)
		return false;
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		enum sqlt_kind k;
		size_t e = sqlt_token(text, n, i, &k);
		const char *id = ident(a, text, i, e, k);
		if (id && strcmp(id, name) == 0)
			return true;
		i = e;
	}
	return false;
}

const char *rp_setschema_text_user(struct rp *r, const char *nm, const void *self)
{
	size_t n;
	struct m_view **vs = model_views_sorted(r->m, r->a, &n);
	for (size_t i = 0; i < n; i++) {
		if (vs[i] != self && mentions(r->a, vs[i]->def, nm))
			return arena_printf(r->a, "view \"%s\" names it", vs[i]->name);
		for (size_t k = 0; k < vs[i]->n_idx; k++) {
			const struct m_index *x = &vs[i]->idx[k];
			bool hit = mentions(r->a, x->where_text, nm);
			for (size_t j = 0; !hit && j < x->n_elems; j++)
				hit = mentions(r->a, x->elems[j].expr, nm);
			if (hit)
				return arena_printf(r->a, "index \"%s\" names it", x->name);
		}
	}
	struct m_table **ts = rp_all_tables(r, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_table *t = ts[i];
		bool hit = false;
		for (size_t k = 0; !hit && k < t->n_cols; k++)
			hit = mentions(r->a, t->cols[k].default_text, nm);
		for (size_t k = 0; !hit && k < t->n_cons; k++)
			hit = mentions(r->a, t->cons[k].check_text, nm);
		for (size_t k = 0; !hit && k < t->n_idx; k++) {
			hit = mentions(r->a, t->idx[k].where_text, nm);
			for (size_t j = 0; !hit && j < t->idx[k].n_elems; j++)
				hit = mentions(r->a, t->idx[k].elems[j].expr, nm);
		}
		for (size_t k = 0; !hit && k < t->n_pols; k++)
			hit = mentions(r->a, t->pols[k].using_text, nm) ||
			      mentions(r->a, t->pols[k].check_text, nm);
		if (hit)
			return arena_printf(r->a, "table \"%s\" names it", t->name);
	}
	struct m_routine **fs = model_routines_sorted(r->m, r->a, &n);
	for (size_t i = 0; i < n; i++) {
		if (fs[i] == self)
			continue;
		if (mentions(r->a, fs[i]->body, nm))
			return arena_printf(r->a, "routine \"%s\" names it", fs[i]->name);
	}
	struct m_utype **us = model_utypes_sorted(r->m, r->a, &n);
	for (size_t i = 0; i < n; i++)
		if (us[i] != self && mentions(r->a, us[i]->sql, nm))
			return arena_printf(r->a, "%s \"%s\" names it", model_utype_word(us[i]),
					    us[i]->name);
	return NULL;
}

/* What keeps f where the model cannot follow it, as a phrase; NULL when
 * nothing does. */
static const char *text_user(struct rp *r, const struct m_routine *f)
{
	size_t n;
	struct m_evtrig **es = model_evtrigs_sorted(r->m, r->a, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(es[i]->func_schema, f->schema) == 0 &&
		    strcmp(es[i]->func_name, f->name) == 0)
			return arena_printf(r->a, "event trigger \"%s\" executes it", es[i]->name);
	return rp_setschema_text_user(r, f->name, f);
}

/* The possibly qualified name whose first token is at i, written for
 * schema `to`.  The qualifier is written so that a move there and back
 * gives the text as it was: a name written unqualified (in the default
 * schema) is written "to".name, quoted, elsewhere, and alone again back in
 * the default schema; a name written qualified keeps a qualifier, as
 * sql_ident_min() writes it (to.name).  Quotes change no comparison
 * (model_expr_norm); a schema that needs quotes anyway is taken as
 * written qualified. */
const char *rp_setschema_requalify(struct arena *a, const char *text, size_t i, const char *to,
				   const char *default_schema)
{
	size_t n = strlen(text);
	enum sqlt_kind k, qk = SQLT_SPACE;
	size_t e = sqlt_token(text, n, i, &k), last = i, last_e = e;
	size_t d = sqlt_skip_blank(text, n, e);
	const char *q = NULL;
	if (d < n && text[d] == '.') {	/* schema.name */
		qk = k;
		q = ident(a, text, i, e, k);
		last = sqlt_skip_blank(text, n, d + 1);
		last_e = sqlt_token(text, n, last, &k);
	}
	/* written unqualified: no qualifier, or one quoted that needs none */
	bool bare = !q || (qk == SQLT_QIDENT && sql_ident_min(a, q)[0] != '"');
	struct strbuf sb;
	sb_init(&sb, a);
	sb_put(&sb, text, i);
	if (strcmp(to, default_schema) != 0 || !bare) {
		if (bare)
			sb_puts(&sb, sql_ident(a, to));
		else
			sql_put_ident_min(&sb, to);
		sb_putc(&sb, '.');
	}
	sb_put(&sb, text + last, last_e - last);
	sb_puts(&sb, text + last_e);
	return sb_str(&sb);
}

/* The place of the token after the first run of words w[0..nw) (case-
 * blind, blanks between) in text; strlen(text) when there is none. */
static size_t name_after(const char *text, const char *const *w, size_t nw)
{
	size_t n = strlen(text), start[64], nt = 0;
	enum sqlt_kind kinds[64];
	for (size_t i = 0; i < n;) {
		enum sqlt_kind k;
		size_t e = sqlt_token(text, n, i, &k);
		if (!sqlt_is_blank(k)) {
			if (nt == 64) {	/* keep a window: shift */
				memmove(start, start + 1, 63 * sizeof *start);
				memmove(kinds, kinds + 1, 63 * sizeof *kinds);
				nt--;
			}
			start[nt] = i;
			kinds[nt++] = k;
			if (nt > nw) {
				bool hit = true;
				for (size_t j = 0; hit && j < nw; j++) {
					size_t ts = start[nt - 1 - nw + j];
					size_t te = sqlt_token(text, n, ts, &k);
					hit = kinds[nt - 1 - nw + j] == SQLT_WORD && strlen(w[j]) == te - ts &&
					      strncasecmp(text + ts, w[j], te - ts) == 0;
				}
				if (hit)
					return i;
			}
		}
		i = e;
	}
	return n;
}

static bool move_routine(struct rp *r, const struct pgsql_stmt *p)
{
	bool ok;
	struct m_routine *f = rp_find_routine(r, p, &p->names[0], &ok);
	if (!f)
		return ok;
	const char *to = p->new_name;
	if (!model_schema(r->m, to)) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", to);
		return false;
	}
	if (strcmp(to, f->schema) == 0)
		return true;	/* already there */
	if (model_routine(r->m, to, f->name, f->args)) {
		rp_error(r, at_stmt(), "%s %s(%s) already exists in schema \"%s\"", p->obj_word,
			 f->name, f->args, to);
		return false;
	}
	const char *why = r->m->acl ? "migc.conf compares grants or owners" : text_user(r, f);
	if (why) {
		rp_error(r, at_stmt(), "not supported yet: moving %s \"%s\" to schema \"%s\" when "
			 "%s (migc keeps that text, which would name the old schema)", p->obj_word,
			 f->name, to, why);
		rp_note(r, f->loc, "%s \"%s\" is defined here", p->obj_word, f->name);
		return false;
	}
	size_t n;
	struct m_trigger **ts = model_triggers_sorted(r->m, r->a, &n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ts[i]->func_schema, f->schema) != 0 || strcmp(ts[i]->func_name, f->name) != 0)
			continue;
		static const char *const ef[] = { "execute", "function" };
		static const char *const ep[] = { "execute", "procedure" };
		size_t at = name_after(ts[i]->body, ef, 2);
		if (at >= strlen(ts[i]->body))
			at = name_after(ts[i]->body, ep, 2);
		if (at >= strlen(ts[i]->body)) {
			rp_error(r, at_stmt(), "not supported yet: moving function \"%s\" executed by "
				 "trigger \"%s\" (migc cannot find the function in its statement)",
				 f->name, ts[i]->name);
			return false;
		}
		struct m_trigger *t = arena_alloc(r->a, sizeof *t);
		*t = *ts[i];
		t->func_schema = arena_strdup(r->a, to);
		t->body = rp_setschema_requalify(r->a, t->body, at, to, r->m->default_schema);
		model_trigger_set(r->m, r->a, t);
	}
	/* its statement: "function|procedure|aggregate NAME(...": the name
	 * is the second token */
	size_t bn = strlen(f->body), at = sqlt_skip_blank(f->body, bn, 0);
	enum sqlt_kind k;
	at = sqlt_skip_blank(f->body, bn, sqlt_token(f->body, bn, at, &k));
	sqlt_token(f->body, bn, at, &k);
	if (at >= bn || (k != SQLT_WORD && k != SQLT_QIDENT)) {
		rp_error(r, at_stmt(), "not supported yet: moving %s \"%s\" (migc cannot find "
			 "its name in its statement)", p->obj_word, f->name);
		return false;
	}
	struct m_routine *c = arena_alloc(r->a, sizeof *c);
	*c = *f;
	c->schema = arena_strdup(r->a, to);
	c->body = rp_setschema_requalify(r->a, f->body, at, to, r->m->default_schema);
	model_routine_del(r->m, r->a, f);
	model_routine_set(r->m, r->a, c);
	return true;
}

bool rp_routine_set_schema(struct rp *r, const struct pgsql_stmt *p)
{
	return move_routine(r, p);
}
