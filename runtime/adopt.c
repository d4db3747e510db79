/*
 * adopt.c - adopt FORMAT [--dry-run]: take over a database that another
 * migration tool (alembic, golang-migrate, goose, flyway, dbmate, sqitch)
 * has been upgrading, for a plan that `migc import FORMAT` wrote from that
 * tool's history.
 *
 * Guarantees: the other tool's table is only read, never written; every
 * version it records maps to the revision `migc import` made of it (the
 * version itself when it is a valid id, folded to lower case as the
 * compiler folds ids, else the first 12 hex digits of
 * SHA-256("FORMAT:VERSION"), computed by the server; numeric versions
 * compare as numbers, Flyway's "1.1" also as "1_1"), or adopt refuses
 * (exit 4) naming it, except a Flyway repeatable, which maps by the
 * checksum Flyway last recorded for it (import's "R__DESC:CHECKSUM") and,
 * when no revision has it, is left pending with a line saying so; adopt
 * refuses too for a missing table, a dirty or failed
 * migration, a version whose ancestors are not all recorded, and a version
 * table of ours that already has rows.  Everything is decided under the
 * migrator's advisory lock before anything is written; the rows (the
 * plan's checksum, zero duration, as `stamp` writes them) are inserted in
 * one transaction.  No revision runs.  --dry-run prints the same lines and
 * creates and writes nothing.  adopt_read.c reads the other tool's table
 * and spells its versions; this file maps them to revisions, decides and
 * writes.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_adopt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_plan.h"

/* What `migc import` accepts as an id as it is (import_write.c). */
static int valid_id(const char *v)
{
	static const char *const reserved[] = { "head", "heads", "base" };
	size_t i, n = strlen(v);

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)v[i]) && v[i] != '_')
			return 0;
	for (i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
		size_t k = 0;

		while (reserved[i][k] && tolower((unsigned char)v[k]) == reserved[i][k])
			k++;
		if (!reserved[i][k] && !v[k])
			return 0;
	}
	return 1;
}

/* Both all digits and the same number ("000003" and "3"). */
static int same_number(const char *a, const char *b)
{
	if (!*a || !*b || strspn(a, "0123456789") != strlen(a) ||
	    strspn(b, "0123456789") != strlen(b))
		return 0;
	while (*a == '0' && a[1])
		a++;
	while (*b == '0' && b[1])
		b++;
	return strcmp(a, b) == 0;
}

static int entry_matches(const struct rt_adopt *st, const struct rt_adopt_entry *e, const char *id)
{
	uint32_t k;

	for (k = e->first; k < e->first + e->n; k++) {
		if (valid_id(st->spell[k]) && strcasecmp(st->spell[k], id) == 0)
			return 1;
		if (st->hash[k] && strcmp(st->hash[k], id) == 0)
			return 1;
	}
	return st->tool->numeric && same_number(e->version, id);
}

/* Each entry's revision: the first in the plan's order that it matches and
 * no earlier entry took (a reworked sqitch change: its first deployment is
 * the NAME@TAG revision).  Unknown versions are named; returns 1 then. */
static int map_entries(struct rt_ctx *ctx, struct rt_adopt *st)
{
	const struct migrt_plan *plan = ctx->plan;
	unsigned char *taken = rt_xcalloc(plan->n_revisions + 1, 1);
	uint32_t i, r;
	int bad = 0;

	for (i = 0; i < st->n_e; i++) {
		struct rt_adopt_entry *e = &st->e[i];
		long any = -1;

		for (r = 0; r < plan->n_revisions && e->idx < 0; r++) {
			if (!entry_matches(st, e, plan->revisions[r].id))
				continue;
			if (any < 0)
				any = (long)r;
			if (!taken[r])
				e->idx = (long)r;
		}
		if (e->idx < 0)
			e->idx = any;	/* applied twice (Flyway: repeatable, undo) */
		if (e->idx >= 0) {
			if (e->kind != RT_ADOPT_UNMARK)
				taken[e->idx] = 1;
			continue;
		}
		if (e->kind == RT_ADOPT_REPEATABLE) {
			/* no revision of the script as flyway last ran it */
			rt_out(ctx, "adopt: flyway %s (checksum %s) changed since flyway applied it: "
				  "it runs again at upgrade\n", e->version,
				  e->checksum ? e->checksum : "none");
			continue;
		}
		{
			char *v = rt_escape(e->version);

			rt_error(ctx, "%s's table \"%s\" records version \"%s\", which is not in "
				    "this migrator's plan", st->tool->name, st->tool->table, v);
			free(v);
		}
		bad = 1;
	}
	free(taken);
	if (bad)
		rt_errf(ctx, "  adopt maps each version to the revision `migc import %s` made of "
			   "it: import the history this database was upgraded with; nothing was "
			   "changed\n", st->tool->name);
	return bad;
}

