/*
 * import_util.c - what every source reader shares: reading files and
 * directories (exit 2 on failure), errors at a source line (exit 1),
 * messages from file names, and the version order.
 *
 * Guarantees: a directory's names come back sorted bytewise, so the order
 * never depends on the file system; versions compare with their digit runs
 * as numbers, so "10" follows "9" and "0002" follows "1".
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "import_int.h"
#include "sqltext.h"

struct imp_mig *imp_add(struct imp_history *h)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 16;
		struct imp_mig *v = arena_alloc(h->a, cap * sizeof *v);
		if (h->n)
			memcpy(v, h->v, h->n * sizeof *v);
		h->v = v;
		h->cap = cap;
	}
	struct imp_mig *m = &h->v[h->n++];
	memset(m, 0, sizeof *m);
	return m;
}

char *imp_read(struct imp_history *h, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "migc: import: cannot read \"%s\": %s\n", path, strerror(errno));
		h->status = 2;
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	int bad = !buf || ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		fprintf(stderr, "migc: import: cannot read \"%s\"\n", path);
		h->status = 2;
		return NULL;
	}
	char *out = arena_strndup(h->a, buf, n);
	free(buf);
	if (memchr(out, '\0', n)) {
		imp_error(h, path, 1, "the file holds a NUL byte; it is not SQL text");
		return NULL;
	}
	return out;
}

static int imp_cmp_name(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

const char **imp_list_dir(struct imp_history *h, const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	*n = 0;
	if (!d) {
		fprintf(stderr, "migc: import: cannot read the directory \"%s\": %s\n", dir,
			strerror(errno));
		h->status = 2;
		return NULL;
	}
	size_t cap = 64;
	const char **v = arena_alloc(h->a, cap * sizeof *v);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (*n == cap) {
			const char **nv = arena_alloc(h->a, 2 * cap * sizeof *nv);
			memcpy(nv, v, cap * sizeof *v);
			v = nv;
			cap *= 2;
		}
		v[(*n)++] = arena_strdup(h->a, e->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof *v, imp_cmp_name);
	return v;
}

void imp_error(struct imp_history *h, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: error: ", path, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (h->status == 0)
		h->status = 1;
}

const char *imp_slug_message(struct arena *a, const char *slug, size_t n)
{
	char *m = arena_strndup(a, slug, n);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)m[i];
		if (c == '_' || c == '-')
			c = ' ';
		if (c < 0x20 || c == 0x7f || c == '"')
			continue;
		if (c == ' ' && (k == 0 || m[k - 1] == ' '))
			continue;
		m[k++] = (char)c;
	}
	while (k > 0 && m[k - 1] == ' ')
		k--;
	m[k] = '\0';
	return m;
}

/* Digit runs compare as numbers (leading zeros ignored), anything else
 * bytewise. */
static int imp_cmp_version(const char *x, const char *y)
{
	while (*x && *y) {
		if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
			while (*x == '0')
				x++;
			while (*y == '0')
				y++;
			size_t nx = 0, ny = 0;
			while (isdigit((unsigned char)x[nx]))
				nx++;
			while (isdigit((unsigned char)y[ny]))
				ny++;
			if (nx != ny)
				return nx < ny ? -1 : 1;
			int c = strncmp(x, y, nx);
			if (c)
				return c;
			x += nx;
			y += ny;
			continue;
		}
		/* "1.1" and "1_1" are the same version to Flyway */
		char cx = *x == '_' ? '.' : *x, cy = *y == '_' ? '.' : *y;
		if (cx != cy)
			return (unsigned char)cx < (unsigned char)cy ? -1 : 1;
		x++;
		y++;
	}
	return *x ? 1 : *y ? -1 : 0;
}

static int imp_cmp_mig(const void *x, const void *y)
{
	const struct imp_mig *a = x, *b = y;
	return imp_cmp_version(a->version, b->version);
}

void imp_sort_by_version(struct imp_history *h)
{
	if (h->n > 1)
		qsort(h->v, h->n, sizeof *h->v, imp_cmp_mig);
}

bool imp_sql_needs_no_tx(const char *sql)
{
	size_t len = strlen(sql), i = 0;
	enum sqlt_kind k;
	bool first = true;	/* the next word starts a statement */
	while (i < len) {
		size_t e = sqlt_token(sql, len, i, &k);
		if (k == SQLT_WORD) {
			if ((e - i == 12 && strncasecmp(sql + i, "concurrently", 12) == 0) ||
			    (first && e - i == 6 && strncasecmp(sql + i, "vacuum", 6) == 0))
				return true;
			first = false;
		} else if (k == SQLT_PUNCT && sql[i] == ';') {
			first = true;
		}
		i = e;
	}
	return false;
}
