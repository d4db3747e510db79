/*
 * sqlout.c - `sql upgrade|downgrade [FROM:TO | TO]` (also spelled
 * `upgrade|downgrade ... --sql`): print, without connecting, exactly what
 * that range would run.  FROM and TO take every plan-relative form of
 * targets.c; a range that goes the wrong way (upgrade head:base) is a
 * usage error, never an empty script.
 *
 * The script mirrors apply.c statement for statement: search_path, the
 * version table DDL when the upgrade starts from base, then per revision
 * BEGIN, its statements, the version-table INSERT/DELETE, COMMIT.  Every
 * statement ends with ';', and each revision statement and version-table
 * statement is preceded by "-- <id>: <message> (<path>:<line>)", where
 * every control character of the text is written \xNN (comment_safe).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt.h"
#include "rt_cmds.h"
#include "rt_plan.h"
#include "rt_run.h"

/* A single-quoted SQL literal (standard_conforming_strings); caller frees. */
static char *sql_literal(const char *s)
{
	size_t n = 3, i = 0;
	const char *p;
	char *out;

	for (p = s; *p; p++)
		n += *p == '\'' ? 2 : 1;
	out = rt_xcalloc(n, 1);
	out[i++] = '\'';
	for (p = s; *p; p++) {
		if (*p == '\'')
			out[i++] = '\'';
		out[i++] = *p;
	}
	out[i++] = '\'';
	return out;
}

/* `s` made safe for the inside of a "--" comment: a control character
 * (below 0x20 but tab, and 0x7f) becomes \xNN, so that no text from the
 * plan (a message, an id, a file name) can end the comment and run as SQL
 * under psql, nor reach a terminal as an escape sequence.  The compiler
 * refuses such ids and messages; this holds for any plan.  Caller frees. */
static char *comment_safe(const char *s)
{
	size_t n = 1;
	const unsigned char *p;
	char *out, *o;

	for (p = (const unsigned char *)s; *p; p++)
		n += ((*p < 0x20 && *p != '\t') || *p == 0x7f) ? 4 : 1;
	out = o = rt_xcalloc(n, 1);
	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			snprintf(o, 5, "\\x%02x", *p);
			o += 4;
		} else {
			*o++ = (char)*p;
		}
	}
	return out;
}

static void comment(struct rt_ctx *ctx, const struct migrt_revision *r,
		    uint32_t line)
{
	char *id = comment_safe(r->id), *msg = comment_safe(r->message);
	char *path = comment_safe(r->path);

	rt_out(ctx, "-- %s%s%s (%s:%u)\n", id, msg[0] ? ": " : "", msg, path,
		  (unsigned)line);
	free(id);
	free(msg);
	free(path);
}

/* A no_transaction revision (nontx.c): no BEGIN/COMMIT; its version-table
 * row says "started" (duration_ms -1) before the statements run. */
/* A version-table statement of vtable.c with literals for its arguments
 * (`second` overrides the checksum: the duration of DONE). */
static void print_vt(struct rt_ctx *ctx, const struct migrt_revision *r,
		     const char *id, enum rt_vt which, const char *second)
{
	char *sum = sql_literal(r->checksum), *ver = sql_literal(ctx->plan->migc_version);
	const char *arg[3] = { id, second ? second : sum, ver };
	char *sql = rt_vt_sql(ctx->plan, which, arg);

	rt_out(ctx, "%s;\n", sql);
	free(sql);
	free(sum);
	free(ver);
}

static void print_nontx_start(struct rt_ctx *ctx, const struct migrt_revision *r,
			      const char *id, int up)
{
	rt_out(ctx, "-- no_transaction: every statement commits on its own\n");
	print_vt(ctx, r, id, up ? RT_VT_STARTED : RT_VT_UNDO_STARTED, NULL);
}

static void print_revision(struct rt_ctx *ctx, uint32_t idx, int up)
{
	const struct migrt_plan *plan = ctx->plan;
	const struct migrt_revision *r = &plan->revisions[idx];
	const struct migrt_stmt *s = up ? r->upgrade : r->downgrade;
	uint32_t n = up ? r->n_upgrade : r->n_downgrade, i;
	char *id = sql_literal(r->id);
	int nontx = (r->flags & MIGRT_REV_NO_TRANSACTION) != 0;

	rt_out(ctx, "\n");
	comment(ctx, r, r->line);
	if (nontx)
		print_nontx_start(ctx, r, id, up);
	else
		rt_out(ctx, "BEGIN;\n");
	for (i = 0; i < n; i++) {
		rt_out(ctx, "\n");
		comment(ctx, r, s[i].line);
		rt_out(ctx, "%s;\n", s[i].sql);
	}
	rt_out(ctx, "\n");
	comment(ctx, r, r->line);
	if (nontx && up) {
		print_vt(ctx, r, id, RT_VT_DONE, "0");
		free(id);
		return;
	}
	print_vt(ctx, r, id, up ? RT_VT_APPLIED : RT_VT_REMOVED, NULL);
	if (!nontx)
		rt_out(ctx, "COMMIT;\n");
	free(id);
}

/* The session settings the script starts with. */
static void print_settings(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;

	rt_out(ctx, "\nSET standard_conforming_strings = on;\n");
	if (plan->default_schema && *plan->default_schema)
		rt_out(ctx, "SET search_path TO %s;\n", plan->default_schema);
}

