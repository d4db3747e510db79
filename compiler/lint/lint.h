/*
 * lint.h - dangerous-operation rules, run while the history is replayed.
 *
 * Unlike a linter that sees one SQL file, the lint pass sees the schema
 * model as it is just before each upgrade statement, so a rule can tell an
 * existing table (created in an earlier revision, perhaps full of rows)
 * from one created earlier in the same revision (still empty), and fires
 * only when the operation matters.  compile.c calls lint_revision_begin(),
 * lint_stmt() before replaying each statement, and lint_revision_end().
 *
 * Each rule has a stable kebab-case name and a level set in migc.conf
 * (`lint.drop-column = error|warning|off`).  A statement is exempted from a
 * rule by a comment `-- migc:allow RULE [RULE...]` on its line or on the
 * line(s) just above it; an exemption that exempts nothing is reported.
 * `lint_since = REV` lints only revisions descending from REV.  schema.mig
 * is linted too (lint_models), for the design rules.
 *
 * Findings go through the diagnostics sink with the rule's name as their
 * code: printed as `file:line:col: warning: msg [rule]` (level error
 * counts as an error), or collected by lint_report_collect() for
 * --format json.
 *
 * Inside the folder the calls go one way: lint.c (the pass) calls the
 * rules (lint_rules.c, lint_types.c), which call lint_emit.c, which calls
 * the rule table (lint_table.c).  lock_table.c (called by compile.c for
 * the migrator's plan) uses the rules' helpers and nothing calls it here.
 */
#ifndef MIGC_LINT_H
#define MIGC_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "srcfile.h"

struct arena;
struct diag;
struct model;
struct project;
struct revision;
struct ast_stmt;
struct ast_type;
struct lint;

enum lint_rule {
	LR_ADD_NOT_NULL_COLUMN,
	LR_DROP_COLUMN,
	LR_DROP_TABLE,
	LR_RENAME_COLUMN,
	LR_RENAME_TABLE,
	LR_ALTER_COLUMN_TYPE,
	LR_CREATE_INDEX,
	LR_DROP_INDEX,
	LR_CONSTRAINT_NOT_VALID,
	LR_ADD_UNIQUE_CONSTRAINT,
	LR_SET_NOT_NULL,
	LR_VOLATILE_DEFAULT,
	LR_CONCURRENTLY_IN_TRANSACTION,
	LR_INTEGER_PRIMARY_KEY,
	LR_VARCHAR_LENGTH,
	LR_TIMESTAMP_WITHOUT_TIME_ZONE,
	LR_CHAR_TYPE,
	LR_TRANSACTION_IN_EXECUTE,
	LR_UNUSED_ALLOW,
	LR_EXECUTE_IN_MODELS,
	LINT_N_RULES
};

enum lint_level { LINT_OFF, LINT_WARNING, LINT_ERROR };

/* One finding, for --format json. */
struct lint_finding {
	enum lint_rule rule;
	enum lint_level level;
	struct loc loc;
	const char *message;
};

struct lint_report {
	struct lint_finding *items;
	size_t n, cap;
	int n_errors, n_warnings;
	struct arena *arena;		/* where items and messages live */
	const char *path_prefix;	/* the diag's: paths relative to the cwd */
};

/* The project's lint settings (migc.conf). */
struct lint_conf {
	enum lint_level level[LINT_N_RULES];
	const char *since;		/* lint_since, or NULL: lint everything */
	struct loc since_loc;
};

/* One lint setting as migc.conf holds it: key "lint_since" or
 * "lint.RULE", unchecked (the settings reader knows no rules). */
struct lint_setting {
	const char *key, *val;
	struct loc key_loc, val_loc;
};

const char *lint_rule_name(enum lint_rule r);
/* The rule called `name`, or -1. */
int lint_rule_find(const char *name);
/* A settings block with every rule at its default level. */
struct lint_conf *lint_conf_new(struct arena *a);
/* "error", "warning" or "off"; false for anything else. */
bool lint_level_parse(const char *s, enum lint_level *out);
/* The settings checked against the rule table: unknown rules and levels
 * are located errors (the rest still applies). */
