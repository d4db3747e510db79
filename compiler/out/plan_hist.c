/*
 * plan_hist.c - the history closure of `check` at the head (plan ABI 9:
 * check_hist of struct migrt_revision): the part of the history that
 * PostgreSQL must replay because the model cannot restate it, and only
 * that part.
 *
 * What the model cannot restate (plan_head.c, rev_needs_replay): plain SQL
 * (views, routines, triggers, sequences, domains, types, grants, comments
 * ...: PostgreSQL expanded or ran them when they were applied) and the
 * partition statements (a detached partition keeps what it had, `alter
 * table only` leaves the partitions as they were).  Those statements are
 * the seeds.  An `execute` block is skipped by check's replay
 * (plan_check_stmts keeps no opaque execute), so the full replay never has
 * its effect and the closure need not either - except that the model
 * follows an execute block that drops a type (replay_utype.c), so the
 * names of an execute block that says "drop" are seeds too (they are then
 * built from the history, as the full replay builds them, and not from
 * the model).  Plain SQL that check does not replay (data: insert, ...)
 * seeds its names as well, for the same reason: the model's reading of it
 * never decides a predicted object.
 *
 * The names: every name the history or the head model ever defines
 * (tables, indexes, enum and other types, domains, views, routines,
 * triggers, sequences, collations; schema names are not names here:
 * schemas are always built, from the head model's create schema
 * statements).  The set starts with the seeds' words that are such names,
 * and every seed joins the closure; then every other check statement of
 * every revision (check_upgrade, in plan order) whose target - what it
 * creates, changes, renames (old or new name) or drops: a table, an index,
 * an enum type, or the table of an index, comment or policy - is in the
 * set joins the closure too, and all of its words that are names join the
 * set (what it needs: a foreign key's table, a column's type, a default's
 * function ...), to a fixed point.  An index or a serial column's sequence
 * brings its table's name along.  Words are read as plan_partial.c reads
 * them (identifiers quoted or not, words inside string literals).
 *
 * Why that is exact: an object whose name is in the set is built only by
 * the closure, and every statement that creates, changes, renames or
 * drops it is plain SQL (a seed: always in) or a statement of migc's own
 * grammar whose target it is (in, by the rule), so the closure replays
 * every statement that touches it, in the same order as the full replay;
 * every object such a statement needs is named in it, so it is in the set
 * and built as well.  A statement of migc's grammar changes only its
 * target in what the catalog reader reads (a foreign key is read on its
 * table, not on the table it references; inheritance is not read).  An
 * object whose name is not in the set is never named by a closure
 * statement, so the closure does not touch it; it is predicted or built
 * from the model, after the closure, as before.  Name-based and
 * schema-blind: more than needed, never less.
 *
 * Refused (the full replay stays): a history that drops a schema or
 * renames one (objects would move between the names), and any event
 * trigger (it runs on every later DDL statement, named or not).
 */
#include "plan_head.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "ast.h"
#include "migrt.h"
#include "model.h"
#include "model_coll.h"
#include "model_seq.h"
#include "pgsql_tree.h"
#include "pmap.h"
#include "project.h"

struct ph_def {			/* a name, and the table it brings along */
	const char *owner;	/* NULL: itself only */
	struct ph_def *next;
};

struct ph {
	struct arena *a;
	struct cow_stamp st;
	struct pmap defined;	/* name -> struct ph_def list */
	struct pmap *set;	/* name -> the name */
	/* the defined words of the statement being read */
	const char **w;
	size_t nw, cw;
};

static void define(struct ph *h, const char *name, const char *owner)
{
	if (!name || !*name)
		return;
	struct ph_def *d = pmap_get(&h->defined, name), *n;

	for (n = d; n; n = n->next)
		if (n->owner == owner || (n->owner && owner && strcmp(n->owner, owner) == 0))
			return;
	n = arena_calloc(h->a, 1, sizeof *n);
	n->owner = owner;
	n->next = d;
	pmap_set(&h->defined, h->a, h->st, arena_strdup(h->a, name), n);
}

