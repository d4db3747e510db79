/*
 * connparams.h - where a connection's parameters come from, once for the
 * migrator (runtime/conn.c) and migc's live commands (compiler/live/live.c).
 *
 * Order (docs/migrator.md): the URL given on the command line, else
 * DATABASE_URL, else the DATABASE_HOSTNAME, DATABASE_PORT, DATABASE_NAME,
 * DATABASE_USERNAME and DATABASE_PASSWORD variables (any subset; unset
 * ones fall back to libpq), else libpq's own defaults (PG* variables,
 * .pgpass, service files).  Each of those variables is read from the
 * environment, else (with --env-file) from a dotenv file: a variable set
 * in the environment wins over the file.  Nothing reads a file unless
 * asked to.
 *
 * A SQLAlchemy URL (postgresql+psycopg://, postgresql+psycopg2://,
 * postgresql+asyncpg://, any postgres[ql]+DRIVER://) is given to libpq
 * without its "+DRIVER" part; the dropped driver is reported so that the
 * caller says so once.
 *
 * The result is libpq's keyword/value arrays for PQconnectdbParams (with
 * expand_dbname set when the dbname entry is a URL or key=value string).
 * No libpq here: the caller connects.  Guarantees: no error message built
 * here holds a value read from the environment or the file (a password
 * could be one); only names, file names and line numbers.
 */
#ifndef MIGC_COMMON_CONNPARAMS_H
#define MIGC_COMMON_CONNPARAMS_H

#include <stddef.h>

#define CONNPARAMS_MAX 8

struct connparams {
	/* NULL-terminated, for PQconnectdbParams(keys, vals, expand_dbname) */
	const char *keys[CONNPARAMS_MAX + 1];
	const char *vals[CONNPARAMS_MAX + 1];
	int expand_dbname;
	/* "--url", "DATABASE_URL", "the DATABASE_* variables" or
	 * "libpq's defaults"; with " (from FILE)" when the file gave it */
	const char *source;
	/* the URL's scheme as given to libpq ("postgresql") and the dropped
	 * driver ("asyncpg"); both "" when nothing was dropped */
	char scheme[16];
	char driver[32];
	/* owned strings (freed by connparams_free) */
	char *owned[CONNPARAMS_MAX + 2];
	size_t n_owned;
};

/* Fills `cp` from `url` (the command line's, or NULL), the environment and
 * `env_file` (NULL: none), ending with application_name = `app` (NULL:
 * not set).  Returns 0, or -1 with a message in err (an unreadable file,
 * a malformed line: named by file and line, never by value). */
int connparams_build(struct connparams *cp, const char *url, const char *env_file,
		     const char *app, char *err, size_t errlen);
void connparams_free(struct connparams *cp);

/* The value `cp` connects with for libpq keyword `key` (not expanded
 * from a URL), or NULL. */
const char *connparams_get(const struct connparams *cp, const char *key);

/* ---- dotenv.c ------------------------------------------------------------ */

/* Reads the dotenv file `path`: lines KEY=VALUE, optionally after
 * "export ", values bare (an inline " #" starts a comment, surrounding
 * blanks dropped), 'single-quoted' (as written) or "double-quoted" (\n,
 * \", \\ and \$ escapes); blank lines and lines starting with # are
 * skipped.  For each of the n names, values[i] is set to a malloc'd copy
 * of the last value the file gives it (left alone when it gives none).
 * Returns 0, or -1 with err set ("FILE: cannot read: REASON",
 * "FILE:LINE: ..."); values already set are then freed and reset. */
int dotenv_read(const char *path, const char *const *names, size_t n, char **values,
		char *err, size_t errlen);

#endif
