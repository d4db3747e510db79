/*
 * tenant.c - `--schema NAME`: the plan as one tenant schema sees it.
 *
 * The compiler records in every statement where it names the project's
 * default schema (struct migrt_stmt's slots, migrt.h).  For a run with
 * --schema NAME, rt_tenant_apply() builds once a copy of the plan in which
 * each slot spells NAME quoted (common/sqltext's rules), the default schema
 * is NAME (so search_path is NAME too), and the version table is the
 * compiled one's name in NAME; the run then uses that copy.  Each statement
 * with slots is spliced exactly once, into one allocation; statements
 * without slots are shared with the compiled plan.  Without --schema
 * nothing here runs and the compiled plan is used as it is.
 *
 * Guarantees: only the default schema maps (the project's other schemas
 * stay as compiled); NAME must not be one of those other schemas; a
 * version table that migc.conf qualifies with a schema refuses --schema
 * (every tenant would share its rows).  Uses no libpq: `migc sql --schema`
 * links it.  Expressions and execute bodies are not rewritten: they
 * resolve names through search_path (docs/migrator.md).
 */
#include <stdlib.h>
#include <string.h>

#include "rt.h"
#include "rt_plan.h"
#include "sqltext.h"

struct rt_tenant {
	struct migrt_plan plan;		/* the copy ctx->plan points to */
	struct migrt_revision *revs;	/* n_revisions, owned */
	char *default_schema;		/* "NAME" */
	char *version_table;		/* "NAME"."table" */
	char *version_table_display;	/* NAME.table */
};

/* PostgreSQL's NAMEDATALEN - 1: a longer name would be truncated. */
#define RT_MAX_SCHEMA 63

struct fixbuf {
	char *p;
	size_t n;
};

/* sqltext's sink into a buffer sized for the worst case (every byte a
 * doubled quote, plus the two quotes and the NUL). */
static void put_fix(void *ctx, const char *s, size_t n)
{
	struct fixbuf *b = ctx;

	memcpy(b->p + b->n, s, n);
	b->n += n;
}

char *rt_quote_ident(const char *name)
{
	struct fixbuf b = { rt_xcalloc(2 * strlen(name) + 3, 1), 0 };

	sqlt_put_ident_quoted(put_fix, &b, name);
	return b.p;
}

char *rt_tenant_splice(const struct migrt_stmt *st, const char *quoted)
{
	size_t qlen = strlen(quoted), len = strlen(st->sql), total = len, at = 0;
	char *out, *w;

	for (uint32_t k = 0; k < st->n_slots; k++)
		total += qlen + (st->slots[2 * k + 1] ? 0 : 1) - st->slots[2 * k + 1];
	w = out = rt_xcalloc(total + 1, 1);
	for (uint32_t k = 0; k < st->n_slots; k++) {
		size_t off = st->slots[2 * k], n = st->slots[2 * k + 1];

		memcpy(w, st->sql + at, off - at);
		w += off - at;
		memcpy(w, quoted, qlen);
		w += qlen;
		if (n == 0)
			*w++ = '.';
		at = off + n;
	}
	memcpy(w, st->sql + at, len - at);
	return out;
}

/* Slots in increasing order and inside the text (a plan is trusted, but a
 * bad slot would splice garbage into DDL: refuse rather than run it). */
static int slots_ok(const struct migrt_stmt *st)
{
	size_t len = strlen(st->sql), end = 0;

	for (uint32_t k = 0; k < st->n_slots; k++) {
		size_t off = st->slots[2 * k], n = st->slots[2 * k + 1];

		if (off < end || off > len || n > len - off)
			return 0;
		end = off + n;
	}
	return 1;
}

/* A copy of `n` statements with every slot spliced; NULL when one is bad. */
static struct migrt_stmt *splice_all(const struct migrt_stmt *st, uint32_t n,
				     const char *quoted)
{
	struct migrt_stmt *out;

	if (n == 0)
		return NULL;
	out = rt_xcalloc(n, sizeof *out);
	for (uint32_t i = 0; i < n; i++) {
		out[i] = st[i];
		if (st[i].n_slots == 0)
			continue;
		if (!slots_ok(&st[i])) {
			for (uint32_t k = 0; k < i; k++)
				if (out[k].n_slots)
					free((char *)out[k].sql);
			free(out);
			return NULL;
		}
		out[i].sql = rt_tenant_splice(&st[i], quoted);
		out[i].slots = NULL;
		out[i].n_slots = 0;
	}
	return out;
}

