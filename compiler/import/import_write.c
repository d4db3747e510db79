/*
 * import_write.c - `migc import`: the source read by its format's reader,
 * written as a new project (migc.conf, versions/, schema.mig), checked.
 *
 * Guarantees: DEST is refused when it already holds a project; every file
 * is written atomically and never over an existing one (the import only
 * rewrites its own revision files, to mark them); each source
 * migration becomes one revision in the source's order, with its name as
 * the message and its up and down SQL (import_sql.c); a missing or empty
 * down script is never papered over: the revision either gets migc's
 * derived downgrade (every statement native) or an empty one marked
 * inexact_downgrade with a comment, and the report names it.  A source
 * downgrade that the check finds does not return to its parent's schema,
 * when that is all the check finds, is kept as written and marked
 * inexact_downgrade with a comment saying what it misses (reported too);
 * any other error fails the import.  Ids are the
 * source's versions when they are valid migc ids, else a 12-hex-digit
 * hash of "FORMAT:VERSION": the same source always imports the same.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "ast.h"
#include "atomic_file.h"
#include "autogen.h"
#include "autogen_text.h"
#include "diag.h"
#include "import.h"
#include "import_int.h"
#include "import_sql.h"
#include "migc.h"
#include "model.h"
#include "sha256.h"

static bool valid_id(const char *v)
{
	if (!*v || strlen(v) > 64 || ast_rev_id_reserved(v))
		return false;
	for (const char *s = v; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static const char *hash_id(struct arena *a, const char *format, const char *version)
{
	const char *in = arena_printf(a, "%s:%s", format, version);
	char hex[65];
	sha256_hex(in, strlen(in), hex);
	return arena_strndup(a, hex, 12);
}

/* Ids for every migration; 1 after a message when two collide. */
static int assign_ids(struct imp_history *h)
{
	for (size_t i = 0; i < h->n; i++) {
		struct imp_mig *m = &h->v[i];
		m->id = valid_id(m->version) ? m->version : hash_id(h->a, h->format, m->version);
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(h->v[j].id, m->id) == 0) {
				imp_error(h, m->up_path, 1, "version \"%s\" appears twice (also in %s)",
					  m->version, h->v[j].up_path);
				return 1;
			}
	}
	return 0;
}

static const char *id_of(struct imp_history *h, const char *version)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->v[i].version, version) == 0)
			return h->v[i].id;
	return NULL;
}

static const char *slug(struct arena *a, const char *msg)
{
	char *s = arena_alloc(a, 41);
	size_t k = 0;
	for (const char *p = msg; *p && k < 40; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c))
			s[k++] = (char)tolower(c);
		else if (k && s[k - 1] != '_')
			s[k++] = '_';
	}
	while (k && s[k - 1] == '_')
		k--;
	s[k] = '\0';
	return k ? s : "migration";
}

static const char *quoted_message(struct arena *a, const char *msg)
{
	char *m = arena_strdup(a, msg);
	for (char *s = m; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
		else if (*s == '"')
			*s = '\'';
	}
	return arena_printf(a, "\"%s\"", m);
}

/* A direction the source tool could not render: a note, and an execute
 * with no statement, which the check refuses at this revision. */
static const char *render_error(struct arena *a, const char *dir, const char *err,
				struct strbuf *report, const char *id)
{
	if (!err)
		return "";
	sb_printf(report, "  %s: the %s could not be rendered offline: %s\n", id, dir, err);
	return arena_printf(a,
		"    -- migc: could not render the %s offline: %s\n"
		"    -- write it by hand, then remove the execute below\n"
		"    execute $migc$\n-- migc: could not render the %s offline\n$migc$;\n",
		dir, err, dir);
}

/* The revision file's text for m (parents already ids); counts what the
 * report says in *notes. */
