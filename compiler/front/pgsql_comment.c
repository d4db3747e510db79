/*
 * pgsql_comment.c - comment on the object kinds the model knows as plain
 * SQL (pgsql_tree.h, PGSQL_COMMENT): views, materialized views,
 * functions, procedures, aggregates, routines, triggers, domains and
 * types.  Other comment statements (tables, columns, indexes and
 * constraints are native; sequences, schemas and the rest) are not
 * described here.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"

static void one_name(struct arena *a, struct pgsql_stmt *o, struct pgsql_name nm)
{
	o->names = arena_calloc(a, 1, sizeof *o->names);
	o->names[0] = nm;
	o->n_names = 1;
}

bool pgsql_describe_comment(struct arena *a, const struct pj *st, struct pgsql_stmt *o)
{
	const struct pj *x = pj_get(st, "CommentStmt");
	const char *ot = pj_str(x, "objtype");
	const struct pj *obj = pj_get(x, "object");
	struct pgsql_name nm;
	if (!ot || !obj)
		return false;
	if (strcmp(ot, "OBJECT_VIEW") == 0 || strcmp(ot, "OBJECT_MATVIEW") == 0) {
		if (!pgsql_qname(pj_get(pj_get(obj, "List"), "items"), &nm))
			return false;
		o->comment_on = ot[7] == 'V' ? 'v' : 'm';
	} else if (strcmp(ot, "OBJECT_FUNCTION") == 0 || strcmp(ot, "OBJECT_PROCEDURE") == 0 ||
		   strcmp(ot, "OBJECT_AGGREGATE") == 0 || strcmp(ot, "OBJECT_ROUTINE") == 0) {
		o->routine = ot[7] == 'F' ? PGSQL_FUNCTION : ot[7] == 'P' ? PGSQL_PROCEDURE
			     : ot[7] == 'A' ? PGSQL_AGGREGATE : 0;
		if (!pgsql_objwithargs(a, pj_get(obj, "ObjectWithArgs"),
				       o->routine == PGSQL_PROCEDURE, &nm))
			return false;
		o->comment_on = 'r';
	} else if (strcmp(ot, "OBJECT_TRIGGER") == 0) {
		const struct pj *items = pj_get(pj_get(obj, "List"), "items");
		if (!items || items->kind != PJ_ARR || items->n < 2)
			return false;
		struct pgsql_name tn;
		struct pj sub = *items;
		sub.n--;
		memset(&nm, 0, sizeof nm);
		nm.name = pj_str(pj_get(items->vals[items->n - 1], "String"), "sval");
		if (!nm.name || !pgsql_qname(&sub, &tn))
			return false;
		nm.schema = tn.schema;
		nm.table = tn.name;
		o->comment_on = 't';
	} else if (strcmp(ot, "OBJECT_DOMAIN") == 0 || strcmp(ot, "OBJECT_TYPE") == 0) {
		if (!pgsql_any_name(pj_get(pj_get(obj, "TypeName"), "names"), &nm))
			return false;
		o->comment_on = ot[7] == 'D' ? 'd' : 'y';
	} else {
		return false;
	}
	o->kind = PGSQL_COMMENT;
	o->comment = pj_str(x, "comment");
	one_name(a, o, nm);
	return true;
}
