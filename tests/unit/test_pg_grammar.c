/*
 * test_pg_grammar.c - every statement migc renders parses with PostgreSQL's
 * own grammar (libpg_query, PostgreSQL 15's raw parser, through pgsql.h).
 *
 *   test_pg_grammar                 the golden projects and the examples
 *                                   (run from the repository root)
 *   test_pg_grammar DIR...          those projects (tests/e2e/99-pg-grammar.t
 *                                   passes generated ones)
 *   test_pg_grammar --script FILE...  whole scripts, e.g. `migc sql` output
 *
 * A project is loaded through the facade as far as it goes (a golden case
 * with errors still renders the revisions before the error).  Each
 * statement of every revision that replayed without errors, upgrade and
 * downgrade (derived downgrades included), is parsed alone, and once more with the migrator's --schema slots filled
 * with an awkward schema name.  One TAP check per project or script; a
 * statement that does not parse is printed with its source (file, line,
 * upgrade/downgrade, derived or written) and PostgreSQL's message.  A
 * script's failure names the nearest "-- " comment before it, which in
 * `migc sql` output is the statement's source.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "migc.h"
#include "pgsql.h"
#include "project.h"
#include "tap.h"

static size_t n_stmts;

/* sql with every slot filled by the quoted schema `q` (as the migrator's
 * --schema does it, runtime/tenant.c). */
static char *splice(const struct rendered_stmt *st, const char *q)
{
	size_t qlen = strlen(q), len = strlen(st->sql), total = len + 1, at = 0;
	for (size_t k = 0; k < st->n_slots; k++)
		total += qlen + 1;
	char *out = malloc(total), *w = out;
	if (!out)
		return NULL;
	for (size_t k = 0; k < st->n_slots; k++) {
		size_t off = st->slots[2 * k], n = st->slots[2 * k + 1];
		if (off < at || off > len || n > len - off)
			break;	/* a bad slot: the text as far as it went */
		memcpy(w, st->sql + at, off - at);
		w += off - at;
		memcpy(w, q, qlen);
		w += qlen;
		if (n == 0)
			*w++ = '.';
		at = off + n;
	}
	memcpy(w, st->sql + at, len - at);
	w[len - at] = '\0';
	return out;
}

/* Prints a failure for one statement; returns 1 when it fails. */
static int check_text(const char *sql, const char *dir, const char *path,
		      unsigned line, const char *what)
{
	struct pgsql_error err;
	n_stmts++;
	if (pgsql_check(sql, strlen(sql), &err))
		return 0;
	printf("# %s/%s:%u: %s: %s (at byte %zu)\n", dir, path, line, what,
	       err.message, err.offset);
	printf("#   statement: ");
	for (const char *c = sql; *c; c++) {
		putchar(*c);
		if (*c == '\n')
			printf("#   ");
	}
	putchar('\n');
	return 1;
}

static int check_stmts(const char *dir, const struct revision *r, const struct rendered_stmt *st,
		       size_t n, const char *what)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		if (!st[i].sql)
			continue;
		bad += check_text(st[i].sql, dir, r->path, st[i].line, what);
		if (st[i].n_slots) {
			char *s = splice(&st[i], "\"Tenant \"\"é\"\"\"");
			if (s)
				bad += check_text(s, dir, r->path, st[i].line, "with --schema");
			free(s);
		}
	}
	return bad;
}

static void check_project(const char *dir)
{
	struct arena a;
	struct diag d;
	int status = 0, bad = 0;
	size_t before = n_stmts, n_revs = 0;
	arena_init(&a);
	diag_init_silent(&d);
	struct project *p = migc_load(&a, &d, dir, MIGC_PARSED, &status);
	if (p) {
		migc_advance(&a, &d, p, MIGC_CHECKED_ANY_HEADS);
		for (size_t i = 0; i < p->n_revs; i++) {
			const struct revision *r = p->revs[i];
			if (!r->ok)
				continue;	/* refused: never in a plan */
			n_revs++;
			bad += check_stmts(dir, r, r->up, r->n_up, "upgrade");
			bad += check_stmts(dir, r, r->down, r->n_down,
					   r->down_derived ? "derived downgrade" : "downgrade");
		}
		diag_finish(&d);
	}
	char name[512];
	snprintf(name, sizeof name, "%s: %zu statements of %zu revisions parse%s", dir,
		 n_stmts - before, n_revs, p ? "" : " (the project does not parse)");
	ok(bad == 0, name);
	arena_free(&a);
}

static void check_script(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0;
	if (f) {
		struct stat sb;
		if (fstat(fileno(f), &sb) == 0 && (text = malloc((size_t)sb.st_size + 1)))
			len = fread(text, 1, (size_t)sb.st_size, f);
		fclose(f);
	}
	struct pgsql_error err = { .offset = 0 };
	int parsed = text && pgsql_check(text, len, &err);
	if (text && !parsed) {
		/* the line of the error and the last "-- " comment before it */
		unsigned line = 1, src_line = 0;
		const char *src = "", *bol = text;
		for (size_t i = 0; i < err.offset && i < len; i++) {
			if (text[i] != '\n')
				continue;
			line++;
			bol = text + i + 1;
			if (strncmp(bol, "-- ", 3) == 0) {
				src = bol;
				src_line = line;
			}
		}
		int srclen = (int)strcspn(src, "\n");
		printf("# %s:%u: %s\n#   source (line %u): %.*s\n#   line: %.*s\n", path,
		       line, err.message, src_line, srclen, src,
		       (int)strcspn(bol, "\n"), bol);
	}
	char name[512];
	snprintf(name, sizeof name, "script %s parses (%zu bytes)", path, len);
	ok(text && parsed, name);
	free(text);
}

/* The project directories under `parent`, sorted, appended to *v. */
static size_t list_projects(const char *parent, char ***v, size_t n)
{
	struct dirent **ents;
	int k = scandir(parent, &ents, NULL, alphasort);
	for (int i = 0; i < k; i++) {
		char path[1024], conf[1100];
		snprintf(path, sizeof path, "%s/%s", parent, ents[i]->d_name);
		snprintf(conf, sizeof conf, "%s/migc.conf", path);
		struct stat sb;
		if (ents[i]->d_name[0] != '.' && stat(conf, &sb) == 0) {
			*v = realloc(*v, (n + 1) * sizeof **v);
			(*v)[n++] = strdup(path);
		}
		free(ents[i]);
	}
	if (k >= 0)
		free(ents);
	return n;
}

int main(int argc, char **argv)
{
	char **dirs = NULL;
	size_t n = 0;
	if (argc > 1 && strcmp(argv[1], "--script") == 0) {
		plan(argc - 2);
		for (int i = 2; i < argc; i++)
			check_script(argv[i]);
		return tap_done();
	}
	if (argc > 1) {
		dirs = argv + 1;
		n = (size_t)argc - 1;
	} else {
		n = list_projects("tests/golden", &dirs, 0);
		n = list_projects("examples", &dirs, n);
	}
	/* the golden suite alone has over a hundred projects: none found
	 * means the wrong directory, a failure */
	plan((int)n + 1);
	ok(n > 0, "there are projects to check (run from the repository root)");
	for (size_t i = 0; i < n; i++)
		check_project(dirs[i]);
	printf("# %zu statements parsed\n", n_stmts);
	return tap_done();
}
