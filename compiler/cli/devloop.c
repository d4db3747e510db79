/*
 * devloop.c - `migc upgrade|downgrade|current|... [--url URL]`: the
 * project's migrator without a build step.
 *
 * migc builds the project's migrator into the cache (plan_cache.h's
 * directory, subdirectory migrators/) and execs it with the command line
 * as given, so that what runs is exactly what `migc build` would ship.
 * The cached executable is named by a SHA-256 over the plan's fields that
 * plan_cache.c keeps (the project digest, migc.conf's settings, every
 * revision's SQL), migc.conf's bytes, the identity of the migc executable
 * (device, inode, size, modification time: a rebuilt migc or runtime
 * builds again) and $CC; the same project therefore reuses the same file,
 * untouched, without running the C compiler.  That key comes from
 * plan_cache.c's plan when the project is unchanged (no check at all),
 * else from a full check (diagnostics as `migc check` prints them; errors
 * stop here).  What is built always comes from a full check: the cached
 * plan lacks the check statements, statement notes and pre-flight checks.
 *
 * Guarantees: a cached file is only ever put in place complete (build.c
 * writes by temporary file and rename); nothing connects before the
 * migrator runs; the migrator's exit status is migc's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "atomic_file.h"
#include "build.h"
#include "cliopt.h"
#include "devloop.h"
#include "diag.h"
#include "migc.h"
#include "migrt.h"
#include "plan_build.h"
#include "plan_cache.h"
#include "project.h"
#include "sha256.h"

/* The migrator's commands migc has no offline twin of: always delegated. */
static const char *const migrator_only[] = {
	"upgrade", "downgrade", "current", "branches", "stamp", "resolve",
	"accept-checksum", "adopt", "plan", "fleet",
};

/* Offline commands of migc that the migrator also has: delegated only
 * when they name a database. */
static const char *const migrator_too[] = {
	"check", "history", "heads", "show",
};

static bool names_database(int argc, char **argv)
{
	static const char *const opts[] = { "--url", "--env-file", "--targets" };
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0)
			return false;
		size_t n = strcspn(s, "=");
		for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
			if (n > 2 && n <= strlen(opts[k]) && strncmp(s, opts[k], n) == 0)
				return true;
	}
	return false;
}

bool devloop_wants(const char *cmd, int argc, char **argv)
{
	for (size_t k = 0; k < sizeof migrator_only / sizeof migrator_only[0]; k++)
		if (strcmp(cmd, migrator_only[k]) == 0)
			return true;
	for (size_t k = 0; k < sizeof migrator_too / sizeof migrator_too[0]; k++)
		if (strcmp(cmd, migrator_too[k]) == 0)
			return names_database(argc, argv);
	return false;
}

static void key_str(struct sha256_ctx *h, const char *s)
{
	/* length-framed, so that no two field sequences hash alike */
	char len[24];
	size_t n = s ? strlen(s) : 0;
	snprintf(len, sizeof len, "%c%zu:", s ? 's' : 'n', n);
	sha256_update(h, len, strlen(len));
	if (s)
		sha256_update(h, s, n);
}

static void key_u32(struct sha256_ctx *h, uint32_t v)
{
	char buf[16];
	snprintf(buf, sizeof buf, "u%" PRIu32 ":", v);
	sha256_update(h, buf, strlen(buf));
}

static void key_stmts(struct sha256_ctx *h, const struct migrt_stmt *v, uint32_t n)
{
	key_u32(h, n);
	for (uint32_t i = 0; i < n; i++) {
		key_str(h, v[i].sql);
		key_u32(h, v[i].line);
	}
}

/* The hex SHA-256 naming the executable built from the project: over the
 * plan's fields that plan_cache.c keeps (its project digest among them:
 * the rest of the generated C follows from these and migc), migc.conf's
 * bytes, the identity of the migc executable, and $CC.  A plan from the
 * cache and one from a new check of the same project give the same key. */
