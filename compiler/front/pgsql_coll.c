/*
 * pgsql_coll.c - collations read from PostgreSQL's parse tree
 * (pgsql_tree.h): create collation [if not exists] [s.]c (...) | from x,
 * drop collation [if exists] a, b [cascade], alter collation c rename to
 * d (new_name) and alter collation c refresh version.  The names are in
 * names[] (schema NULL when not written).  Any other shape (alter
 * collation ... owner to, set schema) is not described here.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"

static bool drop_colls(struct arena *a, const struct pj *x, struct pgsql_stmt *o)
{
	const char *rt = pj_str(x, "removeType");
	const struct pj *objs = pj_get(x, "objects");
	const char *beh = pj_str(x, "behavior");
	if (!rt || strcmp(rt, "OBJECT_COLLATION") != 0 || !objs || objs->kind != PJ_ARR ||
	    !objs->n)
		return false;
	o->names = arena_calloc(a, objs->n, sizeof *o->names);
	for (size_t i = 0; i < objs->n; i++)
		if (!pgsql_any_name(pj_get(pj_get(objs->vals[i], "List"), "items"), &o->names[i]))
			return false;
	o->n_names = objs->n;
	o->kind = PGSQL_DROP_COLL;
	o->if_exists = pj_bool(x, "missing_ok");
	o->cascade = beh && strcmp(beh, "DROP_CASCADE") == 0;
	return true;
}

/* One collation name in o->names. */
static bool one_name(struct arena *a, const struct pj *list, struct pgsql_stmt *o)
{
	struct pgsql_name nm;
	if (!pgsql_any_name(list, &nm))
		return false;
	o->names = arena_alloc(a, sizeof nm);
	o->names[0] = nm;
	o->n_names = 1;
	return true;
}

bool pgsql_describe_coll(struct arena *a, const struct pj *st, struct pgsql_stmt *o)
{
	const struct pj *x;
	if ((x = pj_get(st, "DropStmt")))
		return drop_colls(a, x, o);
	if ((x = pj_get(st, "RenameStmt"))) {
		const char *rt = pj_str(x, "renameType");
		o->new_name = pj_str(x, "newname");
		if (!rt || strcmp(rt, "OBJECT_COLLATION") != 0 || !o->new_name ||
		    !one_name(a, pj_get(pj_get(pj_get(x, "object"), "List"), "items"), o))
			return false;
		o->kind = PGSQL_RENAME_COLL;
		return true;
	}
	if ((x = pj_get(st, "AlterCollationStmt"))) {
		if (!one_name(a, pj_get(x, "collname"), o))
			return false;
		o->kind = PGSQL_REFRESH_COLL;
		return true;
	}
	if (!(x = pj_get(st, "DefineStmt")))
		return false;
	const char *k = pj_str(x, "kind");
	struct pgsql_name nm;
	if (!k || strcmp(k, "OBJECT_COLLATION") != 0 || !pgsql_any_name(pj_get(x, "defnames"), &nm))
		return false;
	o->names = arena_alloc(a, sizeof nm);
	o->names[0] = nm;
	o->n_names = 1;
	o->if_exists = pj_bool(x, "if_not_exists");	/* create: if not exists */
	o->kind = PGSQL_CREATE_COLL;
	return true;
}
