/*
 * catalog_acl.c - grants and owners of catalog_read_with() (catalog.h,
 * CATALOG_GRANT and CATALOG_OWNER), read only when the caller asks
 * (migc.conf's compare_grants, compare_owners).
 *
 * Grants come from the ACLs (pg_class.relacl, pg_attribute.attacl,
 * pg_proc.proacl) through aclexplode(), without the entries the object's
 * default ACL (acldefault) already holds: the owner's own privileges and
 * PUBLIC's EXECUTE on a function are not grants anyone wrote.  One object
 * per object, column, grantee and grant option, its privileges in a fixed
 * order, so that two reads compare equal exactly when PostgreSQL holds the
 * same privileges; the grantor is not compared.  Owners: one ALTER ...
 * OWNER TO per relation (tables, views, materialized views, sequences not
 * owned by a column), per function or procedure, per collation and per
 * schema (its
 * nspowner and nspacl: "owner schema s", "grant schema s to bob").
 * Schema "public" is left out: PostgreSQL creates it owned by
 * pg_database_owner with its own ACL, which a scratch copy made by
 * whoever runs a comparison cannot match.  Objects of extensions and of
 * tables left out (the version table) are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog_int.h"
#include "catalog_query.h"

#define PRIV_ORDER(col) \
	"array_position(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE'," \
	"'REFERENCES','TRIGGER','USAGE','CREATE','EXECUTE'], " col "::text)"
#define GRANTEE \
	"CASE WHEN g.grantee = 0 THEN NULL ELSE pg_get_userbyid(g.grantee) END"
#define NOT_DEFAULT(kind, owner) \
	" NOT EXISTS (SELECT 1 FROM aclexplode(acldefault(" kind ", " owner ")) d " \
	"WHERE d.grantee = g.grantee AND d.privilege_type = g.privilege_type " \
	"AND d.is_grantable = g.is_grantable) "
#define REL_KINDS " c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
#define REL_ACLKIND "CASE WHEN c.relkind = 'S' THEN 's'::\"char\" ELSE 'r'::\"char\" END"

/* relation, relkind, column (NULL: the relation), grantee (NULL: PUBLIC),
 * grantable, privileges */
#define CATQ_REL_GRANTS \
	"SELECT c.relname, c.relkind::text, NULL::name, " GRANTEE ", g.is_grantable, " \
	"string_agg(g.privilege_type, ', ' ORDER BY " PRIV_ORDER("g.privilege_type") ") " \
	"FROM pg_class c, LATERAL aclexplode(c.relacl) g " \
	"WHERE c.relnamespace = $1 AND" REL_KINDS "AND " NOT_EXTENSION("pg_class", "c.oid") \
	"AND" NOT_DEFAULT(REL_ACLKIND, "c.relowner") "GROUP BY 1, 2, 3, 4, 5 " \
	"UNION ALL SELECT c.relname, c.relkind::text, a.attname, " GRANTEE ", g.is_grantable, " \
	"string_agg(g.privilege_type, ', ' ORDER BY " PRIV_ORDER("g.privilege_type") ") " \
	"FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 " \
	"AND NOT a.attisdropped, LATERAL aclexplode(a.attacl) g " \
	"WHERE c.relnamespace = $1 AND" REL_KINDS "AND " NOT_EXTENSION("pg_class", "c.oid") \
	"GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3, 4, 5"

/* kind, name, identity arguments, grantee, grantable */
#define CATQ_FUNC_GRANTS \
	"SELECT p.prokind::text, p.proname, pg_get_function_identity_arguments(p.oid), " \
	GRANTEE ", g.is_grantable FROM pg_proc p, LATERAL aclexplode(p.proacl) g " \
	"WHERE p.pronamespace = $1 AND p.prokind IN ('f', 'p', 'w') AND " \
	NOT_EXTENSION("pg_proc", "p.oid") "AND" NOT_DEFAULT("'f'::\"char\"", "p.proowner") \
	"ORDER BY 2, 3, 4, 5"

/* kind, name, identity arguments (NULL: a relation), owner */
#define CATQ_OWNERS \
	"SELECT c.relkind::text, c.relname, NULL::text, pg_get_userbyid(c.relowner) " \
	"FROM pg_class c WHERE c.relnamespace = $1 AND" REL_KINDS "AND " \
	NOT_EXTENSION("pg_class", "c.oid") \
	"AND NOT EXISTS (SELECT 1 FROM pg_depend o WHERE o.classid = 'pg_class'::regclass " \
	"AND o.objid = c.oid AND o.deptype IN ('a', 'i')) " \
	"UNION ALL SELECT p.prokind::text, p.proname, pg_get_function_identity_arguments(p.oid), " \
	"pg_get_userbyid(p.proowner) FROM pg_proc p WHERE p.pronamespace = $1 " \
	"AND p.prokind IN ('f', 'p', 'w') AND " NOT_EXTENSION("pg_proc", "p.oid") \
	"AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass " \
	"AND i.objid = p.oid AND i.deptype = 'i') " \
	"UNION ALL SELECT 'l', l.collname, NULL, pg_get_userbyid(l.collowner) " \
	"FROM pg_collation l WHERE l.collnamespace = $1 AND " \
	NOT_EXTENSION("pg_collation", "l.oid") "ORDER BY 2, 3"