static const char *devloop_key(struct arena *a, const char *root,
			       const struct migrt_plan *pl)
{
	struct sha256_ctx h;
	sha256_init(&h);
	key_str(&h, "migc dev loop 1");
	key_str(&h, pl->migc_version);
	key_str(&h, pl->project);
	key_str(&h, pl->version_table);
	key_str(&h, pl->version_table_display);
	key_str(&h, pl->default_schema);
	key_str(&h, pl->digest);
	key_u32(&h, pl->n_revisions);
	for (uint32_t i = 0; i < pl->n_revisions; i++) {
		const struct migrt_revision *r = &pl->revisions[i];
		key_str(&h, r->id);
		key_str(&h, r->message);
		key_str(&h, r->path);
		key_u32(&h, r->line);
		key_u32(&h, r->n_parents);
		for (uint32_t k = 0; k < r->n_parents; k++)
			key_u32(&h, r->parents[k]);
		key_str(&h, r->checksum);
		key_stmts(&h, r->upgrade, r->n_upgrade);
		key_stmts(&h, r->downgrade, r->n_downgrade);
		key_u32(&h, r->flags);
	}
	key_u32(&h, pl->n_heads);
	for (uint32_t k = 0; k < pl->n_heads; k++)
		key_u32(&h, pl->heads[k]);
	key_u32(&h, pl->n_schemas);
	key_u32(&h, pl->n_base_schemas);
	for (uint32_t k = 0; k < pl->n_schemas; k++)
		key_str(&h, pl->schemas[k]);
	/* migc.conf: settings (lint levels...) the plan's statement notes follow */
	FILE *f = fopen(arena_printf(a, "%s/migc.conf", root), "rb");
	if (f) {
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			sha256_update(&h, buf, n);
		fclose(f);
	}
	struct stat st;
	char self[160];
	if (stat("/proc/self/exe", &st) == 0)
		snprintf(self, sizeof self, "%ju:%ju:%jd:%jd.%09ld", (uintmax_t)st.st_dev,
			 (uintmax_t)st.st_ino, (intmax_t)st.st_size,
			 (intmax_t)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	else
		snprintf(self, sizeof self, "%s", MIGC_VERSION);
	key_str(&h, self);
	key_str(&h, getenv("CC"));
	unsigned char d[SHA256_DIGEST_LEN];
	sha256_final(&h, d);
	char *hex = arena_alloc(a, 2 * SHA256_DIGEST_LEN + 1);
	for (size_t i = 0; i < SHA256_DIGEST_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return hex;
}

/* A new check of the project: the full plan, as migc build makes it (the
 * cached one lacks what `check`, `plan` and the pre-flight checks need),
 * stored for the next run's key. */
static const struct migrt_plan *devloop_check(struct arena *a, struct diag *d,
					      const char *root, struct plan_cache *pc,
					      int *status)
{
	struct project *p = migc_load(a, d, root, MIGC_CHECKED, status);
	if (!p)
		return NULL;
	const struct migrt_plan *plan = plan_build_migrator(a, p);
	if (pc && d->n_errors == 0 && d->n_warnings == 0)
		plan_cache_store(pc, plan);
	return plan;
}

int devloop_build(struct arena *a, struct diag *d, const char *root, const char *cmd,
		  const struct migrt_plan **planp, const char **binp, const char **namep)
{
	int status = 0;
	const char *dir = plan_cache_dir(a);
	if (!dir) {
		fprintf(stderr, "migc: error: %s needs a cache directory to build the migrator in "
			"(MIGC_CACHE_DIR is \"off\" or HOME is unset); use \"migc build\" and run "
			"the migrator\n", cmd);
		return 2;
	}
	/* the key from the cached plan when the project is unchanged: a
	 * cached migrator then runs without a check */
	struct plan_cache *pc = plan_cache_open(a, root);
	const struct migrt_plan *plan = pc ? plan_cache_lookup(pc) : NULL;
	bool full = false;
	if (!plan) {
		if (!(plan = devloop_check(a, d, root, pc, &status)))
			return status ? status : 2;
		full = true;
	}
	const char *key = devloop_key(a, root, plan);
	const char *bindir = arena_printf(a, "%s/migrators", dir);
	const char *name = arena_printf(a, "%s-migrate", plan->project);
	const char *bin = arena_printf(a, "%s/%s-%.16s", bindir, name, key);
	if (access(bin, X_OK) != 0) {
		if (!full && !(plan = devloop_check(a, d, root, NULL, &status)))
			return status ? status : 2;
		if (atomic_mkdirs(bindir, 0700) != 0) {
			fprintf(stderr, "migc: error: cannot create %s: %s\n", bindir,
				strerror(errno));
			return 2;
		}
		struct build_options opt = { .output = bin, .verbose = cli_verbose };
		if ((status = build_plan(a, plan, &opt)) != 0)
			return status;
		if (cli_verbose)
			fprintf(stderr, "migc: built %s\n", bin);
	} else if (cli_verbose) {
		fprintf(stderr, "migc: running %s (cached)\n", bin);
	}
	*planp = plan;
	*binp = bin;
	*namep = name;
	return 0;
}

int devloop_run(struct arena *a, struct diag *d, const char *root,
		const char *cmd, int argc, char **argv)
{
	const struct migrt_plan *plan;
	const char *bin, *name;
	int status = devloop_build(a, d, root, cmd, &plan, &bin, &name);
	if (status)
		return status;
	char **args = arena_alloc(a, ((size_t)argc + 3) * sizeof *args);
	int n = 0;
	args[n++] = (char *)name;
	if (cli_quiet)
		args[n++] = "--quiet";
	args[n++] = (char *)cmd;
	for (int i = 0; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	fflush(stdout);
	fflush(stderr);
	execv(bin, args);
	fprintf(stderr, "migc: error: cannot run %s: %s\n", bin, strerror(errno));
	return 2;
}
