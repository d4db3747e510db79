/*
 * pgsql_attach.c - alter index P attach partition C read from PostgreSQL's
 * parse tree (pgsql_tree.h, PGSQL_ATTACH_INDEX): names[0] is the
 * partitioned table's index P, names[1] the partition's index C (schema
 * NULL when not written).  Any other shape (alter table ... attach
 * partition is native, ast_part.c) is not described.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"

static bool range_var(const struct pj *rv, struct pgsql_name *out)
{
	memset(out, 0, sizeof *out);
	out->name = pj_str(rv, "relname");
	out->schema = pj_str(rv, "schemaname");
	return out->name != NULL;
}

bool pgsql_describe_attach(struct arena *a, const struct pj *st, struct pgsql_stmt *o)
{
	const struct pj *x = pj_get(st, "AlterTableStmt");
	const char *ot = pj_str(x, "objtype");
	if (!x || !ot || strcmp(ot, "OBJECT_INDEX") != 0)
		return false;
	const struct pj *cmds = pj_get(x, "cmds");
	if (!cmds || cmds->kind != PJ_ARR || cmds->n != 1)
		return false;
	const struct pj *cmd = pj_get(cmds->vals[0], "AlterTableCmd");
	const char *sub = pj_str(cmd, "subtype");
	if (!sub || strcmp(sub, "AT_AttachPartition") != 0)
		return false;
	struct pgsql_name *v = arena_calloc(a, 2, sizeof *v);
	if (!range_var(pj_get(x, "relation"), &v[0]) ||
	    !range_var(pj_get(pj_get(pj_get(cmd, "def"), "PartitionCmd"), "name"), &v[1]))
		return false;
	o->names = v;
	o->n_names = 2;
	o->kind = PGSQL_ATTACH_INDEX;
	return true;
}
