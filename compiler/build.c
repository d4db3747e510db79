/*
 * build.c - emit C, run the C compiler, link the runtime: the artifact.
 *
 * The runtime archive and header are looked up next to the migc executable
 * (<bindir>/../lib/migc/libmigrt.a and <bindir>/../include/migc/migrt.h),
 * which is both the build tree's and the installed layout, or in
 * $MIGC_RUNTIME_DIR.  The C compiler is $CC or cc, run without a shell.
 * Outputs are written to temporary files in their own directory and renamed
 * into place only on success.
 */
#include "build.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "emit.h"
#include "plan_build.h"
#include "project.h"

#ifndef MIGC_LINK_LIBS
#define MIGC_LINK_LIBS "-lpq"
#endif

extern char **environ;

struct runtime_paths {
	const char *include_dir;
	const char *archive;
};

static int build_file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static const char *build_exe_dir(struct arena *a)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return arena_strdup(a, buf);
}

static int build_find_runtime(struct arena *a, struct runtime_paths *rt)
{
	const char *env = getenv("MIGC_RUNTIME_DIR");
	if (env && *env) {
		rt->include_dir = env;
		rt->archive = arena_printf(a, "%s/libmigrt.a", env);
	} else {
		const char *bin = build_exe_dir(a);
		if (!bin) {
			fprintf(stderr, "migc: error: cannot locate the migc executable to find the runtime; set MIGC_RUNTIME_DIR\n");
			return -1;
		}
		rt->include_dir = arena_printf(a, "%s/../include/migc", bin);
		rt->archive = arena_printf(a, "%s/../lib/migc/libmigrt.a", bin);
	}
	const char *hdr = arena_printf(a, "%s/migrt.h", rt->include_dir);
	if (!build_file_exists(rt->archive) || !build_file_exists(hdr)) {
		fprintf(stderr,
			"migc: error: the migc runtime is missing (looked for %s and %s); run \"make\" or set MIGC_RUNTIME_DIR\n",
			rt->archive, hdr);
		return -1;
	}
	return 0;
}

/* Writes the generated C to `path` via a temporary file in the same
 * directory. */
static int build_write_c(struct arena *a, const struct project *p,
			 const char *path)
{
	char *tmp = arena_printf(a, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "migc: error: cannot create %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	FILE *out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	int rc = emit_c(plan_build(a, p), out);
	if (fclose(out) != 0)
		rc = -1;
	if (rc == 0)
		rc = chmod(tmp, 0644);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		fprintf(stderr, "migc: error: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
	return rc;
}

static int build_run(char **argv, int verbose)
{
	if (verbose) {
		for (char **a = argv; *a; a++)
			fprintf(stderr, "%s%s", a == argv ? "" : " ", *a);
		fputc('\n', stderr);
	}
	pid_t pid;
	int err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (err) {
		fprintf(stderr, "migc: error: cannot run the C compiler \"%s\": %s (set CC)\n",
			argv[0], strerror(err));
		return -1;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "migc: error: the C compiler \"%s\" failed\n", argv[0]);
		return -1;
	}
	return 0;
}

static int build_executable(struct arena *a, const struct project *p,
			    const struct build_options *opt)
{
	struct runtime_paths rt;
	if (build_find_runtime(a, &rt) != 0)
		return 2;
	const char *tmpdir = getenv("TMPDIR");
	char *dir = arena_printf(a, "%s/migc-build.XXXXXX",
				 tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "migc: error: cannot create a temporary directory: %s\n",
			strerror(errno));
		return 2;
	}
	char *csrc = arena_printf(a, "%s/migc_plan.c", dir);
	char *out_tmp = arena_printf(a, "%s.tmpXXXXXX", opt->output);
	int status = 2;
	int fd = -1;
	if (build_write_c(a, p, csrc) != 0)
		goto done;
	fd = mkstemp(out_tmp);
	if (fd < 0) {
		fprintf(stderr, "migc: error: cannot create %s: %s\n", opt->output,
			strerror(errno));
		goto done;
	}
	close(fd);

	const char *cc = getenv("CC");
	char *argv[64];
	int n = 0;
	argv[n++] = (char *)(cc && *cc ? cc : "cc");
	argv[n++] = "-std=c11";
	argv[n++] = "-O1";
	argv[n++] = arena_printf(a, "-I%s", rt.include_dir);
	argv[n++] = "-o";
	argv[n++] = out_tmp;
	argv[n++] = csrc;
	argv[n++] = (char *)rt.archive;
	char *libs = arena_strdup(a, MIGC_LINK_LIBS);
	for (char *tok = strtok(libs, " "); tok && n < 62; tok = strtok(NULL, " "))
		argv[n++] = tok;
	argv[n] = NULL;
	if (build_run(argv, opt->verbose) != 0) {
		unlink(out_tmp);
		goto done;
	}
	if (chmod(out_tmp, 0755) != 0 || rename(out_tmp, opt->output) != 0) {
		fprintf(stderr, "migc: error: cannot write %s: %s\n", opt->output,
			strerror(errno));
		unlink(out_tmp);
		goto done;
	}
	status = 0;
done:
	unlink(csrc);
	rmdir(dir);
	return status;
}

int build_project(struct arena *a, const struct project *p,
		  const struct build_options *opt)
{
	if (opt->emit_c && build_write_c(a, p, opt->emit_c) != 0)
		return 2;
	if (opt->output) {
		int rc = build_executable(a, p, opt);
		if (rc != 0) {
			if (opt->emit_c)
				unlink(opt->emit_c);
			return rc;
		}
	}
	return 0;
}
