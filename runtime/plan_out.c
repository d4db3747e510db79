/*
 * plan_out.c - the plan in text, JSON, Markdown and GitHub workflow
 * annotations (docs/migrator.md, "plan"), and the judgements they all
 * print (rt_pv_*: a finding's severity at a table's size, a time
 * estimate), so they cannot disagree.
 * Prints only: plan_cmd.c reads the database.
 *
 * Markdown is meant for a pull-request comment: a heading, then one table
 * per revision with a row per statement; a `|` in a cell is escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"
#include "rt_planview.h"

const struct migrt_stmt_info *rt_pv_info(const struct rt_plan_view *v, uint32_t idx,
					 uint32_t i)
{
	const struct migrt_revision *r = &v->ctx->plan->revisions[idx];
	const struct migrt_stmt_info *in = v->up ? r->upgrade_info : r->downgrade_info;

	return in ? &in[i] : NULL;
}

const struct rt_rel_size *rt_pv_rel(const struct rt_plan_view *v, const char *rel)
{
	size_t i;

	if (!rel)
		return NULL;
	for (i = 0; i < v->n_sizes; i++)
		if (strcmp(v->sizes[i].rel, rel) == 0)
			return &v->sizes[i];
	return NULL;
}

const struct rt_rel_size *rt_pv_size(const struct rt_plan_view *v,
				     const struct migrt_stmt_info *in)
{
	if (!in)
		return NULL;
	if (in->table)
		return rt_pv_rel(v, in->table);
	/* a new table's size is not its referenced tables' */
	if (in->effect == MIGRT_EFFECT_NONE)
		return NULL;
	return in->n_locks ? rt_pv_rel(v, in->locks[0].relation) : NULL;
}

const char *rt_pv_lock_name(uint32_t mode)
{
	static const char *const names[] = {
		"none", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE",
		"SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE",
		"ACCESS EXCLUSIVE",
	};

	return mode < sizeof names / sizeof names[0] ? names[mode] : "unknown";
}

const char *rt_pv_effect_name(uint32_t effect)
{
	static const char *const names[] = { "none", "catalog", "scan", "rewrite", "unknown" };

	return effect < sizeof names / sizeof names[0] ? names[effect] : "unknown";
}

long long rt_pv_estimate_ms(const struct migrt_stmt_info *in,
			    const struct rt_rel_size *sz)
{
	long long mbps;

	if (!in || !sz || !sz->exists)
		return -1;
	if (in->effect == MIGRT_EFFECT_SCAN)
		mbps = RT_PLAN_SCAN_MBPS;
	else if (in->effect == MIGRT_EFFECT_REWRITE)
		mbps = RT_PLAN_REWRITE_MBPS;
	else
		return -1;
	return sz->bytes * 1000 / (mbps << 20);
}

const char *rt_pv_severity(const struct rt_plan_view *v, const struct migrt_finding *f,
			   const struct rt_rel_size *sz)
{
	if (!f->sized)
		return f->level == 2 ? "error" : "warning";
	if (!sz || !sz->exists || sz->bytes < v->small_table)
		return "ok";
	if (sz->bytes >= v->large_table)
		return "error";
	return f->level == 2 ? "error" : "warning";
}

/* "12 kB", "3.4 MB": what pg_size_pretty would say, roughly. */
static void fmt_bytes(char *buf, size_t n, long long b)
{
	static const char *const units[] = { "bytes", "kB", "MB", "GB", "TB" };
	double x = (double)b;
	int u = 0;

	while (x >= 1024 && u < 4) {
		x /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, n, "%lld bytes", b);
	else
		snprintf(buf, n, x < 10 ? "%.1f %s" : "%.0f %s", x, units[u]);
}

/* "users: 1000 rows, 128 kB" or "new". */
static void fmt_size(char *buf, size_t n, const struct rt_rel_size *sz)
{
	char b[32];

	if (!sz) {
		snprintf(buf, n, "-");
		return;
	}
	if (!sz->exists) {
		snprintf(buf, n, "new");
		return;
	}
	fmt_bytes(b, sizeof b, sz->bytes);
	if (sz->rows < 0)
		snprintf(buf, n, "rows unknown, %s", b);
	else
		snprintf(buf, n, "~%lld rows, %s", sz->rows, b);
}

