/*
 * build.h - turning a checked project into the migrator executable.
 */
#ifndef MIGC_BUILD_H
#define MIGC_BUILD_H

struct arena;
struct migrt_plan;
struct project;

struct build_options {
	const char *output;	/* -o: the executable, or NULL */
	const char *emit_c;	/* --emit-c: keep the generated C here, or NULL */
	int verbose;		/* print the C compiler's command line */
	int dynamic;		/* --dynamic: link the system's libpq, not statically */
};

/* Writes the outputs atomically (temporary file + rename): a failed build
 * leaves nothing behind.  Returns 0 or an exit status (2) after printing
 * the reason to stderr. */
int build_project(struct arena *a, const struct project *p,
		  const struct build_options *opt);
/* The same from a plan already built (plan_build.h, or plan_cache.h's). */
int build_plan(struct arena *a, const struct migrt_plan *plan,
	       const struct build_options *opt);

#endif
