/*
 * fuzz_migrator_args.c - the libFuzzer target over the migrator's command
 * line, without a database.
 *
 * One input is a command line: arguments separated by NUL bytes (at most
 * 16), after an argv[0] of "m".  It goes through the runtime's option
 * parser (rt_parse_args, as migrt_main runs it), then every positional
 * argument through target resolution against a small plan with a branch,
 * a merge and an ambiguous prefix (fuzz_plan.h): "head", "base", id
 * prefixes, +N / -N steps, the password and connection-string detectors;
 * a command line starting "sql" runs the offline `sql` command (ranges
 * A:B), whose output goes to /dev/null.  Usage errors go to stderr, as the
 * migrator prints them; only crashes, sanitizer reports and leaks count.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_plan.h"
#include "rt.h"
#include "rt_cmds.h"
#include "rt_db.h"
#include "rt_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_MAX_ARGS 16

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the offline sql command prints scripts: not what is fuzzed */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

static void resolve_all(struct rt_ctx *ctx, int npos, char **pos)
{
	unsigned char mark[8];

	for (int k = 0; k < npos; k++) {
		uint32_t idx = 0, n = 0;
		enum rt_target_kind kind = rt_plan_resolve(&fuzz_plan, pos[k], &idx);

		if (kind == RT_TARGET_REV && idx >= fuzz_plan.n_revisions)
			abort();	/* a resolved index must be in the plan */
		if (kind <= RT_TARGET_BASE) {
			memset(mark, 0, sizeof mark);
			rt_plan_mark_target(&fuzz_plan, kind, idx, mark);
		}
		if (rt_plan_resolve_arg(ctx, pos[k], &kind, &idx) == 0 &&
		    kind == RT_TARGET_REV && idx >= fuzz_plan.n_revisions)
			abort();
		(void)rt_parse_step(pos[k], '+', &n);
		(void)rt_parse_step(pos[k], '-', &n);
		(void)rt_plan_find(&fuzz_plan, pos[k]);
		(void)rt_is_conninfo(pos[k]);
		(void)rt_is_password(ctx, pos[k]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a NUL-terminated copy, cut into arguments at NUL bytes */
	char *buf = malloc(size + 1);
	char *argv[FUZZ_MAX_ARGS + 2];
	char *pos[FUZZ_MAX_ARGS + 2];
	int argc = 1, npos = 0, help = 0, version = 0, rc = 0;
	struct rt_ctx ctx;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "m";
	for (size_t at = 0; at < size && argc <= FUZZ_MAX_ARGS; ) {
		argv[argc++] = buf + at;
		at += strlen(buf + at) + 1;
	}
	argv[argc] = NULL;

	memset(&ctx, 0, sizeof ctx);
	ctx.plan = &fuzz_plan;
	ctx.prog = "m";
	ctx.retries = -1;
	if (rt_parse_args(&ctx, argc, argv, pos, &npos, &help, &version, &rc) == 0) {
		if (npos > argc - 1)
			abort();	/* more positionals than arguments */
		resolve_all(&ctx, npos, pos);
		if (npos > 0 && strcmp(pos[0], "sql") == 0)
			(void)migrt_sql(&fuzz_plan, "m", npos - 1, pos + 1);
	} else if (rc == 0) {
		abort();	/* a stop without an exit status */
	}
	rt_ctx_free(&ctx);
	free(buf);
	return 0;
}
