/*
 * plan_build.c - filling the runtime's plan structures from a project.
 *
 * Besides the statements the migrator runs, the plan carries what the
 * migrator's `check` replays: each upgrade rendered into scratch schemas
 * (sql_render_stmt_mapped) and the list of schemas that replay can touch;
 * the migrator's plan also the head's model as statements (plan_head.c).
 */
#include "plan_build.h"
#include "plan_head.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "lint.h"
#include "migrt.h"
#include "model.h"
#include "preflight.h"
#include "project.h"
#include "sql.h"

static const struct migrt_stmt *plan_stmts(struct arena *a,
					   const struct rendered_stmt *st, size_t n)
{
	if (n == 0)
		return NULL;
	struct migrt_stmt *out = arena_calloc(a, n, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		out[i].sql = st[i].sql;
		out[i].line = st[i].line;
		out[i].slots = st[i].slots;
		out[i].n_slots = (uint32_t)st[i].n_slots;
	}
	return out;
}

/* The compiler's facts about each statement, for `plan` (ABI 5). */
static const struct migrt_stmt_info *plan_infos(struct arena *a,
						const struct lint_facts *f, size_t n)
{
	if (n == 0 || !f)
		return NULL;
	struct migrt_stmt_info *out = arena_calloc(a, n, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		struct migrt_stmt_info *o = &out[i];
		if (!f[i].kind) {
			o->kind = "unknown";
			o->lock = MIGRT_LOCK_ACCESS_EXCLUSIVE;
			o->effect = MIGRT_EFFECT_UNKNOWN;
			o->note = "";
			continue;
		}
		o->kind = f[i].kind;
		o->lock = (uint32_t)f[i].lock;
		o->effect = (uint32_t)f[i].effect;
		o->table = f[i].table;
		o->note = f[i].note ? f[i].note : "";
		if (f[i].n_locks) {
			struct migrt_lock *l = arena_calloc(a, f[i].n_locks, sizeof *l);
			for (size_t k = 0; k < f[i].n_locks; k++) {
				l[k].relation = f[i].locks[k].rel;
				l[k].mode = (uint32_t)f[i].locks[k].mode;
			}
			o->locks = l;
			o->n_locks = (uint32_t)f[i].n_locks;
		}
		uint32_t n_find = 0;
		for (int r = 0; r < LINT_N_RULES; r++)
			n_find += (f[i].findings >> r) & 1u;
		if (n_find) {
			struct migrt_finding *fd = arena_calloc(a, n_find, sizeof *fd);
			uint32_t k = 0;
			for (int r = 0; r < LINT_N_RULES; r++) {
				if (!((f[i].findings >> r) & 1u))
					continue;
				fd[k].rule = lint_rule_name((enum lint_rule)r);
				fd[k].level = ((f[i].errors >> r) & 1u) ? 2u : 1u;
				fd[k].sized = lint_rule_sized((enum lint_rule)r) ? 1u : 0u;
				k++;
			}
			o->findings = fd;
			o->n_findings = n_find;
		}
	}
	return out;
}

/* The upgrade of `ar` for `check`: mapped into MIGRT_CHECK_PREFIX schemas,
 * without execute blocks (opaque to the model, so the expected schema never
 * has their effects), without create/drop extension (database-wide: the
 * live database has them) and without CONCURRENTLY (check replays everything in
 * one transaction).  src[k]: the index in the upgrade of statement k. */
static const struct migrt_stmt *plan_check_stmts(struct arena *a,
						 const struct project *p,
						 const struct migrt_plan *plan,
						 const struct revision *r,
						 uint32_t *n_out, const uint32_t **src)
{
	const struct ast_revision *ar = r->ast;
	/* an extension's type (at head) is not in the scratch schemas */
	const struct sql_schema_map map = { MIGRT_CHECK_PREFIX, p->conf.default_schema, NULL,
					    model_ext_type_keep, p->head_model, model_ext_func_keep };
	const struct sql_remap rm = { plan->schemas, plan->n_schemas, &map };
	struct migrt_stmt *out = arena_calloc(a, ar->n_upgrade + 1, sizeof *out);
	uint32_t *from = arena_calloc(a, ar->n_upgrade + 1, sizeof *from);
	uint32_t n = 0;

	*src = from;
	for (size_t i = 0; i < ar->n_upgrade; i++) {
		struct ast_stmt s = ar->upgrade[i];
		if (s.kind == STMT_CREATE_EXTENSION || s.kind == STMT_DROP_EXTENSION)
			continue;	/* extensions: database-wide, already there */
		const char *view = sql_passthrough_mapped(a, &s, &map);
		if (s.kind == STMT_EXECUTE && !view)
			continue;
		ast_stmt_set_concurrently(&s, false);
		if (!view)
			s = sql_remap_stmt(a, &rm, &s);
		out[n].sql = view ? view : sql_render_stmt_mapped(a, &s, &map);
		out[n].line = (uint32_t)r->up[i].line;
		from[n++] = (uint32_t)i;
	}
	*n_out = n;
	return n ? out : NULL;
}

