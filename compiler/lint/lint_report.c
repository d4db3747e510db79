/*
 * lint_report.c - `migc lint --format json`: a diagnostics sink that keeps
 * the lint findings (items with a rule code) and passes everything else
 * to the printer, and the findings written as a JSON array.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "lint.h"

static void lint_report_sink(void *ctx, struct diag *d, const struct diag_item *it)
{
	struct lint_report *r = ctx;
	int rule = it->code ? lint_rule_find(it->code) : -1;
	if (rule < 0 || it->level == DIAG_NOTE) {
		diag_print(d, it);
		return;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		r->items = arena_grow(r->arena, r->items, r->cap * sizeof *r->items,
				      cap * sizeof *r->items);
		r->cap = cap;
	}
	struct lint_finding f = { (enum lint_rule)rule,
				  it->level == DIAG_ERROR ? LINT_ERROR : LINT_WARNING,
				  it->loc, arena_strdup(r->arena, it->message) };
	r->items[r->n++] = f;
	if (f.level == LINT_ERROR)
		r->n_errors++;
	else
		r->n_warnings++;
}

void lint_report_collect(struct diag *d, struct lint_report *r, struct arena *a)
{
	r->arena = a;
	r->path_prefix = d->path_prefix ? d->path_prefix : "";
	d->sink = lint_report_sink;
	d->sink_ctx = r;
}

static void lint_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void lint_report_json(FILE *out, const struct lint_report *r)
{
	fputs("[", out);
	for (size_t i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->items[i];
		unsigned line = 0, col = 0;
		if (f->loc.file)
			src_line_col(f->loc.file, f->loc.start, &line, &col);
		fputs(i ? ",\n  {" : "\n  {", out);
		/* relative to the current directory, as text prints it (-C DIR) */
		fputs("\"file\": ", out);
		lint_json_str(out, f->loc.file ? arena_printf(r->arena, "%s%s", r->path_prefix,
							      f->loc.file->path) : "");
		fprintf(out, ", \"line\": %u, \"column\": %u, \"severity\": \"%s\", \"rule\": ",
			line, col, f->level == LINT_ERROR ? "error" : "warning");
		lint_json_str(out, lint_rule_name(f->rule));
		fputs(", \"message\": ", out);
		lint_json_str(out, f->message);
		fputs("}", out);
	}
	fputs(r->n ? "\n]\n" : "]\n", out);
}
