/*
 * released.c - released.sums: the checksums of the revisions that were
 * released, so that `migc check` (the pre-commit hook) stops an edit of
 * one (docs/compiler.md, "Released revisions").
 *
 * `migc build --release` writes the file at the project's root: a comment,
 * then one line per revision of the history, "ID CHECKSUM", sorted by id,
 * written by the one durability rule (common/atomic_file.h).  The checking pass
 * reads it when it exists: a listed revision whose checksum changed is an
 * error at the revision's id, one that is no longer in the history an
 * error at the file's line, a malformed line an error at that line.
 * Revisions not listed are not released yet and may change freely.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "atomic_file.h"
#include "ast.h"
#include "diag.h"
#include "project.h"

#define RELEASED_FILE "released.sums"

static struct loc line_loc(const struct src_file *f, const char *line, const char *end)
{
	struct loc l = { f, (uint32_t)(line - f->text), (uint32_t)(end - f->text) };
	return l;
}

/* Whether the n bytes at sum are r's checksum, v2 or v1; v1 is computed
 * here when compile_project left it out (check and lint). */
static bool sum_is(struct arena *a, struct revision *r, const char *sum, size_t n)
{
	if (strlen(r->checksum) == n && strncmp(r->checksum, sum, n) == 0)
		return true;
	if (!r->checksum_v1[0])
		compile_checksum_v1(a, r);
	return strlen(r->checksum_v1) == n && strncmp(r->checksum_v1, sum, n) == 0;
}

void released_check(struct arena *a, struct diag *d, const struct project *p)
{
	const char *why = NULL;
	struct src_file *f = src_read(a, arena_printf(a, "%s/%s", p->root, RELEASED_FILE),
				      RELEASED_FILE, &why);
	if (!f) {
		if (errno != ENOENT) {
			d->n_io_errors++;
			diag_file_error(d, RELEASED_FILE, "cannot read: %s", why);
		}
		return;
	}
	unsigned lineno = 0;
	for (const char *s = f->text; *s;) {
		lineno++;
		const char *e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		const char *next = *e ? e + 1 : e;
		const char *q = s;
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q == e || *q == '#') {
			s = next;
			continue;
		}
		const char *id = q;
		while (q < e && *q != ' ' && *q != '\t')
			q++;
		size_t id_len = (size_t)(q - id);
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		const char *sum = q;
		while (q < e && *q != ' ' && *q != '\t' && *q != '\r')
			q++;
		size_t sum_len = (size_t)(q - sum);
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		struct loc at = line_loc(f, id, q);
		if (!sum_len || q != e) {
			diag_error(d, at, "expected \"REVISION CHECKSUM\" (the file is written by "
				   "`migc build --release`)");
			s = next;
			continue;
		}
		struct revision *r = NULL;
		for (size_t i = 0; i < p->n_revs && !r; i++)
			if (strlen(p->revs[i]->id) == id_len &&
			    strncmp(p->revs[i]->id, id, id_len) == 0)
				r = p->revs[i];
		if (!r) {
			diag_error(d, at, "released revision \"%.*s\" is not in the history: a released "
				   "revision must not be removed or renamed", (int)id_len, id);
		} else if (!sum_is(a, r, sum, sum_len)) {
			/* (a v1 checksum, 64 hex digits, verifies as in the version table) */
			diag_error(d, r->ast->id.loc, "revision \"%s\" was released (" RELEASED_FILE
				   " line %u) and has been edited since: its checksum changed; "
				   "undo the edit and write a new revision instead",
				   r->id, lineno);
		}
		s = next;
	}
}

static int by_id(const void *x, const void *y)
{
	const struct revision *const *a = x, *const *b = y;
	return strcmp((*a)->id, (*b)->id);
}

int released_write(struct arena *a, const struct project *p)
{
	const char *path = arena_printf(a, "%s/%s", p->root, RELEASED_FILE);
	const struct revision **v = arena_calloc(a, p->n_revs + 1, sizeof *v);
	for (size_t i = 0; i < p->n_revs; i++)
		v[i] = p->revs[i];
	qsort(v, p->n_revs, sizeof *v, by_id);
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "# released.sums: the revisions released so far and their checksums, written\n"
		     "# by `migc build --release`; `migc check` fails when one of them changes.\n"
		     "# Commit this file; do not edit it.\n");
	for (size_t i = 0; i < p->n_revs; i++)
		sb_printf(&sb, "%s %s\n", v[i]->id, v[i]->checksum);
	if (atomic_write_file(path, sb.data, sb.len, ATOMIC_REPLACE, 0644) != 0) {
		fprintf(stderr, "migc: error: cannot write %s: %s\n", path, strerror(errno));
		return 2;
	}
	printf("released: %zu revision%s recorded in %s\n", p->n_revs,
	       p->n_revs == 1 ? "" : "s", RELEASED_FILE);
	return 0;
}
