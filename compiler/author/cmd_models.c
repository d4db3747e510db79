/*
 * cmd_models.c - `migc models --from-sqlalchemy MODULE:ATTR`: schema.mig
 * from the user's SQLAlchemy models (`--write`, schema.mig from the head of
 * the history, is models_write.c).
 *
 * The user's python3 (--python, else $MIGC_PYTHON, else PATH's) runs models_sqla.c's script in
 * the current directory, so MODULE imports as it would for the user.  Its
 * output goes through migc's own parser and a declarative replay before
 * anything is written: a schema.mig that migc cannot read or that does not
 * replay is never written.  The result is laid out by fmt and replaces
 * schema.mig atomically.  Exit 0, 1 (the models or their DDL were
 * refused), 2 (usage, I/O, python not runnable).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "atomic_file.h"
#include "authoring.h"
#include "diag.h"
#include "fmt.h"
#include "migc.h"
#include "model.h"
#include "models_sqla.h"
#include "parse.h"
#include "conf.h"
#include "project.h"
#include "replay.h"
#include "srcfile.h"

static int models_usage(const char *msg)
{
	fprintf(stderr, "migc models: %s\n"
		"usage: migc models --from-sqlalchemy MODULE:ATTR [--python PYTHON]\n"
		"       migc models --write [--stdout]\n", msg);
	return 2;
}

/* Runs python with the script; its stdout in *out.  0, or an exit status
 * after a message. */
static int models_run_python(struct arena *a, const char *python, const char *spec,
			     const char **out)
{
	int fds[2];
	if (pipe(fds) != 0) {
		fprintf(stderr, "migc models: pipe: %s\n", strerror(errno));
		return 2;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "migc models: fork: %s\n", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return 2;
	}
	if (pid == 0) {
		close(fds[0]);
		if (dup2(fds[1], 1) < 0)
			_exit(127);
		close(fds[1]);
		execlp(python, python, "-c", models_sqla_script, spec, (char *)NULL);
		fprintf(stderr, "migc models: cannot run \"%s\": %s\n", python, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	struct strbuf sb;
	sb_init(&sb, a);
	char buf[8192];
	for (;;) {
		ssize_t n = read(fds[0], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sb_put(&sb, buf, (size_t)n);
	}
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "migc models: waitpid: %s\n", strerror(errno));
			return 2;
		}
	if (!WIFEXITED(st) || WEXITSTATUS(st) == 127)
		return 2;	/* not runnable: said above */
	if (WEXITSTATUS(st) != 0) {
		fprintf(stderr, "migc models: %s failed on %s (exit %d); schema.mig is unchanged\n",
			python, spec, WEXITSTATUS(st));
		return 1;
	}
	*out = sb_str(&sb);
	return 0;
}

int cmd_models(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	const char *spec = NULL, *python = getenv("MIGC_PYTHON");
	if (!python || !*python)
		python = "python3";
	bool write = false, to_stdout = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--write") == 0)
			write = true;
		else if (strcmp(argv[i], "--stdout") == 0)
			to_stdout = true;
		else if (strcmp(argv[i], "--from-sqlalchemy") == 0 && i + 1 < argc)
			spec = argv[++i];
		else if (strcmp(argv[i], "--python") == 0 && i + 1 < argc)
			python = argv[++i];
		else
			return models_usage(arena_printf(a, "unexpected argument \"%s\"", argv[i]));
	}
	if (write && spec)
		return models_usage("--write and --from-sqlalchemy are two different commands");
	if (write)
		return models_write(a, d, root, to_stdout);
	if (to_stdout)
		return models_usage("--stdout goes with --write");
	if (!spec)
		return models_usage("--write or --from-sqlalchemy MODULE:ATTR is required");
	if (!strchr(spec, ':'))
		return models_usage(arena_printf(a, "expected MODULE:ATTR, got \"%s\"", spec));
	int status = 0;
	struct project *p = migc_load(a, d, root, MIGC_PARSED, &status);
	if (!p)
		return status;
	const char *ddl = NULL;
	status = models_run_python(a, python, spec, &ddl);
	if (status)
		return status;

	/* what migc reads of it: the same checks as any schema.mig */
	const char *shown = arena_printf(a, "<%s>", spec);
	struct src_file *src = src_from_text(a, shown, ddl, strlen(ddl));
	int errors = d->n_errors;
	struct ast_file *f = parse_file(a, d, src, PARSE_SCHEMA);
	if (d->n_errors == errors) {
		struct model *m = model_new(a, p->conf.default_schema);
		conf_seed_extensions(&p->conf, m, a);
		struct replay_ctx ctx = { .arena = a, .diag = d };
		replay_declarative(&ctx, m, f->stmts, f->n_stmts);
	}
	if (d->n_errors != errors) {
		fprintf(stderr, "migc models: SQLAlchemy's DDL for %s is refused; schema.mig is unchanged\n",
			spec);
		return 1;
	}
	const char *text = NULL, *why = NULL;
	if (fmt_source(a, d, src, true, &text, &why) != FMT_OK) {
		fprintf(stderr, "migc models: cannot lay out schema.mig: %s\n", why ? why : "syntax");
		return 1;
	}
	const char *path = arena_printf(a, "%s/schema.mig", root);
	if (atomic_write_file(path, text, strlen(text), ATOMIC_REPLACE, ATOMIC_DEFAULT_MODE) != 0) {
		fprintf(stderr, "migc models: cannot write \"%s\": %s\n", path, strerror(errno));
		return 2;
	}
	printf("wrote %s (%zu statements from %s)\n", path, f->n_stmts, spec);
	return 0;
}