static void print_vt_create(struct rt_ctx *ctx)
{
	char *ddl = rt_vt_create_sql(ctx->plan);
	char *shown = comment_safe(ctx->plan->version_table_display);

	rt_out(ctx, "\n-- version table %s\n%s;\n", shown, ddl);
	free(shown);
	free(ddl);
}

void rt_sql_print_list(struct rt_ctx *ctx, const uint32_t *list, uint32_t n,
		       int up, int create_table)
{
	char *project = comment_safe(ctx->plan->project);
	char *version = comment_safe(ctx->plan->migc_version);
	uint32_t i;

	rt_out(ctx, "-- %s: %s --dry-run: the SQL it would run (migc %s)\n", project,
		  up ? "upgrade" : "downgrade", version);
	free(project);
	free(version);
	print_settings(ctx);
	if (create_table)
		print_vt_create(ctx);
	for (i = 0; i < n; i++)
		print_revision(ctx, list[i], up);
}

int rt_cmd_sql(struct rt_ctx *ctx, int argc, char **argv)
{
	const struct migrt_plan *plan = ctx->plan;
	const char *from, *to;
	char *range = NULL, *colon;
	struct rt_target tf, tt;
	uint32_t i;
	unsigned char *mf, *mt;
	int up, rc = RT_EXIT_OK;

	if (argc < 1 || argc > 2 ||
	    (strcmp(argv[0], "upgrade") != 0 && strcmp(argv[0], "downgrade") != 0))
		return rt_usage_error(ctx, "usage: sql upgrade|downgrade [FROM:TO | TO]");
	up = argv[0][0] == 'u';
	from = up ? "base" : "head";
	to = up ? "head" : "base";
	if (argc == 2) {
		range = rt_xstrdup(argv[1]);
		if ((colon = strchr(range, ':'))) {
			*colon = '\0';
			from = range;
			to = colon + 1;
		} else {
			to = range;
		}
	}
	if ((rc = rt_target_parse(ctx, from, &tf, NULL)) ||
	    (rc = rt_target_parse(ctx, to, &tt, NULL))) {
		free(range);
		return rc;
	}
	mf = rt_xcalloc(plan->n_revisions ? plan->n_revisions : 1, 1);
	mt = rt_xcalloc(plan->n_revisions ? plan->n_revisions : 1, 1);
	rt_plan_mark_target(plan, tf.kind, tf.idx, mf);
	rt_plan_mark_target(plan, tt.kind, tt.idx, mt);
	/* upgrade FROM:TO needs TO at or after FROM, downgrade the reverse */
	for (i = 0; i < plan->n_revisions; i++)
		if (up ? mf[i] && !mt[i] : mt[i] && !mf[i])
			break;
	if (i < plan->n_revisions) {
		rc = rt_usage_error(ctx, "impossible range \"%s:%s\": %s is not %s or "
				       "%s of it (sql %s FROM:TO goes %s)", from, to, to, from,
				       up ? "a descendant" : "an ancestor", argv[0],
				       up ? "forward" : "back");
		free(mf);
		free(mt);
		free(range);
		return rc;
	}
	/* Hundreds of kB of SQL: stdio's default 4 kB buffer would cost a
	 * write() per 4 kB.  Only when stdout is not a terminal (a terminal
	 * stays line-buffered) and before anything was written to it. */
	if (!isatty(STDOUT_FILENO)) {
		static char outbuf[1 << 16];
		setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	}

	{
		char *c[4] = { comment_safe(plan->project), comment_safe(from),
			       comment_safe(to), comment_safe(plan->migc_version) };

		rt_out(ctx, "-- %s: sql %s %s:%s (migc %s)\n", c[0], argv[0],
			  c[1], c[2], c[3]);
		for (i = 0; i < 4; i++)
			free(c[i]);
	}
	print_settings(ctx);
	if (up && tf.kind == RT_TARGET_BASE) {
		/* --schema: a new tenant's schema (upgrade creates it too) */
		if (ctx->schema)
			rt_out(ctx, "\nCREATE SCHEMA IF NOT EXISTS %s;\n", plan->default_schema);
		print_vt_create(ctx);
	}
	if (up) {
		for (i = 0; i < plan->n_revisions; i++)
			if (mt[i] && !mf[i])
				print_revision(ctx, i, 1);
	} else {
		for (i = plan->n_revisions; i-- > 0;)
			if (mf[i] && !mt[i])
				print_revision(ctx, i, 0);
	}
	free(mf);
	free(mt);
	free(range);
	return rc;
}

int migrt_sql(const struct migrt_plan *plan, const char *prog, int argc, char **argv)
{
	struct rt_ctx ctx = { 0 };
	char *def[] = { "upgrade", NULL };
	char **args = rt_xcalloc((size_t)argc + 1, sizeof *args);
	const char *schema = NULL;
	int n = 0, rc;

	ctx.plan = plan;
	ctx.prog = prog;
	/* --schema NAME / --schema=NAME; every other argument is an operand */
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--schema") == 0)
			schema = i + 1 < argc ? argv[++i] : "";
		else if (strncmp(argv[i], "--schema=", 9) == 0)
			schema = argv[i] + 9;
		else
			args[n++] = argv[i];
	}
	if (n == 0) {
		n = 1;
		args[0] = def[0];
	}
	rc = schema ? rt_tenant_apply(&ctx, schema) : RT_EXIT_OK;
	if (rc == RT_EXIT_OK)
		rc = rt_cmd_sql(&ctx, n, args);
	rt_tenant_free(&ctx);
	free(args);
	return rc;
}