static const char *revision_text(struct imp_history *h, const struct imp_mig *m,
				 const char *parents, struct strbuf *report)
{
	struct arena *a = h->a;
	struct import_sql_result up, down;
	import_sql_block(a, m->up, m->no_tx, &up);
	bool has_down = m->down != NULL;
	if (has_down)
		import_sql_block(a, m->down, m->no_tx, &down);
	bool down_empty = !has_down || down.n_stmts == 0;
	bool derive = !has_down && up.n_execute == 0 && !m->down_error && !m->up_error;
	bool inexact = down_empty && !derive && up.n_stmts > 0 && !m->down_error;

	struct strbuf sb;
	sb_init(&sb, a);
	sb_printf(&sb, "revision %s\nparent   %s\nmessage  %s\n", m->id, parents,
		  quoted_message(a, m->message));
	if (m->no_tx)
		sb_puts(&sb, "no_transaction\n");
	if (inexact)
		sb_puts(&sb, "inexact_downgrade\n");
	sb_printf(&sb, "-- imported by migc import %s from %s", h->format, m->up_path);
	if (m->down_path && m->down_path != m->up_path)
		sb_printf(&sb, " and %s", m->down_path);
	sb_printf(&sb, " (version %s)\n", m->version);
	if (m->note)
		sb_printf(&sb, "-- %s\n", m->note);
	sb_printf(&sb, "\nupgrade {\n%s%s}\n", render_error(a, "upgrade", m->up_error, report, m->id),
		  up.text);

	if (derive) {
		sb_puts(&sb, "\n-- migc import: the source has no down script; migc derives the downgrade\n");
		sb_printf(report, "  %s: no down script; the downgrade is derived\n", m->id);
	} else if (inexact) {
		sb_printf(&sb, "\ndowngrade {\n    -- migc import: %s; this downgrade undoes nothing\n",
			  has_down ? "the down script is empty" : "the source has no down script");
		if (has_down)
			sb_puts(&sb, down.text);
		sb_puts(&sb, "}\n");
		sb_printf(report, "  %s: %s; its downgrade is empty, marked inexact_downgrade\n",
			  m->id, has_down ? "empty down script" : "no down script");
	} else {
		sb_printf(&sb, "\ndowngrade {\n%s%s}\n",
			  render_error(a, "downgrade", m->down_error, report, m->id),
			  has_down ? down.text : "");
	}
	size_t n_exec = up.n_wrapped + (has_down ? down.n_wrapped : 0);
	size_t n_plain = up.n_execute + (has_down ? down.n_execute : 0) - n_exec;
	if (n_exec)
		sb_printf(report, "  %s: %zu statement%s kept as execute (not read by migc's grammar)\n",
			  m->id, n_exec, n_exec == 1 ? "" : "s");
	if (n_plain)
		sb_printf(report, "  %s: %zu statement%s of plain SQL (not in the model, not invertible)\n",
			  m->id, n_plain, n_plain == 1 ? "" : "s");
	if (up.n_tx_dropped + (has_down ? down.n_tx_dropped : 0))
		sb_printf(report, "  %s: the source's BEGIN/COMMIT left out\n", m->id);
	return sb_str(&sb);
}

static int write_new(const char *path, const char *text)
{
	if (atomic_write_file(path, text, strlen(text), ATOMIC_CREATE, ATOMIC_DEFAULT_MODE) != 0) {
		if (errno == EEXIST)
			fprintf(stderr, "migc: import: \"%s\" already exists; not overwriting it\n", path);
		else
			fprintf(stderr, "migc: import: cannot write \"%s\": %s\n", path, strerror(errno));
		return 2;
	}
	return 0;
}

static const char *project_name(struct arena *a, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	size_t b = n;
	while (b > 0 && dir[b - 1] != '/')
		b--;
	char *name = arena_strndup(a, dir + b, n - b);
	size_t k = 0;
	for (char *s = name; *s; s++)
		if (isalnum((unsigned char)*s) || *s == '_' || *s == '-')
			name[k++] = *s;
	name[k] = '\0';
	return k && isalnum((unsigned char)name[0]) ? name : "project";
}

