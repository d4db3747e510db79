/*
 * plan_cache.c - `migc sql`'s cache of checked plans (see plan_cache.h).
 *
 * A cache file is a header (magic, lengths, a 64-bit checksum of the plan
 * against damage), the identity of the inputs the plan was checked from,
 * and the plan.  The identity is compared byte for byte with the
 * inputs' identity now: the fixed part (format, migc version, the migc
 * executable, the project directory, migc.conf, schema.mig, versions/) and
 * then, for each revision file named in the cache, the file's identity now.
 * The plan is read back in place: its strings point into the file's bytes.
 * Every length, count and index is checked against the file before use, so
 * a damaged file is a miss, never a crash.
 */
#include "plan_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "atomic_file.h"
#include "migrt.h"

#define PC_MAGIC "MIGCPC01"
#define PC_RACY_NS 2000000000LL	/* inputs younger than this are not trusted */
#define PC_MAX_FILE ((size_t)1 << 30)

struct plan_cache {
	struct arena *a;
	char *dir, *path;
	int root_fd, vfd;		/* vfd -1: no versions/ */
	int64_t t0;			/* wall clock before any stat, ns */
	bool racy;			/* an input changed within PC_RACY_NS */
	struct strbuf fixed;		/* identity up to versions/ itself */
	struct strbuf files;		/* u32 count, then name NUL id, ... */
	bool have_files;
};

static int64_t pc_ns(int64_t s, int64_t ns)
{
	return s * 1000000000LL + ns;
}

/* What identifies a file's content for the cache; all zero but `err` when
 * the name cannot be looked up. */
struct file_id {
	uint64_t dev, ino, size, mode;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
	uint64_t err;
};

/* One stat per name, symbolic links followed.  (Batching them through
 * io_uring was tried: the kernel hands every statx to a worker thread, and
 * that cost more than the system calls it saved.) */
static void pc_stat_many(int dirfd, const char *const *names, size_t n,
			 struct file_id *out)
{
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		memset(&out[i], 0, sizeof out[i]);
		if (fstatat(dirfd, names[i], &st, 0) != 0) {
			out[i].err = (uint64_t)errno;
			continue;
		}
		out[i].dev = (uint64_t)st.st_dev;
		out[i].ino = (uint64_t)st.st_ino;
		out[i].size = (uint64_t)st.st_size;
		out[i].mode = (uint64_t)st.st_mode;
		out[i].mtime_s = st.st_mtim.tv_sec;
		out[i].mtime_ns = st.st_mtim.tv_nsec;
		out[i].ctime_s = st.st_ctim.tv_sec;
		out[i].ctime_ns = st.st_ctim.tv_nsec;
	}
}

/* Notes an input that changed too recently to be trusted later. */
static void pc_check_age(struct plan_cache *c, const struct file_id *id, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pc_ns(id[i].mtime_s, id[i].mtime_ns) > c->t0 - PC_RACY_NS ||
		    pc_ns(id[i].ctime_s, id[i].ctime_ns) > c->t0 - PC_RACY_NS)
			c->racy = true;
}

const char *plan_cache_dir(struct arena *a)
{
	const char *env = getenv("MIGC_CACHE_DIR");
	if (env && strcmp(env, "off") == 0)
		return NULL;
	if (env && *env)
		return arena_strdup(a, env);
	env = getenv("XDG_CACHE_HOME");
	if (env && *env == '/')
		return arena_printf(a, "%s/migc", env);
	env = getenv("HOME");
	if (env && *env == '/')
		return arena_printf(a, "%s/.cache/migc", env);
	return NULL;
}

