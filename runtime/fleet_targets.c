/*
 * fleet_targets.c - the targets of `fleet`: the --targets file (or
 * standard input) and the expansion of --schemas PATTERN.
 *
 * Guarantees: a bad line is reported by its number, never quoted (it may
 * hold a password); every connection opened to list schemas is closed
 * before this returns, so no libpq connection crosses the fork of a
 * target's child.  Targets keep the file's order; expanded schemas come in
 * name order at the place of their database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_fleet.h"

static void add(struct rt_fleet_target **list, size_t *n, size_t *cap,
		const char *conninfo, const char *schema)
{
	struct rt_fleet_target *t;

	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct rt_fleet_target *bigger = realloc(*list, c * sizeof *bigger);

		if (!bigger)
			rt_xcalloc((size_t)-1, (size_t)-1);	/* prints, exits 5 */
		*list = bigger;
		*cap = c;
	}
	t = &(*list)[(*n)++];
	memset(t, 0, sizeof *t);
	t->conninfo = rt_xstrdup(conninfo);
	t->schema = schema ? rt_xstrdup(schema) : NULL;
	t->display = rt_scrub(conninfo);
	t->fd[0] = t->fd[1] = -1;
}

/* Splits a line (trimmed, modified in place) into its connection string
 * and an optional trailing "schema=NAME" word.  Returns 0, or -1 when the
 * schema is empty. */
static int split_line(char *line, const char **schema)
{
	char *sp = strrchr(line, ' ');
	char *tab = strrchr(line, '\t');
	char *last;

	if (tab && (!sp || tab > sp))
		sp = tab;
	last = sp ? sp + 1 : line;
	*schema = NULL;
	if (strncmp(last, "schema=", 7) != 0)
		return 0;
	if (!last[7] || last == line)
		return -1;
	*schema = last + 7;
	while (sp > line && (sp[-1] == ' ' || sp[-1] == '\t'))
		sp--;
	*sp = '\0';
	return 0;
}

int rt_fleet_read(struct rt_ctx *ctx, const char *path,
		     struct rt_fleet_target **out, size_t *n)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lcap = 0;
	ssize_t len;
	long no = 0;
	int rc = RT_EXIT_OK;

	*out = NULL;
	*n = 0;
	if (!f) {
		rt_error(ctx, "cannot read the targets file %s", path);
		return RT_EXIT_USAGE;
	}
	while ((len = getline(&line, &lcap, f)) >= 0) {
		char *s = line, *e = line + len;
		const char *schema;

		no++;
		while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		if (split_line(s, &schema) < 0) {
			rt_error(ctx, "%s line %ld: schema= needs a name after a "
				    "connection string", strcmp(path, "-") ? path : "standard input", no);
			rc = RT_EXIT_USAGE;
			break;
		}
		add(out, n, &cap, s, schema);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	if (rc == RT_EXIT_OK && *n == 0) {
		rt_error(ctx, "no targets in %s", strcmp(path, "-") ? path : "standard input");
		rc = RT_EXIT_USAGE;
	}
	return rc;
}

/* The message libpq or the server gave, on one line, scrubbed. */
static char *one_line(const char *m)
{
	char *s = rt_scrub(m), *p;

	for (p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	while (p > s && p[-1] == ' ')
		*--p = '\0';
	return s;
}

void rt_fleet_expand(struct rt_ctx *ctx, const char *pattern,
			struct rt_fleet_target **list, size_t *n)
{
	struct rt_fleet_target *old = *list, *nl = NULL;
	size_t on = *n, nn = 0, cap = 0, i;
	int k;

	(void)ctx;
	for (i = 0; i < on; i++) {
		struct rt_fleet_target *t = &old[i];
		PGconn *c;
		PGresult *r;
		const char *params[1] = { pattern };

		if (t->schema) {
			add(&nl, &nn, &cap, t->conninfo, t->schema);
			continue;
		}
		c = PQconnectdb(t->conninfo);
		if (PQstatus(c) != CONNECTION_OK) {
			add(&nl, &nn, &cap, t->conninfo, NULL);
			nl[nn - 1].pre_error = one_line(PQerrorMessage(c));
			nl[nn - 1].pre_status = RT_EXIT_CONNECT;
			PQfinish(c);
			continue;
		}
		r = PQexecParams(c, "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 "
				 "ORDER BY nspname COLLATE \"C\"", 1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			add(&nl, &nn, &cap, t->conninfo, NULL);
			nl[nn - 1].pre_error = one_line(PQerrorMessage(c));
			nl[nn - 1].pre_status = RT_EXIT_DB;
		} else {
			for (k = 0; k < PQntuples(r); k++)
				add(&nl, &nn, &cap, t->conninfo, PQgetvalue(r, k, 0));
		}
		PQclear(r);
		PQfinish(c);
	}
	rt_fleet_free(old, on);
	*list = nl;
	*n = nn;
}

void rt_fleet_free(struct rt_fleet_target *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].conninfo);
		free(list[i].schema);
		free(list[i].display);
		free(list[i].pre_error);
		free(list[i].buf[0]);
		free(list[i].buf[1]);
	}
	free(list);
}
