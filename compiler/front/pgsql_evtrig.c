/*
 * pgsql_evtrig.c - event triggers read from PostgreSQL's parse tree
 * (pgsql_tree.h): create event trigger (its name, event and function),
 * alter event trigger enable|disable, alter event trigger rename to, drop
 * event trigger.  The name is in names[0].name (event triggers belong to
 * no schema); the function in func.  Any other shape is not described.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"

static void name_only(struct arena *a, struct pgsql_stmt *o, const char *name)
{
	o->names = arena_calloc(a, 1, sizeof *o->names);
	o->names[0].name = name;
	o->n_names = 1;
}

static bool func_of(const struct pj *list, struct pgsql_name *out)
{
	memset(out, 0, sizeof *out);
	if (!list || list->kind != PJ_ARR || list->n == 0 || list->n > 3)
		return false;
	out->name = pj_str(pj_get(list->vals[list->n - 1], "String"), "sval");
	if (list->n >= 2)
		out->schema = pj_str(pj_get(list->vals[list->n - 2], "String"), "sval");
	out->args = "";
	return out->name != NULL;
}

bool pgsql_describe_evtrig(struct arena *a, const struct pj *st, struct pgsql_stmt *o)
{
	const struct pj *x;
	const char *name;
	if ((x = pj_get(st, "CreateEventTrigStmt"))) {
		name = pj_str(x, "trigname");
		o->evt_event = pj_str(x, "eventname");
		if (!name || !o->evt_event || !func_of(pj_get(x, "funcname"), &o->func))
			return false;
		o->kind = PGSQL_CREATE_EVTRIG;
	} else if ((x = pj_get(st, "AlterEventTrigStmt"))) {
		name = pj_str(x, "trigname");
		const char *en = pj_str(x, "tgenabled");
		if (!name || !en || strlen(en) != 1)
			return false;
		o->evt_enabled = en[0];
		o->kind = PGSQL_ALTER_EVTRIG;
	} else if ((x = pj_get(st, "RenameStmt"))) {
		const char *rt = pj_str(x, "renameType");
		name = pj_str(pj_get(pj_get(x, "object"), "String"), "sval");
		o->new_name = pj_str(x, "newname");
		if (!rt || strcmp(rt, "OBJECT_EVENT_TRIGGER") != 0 || !name || !o->new_name)
			return false;
		o->kind = PGSQL_RENAME_EVTRIG;
	} else if ((x = pj_get(st, "DropStmt"))) {
		const char *rt = pj_str(x, "removeType");
		const struct pj *objs = pj_get(x, "objects");
		if (!rt || strcmp(rt, "OBJECT_EVENT_TRIGGER") != 0 || !objs ||
		    objs->kind != PJ_ARR || objs->n != 1)
			return false;
		name = pj_str(pj_get(objs->vals[0], "String"), "sval");
		if (!name)
			return false;
		const char *beh = pj_str(x, "behavior");
		o->if_exists = pj_bool(x, "missing_ok");
		o->cascade = beh && strcmp(beh, "DROP_CASCADE") == 0;
		o->kind = PGSQL_DROP_EVTRIG;
	} else {
		return false;
	}
	name_only(a, o, name);
	return true;
}
