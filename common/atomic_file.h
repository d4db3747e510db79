/*
 * atomic_file.h - the one way migc writes a file (the durability rule).
 *
 * The bytes go to a temporary file "<path>.tmpXXXXXX" in the target's own
 * directory; it is given its mode (and owner), fsynced, then put in place
 * with rename() (ATOMIC_REPLACE) or link() (ATOMIC_CREATE, which never
 * replaces an existing file), and the directory is fsynced.  So a reader
 * sees the old file or the whole new one, never a part, and after a crash
 * the same holds; on any failure nothing at `path` has changed and the
 * temporary file is removed.
 *
 *   struct atomic_file f;
 *   if (atomic_begin(&f, path) == 0) {
 *           atomic_put(&f, text, len);
 *           rc = atomic_commit(&f, ATOMIC_CREATE, ATOMIC_DEFAULT_MODE, -1, -1);
 *   }
 *
 * Plain C for the compiler side (the runtime writes no files).
 */
#ifndef MIGC_COMMON_ATOMIC_FILE_H
#define MIGC_COMMON_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

enum atomic_how {
	ATOMIC_REPLACE,		/* rename over `path` */
	ATOMIC_CREATE,		/* `path` must not exist: EEXIST if it does */
};

/* 0666 less the umask, as open() would give a new file */
#define ATOMIC_DEFAULT_MODE ((mode_t)-1)

struct atomic_file {
	const char *path;	/* borrowed */
	char *tmp;		/* malloc'd; NULL once committed or aborted */
	int fd;
	int err;		/* the first write error (errno), or 0 */
};

/* Opens the temporary file next to `path`.  0, or -1 with errno. */
int atomic_begin(struct atomic_file *f, const char *path);
/* Appends; a failure is remembered and reported by atomic_commit(). */
void atomic_put(struct atomic_file *f, const void *data, size_t len);
/* Mode `mode` (ATOMIC_DEFAULT_MODE: 0666 & ~umask), owner uid:gid when
 * they are not -1 and differ from ours, fsync, into place, fsync of the
 * directory.  0, or -1 with errno (EEXIST: ATOMIC_CREATE found a file). */
int atomic_commit(struct atomic_file *f, enum atomic_how how, mode_t mode,
		  uid_t uid, gid_t gid);
/* Removes the temporary file (after an error of the caller's own). */
void atomic_abort(struct atomic_file *f);

/* A whole file in one call. */
int atomic_write_file(const char *path, const void *data, size_t len,
		      enum atomic_how how, mode_t mode);

/* mkdir -p: `dir` and its missing parents with `mode` (less the umask);
 * existing ones are fine.  0, or -1 with errno. */
int atomic_mkdirs(const char *dir, mode_t mode);

/* A file someone else wrote at `tmp` (in path's directory: a C
 * compiler's output) put in place by the same rule, with `mode`. */
int atomic_install(const char *tmp, const char *path, mode_t mode);

#endif