static void free_stmts(struct migrt_stmt *st, const struct migrt_stmt *orig,
		       uint32_t n)
{
	if (!st)
		return;
	for (uint32_t i = 0; i < n; i++)
		if (orig[i].n_slots)
			free((char *)st[i].sql);
	free(st);
}

void rt_tenant_free(struct rt_ctx *ctx)
{
	struct rt_tenant *t = ctx->tenant;
	const struct migrt_plan *c = ctx->compiled;

	if (!t)
		return;
	for (uint32_t i = 0; i < t->plan.n_revisions; i++) {
		free_stmts((struct migrt_stmt *)t->revs[i].upgrade,
			   c->revisions[i].upgrade, c->revisions[i].n_upgrade);
		free_stmts((struct migrt_stmt *)t->revs[i].downgrade,
			   c->revisions[i].downgrade, c->revisions[i].n_downgrade);
	}
	free(t->revs);
	free(t->default_schema);
	free(t->version_table);
	free(t->version_table_display);
	free(t);
	ctx->tenant = NULL;
	ctx->plan = c;
}

int rt_tenant_apply(struct rt_ctx *ctx, const char *name)
{
	const struct migrt_plan *plan = ctx->plan;
	struct rt_tenant *t;

	if (!*name)
		return rt_usage_error(ctx, "--schema needs a schema name");
	if (strlen(name) > RT_MAX_SCHEMA)
		return rt_usage_error(ctx, "--schema: the name is longer than %d bytes, "
				      "which PostgreSQL would truncate", RT_MAX_SCHEMA);
	if (strchr(plan->version_table_display, '.')) {
		rt_error(ctx, "--schema cannot be used with this migrator: migc.conf's "
			    "version_table \"%s\" names its schema, so every tenant would "
			    "share one version table; write version_table without a schema "
			    "(it then lives in each tenant's schema)",
			    plan->version_table_display);
		return RT_EXIT_USAGE;
	}
	{
		char *q = rt_quote_ident(name);
		int same = plan->default_schema && strcmp(q, plan->default_schema) == 0;

		free(q);
		if (same)
			return RT_EXIT_OK;	/* the compiled default schema: nothing maps */
	}
	for (uint32_t i = 1; i < plan->n_schemas; i++)
		if (strcmp(name, plan->schemas[i]) == 0)
			return rt_usage_error(ctx, "--schema \"%s\" is one of the project's "
					      "own schemas; only the default schema (\"%s\") maps "
					      "to a tenant schema", name, plan->schemas[0]);

	t = rt_xcalloc(1, sizeof *t);
	t->plan = *plan;
	t->default_schema = rt_quote_ident(name);
	t->version_table = rt_xprintf("%s.%s", t->default_schema, plan->version_table);
	t->version_table_display = rt_xprintf("%s.%s", name, plan->version_table_display);
	t->plan.default_schema = t->default_schema;
	t->plan.version_table = t->version_table;
	t->plan.version_table_display = t->version_table_display;
	t->revs = rt_xcalloc(plan->n_revisions ? plan->n_revisions : 1, sizeof *t->revs);
	t->plan.revisions = t->revs;
	t->plan.n_revisions = 0;
	ctx->compiled = plan;
	ctx->tenant = t;
	ctx->plan = &t->plan;
	ctx->schema = name;
	for (uint32_t i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *r = &plan->revisions[i];
		struct migrt_revision *m = &t->revs[i];

		*m = *r;
		m->upgrade = splice_all(r->upgrade, r->n_upgrade, t->default_schema);
		m->downgrade = splice_all(r->downgrade, r->n_downgrade, t->default_schema);
		t->plan.n_revisions = i + 1;
		if ((r->n_upgrade && !m->upgrade) || (r->n_downgrade && !m->downgrade)) {
			rt_error(ctx, "this migrator's plan is damaged: revision %s records a "
				    "default-schema position outside a statement", r->id);
			/* what was spliced so far is freed by rt_tenant_free() */
			if (r->n_upgrade && !m->upgrade)
				m->n_upgrade = 0;
			if (r->n_downgrade && !m->downgrade)
				m->n_downgrade = 0;
			return RT_EXIT_DB;
		}
	}
	return RT_EXIT_OK;
}