static void add(struct ph *h, const char *name)
{
	if (pmap_get(h->set, name))
		return;
	const char *k = arena_strdup(h->a, name);
	pmap_set(h->set, h->a, h->st, k, (void *)k);
	for (struct ph_def *d = pmap_get(&h->defined, name); d; d = d->next)
		if (d->owner)
			add(h, d->owner);
}

static void word(void *ctx, const char *w)
{
	struct ph *h = ctx;

	if (!pmap_get(&h->defined, w))
		return;
	for (size_t i = 0; i < h->nw; i++)
		if (strcmp(h->w[i], w) == 0)
			return;
	if (h->nw == h->cw) {
		size_t cap = h->cw ? h->cw * 2 : 8;
		h->w = arena_grow(h->a, h->w, h->cw * sizeof *h->w, cap * sizeof *h->w);
		h->cw = cap;
	}
	h->w[h->nw++] = arena_strdup(h->a, w);
}

/* The defined words of `sql` in h->w (h->nw of them). */
static void words(struct ph *h, const char *sql)
{
	h->nw = 0;
	plan_words(h->a, sql, word, h);
}

static void define_model(struct ph *h, const struct model *m)
{
	size_t n, k, nt;
	struct m_schema **ss = model_schemas_sorted(m, h->a, &n);

	for (size_t i = 0; i < n; i++) {
		struct m_table **ts = schema_tables_sorted(ss[i], h->a, &nt);
		for (k = 0; k < nt; k++) {
			const struct m_table *t = ts[k];
			define(h, t->name, NULL);
			for (size_t c = 0; c < t->n_cols; c++)
				define(h, t->cols[c].seq, t->name);
			for (size_t x = 0; x < t->n_idx; x++)
				define(h, t->idx[x].name, t->name);
		}
		struct m_enum **es = schema_enums_sorted(ss[i], h->a, &nt);
		for (k = 0; k < nt; k++)
			define(h, es[k]->name, NULL);
		struct m_view **vs = (struct m_view **)pmap_sorted(&ss[i]->views, h->a, &nt);
		for (k = 0; k < nt; k++)
			define(h, vs[k]->name, NULL);
		struct m_routine **rs = (struct m_routine **)pmap_sorted(&ss[i]->routines,
									 h->a, &nt);
		for (k = 0; k < nt; k++)
			define(h, rs[k]->name, NULL);
		struct m_trigger **gs = (struct m_trigger **)pmap_sorted(&ss[i]->triggers,
									 h->a, &nt);
		for (k = 0; k < nt; k++)
			define(h, gs[k]->name, gs[k]->table);
		struct m_seq **qs = (struct m_seq **)pmap_sorted(&ss[i]->seqs, h->a, &nt);
		for (k = 0; k < nt; k++)
			define(h, qs[k]->name, NULL);
	}
	struct m_utype **us = (struct m_utype **)pmap_sorted(&m->utypes, h->a, &n);
	for (k = 0; k < n; k++)
		define(h, us[k]->name, NULL);
	struct m_coll **cs = (struct m_coll **)pmap_sorted(&m->colls, h->a, &n);
	for (k = 0; k < n; k++)
		define(h, cs[k]->name, NULL);
}

/* Whether `sql` starts with the words `a` `b` (case-insensitive). */
static bool starts(const char *sql, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (isspace((unsigned char)*sql))
		sql++;
	if (strncasecmp(sql, a, la) != 0 || !isspace((unsigned char)sql[la]))
		return false;
	for (sql += la; isspace((unsigned char)*sql);)
		sql++;
	return strncasecmp(sql, b, lb) == 0 &&
	       !(isalnum((unsigned char)sql[lb]) || sql[lb] == '_');
}

struct ph_has {
	const char *w;
	bool found;
};

static void has_word(void *ctx, const char *w)
{
	struct ph_has *c = ctx;

	c->found = c->found || strcasecmp(w, c->w) == 0;
}