/* schema.mig from the replayed head, in an order that replays. */
static const char *schema_text(struct arena *a, const struct project *p, const char *format)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_printf(&sb, "-- schema.mig: the schema as it should be at head (the models).\n"
		  "-- Written by `migc import %s` from the replayed history; objects made\n"
		  "-- by execute statements are not in it.\n", format);
	if (!p || !p->head_model)
		return sb_str(&sb);
	struct autogen g;
	autogen_diff(a, model_new(a, p->head_model->default_schema), p->head_model, &g);
	for (size_t i = 0; i < g.stmts.n; i++) {
		sb_putc(&sb, '\n');
		sb_puts(&sb, autogen_stmt_text(a, &g.stmts.v[i], ""));
	}
	return sb_str(&sb);
}

/* What a trial check found: the revisions whose own (not derived)
 * downgrade misses their parent's schema, with what it misses, and
 * whether any other error came up. */
struct trial {
	struct arena *a;
	const char **ids, **what;
	size_t n, cap;
	bool other;
};

static void trial_sink(void *ctx, struct diag *d, const struct diag_item *it)
{
	(void)d;
	struct trial *t = ctx;
	if (it->level != DIAG_ERROR)
		return;
	static const char head[] = "downgrade of revision \"";
	static const char tail[] = "\" does not return the schema to its parent's state: ";
	const char *id = it->message;
	const char *end = strncmp(id, head, sizeof head - 1) == 0 ? strstr(id, tail) : NULL;
	if (!end) {
		t->other = true;
		return;
	}
	id += sizeof head - 1;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 8;
		const char **ids = arena_alloc(t->a, cap * sizeof *ids);
		const char **what = arena_alloc(t->a, cap * sizeof *what);
		if (t->n) {
			memcpy(ids, t->ids, t->n * sizeof *ids);
			memcpy(what, t->what, t->n * sizeof *what);
		}
		t->ids = ids, t->what = what, t->cap = cap;
	}
	t->ids[t->n] = arena_strndup(t->a, id, (size_t)(end - id));
	char *w = arena_printf(t->a, "%s", end + sizeof tail - 1);
	for (char *s = w; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
	t->what[t->n++] = w;
}

/* Marks the revisions whose source downgrade misses their parent's schema
 * inexact_downgrade (the tool's downgrade is kept as it is, a comment says
 * what it does not restore) when that is all a trial check finds; repeats
 * while a check finds only more of them.  Returns 2 after an I/O error. */
static int mark_inexact(struct imp_history *h, const char *dest, const char **texts,
			const char **paths, struct strbuf *report)
{
	for (size_t round = 0; round <= h->n; round++) {
		struct trial t = { .a = h->a };
		struct diag quiet;
		diag_init_silent(&quiet);
		quiet.sink = trial_sink;
		quiet.sink_ctx = &t;
		int status = 0;
		struct project *p = migc_load(h->a, &quiet, dest, MIGC_CHECKED_ANY_HEADS, &status);
		if ((p && quiet.n_errors == 0) || t.other || t.n == 0 || status == 2)
			return 0;
		size_t marked = 0;
		for (size_t k = 0; k < t.n; k++)
			for (size_t i = 0; i < h->n; i++) {
				const char *msg = strstr(texts[i], "\nmessage ");
				if (strcmp(h->v[i].id, t.ids[k]) != 0 || !msg ||
				    strstr(texts[i], "\ninexact_downgrade\n"))
					continue;
				const char *eol = strchr(msg + 1, '\n');
				size_t at = (size_t)(eol - texts[i]) + 1;
				texts[i] = arena_printf(h->a,
					"%.*s-- migc import: the original tool's downgrade does not restore: %s\n"
					"inexact_downgrade\n%s", (int)at, texts[i], t.what[k], texts[i] + at);
				if (atomic_write_file(paths[i], texts[i], strlen(texts[i]),
						      ATOMIC_REPLACE, ATOMIC_DEFAULT_MODE) != 0) {
					fprintf(stderr, "migc: import: cannot write \"%s\": %s\n", paths[i],
						strerror(errno));
					return 2;
				}
				sb_printf(report, "  %s: the source's downgrade does not restore the parent's "
					  "schema (%s); kept as written, marked inexact_downgrade\n",
					  t.ids[k], t.what[k]);
				marked++;
			}
		if (!marked)
			return 0;
	}
	return 0;
}

