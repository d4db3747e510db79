/*
 * fmt_cmd.c - `migc fmt [--check] [FILES]`: the project's .mig files (or
 * the ones named) rewritten in canonical form (docs/fmt.md).
 *
 * A file is replaced atomically (a temporary file renamed over it, with
 * the old one's mode, owner and group) and only when its text changes; the
 * names of changed files are printed.  A read-only file is not replaced.
 * --check writes nothing: it names the files that would change, with
 * their first differing line, and exits 1 if there are any.  A file with
 * syntax errors is reported (file:line:col) and left alone.
 */
#include "fmt.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "atomic_file.h"
#include "cliopt.h"
#include "diag.h"
#include "srcfile.h"

struct fmt_file {
	const char *fs;		/* where it is on disk */
	const char *shown;	/* how messages name it */
};

struct fmt_files {
	struct fmt_file *v;
	size_t n, cap;
};

static void files_add(struct arena *a, struct fmt_files *l, const char *fs,
		      const char *shown)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		l->v = arena_grow(a, l->v, l->cap * sizeof *l->v, cap * sizeof *l->v);
		l->cap = cap;
	}
	l->v[l->n++] = (struct fmt_file){ fs, shown };
}

static int files_cmp(const void *x, const void *y)
{
	return strcmp(((const struct fmt_file *)x)->shown,
		      ((const struct fmt_file *)y)->shown);
}

/* schema.mig and versions/ *.mig, as project_load() finds them. */
static int files_of_project(struct arena *a, const char *root,
			    struct fmt_files *l)
{
	struct stat st;
	const char *conf = arena_printf(a, "%s/migc.conf", root);
	if (stat(conf, &st) != 0) {
		fprintf(stderr, "migc: fmt: \"%s\" is not a migc project (no migc.conf); name the files to format\n",
			root);
		return 2;
	}
	const char *schema = arena_printf(a, "%s/schema.mig", root);
	if (stat(schema, &st) == 0)
		files_add(a, l, schema, arena_printf(a, "%sschema.mig", cli_path_prefix));
	const char *vdir = arena_printf(a, "%s/versions", root);
	DIR *dp = opendir(vdir);
	if (!dp)
		return errno == ENOENT ? 0 : (fprintf(stderr, "migc: cannot read \"%s\": %s\n",
						      vdir, strerror(errno)), 2);
	size_t first = l->n;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n <= 4 || strcmp(e->d_name + n - 4, ".mig") != 0)
			continue;
		files_add(a, l, arena_printf(a, "%s/%s", vdir, e->d_name),
			  arena_printf(a, "%sversions/%s", cli_path_prefix, e->d_name));
	}
	closedir(dp);
	qsort(l->v + first, l->n - first, sizeof *l->v, files_cmp);
	return 0;
}

/* Replaces `path` with `text` by the one durability rule (common/
 * atomic_file.h), keeping the old file's mode, owner and group.  A symbolic link is
 * followed.  A read-only file (no write permission for us, or no write
 * bit at all, which root would otherwise ignore) is refused, and so is a
 * file whose owner the new one could not keep. */
static int fmt_write(struct arena *a, const char *path, const char *text)
{
	char real[PATH_MAX];
	const char *target = realpath(path, real) ? real : path;
	struct stat st;
	if (stat(target, &st) != 0)
		goto fail;
	if ((st.st_mode & 0222) == 0 || access(target, W_OK) != 0) {
		fprintf(stderr, "migc: cannot write \"%s\": it is read-only (left as it was)\n",
			path);
		return 2;
	}
	(void)a;
	struct atomic_file f;
	if (atomic_begin(&f, target) != 0)
		goto fail;
	atomic_put(&f, text, strlen(text));
	if (atomic_commit(&f, ATOMIC_REPLACE, st.st_mode & 07777, st.st_uid, st.st_gid) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "migc: cannot write \"%s\": %s\n", path, strerror(errno));
	return 2;
}

static const char *line_of(const char *s, size_t line, size_t *len)
{
	for (size_t i = 1; i < line && s; i++) {
		s = strchr(s, '\n');
		if (s)
			s++;
	}
	if (!s || !*s) {
		*len = 0;
		return NULL;
	}
	const char *e = strchr(s, '\n');
	*len = e ? (size_t)(e - s) : strlen(s);
	return s;
}

/* "PATH:LINE: not formatted" and the line before and after. */
static void report_diff(const char *shown, const char *old, const char *new)
{
	size_t line = 1;
	for (size_t i = 0; old[i] && old[i] == new[i]; i++)
		line += old[i] == '\n';
	size_t lo, ln;
	const char *o = line_of(old, line, &lo), *n = line_of(new, line, &ln);
	printf("%s:%zu: not formatted\n", shown, line);
	printf("  - %.*s%s\n", (int)lo, o ? o : "", o ? "" : "(end of file)");
	printf("  + %.*s%s\n", (int)ln, n ? n : "", n ? "" : "(end of file)");
}

static bool is_schema_name(const char *path)
{
	const char *base = strrchr(path, '/');
	return strcmp(base ? base + 1 : path, "schema.mig") == 0;
}

static int fmt_opt(void *ctx, int opt, const char *arg)
{
	(void)opt;
	(void)arg;
	*(bool *)ctx = true;
	return 0;
}

int cmd_fmt(struct arena *a, struct diag *d, const char *root, int argc,
	    char **argv)
{
	static const struct option longs[] = {
		{ "check", no_argument, NULL, 'K' },
		{ 0 },
	};
	bool check = false;
	struct fmt_files files = { 0 };
	char **pos;
	int npos;
	int status = cli_parse(a, "fmt", argc, argv, "", longs, fmt_opt, &check, &pos, &npos);
	if (status)
		return status;
	for (int i = 0; i < npos; i++)
		files_add(a, &files, pos[i], pos[i]);
	if (files.n == 0) {
		status = files_of_project(a, root, &files);
		if (status)
			return status;
	}
	size_t changed = 0;
	for (size_t i = 0; i < files.n; i++) {
		const struct fmt_file *ff = &files.v[i];
		const char *rwhy;
		const struct src_file *src = src_read(a, ff->fs, ff->shown, &rwhy);
		if (!src) {
			fprintf(stderr, "migc: cannot read \"%s\": %s\n", ff->fs, rwhy);
			status = 2;
			continue;
		}
		bool schema = is_schema_name(ff->fs) ||
			      !fmt_is_revision_text(src->text, src->len);
		const char *out, *why;
		enum fmt_result r = fmt_source(a, d, src, schema, &out, &why);
		diag_finish(d);
		if (r == FMT_SYNTAX) {
			fprintf(stderr, "%s: not formatted: it has errors\n", ff->shown);
			if (status == 0)
				status = 1;
			continue;
		}
		if (r == FMT_INTERNAL) {
			fprintf(stderr, "migc: fmt: %s: left as it was: %s (a bug in migc fmt; please report it)\n",
				ff->shown, why);
			status = 2;
			continue;
		}
		if (strcmp(out, src->text) == 0)
			continue;
		changed++;
		if (check) {
			report_diff(ff->shown, src->text, out);
			if (status == 0)
				status = 1;
		} else if (fmt_write(a, ff->fs, out) == 0) {
			printf("%s\n", ff->shown);
		} else {
			status = 2;
		}
	}
	return status;
}
