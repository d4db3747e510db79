/*
 * rt_cmds.h - the migrator's commands, one entry point each, which
 * cli.c dispatches to, and its argument parser.
 *
 * Private to the runtime (never installed); rt.h has the context.
 */
#ifndef RT_RT_CMDS_H
#define RT_RT_CMDS_H

#include "rt.h"

/* ---- cli.c ------------------------------------------------------------ */

/* The migrator's option parser (as migrt_main runs it): options into ctx,
 * positionals into pos (argc entries; borrowing argv).  Returns -1 with
 * *rc set (a usage error was printed) to stop.  Connects to nothing
 * (tests/fuzz/fuzz_migrator_args.c drives it). */
int rt_parse_args(struct rt_ctx *ctx, int argc, char **argv, char **pos,
		     int *npos, int *help, int *version, int *rc);

/* ---- commands (apply.c, stamp.c, report.c, sqlout.c) ------------------ */

/* Each takes the positional arguments after the command name (borrowed)
 * and returns an exit status. */
int rt_cmd_upgrade(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_downgrade(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_stamp(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_current(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_history(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_heads(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_branches(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_show(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_sql(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_resolve(struct rt_ctx *ctx, int argc, char **argv);
int rt_cmd_accept_checksum(struct rt_ctx *ctx, int argc, char **argv); /* accept.c */
int rt_cmd_adopt(struct rt_ctx *ctx, int argc, char **argv); /* adopt.c */
/* The version tables of the tools adopt reads (alembic_version,
 * schema_migrations, goose_db_version, flyway_schema_history, recognised
 * by their columns) in the plan's schemas, as "schema.table": adopt leaves
 * them in place, so `check` does not compare them.  NULL after a database
 * error (printed); else a newly allocated array of *n strings. */
char **rt_adopt_foreign_tables(struct rt_ctx *ctx, size_t *n); /* adopt_tables.c */
/* A PostgreSQL text[] literal of v[0..n), each element double-quoted
 * (caller frees). */
char *rt_text_array(const char *const *v, size_t n);

/* ---- apply.c, plan_cmd.c, plan_out.c: plan and --dry-run --------------- */

/* The revisions `upgrade ARGS` (up) or `downgrade ARGS` would run, in
 * order: connects and loads the database's state (rt_session_begin; with
 * ctx->no_lock no lock is taken and nothing created).  *list is newly
 * allocated (caller frees; NULL on failure).  Returns an exit status. */
int rt_select_run(struct rt_ctx *ctx, int up, int argc, char **argv,
		  uint32_t **list, uint32_t *n);
/* `plan [upgrade|downgrade] [TARGET]` (plan_cmd.c). */
int rt_cmd_plan(struct rt_ctx *ctx, int argc, char **argv);
/* `upgrade|downgrade ARGS --dry-run`: the plan in text, then the SQL. */
int rt_cmd_dry_run(struct rt_ctx *ctx, int up, int argc, char **argv);
/* sqlout.c: the SQL script `sql` prints, for the listed revisions. */
void rt_sql_print_list(struct rt_ctx *ctx, const uint32_t *list, uint32_t n,
		       int up, int create_table);

int rt_cmd_check(struct rt_ctx *ctx, int argc, char **argv);
/* Prints the --version line. */
void rt_print_version(struct rt_ctx *ctx);

#endif
