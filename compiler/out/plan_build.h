/*
 * plan_build.h - a checked project as the runtime's plan (runtime/migrt.h).
 *
 * The one in-memory form of what a migrator carries: emit.c writes it out
 * as C, and `migc sql` hands it to the runtime's own SQL printer, so the
 * compiler's and the migrator's output cannot drift apart.
 */
#ifndef MIGC_PLAN_BUILD_H
#define MIGC_PLAN_BUILD_H

struct arena;
struct project;
struct migrt_plan;

/* Everything is allocated in the arena and borrows the project's strings. */
const struct migrt_plan *plan_build(struct arena *a, const struct project *p);
/* The same with what only the built migrator uses: the head's expected
 * schema for `check` written from the model (plan_head.h). */
const struct migrt_plan *plan_build_migrator(struct arena *a, const struct project *p);

#endif
