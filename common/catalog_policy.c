/*
 * catalog_policy.c - the row security policies of catalog_read()
 * (catalog.h): one query per schema, each policy printed as the CREATE
 * POLICY statement that makes it, with PostgreSQL's printing of its
 * expressions and roles (sorted, so that two reads compare equal).
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog_int.h"
#include "catalog_query.h"

static const char *command(char c)
{
	switch (c) {
	case 'r': return " FOR SELECT";
	case 'a': return " FOR INSERT";
	case 'w': return " FOR UPDATE";
	case 'd': return " FOR DELETE";
	default: return "";	/* '*': all, the default */
	}
}

int cat_read_policies(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_POLICIES, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		struct rd_table *t = cat_find_table(r, cat_val(res, i, 0));
		const char *name = cat_val(res, i, 1), *cmd = cat_val(res, i, 3);
		const char *roles = cat_val(res, i, 4);
		const char *qual = cat_val(res, i, 5), *check = cat_val(res, i, 6);
		struct sb b = { 0 };
		char *text;

		if (!t || t->skip)
			continue;
		cat_sb_add(&b, "CREATE POLICY ");
		cat_sb_ident(&b, name);
		cat_sb_add(&b, " ON ");
		cat_sb_qname(&b, r->cur->shown, t->name);
		if (!cat_flag(res, i, 2))
			cat_sb_add(&b, " AS RESTRICTIVE");
		cat_sb_add(&b, command(cmd ? cmd[0] : '*'));
		if (roles && strcmp(roles, "public") != 0) {
			cat_sb_add(&b, " TO ");
			cat_sb_add(&b, roles);
		}
		if (qual) {
			cat_sb_add(&b, " USING (");
			text = cat_remap(r, qual);
			cat_sb_add(&b, text);
			free(text);
			cat_sb_add(&b, ")");
		}
		if (check) {
			cat_sb_add(&b, " WITH CHECK (");
			text = cat_remap(r, check);
			cat_sb_add(&b, text);
			free(text);
			cat_sb_add(&b, ")");
		}
		cat_add(r, CATALOG_POLICY, "policy", t->name, name, cat_sb_take(&b));
	}
	PQclear(res);
	return 0;
}
