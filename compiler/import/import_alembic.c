/*
 * import_alembic.c - the reader for Alembic: each revision's id, parents,
 * message and its SQL in both directions, rendered by Alembic itself in
 * offline mode through tools/migc-alembic-export.py (installed next to
 * migc as <bindir>/../lib/migc/migc-alembic-export.py).
 *
 * The script runs under the interpreter from --python, else $MIGC_PYTHON,
 * else /usr/bin/python3, with the user's environment (PYTHONPATH and all),
 * without the project's env.py.  Its output (framed: lengths, never
 * delimiters inside SQL) is read here.
 *
 * Guarantees: a direction the script could not render is kept as an error
 * text (imp_mig.up_error / down_error), which import_write.c turns into a
 * `-- migc: could not render …` note and a check failure at that revision;
 * a script that fails outright, or output that does not parse, is exit 2.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "import_int.h"

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* script_location from alembic.ini, relative to its folder. */
static const char *ini_script_location(struct imp_history *h, const char *ini)
{
	const char *text = imp_read(h, ini);
	if (!text)
		return NULL;
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		p += strspn(p, " \t");
		if (strncmp(p, "script_location", 15) != 0)
			continue;
		const char *v = p + 15;
		v += strspn(v, " \t");
		if (*v != '=' && *v != ':')
			continue;
		v++;
		v += strspn(v, " \t");
		size_t n = strcspn(v, "\r\n");
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		char *loc = arena_strndup(h->a, v, n);
		if (strncmp(loc, "%(here)s", 8) == 0)
			return arena_printf(h->a, "%s%s", h->src, loc + 8);
		if (strchr(loc, ':')) {
			fprintf(stderr, "migc: import: %s: script_location \"%s\" is a package "
				"resource; give the versions/ folder as SRC\n", ini, loc);
			h->status = 2;
			return NULL;
		}
		return loc[0] == '/' ? loc : arena_printf(h->a, "%s/%s", h->src, loc);
	}
	return h->src;
}

static const char *versions_dir(struct imp_history *h)
{
	const char *ini = arena_printf(h->a, "%s/alembic.ini", h->src);
	if (access(ini, F_OK) == 0) {
		const char *loc = ini_script_location(h, ini);
		return loc ? arena_printf(h->a, "%s/versions", loc) : NULL;
	}
	const char *v = arena_printf(h->a, "%s/versions", h->src);
	return is_dir(v) ? v : h->src;
}

static const char *export_script(struct arena *a)
{
	const char *env = getenv("MIGC_ALEMBIC_EXPORT");
	if (env && *env)
		return env;
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return "migc-alembic-export.py";
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return arena_printf(a, "%s/../lib/migc/migc-alembic-export.py", buf);
}

/* The script's whole stdout; NULL after a message (h->status = 2). */
static char *run_export(struct imp_history *h, const char *python, const char *vdir,
			size_t *len)
{
	const char *script = export_script(h->a);
	if (access(script, R_OK) != 0) {
		fprintf(stderr, "migc: import: cannot find \"%s\" (installed next to migc); "
			"set MIGC_ALEMBIC_EXPORT\n", script);
		h->status = 2;
		return NULL;
	}
	int fd[2];
	if (pipe(fd) != 0) {
		fprintf(stderr, "migc: import: pipe: %s\n", strerror(errno));
		h->status = 2;
		return NULL;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "migc: import: fork: %s\n", strerror(errno));
		h->status = 2;
		return NULL;
	}
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		close(fd[1]);
		execl(python, python, script, vdir, (char *)NULL);
		fprintf(stderr, "migc: import: cannot run \"%s\": %s\n", python, strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	ssize_t got;
	while (buf) {
		if (n + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		got = read(fd[0], buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!buf || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		free(buf);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 2)
			fprintf(stderr, "migc: import: \"%s %s\" failed\n", python, script);
		h->status = 2;
		return NULL;
	}
	char *out = arena_strndup(h->a, buf, n);
	free(buf);
	*len = n;
	return out;
}

static void bad_output(struct imp_history *h, size_t at)
{
	fprintf(stderr, "migc: import: the Alembic export's output does not parse (at byte %zu)\n", at);
	h->status = 2;
}

void imp_read_alembic(struct imp_history *h, const char *python)
{
	const char *vdir = versions_dir(h);
	if (!vdir)
		return;
	if (!is_dir(vdir)) {
		fprintf(stderr, "migc: import: \"%s\" is not a readable directory\n", vdir);
		h->status = 2;
		return;
	}
	size_t len = 0;
	char *t = run_export(h, python, vdir, &len);
	if (!t)
		return;
	size_t i = 0;
	struct imp_mig *m = NULL;
	while (i < len) {
		char *eol = memchr(t + i, '\n', len - i);
		if (!eol)
			return bad_output(h, i);
		*eol = '\0';
		char *line = t + i;
		size_t next = (size_t)(eol - t) + 1;
		if (line[0] == 'R' && line[1] == ' ') {
			m = imp_add(h);
			m->version = line + 2;
			m->deps = arena_alloc(h->a, 8 * sizeof *m->deps);
		} else if (!m) {
			return bad_output(h, i);
		} else if (line[0] == 'P' && line[1] == ' ') {
			for (char *p = line + 2; *p;) {
				size_t n = strcspn(p, " ");
				if (n) {
					if (m->n_deps % 8 == 0 && m->n_deps) {
						const char **nd = arena_alloc(h->a, (m->n_deps + 8) * sizeof *nd);
						memcpy(nd, m->deps, m->n_deps * sizeof *nd);
						m->deps = nd;
					}
					m->deps[m->n_deps++] = arena_strndup(h->a, p, n);
				}
				p += n;
				p += strspn(p, " ");
			}
		} else if (line[0] == 'M' && line[1] == ' ') {
			m->message = line + 2;
		} else if (line[0] == 'F' && line[1] == ' ') {
			m->up_path = m->down_path = line + 2;
		} else if ((line[0] == 'U' || line[0] == 'D') && line[1] == ' ') {
			char *end;
			unsigned long n = strtoul(line + 2, &end, 10);
			if (*end || n > len - next)
				return bad_output(h, i);
			char *sql = arena_strndup(h->a, t + next, n);
			if (line[0] == 'U')
				m->up = sql;
			else
				m->down = sql;
			next += n + 1;
		} else if (line[0] == 'E' && (line[1] == 'U' || line[1] == 'D') && line[2] == ' ') {
			if (line[1] == 'U')
				m->up_error = line + 3;
			else
				m->down_error = line + 3;
		} else if (strcmp(line, ".") == 0) {
			if (!m->up)
				m->up = "";
			if (!m->down && !m->down_error)
				m->down = "";
			if (!m->message || !*m->message)
				m->message = m->version;
			m->no_tx = imp_sql_needs_no_tx(m->up) || imp_sql_needs_no_tx(m->down ? m->down : "");
			m = NULL;
		} else {
			return bad_output(h, i);
		}
		i = next;
	}
	if (m)
		bad_output(h, len);
}
