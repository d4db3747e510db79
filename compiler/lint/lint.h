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
 * `lint_since = REV` lints only revisions descending from REV.
 *
 * Findings go through the diagnostics sink with the rule's name as their
 * code: printed as `file:line:col: warning: msg [rule]` (level error
 * counts as an error), or collected by lint_report_collect() for
 * --format json.
 *
 * Inside the folder the calls go one way: lint.c (the pass) calls the
 * rules (lint_rules.c, lint_types.c), which call lint_emit.c, which calls
 * the rule table (lint_table.c).
 */
#ifndef MIGC_LINT_H
#define MIGC_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "srcfile.h"

struct arena;
struct diag;
struct model;
struct project;
struct revision;
struct ast_stmt;

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

/* `migc lint [--format text|json] [--list]` (lint_cmd.c). */
int lint_cmd(struct arena *a, struct diag *d, const char *root, int argc,
	     char **argv);

/* From now on `d` keeps lint findings in `r` (allocated in `a`) instead of
 * printing them; other diagnostics still print. */
void lint_report_collect(struct diag *d, struct lint_report *r, struct arena *a);
/* The collected findings as a JSON array. */
void lint_report_json(FILE *out, const struct lint_report *r);

#endif
