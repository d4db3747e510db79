/*
 * plan_build.c - filling the runtime's plan structures from a project.
 */
#include "plan_build.h"

#include <string.h>

#include "arena.h"
#include "ast.h"
#include "migrt.h"
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
	}
	return out;
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

const struct migrt_plan *plan_build(struct arena *a, const struct project *p)
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

	struct migrt_revision *revs = arena_calloc(a, p->n_revs ? p->n_revs : 1,
						   sizeof *revs);
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
		m->upgrade = plan_stmts(a, r->up, r->n_up);
		m->n_upgrade = (uint32_t)r->n_up;
		m->downgrade = plan_stmts(a, r->down, r->n_down);
		m->n_downgrade = (uint32_t)r->n_down;
		m->flags = (r->down_derived ? MIGRT_REV_DOWNGRADE_DERIVED : 0u) |
			   (r->ast->inexact_downgrade ? MIGRT_REV_INEXACT_DOWNGRADE : 0u) |
			   (r->ast->no_transaction ? MIGRT_REV_NO_TRANSACTION : 0u);
	}
	plan->revisions = p->n_revs ? revs : NULL;
	plan->n_revisions = (uint32_t)p->n_revs;

	uint32_t *heads = arena_calloc(a, p->n_heads ? p->n_heads : 1, sizeof *heads);
	for (size_t i = 0; i < p->n_heads; i++)
		heads[i] = (uint32_t)p->heads[i]->index;
	plan->heads = p->n_heads ? heads : NULL;
	plan->n_heads = (uint32_t)p->n_heads;
	return plan;
}