struct lint_conf *lint_conf_read(struct arena *a, struct diag *d,
				 const struct lint_setting *s, size_t n);

/* ---- lock_table.c: what each statement does to the database -----------
 * For the migrator's `plan`: the lock each statement kind takes on which
 * relation, whether it rewrites, scans or only changes the catalog, after
 * PostgreSQL 15's documentation (explicit locking; ALTER TABLE). */

/* Lock modes, weakest first (the runtime's MIGRT_LOCK_* numbering). */
enum lint_lock {
	LK_NONE, LK_ACCESS_SHARE, LK_ROW_SHARE, LK_ROW_EXCLUSIVE,
	LK_SHARE_UPDATE_EXCLUSIVE, LK_SHARE, LK_SHARE_ROW_EXCLUSIVE,
	LK_EXCLUSIVE, LK_ACCESS_EXCLUSIVE,
};
/* Effects on a table's rows, least costly first (MIGRT_EFFECT_*). */
enum lint_effect { LE_NONE, LE_CATALOG, LE_SCAN, LE_REWRITE, LE_UNKNOWN };

#define LINT_MAX_LOCKS 8

struct lint_facts {
	const char *kind;		/* "create index", "alter table: add column" */
	enum lint_lock lock;		/* the strongest of locks[] */
	struct {
		const char *rel;	/* "schema"."name" as SQL */
		enum lint_lock mode;
	} locks[LINT_MAX_LOCKS];
	size_t n_locks;
	enum lint_effect effect;
	const char *table;		/* the relation `effect` concerns, or NULL */
	const char *note;		/* a few words on why, or "" */
	uint32_t findings;		/* bit per enum lint_rule that fired */
	uint32_t errors;		/* of those, the ones at level error */
};

/* The facts of `s`, run against `before`, the model just before it (NULL:
 * not known; then names stay as written and type changes count as
 * rewrites).  Strings are allocated in `a`. */
void lint_facts(struct arena *a, const struct model *before,
		const struct ast_stmt *s, struct lint_facts *out);
/* Whether a table's size decides how much a finding of rule `r` matters. */
bool lint_rule_sized(enum lint_rule r);
/* The rules that fired (bit per rule) for the last statement lint_stmt()
 * saw, after exemptions; `errors`: those at level error. */
void lint_stmt_findings(const struct lint *l, uint32_t *fired, uint32_t *errors);
/* Does a type change keep the stored bytes (no rewrite)? */
bool lint_type_change_in_place(const struct ast_type *from,
			       const struct ast_type *to);
/* Is there a validated CHECK (col IS NOT NULL) on `t`? */
struct m_table;
bool lint_has_not_null_check(struct arena *a, const struct m_table *t,
			     const char *col);

/* The pass over one compilation (compile.c).  `since`: the resolved
 * lint_since revision, or NULL to lint every revision. */
struct lint;
struct lint *lint_begin(struct arena *a, struct diag *d,
			const struct project *p, const struct revision *since);
void lint_revision_begin(struct lint *l, const struct revision *r);
/* `before`: the model just before `s` is applied.  `upgrade`: whether `s`
 * belongs to the upgrade block (the downgrade only gets transaction rules). */
void lint_stmt(struct lint *l, const struct model *before,
	       const struct ast_stmt *s, bool upgrade);
void lint_revision_end(struct lint *l);
/* schema.mig, the models: each statement against `empty` (a model with
 * nothing in it), so only the rules about the schema's design fire (column
 * types, integer primary keys), at schema.mig's own lines, with its
 * migc:allow comments; an execute statement is a finding
 * (execute-in-models).  Not subject to lint_since. */
struct ast_file;
void lint_models(struct lint *l, const struct ast_file *f, const struct model *empty);

/* `migc lint [--format text|json] [--list]` (lint_cmd.c). */
int lint_cmd(struct arena *a, struct diag *d, const char *root, int argc,
	     char **argv);

/* From now on `d` keeps lint findings in `r` (allocated in `a`) instead of
 * printing them; other diagnostics still print. */
void lint_report_collect(struct diag *d, struct lint_report *r, struct arena *a);
/* The collected findings as a JSON array. */
void lint_report_json(FILE *out, const struct lint_report *r);

#endif
