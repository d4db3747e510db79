/*
 * project.c - finding and parsing a project's files.
 *
 * Revision files are read in file-name order so that everything downstream
 * (topological tie-breaks, emitted C, messages) is deterministic.
 */
#include "project.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "ast.h"
#include "conf.h"
#include "lint.h"
#include "diag.h"
#include "parse.h"

static int project_cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool project_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* Lists versions/ *.mig, sorted.  Missing versions/ is an empty list. */
static char **project_list_versions(struct arena *a, struct diag *d,
				    const char *dir, size_t *n_out)
{
	*n_out = 0;
	DIR *dp = opendir(dir);
	if (!dp) {
		if (errno != ENOENT) {
			d->n_io_errors++;
			diag_file_error(d, "versions", "cannot read directory: %s",
					strerror(errno));
		}
		return NULL;
	}
	size_t n = 0, cap = 16;
	char **names = arena_calloc(a, cap, sizeof *names);
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.' || !project_has_suffix(e->d_name, ".mig"))
			continue;
		if (n == cap) {
			names = arena_grow(a, names, cap * sizeof *names,
					   2 * cap * sizeof *names);
			cap *= 2;
		}
		names[n++] = arena_strdup(a, e->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof *names, project_cmp_names);
	*n_out = n;
	return names;
}

/* A file name is printed in diagnostics, in `sql` scripts' comments and
 * into the migrator: one with a control character (a newline would end a
 * "--" comment) is refused, named with the character written \xNN. */
static bool project_name_ok(struct arena *a, struct diag *d, const char *shown)
{
	const unsigned char *p = (const unsigned char *)shown;
	while (*p && (*p >= 0x20 || *p == '\t') && *p != 0x7f)
		p++;
	if (!*p)
		return true;
	unsigned bad = *p;
	struct strbuf sb;
	sb_init(&sb, a);
	for (p = (const unsigned char *)shown; *p; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			sb_printf(&sb, "\\x%02x", *p);
		else
			sb_putc(&sb, (char)*p);
	}
	diag_file_error(d, sb.data, "file name has a control character (U+%04X): "
			"rename the file to printable characters", bad);
	return false;
}

static void project_add_revision(struct arena *a, struct project *p, size_t *cap,
				 const struct ast_file *f)
{
	const struct ast_revision *r = f->revision;
	/* The parser has reported a file without a "revision" or "parent"
	 * line (or the syntax errors that hid it): such a file takes no part
	 * in the graph. */
	if (!r || !r->id.name || (!r->parent_base && r->n_parents == 0))
		return;
	struct revision *rev = arena_alloc(a, sizeof *rev);
	rev->file = f;
	rev->ast = r;
	rev->id = r->id.name;
	rev->path = f->src->path;
	if (p->n_revs == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		p->revs = arena_grow(a, p->revs, *cap * sizeof *p->revs,
				     ncap * sizeof *p->revs);
		*cap = ncap;
	}
	p->revs[p->n_revs++] = rev;
}

struct project *project_load(struct arena *a, struct diag *d, const char *root)
{
	struct project *p = arena_alloc(a, sizeof *p);
	p->root = arena_strdup(a, root);

	char *conf_path = arena_printf(a, "%s/migc.conf", root);
	const char *why = NULL;
	struct src_file *conf = src_read(a, conf_path, "migc.conf", &why);
	if (!conf) {
		d->n_io_errors++;
		diag_file_error(d, "migc.conf",	/* the prefix says where */
				"cannot read project settings: %s (is \"%s\" a migc project? \"migc init\" creates one)",
				why, root);
		return NULL;
	}
	p->conf_src = conf;
	conf_parse(a, d, conf, &p->conf);
	p->conf.lint = lint_conf_read(a, d, p->conf.lint_settings,
				      p->conf.n_lint_settings);

	char *schema_path = arena_printf(a, "%s/schema.mig", root);
	struct src_file *schema = src_read(a, schema_path, "schema.mig", &why);
	if (schema) {
		p->schema = parse_file(a, d, schema, PARSE_SCHEMA);
	} else if (errno != ENOENT) {
		d->n_io_errors++;
		diag_file_error(d, "schema.mig", "cannot read: %s", why);
	}

	char *vdir = arena_printf(a, "%s/versions", root);
	size_t n_names;
	char **names = project_list_versions(a, d, vdir, &n_names);
	size_t cap = 0;
	for (size_t i = 0; i < n_names; i++) {
		char *fs = arena_printf(a, "%s/%s", vdir, names[i]);
		char *shown = arena_printf(a, "versions/%s", names[i]);
		if (!project_name_ok(a, d, shown))
			continue;
		struct src_file *src = src_read(a, fs, shown, &why);
		if (!src) {
			d->n_io_errors++;
			diag_file_error(d, shown, "cannot read: %s", why);
			continue;
		}
		const struct ast_file *f = parse_file(a, d, src, PARSE_REVISION);
		project_add_revision(a, p, &cap, f);
	}
	return p;
}

struct revision *project_find_rev(const struct project *p, const char *id,
				  bool *ambiguous)
{
	*ambiguous = false;
	size_t n = strlen(id);
	struct revision *found = NULL;
	for (size_t i = 0; i < p->n_revs; i++) {
		if (strcmp(p->revs[i]->id, id) == 0)
			return p->revs[i];
		if (n > 0 && strncmp(p->revs[i]->id, id, n) == 0) {
			if (found)
				*ambiguous = true;
			found = p->revs[i];
		}
	}
	return *ambiguous ? NULL : found;
}
