/*
 * msg.c - every byte the migrator prints goes through here.
 *
 * Guarantees: no registered secret (a password) ever reaches stdout or
 * stderr, whatever produced the text (our messages, libpq's, the server's);
 * each occurrence is replaced by "********".  No raw control character
 * (a terminal escape sequence, a carriage return, a backspace) reaches
 * stderr, or stdout when it is a terminal: each is printed as \xNN, so a
 * revision id, message or server text read from the database cannot
 * rewrite the screen; newlines and tabs pass.  stdout that is not a terminal
 * gets the bytes as they are (`sql` output is fed to psql).  Allocation
 * failure prints a message and exits with status 5 instead of returning
 * NULL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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

/* A control character other than newline and tab: ASCII controls, DEL, and
 * the UTF-8 encoding of the C1 controls (U+0080..U+009F), which some
 * terminals obey too.  Returns its length in bytes (0: not one). */
static size_t control_len(const unsigned char *p)
{
	if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
		return 1;
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	return 0;
}

/* Writes n bytes of `p`; with `esc` every control character goes out as
 * \xNN instead. */
static void put_bytes(FILE *f, const char *p, size_t n, int esc)
{
	const char *run = p, *end = p + n;

	if (!esc) {
		fwrite(p, 1, n, f);
		return;
	}
	while (p < end) {
		size_t k = control_len((const unsigned char *)p);

		if (k == 0 || p + k > end) {
			p++;
			continue;
		}
		fwrite(run, 1, (size_t)(p - run), f);
		while (k--)
			fprintf(f, "\\x%02x", (unsigned char)*p++);
		run = p;
	}
	fwrite(run, 1, (size_t)(p - run), f);
}

/* Whether output to `f` must have its control characters escaped: always
 * on stderr, on stdout only when it is a terminal (decided once). */
static int escaping(FILE *f)
{
	static int out_tty = -1;

	if (f != stdout)
		return 1;
	if (out_tty < 0)
		out_tty = isatty(STDOUT_FILENO) ? 1 : 0;
	return out_tty;
}

char *migrt_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *out = migrt_xcalloc(strlen((const char *)p) * 4 + 1, 1), *o = out;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\' ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
			sprintf(o, "\\x%02x", *p);
			o += 4;
			if (p[0] == 0xc2) {
				sprintf(o, "\\x%02x", *++p);
				o += 4;
			}
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

int migrt_is_conninfo(const char *s)
{
	static const char *const keys[] = {
		"host", "hostaddr", "port", "dbname", "user", "password",
		"passfile", "service", "sslmode", "connect_timeout", "options",
	};
	size_t i, n;

	if (!s)
		return 0;
	if (strncasecmp(s, "postgresql:", 11) == 0 || strncasecmp(s, "postgres:", 9) == 0 ||
	    strstr(s, "://"))
		return 1;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *p = s;

		n = strlen(keys[i]);
		/* KEY = VALUE at the start or after a space */
		while ((p = strstr(p, keys[i]))) {
			const char *q = p + n;

			while (*q == ' ')
				q++;
			if (*q == '=' && (p == s || p[-1] == ' ' || p[-1] == '\t'))
				return 1;
			p += n;
		}
	}
	return 0;
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
	int esc = escaping(f);

	if (ctx->n_secrets == 0) {
		put_bytes(f, text, strlen(text), esc);
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
			put_bytes(f, run, (size_t)(p - run), esc);
			fputs("********", f);
			p += best;
			run = p;
		} else {
			p++;
		}
	}
	put_bytes(f, run, (size_t)(p - run), esc);
}

void migrt_out(struct migrt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (ctx->n_secrets == 0 && !escaping(stdout)) {
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
