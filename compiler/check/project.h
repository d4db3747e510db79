/*
 * project.h - a migc project on disk and what the compiler learns about it.
 *
 * A project is a directory with migc.conf, an optional schema.mig and a
 * versions/ directory of revision files.  project_load() reads and parses
 * them; graph_build() links revisions into a graph and orders them;
 * compile_project() replays the history, checks it and renders the SQL that
 * emit.c writes into the generated C.  Everything lives in one arena.
 */
#ifndef MIGC_PROJECT_H
#define MIGC_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "srcfile.h"

struct arena;
struct diag;
struct ast_file;
struct ast_revision;
struct ast_stmt;
struct model;
struct naming_conv;
struct lint_conf;
struct lint_setting;

struct project_conf {
	const char *name;		/* project name: binary and messages */
	const char *version_table;	/* as written: name or schema.name */
	const char *default_schema;	/* where unqualified names live */
	/* lint_since and lint.RULE lines as written (conf.c), and the lint
	 * settings read from them (project.c, by lint_conf_read()) */
	struct lint_setting *lint_settings;
	size_t n_lint_settings;
	struct lint_conf *lint;
	/* naming.pk/uq/ck/fk/ix as written, indexed by enum naming_kind
	 * (naming.h), NULL when unset, and naming_since; checked and applied
	 * by compile.c */
	const char *naming[5];
	struct loc naming_loc[5];
	const char *naming_since;
	struct loc naming_since_loc;
	/* extensions = name, schema.name, ...: installed outside the history
	 * (conf_ext.c); schema NULL: the default schema */
	const char **ext_names, **ext_schemas;
	size_t n_exts;
	struct loc ext_loc;
	/* compare_grants, compare_owners = true|false (default false): grants
	 * and owners recorded by replay and compared (conf_acl.c) */
	bool compare_grants, compare_owners;
};

/* One rendered statement of a revision: SQL, source line, and the
 * (offset, length) pairs where it names the default schema (sql.h). */
struct lint_facts;

/* checksum_text.c: the text checksums cover for `s`, or NULL when it is
 * the text the migrator runs. */
const char *checksum_text(struct arena *a, const struct ast_stmt *s, const char *default_schema);

struct rendered_stmt {
	const char *sql;
	const char *sum_sql;		/* what checksums cover when not `sql` (checksum_text.c) */
	unsigned line;
	const unsigned *slots;		/* 2 * n_slots entries */
	size_t n_slots;
};

struct revision {
	const struct ast_file *file;
	const struct ast_revision *ast;
	const char *id;
	const char *path;		/* relative to the project */
	struct revision **parents;	/* resolved by graph_build */
	size_t n_parents;
	size_t n_children;
	size_t index;			/* position in topological order */

	/* filled by compile_project */
	struct rendered_stmt *up;
	size_t n_up;
	struct rendered_stmt *down;	/* in execution order */
	size_t n_down;
	/* per statement of up[] and down[]: locks, effect, lint findings
	 * (lint.h; for the migrator's `plan`) */
	struct lint_facts *up_facts, *down_facts;	/* NULL with no_plan_facts */
	bool down_derived;
	bool ok;			/* replayed without errors */
	/* "v2:" and 64 hex digits: what new version-table rows record (see
	 * compile.c and docs/compiler.md, Checksums) */
	char checksum[68];
	/* 64 hex digits: the checksum migc recorded before v2; a row holding
	 * it still verifies */
	char checksum_v1[65];
};

struct project {
	const char *root;		/* directory on disk */
	struct project_conf conf;
	const struct src_file *conf_src;
	const struct ast_file *schema;	/* schema.mig, or NULL if absent */
	struct revision **revs;		/* file order after load, topological after graph_build */
	size_t n_revs;
	struct revision **heads;
	size_t n_heads;
	bool graph_built;		/* graph_build() has run (set by migc.c) */
	struct model *head_model;	/* the schema after all revisions */
	/* set before checking when no migrator is built (check, lint): the
	 * per-statement facts for the migrator's `plan` are left out */
	bool no_plan_facts;
	struct model *schema_model;	/* schema.mig replayed, or NULL */
	const struct naming_conv *naming; /* migc.conf's naming conventions,
					 * checked (compile.c), or NULL */
	char digest[65];		/* over every revision's id, checksum and message;
					 * "" with no_plan_facts */
};

/* Reads migc.conf, schema.mig and versions/ *.mig.  Returns NULL (with a
 * diagnostic) only when the directory is not a project; parse errors are
 * reported and counted in `d` but still return the project. */
struct project *project_load(struct arena *a, struct diag *d, const char *root);

/* Resolves parents, rejects duplicate ids, unknown parents and cycles;
 * orders revs topologically (ties by file name) and finds the heads.
 * Returns false after reporting errors. */
bool graph_build(struct arena *a, struct diag *d, struct project *p);
/* Several heads are an error for check and build (not for history). */
bool graph_require_single_head(struct arena *a, struct diag *d,
			       const struct project *p);

/* Replays every revision, checks downgrades, renders SQL and checksums,
 * replays schema.mig.  Returns false after reporting errors. */
bool compile_project(struct arena *a, struct diag *d, struct project *p);
/* Fills r->checksum_v1 (which compile_project leaves empty without plan
 * facts: only a released checksum that is not v2 needs it). */
void compile_checksum_v1(struct arena *scratch, struct revision *r);

/* Finds a revision by id or unique id prefix; NULL if none or ambiguous
 * (*ambiguous set). */
struct revision *project_find_rev(const struct project *p, const char *id,
				  bool *ambiguous);

/* ---- released.c: released.sums ------------------------------------------- */

/* Compares every revision listed in the project's released.sums (when it
 * exists) with the checked history: an edited or removed released
 * revision is an error.  Needs the checksums (compile_project). */
void released_check(struct arena *a, struct diag *d, const struct project *p);
/* Writes released.sums with every revision's id and checksum, sorted by
 * id, atomically; 0, or 2 after a message. */
int released_write(struct arena *a, const struct project *p);

#endif
