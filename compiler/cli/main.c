/*
 * main.c - the migc command line.
 *
 * Exit status: 0 success, 1 diagnostics (the project has errors), 2 usage
 * or I/O errors.  Every command works offline, except the three that read
 * a live database on purpose (live.h): diff --url, revision --autogenerate
 * --url, init --from-url.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "build.h"
#include "authoring.h"
#include "commands.h"
#include "diag.h"
#include "fmt.h"
#include "lint.h"
#include "live.h"
#include "migc.h"
#include "plan_build.h"
#include "plan_cache.h"
#include "project.h"

static void usage(FILE *out)
{
	fputs("usage: migc [-C DIR] COMMAND [ARGS]\n"
	      "\n"
	      "Compile a PostgreSQL migration project into a migrator executable.\n"
	      "\n"
	      "commands:\n"
	      "  check [--models]           parse and validate the project (the pre-commit hook);\n"
	      "                             --models also requires schema.mig to equal the head\n"
	      "  build -o BIN [--emit-c F]  compile the project into the migrator executable\n"
	      "  build --emit-c F           only write the generated C\n"
	      "  build --dynamic ...        link the system's libpq instead of statically\n"
	      "  build --print-digest       print the revision set's digest, build nothing\n"
	      "  build --release [-o BIN]   record every revision's checksum in released.sums\n"
	      "                             (commit it: check then fails on an edited one)\n"
	      "  sql [upgrade|downgrade] [FROM:TO|TO]\n"
	      "                             print the SQL a range would run (no database)\n"
	      "  history [--verbose]        the revision graph, newest first\n"
	      "  heads                      the head revision(s)\n"
	      "  show REV                   one revision and its SQL\n"
	      "  lint [--format text|json]  the dangerous-operation findings (docs/lint.md)\n"
	      "  fmt [--check] [FILES]      rewrite .mig files in canonical form (docs/fmt.md);\n"
	      "                             --check only lists the files that would change\n"
	      "  init DIR                   scaffold a new project in DIR\n"
	      "  init --from-url URL DIR    the same, with schema.mig adopted from a database\n"
	      "  revision -m MSG [--autogenerate] [--rev-id ID]\n"
	      "                             write a new revision on top of the head; with\n"
	      "                             --autogenerate, the one that reaches schema.mig\n"
	      "  revision --autogenerate --url URL -m MSG\n"
	      "                             the revision that takes that database to schema.mig\n"
	      "  diff [--url URL]           a live database against schema.mig (exit 1: differs)\n"
	      "  merge -m MSG REV...|heads  write a merge revision joining several heads\n"
	      "  models --from-sqlalchemy MODULE:ATTR [--python PY]\n"
	      "                             schema.mig from SQLAlchemy models (MetaData or Base)\n"
	      "\n"
	      "options:\n"
	      "  -C, --project DIR          the project directory (default: .)\n"
	      "  --env-file FILE            (diff, init, revision) read DATABASE_URL and\n"
	      "                             DATABASE_* from a dotenv file; the environment wins\n"
	      "\n"
	      "connection (diff, revision, init) as the migrator's: the URL given, else\n"
	      "DATABASE_URL, else DATABASE_HOSTNAME/PORT/NAME/USERNAME/PASSWORD, else libpq's\n"
	      "defaults; a postgresql+DRIVER:// URL is used without the +DRIVER part\n"
	      "  -h, --help                 this text\n"
	      "  --version                  migc's version\n"
	      "\n"
	      "exit status: 0 success, 1 the project has errors (diff: differences),\n"
	      "2 usage, I/O or database error\n",
	      out);
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("migc: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(see \"migc --help\")\n", stderr);
	return 2;
}

static int cmd_check(struct arena *a, struct diag *d, const char *root,
		     int argc, char **argv)
{
	bool models = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--models") == 0)
			models = true;
		else
			return usage_error("check: unknown argument \"%s\"", argv[i]);
	}
	int status = 0;
	struct project *p = migc_load(a, d, root, MIGC_CHECKED, &status);
	if (!p)
		return status;
	if (models) {
		if (!p->schema_model) {
			fprintf(stderr, "schema.mig: error: --models needs a schema.mig\n");
			return 1;
		}
		const char **lines = NULL;
		size_t n = migc_models_diff(a, p, &lines);
		if (n) {
			fprintf(stderr, "schema.mig: error: the head of the history differs from schema.mig (%zu difference%s):\n",
				n, n == 1 ? "" : "s");
			for (size_t i = 0; i < n; i++)
				fprintf(stderr, "  %s\n", lines[i]);
			return 1;
		}
	}
	if (d->n_warnings == 0)
		printf("ok: %zu revision%s, head %s\n", p->n_revs,
		       p->n_revs == 1 ? "" : "s",
		       p->n_heads ? p->heads[0]->id : "base");
	else
		printf("ok with %d warning%s: %zu revision%s, head %s\n",
		       d->n_warnings, d->n_warnings == 1 ? "" : "s", p->n_revs,
		       p->n_revs == 1 ? "" : "s",
		       p->n_heads ? p->heads[0]->id : "base");
	return 0;
}

static int cmd_build(struct arena *a, struct diag *d, const char *root,
		     int argc, char **argv)
{
	struct build_options opt = { 0 };
	bool print_digest = false, release = false;
	for (int i = 0; i < argc; i++) {
		if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) &&
		    i + 1 < argc)
			opt.output = argv[++i];
		else if (strcmp(argv[i], "--emit-c") == 0 && i + 1 < argc)
			opt.emit_c = argv[++i];
		else if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)
			opt.verbose = 1;
		else if (strcmp(argv[i], "--dynamic") == 0)
			opt.dynamic = 1;
		else if (strcmp(argv[i], "--print-digest") == 0)
			print_digest = true;
		else if (strcmp(argv[i], "--release") == 0)
			release = true;
		else
			return usage_error("build: unexpected argument \"%s\"", argv[i]);
	}
	if (!opt.output && !opt.emit_c && !print_digest && !release)
		return usage_error("build: %s", "give -o BIN and/or --emit-c FILE");
	int status = 0;
	struct project *p = migc_load(a, d, root, MIGC_CHECKED, &status);
	if (!p)
		return status;
	if (print_digest) {
		/* the digest the migrator's --version prints */
		printf("%s\n", p->digest);
		if (!opt.output && !opt.emit_c && !release)
			return 0;
	}
	if (opt.output || opt.emit_c) {
		status = build_project(a, p, &opt);
		if (status)
			return status;
	}
	/* released.sums only after the migrator exists: what it records is
	 * what was shipped */
	return release ? released_write(a, p) : 0;
}

