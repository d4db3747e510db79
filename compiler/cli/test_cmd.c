/*
 * test_cmd.c - `migc test [--url URL] [--env-file F] [--reset] [--data]
 * [--format text|json]`: every revision tried on a scratch database.
 *
 * The project's migrator is built as the dev loop builds it (devloop.c);
 * then, for each revision in plan order (the order `upgrade head` applies,
 * branches and merges included): `upgrade ID`, `check`, `downgrade` one
 * step (ID-1; for a merge, the parent no other applied revision descends
 * from), `check`, `upgrade ID`, `check`.  The migrator's `check` compares
 * the live schema with what the compiler's model says at the applied
 * revisions, so an `execute` whose effect the model does not know fails at
 * its revision.  With --data, after the first upgrade every table gets a
 * few generated rows (live_fill.c), and after the round trip the rows must
 * have survived in the columns the revision did not touch (live_snap.c),
 * in the tables its statements do not write rows to (test_dml.c).
 *
 * The database side comes through `struct live_test_ops` (main.c passes
 * live_test.c's table), so this file links without libpq.
 *
 * Guarantees: a database holding any object is refused, untouched,
 * unless --reset is given; the run stops at the first failing revision,
 * which is named with the failing step and the migrator's output (its
 * SQLSTATE) or the difference; exit 0 only when every revision passed,
 * 1 on a failure, 2 on usage, build or connection errors.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cliopt.h"
#include "commands.h"
#include "devloop.h"
#include "live_test.h"
#include "migrt.h"
#include "test_dml.h"
#include "test_report.h"

#define FILL_ROWS 3

struct test_opts {
	const char *url, *env_file;
	bool reset, data, json;
};

static int test_opt(void *ctx, int opt, const char *arg)
{
	struct test_opts *o = ctx;
	switch (opt) {
	case 'u': o->url = arg; break;
	case 'e': o->env_file = arg; break;
	case 'r': o->reset = true; break;
	case 'd': o->data = true; break;
	case 'f': return cli_format_json("test", arg, &o->json);
	}
	return 0;
}

struct runner {
	struct arena *a;
	const char *bin, *name;
	const struct test_opts *o;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs "NAME --quiet [--env-file F] CMD ARG", with DATABASE_URL set to
 * --url's value when given, stdout and stderr captured in *out; the exit
 * status (-1: could not run). */