static void fmt_estimate(char *buf, size_t n, long long ms)
{
	if (ms < 0)
		snprintf(buf, n, "-");
	else if (ms < 1000)
		snprintf(buf, n, "< 1 s");
	else if (ms < 120000)
		snprintf(buf, n, "~%lld s", ms / 1000);
	else
		snprintf(buf, n, "~%lld min", ms / 60000);
}

/* The first line of a statement, at most 60 bytes. */
static void fmt_sql(char *buf, size_t n, const char *sql)
{
	size_t len = strcspn(sql, "\n");

	if (len > 60)
		len = 57;
	snprintf(buf, n, "%.*s%s", (int)len, sql, len < strlen(sql) ? "..." : "");
}

static uint32_t n_stmts(const struct rt_plan_view *v, const struct migrt_revision *r)
{
	return v->up ? r->n_upgrade : r->n_downgrade;
}

static const struct migrt_stmt *stmt(const struct rt_plan_view *v,
				     const struct migrt_revision *r, uint32_t i)
{
	return v->up ? &r->upgrade[i] : &r->downgrade[i];
}

static void header_text(const struct rt_plan_view *v)
{
	struct rt_ctx *ctx = v->ctx;
	char s[32], l[32];

	fmt_bytes(s, sizeof s, v->small_table);
	fmt_bytes(l, sizeof l, v->large_table);
	rt_out(ctx, "plan: %s, %u revision%s; database is at %s\n",
	       v->up ? "upgrade" : "downgrade", (unsigned)v->n, v->n == 1 ? "" : "s", v->at);
	rt_out(ctx, "(sizes are the database's now; estimates assume scans at %lld MB/s and "
	       "rewrites at %lld MB/s; sized findings: ok under %s, error from %s)\n",
	       RT_PLAN_SCAN_MBPS, RT_PLAN_REWRITE_MBPS, s, l);
}

void rt_plan_out_text(const struct rt_plan_view *v)
{
	struct rt_ctx *ctx = v->ctx;
	char buf[160], est[32];
	uint32_t k, i, j;

	header_text(v);
	for (k = 0; k < v->n; k++) {
		const struct migrt_revision *r = &ctx->plan->revisions[v->list[k]];

		rt_out(ctx, "\n%s %s: %s (%s)%s\n", v->up ? "upgrade" : "downgrade", r->id,
		       *r->message ? r->message : "-", r->path,
		       r->flags & MIGRT_REV_NO_TRANSACTION ? " no_transaction" : "");
		for (i = 0; i < n_stmts(v, r); i++) {
			const struct migrt_stmt_info *in = rt_pv_info(v, v->list[k], i);
			const struct rt_rel_size *sz = rt_pv_size(v, in);

			fmt_sql(buf, sizeof buf, stmt(v, r, i)->sql);
			rt_out(ctx, "  line %u: %s\n", (unsigned)stmt(v, r, i)->line, buf);
			if (!in) {
				rt_out(ctx, "    (this migrator's plan has no facts about it)\n");
				continue;
			}
			rt_out(ctx, "    %s; lock %s", in->kind, rt_pv_lock_name(in->lock));
			for (j = 0; j < in->n_locks; j++)
				rt_out(ctx, "%s%s %s", j ? ", " : " (", in->locks[j].relation,
				       rt_pv_lock_name(in->locks[j].mode));
			rt_out(ctx, "%s\n", in->n_locks ? ")" : "");
			fmt_estimate(est, sizeof est, rt_pv_estimate_ms(in, sz));
			fmt_size(buf, sizeof buf, sz);
			rt_out(ctx, "    effect %s%s%s%s; size %s; estimate %s\n",
			       rt_pv_effect_name(in->effect), *in->note ? " (" : "", in->note,
			       *in->note ? ")" : "", buf, est);
			for (j = 0; j < in->n_findings; j++)
				rt_out(ctx, "    lint %s: %s\n", in->findings[j].rule,
				       rt_pv_severity(v, &in->findings[j], sz));
		}
		rt_pv_preflight_text(v, k);
	}
	if (v->n == 0)
		rt_out(ctx, "nothing to %s\n", v->up ? "upgrade" : "downgrade");
	rt_out(ctx, "%d finding%s at severity error\n", v->n_errors,
	       v->n_errors == 1 ? "" : "s");
}