struct plan_cache *plan_cache_open(struct arena *a, const char *root)
{
	const char *dir = plan_cache_dir(a);
	if (!dir)
		return NULL;
	struct plan_cache *c = arena_alloc(a, sizeof *c);
	c->a = a;
	c->dir = (char *)dir;
	c->vfd = -1;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	c->t0 = pc_ns(now.tv_sec, now.tv_nsec);
	c->root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->root_fd < 0)
		return NULL;
	struct stat st;
	if (fstat(c->root_fd, &st) != 0) {
		close(c->root_fd);
		return NULL;
	}
	c->path = arena_printf(a, "%s/%llx-%llx.plan", dir,
			       (unsigned long long)st.st_dev,
			       (unsigned long long)st.st_ino);
	sb_init(&c->fixed, a);
	sb_init(&c->files, a);
	sb_puts(&c->fixed, PC_MAGIC " migc " MIGC_VERSION);
	sb_putc(&c->fixed, '\0');
	uint32_t sizes[3] = { (uint32_t)sizeof(struct file_id), (uint32_t)sizeof(void *),
			      MIGRT_ABI };
	sb_put(&c->fixed, (const char *)sizes, sizeof sizes);
	/* a rebuilt migc may print differently: it is an input too, and
	 * without /proc there is no telling */
	static const char *const inputs[] = {
		"/proc/self/exe", ".", "migc.conf", "schema.mig", "versions",
	};
	struct file_id ids[5];
	pc_stat_many(c->root_fd, inputs, 5, ids);
	if (ids[0].err) {
		close(c->root_fd);
		return NULL;
	}
	pc_check_age(c, ids, 5);
	sb_put(&c->fixed, (const char *)ids, sizeof ids);
	c->vfd = openat(c->root_fd, "versions", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return c;
}

static bool pc_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