/* grantee, grantable, privileges of the schema $1 (not its default ACL) */
#define CATQ_SCHEMA_GRANTS \
	"SELECT " GRANTEE ", g.is_grantable, string_agg(g.privilege_type, ', ' ORDER BY " \
	PRIV_ORDER("g.privilege_type") ") FROM pg_namespace n, LATERAL aclexplode(n.nspacl) g " \
	"WHERE n.oid = $1 AND" NOT_DEFAULT("'n'::\"char\"", "n.nspowner") \
	"GROUP BY 1, 2 ORDER BY 1, 2"
#define CATQ_SCHEMA_OWNER \
	"SELECT pg_get_userbyid(n.nspowner) FROM pg_namespace n WHERE n.oid = $1"

static const char *rel_word(char kind)
{
	switch (kind) {
	case 'S': return "SEQUENCE";
	case 'v': return "VIEW";
	case 'm': return "MATERIALIZED VIEW";
	case 'f': return "FOREIGN TABLE";
	case 'l': return "COLLATION";	/* CATQ_OWNERS' collations */
	default: return "TABLE";
	}
}

static const char *func_word(char kind)
{
	return kind == 'p' ? "PROCEDURE" : "FUNCTION";
}

/* Is "S.NAME" (the schema being read; NAME with its arguments for a
 * routine) listed as an object migc cannot express: then its grants and
 * owner are not adopted either. */
static int unsupported(struct rd *r, const char *name, const char *args)
{
	static const char *const words[] = {
		"sequence ", "view ", "materialized view ", "table ", "partitioned table ",
		"foreign table ", "function ", "procedure ",
	};
	struct sb want = { 0 };
	int hit = 0;
	cat_sb_add(&want, r->cur->shown);
	cat_sb_add(&want, ".");
	cat_sb_add(&want, name);
	if (args) {
		char *mapped = cat_remap(r, args);
		cat_sb_add(&want, "(");
		cat_sb_add(&want, mapped);
		cat_sb_add(&want, ")");
		free(mapped);
	}
	for (size_t i = 0; !hit && i < r->out->n_unsupported; i++)
		for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
			size_t len = strlen(words[w]);
			const char *u = r->out->unsupported[i];
			if (strncmp(u, words[w], len) == 0 && strcmp(u + len, want.s) == 0) {
				hit = 1;
				break;
			}
		}
	free(want.s);
	return hit;
}

/* Adds one object keyed "<key>" (built here, not by cat_add's rule). */
static void add(struct rd *r, enum catalog_kind kind, const char *table, struct sb *key,
		char *sql)
{
	cat_add(r, kind, "", NULL, NULL, sql);
	struct catalog_object *o = &r->out->objects[r->out->n - 1];
	free(o->key);
	o->key = cat_sb_take(key);
	o->table = table ? cat_xstrdup(table) : NULL;
}

static void grantee(struct sb *b, const char *role)
{
	if (role)
		cat_sb_ident(b, role);
	else
		cat_sb_add(b, "PUBLIC");
}

static void grant_tail(struct sb *key, struct sb *b, const char *role, int grantable)
{
	cat_sb_add(key, " to ");
	cat_sb_add(key, role ? role : "public");
	cat_sb_add(b, " TO ");
	grantee(b, role);
	if (grantable) {
		cat_sb_add(key, " with grant option");
		cat_sb_add(b, " WITH GRANT OPTION");
	}
}

static int read_rel_grants(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_REL_GRANTS, 1, params);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		const char *rel = cat_val(res, i, 0), *col = cat_val(res, i, 2);
		char kind = cat_val(res, i, 1)[0];
		struct sb key = { 0 }, b = { 0 };
		if (cat_excluded(r, rel) || unsupported(r, rel, NULL))
			continue;
		cat_sb_add(&key, kind == 'S' ? "grant sequence " : "grant table ");
		cat_sb_add(&key, r->cur->shown);
		cat_sb_add(&key, ".");
		cat_sb_add(&key, rel);
		cat_sb_add(&b, "GRANT ");
		cat_sb_add(&b, cat_val(res, i, 5));
		if (col) {
			cat_sb_add(&key, "(");
			cat_sb_add(&key, col);
			cat_sb_add(&key, ")");
			cat_sb_add(&b, " (");
			cat_sb_ident(&b, col);
			cat_sb_add(&b, ")");
		}
		cat_sb_add(&b, kind == 'S' ? " ON SEQUENCE " : " ON TABLE ");
		cat_sb_qname(&b, r->cur->shown, rel);
		grant_tail(&key, &b, cat_val(res, i, 3), cat_flag(res, i, 4));
		add(r, CATALOG_GRANT, kind == 'r' || kind == 'p' ? rel : NULL, &key,
		    cat_sb_take(&b));
	}
	PQclear(res);
	return 0;
}

