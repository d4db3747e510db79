/*
 * pgsql_acl.c - grants, revokes and owners of plain SQL read from
 * PostgreSQL's parse tree (libpg_query): grant|revoke [grant option for]
 * privileges [(columns)] | all [privileges] on [table|sequence|schema|
 * function|procedure|routine] objects | all tables|sequences|functions in
 * schema s to|from role|public [with grant option]; alter table|view|
 * materialized view|sequence|function|procedure|schema|type|domain ...
 * owner to role; create schema ... authorization role.  Fills the
 * pgsql_stmt of pgsql_tree.h (kind PGSQL_GRANT or PGSQL_OWNER, names,
 * acl); anything else - other object kinds, role grants, current_user and
 * the like as a role - is not described (false), so it stays opaque.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"

static const char *const priv_names[PGSQL_N_PRIVS] = {
	"select", "insert", "update", "delete", "truncate", "references", "trigger",
	"usage", "create", "execute",
};

static unsigned priv_bit(const char *name)
{
	for (unsigned i = 0; i < PGSQL_N_PRIVS; i++)
		if (strcmp(name, priv_names[i]) == 0)
			return 1u << i;
	return 0;
}

/* A RoleSpec as a name: "public" for PUBLIC; NULL for current_user,
 * session_user, current_role (not known at compile time). */
static const char *role_of(const struct pj *rs)
{
	const char *t = pj_str(rs, "roletype");
	if (!t)
		return NULL;
	if (strcmp(t, "ROLESPEC_PUBLIC") == 0)
		return "public";
	if (strcmp(t, "ROLESPEC_CSTRING") == 0)
		return pj_str(rs, "rolename");
	return NULL;
}

static struct pgsql_acl *new_acl(struct arena *a, struct pgsql_stmt *o, enum pgsql_kind k)
{
	o->acl = arena_calloc(a, 1, sizeof *o->acl);
	o->kind = k;
	return o->acl;
}

static bool add_obj(struct arena *a, struct pgsql_stmt *o, struct pgsql_name nm, size_t cap)
{
	if (!o->names)
		o->names = arena_calloc(a, cap ? cap : 1, sizeof *o->names);
	o->names[o->n_names++] = nm;
	return nm.name != NULL;
}

static bool privileges(struct arena *a, const struct pj *list, size_t slots,
		       struct pgsql_acl *acl)
{
	if (!list) {
		acl->privs = PGSQL_PRIV_ALL;
		return true;
	}
	if (list->kind != PJ_ARR)
		return false;
	acl->cols = arena_calloc(a, slots, sizeof *acl->cols);
	acl->col_privs = arena_calloc(a, slots, sizeof *acl->col_privs);
	for (size_t i = 0; i < list->n; i++) {
		const struct pj *ap = pj_get(list->vals[i], "AccessPriv");
		const char *pn = pj_str(ap, "priv_name");
		unsigned bit = pn ? priv_bit(pn) : PGSQL_PRIV_ALL;
		const struct pj *cols = pj_get(ap, "cols");
		if (!ap || !bit)
			return false;
		if (!cols) {
			acl->privs |= bit;
			continue;
		}
		for (size_t c = 0; cols->kind == PJ_ARR && c < cols->n; c++) {
			const char *col = pj_str(pj_get(cols->vals[c], "String"), "sval");
			size_t k = 0;
			if (!col)
				return false;
			while (k < acl->n_cols && strcmp(acl->cols[k], col) != 0)
				k++;
			if (k == acl->n_cols)
				acl->cols[acl->n_cols++] = col;	/* slots: one per column written */
			acl->col_privs[k] |= bit;
		}
	}
	return true;
}

/* Column lists can name many columns: room for them all. */
static size_t n_column_slots(const struct pj *list)
{
	size_t n = 1;
	for (size_t i = 0; list && list->kind == PJ_ARR && i < list->n; i++) {
		const struct pj *cols = pj_get(pj_get(list->vals[i], "AccessPriv"), "cols");
		n += cols && cols->kind == PJ_ARR ? cols->n : 0;
	}
	return n;
}

