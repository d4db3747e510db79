/*
 * pgsql_domain.c - alter domain read from PostgreSQL's parse tree
 * (pgsql_tree.h): add constraint (a check, named or not, maybe not
 * valid), drop constraint [if exists], validate constraint, rename
 * constraint, set|drop default, set|drop not null.  Fills the domain's
 * name and the operation; the texts of a check or a default are taken
 * from the statement as written by the replay (model_domain_clause()).
 * Any other shape is not described (false), so it stays opaque.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"

static bool alter(const struct pj *x, struct pgsql_stmt *o, struct pgsql_name *nm)
{
	const char *sub = pj_str(x, "subtype");
	if (!sub || !pgsql_any_name(pj_get(x, "typeName"), nm) || strlen(sub) != 1)
		return false;
	o->domain_op = sub[0];
	o->if_exists = pj_bool(x, "missing_ok");
	const char *beh = pj_str(x, "behavior");
	o->cascade = beh && strcmp(beh, "DROP_CASCADE") == 0;
	switch (sub[0]) {
	case 'T':
		o->has_default = pj_get(x, "def") != NULL;
		return true;
	case 'O':
	case 'N':
		return true;
	case 'X':
	case 'V':
		o->con_name = pj_str(x, "name");
		return o->con_name != NULL;
	case 'C': {
		const struct pj *c = pj_get(pj_get(x, "def"), "Constraint");
		const char *ct = pj_str(c, "contype");
		if (!ct || strcmp(ct, "CONSTR_CHECK") != 0)
			return false;
		o->con_name = pj_str(c, "conname");
		o->not_valid = pj_bool(c, "skip_validation");
		return true;
	}
	default:
		return false;
	}
}

bool pgsql_describe_domain(struct arena *a, const struct pj *st, struct pgsql_stmt *o)
{
	const struct pj *x;
	struct pgsql_name nm;
	if ((x = pj_get(st, "AlterDomainStmt"))) {
		if (!alter(x, o, &nm))
			return false;
	} else if ((x = pj_get(st, "RenameStmt"))) {
		const char *rt = pj_str(x, "renameType");
		if (!rt || strcmp(rt, "OBJECT_DOMCONSTRAINT") != 0 ||
		    !pgsql_any_name(pj_get(pj_get(pj_get(x, "object"), "List"), "items"), &nm))
			return false;
		o->domain_op = 'R';
		o->con_name = pj_str(x, "subname");
		o->new_name = pj_str(x, "newname");
		if (!o->con_name || !o->new_name)
			return false;
	} else {
		return false;
	}
	o->kind = PGSQL_ALTER_DOMAIN;
	o->type_kind = PGSQL_DOMAIN;
	o->names = arena_alloc(a, sizeof nm);
	o->names[0] = nm;
	o->n_names = 1;
	return true;
}
