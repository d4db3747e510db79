/*
 * msg.c - every byte the migrator prints goes through here.
 *
 * Guarantees: the migrator's own messages never contain a password (conn.c
 * builds them without one); on stderr, where libpq's and the server's
 * messages go, the password of any connection string (URI or key=value) is
 * replaced by "********", and nothing else is changed.  stdout (revision
 * lines, `sql`, `show`) is printed as it is.  Allocation failure prints a
 * message and exits with status 5 instead of returning NULL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The password of a URI "postgres[ql]://user:PASSWORD@host..." that starts
 * at `p` (after "://"): sets *from and returns its length, or 0. */
static size_t uri_password(const char *p, const char **from)
{
	const char *e = p, *at = NULL, *colon = NULL, *q;

	while (*e && *e != '/' && *e != '?' && *e != '#' && !is_space(*e) &&
	       *e != '"' && *e != '\'')
		e++;
	for (q = p; q < e; q++)
		if (*q == '@')
			at = q;
	if (!at)
		return 0;
	for (q = p; q < at && !colon; q++)
		if (*q == ':')
			colon = q;
	if (!colon || at == colon + 1)
		return 0;
	*from = colon + 1;
	return (size_t)(at - colon - 1);
}

/* The value of "password = VALUE" (key=value string, quoted or not) or of
 * "?password=VALUE" / "&password=VALUE" (a URI's query) whose keyword
 * starts at `p` (`prev`: the character before it, or 0): sets *from and
 * returns its length, or 0. */
static size_t keyword_password(const char *p, char prev, const char **from)
{
	int query = prev == '?' || prev == '&';
	const char *v = p + 8, *e;

	if ((prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z') ||
	    (prev >= '0' && prev <= '9') || prev == '_')
		return 0;
	while (!query && is_space(*v))
		v++;
	if (*v != '=')
		return 0;
	v++;
	while (!query && is_space(*v))
		v++;
	e = v;
	if (!query && *v == '\'') {
		for (e = v + 1; *e && *e != '\''; e++)
			if (*e == '\\' && e[1])
				e++;
		if (*e)
			e++;
	} else {
		while (*e && !is_space(*e) && !(query && (*e == '&' || *e == '#')))
			e++;
	}
	*from = v;
	return (size_t)(e - v);
}

/* Writes `text` to `f` with the password of every connection string in it
 * replaced by "********": the forms libpq itself echoes, a URI's
 * "user:PASSWORD@" and query "password=", and a key=value string's
 * "password=".  Nothing else is touched - the migrator never puts a
 * password into a message, so no text is searched for the password
 * itself (with a password "s" that would mask every "s" and tell the
 * reader the password). */
static void write_scrubbed(FILE *f, const char *text)
{
	const char *p = text, *run = text, *from = NULL;

	while (*p) {
		size_t len = 0;

		if ((*p == 'p' || *p == 'P') && strncasecmp(p, "postgres", 8) == 0) {
			const char *s = p + 8;

			if (strncasecmp(s, "ql", 2) == 0)
				s += 2;
			if (strncmp(s, "://", 3) == 0)
				len = uri_password(s + 3, &from);
		} else if ((*p == 'p' || *p == 'P') && strncasecmp(p, "password", 8) == 0) {
			len = keyword_password(p, p > text ? p[-1] : 0, &from);
		}
		if (len) {
			fwrite(run, 1, (size_t)(from - run), f);
			fputs("********", f);
			p = run = from + len;
		} else {
			p++;
		}
	}
	fwrite(run, 1, (size_t)(p - run), f);
}

void migrt_out(struct migrt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
}

void migrt_errf(struct migrt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s;

	/* stdout first, so that interleaved progress and errors keep order */
	(void)ctx;
	fflush(stdout);
	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	write_scrubbed(stderr, s);
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
	write_scrubbed(stderr, s);
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
