/*
 * catalog_utype.c - the domains, composite types and range types of a read
 * schema, printed from CATQ_TYPES' row (one query with the enums):
 *   CREATE DOMAIN "s"."d" AS base [DEFAULT expr] [NOT NULL]
 *       [CONSTRAINT "c" CHECK (...)] ...      key "domain s.d"
 *   [;\nALTER DOMAIN "s"."d" ADD CONSTRAINT "c" CHECK (...) NOT VALID] ...
 *       (a not valid check: create domain cannot say it)
 *   CREATE TYPE "s"."c" AS ("a" type, ...)    key "composite type s.c"
 *   CREATE TYPE "s"."r" AS RANGE (SUBTYPE = type)   key "range type s.r"
 *   CREATE TYPE "s"."t"                       key "shell type s.t"
 * Names inside (base types, attribute types, defaults) are remapped like
 * every other printed text, so a scratch schema reads back as the live
 * one.  A range type's other options (subtype_diff, collation,
 * canonical) and a domain's collation are not printed.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog_int.h"

static void add_remapped(struct rd *r, struct sb *b, const char *text)
{
	char *t = cat_remap(r, text);
	cat_sb_add(b, t);
	free(t);
}

void cat_add_utype(struct rd *r, PGresult *res, int i, char kind)
{
	const char *name = cat_val(res, i, 0), *comment = cat_val(res, i, 3);
	const char *base = cat_val(res, i, 4), *def = cat_val(res, i, 5);
	const char *checks = cat_val(res, i, 7), *attrs = cat_val(res, i, 8);
	const char *sub = cat_val(res, i, 9);
	struct sb b = { 0 };
	const char *word;

	if (kind == 'd') {
		word = "domain";
		cat_sb_add(&b, "CREATE DOMAIN ");
		cat_sb_qname(&b, r->cur->shown, name);
		cat_sb_add(&b, " AS ");
		add_remapped(r, &b, base ? base : "");
		if (def) {
			cat_sb_add(&b, " DEFAULT ");
			add_remapped(r, &b, def);
		}
		if (cat_flag(res, i, 6))
			cat_sb_add(&b, " NOT NULL");
		if (checks) {
			cat_sb_add(&b, " ");
			add_remapped(r, &b, checks);
		}
		/* comment on constraint ... on domain: not read (plain SQL) */
		if (cat_val(res, i, 11))
			cat_unsupported(r, "comment on a constraint of domain", name,
					cat_val(res, i, 11));
		/* create domain cannot say not valid: one alter domain each */
		for (const char *nv = cat_val(res, i, 10); nv && *nv;) {
			const char *end = strchr(nv, '\1');
			size_t len = end ? (size_t)(end - nv) : strlen(nv);
			char *one = malloc(len + 1);
			if (!one)
				abort();
			memcpy(one, nv, len);
			one[len] = '\0';
			cat_sb_add(&b, ";\nALTER DOMAIN ");
			cat_sb_qname(&b, r->cur->shown, name);
			cat_sb_add(&b, " ADD ");
			add_remapped(r, &b, one);
			free(one);
			nv = end ? end + 1 : nv + len;
		}
	} else if (kind == 's') {
		word = "shell type";
		cat_sb_add(&b, "CREATE TYPE ");
		cat_sb_qname(&b, r->cur->shown, name);
	} else if (kind == 'c') {
		word = "composite type";
		cat_sb_add(&b, "CREATE TYPE ");
		cat_sb_qname(&b, r->cur->shown, name);
		cat_sb_add(&b, " AS (");
		add_remapped(r, &b, attrs ? attrs : "");
		cat_sb_add(&b, ")");
	} else {
		word = "range type";
		cat_sb_add(&b, "CREATE TYPE ");
		cat_sb_qname(&b, r->cur->shown, name);
		cat_sb_add(&b, " AS RANGE (SUBTYPE = ");
		add_remapped(r, &b, sub ? sub : "");
		cat_sb_add(&b, ")");
	}
	cat_add(r, CATALOG_UTYPE, word, NULL, name, cat_sb_take(&b));
	if (comment) {
		cat_sb_qname(&b, r->cur->shown, name);
		cat_add_comment(r, "type", kind == 'd' ? "DOMAIN" : "TYPE", b.s, NULL, name, comment);
		free(cat_sb_take(&b));
	}
}
