/*
 * import_plain.c - the readers for golang-migrate (N_name.up.sql and
 * N_name.down.sql), goose (N_name.sql with -- +goose annotations) and
 * dbmate (N_name.sql with -- migrate:up / -- migrate:down).
 *
 * Guarantees: every migration file of the format is read or named in an
 * error (`path:line: error: …`); files of other kinds (README, Go
 * migrations, JSON) are refused or ignored as the tool itself does, and
 * said so; the order is the tools' own (the version, as a number).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "import_int.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* "<digits>_<name><suffix>": the version's length, 0 when not that form. */
static size_t version_prefix(const char *name)
{
	size_t n = 0;
	while (isdigit((unsigned char)name[n]))
		n++;
	return n;
}

/* The migration with this version, or a new one. */
static struct imp_mig *mig_for(struct imp_history *h, const char *version)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->v[i].version, version) == 0)
			return &h->v[i];
	struct imp_mig *m = imp_add(h);
	m->version = version;
	return m;
}

void imp_read_golang_migrate(struct imp_history *h)
{
	size_t n;
	const char **names = imp_list_dir(h, h->src, &n);
	for (size_t i = 0; names && i < n; i++) {
		const char *f = names[i];
		bool up = ends_with(f, ".up.sql"), down = ends_with(f, ".down.sql");
		if (!up && !down)
			continue;	/* golang-migrate ignores them too */
		const char *path = arena_printf(h->a, "%s/%s", h->src, f);
		size_t v = version_prefix(f);
		if (v == 0 || (f[v] != '_' && f[v] != '.')) {
			imp_error(h, path, 1, "a golang-migrate file is named VERSION_NAME.up.sql or .down.sql");
			continue;
		}
		const char *version = arena_strndup(h->a, f, v);
		struct imp_mig *m = mig_for(h, version);
		size_t stem = strlen(f) - (up ? 7 : 9);
		const char *name = f[v] == '_' ? f + v + 1 : f + v;
		if (!m->message)
			m->message = imp_slug_message(h->a, name, (size_t)(f + stem - name));
		const char *text = imp_read(h, path);
		if (!text)
			continue;
		if ((up && m->up) || (down && m->down)) {
			imp_error(h, path, 1, "a second %s script for version %s", up ? "up" : "down",
				  version);
			continue;
		}
		if (up) {
			m->up = text;
			m->up_path = path;
		} else {
			m->down = text;
			m->down_path = path;
		}
	}
	for (size_t i = 0; i < h->n; i++) {
		struct imp_mig *m = &h->v[i];
		if (!m->up) {
			imp_error(h, m->down_path, 1, "version %s has a down script but no up script",
				  m->version);
			continue;
		}
		m->no_tx = imp_sql_needs_no_tx(m->up) || (m->down && imp_sql_needs_no_tx(m->down));
	}
	imp_sort_by_version(h);
}

/* The text after "--" and blanks on a line that starts with "--", or NULL. */
static const char *line_annotation(const char *line, const char *tool)
{
	const char *s = line;
	while (*s == ' ' || *s == '\t')
		s++;
	if (strncmp(s, "--", 2) != 0)
		return NULL;
	s += 2;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(tool);
	if (strncmp(s, tool, n) != 0)
		return NULL;
	return s + n;
}

static bool word_at(const char *s, const char *w)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(w);
	return strncasecmp(s, w, n) == 0 &&
	       (s[n] == '\0' || s[n] == ' ' || s[n] == '\t' || s[n] == '\r' || s[n] == '\n');
}

/* goose: -- +goose Up|Down|StatementBegin|StatementEnd|NO TRANSACTION. */
static void read_goose_file(struct imp_history *h, struct imp_mig *m, const char *path,
			    const char *text)
{
	struct strbuf part[2];
	sb_init(&part[0], h->a);
	sb_init(&part[1], h->a);
	int cur = -1, line = 0;
	bool in_stmt = false, seen[2] = { false, false };
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p + 1) : strlen(p);
		char *ln = arena_strndup(h->a, p, n);
		p += n;
		line++;
		const char *ann = line_annotation(ln, "+goose");
		if (!ann) {
			if (cur >= 0)
				sb_puts(&part[cur], ln);
			else if (strspn(ln, " \t\r\n") != n && !line_annotation(ln, ""))
				imp_error(h, path, line, "SQL before the first \"-- +goose Up\"");
			continue;
		}
		if (word_at(ann, "up") || word_at(ann, "down")) {
			int which = word_at(ann, "up") ? 0 : 1;
			if (in_stmt)
				imp_error(h, path, line, "\"-- +goose StatementBegin\" is not closed");
			if (seen[which])
				imp_error(h, path, line, "a second \"-- +goose %s\"", which ? "Down" : "Up");
			seen[which] = true;
			cur = which;
			in_stmt = false;
		} else if (word_at(ann, "statementbegin")) {
			if (cur < 0 || in_stmt)
				imp_error(h, path, line, "\"-- +goose StatementBegin\" %s",
					  in_stmt ? "inside another one" : "before \"-- +goose Up\"");
			else
				sb_putc(&part[cur], IMP_WHOLE);
			in_stmt = true;
		} else if (word_at(ann, "statementend")) {
			if (!in_stmt)
				imp_error(h, path, line, "\"-- +goose StatementEnd\" without StatementBegin");
			else if (cur >= 0)
				sb_puts(&part[cur], "\x1e\n");
			in_stmt = false;
		} else if (word_at(ann, "no transaction")) {
			m->no_tx = true;
		} else if (word_at(ann, "envsub")) {
			imp_error(h, path, line, "\"-- +goose ENVSUB\" substitutes the environment at run "
				  "time; migc cannot import it (write the values into the SQL)");
		} else {
			imp_error(h, path, line, "unknown goose annotation \"-- +goose%s\"",
				  arena_strndup(h->a, ann, strcspn(ann, "\r\n")));
		}
	}
	if (in_stmt)
		imp_error(h, path, line, "\"-- +goose StatementBegin\" is not closed");
	if (!seen[0])
		imp_error(h, path, 1, "no \"-- +goose Up\" annotation");
	m->up = sb_str(&part[0]);
	m->down = seen[1] ? sb_str(&part[1]) : NULL;
	m->up_path = m->down_path = path;
}

