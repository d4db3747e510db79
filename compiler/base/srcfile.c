/*
 * srcfile.c - reading sources and mapping byte offsets to line:column.
 */
#include "srcfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* What a file that is not a regular one is. */
static const char *src_kind(mode_t m)
{
	if (S_ISFIFO(m))
		return "not a regular file (a FIFO)";
	if (S_ISCHR(m))
		return "not a regular file (a character device)";
	if (S_ISBLK(m))
		return "not a regular file (a block device)";
	if (S_ISSOCK(m))
		return "not a regular file (a socket)";
	return "not a regular file";
}

static struct src_file *src_fail(int fd, int err, const char *msg,
				 const char **why)
{
	if (fd >= 0)
		close(fd);
	if (why)
		*why = msg ? msg : strerror(err);
	errno = err;
	return NULL;
}

struct src_file *src_read(struct arena *a, const char *fs_path,
			  const char *shown_path, const char **why)
{
	/* One fstat and one allocation: a history of ten thousand files is
	 * read in a few milliseconds.  O_NONBLOCK: opening a FIFO must not
	 * wait for a writer; fstat then refuses it. */
	int fd = open(fs_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return src_fail(-1, errno, NULL, why);
	struct stat st;
	if (fstat(fd, &st) != 0)
		return src_fail(fd, errno, NULL, why);
	if (S_ISDIR(st.st_mode))
		return src_fail(fd, EISDIR, "is a directory", why);
	if (!S_ISREG(st.st_mode))
		return src_fail(fd, EINVAL, src_kind(st.st_mode), why);
	if ((uint64_t)st.st_size > UINT32_MAX - 2)
		return src_fail(fd, EFBIG, "larger than 4 GiB", why);
	/* one spare byte, so that end of file is seen without growing */
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *text = arena_alloc(a, cap + 1);
	for (;;) {
		if (len == cap) {
			/* the file grew while we read it: keep going */
			text = arena_grow(a, text, len + 1, 2 * cap + 4096 + 1);
			cap = 2 * cap + 4096;
		}
		ssize_t n = read(fd, text + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return src_fail(fd, errno, NULL, why);
		if (n == 0)
			break;
		size_t asked = cap - len;
		len += (size_t)n;
		if (len > UINT32_MAX - 1)
			return src_fail(fd, EFBIG, "larger than 4 GiB", why);
		/* a regular file reads short only at its end: no second read
		 * to hear it (ten thousand files, ten thousand system calls) */
		if ((size_t)n < asked)
			break;
	}
	close(fd);
	text[len] = '\0';
	/* A UTF-8 byte order mark (some Windows editors write one) is not
	 * text: line 1, column 1 is after it. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	struct src_file *f = arena_alloc(a, sizeof *f);
	f->path = arena_strdup(a, shown_path);
	f->text = text;
	f->len = len;
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
