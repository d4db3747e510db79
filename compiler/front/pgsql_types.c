/*
 * pgsql_types.c - the user-defined types of plain SQL read from
 * PostgreSQL's parse tree (libpg_query): create domain, create type t as
 * (a int, ...) (composite), create type t as range (subtype = ...),
 * create type t; (a shell type), create type t (input = ...) (a base type,
 * only so that it completes a shell),
 * drop domain|type and alter domain|type t rename to u.  Fills the pgsql_stmt of pgsql_tree.h with the kind,
 * the names (schema NULL when not written) and the type kind; anything
 * else is not described (false), so it stays opaque plain SQL.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"

static void one_name(struct arena *a, struct pgsql_stmt *o, struct pgsql_name nm)
{
	o->names = arena_alloc(a, sizeof nm);
	o->names[0] = nm;
	o->n_names = 1;
}

static bool drop_types(struct arena *a, const struct pj *x, struct pgsql_stmt *o)
{
	const char *rt = pj_str(x, "removeType");
	const struct pj *objs = pj_get(x, "objects");
	const char *beh = pj_str(x, "behavior");
	if (!rt || !objs || objs->kind != PJ_ARR || !objs->n)
		return false;
	if (strcmp(rt, "OBJECT_DOMAIN") == 0)
		o->type_kind = PGSQL_DOMAIN;
	else if (strcmp(rt, "OBJECT_TYPE") != 0)
		return false;
	o->names = arena_calloc(a, objs->n, sizeof *o->names);
	for (size_t i = 0; i < objs->n; i++) {
		const struct pj *tn = pj_get(objs->vals[i], "TypeName");
		if (!tn || !pgsql_any_name(pj_get(tn, "names"), &o->names[i]))
			return false;
	}
	o->n_names = objs->n;
	o->kind = PGSQL_DROP_TYPE;
	o->if_exists = pj_bool(x, "missing_ok");
	o->cascade = beh && strcmp(beh, "DROP_CASCADE") == 0;
	return true;
}

bool pgsql_describe_type(struct arena *a, const struct pj *st, struct pgsql_stmt *o)
{
	const struct pj *x;
	struct pgsql_name nm;
	if (pgsql_describe_domain(a, st, o) || pgsql_describe_evtrig(a, st, o) ||
	    pgsql_describe_coll(a, st, o))
		return true;
	if ((x = pj_get(st, "DropStmt")))
		return drop_types(a, x, o);
	if ((x = pj_get(st, "RenameStmt"))) {
		const char *rt = pj_str(x, "renameType");
		if (!rt || (strcmp(rt, "OBJECT_DOMAIN") != 0 && strcmp(rt, "OBJECT_TYPE") != 0) ||
		    !pgsql_any_name(pj_get(pj_get(pj_get(x, "object"), "List"), "items"), &nm))
			return false;
		o->kind = PGSQL_RENAME_TYPE;
		o->type_kind = strcmp(rt, "OBJECT_DOMAIN") == 0 ? PGSQL_DOMAIN : 0;
		o->if_exists = pj_bool(x, "missing_ok");
		one_name(a, o, nm);
		return true;
	}
	if ((x = pj_get(st, "CreateDomainStmt"))) {
		if (!pgsql_any_name(pj_get(x, "domainname"), &nm))
			return false;
		o->type_kind = PGSQL_DOMAIN;
	} else if ((x = pj_get(st, "CompositeTypeStmt"))) {
		const struct pj *rv = pj_get(x, "typevar");
		memset(&nm, 0, sizeof nm);
		nm.name = pj_str(rv, "relname");
		nm.schema = pj_str(rv, "schemaname");
		if (!nm.name)
			return false;
		o->type_kind = PGSQL_COMPOSITE;
	} else if ((x = pj_get(st, "CreateRangeStmt"))) {
		if (!pgsql_any_name(pj_get(x, "typeName"), &nm))
			return false;
		o->type_kind = PGSQL_RANGE;
	} else if ((x = pj_get(st, "DefineStmt"))) {
		const char *k = pj_str(x, "kind");
		if (!k || strcmp(k, "OBJECT_TYPE") != 0 ||
		    !pgsql_any_name(pj_get(x, "defnames"), &nm))
			return false;
		const struct pj *def = pj_get(x, "definition");
		o->type_kind = def && def->kind == PJ_ARR && def->n ? PGSQL_BASE : PGSQL_SHELL;
	} else {
		return false;
	}
	o->kind = PGSQL_CREATE_TYPE;
	one_name(a, o, nm);
	return true;
}
