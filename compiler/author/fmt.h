/*
 * fmt.h - canonical formatting of .mig files (`migc fmt`, docs/fmt.md).
 *
 * fmt_source() lays a parsed file out again: whitespace, the case of
 * keywords and unquoted names and needless identifier quotes change;
 * expressions, string literals, execute bodies and comments are kept byte
 * for byte.  It proves each result before returning it: the output parses,
 * renders the same SQL statement by statement, keeps the same header,
 * comments and lint exemptions, and formats to itself.
 */
#ifndef MIGC_FMT_H
#define MIGC_FMT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct src_file;

enum fmt_result {
	FMT_OK,			/* *out is the canonical text */
	FMT_SYNTAX,		/* the file has syntax errors, or a trailing
				 * migc:allow shared by several statements of one
				 * line (reported to d) */
	FMT_INTERNAL,		/* the proof failed: *out is NULL, *why says how */
};

/* `schema`: parse as schema.mig, else as a revision file. */
enum fmt_result fmt_source(struct arena *a, struct diag *d,
			   const struct src_file *src, bool schema,
			   const char **out, const char **why);

/* Whether a file that is not named schema.mig reads as a revision file:
 * its first word is a header keyword or a block. */
bool fmt_is_revision_text(const char *text, size_t len);

/* migc fmt [--check] [FILES]: exit 0, 1 (changes under --check, syntax
 * errors) or 2 (usage, I/O). */
int cmd_fmt(struct arena *a, struct diag *d, const char *root, int argc,
	    char **argv);

#endif
