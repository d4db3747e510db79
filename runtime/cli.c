/*
 * cli.c - the migrator's command line: options, usage, dispatch.
 *
 * Guarantees: a bad command line prints one error and a pointer to --help on
 * stderr and exits 2 before any connection is made; --help and --version
 * never connect.  Everything the run allocated is freed before returning.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_fleet.h"
#include "rt_plan.h"

struct command {
	const char *name;
	int (*run)(struct rt_ctx *ctx, int argc, char **argv);
	int history_flags;	/* accepts --verbose (1), --offline and -r (2) */
	int format_flag;	/* accepts --format text|json */
};

static const struct command commands[] = {
	{ "upgrade", rt_cmd_upgrade, 0, 1 },
	{ "downgrade", rt_cmd_downgrade, 0, 1 },
	{ "current", rt_cmd_current, 1, 1 },
	{ "history", rt_cmd_history, 3, 1 },
	{ "heads", rt_cmd_heads, 0, 1 },
	{ "branches", rt_cmd_branches, 0, 0 },
	{ "show", rt_cmd_show, 0, 1 },
	{ "stamp", rt_cmd_stamp, 0, 0 },
	{ "resolve", rt_cmd_resolve, 0, 0 },
	{ "sql", rt_cmd_sql, 0, 0 },
	{ "accept-checksum", rt_cmd_accept_checksum, 0, 0 },
	{ "adopt", rt_cmd_adopt, 0, 0 },
	{ "check", rt_cmd_check, 0, 1 },
	{ "plan", rt_cmd_plan, 0, 1 },
};

