/*
 * cmd_revision.c - `migc revision [--autogenerate] -m MSG [--rev-id ID]`
 * and `migc merge -m MSG REV...`: new revision files.
 *
 * A revision goes on top of the single head (several heads: merge first)
 * as versions/<id>_<slug>.mig, written with authoring_write_new() (never
 * replacing a file).  The id is 12 random lower-case hex digits from
 * /dev/urandom unless --rev-id gives one.
 *
 * With --autogenerate the upgrade is autogen_diff(head, schema.mig) and the
 * downgrade autogen_diff(schema.mig, head).  Before writing, both are
 * replayed on the head model: a statement that does not apply is a bug and
 * writes nothing; a difference that remains is reported, and a downgrade
 * that cannot remove enum labels marks the revision inexact_downgrade and
 * says so in a comment.  With --url (live_cmd.c, through
 * cmd_revision_with) the upgrade is what takes the live database to
 * schema.mig instead (both read from its catalogs); statements on objects
 * the history does not have are written as execute, and the downgrade is
 * still the one back to the head, the parent's schema.  The indexes
 * schema.mig creates concurrently go to a second, no_transaction revision
 * (autogen_split.c); the lint findings of what was written are printed
 * (rev_lint.c).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "autogen.h"
#include "autogen_text.h"
#include "fmt.h"
#include "authoring.h"
#include "cliopt.h"
#include "diag.h"
#include "migc.h"
#include "model.h"
#include "project.h"
#include "replay.h"
#include "rev_names.h"
#include "sql.h"

struct rev_opts {
	const char *message;
	const char *rev_id;
	bool autogenerate;
	const char **revs;		/* merge: the revisions to join */
	size_t n_revs;
	const char *url;		/* --url: autogenerate from a live database */
	const char *env_file;		/* --env-file: its variables name the database */
};

static int rev_usage(const char *cmd, const char *what, const char *arg)
{
	char buf[512];
	snprintf(buf, sizeof buf, what, arg);
	return cli_usage_error(cmd, "%s", buf);
}

struct rev_parse_ctx {
	struct rev_opts *o;
	const char *cmd;
	bool merge, live;
};

static int rev_opt(void *ctx, int opt, const char *arg)
{
	struct rev_parse_ctx *c = ctx;
	struct rev_opts *o = c->o;
	switch (opt) {
	case 'm': o->message = arg; break;
	case 'I': o->rev_id = arg; break;
	case 'A':
		if (c->merge)
			return rev_usage(c->cmd, "%s", "--autogenerate is not an option of merge");
		o->autogenerate = true;
		break;
	case 'U':
	case 'E':
		if (!c->live || c->merge)
			return rev_usage(c->cmd, "%s", "--url and --env-file go with revision --autogenerate");
		if (opt == 'U')
			o->url = arg;
		else
			o->env_file = arg;
		break;
	}
	return 0;
}

static int rev_parse(struct arena *a, const char *cmd, int argc, char **argv,
		     struct rev_opts *o, bool live)
{
	static const struct option longs[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "rev-id", required_argument, NULL, 'I' },
		{ "autogenerate", no_argument, NULL, 'A' },
		{ "url", required_argument, NULL, 'U' },
		{ "env-file", required_argument, NULL, 'E' },
		{ 0 },
	};
	memset(o, 0, sizeof *o);
	bool merge = strcmp(cmd, "merge") == 0;
	struct rev_parse_ctx ctx = { o, cmd, merge, live };
	char **pos;
	int npos;
	int rc = cli_parse(a, cmd, argc, argv, "m:", longs, rev_opt, &ctx, &pos, &npos);
	if (rc)
		return rc;
	if (!merge && npos)
		return rev_usage(cmd, "unexpected argument \"%s\"", pos[0]);
	o->revs = (const char **)pos;
	o->n_revs = merge ? (size_t)npos : 0;
	if (!o->message || !o->message[0])
		return rev_usage(cmd, "%s", "give a message with -m MSG");
	if (o->rev_id) {
		size_t n = strlen(o->rev_id);
		bool ok = n > 0 && n <= 63;
		for (const char *p = o->rev_id; *p && ok; p++)
			ok = isalnum((unsigned char)*p) || *p == '_';
		if (!ok)
			return rev_usage(cmd, "--rev-id \"%s\": use letters, digits and \"_\" (at most 63)",
					 o->rev_id);
		if (ast_rev_id_reserved(o->rev_id))
			return rev_usage(cmd, "--rev-id \"%s\" is reserved: the migrator reads it as a target",
					 o->rev_id);
	}
	if (merge && o->n_revs < 1)
		return rev_usage(cmd, "%s", "name the revisions to merge (or \"heads\")");
	if (live && (!(o->url || o->env_file) || !o->autogenerate))
		return rev_usage(cmd, "%s", "--url URL and --env-file FILE go with --autogenerate");
	return 0;
}

