/*
 * catalog_evtrig.c - the database's event triggers for catalog_read_with()
 * (catalog.h, CATALOG_EVTRIG), read only when the caller asks
 * (CATALOG_READ_EVTRIGS: it can create them, so its expected side holds
 * them too).
 *
 * An event trigger belongs to the database, not to a schema: a comparison
 * creates the expected ones under the name CATALOG_SCRATCH_PREFIX + NAME,
 * executing the scratch copy of their function.  A read of scratch
 * schemas (shown under other names) takes those, shown as NAME with the
 * function's schema shown as its live name; a live read takes the others.
 * Compared: name, event, tags (sorted), function, enable state.  Those an
 * extension owns are left out.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog_int.h"

#define CATQ_EVTRIGS \
	"SELECT e.evtname, e.evtevent, n.nspname, p.proname, " \
	"array_to_string(ARRAY(SELECT quote_literal(t) FROM unnest(e.evttags) t ORDER BY 1), ', '), " \
	"e.evtenabled::text FROM pg_event_trigger e JOIN pg_proc p ON p.oid = e.evtfoid " \
	"JOIN pg_namespace n ON n.oid = p.pronamespace WHERE NOT EXISTS (SELECT 1 FROM " \
	"pg_depend x WHERE x.classid = 'pg_event_trigger'::regclass AND x.objid = e.oid " \
	"AND x.deptype = 'e') AND (starts_with(e.evtname, $1) = ($2 = 't')) ORDER BY 1"

/* Is this a read of scratch schemas (some shown under another name). */
static int scratch_read(const struct rd *r)
{
	for (size_t i = 0; i < r->n_schemas; i++)
		if (strcmp(r->schemas[i].name, r->schemas[i].shown) != 0)
			return 1;
	return 0;
}

/* A function's schema as shown: a scratch schema's live name. */
static const char *shown_schema(const struct rd *r, const char *nsp)
{
	for (size_t i = 0; i < r->n_schemas; i++)
		if (strcmp(r->schemas[i].name, nsp) == 0)
			return r->schemas[i].shown;
	return nsp;
}

static const char *state_word(char c)
{
	switch (c) {
	case 'D': return "DISABLE";
	case 'R': return "ENABLE REPLICA";
	case 'A': return "ENABLE ALWAYS";
	default: return NULL;
	}
}

int cat_read_evtrigs(struct rd *r)
{
	int scratch = scratch_read(r);
	const char *params[2] = { CATALOG_SCRATCH_PREFIX, scratch ? "t" : "f" };
	size_t skip = scratch ? strlen(CATALOG_SCRATCH_PREFIX) : 0;
	if (!r->n_schemas)
		return 0;
	PGresult *res = cat_query(r, CATQ_EVTRIGS, 2, params);
	if (!res)
		return -1;
	struct rd_schema *cur = r->cur;
	r->cur = &r->schemas[0];	/* cat_add's schema: any, the object has none */
	for (int i = 0; i < PQntuples(res); i++) {
		const char *name = cat_val(res, i, 0) + skip, *tags = cat_val(res, i, 4);
		const char *state = state_word(cat_val(res, i, 5)[0]);
		struct sb key = { 0 }, b = { 0 };
		cat_sb_add(&b, "CREATE EVENT TRIGGER ");
		cat_sb_ident(&b, name);
		cat_sb_add(&b, " ON ");
		cat_sb_add(&b, cat_val(res, i, 1));
		if (tags && tags[0]) {
			cat_sb_add(&b, " WHEN TAG IN (");
			cat_sb_add(&b, tags);
			cat_sb_add(&b, ")");
		}
		cat_sb_add(&b, " EXECUTE FUNCTION ");
		cat_sb_qname(&b, shown_schema(r, cat_val(res, i, 2)), cat_val(res, i, 3));
		cat_sb_add(&b, "()");
		if (state) {
			cat_sb_add(&b, ";\nALTER EVENT TRIGGER ");
			cat_sb_ident(&b, name);
			cat_sb_add(&b, " ");
			cat_sb_add(&b, state);
		}
		cat_add(r, CATALOG_EVTRIG, "event trigger", NULL, NULL, cat_sb_take(&b));
		struct catalog_object *o = &r->out->objects[r->out->n - 1];
		free(o->key);
		cat_sb_add(&key, "event trigger ");
		cat_sb_add(&key, name);
		o->key = cat_sb_take(&key);
	}
	PQclear(res);
	r->cur = cur;
	return 0;
}
