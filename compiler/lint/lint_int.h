/*
 * lint_int.h - private to the lint_*.c files: the pass's state, emitting a
 * finding, and what was created earlier in the current revision.
 */
#ifndef MIGC_LINT_INT_H
#define MIGC_LINT_INT_H

#include "lint.h"

struct ast_allow;
struct ast_type;

/* One rule name of a `-- migc:allow` comment. */
struct lint_allow {
	int rule;			/* -1: not a rule name */
	const char *name;
	struct loc loc;			/* the name in the comment */
	const struct ast_allow *comment;
	const struct ast_stmt *target;	/* own-line comments: the next statement */
	bool used;
};

/* A small set of strings: what the current revision created. */
struct lint_set {
	const char **items;
	size_t n, cap;
};

struct lint {
	struct arena *a;
	struct diag *d;
	const struct lint_conf *conf;
	const struct project *p;
	bool *linted;			/* per revision (index): lint it */
	const struct revision *rev;
	bool active;			/* the current revision is linted */
	struct lint_allow *allows;
	size_t n_allows;
	struct lint_set new_tables;	/* schema, table */
	struct lint_set new_columns;	/* schema, table, column */
	struct lint_set new_indexes;	/* schema, index */
	uint32_t fired, fired_errors;	/* the current statement's findings */
};

/* Reports `rule` at `loc` for statement `s`, unless an allow comment
 * exempts it or the rule is off.  The message is one line: what goes
 * wrong, then the safer alternative. */
void lint_emit(struct lint *l, const struct ast_stmt *s, enum lint_rule rule,
	       struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The finding as it stands, after exemptions: out at `rule`'s level. */
void lint_output(struct lint *l, enum lint_rule rule, struct loc loc,
		 const char *msg);

void lint_set_add(struct lint *l, struct lint_set *set, const char *a,
		  const char *b, const char *c);
bool lint_set_has(const struct lint_set *set, const char *a, const char *b,
		  const char *c);

/* lint_types.c: column type rules, volatility, execute bodies. */
void lint_check_type(struct lint *l, const struct ast_stmt *s,
		     const struct ast_type *t, const char *column);
bool lint_expr_volatile(const char *text);
void lint_check_execute(struct lint *l, const struct ast_stmt *s,
			bool transactional);

/* lint_rules.c: the statement rules. */
void lint_rules_stmt(struct lint *l, const struct model *m,
		     const struct ast_stmt *s);

#endif