static void usage(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	char *heads = rt_plan_heads_text(plan);

	rt_out(ctx,
		  "usage: %s [--url URL] COMMAND [ARGS]\n"
		  "\n"
		  "Migrates a PostgreSQL database for project %s "
		  "(%u revision%s, head %s).\n"
		  "\n"
		  "commands:\n"
		  "  upgrade [heads|REV|+N]      apply pending revisions (default head)\n"
		  "  downgrade REV|-N|base       undo the revisions applied above REV\n"
		  "  upgrade|downgrade ... --sql print the SQL instead (as sql upgrade|downgrade)\n"
		  "  current [--verbose]         the revisions the database is at\n"
		  "  history [--verbose] [-r A:B]\n"
		  "                              the revisions, newest first, with applied status\n"
		  "                              (-r: from A to B; A:, :B and current allowed)\n"
		  "  history --offline           the same without connecting or status\n"
		  "  heads                       the plan's head revisions\n"
		  "  branches                    the revisions with several children\n"
		  "  show REV                    one revision: parents, source, checksum, SQL\n"
		  "  stamp REV|head|base         record REV and its ancestors as applied,\n"
		  "                              running nothing\n"
		  "  sql upgrade [[FROM:]TO]     print an upgrade's SQL (default base:head)\n"
		  "  sql downgrade [[FROM:]TO]   print a downgrade's SQL (default head:base)\n"
		  "  resolve REV applied|pending after an interrupted no_transaction revision:\n"
		  "                              record what an operator found it did\n"
		  "  accept-checksum REV...|--all\n"
		  "                              after an edit of applied revisions judged\n"
		  "                              harmless: record this migrator's checksums\n"
		  "  adopt FORMAT [--dry-run]    take over a database that alembic, golang-migrate,\n"
		  "                              goose, flyway, dbmate or sqitch upgraded: record\n"
		  "                              its versions' revisions as applied, running nothing\n"
		  "  check [--format text|json]  compare the live schema with the schema the\n"
		  "                              applied revisions should have (exit 1: drift)\n"
		  "  fleet COMMAND [ARGS] --targets FILE|- [--schemas PATTERN] [-j N]\n"
		  "        [--canary N] [--on-error stop|continue] [--report FILE]\n"
		  "                              upgrade, downgrade, current, check or history\n"
		  "                              on every target of FILE (first argument only)\n"
		  "  plan [upgrade|downgrade] [TARGET] [--format text|json|markdown|github]\n"
		  "                              what a run would do here: each statement's\n"
		  "                              locks, rewrite/scan, table sizes, lint findings;\n"
		  "                              changes nothing, waits for no lock (exit 1: a\n"
		  "                              finding is an error at this database's sizes)\n"
		  "  upgrade|downgrade ... --dry-run\n"
		  "                              the plan, then the SQL, running nothing\n"
		  "\n"
		  "REV is head (heads), base, or a unique prefix of a revision id, or one of\n"
		  "those N steps later or earlier: REV+N, REV-N, head-N, base+N.  A step\n"
		  "that could go two ways (a branch point, a merge) is an error listing them.\n"
		  "\n"
		  "options:\n"
		  "  --url URL      connection URL or key=value string\n"
		  "  --schema NAME  run for tenant schema NAME: the project's default schema\n"
		  "                 and its version table are NAME (docs/migrator.md)\n"
		  "  --env-file F   read DATABASE_URL and DATABASE_* from the dotenv file F\n"
		  "                 (variables set in the environment win)\n"
		  "  --format text|json     (check, current, history, heads, show, upgrade,\n"
		  "                         downgrade) json: see docs/migrator.md\n"
		  "  -q, --quiet    no progress lines (upgrade, downgrade, stamp, adopt)\n"
		  "  -h, --help     this text\n"
		  "  -V, --version  migc version, project, head and digest\n"
		  "  --lock-timeout T       PostgreSQL lock_timeout for revisions (5s, 500ms,\n"
		  "                         1min; default 5s, 0 turns it off)\n"
		  "  --statement-timeout T  PostgreSQL statement_timeout for revisions\n"
		  "  --retries N    rerun a revision that hit lock_timeout up to N more times\n"
		  "                 (default 3 with the default lock timeout, else 0)\n"
		  "  --sync-each    wait for the disk at every revision's commit, not only\n"
		  "                 at the run's last (slower; see docs/operations.md)\n"
		  "  --no-preflight skip upgrade's pre-flight data checks (a NULL before\n"
		  "                 set not null, ...; see docs/migrator.md)\n"
		  "  --small-table SIZE, --large-table SIZE\n"
		  "                 plan: a size-dependent finding is fine under the small\n"
		  "                 size (default 10MB) and an error from the large one\n"
		  "                 (default 1GB); SIZE in bytes or with kB, MB, GB\n"
		  "\n"
		  "connection: --url, else DATABASE_URL, else DATABASE_HOSTNAME, DATABASE_PORT,\n"
		  "DATABASE_NAME, DATABASE_USERNAME, DATABASE_PASSWORD, else libpq's defaults\n"
		  "(PG* variables, ~/.pgpass, service files).\n"
		  "\n"
		  "exit status: 0 success, 1 a revision failed and was rolled back (check: the\n"
		  "schema drifted), 2 usage error, 3 cannot connect, 4 the version table does\n"
		  "not match this migrator, 5 other database error, 6 interrupted by SIGINT or\n"
		  "SIGTERM: the revision in progress was rolled back (see docs/operations.md),\n"
		  "7 the server is a standby or read-only (nothing done), 8 fleet: a target\n"
		  "failed or did not run, 9 stopped by SIGUSR1 after the revision in progress\n"
		  "committed.\n",
		  ctx->prog, plan->project, (unsigned)plan->n_revisions,
		  plan->n_revisions == 1 ? "" : "s", heads);
	free(heads);
}

void rt_print_version(struct rt_ctx *ctx)
{
	const struct migrt_plan *plan = ctx->plan;
	char *heads = rt_plan_heads_text(plan);

	rt_out(ctx, "%s (migc %s) project %s, %u revision%s, head%s %s, digest %s\n",
		  ctx->prog, plan->migc_version, plan->project,
		  (unsigned)plan->n_revisions, plan->n_revisions == 1 ? "" : "s",
		  plan->n_heads > 1 ? "s" : "",
		  heads, plan->digest);
	free(heads);
}

static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (!path || !*path)
		return "migrator";
	return slash && slash[1] ? slash + 1 : path;
}

/* A PostgreSQL duration: digits and an optional unit (us, ms, s, min, h,
 * d); no unit means milliseconds. */
static int valid_duration(const char *s)
{
	static const char *const units[] = { "", "us", "ms", "s", "min", "h", "d" };
	size_t i, n = strspn(s, "0123456789");

	if (n == 0 || n > 9)
		return 0;
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(s + n, units[i]) == 0)
			return 1;
	return 0;
}

