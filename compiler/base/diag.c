/*
 * diag.c - printing diagnostics with the source line and a caret underline.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static const char *const diag_level_names[] = {
	[DIAG_ERROR] = "error",
	[DIAG_WARNING] = "warning",
	[DIAG_NOTE] = "note",
};

void diag_init(struct diag *d, FILE *out)
{
	d->out = out;
	d->n_errors = 0;
	d->n_io_errors = 0;
	d->n_warnings = 0;
	d->max_errors = 50;
	d->suppressed = 0;
	d->last_printed = 0;
	d->sink = NULL;
	d->sink_ctx = NULL;
	d->path_prefix = "";
}

static void diag_drop(void *ctx, struct diag *d, const struct diag_item *item)
{
	(void)ctx;
	(void)d;
	(void)item;
}

void diag_init_silent(struct diag *d)
{
	diag_init(d, NULL);
	d->max_errors = 0;
	d->sink = diag_drop;
}

static int is_utf8_lead(unsigned char c)
{
	return (c & 0xC0) != 0x80;
}

/* A source line longer than this is shown as a window around the span. */
#define DIAG_MAX_SHOWN 200

/* Prints the source line under a gutter, then ^~~~ under the span (clipped
 * to that line).  Control characters print as spaces so columns line up.
 * A very long line (a 10 MB one-line file) is cut to a window around the
 * span, marked with "...". */
static void diag_show_source(FILE *out, struct loc loc)
{
	const struct src_file *f = loc.file;
	uint32_t ls, llen;
	src_line_span(f, loc.start, &ls, &llen);
	unsigned line, col;
	src_line_col(f, loc.start, &line, &col);
	fprintf(out, "%5u | ", line);
	const char *cut = "", *tail = "";
	if (llen > DIAG_MAX_SHOWN) {
		uint32_t at = loc.start > ls + llen ? ls + llen : loc.start;
		uint32_t ws = at - ls > DIAG_MAX_SHOWN / 2 ? at - DIAG_MAX_SHOWN / 2 : ls;
		while (ws > ls && !is_utf8_lead((unsigned char)f->text[ws]))
			ws--;
		uint32_t we = ws + DIAG_MAX_SHOWN < ls + llen ? ws + DIAG_MAX_SHOWN : ls + llen;
		while (we < ls + llen && !is_utf8_lead((unsigned char)f->text[we]))
			we++;
		if (ws > ls) {
			fputs("...", out);
			cut = "   ";
		}
		tail = we < ls + llen ? "..." : "";
		ls = ws;
		llen = we - ws;
	}
	for (uint32_t i = ls; i < ls + llen; i++) {
		unsigned char c = (unsigned char)f->text[i];
		fputc(c < 0x20 || c == 0x7f ? ' ' : c, out);
	}
	fprintf(out, "%s\n      | %s", tail, cut);
	uint32_t start = loc.start > ls + llen ? ls + llen : loc.start;
	for (uint32_t i = ls; i < start; i++)
		if (is_utf8_lead((unsigned char)f->text[i]))
			fputc(' ', out);
	uint32_t end = loc.end < loc.start ? loc.start : loc.end;
	if (end > ls + llen)
		end = ls + llen;
	fputc('^', out);
	int first = 1;
	for (uint32_t i = start; i < end; i++) {
		if (!is_utf8_lead((unsigned char)f->text[i]))
			continue;
		if (first) {
			first = 0;
			continue;
		}
		fputc('~', out);
	}
	fputc('\n', out);
}

static const char *diag_prefix(const struct diag *d)
{
	return d->path_prefix ? d->path_prefix : "";
}

void diag_print(struct diag *d, const struct diag_item *it)
{
	if (it->path) {
		fprintf(d->out, "%s%s: %s: %s\n", diag_prefix(d), it->path,
			diag_level_names[it->level], it->message);
		return;
	}
	if (it->loc.file) {
		unsigned line, col;
		src_line_col(it->loc.file, it->loc.start, &line, &col);
		fprintf(d->out, "%s%s:%u:%u: %s: ", diag_prefix(d), it->loc.file->path, line, col,
			diag_level_names[it->level]);
	} else {
		fprintf(d->out, "migc: %s: ", diag_level_names[it->level]);
	}
	fputs(it->message, d->out);
	if (it->code)
		fprintf(d->out, " [%s]", it->code);
	fputc('\n', d->out);
	if (it->loc.file)
		diag_show_source(d->out, it->loc);
}

/* Counts the item and applies the cap; false when it is not to be shown. */
static bool diag_count(struct diag *d, enum diag_level level)
{
	if (level == DIAG_NOTE)
		return d->last_printed;
	if (level == DIAG_ERROR)
		d->n_errors++;
	else
		d->n_warnings++;
	if (level == DIAG_ERROR && d->max_errors && d->n_errors > d->max_errors) {
		d->suppressed++;
		d->last_printed = 0;
		return false;
	}
	d->last_printed = 1;
	return true;
}

static void diag_emit(struct diag *d, const struct diag_item *it)
{
	if (d->sink)
		d->sink(d->sink_ctx, d, it);
	else
		diag_print(d, it);
}

static void diag_vat(struct diag *d, enum diag_level level, struct loc loc,
		     const char *code, const char *fmt, va_list ap)
{
	if (!diag_count(d, level))
		return;
	char buf[4096];
	vsnprintf(buf, sizeof buf, fmt, ap);
	struct diag_item it = { level, loc, NULL, code, buf };
	diag_emit(d, &it);
}

void diag_at(struct diag *d, enum diag_level level, struct loc loc,
	     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vat(d, level, loc, NULL, fmt, ap);
	va_end(ap);
}

void diag_coded(struct diag *d, enum diag_level level, struct loc loc,
		const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vat(d, level, loc, code, fmt, ap);
	va_end(ap);
}

#define DIAG_FORWARD(level)                                  \
	do {                                                 \
		va_list ap_;                                 \
		va_start(ap_, fmt);                          \
		diag_vat(d, level, loc, NULL, fmt, ap_);     \
		va_end(ap_);                                 \
	} while (0)

void diag_error(struct diag *d, struct loc loc, const char *fmt, ...)
{
	DIAG_FORWARD(DIAG_ERROR);
}

void diag_warning(struct diag *d, struct loc loc, const char *fmt, ...)
{
	DIAG_FORWARD(DIAG_WARNING);
}

void diag_note(struct diag *d, struct loc loc, const char *fmt, ...)
{
	DIAG_FORWARD(DIAG_NOTE);
}

void diag_file_error(struct diag *d, const char *path, const char *fmt, ...)
{
	bool shown = diag_count(d, DIAG_ERROR);
	d->last_printed = 0;
	if (!shown)
		return;
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	struct diag_item it = { DIAG_ERROR, { 0 }, path, NULL, buf };
	diag_emit(d, &it);
}

void diag_finish(struct diag *d)
{
	if (d->suppressed)
		fprintf(d->out, "migc: %d more error%s not shown\n",
			d->suppressed, d->suppressed == 1 ? "" : "s");
	fflush(d->out);
}
