/*
 * atomic_file.c - the durability rule of atomic_file.h: temporary file in
 * the same directory, fsync, rename or link, fsync of the directory.
 */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fsync of the directory that holds `path`, so the new name survives a
 * crash too.  Errors are returned; a file system that cannot fsync a
 * directory (EINVAL) is not one. */
static int fsync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : strdup(".");
	if (!dir)
		return -1;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	int rc = fsync(fd) != 0 && errno != EINVAL ? -1 : 0;
	int err = errno;
	close(fd);
	errno = err;
	return rc;
}

static mode_t default_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

int atomic_begin(struct atomic_file *f, const char *path)
{
	size_t n = strlen(path);
	f->path = path;
	f->err = 0;
	f->fd = -1;
	f->tmp = malloc(n + sizeof ".tmpXXXXXX");
	if (!f->tmp)
		return -1;
	memcpy(f->tmp, path, n);
	memcpy(f->tmp + n, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
	f->fd = mkstemp(f->tmp);
	if (f->fd < 0) {
		int err = errno;
		free(f->tmp);
		f->tmp = NULL;
		errno = err;
		return -1;
	}
	return 0;
}

void atomic_put(struct atomic_file *f, const void *data, size_t len)
{
	const char *p = data;
	while (len && !f->err) {
		ssize_t w = write(f->fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			f->err = w < 0 ? errno : EIO;
			break;
		}
		p += w;
		len -= (size_t)w;
	}
}

void atomic_abort(struct atomic_file *f)
{
	if (!f->tmp)
		return;
	int err = errno;
	if (f->fd >= 0)
		close(f->fd);
	unlink(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
	f->fd = -1;
	errno = err;
}

int atomic_commit(struct atomic_file *f, enum atomic_how how, mode_t mode,
		  uid_t uid, gid_t gid)
{
	int err = f->err;
	if (!err && uid != (uid_t)-1 && gid != (gid_t)-1 &&
	    (uid != geteuid() || gid != getegid()) && fchown(f->fd, uid, gid) != 0)
		err = errno;
	if (!err && fchmod(f->fd, mode == ATOMIC_DEFAULT_MODE ? default_mode() : mode) != 0)
		err = errno;
	if (!err && fsync(f->fd) != 0)
		err = errno;
	if (close(f->fd) != 0 && !err)
		err = errno;
	f->fd = -1;
	if (!err && how == ATOMIC_REPLACE && rename(f->tmp, f->path) != 0)
		err = errno;
	if (!err && how == ATOMIC_CREATE && link(f->tmp, f->path) != 0)
		err = errno;
	if (err || how == ATOMIC_CREATE)
		unlink(f->tmp);	/* after link() the file has its real name too */
	free(f->tmp);
	f->tmp = NULL;
	if (!err && fsync_dir_of(f->path) != 0)
		err = errno;
	errno = err;
	return err ? -1 : 0;
}

int atomic_write_file(const char *path, const void *data, size_t len,
		      enum atomic_how how, mode_t mode)
{
	struct atomic_file f;
	if (atomic_begin(&f, path) != 0)
		return -1;
	atomic_put(&f, data, len);
	return atomic_commit(&f, how, mode, (uid_t)-1, (gid_t)-1);
}

int atomic_install(const char *tmp, const char *path, mode_t mode)
{
	int fd = open(tmp, O_RDONLY | O_CLOEXEC);
	int err = 0;
	if (fd < 0)
		err = errno;
	if (!err && (fchmod(fd, mode) != 0 || fsync(fd) != 0))
		err = errno;
	if (fd >= 0)
		close(fd);
	if (!err && rename(tmp, path) != 0)
		err = errno;
	if (err) {
		unlink(tmp);
		errno = err;
		return -1;
	}
	return fsync_dir_of(path);
}

int atomic_mkdirs(const char *dir, mode_t mode)
{
	char *p = strdup(dir);
	int rc = 0;
	if (!p)
		return -1;
	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, mode) != 0 && errno != EEXIST)
		rc = -1;
	int err = errno;
	free(p);
	errno = err;
	return rc;
}