/* A duration PostgreSQL rounds to 0 ms, which turns the timeout off:
 * 1us to 499us, and (to keep the rule simple) anything under 1 ms but an
 * explicit 0. */
static int sub_millisecond(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return strcmp(s + n, "us") == 0 && atol(s) > 0 && atol(s) < 1000;
}

/* An argument that looks like a connection string is refused without
 * being echoed: it may hold a password.  Returns 1 (with *rc set) then. */
static int refuse_conninfo(struct rt_ctx *ctx, const char *a, int *rc)
{
	if (!rt_is_conninfo(a))
		return 0;
	*rc = rt_usage_error(ctx, "a connection string must be given with --url "
				"(the argument is not shown here)");
	return 1;
}

/* "123", "10MB", "1GB", "512kB": bytes, or -1. */
static long long parse_size(const char *s)
{
	static const struct { const char *unit; long long mult; } units[] = {
		{ "", 1 }, { "B", 1 }, { "kB", 1LL << 10 }, { "MB", 1LL << 20 },
		{ "GB", 1LL << 30 }, { "TB", 1LL << 40 },
	};
	size_t n = strspn(s, "0123456789"), i;

	if (n == 0 || n > 12)
		return -1;
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(s + n, units[i].unit) == 0)
			return atoll(s) * units[i].mult;
	return -1;
}

/* "--name VALUE" or "--name=VALUE" at argv[*i]; NULL if `a` is another
 * option, "" when the value is missing. */
static const char *option_value(const char *name, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	return *i + 1 < argc ? argv[++*i] : "";
}

/* Parses options (anywhere before "--") and collects positionals into
 * `pos` (borrowing argv's strings).  Returns -1 with `rc` set to stop. */