static int pc_cmp_names(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The identity of every revision file now, as project_load() lists them. */
static void pc_snapshot_files(struct plan_cache *c)
{
	c->have_files = true;
	c->files.len = 0;
	uint32_t n = 0;
	char **names = NULL;
	size_t cap = 0;
	if (c->vfd >= 0) {
		int fd = dup(c->vfd);
		DIR *dp = fd >= 0 ? fdopendir(fd) : NULL;
		if (!dp) {
			if (fd >= 0)
				close(fd);
			c->racy = true;	/* cannot list: do not store */
			return;
		}
		struct dirent *e;
		while ((e = readdir(dp)) != NULL) {
			if (e->d_name[0] == '.' || !pc_has_suffix(e->d_name, ".mig"))
				continue;
			if (n == cap) {
				size_t ncap = cap ? 2 * cap : 64;
				names = arena_grow(c->a, names, cap * sizeof *names,
						   ncap * sizeof *names);
				cap = ncap;
			}
			names[n++] = arena_strdup(c->a, e->d_name);
		}
		closedir(dp);
		qsort(names, n, sizeof *names, pc_cmp_names);
	}
	struct file_id *ids = arena_calloc(c->a, (size_t)n + 1, sizeof *ids);
	pc_stat_many(c->vfd, (const char *const *)names, n, ids);
	pc_check_age(c, ids, n);
	sb_put(&c->files, (const char *)&n, sizeof n);
	for (uint32_t i = 0; i < n; i++) {
		sb_put(&c->files, names[i], strlen(names[i]) + 1);
		sb_put(&c->files, (const char *)&ids[i], sizeof ids[i]);
	}
}

/* A fast 64-bit checksum (FNV-1a over 8-byte words): it catches a damaged
 * file; nobody but the user writes the cache directory. */
static uint64_t pc_sum(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 1099511628211ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h ^ n;
}

/* ---- reading ---------------------------------------------------------- */

struct pc_in {
	const char *p, *end;
	bool bad;
};

static uint32_t pc_u32(struct pc_in *in)
{
	uint32_t v = 0;
	if ((size_t)(in->end - in->p) < sizeof v) {
		in->bad = true;
		return 0;
	}
	memcpy(&v, in->p, sizeof v);
	in->p += sizeof v;
	return v;
}

static const char *pc_str(struct pc_in *in)
{
	uint32_t n = pc_u32(in);
	if (in->bad || n == UINT32_MAX)
		return NULL;
	if ((size_t)(in->end - in->p) <= n || in->p[n] != '\0') {
		in->bad = true;
		return NULL;
	}
	const char *s = in->p;
	in->p += (size_t)n + 1;
	return s;
}

/* A count of items that take at least `min` bytes each: never more than
 * the rest of the file could hold. */
static uint32_t pc_count(struct pc_in *in, size_t min)
{
	uint32_t n = pc_u32(in);
	if (!in->bad && (size_t)n > (size_t)(in->end - in->p) / min)
		in->bad = true;
	return in->bad ? 0 : n;
}

/* Slots in increasing order, each inside the statement's text. */
static bool pc_slots_ok(const struct migrt_stmt *st)
{
	size_t len = st->sql ? strlen(st->sql) : 0, end = 0;
	for (uint32_t k = 0; k < st->n_slots; k++) {
		size_t off = st->slots[2 * k], n = st->slots[2 * k + 1];
		if (off < end || off > len || n > len - off)
			return false;
		end = off + n;
	}
	return true;
}

static const struct migrt_stmt *pc_stmts(struct arena *a, struct pc_in *in,
					 uint32_t *n_out)
{
	uint32_t n = pc_count(in, 13);
	struct migrt_stmt *v = arena_calloc(a, (size_t)n + 1, sizeof *v);
	for (uint32_t i = 0; i < n && !in->bad; i++) {
		v[i].sql = pc_str(in);
		v[i].line = pc_u32(in);
		v[i].n_slots = pc_count(in, 8);
		uint32_t *sl = arena_calloc(a, 2 * (size_t)v[i].n_slots + 1, sizeof *sl);
		for (uint32_t k = 0; k < 2 * v[i].n_slots; k++)
			sl[k] = pc_u32(in);
		v[i].slots = sl;
		if (!v[i].sql || !pc_slots_ok(&v[i]))
			in->bad = true;
	}
	*n_out = n;
	return v;
}

static const struct migrt_plan *pc_read_plan(struct arena *a, struct pc_in *in)
{
	struct migrt_plan *pl = arena_alloc(a, sizeof *pl);
	pl->magic = pc_u32(in);
	pl->abi = pc_u32(in);
	pl->migc_version = pc_str(in);
	pl->project = pc_str(in);
	pl->version_table = pc_str(in);
	pl->version_table_display = pc_str(in);
	pl->default_schema = pc_str(in);
	pl->digest = pc_str(in);
	uint32_t n = pc_count(in, 40);
	struct migrt_revision *revs = arena_calloc(a, (size_t)n + 1, sizeof *revs);
	for (uint32_t i = 0; i < n && !in->bad; i++) {
		struct migrt_revision *r = &revs[i];
		r->id = pc_str(in);
		r->message = pc_str(in);
		r->path = pc_str(in);
		r->line = pc_u32(in);
		r->n_parents = pc_count(in, 4);
		uint32_t *par = arena_calloc(a, (size_t)r->n_parents + 1, sizeof *par);
		for (uint32_t k = 0; k < r->n_parents; k++) {
			par[k] = pc_u32(in);
			if (par[k] >= n)
				in->bad = true;
		}
		r->parents = par;
		r->checksum = pc_str(in);
		r->checksum_v1 = pc_str(in);
		r->upgrade = pc_stmts(a, in, &r->n_upgrade);
		r->downgrade = pc_stmts(a, in, &r->n_downgrade);
		r->flags = pc_u32(in);
		if (!r->id || !r->message || !r->path || !r->checksum || !r->checksum_v1)
			in->bad = true;
	}
	pl->revisions = revs;
	pl->n_revisions = n;
	pl->n_heads = pc_count(in, 4);
	uint32_t *heads = arena_calloc(a, (size_t)pl->n_heads + 1, sizeof *heads);
	for (uint32_t k = 0; k < pl->n_heads; k++) {
		heads[k] = pc_u32(in);
		if (heads[k] >= n)
			in->bad = true;
	}
	pl->heads = heads;
	/* the schemas (--schema refuses a tenant named like one of them) */
	pl->n_schemas = pc_count(in, 5);
	pl->n_base_schemas = pc_u32(in);
	const char **schemas = arena_calloc(a, (size_t)pl->n_schemas + 1, sizeof *schemas);
	for (uint32_t k = 0; k < pl->n_schemas; k++)
		if (!(schemas[k] = pc_str(in)))
			in->bad = true;
	pl->schemas = schemas;
	if (pl->n_base_schemas > pl->n_schemas)
		in->bad = true;
	if (in->bad || in->p != in->end || pl->magic != MIGRT_MAGIC ||
	    pl->abi != MIGRT_ABI || !pl->migc_version || !pl->project ||
	    !pl->version_table || !pl->version_table_display || !pl->digest)
		return NULL;
	return pl;
}

/* Compares the cached list of revision files with the files now. */
static bool pc_files_match(struct plan_cache *c, struct pc_in *in)
{
	if (c->vfd < 0)
		return false;
	uint32_t n = pc_count(in, 1 + sizeof(struct file_id));
	const char **names = arena_calloc(c->a, (size_t)n + 1, sizeof *names);
	const char **want = arena_calloc(c->a, (size_t)n + 1, sizeof *want);
	for (uint32_t i = 0; i < n && !in->bad; i++) {
		const char *nul = memchr(in->p, '\0', (size_t)(in->end - in->p));
		if (!nul || (size_t)(in->end - nul - 1) < sizeof(struct file_id))
			return false;
		names[i] = in->p;
		want[i] = nul + 1;
		in->p = nul + 1 + sizeof(struct file_id);
	}
	if (in->bad || in->p != in->end)
		return false;
	struct file_id *now = arena_calloc(c->a, (size_t)n + 1, sizeof *now);
	pc_stat_many(c->vfd, names, n, now);
	for (uint32_t i = 0; i < n; i++)
		if (memcmp(want[i], &now[i], sizeof now[i]) != 0)
			return false;
	return true;
}

static const struct migrt_plan *pc_lookup(struct plan_cache *c)
{
	int fd = open(c->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	/* mapped, not read: a hit then copies nothing, and the plan's strings
	 * point into the mapping until the process ends */
	struct stat st;
	const char *buf = NULL;
	size_t len = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= PC_MAX_FILE) {
		len = (size_t)st.st_size;
		void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		buf = m == MAP_FAILED ? NULL : m;
	}
	close(fd);
	if (!buf)
		return NULL;
	/* header: magic, the identity's length, the plan's length and sum */
	uint64_t id_len, plan_len, sum;
	size_t hdr = 8 + 3 * sizeof(uint64_t);
	if (len < hdr || memcmp(buf, PC_MAGIC, 8) != 0)
		return NULL;
	memcpy(&id_len, buf + 8, sizeof id_len);
	memcpy(&plan_len, buf + 16, sizeof plan_len);
	memcpy(&sum, buf + 24, sizeof sum);
	if (id_len > len - hdr || plan_len != len - hdr - id_len ||
	    id_len < c->fixed.len ||
	    memcmp(buf + hdr, c->fixed.data, c->fixed.len) != 0)
		return NULL;
	struct pc_in files = { buf + hdr + c->fixed.len, buf + hdr + id_len, false };
	if (!pc_files_match(c, &files))
		return NULL;
	if (pc_sum(buf + hdr + id_len, (size_t)plan_len) != sum)
		return NULL;
	struct pc_in plan = { buf + hdr + id_len, buf + len, false };
	return pc_read_plan(c->a, &plan);
}

const struct migrt_plan *plan_cache_lookup(struct plan_cache *c)
{
	const struct migrt_plan *pl = pc_lookup(c);
	if (!pl)
		pc_snapshot_files(c);	/* before the project is read */
	return pl;
}

/* ---- writing ---------------------------------------------------------- */

static void pc_w32(struct strbuf *sb, uint32_t v)
{
	sb_put(sb, (const char *)&v, sizeof v);
}

static void pc_wstr(struct strbuf *sb, const char *s)
{
	if (!s) {
		pc_w32(sb, UINT32_MAX);
		return;
	}
	size_t n = strlen(s);
	pc_w32(sb, (uint32_t)n);
	sb_put(sb, s, n + 1);
}

static void pc_wstmts(struct strbuf *sb, const struct migrt_stmt *v, uint32_t n)
{
	pc_w32(sb, n);
	for (uint32_t i = 0; i < n; i++) {
		pc_wstr(sb, v[i].sql);
		pc_w32(sb, v[i].line);
		pc_w32(sb, v[i].n_slots);
		for (uint32_t k = 0; k < 2 * v[i].n_slots; k++)
			pc_w32(sb, v[i].slots[k]);
	}
}

static void pc_write_plan(struct strbuf *sb, const struct migrt_plan *pl)
{
	pc_w32(sb, pl->magic);
	pc_w32(sb, pl->abi);
	pc_wstr(sb, pl->migc_version);
	pc_wstr(sb, pl->project);
	pc_wstr(sb, pl->version_table);
	pc_wstr(sb, pl->version_table_display);
	pc_wstr(sb, pl->default_schema);
	pc_wstr(sb, pl->digest);
	pc_w32(sb, pl->n_revisions);
	for (uint32_t i = 0; i < pl->n_revisions; i++) {
		const struct migrt_revision *r = &pl->revisions[i];
		pc_wstr(sb, r->id);
		pc_wstr(sb, r->message);
		pc_wstr(sb, r->path);
		pc_w32(sb, r->line);
		pc_w32(sb, r->n_parents);
		for (uint32_t k = 0; k < r->n_parents; k++)
			pc_w32(sb, r->parents[k]);
		pc_wstr(sb, r->checksum);
		pc_wstr(sb, r->checksum_v1 ? r->checksum_v1 : "");
		pc_wstmts(sb, r->upgrade, r->n_upgrade);
		pc_wstmts(sb, r->downgrade, r->n_downgrade);
		pc_w32(sb, r->flags);
	}
	pc_w32(sb, pl->n_heads);
	for (uint32_t k = 0; k < pl->n_heads; k++)
		pc_w32(sb, pl->heads[k]);
	pc_w32(sb, pl->n_schemas);
	pc_w32(sb, pl->n_base_schemas);
	for (uint32_t k = 0; k < pl->n_schemas; k++)
		pc_wstr(sb, pl->schemas[k]);
}

/* Keeps the directory at PLAN_CACHE_MAX plans: removes the oldest. */
struct pc_entry {
	const char *name;
	int64_t t;
};

static int pc_cmp_age(const void *x, const void *y)
{
	const struct pc_entry *a = x, *b = y;
	return (a->t > b->t) - (a->t < b->t);
}

static void pc_prune(struct plan_cache *c)
{
	DIR *dp = opendir(c->dir);
	if (!dp)
		return;
	struct pc_entry *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		struct stat st;
		if (!pc_has_suffix(e->d_name, ".plan") ||
		    fstatat(dirfd(dp), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 128;
			v = arena_grow(c->a, v, cap * sizeof *v, ncap * sizeof *v);
			cap = ncap;
		}
		v[n].name = arena_strdup(c->a, e->d_name);
		v[n++].t = pc_ns(st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	}
	if (n > PLAN_CACHE_MAX) {
		qsort(v, n, sizeof *v, pc_cmp_age);
		for (size_t i = 0; i < n - PLAN_CACHE_MAX; i++)
			unlinkat(dirfd(dp), v[i].name, 0);
	}
	closedir(dp);
}

void plan_cache_store(struct plan_cache *c, const struct migrt_plan *plan)
{
	if (!c->have_files)
		pc_snapshot_files(c);
	if (c->racy)
		return;
	struct strbuf body;
	sb_init(&body, c->a);
	pc_write_plan(&body, plan);
	uint64_t id_len = c->fixed.len + c->files.len, plan_len = body.len;
	uint64_t sum = pc_sum(body.data ? body.data : "", body.len);
	char hdr[8 + 3 * sizeof(uint64_t)];
	memcpy(hdr, PC_MAGIC, 8);
	memcpy(hdr + 8, &id_len, sizeof id_len);
	memcpy(hdr + 16, &plan_len, sizeof plan_len);
	memcpy(hdr + 24, &sum, sizeof sum);

	if (atomic_mkdirs(c->dir, 0700) != 0)
		return;
	struct atomic_file f;
	if (atomic_begin(&f, c->path) != 0)
		return;
	atomic_put(&f, hdr, sizeof hdr);
	atomic_put(&f, c->fixed.data, c->fixed.len);
	atomic_put(&f, c->files.data ? c->files.data : "", c->files.len);
	atomic_put(&f, body.data ? body.data : "", body.len);
	if (atomic_commit(&f, ATOMIC_REPLACE, 0600, (uid_t)-1, (gid_t)-1) != 0)
		return;
	pc_prune(c);
}