static int run_migrator(struct runner *r, const char *cmd, const char *arg,
			const char **out, double *ms)
{
	const char *args[10];
	int n = 0;
	args[n++] = r->name;
	args[n++] = "--quiet";
	if (r->o->env_file) {
		args[n++] = "--env-file";
		args[n++] = r->o->env_file;
	}
	args[n++] = cmd;
	if (arg)
		args[n++] = arg;
	args[n] = NULL;
	int fd[2];
	*out = "";
	if (pipe(fd) != 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		/* --url's meaning for the migrator, without the URL (and a
		 * password in it) on a command line other users can read */
		if (r->o->url && setenv("DATABASE_URL", r->o->url, 1) != 0)
			_exit(127);
		execv(r->bin, (char *const *)args);
		fprintf(stderr, "cannot run %s: %s\n", r->bin, strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[4096];
	ssize_t got;
	while ((got = read(fd[0], chunk, sizeof chunk)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		if (m)
			fwrite(chunk, 1, (size_t)got, m);
	}
	close(fd[0]);
	if (m)
		fclose(m);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*ms = now_ms() - t0;
	if (buf) {
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
			buf[--len] = '\0';
		*out = arena_strdup(r->a, buf);
		free(buf);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Whether revision `anc` is an ancestor of (or is) revision `rev`. */
static bool descends(const struct migrt_plan *pl, uint32_t rev, uint32_t anc)
{
	if (rev == anc)
		return true;
	const struct migrt_revision *r = &pl->revisions[rev];
	for (uint32_t k = 0; k < r->n_parents; k++)
		if (descends(pl, r->parents[k], anc))
			return true;
	return false;
}

/* The downgrade target that undoes revision i alone, revisions 0..i
 * being applied. */
static const char *down_target(struct arena *a, const struct migrt_plan *pl, uint32_t i)
{
	const struct migrt_revision *r = &pl->revisions[i];
	if (r->n_parents == 0)
		return "base";
	if (r->n_parents == 1)
		return arena_printf(a, "%s-1", r->id);
	for (uint32_t k = 0; k < r->n_parents; k++) {
		uint32_t p = r->parents[k];
		bool alone = true;
		for (uint32_t j = 0; j < i && alone; j++)
			if (j != p && descends(pl, j, p))
				alone = false;
		if (alone)
			return pl->revisions[p].id;
	}
	return "-1";
}

/* One migrator step into the result; false (with res->failure) when it
 * failed.  `what`: "upgrade", "downgrade"; a check when cmd is "check". */
static bool step(struct runner *r, struct test_rev *res, const char *what, const char *cmd,
		 const char *arg, double *ms, const char **verdict)
{
	const char *out;
	double t = 0;
	int rc = run_migrator(r, cmd, arg, &out, &t);
	if (ms)
		*ms = t;
	if (rc == 0) {
		if (verdict)
			*verdict = "ok";
		return true;
	}
	if (verdict)
		*verdict = rc == 1 ? "drift" : "error";
	const char *why = rc < 0 ? "could not run the migrator"
		: rc == 1 && verdict ? "drift: the live schema is not what the model says"
		: arena_printf(r->a, "the migrator exited %d", rc);
	res->failure = arena_printf(r->a, "%s (%s)%s%s", what, why, *out ? ":\n" : "", out);
	return false;
}

static bool data_failed(struct runner *r, struct test_rev *res, const char *err)
{
	res->data = "error";
	res->failure = arena_printf(r->a, "data: %s", err);
	return false;
}

/* The six steps (and the data checks) of revision i. */
static bool test_revision(struct runner *r, const struct live_test_ops *ops,
			  struct live_db *db, const struct migrt_plan *pl, const char *vt,
			  uint32_t i, struct test_rev *res)
{
	struct arena *a = r->a;
	const char *id = pl->revisions[i].id, *err = NULL;
	struct live_snap *before = NULL, *parent = NULL, *after = NULL;
	res->data = r->o->data ? "not run" : "skipped";
	if (!step(r, res, "upgrade", "upgrade", id, &res->up_ms, NULL) ||
	    !step(r, res, "check after upgrade", "check", NULL, NULL, &res->schema_up))
		return false;
	if (r->o->data) {
		if (ops->fill(db, a, vt, FILL_ROWS, &res->fill, &err) < 0)
			return data_failed(r, res, err);
		if (!(before = ops->snapshot(db, a, vt, &err)))
			return data_failed(r, res, err);
	}
	if (!step(r, res, "downgrade", "downgrade", down_target(a, pl, i), &res->down_ms, NULL) ||
	    !step(r, res, "check after downgrade", "check", NULL, NULL, &res->schema_down))
		return false;
	if (r->o->data && !(parent = ops->snapshot(db, a, vt, &err)))
		return data_failed(r, res, err);
	if (!step(r, res, "upgrade again", "upgrade", id, &res->reup_ms, NULL) ||
	    !step(r, res, "check after upgrade again", "check", NULL, NULL, &res->schema_reup))
		return false;
	if (r->o->data) {
		if (!(after = ops->snapshot(db, a, vt, &err)))
			return data_failed(r, res, err);
		struct test_dml dml;
		test_dml_scan(a, &pl->revisions[i], &dml);
		if (dml.anywhere) {
			res->data = "not compared";
			res->data_note = "not compared: the revision runs a DO block or CALL, "
				"which may write rows anywhere";
			return true;
		}
		const char *diff = ops->compare(a, before, parent, after, dml.tables, dml.n);
		if (diff) {
			res->data = "lost";
			res->failure = arena_printf(a, "data after downgrade and upgrade: %s", diff);
			return false;
		}
		res->data = "ok";
		for (size_t k = 0; k < dml.n; k++)
			res->data_note = arena_printf(a, "%s%s%s", res->data_note
						      ? res->data_note : "not compared (the revision "
						      "writes rows to them): ", k ? ", " : "",
						      dml.tables[k]);
	}
	return true;
}

/* The version table as a qualified name: an unqualified one lives in the
 * default schema (the migrator's search_path; both are SQL names). */
static const char *version_table(struct arena *a, const struct migrt_plan *pl)
{
	if (strchr(pl->version_table, '.'))
		return pl->version_table;
	return arena_printf(a, "%s.%s", pl->default_schema ? pl->default_schema : "public",
			    pl->version_table);
}

int test_cmd(struct arena *a, struct diag *d, const char *root, int argc, char **argv,
	     const struct live_test_ops *ops)
{
	static const struct option longs[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "env-file", required_argument, NULL, 'e' },
		{ "reset", no_argument, NULL, 'r' },
		{ "data", no_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ 0 },
	};
	struct test_opts o = { 0 };
	char **pos;
	int npos;
	int status = cli_parse(a, "test", argc, argv, NULL, longs, test_opt, &o, &pos, &npos);
	if (status)
		return status;
	if (npos)
		return cli_usage_error("test", "unexpected argument \"%s\"", pos[0]);
	struct runner r = { .a = a, .o = &o };
	const struct migrt_plan *pl;
	if ((status = devloop_build(a, d, root, "test", &pl, &r.bin, &r.name)) != 0)
		return status;
	struct live_db *db = ops->open(a, o.url, o.env_file);
	if (!db)
		return 2;
	const char *example = NULL, *err = NULL;
	long n = ops->objects(db, a, &example);
	if (n < 0) {
		fprintf(stderr, "migc: test: cannot read the database: %s\n", example);
		ops->close(db);
		return 2;
	}
	if (n > 0 && !o.reset) {
		fprintf(stderr, "migc: test: the database is not empty (%ld object%s, such as %s); "
			"migc test needs a scratch database: give --reset to empty it first "
			"(it drops every schema and extension in it)\n", n, n == 1 ? "" : "s",
			example);
		ops->close(db);
		return 2;
	}
	if (n > 0 && ops->reset(db, a, &err) < 0) {
		fprintf(stderr, "migc: test: cannot empty the database: %s\n", err);
		ops->close(db);
		return 2;
	}
	const char *vt = version_table(a, pl);
	struct test_rev *res = arena_alloc(a, (pl->n_revisions + 1) * sizeof *res);
	struct test_report rep = { .plan = pl, .revs = res, .json = o.json, .data = o.data };
	for (uint32_t i = 0; i < pl->n_revisions; i++) {
		res[i].index = i;
		rep.n_run++;
		bool ok = test_revision(&r, ops, db, pl, vt, i, &res[i]);
		if (!o.json)
			test_report_rev_text(&rep, &res[i]);
		if (!ok) {
			rep.failed = &res[i];
			break;
		}
	}
	ops->close(db);
	test_report_end(&rep);
	return rep.failed ? 1 : 0;
}
