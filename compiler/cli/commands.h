/*
 * commands.h - the offline commands that read a loaded project:
 * history, heads, show (cmd_report.c) and sql (cmd_sql.c).
 *
 * Each takes the command's own arguments and returns the exit status.
 */
#ifndef MIGC_COMMANDS_H
#define MIGC_COMMANDS_H

struct arena;
struct diag;
struct project;

/* check: cmd_check.c */
int cmd_check(struct arena *a, struct diag *d, const char *root, int argc, char **argv);

int cmd_history(struct arena *a, const struct project *p, int argc, char **argv);
int cmd_heads(struct arena *a, const struct project *p, int argc, char **argv);
int cmd_show(struct arena *a, const struct project *p, int argc, char **argv);
int cmd_sql(struct arena *a, const struct project *p, int argc, char **argv);
/* The same from a plan (a cached one: plan_cache.h). */
struct migrt_plan;
int cmd_sql_plan(const struct migrt_plan *plan, int argc, char **argv);

/* test: test_cmd.c, with the database side from main.c (live_test.h) */
struct live_test_ops;
int test_cmd(struct arena *a, struct diag *d, const char *root, int argc, char **argv,
	     const struct live_test_ops *ops);

#endif
