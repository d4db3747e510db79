/*
 * plan_head.c - the expected schema of the migrator's `check` at the head
 * revision, written from the model (plan ABI 6: check_model of
 * struct migrt_revision).
 *
 * Replaying a long history into scratch schemas costs the server one
 * statement per statement ever written; the model at the head holds the
 * same objects in one statement each.  autogenerate's "everything from an
 * empty schema" (autogen_diff from a new model to the head model) gives
 * those statements, ordered so that they apply; they are rendered into the
 * scratch schemas exactly like check_upgrade (plan_build.c): names mapped
 * to MIGRT_CHECK_PREFIX schemas, extensions left out, no CONCURRENTLY.
 *
 * Guarantees: check_model_exact is set only when the statements rebuild
 * what the replay of the history would, as far as the compiler can tell:
 *  - the history has no execute block and no plain SQL statement (views,
 *    routines, ...: their effect, or PostgreSQL's expansion of them at the
 *    time they ran, is not something the model can restate exactly);
 *  - a column whose type changed while it had a default (PostgreSQL keeps
 *    the old default expression, coerced, which a fresh default does not
 *    spell) is created with the type it had then and changed in the same
 *    steps (plan_head_types.c); one that cannot be followed sends the head
 *    to the replay;
 *  - autogenerate reports nothing it cannot write, every statement is one
 *    the scratch rendering can express, and the statements replayed on an
 *    empty model give back a model with no difference from the head.
 * Otherwise check_model stays NULL and `check` replays the history.
 *
 * A history with plain SQL or a partition statement (rev_needs_replay) is
 * not given up whole (plan ABI 9): its history closure (plan_hist.c) is
 * replayed on the server for the objects it names, the model statements
 * of those objects are left out (the model's plain SQL must all be
 * theirs), and the rest is predicted or built from the model as above
 * (plan_catalog.c, plan_partial.c); check_model_exact stays 0 (the model
 * alone does not rebuild the head) and check_catalog_exact says whether
 * that prediction can be used.  Then only the rest must round-trip:
 * autogenerate writes the head model without the closure's objects
 * (plan_hist_model.c), and the statements, replayed on a model of only
 * the closure's objects (what the closure has built when they run), must
 * give back the head model exactly; so what autogenerate cannot write but
 * the closure builds (a renamed routine, a partition's own default ...)
 * no longer costs the prediction.  When that fails, the whole head model
 * is tried as without a closure.
 */
#include "plan_head.h"

#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "autogen.h"
#include "diag.h"
#include "migrt.h"
#include "model.h"
#include "pgsql_tree.h"
#include "pmap.h"
#include "project.h"
#include "replay.h"
#include "sql.h"

/* Whether revision `ar`'s upgrade has a statement whose effect on the
 * expected schema the model cannot restate. */
static bool rev_needs_replay(const struct ast_revision *ar)
{
	for (size_t i = 0; i < ar->n_upgrade; i++) {
		const struct ast_stmt *s = &ar->upgrade[i];

		if (s->kind == STMT_EXECUTE)
			return true;	/* opaque, or plain SQL kept as written */
		/* partitions: a detached partition keeps the indexes and
		 * constraints it had, ALTER TABLE ONLY leaves the partitions
		 * as they were; a fresh "partition of" inherits everything */
		if (s->kind == STMT_ATTACH_PARTITION || s->kind == STMT_DETACH_PARTITION)
			return true;
		if (s->kind == STMT_CREATE_TABLE && (s->u.table.part_of.name || s->u.table.part_by))
			return true;
		if (s->kind == STMT_ALTER_TABLE && s->u.alter.only)
			return true;
	}
	return false;
}

static bool rev_changes_type(const struct ast_revision *ar)
{
	for (size_t i = 0; i < ar->n_upgrade; i++) {
		const struct ast_stmt *s = &ar->upgrade[i];
		for (size_t k = 0; s->kind == STMT_ALTER_TABLE && k < s->u.alter.n_alters; k++)
			if (s->u.alter.alters[k].kind == ALT_ALTER_TYPE)
				return true;
	}
	return false;
}

/* The create table statement `s` with the columns of `chains` on it
 * created with their first type, and after it (in l) the type changes;
 * marks each chain it uses.  `s` is the caller's copy. */