static void json_size(struct rt_ctx *ctx, const struct rt_rel_size *sz)
{
	if (!sz || !sz->exists)
		rt_out(ctx, "\"exists\": false");
	else
		rt_out(ctx, "\"exists\": true, \"rows\": %lld, \"bytes\": %lld", sz->rows,
		       sz->bytes);
}

static void json_stmt(const struct rt_plan_view *v, const struct migrt_stmt *s,
		      const struct migrt_stmt_info *in)
{
	struct rt_ctx *ctx = v->ctx;
	const struct rt_rel_size *sz = rt_pv_size(v, in);
	uint32_t j;

	rt_out(ctx, "{\"line\": %u, \"sql\": ", (unsigned)s->line);
	rt_out_json(ctx, s->sql);
	if (!in) {
		rt_out(ctx, "}");
		return;
	}
	rt_out(ctx, ", \"kind\": ");
	rt_out_json(ctx, in->kind);
	rt_out(ctx, ", \"lock\": \"%s\", \"locks\": [", rt_pv_lock_name(in->lock));
	for (j = 0; j < in->n_locks; j++) {
		rt_out(ctx, "%s{\"relation\": ", j ? ", " : "");
		rt_out_json(ctx, in->locks[j].relation);
		rt_out(ctx, ", \"mode\": \"%s\", ", rt_pv_lock_name(in->locks[j].mode));
		json_size(ctx, rt_pv_rel(v, in->locks[j].relation));
		rt_out(ctx, "}");
	}
	rt_out(ctx, "], \"effect\": \"%s\", \"note\": ", rt_pv_effect_name(in->effect));
	rt_out_json(ctx, in->note);
	rt_out(ctx, ", \"table\": ");
	rt_out_json(ctx, sz ? sz->rel : NULL);
	rt_out(ctx, ", ");
	json_size(ctx, sz);
	rt_out(ctx, ", \"estimate_ms\": ");
	if (rt_pv_estimate_ms(in, sz) < 0)
		rt_out(ctx, "null");
	else
		rt_out(ctx, "%lld", rt_pv_estimate_ms(in, sz));
	rt_out(ctx, ", \"findings\": [");
	for (j = 0; j < in->n_findings; j++) {
		rt_out(ctx, "%s{\"rule\": ", j ? ", " : "");
		rt_out_json(ctx, in->findings[j].rule);
		rt_out(ctx, ", \"level\": \"%s\", \"sized\": %s, \"severity\": \"%s\"}",
		       in->findings[j].level == 2 ? "error" : "warning",
		       in->findings[j].sized ? "true" : "false",
		       rt_pv_severity(v, &in->findings[j], sz));
	}
	rt_out(ctx, "]}");
}

