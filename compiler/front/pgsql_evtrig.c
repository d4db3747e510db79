/*
 * pgsql_evtrig.c - event triggers read from PostgreSQL's parse tree
 * (pgsql_tree.h): create event trigger (its name, event and function),
 * alter event trigger enable|disable, alter event trigger rename to, drop
 * event trigger.  The name is in names[0].name (event triggers belong to
 * no schema); the function in func, the tags in evt_tags (as PostgreSQL
 * keeps them: upper case; sorted).  Any other shape is not described.
 */
#include <stdlib.h>
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

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* "when tag in (...)": the tags upper case, sorted, joined; NULL when the
 * clause has another shape */
static const char *tags_of(struct arena *a, const struct pj *when)
{
	if (!when)
		return "";
	if (when->kind != PJ_ARR || when->n != 1)
		return NULL;
	const struct pj *de = pj_get(when->vals[0], "DefElem");
	const char *what = pj_str(de, "defname");
	const struct pj *items = pj_get(pj_get(pj_get(de, "arg"), "List"), "items");
	if (!what || strcmp(what, "tag") != 0 || !items || items->kind != PJ_ARR || !items->n)
		return NULL;
	char **v = arena_calloc(a, items->n, sizeof *v);
	for (size_t i = 0; i < items->n; i++) {
		const char *t = pj_str(pj_get(items->vals[i], "String"), "sval");
		if (!t)
			return NULL;
		v[i] = arena_strdup(a, t);
		for (char *c = v[i]; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
	}
	qsort(v, items->n, sizeof *v, cmp_str);
	const char *out = v[0];
	for (size_t i = 1; i < items->n; i++)
		out = arena_printf(a, "%s, %s", out, v[i]);
	return out;
}

bool pgsql_describe_evtrig(struct arena *a, const struct pj *st, struct pgsql_stmt *o)
{
	const struct pj *x;
	const char *name;
	if ((x = pj_get(st, "CreateEventTrigStmt"))) {
		name = pj_str(x, "trigname");
		o->evt_event = pj_str(x, "eventname");
		o->evt_tags = tags_of(a, pj_get(x, "whenclause"));
		if (!name || !o->evt_event || !o->evt_tags || !func_of(pj_get(x, "funcname"), &o->func))
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