static void apply_chains(struct arena *a, const struct model *m, struct ast_stmt *s,
			 const struct head_chains *chains, bool *used, struct mast_list *l)
{
	const char *schema = s->target.schema ? s->target.schema : m->default_schema;
	struct ast_column *cols = NULL;

	for (size_t i = 0; i < chains->n; i++) {
		const struct head_chain *h = &chains->v[i];
		if (h->dead || strcmp(h->schema, schema) != 0 ||
		    strcmp(h->table, s->target.name) != 0)
			continue;
		for (size_t k = 0; k < s->u.table.n_columns; k++) {
			if (strcmp(s->u.table.columns[k].name.name, h->col) != 0)
				continue;
			if (!cols) {	/* the statement's columns are shared */
				cols = arena_calloc(a, s->u.table.n_columns, sizeof *cols);
				memcpy(cols, s->u.table.columns, s->u.table.n_columns * sizeof *cols);
				s->u.table.columns = cols;
			}
			cols[k].type = h->first;
			for (size_t t = 0; t < h->n_types; t++) {
				struct ast_stmt *al = mast_push(l, STMT_ALTER_TABLE, s->loc);
				struct ast_alter *x = arena_calloc(a, 1, sizeof *x);
				al->target = s->target;
				x->kind = ALT_ALTER_TYPE;
				x->name = cols[k].name;
				x->type = h->types[t];
				x->loc = s->loc;
				al->u.alter.alters = x;
				al->u.alter.n_alters = 1;
			}
			used[i] = true;
		}
	}
}

/* The head model as statements from an empty schema, or false when
 * autogenerate cannot write all of it or what it writes does not rebuild
 * the model exactly.  With a history closure (`set`), only the model
 * without the closure's objects is written, and the statements, run
 * where the closure has built its objects (plan_hist_model.c), must give
 * the head model exactly. */
static bool head_statements(struct arena *a, const struct project *p,
			    const struct pmap *set, struct autogen *ag)
{
	struct model *empty = model_new(a, p->conf.default_schema);
	struct diag quiet;
	const char **lines = NULL;

	autogen_diff(a, empty, set ? plan_hist_model(a, p->head_model, set, false) :
		     p->head_model, ag);
	if (ag->n_unsupported || ag->n_enum_removals)
		return false;
	diag_init_silent(&quiet);
	struct replay_ctx ctx = { .arena = a, .diag = &quiet };
	struct model *m = set ? plan_hist_model(a, p->head_model, set, true) :
		model_clone(a, empty);
	for (size_t i = 0; i < ag->stmts.n; i++) {
		struct ast_stmt s = ag->stmts.v[i];
		if (set && s.kind == STMT_CREATE_SCHEMA)
			s.if_not_exists = true;	/* the closure's schemas are there */
		if (!replay_stmt(&ctx, m, &s))
			return false;
	}
	return model_diff(a, p->head_model, m, &lines) == 0;
}

/* Whether model statement `s` belongs to an object the history closure
 * builds (its name in `hist`); -1 when it is plain SQL for anything else
 * (the head then needs the full replay). */
static int in_hist(struct arena *a, const struct pmap *hist, const struct ast_stmt *s)
{
	if (s->kind == STMT_EXECUTE) {
		struct pgsql_stmt p;
		const char *sql = s->u.exec.sql;
		if (!s->u.exec.passthrough || !sql ||
		    !pgsql_describe(a, sql, strlen(sql), &p) || !p.n_names)
			return -1;
		for (size_t i = 0; i < p.n_names; i++)
			if (!pmap_get(hist, p.names[i].name))
				return -1;
		return 1;
	}
	if (s->kind == STMT_CREATE_SCHEMA)
		return 0;
	if (s->target.name && pmap_get(hist, s->target.name))
		return 1;
	return ast_stmt_table(s) && ast_stmt_table(s)->name &&
	       pmap_get(hist, ast_stmt_table(s)->name) ? 1 : 0;
}

void plan_head_check(struct arena *a, const struct project *p,
		     const struct migrt_plan *plan, const uint32_t *const *check_src,
		     struct migrt_revision *head)
{
	struct autogen ag;
	struct head_chains chains = { 0 };
	struct pmap set = { 0 };
	const struct migrt_stmt *hist_stmts = NULL;
	uint32_t n_hist = 0;
	bool types = false, hist = false;