void rt_plan_out_json(const struct rt_plan_view *v)
{
	struct rt_ctx *ctx = v->ctx;
	uint32_t k, i;

	rt_out(ctx, "{\"direction\": \"%s\", \"database_at\": ", v->up ? "upgrade" : "downgrade");
	rt_out_json(ctx, v->at);
	rt_out(ctx, ", \"scan_mb_per_s\": %lld, \"rewrite_mb_per_s\": %lld, "
	       "\"small_table_bytes\": %lld, \"large_table_bytes\": %lld, \"revisions\": [",
	       RT_PLAN_SCAN_MBPS, RT_PLAN_REWRITE_MBPS, v->small_table, v->large_table);
	for (k = 0; k < v->n; k++) {
		const struct migrt_revision *r = &ctx->plan->revisions[v->list[k]];

		rt_out(ctx, "%s\n  {\"id\": ", k ? "," : "");
		rt_out_json(ctx, r->id);
		rt_out(ctx, ", \"message\": ");
		rt_out_json(ctx, r->message);
		rt_out(ctx, ", \"path\": ");
		rt_out_json(ctx, r->path);
		rt_out(ctx, ", \"transaction\": %s, \"statements\": [",
		       r->flags & MIGRT_REV_NO_TRANSACTION ? "false" : "true");
		for (i = 0; i < n_stmts(v, r); i++) {
			rt_out(ctx, "%s\n    ", i ? "," : "");
			json_stmt(v, stmt(v, r, i), rt_pv_info(v, v->list[k], i));
		}
		rt_out(ctx, "]");
		rt_pv_preflight_json(v, k);
		rt_out(ctx, "}");
	}
	rt_out(ctx, "%s], \"errors\": %d}\n", v->n ? "\n" : "", v->n_errors);
}

/* A Markdown table cell: `|` escaped, newlines as spaces. */
static void md_cell(struct rt_ctx *ctx, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			rt_out(ctx, "\\|");
		else if (*s == '\n' || *s == '\r')
			rt_out(ctx, " ");
		else
			rt_out(ctx, "%c", *s);
	}
}

void rt_plan_out_markdown(const struct rt_plan_view *v)
{
	struct rt_ctx *ctx = v->ctx;
	char buf[160], est[32];
	uint32_t k, i, j;

	rt_out(ctx, "### migc plan: %s, %u revision%s\n\nDatabase at `%s`. "
	       "Estimates assume scans at %lld MB/s and rewrites at %lld MB/s; "
	       "**%d** finding%s at severity error.\n",
	       v->up ? "upgrade" : "downgrade", (unsigned)v->n, v->n == 1 ? "" : "s", v->at,
	       RT_PLAN_SCAN_MBPS, RT_PLAN_REWRITE_MBPS, v->n_errors,
	       v->n_errors == 1 ? "" : "s");
	for (k = 0; k < v->n; k++) {
		const struct migrt_revision *r = &ctx->plan->revisions[v->list[k]];

		rt_out(ctx, "\n#### `%s` ", r->id);
		md_cell(ctx, *r->message ? r->message : "-");
		rt_out(ctx, " (`%s`)\n\n| line | statement | lock | on | effect | size | "
		       "estimate | lint |\n|---:|---|---|---|---|---|---|---|\n", r->path);
		for (i = 0; i < n_stmts(v, r); i++) {
			const struct migrt_stmt_info *in = rt_pv_info(v, v->list[k], i);
			const struct rt_rel_size *sz = rt_pv_size(v, in);

			rt_out(ctx, "| %u | ", (unsigned)stmt(v, r, i)->line);
			md_cell(ctx, in ? in->kind : "?");
			rt_out(ctx, " | %s | ", in ? rt_pv_lock_name(in->lock) : "?");
			for (j = 0; in && j < in->n_locks; j++) {
				rt_out(ctx, "%s`", j ? ", " : "");
				md_cell(ctx, in->locks[j].relation);
				rt_out(ctx, "` %s", rt_pv_lock_name(in->locks[j].mode));
			}
			fmt_size(buf, sizeof buf, sz);
			fmt_estimate(est, sizeof est, rt_pv_estimate_ms(in, sz));
			rt_out(ctx, " | %s | %s | %s | ", in ? rt_pv_effect_name(in->effect) : "?",
			       buf, est);
			for (j = 0; in && j < in->n_findings; j++)
				rt_out(ctx, "%s%s: %s", j ? ", " : "", in->findings[j].rule,
				       rt_pv_severity(v, &in->findings[j], sz));
			rt_out(ctx, " |\n");
		}
	}
}

/* ---- GitHub workflow annotations ------------------------------------------ */

/* `s` with what ends an annotation's message (or, in a property, its
 * separators) escaped as the workflow commands want it. */