static int parse_args(struct rt_ctx *ctx, int argc, char **argv, char **pos,
		      int *npos, int *help, int *version, int *rc)
{
	int i, dashdash = 0;
	const char *v = NULL, *v2 = NULL;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' ||
		    (a[1] != '-' && a[1] != 'h' && a[1] != 'V' && strcmp(a, "-r") != 0 &&
		     strcmp(a, "-q") != 0)) {
			if (refuse_conninfo(ctx, a, rc))
				return -1;
			pos[(*npos)++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			dashdash = 1;
		} else if (strcmp(a, "--url") == 0 || strncmp(a, "--url=", 6) == 0) {
			if (a[5] == '=')
				ctx->url = a + 6;
			else
				ctx->url = i + 1 < argc ? argv[++i] : "";
			if (!*ctx->url) {
				*rc = rt_usage_error(ctx, "--url needs a value");
				return -1;
			}
		} else if ((v = option_value("--lock-timeout", argc, argv, &i)) ||
			   (v2 = option_value("--statement-timeout", argc, argv, &i))) {
			if (refuse_conninfo(ctx, v ? v : v2, rc))
				return -1;
			if (sub_millisecond(v ? v : v2)) {
				*rc = rt_usage_error(ctx, "bad %s \"%s\": PostgreSQL rounds a duration under 1 ms to 0, "
							"which turns the timeout off; give at least 1ms (or 0 for no timeout)",
							v ? "--lock-timeout" : "--statement-timeout",
							v ? v : v2);
				return -1;
			}
			if (!valid_duration(v ? v : v2)) {
				*rc = rt_usage_error(ctx, "bad %s \"%s\": expected a duration such as 5s, 500ms or 1min",
							v ? "--lock-timeout" : "--statement-timeout",
							v ? v : v2);
				return -1;
			}
			if (v)
				ctx->lock_timeout = v;
			else
				ctx->statement_timeout = v2;
			v = v2 = NULL;
		} else if ((v = option_value("--schema", argc, argv, &i))) {
			if (refuse_conninfo(ctx, v, rc))
				return -1;
			if (!*v) {
				*rc = rt_usage_error(ctx, "--schema needs a schema name");
				return -1;
			}
			ctx->schema = v;
			v = NULL;
		} else if ((v = option_value("--env-file", argc, argv, &i))) {
			if (!*v) {
				*rc = rt_usage_error(ctx, "--env-file needs a file");
				return -1;
			}
			ctx->env_file = v;
			v = NULL;
		} else if ((v = option_value("--format", argc, argv, &i))) {
			if (refuse_conninfo(ctx, v, rc))
				return -1;
			if (!*v) {
				*rc = rt_usage_error(ctx, "--format needs a value");
				return -1;
			}
			ctx->format = v;
			v = NULL;
		} else if ((v = option_value("--retries", argc, argv, &i))) {
			if (refuse_conninfo(ctx, v, rc))
				return -1;
			if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 3) {
				*rc = rt_usage_error(ctx, "bad --retries \"%s\": expected a number from 0 to 999", v);
				return -1;
			}
			ctx->retries = atoi(v);
			v = NULL;
		} else if ((v = option_value("--small-table", argc, argv, &i)) ||
			   (v2 = option_value("--large-table", argc, argv, &i))) {
			const char *val = v ? v : v2;
			long long bytes = parse_size(val);

			if (refuse_conninfo(ctx, val, rc))
				return -1;
			if (bytes <= 0) {
				*rc = rt_usage_error(ctx, "bad %s \"%s\": expected a size such as 10MB",
							v ? "--small-table" : "--large-table", val);
				return -1;
			}
			if (v)
				ctx->small_table = bytes;
			else
				ctx->large_table = bytes;
			v = v2 = NULL;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			*help = 1;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			*version = 1;
		} else if (strcmp(a, "-r") == 0 ||
			   (v = option_value("--rev-range", argc, argv, &i))) {
			if (!v)
				v = i + 1 < argc ? argv[++i] : "";
			if (!*v) {
				*rc = rt_usage_error(ctx, "-r needs a range A:B");
				return -1;
			}
			if (refuse_conninfo(ctx, v, rc))
				return -1;
			ctx->rev_range = v;
			v = NULL;
		} else if (strcmp(a, "--sql") == 0) {
			ctx->sql = 1;
		} else if (strcmp(a, "--sync-each") == 0) {
			ctx->sync_each = 1;
		} else if (strcmp(a, "--no-preflight") == 0) {
			ctx->no_preflight = 1;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			ctx->quiet = 1;
		} else if (strcmp(a, "--verbose") == 0) {
			ctx->verbose = 1;
		} else if (strcmp(a, "--offline") == 0) {
			ctx->offline = 1;
		} else if (strcmp(a, "--all") == 0) {
			ctx->accept_all = 1;
		} else if (strcmp(a, "--dry-run") == 0) {
			ctx->dry_run = 1;
		} else if (!refuse_conninfo(ctx, a, rc)) {
			*rc = rt_usage_error(ctx, "unknown option \"%s\"", a);
			return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

int rt_parse_args(struct rt_ctx *ctx, int argc, char **argv, char **pos,
		     int *npos, int *help, int *version, int *rc)
{
	return parse_args(ctx, argc, argv, pos, npos, help, version, rc);
}

int migrt_main(const struct migrt_plan *plan, int argc, char **argv)
{
	struct rt_ctx ctx;
	static char masked[] = "********";
	char **pos;
	int npos = 0, help = 0, version = 0, rc = RT_EXIT_OK;
	size_t i;

	memset(&ctx, 0, sizeof ctx);
	ctx.plan = plan;
	ctx.prog = base_name(argc > 0 ? argv[0] : NULL);
	if (!plan || plan->magic != MIGRT_MAGIC || plan->abi != MIGRT_ABI) {
		rt_error(&ctx, "this migrator's plan does not match its runtime");
		return RT_EXIT_DB;
	}
	if (argc > 1 && strcmp(argv[1], "fleet") == 0)
		return rt_fleet_main(plan, ctx.prog, argc, argv, migrt_main);
	pos = rt_xcalloc((size_t)(argc > 0 ? argc : 1), sizeof *pos);
	ctx.retries = -1;
	if (parse_args(&ctx, argc, argv, pos, &npos, &help, &version, &rc) < 0)
		goto out;
	for (int k = 0; k < npos; k++)
		if (rt_is_password(&ctx, pos[k]))
			pos[k] = masked;
	if (!ctx.lock_timeout) {
		ctx.lock_timeout = RT_DEFAULT_LOCK_TIMEOUT;
		ctx.default_lock_timeout = 1;
		if (ctx.retries < 0)
			ctx.retries = RT_DEFAULT_RETRIES;
	}
	if (ctx.retries < 0)
		ctx.retries = 0;
	if (help) {
		usage(&ctx);
		goto out;
	}
	if (version) {
		rt_print_version(&ctx);
		goto out;
	}
	if (npos == 0) {
		rc = rt_usage_error(&ctx, "no command given");
		goto out;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, pos[0]) == 0)
			break;
	if (i == sizeof commands / sizeof commands[0]) {
		rc = rt_usage_error(&ctx, "unknown command \"%s\"", pos[0]);
		goto out;
	}
	if (!commands[i].format_flag && ctx.format) {
		rc = rt_usage_error(&ctx, "--format is only valid with check, plan, current, history, "
				       "heads, show, upgrade and downgrade");
		goto out;
	}
	if (ctx.format && commands[i].run != rt_cmd_check && commands[i].run != rt_cmd_plan) {
		/* check says its own (it names drift's formats) */
		if (strcmp(ctx.format, "json") != 0 && strcmp(ctx.format, "text") != 0) {
			rc = rt_usage_error(&ctx, "bad --format \"%s\": expected text or json",
					       ctx.format);
			goto out;
		}
		ctx.json = strcmp(ctx.format, "json") == 0;
		if (ctx.json && ctx.sql) {
			rc = rt_usage_error(&ctx, "--format json does not go with --sql");
			goto out;
		}
	}
	if ((!(commands[i].history_flags & 1) && ctx.verbose) ||
	    (!(commands[i].history_flags & 2) && (ctx.offline || ctx.rev_range))) {
		rc = rt_usage_error(&ctx, "%s is only valid with history%s",
				       ctx.verbose && !(commands[i].history_flags & 1) ?
				       "--verbose" : ctx.offline ? "--offline" : "-r",
				       ctx.verbose && !(commands[i].history_flags & 1) ?
				       " and current" : "");
		goto out;
	}
	if (ctx.sql && commands[i].run != rt_cmd_upgrade &&
	    commands[i].run != rt_cmd_downgrade) {
		rc = rt_usage_error(&ctx, "--sql is only valid with upgrade and downgrade");
		goto out;
	}
	if (ctx.accept_all && commands[i].run != rt_cmd_accept_checksum) {
		rc = rt_usage_error(&ctx, "--all is only valid with accept-checksum");
		goto out;
	}
	if (ctx.dry_run && commands[i].run != rt_cmd_adopt &&
	    commands[i].run != rt_cmd_upgrade && commands[i].run != rt_cmd_downgrade) {
		rc = rt_usage_error(&ctx, "--dry-run is only valid with adopt, upgrade and downgrade");
		goto out;
	}
	if (ctx.dry_run && commands[i].run != rt_cmd_adopt && (ctx.sql || ctx.json)) {
		rc = rt_usage_error(&ctx, "--dry-run prints the plan in text, then the SQL: "
				       "it goes with neither --sql nor --format json");
		goto out;
	}
	if ((ctx.small_table || ctx.large_table) && commands[i].run != rt_cmd_plan &&
	    !(ctx.dry_run && commands[i].run != rt_cmd_adopt)) {
		rc = rt_usage_error(&ctx, "--small-table and --large-table are only valid "
				       "with plan and --dry-run");
		goto out;
	}
	if (ctx.schema) {
		const char *name = ctx.schema;

		ctx.schema = NULL;	/* set again only when a tenant plan is built */
		if ((rc = rt_tenant_apply(&ctx, name)) != RT_EXIT_OK)
			goto out;
	}
	if (ctx.dry_run && (commands[i].run == rt_cmd_upgrade ||
			    commands[i].run == rt_cmd_downgrade))
		rc = rt_cmd_dry_run(&ctx, commands[i].run == rt_cmd_upgrade, npos - 1, pos + 1);
	else
		rc = commands[i].run(&ctx, npos - 1, pos + 1);
out:
	if (fflush(stdout) != 0 && rc == RT_EXIT_OK)
		rc = RT_EXIT_DB;
	rt_ctx_free(&ctx);
	rt_tenant_free(&ctx);
	free(pos);
	return rc;
}