/* Loads the project and its graph; with `compile` also checks it. */
static struct project *rev_load(struct arena *a, struct diag *d, const char *root,
				bool compile, int *status)
{
	struct project *p = migc_load(a, d, root, MIGC_GRAPH, status);
	if (!p || !compile)
		return p;
	if (p->n_heads > 1) {
		*status = -1;	/* the caller says "merge first" */
		return p;
	}
	bool ok = migc_advance(a, d, p, MIGC_CHECKED);
	diag_finish(d);
	if (!ok) {
		*status = d->n_io_errors ? 2 : 1;
		return NULL;
	}
	return p;
}

/* The path for a new revision, after checking the id is free. */
static const char *rev_path(struct arena *a, const struct project *p, const char *id,
			    const char *message)
{
	for (size_t i = 0; i < p->n_revs; i++)
		if (strcmp(p->revs[i]->id, id) == 0) {
			fprintf(stderr, "migc: revision \"%s\" already exists (%s)\n", id,
				p->revs[i]->path);
			return NULL;
		}
	const char *dir = strcmp(p->root, ".") == 0 ? "versions"
			: arena_printf(a, "%s/versions", p->root);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "migc: cannot create \"%s\": %s\n", dir, strerror(errno));
		return NULL;
	}
	return arena_printf(a, "%s/%s_%s.mig", dir, id, rev_slug(a, message));
}

static const char *rev_header(struct arena *a, const char *id, const char *parents,
			      const char *message, bool inexact, bool no_transaction)
{
	return arena_printf(a, "revision %s\nparent   %s\nmessage  %s\n%s%s\n", id, parents,
			    rev_message(a, message), inexact ? "inexact_downgrade\n" : "",
			    no_transaction ? "no_transaction\n" : "");
}

/* The revision in migc fmt's canonical layout, so that a new file passes the
 * migc-fmt hook as written; the text as composed if formatting refuses it
 * (a migc bug, said on stderr: the file is still written). */
static const char *rev_formatted(struct arena *a, struct diag *d, const char *path,
				 const char *text)
{
	const char *out = NULL, *why = NULL;
	const struct src_file *src = src_from_text(a, path, text, strlen(text));
	if (fmt_source(a, d, src, false, &out, &why) == FMT_OK)
		return out;
	fprintf(stderr, "migc: warning: %s is written unformatted: %s\n", path,
		why ? why : "it does not parse");
	return text;
}

/* Writes a new revision; its id and path in *id_out and *path_out when
 * they are not NULL.  `id`: NULL for --rev-id or a random one. */
static int rev_write_as(struct arena *a, struct diag *d, const struct project *p,
			const struct rev_opts *o, const char *id, const char *parents,
			const char *body, bool inexact, bool no_transaction,
			const char **id_out, const char **path_out)
{
	if (!id)
		id = o->rev_id ? o->rev_id : rev_random_id(a);
	if (!id)
		return 2;
	const char *path = rev_path(a, p, id, o->message);
	if (!path)
		return 2;
	const char *text = arena_printf(a, "%s%s", rev_header(a, id, parents, o->message, inexact,
							       no_transaction), body);
	if (id_out)
		*id_out = id;
	if (path_out)
		*path_out = path;
	return authoring_write_new(a, path, rev_formatted(a, d, path, text));
}

static int rev_write(struct arena *a, struct diag *d, const struct project *p,
		     const struct rev_opts *o, const char *parents, const char *body,
		     bool inexact)
{
	return rev_write_as(a, d, p, o, NULL, parents, body, inexact, false, NULL, NULL);
}