/* dbmate: -- migrate:up [transaction:false] / -- migrate:down [...]. */
static void read_dbmate_file(struct imp_history *h, struct imp_mig *m, const char *path,
			     const char *text)
{
	struct strbuf part[2];
	sb_init(&part[0], h->a);
	sb_init(&part[1], h->a);
	int cur = -1, line = 0;
	bool seen[2] = { false, false };
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p + 1) : strlen(p);
		char *ln = arena_strndup(h->a, p, n);
		p += n;
		line++;
		const char *ann = line_annotation(ln, "migrate:");
		if (!ann) {
			if (cur >= 0)
				sb_puts(&part[cur], ln);
			else if (strspn(ln, " \t\r\n") != n && !line_annotation(ln, ""))
				imp_error(h, path, line, "SQL before the first \"-- migrate:up\"");
			continue;
		}
		int which = strncmp(ann, "up", 2) == 0 ? 0 : strncmp(ann, "down", 4) == 0 ? 1 : -1;
		if (which < 0) {
			imp_error(h, path, line, "unknown dbmate section \"-- migrate:%s\"",
				  arena_strndup(h->a, ann, strcspn(ann, " \t\r\n")));
			continue;
		}
		if (seen[which])
			imp_error(h, path, line, "a second \"-- migrate:%s\"", which ? "down" : "up");
		seen[which] = true;
		cur = which;
		const char *opt = ann + (which ? 4 : 2);
		opt += strspn(opt, " \t");
		if (strncmp(opt, "transaction:false", 17) == 0)
			m->no_tx = true;
		else if (*opt && *opt != '\r' && *opt != '\n' &&
			 strncmp(opt, "transaction:true", 16) != 0)
			imp_error(h, path, line, "unknown dbmate option \"%s\"",
				  arena_strndup(h->a, opt, strcspn(opt, "\r\n")));
	}
	if (!seen[0])
		imp_error(h, path, 1, "no \"-- migrate:up\" section");
	m->up = sb_str(&part[0]);
	/* an empty down section is dbmate's way of writing none */
	m->down = seen[1] ? sb_str(&part[1]) : NULL;
	m->up_path = m->down_path = path;
}

static void read_one_file_format(struct imp_history *h, bool goose)
{
	size_t n;
	const char **names = imp_list_dir(h, h->src, &n);
	for (size_t i = 0; names && i < n; i++) {
		const char *f = names[i];
		const char *path = arena_printf(h->a, "%s/%s", h->src, f);
		size_t v = version_prefix(f);
		if (goose && ends_with(f, ".go") && v) {
			imp_error(h, path, 1, "a Go migration: migc imports SQL migrations only; "
				  "rewrite it as SQL first");
			continue;
		}
		if (!ends_with(f, ".sql"))
			continue;
		if (v == 0 || f[v] != '_') {
			imp_error(h, path, 1, "a %s migration is named VERSION_NAME.sql",
				  goose ? "goose" : "dbmate");
			continue;
		}
		const char *text = imp_read(h, path);
		if (!text)
			continue;
		struct imp_mig *m = imp_add(h);
		m->version = arena_strndup(h->a, f, v);
		m->message = imp_slug_message(h->a, f + v + 1, strlen(f) - v - 5);
		if (goose)
			read_goose_file(h, m, path, text);
		else
			read_dbmate_file(h, m, path, text);
	}
	imp_sort_by_version(h);
}

void imp_read_goose(struct imp_history *h)
{
	read_one_file_format(h, true);
}

void imp_read_dbmate(struct imp_history *h)
{
	read_one_file_format(h, false);
}