static void push(struct ph *h, const char *name)
{
	if (!name || !pmap_get(&h->defined, name))
		return;
	if (h->nw == h->cw) {
		size_t cap = h->cw ? h->cw * 2 : 8;
		h->w = arena_grow(h->a, h->w, h->cw * sizeof *h->w, cap * sizeof *h->w);
		h->cw = cap;
	}
	h->w[h->nw++] = name;
}

/* The names of what statement `s` (not plain SQL) changes, creates or
 * drops, in h->w (h->nw of them). */
static void targets(struct ph *h, const struct ast_stmt *s)
{
	h->nw = 0;
	push(h, s->target.name);
	if (ast_stmt_table(s))
		push(h, ast_stmt_table(s)->name);
	for (size_t i = 1; i < ast_drop_count(s); i++)
		push(h, ast_drop_one(s, i).target.name);
	if (s->kind == STMT_RENAME_TABLE || s->kind == STMT_RENAME_INDEX)
		push(h, s->u.rename.new_name.name);
}

/* What statement `s` defines; false when the history needs the full
 * replay (see the file comment).  *seed: its names are seeds. */
static bool define_stmt(struct ph *h, const struct ast_stmt *s, bool *seed)
{
	*seed = false;
	switch (s->kind) {
	case STMT_DROP_SCHEMA:
		return false;
	case STMT_CREATE_SCHEMA: case STMT_CREATE_EXTENSION: case STMT_DROP_EXTENSION:
		return true;
	case STMT_EXECUTE: {
		const char *sql = s->u.exec.sql;
		struct pgsql_stmt p;
		if (!sql)
			return true;
		if (!s->u.exec.passthrough) {
			struct ph_has c = { "drop", false };
			plan_words(h->a, sql, has_word, &c);
			*seed = c.found;
			return true;
		}
		*seed = true;
		if (starts(sql, "alter", "schema"))
			return false;	/* a rename (or an owner: refused alike) */
		if (!pgsql_describe(h->a, sql, strlen(sql), &p))
			return true;
		if (p.kind == PGSQL_CREATE_EVTRIG || p.kind == PGSQL_ALTER_EVTRIG ||
		    p.kind == PGSQL_RENAME_EVTRIG || p.kind == PGSQL_DROP_EVTRIG)
			return false;
		for (size_t i = 0; i < p.n_names; i++)
			define(h, p.names[i].name, p.names[i].table);
		define(h, p.new_name, NULL);
		return true;
	}
	case STMT_RENAME_TABLE: case STMT_RENAME_INDEX:
		define(h, s->u.rename.new_name.name, NULL);
		break;
	case STMT_ATTACH_PARTITION: case STMT_DETACH_PARTITION:
		*seed = true;
		break;
	case STMT_CREATE_TABLE:
		*seed = s->u.table.part_of.name || s->u.table.part_by;
		define(h, s->u.table.part_of.name, NULL);
		break;
	case STMT_ALTER_TABLE:
		*seed = s->u.alter.only;
		break;
	default:
		break;
	}
	for (size_t i = 0; i < ast_drop_count(s); i++)
		define(h, ast_drop_one(s, i).target.name, NULL);
	define(h, s->target.name, NULL);
	if (ast_stmt_table(s))
		define(h, ast_stmt_table(s)->name, NULL);
	return true;
}

bool plan_hist_closure(struct arena *a, const struct project *p,
		       const struct migrt_plan *plan, const uint32_t *const *check_src,
		       struct pmap *set, const struct migrt_stmt **stmts, uint32_t *n)
{
	struct ph h = { .a = a, .set = set };
	size_t total = 0;

