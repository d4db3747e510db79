/*
 * msg.c - every byte the migrator prints goes through here.
 *
 * Guarantees: no registered secret (a password) ever reaches stdout or
 * stderr, whatever produced the text (our messages, libpq's, the server's);
 * each occurrence is replaced by "********".  Allocation failure prints a
 * message and exits with status 5 instead of returning NULL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

static void oom(void)
{
	fputs("migrator: error: out of memory\n", stderr);
	exit(MIGRT_EXIT_DB);
}

void *migrt_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

char *migrt_xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		oom();
	return p;
}

static char *vformat(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *buf;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	buf = migrt_xcalloc((size_t)n + 1, 1);
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	return buf;
}

char *migrt_xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	return s;
}

void migrt_secret_add(struct migrt_ctx *ctx, const char *s)
{
	int i;

	if (!s || !*s || ctx->n_secrets == MIGRT_MAX_SECRETS)
		return;
	for (i = 0; i < ctx->n_secrets; i++)
		if (strcmp(ctx->secrets[i], s) == 0)
			return;
	ctx->secrets[ctx->n_secrets++] = migrt_xstrdup(s);
}

/* Writes `text` to `f`, replacing every secret.  Secrets are tried longest
 * first at each position so that one secret containing another is masked
 * whole.  The text between secrets goes out in one fwrite: `sql` prints
 * hundreds of kB, and a call per byte was most of its time. */
static void write_scrubbed(struct migrt_ctx *ctx, FILE *f, const char *text)
{
	const char *p = text, *run = text;

	if (ctx->n_secrets == 0) {
		fputs(text, f);
		return;
	}
	while (*p) {
		size_t best = 0;
		int i;

		for (i = 0; i < ctx->n_secrets; i++) {
			size_t len = strlen(ctx->secrets[i]);

			if (len > best && strncmp(p, ctx->secrets[i], len) == 0)
				best = len;
		}
		if (best) {
			fwrite(run, 1, (size_t)(p - run), f);
			fputs("********", f);
			p += best;
			run = p;
		} else {
			p++;
		}
	}
	fwrite(run, 1, (size_t)(p - run), f);
}

void migrt_out(struct migrt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (ctx->n_secrets == 0) {
		/* nothing to mask: format straight into stdio's buffer, once */
		vfprintf(stdout, fmt, ap);
		va_end(ap);
		return;
	}
	s = vformat(fmt, ap);
	va_end(ap);
	write_scrubbed(ctx, stdout, s);
	free(s);
}

void migrt_errf(struct migrt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s;

	/* stdout first, so that interleaved progress and errors keep order */
	fflush(stdout);
	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	write_scrubbed(ctx, stderr, s);
	free(s);
}

void migrt_error(struct migrt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s;

	fflush(stdout);
	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: error: ", ctx->prog);
	write_scrubbed(ctx, stderr, s);
	fputc('\n', stderr);
	free(s);
}

int migrt_usage_error(struct migrt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *buf;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf = migrt_xcalloc((size_t)(n > 0 ? n : 0) + 1, 1);
	va_start(ap, fmt);
	vsnprintf(buf, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	migrt_error(ctx, "%s", buf);
	migrt_errf(ctx, "try '%s --help' for more information\n", ctx->prog);
	free(buf);
	return MIGRT_EXIT_USAGE;
}
