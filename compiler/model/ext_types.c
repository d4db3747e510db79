/*
 * ext_types.c - the types that the extensions of PostgreSQL 15's contrib
 * and a few common ones (postgis, vector) create, by extension name: a
 * data table and its lookup, nothing else.
 *
 * Only types a column can usefully have are listed (not the internal key
 * types of index support).  An extension not listed is still modelled
 * (created, dropped, compared); only its types stay unknown.
 */
#include <stddef.h>
#include <string.h>

#include "model.h"

static const char *const none[] = { NULL };
static const char *const citext[] = { "citext", NULL };
static const char *const cube[] = { "cube", NULL };
static const char *const earthdistance[] = { "earth", NULL };
static const char *const hstore[] = { "hstore", NULL };
static const char *const intarray[] = { "query_int", NULL };
static const char *const isn[] = {
	"ean13", "isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "upc", NULL,
};
static const char *const lo[] = { "lo", NULL };
static const char *const ltree[] = { "ltree", "lquery", "ltxtquery", NULL };
static const char *const pg_trgm[] = { NULL };
static const char *const postgis[] = {
	"box2d", "box3d", "geography", "geometry", "geometry_dump",
	"valid_detail", NULL,
};
static const char *const seg[] = { "seg", NULL };
static const char *const vector[] = { "halfvec", "sparsevec", "vector", NULL };

/* Sorted by name (strcmp order). */
static const struct {
	const char *name;
	const char *const *types;
} exts[] = {
	{ "adminpack", none },		{ "amcheck", none },
	{ "autoinc", none },		{ "bloom", none },
	{ "btree_gin", none },		{ "btree_gist", none },
	{ "citext", citext },		{ "cube", cube },
	{ "dblink", none },		{ "dict_int", none },
	{ "dict_xsyn", none },		{ "earthdistance", earthdistance },
	{ "file_fdw", none },		{ "fuzzystrmatch", none },
	{ "hstore", hstore },		{ "insert_username", none },
	{ "intagg", none },		{ "intarray", intarray },
	{ "isn", isn },			{ "lo", lo },
	{ "ltree", ltree },		{ "moddatetime", none },
	{ "old_snapshot", none },	{ "pageinspect", none },
	{ "pg_buffercache", none },	{ "pg_freespacemap", none },
	{ "pg_prewarm", none },		{ "pg_stat_statements", none },
	{ "pg_surgery", none },		{ "pg_trgm", pg_trgm },
	{ "pg_visibility", none },	{ "pg_walinspect", none },
	{ "pgcrypto", none },		{ "pgrowlocks", none },
	{ "pgstattuple", none },	{ "plpgsql", none },
	{ "postgis", postgis },		{ "postgres_fdw", none },
	{ "refint", none },		{ "seg", seg },
	{ "sslinfo", none },		{ "tablefunc", none },
	{ "tcn", none },		{ "tsm_system_rows", none },
	{ "tsm_system_time", none },	{ "unaccent", none },
	{ "uuid-ossp", none },		{ "vector", vector },
	{ "xml2", none },
};

const char *const *ext_types(const char *ext, bool *listed)
{
	size_t lo_i = 0, hi = sizeof exts / sizeof exts[0];
	while (lo_i < hi) {
		size_t mid = (lo_i + hi) / 2;
		int c = strcmp(ext, exts[mid].name);
		if (c == 0) {
			if (listed)
				*listed = true;
			return exts[mid].types;
		}
		if (c < 0)
			hi = mid;
		else
			lo_i = mid + 1;
	}
	if (listed)
		*listed = false;
	return none;
}