/* "s.f(args)" in a key, "s"."f"(args) in a statement */
static void func_name(struct rd *r, struct sb *key, struct sb *b, const char *name,
		      const char *args)
{
	char *mapped = cat_remap(r, args ? args : "");
	cat_sb_add(key, r->cur->shown);
	cat_sb_add(key, ".");
	cat_sb_add(key, name);
	cat_sb_add(key, "(");
	cat_sb_add(key, mapped);
	cat_sb_add(key, ")");
	cat_sb_qname(b, r->cur->shown, name);
	cat_sb_add(b, "(");
	cat_sb_add(b, mapped);
	cat_sb_add(b, ")");
	free(mapped);
}

static int read_func_grants(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_FUNC_GRANTS, 1, params);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		char kind = cat_val(res, i, 0)[0];
		struct sb key = { 0 }, b = { 0 };
		if (unsupported(r, cat_val(res, i, 1), cat_val(res, i, 2)))
			continue;
		cat_sb_add(&key, kind == 'p' ? "grant procedure " : "grant function ");
		cat_sb_add(&b, "GRANT EXECUTE ON ");
		cat_sb_add(&b, func_word(kind));
		cat_sb_add(&b, " ");
		func_name(r, &key, &b, cat_val(res, i, 1), cat_val(res, i, 2));
		grant_tail(&key, &b, cat_val(res, i, 3), cat_flag(res, i, 4));
		add(r, CATALOG_GRANT, NULL, &key, cat_sb_take(&b));
	}
	PQclear(res);
	return 0;
}

static int read_owners(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_OWNERS, 1, params);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		char kind = cat_val(res, i, 0)[0];
		const char *name = cat_val(res, i, 1), *args = cat_val(res, i, 2);
		struct sb key = { 0 }, b = { 0 };
		const char *word = args ? func_word(kind) : rel_word(kind);
		if ((!args && cat_excluded(r, name)) || unsupported(r, name, args))
			continue;
		cat_sb_add(&key, "owner ");
		for (const char *w = word; *w; w++) {
			char c = *w >= 'A' && *w <= 'Z' ? (char)(*w - 'A' + 'a') : *w;
			cat_sb_addn(&key, &c, 1);
		}
		cat_sb_add(&key, " ");
		cat_sb_add(&b, "ALTER ");
		cat_sb_add(&b, word);
		cat_sb_add(&b, " ");
		if (args) {
			func_name(r, &key, &b, name, args);
		} else {
			cat_sb_add(&key, r->cur->shown);
			cat_sb_add(&key, ".");
			cat_sb_add(&key, name);
			cat_sb_qname(&b, r->cur->shown, name);
		}
		cat_sb_add(&b, " OWNER TO ");
		cat_sb_ident(&b, cat_val(res, i, 3));
		add(r, CATALOG_OWNER, !args && (kind == 'r' || kind == 'p') ? name : NULL, &key,
		    cat_sb_take(&b));
	}
	PQclear(res);
	return 0;
}

/* The schema's own grants (grants) or owner (!grants); not public's. */
static int read_schema_acl(struct rd *r, int grants)
{
	const char *params[1] = { r->cur->oid };
	if (strcmp(r->cur->shown, "public") == 0)
		return 0;
	PGresult *res = cat_query(r, grants ? CATQ_SCHEMA_GRANTS : CATQ_SCHEMA_OWNER, 1, params);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		struct sb key = { 0 }, b = { 0 };
		cat_sb_add(&key, grants ? "grant schema " : "owner schema ");
		cat_sb_add(&key, r->cur->shown);
		if (grants) {
			cat_sb_add(&b, "GRANT ");
			cat_sb_add(&b, cat_val(res, i, 2));
			cat_sb_add(&b, " ON SCHEMA ");
			cat_sb_ident(&b, r->cur->shown);
			grant_tail(&key, &b, cat_val(res, i, 0), cat_flag(res, i, 1));
		} else {
			cat_sb_add(&b, "ALTER SCHEMA ");
			cat_sb_ident(&b, r->cur->shown);
			cat_sb_add(&b, " OWNER TO ");
			cat_sb_ident(&b, cat_val(res, i, 0));
		}
		add(r, grants ? CATALOG_GRANT : CATALOG_OWNER, NULL, &key, cat_sb_take(&b));
	}
	PQclear(res);
	return 0;
}

int cat_read_acl(struct rd *r)
{
	if ((r->acl & CATALOG_READ_GRANTS) &&
	    (read_rel_grants(r) || read_func_grants(r) || read_schema_acl(r, 1)))
		return -1;
	if ((r->acl & CATALOG_READ_OWNERS) && (read_owners(r) || read_schema_acl(r, 0)))
		return -1;
	return 0;
}
