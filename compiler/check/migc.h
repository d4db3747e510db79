/*
 * migc.h - the compiler's facade: a project loaded to the stage a command
 * needs.  Every command (cli/, lint, author/, live/) and the fuzz target
 * load through here, so the pipeline - find and parse the files, build the
 * revision graph, require one head, replay and check - is written once.
 *
 *   struct project *p = migc_load(a, d, root, MIGC_CHECKED, &status);
 *   if (!p)
 *           return status;      (2: cannot read the project, 1: errors)
 *
 * Diagnostics go to `d` (its sink, if set); migc_load() ends with
 * diag_finish(), so they are all out when it returns.
 */
#ifndef MIGC_MIGC_H
#define MIGC_MIGC_H

#include <stdbool.h>
#include <stddef.h>

#include "project.h"

struct arena;
struct diag;

enum migc_stage {
	MIGC_PARSED,		/* migc.conf, schema.mig, versions/ parsed */
	MIGC_GRAPH,		/* + the revision graph: ids, parents, order, heads */
	MIGC_CHECKED_ANY_HEADS,	/* + every revision replayed and checked */
	MIGC_CHECKED,		/* the same, and the history has one head */
};

/* The project at `root`, taken to `stage`.  NULL with *status 2 when its
 * files cannot be read (a missing migc.conf, an unreadable or non-regular
 * file), 1 when it has errors. */
struct project *migc_load(struct arena *a, struct diag *d, const char *root,
			  enum migc_stage stage, int *status);

/* migc_load for commands that build no migrator (check, lint): the
 * per-statement facts of the migrator's `plan` are not computed. */
struct project *migc_load_no_plan(struct arena *a, struct diag *d, const char *root,
				  enum migc_stage stage, int *status);

/* Takes a project already parsed (migc_load at an earlier stage, or one
 * assembled in memory by the fuzz target) on to `stage`.  False after
 * reporting errors.  Does not call diag_finish(). */
bool migc_advance(struct arena *a, struct diag *d, struct project *p,
		  enum migc_stage stage);

/* The differences between schema.mig and the head of the history, one
 * readable line each (a checked project with a schema.mig). */
size_t migc_models_diff(struct arena *a, const struct project *p,
			const char ***lines);

#endif