int import_write(struct imp_history *h, struct diag *d, const char *dest)
{
	struct arena *a = h->a;
	if (h->n == 0) {
		fprintf(stderr, "migc: import: no %s migrations found in \"%s\"\n", h->format, h->src);
		return 1;
	}
	if (assign_ids(h))
		return 1;
	static const char *const parts[] = { "migc.conf", "schema.mig", "versions" };
	struct stat st;
	for (size_t i = 0; i < 3; i++) {
		const char *p = arena_printf(a, "%s/%s", dest, parts[i]);
		if (lstat(p, &st) == 0) {
			fprintf(stderr, "migc: import: \"%s\" already exists; not touching an existing project\n", p);
			return 2;
		}
	}
	const char *vdir = arena_printf(a, "%s/versions", dest);
	if (atomic_mkdirs(vdir, 0777) != 0) {
		fprintf(stderr, "migc: import: cannot create \"%s\": %s\n", vdir, strerror(errno));
		return 2;
	}
	struct strbuf report;
	sb_init(&report, a);
	const char **texts = arena_alloc(a, h->n * sizeof *texts);
	const char **paths = arena_alloc(a, h->n * sizeof *paths);
	for (size_t i = 0; i < h->n; i++) {
		struct imp_mig *m = &h->v[i];
		struct strbuf par;
		sb_init(&par, a);
		if (m->deps) {
			for (size_t k = 0; k < m->n_deps; k++) {
				const char *pid = id_of(h, m->deps[k]);
				if (!pid) {
					imp_error(h, m->up_path, 1, "\"%s\" requires \"%s\", which is not in the history",
						  m->version, m->deps[k]);
					return 1;
				}
				sb_printf(&par, "%s%s", k ? " " : "", pid);
			}
			if (m->n_deps == 0)
				sb_puts(&par, "base");
		} else {
			sb_puts(&par, i ? h->v[i - 1].id : "base");
		}
		const char *text = revision_text(h, m, sb_str(&par), &report);
		const char *path = arena_printf(a, "%s/%s_%s.mig", vdir, m->id, slug(a, m->message));
		if (write_new(path, text))
			return 2;
		texts[i] = text;
		paths[i] = path;
	}
	const char *conf = arena_printf(a,
		"# migc.conf: project settings, written by `migc import %s`.  No\n"
		"# credentials here: the migrator reads them from its environment.\n"
		"\n"
		"name           = %s\n"
		"# where the migrator records applied revisions\n"
		"version_table  = migc_version\n"
		"default_schema = public\n", h->format, project_name(a, dest));
	if (write_new(arena_printf(a, "%s/migc.conf", dest), conf))
		return 2;

	if (mark_inexact(h, dest, texts, paths, &report))
		return 2;
	int status = 0;
	struct project *p = migc_load(a, d, dest, MIGC_CHECKED_ANY_HEADS, &status);
	bool ok = p && d->n_errors == 0;
	if (write_new(arena_printf(a, "%s/schema.mig", dest),
		      schema_text(a, ok ? p : NULL, h->format)))
		return 2;
	printf("imported %zu %s migration%s from %s into %s\n", h->n, h->format,
	       h->n == 1 ? "" : "s", h->src, dest);
	fputs(sb_str(&report), stdout);
	if (!ok) {
		fprintf(stderr, "migc: import: the imported project does not pass the check (above); "
			"schema.mig is left without statements\n");
		return 1;
	}
	if (p->n_heads > 1) {
		/* every revision checks, but check and build need one head:
		 * the source's unmerged branches are the user's to join */
		printf("check: %zu revision%s, but %zu heads (", p->n_revs, p->n_revs == 1 ? "" : "s",
		       p->n_heads);
		for (size_t i = 0; i < p->n_heads; i++)
			printf("%s%s", i ? ", " : "", p->heads[i]->id);
		printf(")\n");
		fprintf(stderr, "migc: import: the source's branches are not merged, and `migc check` "
			"and `migc build` need one head: join them with `migc merge -m MESSAGE heads`\n");
		return 1;
	}
	printf("check: ok, %zu revision%s\n", p->n_revs, p->n_revs == 1 ? "" : "s");
	return 0;
}