	if (!p->head_model || p->n_heads != 1)
		return;
	for (size_t i = 0; i < p->n_revs; i++) {
		hist = hist || rev_needs_replay(p->revs[i]->ast);
		types = types || rev_changes_type(p->revs[i]->ast);
	}
	/* what only the server can normalise: the history closure (ABI 9) */
	if (hist && !plan_hist_closure(a, p, plan, check_src, &set, &hist_stmts, &n_hist))
		return;
	/* with a history closure, only what it does not build must be written
	 * back exactly (plan_hist_model.c); failing that, the whole head */
	if (!(hist && head_statements(a, p, &set, &ag)) && !head_statements(a, p, NULL, &ag))
		return;
	if (types && !plan_head_type_chains(a, p, &chains))
		return;
	/* the statements again, with the followed columns' type changes */
	bool *used = arena_calloc(a, chains.n + 1, sizeof *used);
	struct mast_list l;
	mast_init(&l, a);
	for (size_t i = 0; i < ag.stmts.n; i++) {
		struct ast_stmt s = ag.stmts.v[i];
		struct mast_list extra;
		mast_init(&extra, a);
		if (s.kind == STMT_CREATE_TABLE && chains.n)
			apply_chains(a, p->head_model, &s, &chains, used, &extra);
		*mast_push(&l, s.kind, s.loc) = s;
		for (size_t k = 0; k < extra.n; k++)
			*mast_push(&l, extra.v[k].kind, extra.v[k].loc) = extra.v[k];
	}
	for (size_t i = 0; i < chains.n; i++)
		if (!chains.v[i].dead && !used[i] && !(hist && pmap_get(&set, chains.v[i].table)))
			return;		/* a column not made by a create table */
	ag.stmts = l;

	const struct sql_schema_map map = { MIGRT_CHECK_PREFIX, p->conf.default_schema, NULL,
					    model_ext_type_keep, p->head_model, model_ext_func_keep };
	const struct sql_remap rm = { plan->schemas, plan->n_schemas, &map };
	struct migrt_stmt *out = arena_calloc(a, ag.stmts.n + 1, sizeof *out);
	const struct ast_stmt **from = arena_calloc(a, ag.stmts.n + 1, sizeof *from);
	uint32_t n = 0;
	for (size_t i = 0; i < ag.stmts.n; i++) {
		struct ast_stmt s = ag.stmts.v[i];

		if (s.kind == STMT_CREATE_EXTENSION || s.kind == STMT_DROP_EXTENSION)
			continue;	/* database-wide: the live database has them */
		int owned = hist ? in_hist(a, &set, &s) : 0;
		if (owned < 0)
			return;
		if (owned)
			continue;	/* the history closure builds it */
		if (s.kind == STMT_EXECUTE)
			return;		/* not expressible in the scratch schemas */
		ast_stmt_set_concurrently(&s, false);
		s = sql_remap_stmt(a, &rm, &s);
		from[n] = &ag.stmts.v[i];
		out[n].sql = sql_render_stmt_mapped(a, &s, &map);
		out[n].line = head->line;
		n++;
	}
	head->check_model = n ? out : NULL;
	head->n_check_model = n;
	if (!hist) {
		head->check_model_exact = 1;
		plan_head_catalog(a, p, &chains, from, NULL, head);
		return;
	}
	/* the model's create schemas first, then the history closure; the
	 * model statements check_partial picks come after them (runtime) */
	struct migrt_stmt *h = arena_calloc(a, n + n_hist + 1, sizeof *h);
	uint32_t nh = 0;
	for (uint32_t i = 0; i < n; i++)
		if (from[i]->kind == STMT_CREATE_SCHEMA)
			h[nh++] = out[i];
	for (uint32_t i = 0; i < n_hist; i++)
		h[nh++] = hist_stmts[i];
	head->check_hist = nh ? h : NULL;
	head->n_check_hist = nh;
	plan_head_catalog(a, p, &chains, from, &set, head);
	if (!head->check_catalog_exact) {
		head->check_hist = NULL;	/* no prediction: the full replay */
		head->n_check_hist = 0;
		head->check_model = NULL;
		head->n_check_model = 0;
	}
}
