/*
 * rt_fleet.h - `<prog> fleet COMMAND ... --targets FILE`: one command run
 * on many databases and tenant schemas (fleet.c runs them, fleet_targets.c
 * reads the targets, fleet_out.c prints lines, the table and the report).
 *
 * Private to the runtime (never installed); rt.h has the context.
 */
#ifndef RT_RT_FLEET_H
#define RT_RT_FLEET_H

#include <stddef.h>
#include <sys/types.h>

#include "rt.h"

/* The command entry a target's child runs: migrt_main, passed in by cli.c
 * so that fleet.c does not call back into the file that calls it. */
typedef int (*rt_fleet_entry)(const struct migrt_plan *plan, int argc, char **argv);

enum rt_fleet_state {
	RT_FLEET_PENDING,	/* not started (yet): "not run" at the end */
	RT_FLEET_RUNNING,
	RT_FLEET_DONE
};

struct rt_fleet_target {
	char *conninfo;		/* as in the file; owned */
	char *schema;		/* schema=NAME or from --schemas, or NULL; owned */
	char *display;		/* conninfo with its password masked; owned */
	char *pre_error;	/* set when --schemas could not list the
				 * database: the target fails without running */
	int pre_status;		/* its exit status */
	enum rt_fleet_state state;
	pid_t pid;
	int fd[2];		/* the child's stdout and stderr, -1 once closed */
	char *buf[2];		/* what they said; owned */
	size_t len[2];
	double t0, ms;		/* start (monotonic s) and duration */
	int status;		/* the child's exit status, or 128+signal */
	int stop_sent;		/* asked to stop after its revision (SIGUSR1) */
};

/* fleet_targets.c: reads FILE ("-": standard input): one target a line, a
 * connection string optionally followed by " schema=NAME"; blank lines and
 * lines starting with '#' skipped.  Returns an exit status (2 for an
 * unreadable file or a bad line, named by number, never quoted). */
int rt_fleet_read(struct rt_ctx *ctx, const char *path,
		     struct rt_fleet_target **out, size_t *n);
/* Replaces each target without a schema by one target per schema of its
 * database matching the LIKE `pattern` (sorted); a database that cannot
 * be listed stays one target with pre_error set.  Connects in this
 * process and closes every connection before returning. */
void rt_fleet_expand(struct rt_ctx *ctx, const char *pattern,
			struct rt_fleet_target **list, size_t *n);
void rt_fleet_free(struct rt_fleet_target *list, size_t n);

/* fleet_out.c: the line of a target that finished, the summary table,
 * and the --report JSON file (returns 0, or -1 when it cannot be written,
 * after printing why). */
void rt_fleet_line(struct rt_ctx *ctx, const char *cmd,
		      const struct rt_fleet_target *t);
void rt_fleet_table(struct rt_ctx *ctx, const char *cmd,
		       const struct rt_fleet_target *list, size_t n);
int rt_fleet_report(struct rt_ctx *ctx, const char *path, const char *cmd,
		       const struct rt_fleet_target *list, size_t n);

/* fleet.c: the `fleet` command line (argv[1] is "fleet"). */
int rt_fleet_main(const struct migrt_plan *plan, const char *prog, int argc,
		     char **argv, rt_fleet_entry entry);

#endif
