/*
 * devloop.h - running the project's migrator from migc (devloop.c):
 * `migc upgrade head --url URL` builds it into the cache once and execs it.
 */
#ifndef MIGC_DEVLOOP_H
#define MIGC_DEVLOOP_H

#include <stdbool.h>

struct arena;
struct diag;
struct migrt_plan;

/* Whether `migc CMD ARGS` is the migrator's command: one migc has no
 * offline twin of, or check/history/heads/show naming a database
 * (--url, --env-file, --targets). */
bool devloop_wants(const char *cmd, int argc, char **argv);

/* Builds (or reuses) the project's migrator and execs it as
 * "NAME-migrate [--quiet] CMD ARGS"; returns only on failure, with the
 * exit status. */
int devloop_run(struct arena *a, struct diag *d, const char *root,
		const char *cmd, int argc, char **argv);

/* Builds (or reuses) the project's migrator: 0 with *planp the plan it
 * was built from (the revisions in plan order), *binp its path in the
 * cache and *namep the name it runs as ("NAME-migrate"); else the exit
 * status after the diagnostics or message (`cmd` names the command in
 * it). */
int devloop_build(struct arena *a, struct diag *d, const char *root, const char *cmd,
		  const struct migrt_plan **planp, const char **binp, const char **namep);

#endif
