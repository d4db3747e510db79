/*
 * msg.c - every byte the migrator prints goes through here.
 *
 * Guarantees: the migrator's own messages never contain a password (conn.c
 * builds them without one); on stderr, where libpq's and the server's
 * messages go, the password of any connection string (URI or key=value) is
 * replaced by "********".  No raw control character (a terminal escape
 * sequence, a carriage return, a backspace) reaches stderr, or stdout when
 * it is a terminal: each is printed as \xNN, so a revision id, message or
 * server text read from the database cannot rewrite the screen; newlines
 * and tabs pass.  stdout that is not a terminal gets the bytes as they are
 * (`sql` output is fed to psql).  Allocation failure prints a message and
 * exits with status 5 instead of returning NULL.
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
	exit(RT_EXIT_DB);
}

void *rt_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

char *rt_xstrdup(const char *s)
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
	buf = rt_xcalloc((size_t)n + 1, 1);
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	return buf;
}

char *rt_xprintf(const char *fmt, ...)
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

char *rt_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *out = rt_xcalloc(strlen((const char *)p) * 4 + 1, 1), *o = out;

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

int rt_is_conninfo(const char *s)
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
/* The password of a connection string that starts at p in `text`: sets
 * *from and returns its length, or 0. */
static size_t password_at(const char *text, const char *p, const char **from)
{
	if ((*p == 'p' || *p == 'P') && strncasecmp(p, "postgres", 8) == 0) {
		const char *s = p + 8;

		if (strncasecmp(s, "ql", 2) == 0)
			s += 2;
		if (strncmp(s, "://", 3) == 0)
			return uri_password(s + 3, from);
	} else if ((*p == 'p' || *p == 'P') && strncasecmp(p, "password", 8) == 0) {
		return keyword_password(p, p > text ? p[-1] : 0, from);
	}
	return 0;
}

static void write_scrubbed(FILE *f, const char *text)
{
	const char *p = text, *run = text, *from = NULL;
	int esc = escaping(f);

	while (*p) {
		size_t len = password_at(text, p, &from);

		if (len) {
			put_bytes(f, run, (size_t)(from - run), esc);
			fputs("********", f);
			p = run = from + len;
		} else {
			p++;
		}
	}
	put_bytes(f, run, (size_t)(p - run), esc);
}

char *rt_scrub(const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		oom();
	write_scrubbed(f, text ? text : "");
	if (fclose(f) != 0 || !buf)
		oom();
	return buf;
}

int rt_is_password(const struct rt_ctx *ctx, const char *arg)
{
	const char *env[] = { getenv("PGPASSWORD"), getenv("DATABASE_PASSWORD") };
	const char *url = ctx->url ? ctx->url : getenv("DATABASE_URL");

	if (!arg || !*arg)
		return 0;
	for (size_t i = 0; i < sizeof env / sizeof env[0]; i++)
		if (env[i] && strcmp(env[i], arg) == 0)
			return 1;
	for (const char *p = url; p && *p; p++) {
		const char *from = NULL;
		size_t len = password_at(url, p, &from);

		if (len && strlen(arg) == len && strncmp(from, arg, len) == 0)
			return 1;
	}
	return 0;
}

void rt_out(struct rt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s;

	(void)ctx;
	va_start(ap, fmt);
	if (!escaping(stdout)) {
		/* a pipe or a file: format straight into stdio's buffer, once */
		vfprintf(stdout, fmt, ap);
		va_end(ap);
		return;
	}
	s = vformat(fmt, ap);
	va_end(ap);
	put_bytes(stdout, s, strlen(s), 1);
	free(s);
}

void rt_out_json(struct rt_ctx *ctx, const char *s)
{
	if (!s) {
		rt_out(ctx, "null");
		return;
	}
	rt_out(ctx, "\"");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			rt_out(ctx, "\\%c", *c);
		else if (*c == '\n')
			rt_out(ctx, "\\n");
		else if (*c == '\t')
			rt_out(ctx, "\\t");
		else if (*c < 0x20 || *c == 0x7f)
			rt_out(ctx, "\\u%04x", *c);
		else
			rt_out(ctx, "%c", *c);
	}
	rt_out(ctx, "\"");
}

void rt_errf(struct rt_ctx *ctx, const char *fmt, ...)
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

void rt_error(struct rt_ctx *ctx, const char *fmt, ...)
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

int rt_usage_error(struct rt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *buf;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf = rt_xcalloc((size_t)(n > 0 ? n : 0) + 1, 1);
	va_start(ap, fmt);
	vsnprintf(buf, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	rt_error(ctx, "%s", buf);
	rt_errf(ctx, "(see \"%s --help\")\n", ctx->prog);
	free(buf);
	return RT_EXIT_USAGE;
}