/* The set to record; 1 after naming a revision whose parent is missing. */
static int decide(struct rt_ctx *ctx, struct rt_adopt *st)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t i, k;
	int bad = 0;

	for (i = 0; i < st->n_e; i++) {
		const struct rt_adopt_entry *e = &st->e[i];
		uint32_t r = (uint32_t)e->idx;

		if (e->kind == RT_ADOPT_UNMARK) {
			st->want[r] = 0;
		} else if (e->kind == RT_ADOPT_MARK || e->kind == RT_ADOPT_BASELINE) {
			if (st->tool->with_ancestors || e->kind == RT_ADOPT_BASELINE)
				rt_plan_mark_ancestors(plan, r, st->want);
			st->want[r] = 1;
			st->via[r] = (long)i;
		}
	}
	/* repeatables come after every versioned revision: recorded only
	 * when their ancestors are, else they run again at upgrade (as
	 * Flyway reruns them) */
	for (i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *rv = &plan->revisions[i];
		long hit = -1;

		for (k = 0; k < st->n_e; k++)
			if (st->e[k].kind == RT_ADOPT_REPEATABLE && st->e[k].idx == (long)i)
				hit = (long)k;
		if (hit < 0)
			continue;
		for (k = 0; k < rv->n_parents && st->want[rv->parents[k]]; k++)
			;
		if (k < rv->n_parents) {
			rt_out(ctx, "adopt: %s (flyway %s) is left pending: it will run again at "
				  "upgrade, after the versions below it\n", rv->id, st->e[hit].version);
			continue;
		}
		st->want[i] = 1;
		st->via[i] = hit;
	}
	for (i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *rv = &plan->revisions[i];

		if (!st->want[i])
			continue;
		for (k = 0; k < rv->n_parents; k++) {
			if (st->want[rv->parents[k]])
				continue;
			rt_error(ctx, "%s's table records revision %s but not its parent %s: "
				    "migc applies revisions in the plan's order only",
				    st->tool->name, rv->id, plan->revisions[rv->parents[k]].id);
			bad = 1;
		}
	}
	if (bad)
		rt_errf(ctx, "  bring the database to a version whose predecessors are all applied "
			   "with %s first; nothing was changed\n", st->tool->name);
	return bad;
}

static void print_rows(struct rt_ctx *ctx, const struct rt_adopt *st, const char *verb)
{
	const struct migrt_plan *plan = ctx->plan;
	uint32_t i;

	for (i = 0; i < plan->n_revisions; i++) {
		if (!st->want[i])
			continue;
		if (st->via[i] >= 0)
			rt_out(ctx, "adopt: %s %s (%s %s)\n", verb, plan->revisions[i].id,
				  st->tool->name, st->e[st->via[i]].version);
		else
			rt_out(ctx, "adopt: %s %s (below a recorded %s version)\n", verb,
				  plan->revisions[i].id, st->tool->name);
	}
}

static int insert_rows(struct rt_ctx *ctx, const struct rt_adopt *st)
{
	const struct migrt_plan *plan = ctx->plan;
	char *sql = rt_xprintf("INSERT INTO %s (revision, checksum, applied_at, duration_ms, "
				  "migc_version) VALUES ($1, $2, now(), 0, $3)",
				  plan->version_table);
	uint32_t i;
	int rc = 0;

	if (rt_db_command(ctx, "cannot begin a transaction", "BEGIN", 0, NULL) < 0) {
		free(sql);
		return -1;
	}
	for (i = 0; i < plan->n_revisions && rc == 0; i++) {
		const char *params[3] = { plan->revisions[i].id, plan->revisions[i].checksum,
					  plan->migc_version };

		if (st->want[i])
			rc = rt_db_command(ctx, "cannot update the version table", sql, 3, params);
	}
	free(sql);
	if (rc == 0)
		rc = rt_db_command(ctx, "cannot commit the version table", "COMMIT", 0, NULL);
	if (rc < 0)
		PQclear(PQexec(ctx->conn, "ROLLBACK"));
	return rc;
}

