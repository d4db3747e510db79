/*
 * main.c - the migc command line.
 *
 * Exit status: 0 success, 1 diagnostics (the project has errors), 2 usage
 * or I/O errors.  Every command works offline, except the three that read
 * a live database on purpose (live.h): diff --url, revision --autogenerate
 * --url, init --from-url; and the migrator's commands (upgrade, current...,
 * or check/history/heads/show naming a database), which devloop.c runs with
 * the project's migrator, whose exit status is then migc's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "build.h"
#include "authoring.h"
#include "cliopt.h"
#include "commands.h"
#include "complete.h"
#include "devloop.h"
#include "diag.h"
#include "fmt.h"
#include "import.h"
#include "lint.h"
#include "live.h"
#include "live_test.h"
#include "migc.h"
#include "plan_build.h"
#include "plan_cache.h"
#include "project.h"
#include "manpage.h"
#include "usage.h"

static int usage_error(const char *fmt, const char *arg)
{
	fputs("migc: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(see \"migc --help\")\n", stderr);
	return 2;
}

struct build_cli {
	struct build_options opt;
	bool print_digest, release, man;
};

static int build_opt(void *ctx, int opt, const char *arg)
{
	struct build_cli *b = ctx;
	switch (opt) {
	case 'o': b->opt.output = arg; break;
	case 'E': b->opt.emit_c = arg; break;
	case 'D': b->opt.dynamic = 1; break;
	case 'P': b->print_digest = true; break;
	case 'R': b->release = true; break;
	case 'M': b->man = true; break;
	}
	return 0;
}

static int cmd_build(struct arena *a, struct diag *d, const char *root,
		     int argc, char **argv)
{
	static const struct option longs[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "emit-c", required_argument, NULL, 'E' },
		{ "dynamic", no_argument, NULL, 'D' },
		{ "print-digest", no_argument, NULL, 'P' },
		{ "release", no_argument, NULL, 'R' },
		{ "man", no_argument, NULL, 'M' },
		{ 0 },
	};
	struct build_cli b = { 0 };
	char **pos;
	int npos;
	int status = cli_parse(a, "build", argc, argv, "o:", longs, build_opt, &b, &pos, &npos);
	if (status)
		return status;
	if (npos)
		return cli_usage_error("build", "unexpected argument \"%s\"", pos[0]);
	struct build_options opt = b.opt;
	opt.verbose = cli_verbose;
	bool print_digest = b.print_digest, release = b.release;
	/* nothing asked: the migrator, as NAME-migrate in the current directory */
	bool by_default = !opt.output && !opt.emit_c && !print_digest && !release;
	if (b.man && !opt.output)
		by_default = true;
	struct project *p = migc_load(a, d, root, MIGC_CHECKED, &status);
	if (!p)
		return status;
	if (by_default)
		opt.output = arena_printf(a, "%s-migrate", p->conf.name);
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
		if (by_default && !cli_quiet)
			printf("wrote %s\n", opt.output);
		if (b.man && opt.output) {
			const char *page = arena_printf(a, "%s.1", opt.output);
			/* a bare name runs from the current directory, not PATH */
			const char *bin = strchr(opt.output, '/') ? opt.output
				: arena_printf(a, "./%s", opt.output);
			if ((status = man_for_migrator(bin, page)) != 0)
				return status;
			if (!cli_quiet)
				printf("wrote %s\n", page);
		}
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

/* test gets the database side here: main.c alone links live/ */
static int cmd_test(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	return test_cmd(a, d, root, argc, argv, &live_test_ops);
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
	{ "import", cmd_import, NULL, false, NULL },
	{ "models", cmd_models, NULL, false, NULL },
	{ "test", cmd_test, NULL, false, NULL },
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

/* A --help or -h among a command's options (before "--"), or a long
 * option abbreviating --help: answered before anything is loaded. */
static bool wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0)
			return false;
		if (strcmp(s, "-h") == 0 ||
		    (strlen(s) >= 3 && strncmp(s, "--help", strlen(s)) == 0))
			return true;
	}
	return false;
}

static int help(const char *cmd)
{
	if (!cmd) {
		usage_main(stdout);
		return 0;
	}
	if (usage_command(stdout, cmd))
		return 0;
	if (devloop_wants(cmd, 0, NULL)) {
		/* the migrator's: its own --help is the reference */
		printf("usage: migc [-C DIR] [-q|-v] %s [ARGS]\n\n"
		       "Runs the project's migrator (built into the cache once, then reused)\n"
		       "with \"%s ARGS\"; \"migc %s --help\" prints the migrator's usage.\n"
		       "See docs/compiler.md, \"The dev loop\".\n", cmd, cmd, cmd);
		return 0;
	}
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(commands[k].name, cmd) == 0) {
			/* a command without a text of its own */
			printf("usage: migc [-C DIR] %s [ARGS]\n\n", cmd);
			usage_main(stdout);
			return 0;
		}
	return usage_error("help: unknown command \"%s\"", cmd);
}