/* init and revision go to live_cmd.c when they name a database. */
static int cmd_init_any(struct arena *a, struct diag *d, const char *root,
			int argc, char **argv)
{
	if (live_has_option(argc, argv, "--from-url") || live_has_option(argc, argv, "--env-file"))
		return live_cmd_init(a, d, root, argc, argv);
	return cmd_init(a, d, root, argc, argv);
}

static int cmd_revision_any(struct arena *a, struct diag *d, const char *root,
			    int argc, char **argv)
{
	if (live_has_option(argc, argv, "--url") || live_has_option(argc, argv, "--env-file"))
		return live_cmd_revision(a, d, root, argc, argv);
	return cmd_revision(a, d, root, argc, argv);
}

struct command {
	const char *name;
	/* either a command that loads what it needs itself ... */
	int (*run)(struct arena *a, struct diag *d, const char *root,
		   int argc, char **argv);
	/* ... or an offline command over the loaded project: checked, or only
	 * its graph (history and heads work with several heads too) */
	int (*offline)(struct arena *a, const struct project *p, int argc,
		       char **argv);
	bool only_graph;
	/* ... or an offline command over the plan alone, which may come from
	 * plan_cache.c instead of a new check */
	int (*with_plan)(const struct migrt_plan *plan, int argc, char **argv);
};

/* One line per command. */
static const struct command commands[] = {
	{ "check", cmd_check, NULL, false, NULL },
	{ "build", cmd_build, NULL, false, NULL },
	{ "sql", NULL, NULL, false, cmd_sql_plan },
	{ "show", NULL, cmd_show, false, NULL },
	{ "history", NULL, cmd_history, true, NULL },
	{ "heads", NULL, cmd_heads, true, NULL },
	{ "lint", lint_cmd, NULL, false, NULL },
	{ "fmt", cmd_fmt, NULL, false, NULL },
	{ "init", cmd_init_any, NULL, false, NULL },
	{ "revision", cmd_revision_any, NULL, false, NULL },
	{ "diff", live_cmd_diff, NULL, false, NULL },
	{ "merge", cmd_merge, NULL, false, NULL },
	{ "models", cmd_models, NULL, false, NULL },
};

static int run_command(const struct command *c, struct arena *a, struct diag *d,
		       const char *root, int argc, char **argv)
{
	if (c->run)
		return c->run(a, d, root, argc, argv);
	int status = 0;
	if (c->with_plan) {
		struct plan_cache *pc = plan_cache_open(a, root);
		const struct migrt_plan *plan = pc ? plan_cache_lookup(pc) : NULL;
		if (!plan) {
			struct project *p = migc_load(a, d, root, MIGC_CHECKED, &status);
			if (!p)
				return status;
			plan = plan_build(a, p);
			/* a hit prints nothing but the SQL: so must the run */
			if (pc && d->n_errors == 0 && d->n_warnings == 0)
				plan_cache_store(pc, plan);
		}
		return c->with_plan(plan, argc, argv);
	}
	struct project *p = migc_load(a, d, root,
				      c->only_graph ? MIGC_GRAPH : MIGC_CHECKED, &status);
	return p ? c->offline(a, p, argc, argv) : status;
}

int main(int argc, char **argv)
{
	const char *root = ".";
	int i = 1;
	for (; i < argc; i++) {
		if ((strcmp(argv[i], "-C") == 0 || strcmp(argv[i], "--project") == 0)) {
			if (i + 1 >= argc)
				return usage_error("%s needs a directory", argv[i]);
			root = argv[++i];
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("migc %s\n", MIGC_VERSION);
			return 0;
		} else if (argv[i][0] == '-') {
			return usage_error("unknown option \"%s\"", argv[i]);
		} else {
			break;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[i++];
	const struct command *c = NULL;
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(commands[k].name, cmd) == 0)
			c = &commands[k];
	if (!c)
		return usage_error("unknown command \"%s\"", cmd);

	struct arena arena;
	arena_init(&arena);
	struct diag d;
	diag_init(&d, stderr);
	int status = run_command(c, &arena, &d, root, argc - i, argv + i);
	fflush(stdout);
	arena_free(&arena);
	return status;
}