static bool grant(struct arena *a, const struct pj *x, struct pgsql_stmt *o)
{
	const char *tt = pj_str(x, "targtype"), *ot = pj_str(x, "objtype");
	const struct pj *objs = pj_get(x, "objects"), *gs = pj_get(x, "grantees");
	const char *beh = pj_str(x, "behavior");
	if (!tt || !ot || !objs || objs->kind != PJ_ARR || !gs || gs->kind != PJ_ARR)
		return false;
	struct pgsql_acl *acl = new_acl(a, o, PGSQL_GRANT);
	acl->is_grant = pj_bool(x, "is_grant");
	acl->grant_option = pj_bool(x, "grant_option");
	o->cascade = beh && strcmp(beh, "DROP_CASCADE") == 0;
	if (strcmp(ot, "OBJECT_TABLE") == 0)
		acl->objkind = PGSQL_ACL_TABLE;
	else if (strcmp(ot, "OBJECT_SEQUENCE") == 0)
		acl->objkind = PGSQL_ACL_SEQUENCE;
	else if (strcmp(ot, "OBJECT_SCHEMA") == 0)
		acl->objkind = PGSQL_ACL_SCHEMA;
	else if (strcmp(ot, "OBJECT_FUNCTION") == 0 || strcmp(ot, "OBJECT_PROCEDURE") == 0 ||
		 strcmp(ot, "OBJECT_ROUTINE") == 0)
		acl->objkind = PGSQL_ACL_FUNCTION;
	else
		return false;
	if (strcmp(tt, "ACL_TARGET_ALL_IN_SCHEMA") == 0)
		acl->all_in_schema = true;
	else if (strcmp(tt, "ACL_TARGET_OBJECT") != 0)
		return false;
	const struct pj *pl = pj_get(x, "privileges");
	if (!privileges(a, pl, n_column_slots(pl), acl))
		return false;
	for (size_t i = 0; i < objs->n; i++) {
		const struct pj *v = objs->vals[i];
		struct pgsql_name nm;
		memset(&nm, 0, sizeof nm);
		if (acl->all_in_schema || acl->objkind == PGSQL_ACL_SCHEMA) {
			nm.name = pj_str(pj_get(v, "String"), "sval");
		} else if (acl->objkind == PGSQL_ACL_FUNCTION) {
			if (!pgsql_objwithargs(a, pj_get(v, "ObjectWithArgs"), false, &nm) ||
			    !nm.args)
				return false;
		} else {
			const struct pj *rv = pj_get(v, "RangeVar");
			nm.name = pj_str(rv, "relname");
			nm.schema = pj_str(rv, "schemaname");
		}
		if (!add_obj(a, o, nm, objs->n))
			return false;
	}
	acl->grantees = arena_calloc(a, gs->n ? gs->n : 1, sizeof *acl->grantees);
	for (size_t i = 0; i < gs->n; i++) {
		const char *r = role_of(pj_get(gs->vals[i], "RoleSpec"));
		if (!r)
			return false;
		acl->grantees[acl->n_grantees++] = r;
	}
	return o->n_names > 0 && acl->n_grantees > 0;
}

static char owner_word(const char *ot)
{
	static const struct { const char *t; char w; } words[] = {
		{ "OBJECT_TABLE", 't' }, { "OBJECT_VIEW", 'v' }, { "OBJECT_MATVIEW", 'm' },
		{ "OBJECT_SEQUENCE", 's' }, { "OBJECT_FUNCTION", 'f' },
		{ "OBJECT_PROCEDURE", 'p' }, { "OBJECT_ROUTINE", 'f' }, { "OBJECT_SCHEMA", 'n' },
		{ "OBJECT_TYPE", 'y' }, { "OBJECT_DOMAIN", 'd' }, { "OBJECT_COLLATION", 'l' },
	};
	for (size_t i = 0; ot && i < sizeof words / sizeof *words; i++)
		if (strcmp(ot, words[i].t) == 0)
			return words[i].w;
	return 0;
}

