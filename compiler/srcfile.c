/*
 * srcfile.c - reading sources and mapping byte offsets to line:column.
 */
#include "srcfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"

static void src_index_lines(struct arena *a, struct src_file *f)
{
	size_t n = 1;
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] == '\n')
			n++;
	f->line_starts = arena_calloc(a, n, sizeof *f->line_starts);
	f->n_lines = n;
	size_t k = 0;
	f->line_starts[k++] = 0;
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] == '\n')
			f->line_starts[k++] = (uint32_t)(i + 1);
}

struct src_file *src_from_text(struct arena *a, const char *shown_path,
			       const char *text, size_t len)
{
	struct src_file *f = arena_alloc(a, sizeof *f);
	f->path = arena_strdup(a, shown_path);
	f->text = arena_strndup(a, text, len);
	f->len = len;
	src_index_lines(a, f);
	return f;
}

struct src_file *src_read(struct arena *a, const char *fs_path,
			  const char *shown_path)
{
	FILE *fp = fopen(fs_path, "rb");
	if (!fp)
		return NULL;
	struct strbuf sb;
	sb_init(&sb, a);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		if (sb.len + n > UINT32_MAX - 1) {
			fclose(fp);
			errno = EFBIG;
			return NULL;
		}
		sb_put(&sb, buf, n);
	}
	int failed = ferror(fp);
	fclose(fp);
	if (failed) {
		errno = EIO;
		return NULL;
	}
	struct src_file *f = arena_alloc(a, sizeof *f);
	f->path = arena_strdup(a, shown_path);
	f->text = sb_str(&sb);
	f->len = sb.len;
	src_index_lines(a, f);
	return f;
}

static size_t src_line_index(const struct src_file *f, uint32_t offset)
{
	size_t lo = 0, hi = f->n_lines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void src_line_col(const struct src_file *f, uint32_t offset,
		  unsigned *line, unsigned *col)
{
	if (offset > f->len)
		offset = (uint32_t)f->len;
	size_t li = src_line_index(f, offset);
	unsigned c = 1;
	for (uint32_t i = f->line_starts[li]; i < offset; i++)
		if (((unsigned char)f->text[i] & 0xC0) != 0x80)
			c++;
	*line = (unsigned)li + 1;
	*col = c;
}

void src_line_span(const struct src_file *f, uint32_t offset,
		   uint32_t *start, uint32_t *len)
{
	if (offset > f->len)
		offset = (uint32_t)f->len;
	size_t li = src_line_index(f, offset);
	uint32_t s = f->line_starts[li];
	uint32_t e = s;
	while (e < f->len && f->text[e] != '\n')
		e++;
	if (e > s && f->text[e - 1] == '\r')
		e--;
	*start = s;
	*len = e - s;
}

struct loc loc_join(struct loc a, struct loc b)
{
	if (!a.file)
		return b;
	if (!b.file)
		return a;
	struct loc r = a;
	if (b.start < r.start)
		r.start = b.start;
	if (b.end > r.end)
		r.end = b.end;
	return r;
}
