/*
 * live_acl.c - grants and owners in migc's live commands, when migc.conf
 * asks for them (compare_grants, compare_owners; docs/language.md):
 * what catalog_read_with() reads, the statements init --from-url adopts,
 * and the statements revision --autogenerate --url writes for the
 * differences (GRANT for a missing grant, REVOKE for an unexpected one,
 * both for changed privileges; ALTER ... OWNER TO for an owner).
 *
 * Guarantees: with both settings off nothing is read and nothing is
 * written (the commands behave as without this file).  A grant on an
 * object schema.mig does not have is not revoked: the drop takes it along.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog.h"
#include "live.h"
#include "model_ast.h"
#include "project.h"
#include "sqltext.h"

unsigned live_acl_what(bool grants, bool owners)
{
	return (grants ? CATALOG_READ_GRANTS : 0) | (owners ? CATALOG_READ_OWNERS : 0);
}

/* Is `o` on a table live_catalog_text() leaves out whole. */
static bool left_out(struct arena *a, const struct catalog_object *o, const char **out,
		     size_t n)
{
	for (size_t i = 0; o->table && i < n; i++)
		if (strcmp(out[i], arena_printf(a, "%s.%s", o->schema, o->table)) == 0)
			return true;
	return false;
}

void live_acl_text(struct arena *a, struct strbuf *sb, const struct catalog *c)
{
	size_t n_out;
	const char **out = live_left_out(a, c, &n_out);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->n; i++)
			if (c->objects[i].kind == (pass ? CATALOG_OWNER : CATALOG_GRANT) &&
			    !left_out(a, &c->objects[i], out, n_out))
				sb_printf(sb, "\n%s;\n", c->objects[i].sql);
}

/* GRANT privs ON what TO role [WITH GRANT OPTION] as the REVOKE that
 * undoes it exactly (REVOKE GRANT OPTION FOR ... when it was the option). */
static const char *revoke_of(struct arena *a, const char *grant)
{
	const char *to = strstr(grant, " TO ");
	const char *opt = strstr(grant, " WITH GRANT OPTION");
	while (to && strstr(to + 4, " TO "))	/* the last " TO " (names are quoted) */
		to = strstr(to + 4, " TO ");
	if (!to || strncmp(grant, "GRANT ", 6) != 0)
		return NULL;
	size_t role_len = opt ? (size_t)(opt - (to + 4)) : strlen(to + 4);
	return arena_printf(a, "REVOKE %s%.*s FROM %.*s", opt ? "GRANT OPTION FOR " : "",
			    (int)(to - grant - 6), grant + 6, (int)role_len, to + 4);
}

/* Does `want` hold the object a grant or owner key ("grant table s.t to
 * r", "owner function s.f(x)") is about. */
static bool object_kept(struct arena *a, const struct catalog *want,
			const struct catalog_object *o)
{
	const char *k = o->key + 6;	/* after "grant " or "owner " */
	const char *sp = strchr(k, ' ');
	if (!sp)
		return false;
	size_t wl = (size_t)(sp - k);
	const char *obj = sp + 1;
	const char *end = o->kind == CATALOG_GRANT ? strstr(obj, " to ") : obj + strlen(obj);
	if (!end)
		return false;
	const char *name = arena_strndup(a, obj, (size_t)(end - obj));
	if (strncmp(k, "sequence", wl) == 0 && wl == 8)
		return true;	/* sequences are implied by their columns */
	if (wl == 5 && strncmp(k, "table", 5) == 0) {
		char *paren = strchr(name, '(');
		if (paren)
			*paren = '\0';	/* a column's grant: its table */
		static const char *const words[] = { "table", "view", "materialized view" };
		for (size_t i = 0; i < 3; i++)
			if (catalog_find(want, arena_printf(a, "%s %s", words[i], name)))
				return true;
		return false;
	}
	return catalog_find(want, arena_printf(a, "%.*s %s", (int)wl, k, name)) != NULL;
}

void live_acl_stmts(struct arena *a, const struct catalog *db, const struct catalog *want,
		    struct mast_list *l)
{
	size_t n;
	struct catalog_diff *d = catalog_compare(want, db, 0, &n);
	for (size_t i = 0; i < n; i++) {
		const struct catalog_object *e = d[i].expected, *c = d[i].actual;
		const struct catalog_object *o = e ? e : c;
		if (o->kind != CATALOG_GRANT && o->kind != CATALOG_OWNER)
			continue;
		if (c && c->kind == CATALOG_GRANT && object_kept(a, want, c)) {
			const char *r = revoke_of(a, c->sql);
			if (r)
				mast_push_sql(l, r);
		}
		if (e)
			mast_push_sql(l, arena_strdup(a, e->sql));
	}
	free(d);
}
