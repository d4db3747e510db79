/*
 * ci_report.h - diagnostics for CI: `--format sarif` (SARIF 2.1.0, one
 * result per error or warning) and `--format github` (workflow annotation
 * lines), for `migc check` and `migc lint`.
 *
 * A ci_report is a diag sink (diag.h): it keeps every error and warning
 * with its file (relative to the current directory, as text prints it),
 * line, column, code and message.  Notes are dropped: they belong to the
 * diagnostic before them, which is reported.  With `lint_only` it keeps
 * only lint findings and prints everything else as text does.
 */
#ifndef MIGC_CI_REPORT_H
#define MIGC_CI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct arena;
struct diag;

enum ci_format { CI_TEXT, CI_JSON, CI_SARIF, CI_GITHUB };

struct ci_item {
	const char *level;	/* "error", "warning" or "note" */
	const char *file;	/* NULL: not about a file */
	const char *code;	/* a lint rule's name, or NULL */
	const char *message;
	unsigned line, col;	/* 0: not located */
};

struct ci_report {
	struct arena *a;
	struct ci_item *v;
	size_t n, cap;
	bool lint_only;
	bool keep_notes;	/* --format json of check keeps them */
	int n_errors, n_warnings;	/* of the items kept */
};

/* From now on `d` hands its items to `r` (allocated in `a`). */
void ci_collect(struct diag *d, struct ci_report *r, struct arena *a);

/* "--format ARG" for a command taking text, json, sarif and github; exit
 * status 2 (usage) for anything else. */
int ci_format_parse(const char *cmd, const char *arg, enum ci_format *f);

/* The SARIF 2.1.0 log: one run, tool.driver "migc" with its version and
 * every lint rule, one result per item (ruleId: the code, else
 * "migc/CMD"). */
void ci_print_sarif(FILE *out, const struct ci_report *r, const char *cmd);
/* One "::error file=F,line=L,col=C,title=RULE::message" line per item. */
void ci_print_github(FILE *out, const struct ci_report *r);

#endif
