/*
 * dotenv.c - reading the connection variables from a dotenv file
 * (`--env-file FILE`, connparams.h).
 *
 * The file is what a FastAPI or Docker Compose project keeps next to its
 * code: KEY=VALUE lines, "export KEY=VALUE", quotes, comments.  Only the
 * names asked for are kept; the other lines are checked for form and
 * skipped.  Guarantees: no value is ever put into an error message (a
 * message names the file and the line); the file is read once, whole,
 * and a value is never interpreted further (no ${VAR} expansion).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connparams.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int key_char(char c, int first)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

/* The value that starts at v (a line without its newline) into `out`
 * (large enough: at most strlen(v) + 1); -1 for an unterminated quote or
 * text after the closing one. */
static int parse_value(const char *v, char *out)
{
	char *o = out;

	if (*v == '\'' || *v == '"') {
		char q = *v++;

		for (; *v && *v != q; v++) {
			if (q == '"' && *v == '\\' && v[1]) {
				v++;
				if (*v == 'n')
					*o++ = '\n';
				else if (*v == 't')
					*o++ = '\t';
				else if (*v == '"' || *v == '\\' || *v == '$')
					*o++ = *v;
				else
					*o++ = '\\', *o++ = *v;
			} else {
				*o++ = *v;
			}
		}
		if (*v != q)
			return -1;
		for (v++; is_blank(*v); v++)
			;
		if (*v && *v != '#')
			return -1;
	} else {
		const char *end = v;

		/* a bare value ends at " #" (a comment) or the line's end */
		for (const char *p = v; *p; p++) {
			if (*p == '#' && p > v && is_blank(p[-1]))
				break;
			end = p + 1;
		}
		while (end > v && is_blank(end[-1]))
			end--;
		memcpy(o, v, (size_t)(end - v));
		o += end - v;
	}
	*o = '\0';
	return 0;
}

static void reset(char **values, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(values[i]);
		values[i] = NULL;
	}
}

int dotenv_read(const char *path, const char *const *names, size_t n, char **values,
		char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *val = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, rc = 0;

	if (!f) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *p = line, *k;
		size_t klen;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')
			continue;
		if (strncmp(p, "export", 6) == 0 && is_blank(p[6]))
			for (p += 6; is_blank(*p); p++)
				;
		k = p;
		while (key_char(*p, p == k))
			p++;
		klen = (size_t)(p - k);
		while (is_blank(*p))
			p++;
		if (!klen || *p != '=') {
			snprintf(err, errlen, "%s:%d: expected KEY=VALUE", path, lineno);
			rc = -1;
			break;
		}
		for (p++; is_blank(*p); p++)
			;
		free(val);
		val = malloc(strlen(p) + 2);
		if (!val || parse_value(p, val) < 0) {
			snprintf(err, errlen, val ? "%s:%d: the quoted value does not end on its line "
				 "(or text follows its closing quote)" : "%s:%d: out of memory",
				 path, lineno);
			rc = -1;
			break;
		}
		for (size_t i = 0; i < n; i++)
			if (strlen(names[i]) == klen && strncmp(names[i], k, klen) == 0) {
				free(values[i]);
				values[i] = val;
				val = NULL;
				break;
			}
	}
	if (!rc && ferror(f)) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		rc = -1;
	}
	free(val);
	free(line);
	fclose(f);
	if (rc)
		reset(values, n);
	return rc;
}
