/*
 * fuzz_compile.c - the libFuzzer target over the parser and the checker.
 *
 * One input is a small project: segments separated by a line "%%%%".  The
 * first segment is a revision file, the second (if any) schema.mig, every
 * further one another revision file.  Each is parsed; when that succeeds
 * the revisions are linked into a graph, replayed and checked exactly as
 * "migc check" does, then turned into the runtime's plan and emitted as C.
 * Every segment also goes through migc fmt (fmt.h).  A failed proof (same
 * SQL, comments, exemptions, idempotence) leaves a user's file as it was,
 * so it is no crash; with FUZZ_FMT_STRICT=1 in the environment (which
 * tests/fuzz/run.sh always sets: make check, make fuzz, make stress) it is
 * a finding and aborts, so that fmt's layout bugs are counted failures.
 * Diagnostics go to /dev/null (to stderr with FUZZ_DIAG=1 in the
 * environment, to see what an input does): only crashes, sanitizer reports
 * and leaks count.  Everything lives in one arena freed per input, so the target
 * parses in a loop as the front end promises.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "emit.h"
#include "fmt.h"
#include "migc.h"
#include "parse.h"
#include "plan_build.h"
#include "project.h"
#include "srcfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_SEP "\n%%%%\n"
#define FUZZ_MAX_SEGMENTS 8

static FILE *fuzz_null(void)
{
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	return null;
}

static void fuzz_add_revision(struct arena *a, struct project *p,
			      const struct ast_file *f)
{
	const struct ast_revision *r = f->revision;
	if (!r || !r->id.name || (!r->parent_base && r->n_parents == 0))
		return;
	struct revision *rev = arena_calloc(a, 1, sizeof *rev);
	rev->file = f;
	rev->ast = r;
	rev->id = r->id.name;
	rev->path = f->src->path;
	p->revs[p->n_revs++] = rev;
}

/* migc fmt formats every file that parses, and proves it. */
static void fuzz_fmt(struct arena *a, const struct src_file *src, bool schema)
{
	struct diag d;
	diag_init(&d, fuzz_null());
	d.max_errors = 1;
	const char *out, *why;
	if (fmt_source(a, &d, src, schema, &out, &why) == FMT_INTERNAL &&
	    getenv("FUZZ_FMT_STRICT")) {
		fprintf(stderr, "migc fmt: %s: %s\n", src->path, why);
		abort();
	}
}

static void fuzz_one(struct arena *a, struct diag *d, const char *text, size_t len)
{
	struct project *p = arena_calloc(a, 1, sizeof *p);
	p->root = ".";
	p->conf.name = "fuzz";
	p->conf.version_table = "migc_version";
	p->conf.default_schema = "public";
	p->revs = arena_calloc(a, FUZZ_MAX_SEGMENTS, sizeof *p->revs);

	size_t seg = 0, at = 0;
	size_t seplen = strlen(FUZZ_SEP);
	while (at <= len && seg < FUZZ_MAX_SEGMENTS) {
		const char *end = NULL;
		for (size_t i = at; i + seplen <= len; i++)
			if (memcmp(text + i, FUZZ_SEP, seplen) == 0) {
				end = text + i;
				break;
			}
		size_t n = end ? (size_t)(end - (text + at)) : len - at;
		const char *path = seg == 1 ? "schema.mig"
			: arena_printf(a, "versions/r%zu.mig", seg);
		struct src_file *src = src_from_text(a, path, text + at, n);
		fuzz_fmt(a, src, seg == 1);
		if (seg == 1)
			p->schema = parse_file(a, d, src, PARSE_SCHEMA);
		else
			fuzz_add_revision(a, p, parse_file(a, d, src, PARSE_REVISION));
		seg++;
		if (!end)
			break;
		at += n + seplen;
	}
	diag_finish(d);
	bool ok = migc_advance(a, d, p, MIGC_CHECKED);
	const char **lines = NULL;
	migc_models_diff(a, p, &lines);
	if (ok && d->n_errors == 0)
		emit_c(plan_build(a, p), fuzz_null());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag d;
	arena_init(&a);
	diag_init(&d, getenv("FUZZ_DIAG") ? stderr : fuzz_null());
	d.max_errors = 20;
	fuzz_one(&a, &d, (const char *)data, size);
	diag_finish(&d);
	arena_free(&a);
	return 0;
}
