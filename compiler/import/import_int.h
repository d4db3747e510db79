/*
 * import_int.h - private to compiler/import/: the history every reader
 * (one file per source tool) fills in, and the helpers they share.
 *
 * A reader lists the source's migrations in their order, each with its
 * version, message, up and down SQL as the files hold them, and whether it
 * runs outside a transaction; import_write.c turns that into the project.
 */
#ifndef MIGC_IMPORT_INT_H
#define MIGC_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct imp_mig {
	const char *version;	/* the source tool's version (or change name) */
	const char *id;		/* the migc id (import_assign_ids) */
	const char *message;
	const char *up;		/* the up SQL; text between two IMP_WHOLE bytes is
				 * one statement, never split (goose's
				 * StatementBegin/End) */
	const char *down;	/* the down SQL, NULL: the source has none */
	const char *up_path;	/* where they came from (for the report) */
	const char *down_path;
	bool no_tx;		/* the source runs it outside a transaction */
	const char **deps;	/* sqitch: the versions it requires; NULL: the previous one */
	size_t n_deps;
	const char *note;	/* a line for the revision's header comment, or NULL */
	const char *up_error;	/* alembic: the direction could not be rendered */
	const char *down_error;
};

#define IMP_WHOLE '\x1e'

struct imp_history {
	struct arena *a;
	const char *format;
	const char *src;
	struct imp_mig *v;
	size_t n, cap;
	int status;		/* 0, 1 after a malformed file, 2 after an I/O error */
};

/* A new migration at the end of the history, zeroed. */
struct imp_mig *imp_add(struct imp_history *h);

/* The whole file, NUL-terminated (NULL and h->status = 2 after a message). */
char *imp_read(struct imp_history *h, const char *path);

/* The directory's entry names, sorted bytewise (NULL and h->status = 2
 * after a message); *n gets their number. */
const char **imp_list_dir(struct imp_history *h, const char *dir, size_t *n);

/* `path:line: error: …` to stderr, and h->status = 1. */
void imp_error(struct imp_history *h, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A message from a file-name slug: "add_users-table" -> "add users table". */
const char *imp_slug_message(struct arena *a, const char *slug, size_t n);

/* True when the script holds a statement PostgreSQL refuses inside a
 * transaction block (create/drop/reindex … concurrently, vacuum). */
bool imp_sql_needs_no_tx(const char *sql);

/* Sorts the history by version: numeric parts compared as numbers
 * ("1.10" after "1.9", "2" after "0001"). */
void imp_sort_by_version(struct imp_history *h);

/* The project at `dest` from the read history (import_write.c). */
struct diag;
int import_write(struct imp_history *h, struct diag *d, const char *dest);

/* The readers: each fills `h` from h->src. */
void imp_read_golang_migrate(struct imp_history *h);
void imp_read_goose(struct imp_history *h);
void imp_read_flyway(struct imp_history *h);
void imp_read_dbmate(struct imp_history *h);
void imp_read_sqitch(struct imp_history *h);
/* `python`: the interpreter that runs tools/migc-alembic-export.py. */
void imp_read_alembic(struct imp_history *h, const char *python);

#endif
