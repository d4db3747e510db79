/*
 * build.c - emit C, run the C compiler, link the runtime: the artifact.
 *
 * The runtime archive and header are looked up next to the migc executable
 * (<bindir>/../lib/migc/libmigrt.a and <bindir>/../include/migc/migrt.h),
 * which is both the build tree's and the installed layout, or in
 * $MIGC_RUNTIME_DIR.  The C compiler is $CC or cc, run without a shell.
 * Outputs are written to temporary files in their own directory and put in
 * place only on success, by the one durability rule (common/atomic_file.h).  Every temporary file and the temporary
 * directory are removed on every path: a failure, a C compiler that cannot
 * be started, and SIGINT, SIGTERM or SIGHUP (the handler stops the
 * compiler's process group with SIGTERM, so that the driver removes its
 * own temporary files, waits for it, removes the recorded paths with
 * unlink() and rmdir(), and dies of the same signal).
 *
 * By default the executable is fully static: the runtime, libpq (built from
 * PostgreSQL's source by tools/build-libpq.sh and installed next to the
 * runtime as libpq.a, libpgcommon.a and libpgport.a, or found in
 * $MIGC_LIBPQ_DIR), OpenSSL and the C library.  --dynamic links the system's
 * libpq instead.  The build is reproducible: the generated C always has the
 * same file name, build paths are mapped away, there is no build id, no
 * debug information and no symbol table, so the same sources and toolchain
 * give the same bytes wherever and whenever migc runs.
 */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "atomic_file.h"
#include "emit.h"
#include "plan_build.h"
#include "project.h"

#ifndef MIGC_LINK_LIBS
#define MIGC_LINK_LIBS "-lpq"
#endif
/* What the static libpq itself needs, from the system (libssl-dev, libc). */
#ifndef MIGC_STATIC_LIBS
#define MIGC_STATIC_LIBS "-lssl -lcrypto -lm -lpthread"
#endif

extern char **environ;

/* ---- temporary paths, removed on every path, signals included ------------- */

/* The paths to remove if a signal arrives: files first, the directory
 * last.  A slot is in use when its flag is set (after the path is
 * copied), so the handler never reads a half-written path. */
#define BUILD_N_TMP 6
static char build_tmp_path[BUILD_N_TMP][PATH_MAX];
static volatile sig_atomic_t build_tmp_used[BUILD_N_TMP];
static char build_tmp_dir[PATH_MAX];
static volatile sig_atomic_t build_tmp_dir_used;
static volatile sig_atomic_t build_child;	/* the compiler's pid (its group) */

static void build_track(const char *path)
{
	for (int i = 0; i < BUILD_N_TMP; i++)
		if (!build_tmp_used[i] && strlen(path) < PATH_MAX) {
			strcpy(build_tmp_path[i], path);
			build_tmp_used[i] = 1;
			return;
		}
}

static void build_untrack(const char *path)
{
	for (int i = 0; i < BUILD_N_TMP; i++)
		if (build_tmp_used[i] && strcmp(build_tmp_path[i], path) == 0)
			build_tmp_used[i] = 0;
}

/* unlink() that also forgets the path. */
static void build_remove(const char *path)
{
	unlink(path);
	build_untrack(path);
}