static const char empty_body[] = "upgrade {\n}\n\ndowngrade {\n}\n";

/* Is `anc` an ancestor of `r` (a parent, a parent's parent, ...)?  The
 * graph is acyclic (graph_build checked it); `seen` marks the visited
 * revisions by topological index. */
static bool rev_is_ancestor(const struct revision *r, const struct revision *anc, bool *seen)
{
	for (size_t i = 0; i < r->n_parents; i++) {
		const struct revision *q = r->parents[i];
		if (q == anc)
			return true;
		if (seen[q->index])
			continue;
		seen[q->index] = true;
		if (rev_is_ancestor(q, anc, seen))
			return true;
	}
	return false;
}

int cmd_merge(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	struct rev_opts o;
	int rc = rev_parse(a, "merge", argc, argv, &o, false);
	if (rc)
		return rc;
	struct project *p = rev_load(a, d, root, false, &rc);
	if (!p)
		return rc;
	struct strbuf sb;
	sb_init(&sb, a);
	size_t n = 0;
	if (o.n_revs == 1 && strcmp(o.revs[0], "heads") == 0) {
		for (size_t i = 0; i < p->n_heads; i++, n++)
			sb_printf(&sb, "%s%s", n ? " " : "", p->heads[i]->id);
	} else {
		const struct revision **seen = arena_calloc(a, o.n_revs + 1, sizeof *seen);
		for (size_t i = 0; i < o.n_revs; i++) {
			bool ambiguous = false;
			const struct revision *r = project_find_rev(p, o.revs[i], &ambiguous);
			if (!r) {
				fprintf(stderr, "migc: merge: %s revision \"%s\"\n",
					ambiguous ? "ambiguous" : "no", o.revs[i]);
				return 1;
			}
			for (size_t k = 0; k < n; k++)
				if (seen[k] == r) {
					fprintf(stderr, "migc: merge: revision \"%s\" named twice\n", r->id);
					return 1;
				}
			seen[n++] = r;
			sb_printf(&sb, "%s%s", n > 1 ? " " : "", r->id);
		}
	}
	if (n < 2) {
		fprintf(stderr, "migc: merge: nothing to merge: a merge joins at least two revisions%s\n",
			p->n_heads == 1 ? " (there is a single head)" : "");
		return 1;
	}
	/* a revision merged with its own ancestor joins nothing: the ancestor
	 * is already in its history (and Alembic refuses it too) */
	for (size_t i = 0; i < o.n_revs && n == o.n_revs; i++) {
		bool ambiguous = false;
		const struct revision *r = project_find_rev(p, o.revs[i], &ambiguous);
		for (size_t k = 0; k < o.n_revs; k++) {
			const struct revision *q = project_find_rev(p, o.revs[k], &ambiguous);
			bool *seen = arena_calloc(a, p->n_revs + 1, sizeof *seen);
			if (k != i && rev_is_ancestor(r, q, seen)) {
				fprintf(stderr, "migc: merge: revision \"%s\" is an ancestor of \"%s\": "
					"a merge joins revisions on different branches\n", q->id, r->id);
				return 1;
			}
		}
	}
	return rev_write(a, d, p, &o, sb_str(&sb), empty_body, false);
}

static void rev_block(struct strbuf *sb, struct arena *a, const char *name,
		      const char *const *notes, size_t n_notes, const struct mast_list *l)
{
	sb_printf(sb, "%s {\n", name);
	for (size_t i = 0; i < n_notes; i++)
		sb_printf(sb, "    -- %s\n", notes[i]);
	for (size_t i = 0; i < l->n; i++) {
		const struct ast_stmt *s = &l->v[i];
		if (s->kind == STMT_EXECUTE && s->u.exec.passthrough) {
			sb_printf(sb, "    %s;\n", s->u.exec.sql);	/* plain SQL, as is */
		} else if (s->kind == STMT_EXECUTE) {
			/* rendered SQL is the body itself; here it needs its quotes */
			const char *tag = strstr(s->u.exec.sql, "$$") ? "$migc$" : "$$";
			sb_printf(sb, "    execute %s%s%s;\n", tag, s->u.exec.sql, tag);
		} else {
			sb_puts(sb, autogen_stmt_text(a, s, "    "));
		}
	}
	sb_puts(sb, "}\n");
}

