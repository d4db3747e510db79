/*
 * diag.h - the one place that prints compiler diagnostics.
 *
 * Format (what every editor understands):
 *
 *   versions/a1_x.mig:3:5: error: column "emial" does not exist in table "users"
 *       3 |     emial text
 *         |     ^~~~~
 *   versions/a1_x.mig:1:1: note: previously defined here
 *
 * Messages are lower case without a final period, identifiers in double
 * quotes.  Errors are counted; after `max_errors` further errors are
 * counted but not printed, and one line says how many were left out.
 */
#ifndef MIGC_DIAG_H
#define MIGC_DIAG_H

#include <stdio.h>

#include "srcfile.h"

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag {
	FILE *out;
	int n_errors;
	int n_io_errors;	/* of n_errors: files that could not be read (exit 2) */
	int n_warnings;
	int max_errors;		/* 0: unlimited */
	int suppressed;		/* errors counted but not printed */
	int last_printed;	/* was the last error/warning printed (for notes) */
};

void diag_init(struct diag *d, FILE *out);

/* A located message.  With loc.file == NULL only "migc: level: msg". */
void diag_at(struct diag *d, enum diag_level level, struct loc loc,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_error(struct diag *d, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A note belongs to the error or warning just printed; dropped if that one
 * was suppressed. */
void diag_note(struct diag *d, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An error about a whole file, "path: error: msg" (no line). */
void diag_file_error(struct diag *d, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prints "N errors not shown" if the cap left any out. */
void diag_finish(struct diag *d);

#endif
