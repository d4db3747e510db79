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
 *
 * Every diagnostic goes through one door: when `sink` is set it receives
 * each item instead of the printer (a JSON report, a test, a quiet replay
 * that only wants the count); diag_print() is the printer itself, for a
 * sink that passes some items on.  Counting and the error cap happen
 * before the sink, so they mean the same with or without one.
 */
#ifndef MIGC_DIAG_H
#define MIGC_DIAG_H

#include <stdio.h>

#include "srcfile.h"

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

/* One diagnostic as a sink receives it; valid only during the call. */
struct diag_item {
	enum diag_level level;
	struct loc loc;			/* loc.file NULL: not located */
	const char *path;		/* diag_file_error: the file, else NULL */
	const char *code;		/* a lint rule's name, or NULL */
	const char *message;
};

struct diag;
typedef void (*diag_sink_fn)(void *ctx, struct diag *d,
			     const struct diag_item *item);

struct diag {
	FILE *out;
	int n_errors;
	int n_io_errors;	/* of n_errors: files that could not be read (exit 2) */
	int n_warnings;
	int max_errors;		/* 0: unlimited */
	int suppressed;		/* errors counted but not printed */
	int last_printed;	/* was the last error/warning printed (for notes) */
	diag_sink_fn sink;	/* NULL: print to `out` */
	void *sink_ctx;
	/* printed before every path: "DIR/" under `migc -C DIR`, so that a
	 * path in a message is relative to the current directory; "" else */
	const char *path_prefix;
};

void diag_init(struct diag *d, FILE *out);
/* A diag that counts and shows nothing (no cap: every error counts): for a
 * trial replay or parse whose errors are reported elsewhere, if at all. */
void diag_init_silent(struct diag *d);

/* A located message.  With loc.file == NULL only "migc: level: msg". */
void diag_at(struct diag *d, enum diag_level level, struct loc loc,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_error(struct diag *d, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same with a code (a lint rule's name), printed as "msg [code]". */
void diag_coded(struct diag *d, enum diag_level level, struct loc loc,
		const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Prints `item` as the default sink does. */
void diag_print(struct diag *d, const struct diag_item *item);
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