static void build_on_signal(int sig)
{
	if (build_child > 0) {
		/* SIGTERM: the compiler driver removes its own temporary files */
		kill(-(pid_t)build_child, SIGTERM);
		waitpid((pid_t)build_child, NULL, 0);
	}
	for (int i = 0; i < BUILD_N_TMP; i++)
		if (build_tmp_used[i])
			unlink(build_tmp_path[i]);
	if (build_tmp_dir_used)
		rmdir(build_tmp_dir);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int build_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define BUILD_N_SIG (sizeof build_signals / sizeof build_signals[0])

struct runtime_paths {
	const char *include_dir;
	const char *archive;
	const char *lib_dir;	/* where the archive is: the static libpq too */
};

/* The static libpq's archives, in link order. */
static const char *const build_pq_archives[] = {
	"libpq.a", "libpgcommon.a", "libpgport.a"
};
#define BUILD_N_PQ (sizeof build_pq_archives / sizeof build_pq_archives[0])

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
		rt->lib_dir = env;
		rt->archive = arena_printf(a, "%s/libmigrt.a", env);
	} else {
		const char *bin = build_exe_dir(a);
		if (!bin) {
			fprintf(stderr, "migc: error: cannot locate the migc executable to find the runtime; set MIGC_RUNTIME_DIR\n");
			return -1;
		}
		rt->include_dir = arena_printf(a, "%s/../include/migc", bin);
		rt->lib_dir = arena_printf(a, "%s/../lib/migc", bin);
		rt->archive = arena_printf(a, "%s/libmigrt.a", rt->lib_dir);
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

/* Fills `paths` with the static libpq's archives, or says how to get them
 * and returns -1. */
static int build_find_static_pq(struct arena *a, const struct runtime_paths *rt,
				const char **paths)
{
	const char *env = getenv("MIGC_LIBPQ_DIR");
	const char *dir = env && *env ? env : rt->lib_dir;
	for (size_t i = 0; i < BUILD_N_PQ; i++) {
		paths[i] = arena_printf(a, "%s/%s", dir, build_pq_archives[i]);
		if (!build_file_exists(paths[i])) {
			fprintf(stderr,
				"migc: error: the static libpq is missing (looked for %s)\n"
				"migc: note: build it once with \"make libpq\" in migc's source tree (it fetches Debian's\n"
				"migc: note: postgresql-15 source, or give a PostgreSQL source tree as PG_SRC=DIR), then\n"
				"migc: note: \"make install\"; or set MIGC_LIBPQ_DIR, or build with --dynamic to link the\n"
				"migc: note: system's libpq (the binary then needs libpq at run time)\n",
				paths[i]);
			return -1;
		}
	}
	return 0;
}

/* Writes the generated C to `path` by the one durability rule
 * (common/atomic_file.h). */
static int build_write_c(struct arena *a, const struct migrt_plan *plan,
			 const char *path)
{
	struct atomic_file f;
	if (atomic_begin(&f, path) != 0) {
		fprintf(stderr, "migc: error: cannot create a file beside %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	build_track(f.tmp);
	char *tmp = arena_strdup(a, f.tmp);
	int dup_fd = dup(f.fd);
	FILE *out = dup_fd >= 0 ? fdopen(dup_fd, "w") : NULL;
	int rc = out ? emit_c(plan, out) : -1;
	if (!out && dup_fd >= 0)
		close(dup_fd);
	if (out && fclose(out) != 0)
		rc = -1;
	if (rc == 0)
		rc = atomic_commit(&f, ATOMIC_REPLACE, 0644, (uid_t)-1, (gid_t)-1);
	else
		atomic_abort(&f);
	build_untrack(tmp);
	if (rc != 0)
		fprintf(stderr, "migc: error: cannot write %s: %s\n", path, strerror(errno));
	return rc;
}

/* Static glibc's link-time warnings ("Using 'getaddrinfo' in statically
 * linked applications requires at runtime the shared libraries ...") and
 * the "in function" lines that introduce them: docs/artifact.md says why
 * they are harmless for the migrator. */
static int build_glibc_static_warning(const char *line, const char *next)
{
	if (strstr(line, "statically linked applications requires at runtime"))
		return 1;
	return strstr(line, ": in function `") && next &&
	       strstr(next, "statically linked applications requires at runtime");
}

/* Copies the compiler's messages from `f` to stderr; after a successful
 * build without -v, static glibc's warnings are left out. */
static void build_relay(FILE *f, int filter)
{
	char cur[1024], nxt[1024];
	int have = fgets(cur, sizeof cur, f) != NULL;
	while (have) {
		int more = fgets(nxt, sizeof nxt, f) != NULL;
		if (!filter || !build_glibc_static_warning(cur, more ? nxt : NULL))
			fputs(cur, stderr);
		memcpy(cur, nxt, sizeof cur);
		have = more;
	}
}

/* Runs the compiler with its stderr in `log` (a file in the build's
 * temporary directory), then relays it. */
static int build_run(char **argv, int verbose, const char *log)
{
	if (verbose) {
		for (char **a = argv; *a; a++)
			fprintf(stderr, "%s%s", a == argv ? "" : " ", *a);
		fputc('\n', stderr);
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	/* its own process group, so that a signal's handler can stop the
	 * compiler and everything it started (cc1, as, ld) before cleaning up */
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	build_track(log);
	pid_t pid;
	sigset_t block, old;
	sigemptyset(&block);
	for (size_t i = 0; i < BUILD_N_SIG; i++)
		sigaddset(&block, build_signals[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	int err = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	if (!err)
		build_child = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (err) {
		/* the child may have created the log before its exec failed */
		build_remove(log);
		fprintf(stderr, "migc: error: cannot run the C compiler \"%s\": %s (set CC)\n",
			argv[0], strerror(err));
		return -1;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			build_child = 0;
			build_remove(log);
			return -1;
		}
	build_child = 0;
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	FILE *f = fopen(log, "r");
	if (f) {
		build_relay(f, ok && !verbose);
		fclose(f);
	}
	build_remove(log);
	if (!ok) {
		fprintf(stderr, "migc: error: the C compiler \"%s\" failed\n", argv[0]);
		return -1;
	}
	return 0;
}

static int build_executable(struct arena *a, const struct migrt_plan *plan,
			    const struct build_options *opt)
{
	struct runtime_paths rt;
	const char *pq[BUILD_N_PQ];
	if (build_find_runtime(a, &rt) != 0)
		return 2;
	if (!opt->dynamic && build_find_static_pq(a, &rt, pq) != 0)
		return 2;
	const char *tmpdir = getenv("TMPDIR");
	char *dir = arena_printf(a, "%s/migc-build.XXXXXX",
				 tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "migc: error: cannot create a temporary directory: %s\n",
			strerror(errno));
		return 2;
	}
	if (strlen(dir) < PATH_MAX) {
		strcpy(build_tmp_dir, dir);
		build_tmp_dir_used = 1;
	}
	char *csrc = arena_printf(a, "%s/migc_plan.c", dir);
	char *out_tmp = arena_printf(a, "%s.tmpXXXXXX", opt->output);
	int status = 2;
	int fd = -1;
	build_track(csrc);
	if (build_write_c(a, plan, csrc) != 0)
		goto done;
	fd = mkstemp(out_tmp);
	if (fd < 0) {
		fprintf(stderr, "migc: error: cannot create %s: %s\n", opt->output,
			strerror(errno));
		goto done;
	}
	close(fd);
	build_track(out_tmp);

	const char *cc = getenv("CC");
	char *argv[64];
	int n = 0;
	argv[n++] = (char *)(cc && *cc ? cc : "cc");
	argv[n++] = "-std=c11";
	argv[n++] = "-Os";
	/* reproducibility: no build directory, build id or random seed in
	 * the output, and no symbols or debug information at all */
	argv[n++] = arena_printf(a, "-ffile-prefix-map=%s=.", dir);
	argv[n++] = "-frandom-seed=migc";
	argv[n++] = "-ffunction-sections";
	argv[n++] = "-fdata-sections";
	argv[n++] = "-s";
	argv[n++] = "-Wl,--gc-sections";
	argv[n++] = "-Wl,--build-id=none";
	if (!opt->dynamic) {
		argv[n++] = "-static";
	}
	argv[n++] = arena_printf(a, "-I%s", rt.include_dir);
	argv[n++] = "-o";
	argv[n++] = out_tmp;
	argv[n++] = csrc;
	argv[n++] = (char *)rt.archive;
	if (!opt->dynamic)
		for (size_t i = 0; i < BUILD_N_PQ; i++)
			argv[n++] = (char *)pq[i];
	char *libs = arena_strdup(a, opt->dynamic ? MIGC_LINK_LIBS : MIGC_STATIC_LIBS);
	for (char *tok = strtok(libs, " "); tok && n < 62; tok = strtok(NULL, " "))
		argv[n++] = tok;
	argv[n] = NULL;
	if (build_run(argv, opt->verbose, arena_printf(a, "%s/cc.log", dir)) != 0) {
		build_remove(out_tmp);
		goto done;
	}
	if (atomic_install(out_tmp, opt->output, 0755) != 0) {
		fprintf(stderr, "migc: error: cannot write %s: %s\n", opt->output,
			strerror(errno));
		build_remove(out_tmp);
		goto done;
	}
	build_untrack(out_tmp);
	if (opt->dynamic)
		fprintf(stderr,
			"migc: note: %s is linked dynamically: it needs libpq (Debian: libpq5) where it runs\n",
			opt->output);
	status = 0;
done:
	build_remove(csrc);
	rmdir(dir);
	build_tmp_dir_used = 0;
	return status;
}

static int build_project_files(struct arena *a, const struct migrt_plan *plan,
			       const struct build_options *opt)
{
	if (opt->emit_c && build_write_c(a, plan, opt->emit_c) != 0)
		return 2;
	if (opt->output) {
		int rc = build_executable(a, plan, opt);
		if (rc != 0) {
			if (opt->emit_c)
				unlink(opt->emit_c);
			return rc;
		}
	}
	return 0;
}

int build_project(struct arena *a, const struct project *p,
		  const struct build_options *opt)
{
	return build_plan(a, plan_build_migrator(a, p), opt);
}

int build_plan(struct arena *a, const struct migrt_plan *plan,
	       const struct build_options *opt)
{
	struct sigaction sa, old[BUILD_N_SIG];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = build_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < BUILD_N_SIG; i++)
		sigaddset(&sa.sa_mask, build_signals[i]);
	/* a signal the caller ignores (nohup, a background job) stays ignored */
	for (size_t i = 0; i < BUILD_N_SIG; i++)
		if (sigaction(build_signals[i], &sa, &old[i]) == 0 && old[i].sa_handler == SIG_IGN)
			sigaction(build_signals[i], &old[i], NULL);
	int rc = build_project_files(a, plan, opt);
	for (size_t i = 0; i < BUILD_N_SIG; i++)
		sigaction(build_signals[i], &old[i], NULL);
	return rc;
}
