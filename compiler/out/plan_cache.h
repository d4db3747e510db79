/*
 * plan_cache.h - `migc sql`'s cache of checked plans.
 *
 * `migc sql` used to parse, replay and check the whole project on every
 * call.  The cache keeps the plan of the last successful, diagnostic-free
 * check of a project, and reuses it only when nothing it was built from can
 * have changed: the migc executable, migc.conf, schema.mig, the versions/
 * directory and every versions/ *.mig file must have exactly the file
 * identity they had before that check (device, inode, size, mode,
 * modification and status-change times in nanoseconds).  The kernel sets a
 * file's status-change time on every write, rename or chmod, and no user
 * can set it back, so a changed file can only look unchanged if it changed
 * within the file system's timestamp resolution of the recorded check: a
 * plan is therefore stored only when every input is at least two seconds
 * older than the check.  Adding, removing or renaming a revision changes
 * versions/'s own times.  An unreadable, truncated or foreign cache file is
 * ignored and rewritten.
 *
 * Where: $MIGC_CACHE_DIR, else $XDG_CACHE_HOME/migc, else ~/.cache/migc;
 * MIGC_CACHE_DIR=off turns the cache off.  One file per project directory,
 * at most PLAN_CACHE_MAX files (the oldest are removed).
 */
#ifndef MIGC_PLAN_CACHE_H
#define MIGC_PLAN_CACHE_H

#include <stdbool.h>

struct arena;
struct migrt_plan;
struct plan_cache;

#define PLAN_CACHE_MAX 64

/* The cache directory by the rule above (not created); NULL when the
 * cache is off or there is no home directory.  devloop.c keeps its
 * migrators under it. */
const char *plan_cache_dir(struct arena *a);
/* The identity of the project's inputs now; NULL when there is no usable
 * cache (turned off, no home directory, not a directory...). */
struct plan_cache *plan_cache_open(struct arena *a, const char *root);
/* The cached plan if it was built from exactly these inputs, else NULL. */
const struct migrt_plan *plan_cache_lookup(struct plan_cache *c);
/* Stores `plan`, checked from the inputs plan_cache_open() saw; quietly
 * does nothing when they were too recent or the file cannot be written. */
void plan_cache_store(struct plan_cache *c, const struct migrt_plan *plan);

#endif