/* Our version table must be empty: adopt starts a history, it does not
 * merge two. */
static int refuse_recorded(struct rt_ctx *ctx)
{
	uint32_t i, n = ctx->n_unknown;

	for (i = 0; i < ctx->plan->n_revisions; i++)
		n += ctx->applied[i] ? 1 : 0;
	if (n == 0)
		return 0;
	rt_error(ctx, "the version table \"%s\" already records %u revision%s: adopt only "
		    "takes over a database migc has recorded nothing in",
		    ctx->plan->version_table_display, n, n == 1 ? "" : "s");
	rt_errf(ctx, "  `%s current` shows them; `%s stamp REV` rewrites the table; "
		   "nothing was changed\n", ctx->prog, ctx->prog);
	return 1;
}

static int run(struct rt_ctx *ctx, struct rt_adopt *st)
{
	int rc, yes;
	char *where;

	if ((rc = rt_session_begin(ctx, ctx->dry_run ? RT_SESSION_READ : RT_SESSION_WRITE)) != RT_EXIT_OK)
		return rc;
	if (refuse_recorded(ctx))
		return RT_EXIT_INCONSISTENT;
	if ((yes = rt_adopt_relation_exists(ctx, st->tool->table)) < 0)
		return RT_EXIT_DB;
	if (!yes) {
		rt_error(ctx, "there is no table \"%s\" (%s's version table) in this database's "
			    "search_path: it was not upgraded by %s", st->tool->table,
			    st->tool->name, st->tool->name);
		rt_errf(ctx, "  connect to the database %s upgraded (a table in another schema: "
			   "add options=-csearch_path=SCHEMA to the URL); nothing was changed\n",
			   st->tool->name);
		return RT_EXIT_INCONSISTENT;
	}
	if ((rc = rt_adopt_read_rows(ctx, st)) != RT_EXIT_OK)
		return rc;
	if (rt_adopt_spell_and_hash(ctx, st) < 0)
		return RT_EXIT_DB;
	if (map_entries(ctx, st) || decide(ctx, st))
		return RT_EXIT_INCONSISTENT;
	where = rt_plan_describe(ctx->plan, st->want);
	if (ctx->dry_run) {
		print_rows(ctx, st, "would record");
		rt_out(ctx, "adopt: dry run, nothing was changed; the database would be at %s\n",
			  where);
		free(where);
		return RT_EXIT_OK;
	}
	if ((rc = rt_session_create_table(ctx)) != RT_EXIT_OK ||
	    (rc = insert_rows(ctx, st) < 0 ? RT_EXIT_DB : RT_EXIT_OK) != RT_EXIT_OK) {
		free(where);
		return rc;
	}
	if (!ctx->quiet) {
		print_rows(ctx, st, "recorded");
		rt_out(ctx, "database is at %s\n", where);
	}
	free(where);
	return RT_EXIT_OK;
}

int rt_cmd_adopt(struct rt_ctx *ctx, int argc, char **argv)
{
	struct rt_adopt st;
	size_t i;
	int rc;

	if (argc != 1)
		return rt_usage_error(ctx, "adopt needs one argument: alembic, golang-migrate, "
					 "goose, flyway, dbmate or sqitch");
	memset(&st, 0, sizeof st);
	st.tool = rt_adopt_tool(argv[0]);
	if (!st.tool)
		return rt_usage_error(ctx, "unknown format \"%s\": expected alembic, golang-migrate, "
					 "goose, flyway, dbmate or sqitch", argv[0]);
	st.want = rt_xcalloc(ctx->plan->n_revisions + 1, 1);
	st.via = rt_xcalloc(ctx->plan->n_revisions + 1, sizeof *st.via);
	for (i = 0; i < ctx->plan->n_revisions; i++)
		st.via[i] = -1;
	rc = run(ctx, &st);
	rt_adopt_free(&st);
	return rc;
}