static char owner_kind(char w)
{
	switch (w) {
	case 's': return PGSQL_ACL_SEQUENCE;
	case 'f': case 'p': return PGSQL_ACL_FUNCTION;
	case 'n': return PGSQL_ACL_SCHEMA;
	case 'y': case 'd': return PGSQL_ACL_TYPE;
	case 'l': return PGSQL_ACL_COLLATION;
	default: return PGSQL_ACL_TABLE;
	}
}

static bool owner(struct arena *a, const struct pj *st, struct pgsql_stmt *o)
{
	const struct pj *x;
	struct pgsql_name nm;
	memset(&nm, 0, sizeof nm);
	const char *role = NULL;
	char w = 0;
	if ((x = pj_get(st, "AlterTableStmt"))) {
		const struct pj *cmds = pj_get(x, "cmds");
		if (!cmds || cmds->kind != PJ_ARR || cmds->n != 1)
			return false;
		const struct pj *cmd = pj_get(cmds->vals[0], "AlterTableCmd");
		const char *sub = pj_str(cmd, "subtype");
		if (!sub || strcmp(sub, "AT_ChangeOwner") != 0)
			return false;
		const struct pj *rv = pj_get(x, "relation");
		nm.name = pj_str(rv, "relname");
		nm.schema = pj_str(rv, "schemaname");
		role = role_of(pj_get(cmd, "newowner"));
		w = owner_word(pj_str(x, "objtype"));
		o->if_exists = pj_bool(x, "missing_ok");
	} else if ((x = pj_get(st, "AlterOwnerStmt"))) {
		w = owner_word(pj_str(x, "objectType"));
		const struct pj *obj = pj_get(x, "object");
		role = role_of(pj_get(x, "newowner"));
		if (w == 'f' || w == 'p') {
			if (!pgsql_objwithargs(a, pj_get(obj, "ObjectWithArgs"), w == 'p', &nm) ||
			    !nm.args)
				return false;
		} else if (w == 'n') {
			nm.name = pj_str(pj_get(obj, "String"), "sval");
		} else if (w == 'y' || w == 'd' || w == 'l') {
			const struct pj *items = pj_get(pj_get(obj, "List"), "items");
			if (!items || items->kind != PJ_ARR || !items->n || items->n > 2)
				return false;
			nm.name = pj_str(pj_get(items->vals[items->n - 1], "String"), "sval");
			nm.schema = items->n == 2 ? pj_str(pj_get(items->vals[0], "String"), "sval")
						  : NULL;
		} else {
			return false;
		}
	} else if ((x = pj_get(st, "CreateSchemaStmt"))) {
		/* create schema [name] authorization role: the name defaults to the role */
		role = role_of(pj_get(x, "authrole"));
		nm.name = pj_str(x, "schemaname");
		if (!nm.name)
			nm.name = role;
		w = 'n';
		if (pj_get(x, "schemaElts"))
			return false;
	} else {
		return false;
	}
	if (!w || !role || strcmp(role, "public") == 0 || !nm.name)
		return false;
	struct pgsql_acl *acl = new_acl(a, o, PGSQL_OWNER);
	acl->owner_word = w;
	acl->objkind = owner_kind(w);
	acl->owner = role;
	return add_obj(a, o, nm, 1);
}

bool pgsql_describe_acl(struct arena *a, const struct pj *st, struct pgsql_stmt *o)
{
	const struct pj *x = pj_get(st, "GrantStmt");
	bool ok = x ? grant(a, x, o) : owner(a, st, o);
	if (!ok) {
		o->kind = PGSQL_OTHER;
		o->acl = NULL;
		o->names = NULL;
		o->n_names = 0;
	}
	return ok;
}