/* `migc __complete commands|options CMD|revisions|migrator PROG WHAT`
 * (hidden), for the shell completions (tools/completion/): the command
 * names, a command's long options as its --help text names them, the
 * project's revision ids (nothing, exit 0, when there is no project), and
 * a migrator's commands, options or revision ids (complete.c).  Never
 * prints a diagnostic. */
static int complete(const char *root, int argc, char **argv)
{
	if (argc == 1 && strcmp(argv[0], "commands") == 0) {
		for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
			printf("%s\n", commands[k].name);
		puts("help");
		return 0;
	}
	if (argc == 2 && strcmp(argv[0], "options") == 0) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (!f)
			return 2;
		if (!usage_command(f, argv[1]))
			usage_main(f);
		fclose(f);
		complete_long_options(stdout, buf);
		free(buf);
		return 0;
	}
	if (argc == 1 && strcmp(argv[0], "revisions") == 0) {
		struct arena a;
		arena_init(&a);
		struct diag d;
		diag_init_silent(&d);
		int status = 0;
		struct project *p = migc_load(&a, &d, root, MIGC_GRAPH, &status);
		for (size_t k = 0; p && k < p->n_revs; k++)
			printf("%s\n", p->revs[k]->id);
		arena_free(&a);
		return 0;
	}
	if (argc == 3 && strcmp(argv[0], "migrator") == 0)
		return complete_migrator(stdout, argv[1], argv[2]);
	return usage_error("__complete: %s",
			   "expected commands, options CMD, revisions or migrator PROG WHAT");
}

/* "DIR/" for -C DIR, so that paths in messages are relative to the
 * current directory; "" for ".". */
static const char *path_prefix(struct arena *a, const char *root)
{
	if (strcmp(root, ".") == 0 || strcmp(root, "./") == 0 || !root[0])
		return "";
	size_t n = strlen(root);
	return root[n - 1] == '/' ? root : arena_printf(a, "%s/", root);
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "project", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ 0 },
	};
	const char *root = ".";
	int c;
	opterr = 0;
	/* "+": the options before the command only */
	while ((c = getopt_long(argc, argv, "+:C:hVqv", longs, NULL)) != -1) {
		switch (c) {
		case 'C':
			root = optarg;
			break;
		case 'h':
			usage_main(stdout);
			return 0;
		case 'V':
			printf("migc %s\n", MIGC_VERSION);
			return 0;
		case 'q':
			cli_quiet = 1;
			break;
		case 'v':
			cli_verbose = 1;
			break;
		case ':':
			return usage_error("%s needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown or ambiguous option \"%s\"",
					   optopt ? (char[]){ '-', (char)optopt, 0 } : argv[optind - 1]);
		}
	}
	int i = optind;
	if (i >= argc) {
		usage_main(stderr);
		return 2;
	}
	const char *cmd = argv[i++];
	if (strcmp(cmd, "help") == 0) {
		if (argc - i > 1)
			return usage_error("help: %s", "name one command");
		return help(i < argc ? argv[i] : NULL);
	}
	if (strcmp(cmd, "__man") == 0)
		return man_cmd(argc - i, argv + i);
	if (strcmp(cmd, "__complete") == 0)
		return complete(root, argc - i, argv + i);
	/* the migrator's commands: devloop.c builds it and runs it, --help too */
	if (devloop_wants(cmd, argc - i, argv + i)) {
		struct arena arena;
		arena_init(&arena);
		struct diag d;
		diag_init(&d, stderr);
		d.path_prefix = cli_path_prefix = path_prefix(&arena, root);
		int status = devloop_run(&arena, &d, root, cmd, argc - i, argv + i);
		arena_free(&arena);
		return status;
	}
	const struct command *cm = NULL;
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(commands[k].name, cmd) == 0)
			cm = &commands[k];
	if (!cm)
		return usage_error("unknown command \"%s\"", cmd);
	if (wants_help(argc - i, argv + i))
		return help(cmd);

	struct arena arena;
	arena_init(&arena);
	struct diag d;
	diag_init(&d, stderr);
	d.path_prefix = cli_path_prefix = path_prefix(&arena, root);
	int status = run_command(cm, &arena, &d, root, argc - i, argv + i);
	if (status == CLI_HELP)
		status = help(cmd);
	fflush(stdout);
	arena_free(&arena);
	return status;
}