/* Replays `l` onto `m`; false (after the diagnostic) if a statement fails. */
static bool rev_replay(struct arena *a, struct diag *d, struct model *m,
		       const struct mast_list *l)
{
	struct replay_ctx ctx = { .arena = a, .diag = d };
	for (size_t i = 0; i < l->n; i++)
		if (!replay_stmt(&ctx, m, &l->v[i])) {
			fprintf(stderr, "migc: internal error: the generated statement does not apply: %s\n",
				autogen_stmt_text(a, &l->v[i], ""));
			return false;
		}
	return true;
}

/* `s` with IF EXISTS on what it drops, when it only drops (a table, an
 * index, a type, a schema, or columns and constraints of a table): NULL
 * for any other statement.  A drop of an object only a drifted database
 * has, so written, runs on that database and on one built from the
 * history alike, and replays on the history's model. */
static struct ast_stmt *rev_guarded_drop(struct arena *a, const struct ast_stmt *s)
{
	struct ast_stmt *g = arena_calloc(a, 1, sizeof *g);
	*g = *s;
	switch (s->kind) {
	case STMT_DROP_TABLE:
	case STMT_DROP_INDEX:
	case STMT_DROP_TYPE:
	case STMT_DROP_SCHEMA:
		g->if_exists = true;
		return g;
	case STMT_ALTER_TABLE:
		if (!s->u.alter.n_alters)
			return NULL;
		g->u.alter.alters = arena_calloc(a, s->u.alter.n_alters, sizeof *g->u.alter.alters);
		for (size_t i = 0; i < s->u.alter.n_alters; i++) {
			if (s->u.alter.alters[i].kind != ALT_DROP_COLUMN &&
			    s->u.alter.alters[i].kind != ALT_DROP_CONSTRAINT &&
			    s->u.alter.alters[i].kind != ALT_DROP_IDENTITY)
				return NULL;
			g->u.alter.alters[i] = s->u.alter.alters[i];
			g->u.alter.alters[i].if_exists = true;
		}
		return g;
	default:
		return NULL;
	}
}

/* `l` as statements of the history.  One the model at `head` cannot
 * apply touches an object a drifted database has and the history does
 * not: a drop is written with IF EXISTS (checked against the history, it
 * runs anywhere; *n_guarded counts them), anything else becomes execute,
 * opaque to the model, which only that database can run (*n_exec). */
static struct mast_list rev_as_history(struct arena *a, const struct model *head,
				       const struct mast_list *l, size_t *n_exec,
				       size_t *n_guarded)
{
	struct mast_list out;
	mast_init(&out, a);
	struct diag quiet;
	diag_init_silent(&quiet);
	struct model *m = model_clone(a, head);
	struct replay_ctx ctx = { .arena = a, .diag = &quiet };
	*n_exec = 0;
	*n_guarded = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct ast_stmt *s = &l->v[i];
		if (replay_stmt(&ctx, m, s)) {
			*mast_push(&out, s->kind, s->loc) = *s;
			continue;
		}
		struct ast_stmt *g = rev_guarded_drop(a, s);
		bool guarded = g && replay_stmt(&ctx, m, g);
		if (g && !guarded && g->kind == STMT_ALTER_TABLE) {
			g->if_exists = true;	/* the table itself is the drifted object */
			guarded = replay_stmt(&ctx, m, g);
		}
		if (guarded) {
			*mast_push(&out, g->kind, g->loc) = *g;
			(*n_guarded)++;
			continue;
		}
		struct ast_stmt *e = mast_push(&out, STMT_EXECUTE, s->loc);
		e->u.exec.sql = arena_printf(a, " %s ", autogen_restyle(a, sql_render_stmt(a, s)));
		(*n_exec)++;
	}
	return out;
}

/* The revision from the head to schema.mig; with `live_up` (revision
 * --url) the upgrade is that instead: the statements that take the live
 * database to schema.mig, rewritten by rev_as_history(). */