static void gh_put(struct rt_ctx *ctx, const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			rt_out(ctx, "%%25");
		else if (*s == '\r')
			rt_out(ctx, "%%0D");
		else if (*s == '\n')
			rt_out(ctx, "%%0A");
		else if (property && *s == ':')
			rt_out(ctx, "%%3A");
		else if (property && *s == ',')
			rt_out(ctx, "%%2C");
		else
			rt_out(ctx, "%c", *s);
	}
}

/* One annotation line at line `line` of revision `r`'s file. */
static void gh_line_at(const struct rt_plan_view *v, const struct migrt_revision *r,
		       uint32_t line, const char *level, const char *title, const char *msg)
{
	struct rt_ctx *ctx = v->ctx;

	rt_out(ctx, "::%s file=", level);
	gh_put(ctx, r->path, 1);
	rt_out(ctx, ",line=%u,col=1,title=", (unsigned)line);
	gh_put(ctx, title, 1);
	rt_out(ctx, "::");
	gh_put(ctx, msg, 0);
	rt_out(ctx, "\n");
}

/* One annotation line at statement `i` of revision `r`. */
static void gh_line(const struct rt_plan_view *v, const struct migrt_revision *r, uint32_t i,
		    const char *level, const char *title, const char *msg)
{
	gh_line_at(v, r, stmt(v, r, i)->line, level, title, msg);
}

/* --format github: a line per lint finding at severity warning or error,
 * a notice per statement that scans or rewrites an existing table (with
 * its size and estimate), an error per pre-flight check that would stop
 * the upgrade; nothing for the rest. */
void rt_plan_out_github(const struct rt_plan_view *v)
{
	struct rt_ctx *ctx = v->ctx;
	char size[160], est[32], sql[80];
	uint32_t k, i, j;

	for (k = 0; k < v->n; k++) {
		const struct migrt_revision *r = &ctx->plan->revisions[v->list[k]];

		for (i = 0; i < n_stmts(v, r); i++) {
			const struct migrt_stmt_info *in = rt_pv_info(v, v->list[k], i);
			const struct rt_rel_size *sz = rt_pv_size(v, in);
			char *msg;

			if (!in)
				continue;
			fmt_size(size, sizeof size, sz);
			fmt_estimate(est, sizeof est, rt_pv_estimate_ms(in, sz));
			fmt_sql(sql, sizeof sql, stmt(v, r, i)->sql);
			for (j = 0; j < in->n_findings; j++) {
				const char *sev = rt_pv_severity(v, &in->findings[j], sz);

				if (strcmp(sev, "ok") == 0)
					continue;
				msg = rt_xprintf("revision %s: %s takes %s%s%s (%s): %s", r->id,
						 in->kind, rt_pv_lock_name(in->lock),
						 in->table ? " on " : "", in->table ? in->table : "",
						 size, sql);
				gh_line(v, r, i, sev, in->findings[j].rule, msg);
				free(msg);
			}
			if ((in->effect == MIGRT_EFFECT_SCAN || in->effect == MIGRT_EFFECT_REWRITE) &&
			    sz && sz->exists) {
				msg = rt_xprintf("revision %s: %s %s %s (%s, estimate %s) under %s",
						 r->id, in->kind, in->effect == MIGRT_EFFECT_SCAN
						 ? "scans" : "rewrites", in->table, size, est,
						 rt_pv_lock_name(in->lock));
				gh_line(v, r, i, "notice", rt_pv_effect_name(in->effect), msg);
				free(msg);
			}
		}
		for (size_t p = 0; p < v->n_pf; p++) {
			const struct rt_pf_count *c = &v->pf[p];
			char *msg;

			if (c->k != k || c->failed != 1)
				continue;
			msg = rt_xprintf("revision %s: %s%s%s", r->id, c->message,
					 c->detail ? "; " : "", c->detail ? c->detail : "");
			gh_line_at(v, r, c->line, "error", "pre-flight", msg);
			free(msg);
		}
	}
}