	h.st = (struct cow_stamp){ &h, 0 };
	memset(set, 0, sizeof *set);
	if (p->head_model->evtrigs.count)
		return false;
	define_model(&h, p->head_model);
	/* what every statement defines, and which are seeds */
	bool **seeds = arena_calloc(a, p->n_revs + 1, sizeof *seeds);
	for (size_t i = 0; i < p->n_revs; i++) {
		const struct ast_revision *ar = p->revs[i]->ast;
		seeds[i] = arena_calloc(a, ar->n_upgrade + 1, sizeof **seeds);
		for (size_t k = 0; k < ar->n_upgrade; k++)
			if (!define_stmt(&h, &ar->upgrade[k], &seeds[i][k]))
				return false;
		total += plan->revisions[i].n_check_upgrade;
	}
	/* the seeds' names, and the check statements that are seeds */
	bool *in = arena_calloc(a, total + 1, sizeof *in);
	const char ***ws = arena_calloc(a, total + 1, sizeof *ws);
	const char ***ts = arena_calloc(a, total + 1, sizeof *ts);
	size_t *nws = arena_calloc(a, total + 1, sizeof *nws);
	size_t *nts = arena_calloc(a, total + 1, sizeof *nts);
	size_t at = 0;
	for (size_t i = 0; i < p->n_revs; i++) {
		const struct ast_revision *ar = p->revs[i]->ast;
		const struct migrt_revision *r = &plan->revisions[i];
		bool *replayed = arena_calloc(a, ar->n_upgrade + 1, sizeof *replayed);
		for (uint32_t k = 0; k < r->n_check_upgrade; k++, at++) {
			const struct ast_stmt *s = &ar->upgrade[check_src[i][k]];
			replayed[check_src[i][k]] = true;
			if (s->kind == STMT_CREATE_SCHEMA)
				continue;	/* the head model's create them */
			words(&h, r->check_upgrade[k].sql);
			ws[at] = arena_calloc(a, h.nw + 1, sizeof **ws);
			memcpy(ws[at], h.w, h.nw * sizeof *h.w);
			nws[at] = h.nw;
			if (seeds[i][check_src[i][k]]) {
				in[at] = true;
				for (size_t w = 0; w < h.nw; w++)
					add(&h, h.w[w]);
				continue;
			}
			targets(&h, s);
			ts[at] = arena_calloc(a, h.nw + 1, sizeof **ts);
			memcpy(ts[at], h.w, h.nw * sizeof *h.w);
			nts[at] = h.nw;
		}
		for (size_t k = 0; k < ar->n_upgrade; k++) {
			const struct ast_stmt *s = &ar->upgrade[k];
			if (replayed[k] || !seeds[i][k] || s->kind != STMT_EXECUTE)
				continue;	/* not replayed: its names alone */
			words(&h, s->u.exec.sql);
			for (size_t w = 0; w < h.nw; w++)
				add(&h, h.w[w]);
		}
	}
	/* to a fixed point */
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t k = 0; k < total; k++) {
			bool hit = false;
			if (in[k])
				continue;
			for (size_t w = 0; w < nts[k] && !hit; w++)
				hit = pmap_get(set, ts[k][w]) != NULL;
			if (!hit)
				continue;
			in[k] = grew = true;
			for (size_t w = 0; w < nws[k]; w++)
				add(&h, ws[k][w]);
		}
	}
	struct migrt_stmt *out = arena_calloc(a, total + 1, sizeof *out);
	uint32_t m = 0;
	at = 0;
	for (size_t i = 0; i < p->n_revs; i++) {
		const struct migrt_revision *r = &plan->revisions[i];
		for (uint32_t k = 0; k < r->n_check_upgrade; k++, at++)
			if (in[at]) {
				out[m].sql = r->check_upgrade[k].sql;
				out[m].line = r->check_upgrade[k].line;
				m++;
			}
	}
	*stmts = m ? out : NULL;
	*n = m;
	return true;
}

bool plan_hist_owns(struct arena *a, const struct pmap *hist, const struct pmap *objects,
		    size_t name_at)
{
	size_t n;
	void **v = pmap_sorted(objects, a, &n);

	for (size_t i = 0; i < n; i++)
		if (!hist || !pmap_get(hist, *(const char *const *)((const char *)v[i] + name_at)))
			return false;
	return true;
}