static int rev_autogenerate(struct arena *a, struct diag *d, struct project *p,
			    const struct rev_opts *o, const struct mast_list *live_up)
{
	const struct model *from = p->head_model, *to = p->schema_model;
	const char *what = live_up ? "the database" : "the head of the history";
	struct autogen up, down;
	autogen_diff(a, from, to, &up);
	autogen_diff(a, to, from, &down);
	autogen_renames(a, from, to, &up);
	size_t n_exec = 0, n_guarded = 0;
	if (live_up) {
		up.stmts = rev_as_history(a, from, live_up, &n_exec, &n_guarded);
		up.n_renames = 0;
		up.n_enum_removals = 0;
	}
	for (size_t i = 0; i < up.n_enum_removals; i++)
		autogen_push_line(a, &up.unsupported, &up.n_unsupported,
				  arena_printf(a, "%s: PostgreSQL cannot remove enum labels", up.enum_removals[i]));

	/* what the upgrade reaches, and what the downgrade returns to */
	struct model *after = model_clone(a, from);
	if (!rev_replay(a, d, after, &up.stmts))
		return 1;
	const char **left = NULL;
	size_t n_left = model_diff(a, to, after, &left);
	/* live: the upgrade may reach only part of schema.mig (the database had
	 * the rest), so the downgrade starts from what it reaches */
	if (live_up)
		autogen_diff(a, after, from, &down);
	struct model *back = model_clone(a, after);
	if (!rev_replay(a, d, back, &down.stmts))
		return 1;
	const char **lost = NULL;
	size_t n_lost = model_diff(a, from, back, &lost);

	if (up.stmts.n == 0) {
		if (n_left && !live_up) {
			fprintf(stderr, "migc: schema.mig differs from %s in ways autogenerate cannot write:\n",
				what);
			for (size_t i = 0; i < n_left; i++)
				fprintf(stderr, "  %s\n", left[i]);
			return 1;
		}
		printf("no changes: schema.mig matches %s; nothing written\n", what);
		/* the database already has what the history has not written yet */
		if (n_left)
			printf("note: the head of the history still differs from schema.mig: "
			       "`migc revision --autogenerate` (without --url) writes that revision\n");
		return 0;
	}
	for (size_t i = 0; i < up.n_renames; i++)
		fprintf(stderr, "migc: note: %s\n", up.renames[i]);
	for (size_t i = 0; i < n_left; i++)
		fprintf(stderr, "migc: warning: not generated, edit the revision by hand: %s\n", left[i]);
	bool inexact = n_lost > 0;
	const char **dnotes = NULL;
	size_t n_dnotes = 0;
	if (inexact) {
		autogen_push_line(a, &dnotes, &n_dnotes,
				  "this downgrade does not restore the parent's schema exactly:");
		for (size_t i = 0; i < n_lost; i++)
			autogen_push_line(a, &dnotes, &n_dnotes, arena_printf(a, "  %s", lost[i]));
		for (size_t i = 0; i < down.n_enum_removals; i++)
			autogen_push_line(a, &dnotes, &n_dnotes, arena_printf(a,
				"(%s: PostgreSQL cannot remove enum labels; recreate the type by hand if it matters)",
				down.enum_removals[i]));
		fprintf(stderr, "migc: warning: the downgrade cannot restore %s exactly (marked inexact_downgrade):\n",
			what);
		for (size_t i = 0; i < n_lost; i++)
			fprintf(stderr, "  %s\n", lost[i]);
	}
	const char **unotes = up.renames;
	size_t n_unotes = up.n_renames;
	if (n_guarded) {
		autogen_push_line(a, &unotes, &n_unotes,
				  "the database differs from the history here: the drops written with IF");
		autogen_push_line(a, &unotes, &n_unotes,
				  "EXISTS remove objects the history does not have (see docs/autogenerate.md)");
		fprintf(stderr, "migc: note: %zu drop%s written with IF EXISTS: the database has objects "
			"the history does not\n", n_guarded, n_guarded == 1 ? "" : "s");
	}
	if (n_exec) {
		autogen_push_line(a, &unotes, &n_unotes,
				  "WARNING: the statements written as execute touch objects the history does");
		autogen_push_line(a, &unotes, &n_unotes,
				  "not have: migc cannot check them, and a database built from the history (a");
		autogen_push_line(a, &unotes, &n_unotes,
				  "fresh one) fails at them; edit them before committing (docs/autogenerate.md)");
		fprintf(stderr, "migc: warning: %zu statement%s written as execute: %s objects the history "
			"does not have, so migc cannot check %s and the revision fails on a database "
			"built from the history (a fresh one); edit %s before committing\n",
			n_exec, n_exec == 1 ? "" : "s", n_exec == 1 ? "it touches" : "they touch",
			n_exec == 1 ? "it" : "them", n_exec == 1 ? "it" : "them");
	}
	for (size_t i = 0; i < n_left; i++)
		autogen_push_line(a, &unotes, &n_unotes, arena_printf(a, "TODO not generated: %s", left[i]));

	/* indexes schema.mig creates concurrently: a no_transaction revision after */
	struct mast_list cup, cdown;
	size_t n_conc = live_up ? 0 : autogen_split_concurrent(a, to, &up.stmts, &down.stmts,
							       &cup, &cdown);
	const char *parent = p->n_heads ? p->heads[0]->id : "base";
	const char *paths[2];
	size_t n_paths = 0;
	int rc = 0;
	if (up.stmts.n || down.stmts.n || !n_conc) {
		struct strbuf sb;
		sb_init(&sb, a);
		sb_puts(&sb, "-- generated by `migc revision --autogenerate`: review it before committing\n\n");
		rev_block(&sb, a, "upgrade", unotes, n_unotes, &up.stmts);
		sb_putc(&sb, '\n');
		rev_block(&sb, a, "downgrade", dnotes, n_dnotes, &down.stmts);
		rc = rev_write_as(a, d, p, o, NULL, parent, sb_str(&sb), inexact, false, &parent,
				  &paths[n_paths]);
		if (rc)
			return rc;
		n_paths++;
	}
	if (n_conc) {
		struct strbuf sb;
		sb_init(&sb, a);
		sb_puts(&sb, "-- generated by `migc revision --autogenerate`: the indexes schema.mig creates\n"
			"-- concurrently, which cannot run in a transaction\n\n");
		rev_block(&sb, a, "upgrade", NULL, 0, &cup);
		sb_putc(&sb, '\n');
		rev_block(&sb, a, "downgrade", NULL, 0, &cdown);
		rc = rev_write_as(a, d, p, o, n_paths ? rev_random_id(a) : NULL, parent, sb_str(&sb),
				  false, true, NULL, &paths[n_paths]);
		if (rc)
			return rc;
		n_paths++;
	}
	rev_lint_written(d, p->root, paths, n_paths);
	return 0;
}