/* ---- the schemas a replay can touch ------------------------------------- */

struct name_set {
	const char **names;
	size_t n, cap;
};

static void set_add(struct arena *a, struct name_set *set, const char *name)
{
	if (!name)
		return;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->names[i], name) == 0)
			return;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		const char **grown = arena_calloc(a, cap, sizeof *grown);
		if (set->n)
			memcpy(grown, set->names, set->n * sizeof *grown);
		set->names = grown;
		set->cap = cap;
	}
	set->names[set->n++] = name;
}

static void set_add_constraint(struct arena *a, struct name_set *set,
			       const struct ast_constraint *c)
{
	if (c && c->kind == CON_FOREIGN_KEY)
		set_add(a, set, c->ref_table.schema);
}

static void set_add_column(struct arena *a, struct name_set *set,
			   const struct ast_column *col)
{
	if (!col)
		return;
	if (col->type.kind == TY_NAMED)
		set_add(a, set, col->type.named.schema);
	for (size_t i = 0; i < col->n_constraints; i++)
		set_add_constraint(a, set, &col->constraints[i]);
}

/* Every schema statement `s` names explicitly. */
static void set_add_stmt(struct arena *a, struct name_set *set,
			 const struct ast_stmt *s)
{
	if (s->kind == STMT_CREATE_SCHEMA || s->kind == STMT_DROP_SCHEMA) {
		for (size_t i = 0; i < ast_drop_count(s); i++)	/* drop schema a, b: each */
			set_add(a, set, ast_drop_one(s, i).target.name);
		return;
	}
	set_add(a, set, s->target.schema);
	if (ast_stmt_table(s))
		set_add(a, set, ast_stmt_table(s)->schema);
	for (size_t i = 0; s->kind == STMT_CREATE_TABLE && i < s->u.table.n_columns; i++)
		set_add_column(a, set, &s->u.table.columns[i]);
	for (size_t i = 0; s->kind == STMT_CREATE_TABLE && i < s->u.table.n_constraints; i++)
		set_add_constraint(a, set, &s->u.table.constraints[i]);
	for (size_t i = 0; s->kind == STMT_ALTER_TABLE && i < s->u.alter.n_alters; i++) {
		const struct ast_alter *al = &s->u.alter.alters[i];
		set_add_column(a, set, al->column);
		set_add_constraint(a, set, al->constraint);
		if (al->kind == ALT_ALTER_TYPE && al->type.kind == TY_NAMED)
			set_add(a, set, al->type.named.schema);
	}
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The default schema, "public", then every other schema named, sorted. */
static void plan_schemas(struct arena *a, const struct project *p,
			 struct migrt_plan *plan)
{
	struct name_set set = { 0 };
	set_add(a, &set, p->conf.default_schema);
	set_add(a, &set, "public");
	size_t base = set.n;
	for (size_t i = 0; i < p->n_revs; i++) {
		const struct ast_revision *ar = p->revs[i]->ast;
		for (size_t k = 0; k < ar->n_upgrade; k++)
			set_add_stmt(a, &set, &ar->upgrade[k]);
	}
	if (set.n > base)
		qsort(set.names + base, set.n - base, sizeof *set.names, cmp_names);
	plan->schemas = set.names;
	plan->n_schemas = (uint32_t)set.n;
	plan->n_base_schemas = (uint32_t)base;
}

/* The version table as an SQL name: "name" or "schema"."name". */
static const char *plan_version_table_sql(struct arena *a, const char *written)
{
	struct strbuf sb;
	sb_init(&sb, a);
	const char *dot = strchr(written, '.');
	if (dot) {
		sql_put_ident(&sb, arena_strndup(a, written, (size_t)(dot - written)));
		sb_putc(&sb, '.');
		sql_put_ident(&sb, dot + 1);
	} else {
		sql_put_ident(&sb, written);
	}
	return sb_str(&sb);
}

static const struct migrt_plan *plan_build_opt(struct arena *a, const struct project *p,
					       bool head_check)
{
	struct migrt_plan *plan = arena_alloc(a, sizeof *plan);
	plan->magic = MIGRT_MAGIC;
	plan->abi = MIGRT_ABI;
	plan->migc_version = MIGC_VERSION;
	plan->project = p->conf.name;
	plan->version_table = plan_version_table_sql(a, p->conf.version_table);
	plan->version_table_display = p->conf.version_table;
	plan->default_schema = sql_ident(a, p->conf.default_schema);
	plan->digest = p->digest;

	plan_schemas(a, p, plan);	/* before the revisions: their check statements use them */
	struct migrt_revision *revs = arena_calloc(a, p->n_revs ? p->n_revs : 1,
						   sizeof *revs);
	const uint32_t **src = arena_calloc(a, p->n_revs + 1, sizeof *src);
	for (size_t i = 0; i < p->n_revs; i++) {
		const struct revision *r = p->revs[i];
		struct migrt_revision *m = &revs[i];
		unsigned line = 1, col;
		src_line_col(r->ast->id.loc.file, r->ast->id.loc.start, &line, &col);
		m->id = r->id;
		m->message = r->ast->message ? r->ast->message : "";
		m->path = r->path;
		m->line = line;
		if (r->n_parents) {
			uint32_t *parents = arena_calloc(a, r->n_parents, sizeof *parents);
			for (size_t k = 0; k < r->n_parents; k++)
				parents[k] = (uint32_t)r->parents[k]->index;
			m->parents = parents;
			m->n_parents = (uint32_t)r->n_parents;
		}
		m->checksum = r->checksum;
		m->checksum_v1 = r->checksum_v1;
		m->upgrade = plan_stmts(a, r->up, r->n_up);
		m->n_upgrade = (uint32_t)r->n_up;
		m->downgrade = plan_stmts(a, r->down, r->n_down);
		m->n_downgrade = (uint32_t)r->n_down;
		m->upgrade_info = plan_infos(a, r->up_facts, r->n_up);
		m->downgrade_info = plan_infos(a, r->down_facts, r->n_down);
		m->check_upgrade = plan_check_stmts(a, p, plan, r, &m->n_check_upgrade,
						    &src[i]);
		preflight_build(a, r, m);
		m->flags = (r->down_derived ? MIGRT_REV_DOWNGRADE_DERIVED : 0u) |
			   (r->ast->inexact_downgrade ? MIGRT_REV_INEXACT_DOWNGRADE : 0u) |
			   (r->ast->no_transaction ? MIGRT_REV_NO_TRANSACTION : 0u);
	}
	plan->revisions = p->n_revs ? revs : NULL;
	plan->n_revisions = (uint32_t)p->n_revs;
	if (head_check && p->n_heads == 1)
		plan_head_check(a, p, plan, (const uint32_t *const *)src,
				&revs[p->heads[0]->index]);

	uint32_t *heads = arena_calloc(a, p->n_heads ? p->n_heads : 1, sizeof *heads);
	for (size_t i = 0; i < p->n_heads; i++)
		heads[i] = (uint32_t)p->heads[i]->index;
	plan->heads = p->n_heads ? heads : NULL;
	plan->n_heads = (uint32_t)p->n_heads;
	plan->flags = (p->conf.compare_grants ? MIGRT_PLAN_COMPARE_GRANTS : 0) |
		      (p->conf.compare_owners ? MIGRT_PLAN_COMPARE_OWNERS : 0);
	return plan;
}

const struct migrt_plan *plan_build(struct arena *a, const struct project *p)
{
	return plan_build_opt(a, p, false);
}

const struct migrt_plan *plan_build_migrator(struct arena *a, const struct project *p)
{
	return plan_build_opt(a, p, true);
}
