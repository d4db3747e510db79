/*
 * preflight.h - the pre-flight data checks of a revision's upgrade.
 *
 * For each statement whose success depends on the rows already in a table
 * (set not null, add unique / create unique index, add foreign key, add
 * check, validate constraint, a type change whose cast can fail) the
 * compiler writes one `DO` block that counts the offending rows and, when
 * there are any, raises the statement's own SQLSTATE with the count and
 * at most five primary-key values (docs/migrator.md, "Pre-flight
 * checks").  They are data in the plan, outside the checksum.
 */
#ifndef MIGC_PREFLIGHT_H
#define MIGC_PREFLIGHT_H

struct arena;
struct revision;
struct migrt_revision;

/* Fills m->preflight, m->preflight_before and m->n_preflight from the
 * upgrade of `r` (NULL and 0 when no statement needs a check, and for a
 * no_transaction revision).  Allocated in `a`. */
void preflight_build(struct arena *a, const struct revision *r,
		     struct migrt_revision *m);

#endif