int cmd_revision(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	return cmd_revision_with(a, d, root, argc, argv, NULL);
}

int cmd_revision_with(struct arena *a, struct diag *d, const char *root, int argc,
		      char **argv, rev_live_fn live)
{
	struct rev_opts o;
	int rc = rev_parse(a, "revision", argc, argv, &o, live != NULL);
	if (rc)
		return rc;
	struct project *p = rev_load(a, d, root, o.autogenerate, &rc);
	if (!p)
		return rc;
	if (p->n_heads > 1) {
		fprintf(stderr, "migc: revision: the history has %zu heads:", p->n_heads);
		for (size_t i = 0; i < p->n_heads; i++)
			fprintf(stderr, " %s", p->heads[i]->id);
		fprintf(stderr, "\nmerge them first: migc merge -m \"merge heads\" heads\n");
		return 1;
	}
	if (o.autogenerate && !p->schema_model) {
		fprintf(stderr, "migc: revision --autogenerate compares %s with schema.mig, and there is none\n",
			live ? "the database" : "the history");
		return 2;
	}
	if (live) {
		struct mast_list up;
		rc = live(a, d, p, o.url, o.env_file, &up);
		if (rc)
			return rc;
		return rev_autogenerate(a, d, p, &o, &up);
	}
	if (o.autogenerate)
		return rev_autogenerate(a, d, p, &o, NULL);
	return rev_write(a, d, p, &o, p->n_heads ? p->heads[0]->id : "base", empty_body, false);
}
