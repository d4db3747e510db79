/*
 * conf.h - migc.conf: the project's settings (never credentials).
 *
 *   # comment
 *   name           = blog
 *   version_table  = migc_version      (or schema.name)
 *   default_schema = public
 *   lint_since     = 3c4d5e6f7081      (lint only the revisions after it)
 *   lint.drop-column = error           (error, warning or off; see lint.h)
 *   extensions     = citext, gis.postgis (installed outside the history:
 *                                       name, or schema.name)
 *
 * One `key = value` per line; values may be double-quoted.  Unknown keys and
 * malformed lines are located errors.
 */
#ifndef MIGC_CONF_H
#define MIGC_CONF_H

#include <stdbool.h>

#include "srcfile.h"

struct arena;
struct diag;
struct src_file;
struct project_conf;

/* Fills `conf` with defaults, then the file's settings.  Returns false
 * after reporting errors. */
bool conf_parse(struct arena *a, struct diag *d, const struct src_file *src,
		struct project_conf *conf);

/* Is `s` a plain identifier usable unquoted: [a-z_][a-z0-9_$]*, <= 63 bytes */
bool conf_is_plain_name(const char *s);

struct model;
/* Adds the extensions of `extensions =` to `m` (conf_ext.c), declared:
 * every model of the project starts with them; and sets what `m` records
 * of grants and owners (compare_grants, compare_owners). */
void conf_seed_extensions(const struct project_conf *conf, struct model *m,
			  struct arena *a);
/* Parses the value of `extensions =` into conf (conf_ext.c). */
void conf_parse_extensions(struct arena *a, struct diag *d, const char *val,
			   struct loc loc, struct project_conf *conf);

#endif
