/*
 * srcfile.h - source files and locations.
 *
 * A source file is read whole into the arena.  Every token, AST node and
 * schema object carries a `struct loc`: the file and a byte span.  Line and
 * column are computed from the file's line table only when a message is
 * printed (jq's locfile, PostgreSQL's errposition).
 */
#ifndef MIGC_SRCFILE_H
#define MIGC_SRCFILE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct src_file {
	const char *path;	/* as shown in messages: relative to the project */
	const char *text;	/* NUL-terminated copy of the contents */
	size_t len;		/* bytes, not counting the terminating NUL */
	uint32_t *line_starts;	/* byte offset of each line's first byte */
	size_t n_lines;
};

/* A half-open byte span [start, end) in one file.  file may be NULL for
 * objects that have no source (built in). */
struct loc {
	const struct src_file *file;
	uint32_t start, end;
};

/*
 * Reads `fs_path` into a new src_file shown as `shown_path`.
 * Returns NULL, sets errno and (when `why` is not NULL) says why in
 * *why when the file cannot be read.  Only regular files are read: a
 * FIFO, a device or a socket is refused without blocking ("not a regular
 * file (a FIFO)", errno EINVAL; a directory: EISDIR).  Files larger than
 * 4 GiB are refused (EFBIG).  A UTF-8 byte order mark at the start is
 * skipped: the text starts after it.
 */
struct src_file *src_read(struct arena *a, const char *fs_path,
			  const char *shown_path, const char **why);
/* Wraps text that is already in memory (tests, the fuzzer). */
struct src_file *src_from_text(struct arena *a, const char *shown_path,
			       const char *text, size_t len);

/* 1-based line and 1-based column in characters (UTF-8 code points). */
void src_line_col(const struct src_file *f, uint32_t offset,
		  unsigned *line, unsigned *col);
/* The line containing `offset`: its start offset and length without "\n". */
void src_line_span(const struct src_file *f, uint32_t offset,
		   uint32_t *start, uint32_t *len);

struct loc loc_join(struct loc a, struct loc b);

#endif
