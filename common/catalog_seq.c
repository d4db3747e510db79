/*
 * catalog_seq.c - the standalone sequences of a read schema: those no
 * serial or identity column of a read table consumed (catalog_objects.c
 * marks those), printed from pg_sequence as
 *   CREATE SEQUENCE "s"."n" AS bigint INCREMENT BY 1 MINVALUE 1
 *       MAXVALUE 9223372036854775807 START WITH 1 CACHE 1 NO CYCLE
 * (key "sequence s.n"), and, for one owned by a column,
 *   ALTER SEQUENCE "s"."n" OWNED BY "s"."t"."c"
 * (key "sequence owner s.n", `table` the owning table, so that it goes
 * when that table is left out), and its comment as COMMENT ON SEQUENCE
 * (key "comment sequence s.n").  The text is the same as the model's
 * (model_seq_options), so a sequence read back compares equal to the
 * one a revision made.  A sequence an extension owns is not the user's;
 * one owned by a table that is not read (the version table, an
 * inheriting table) stays listed as unsupported, as before; the current
 * value is not compared.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog_int.h"

/* name, type, increment, min, max, start, cache, cycle, owning table and
 * column (NULL when not owned by a column), comment */
#define CATQ_SEQUENCES \
	"SELECT c.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, " \
	"s.seqmax, s.seqstart, s.seqcache, s.seqcycle, ot.relname, oa.attname, " \
	"(SELECT d.description FROM pg_description d WHERE d.classoid = " \
	"'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0) " \
	"FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid " \
	"LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid " \
	"AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' AND d.refobjsubid > 0 " \
	"LEFT JOIN pg_class ot ON ot.oid = d.refobjid " \
	"LEFT JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid " \
	"WHERE c.relnamespace = $1 AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 " \
	"FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid " \
	"AND x.deptype IN ('e', 'i')) ORDER BY c.relname"

static struct rd_seq *free_seq(struct rd *r, const char *name)
{
	struct rd_seq *q = cat_find_seq_named(r, name);

	return q && !q->used ? q : NULL;
}

/* Is `table` a table of the schema that is not read (excluded, e.g. a
 * version table, or not expressible)? */
static int owner_skipped(struct rd *r, const char *table)
{
	if (!table)
		return 0;
	for (size_t i = 0; i < r->n_tables; i++)
		if (strcmp(r->tables[i].name, table) == 0)
			return r->tables[i].skip;
	return 0;
}

int cat_read_sequences(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res;
	int i;

	if (!r->n_seqs)
		return 0;
	if (!(res = cat_query(r, CATQ_SEQUENCES, 1, params)))
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		const char *name = cat_val(res, i, 0);
		const char *otab = cat_val(res, i, 8), *ocol = cat_val(res, i, 9);
		struct rd_seq *q = free_seq(r, name);
		struct sb b = { 0 };

		if (!q || owner_skipped(r, otab))
			continue;	/* a sequence of a table not read stays listed */
		q->used = 1;
		cat_sb_add(&b, "CREATE SEQUENCE ");
		cat_sb_qname(&b, r->cur->shown, name);
		cat_sb_add(&b, " AS ");
		cat_sb_add(&b, cat_val(res, i, 1));
		cat_sb_add(&b, " INCREMENT BY ");
		cat_sb_add(&b, cat_val(res, i, 2));
		cat_sb_add(&b, " MINVALUE ");
		cat_sb_add(&b, cat_val(res, i, 3));
		cat_sb_add(&b, " MAXVALUE ");
		cat_sb_add(&b, cat_val(res, i, 4));
		cat_sb_add(&b, " START WITH ");
		cat_sb_add(&b, cat_val(res, i, 5));
		cat_sb_add(&b, " CACHE ");
		cat_sb_add(&b, cat_val(res, i, 6));
		cat_sb_add(&b, cat_flag(res, i, 7) ? " CYCLE" : " NO CYCLE");
		cat_add(r, CATALOG_SEQUENCE, "sequence", NULL, name, cat_sb_take(&b));
		if (otab && ocol) {
			cat_sb_add(&b, "ALTER SEQUENCE ");
			cat_sb_qname(&b, r->cur->shown, name);
			cat_sb_add(&b, " OWNED BY ");
			cat_sb_qname(&b, r->cur->shown, otab);
			cat_sb_add(&b, ".");
			cat_sb_ident(&b, ocol);
			cat_add(r, CATALOG_SEQUENCE_OWNER, "sequence owner", otab, name,
				cat_sb_take(&b));
		}
		if (cat_val(res, i, 10)) {
			cat_sb_qname(&b, r->cur->shown, name);
			char *target = cat_sb_take(&b);
			cat_add_comment(r, "sequence", "SEQUENCE", target, NULL, name,
					cat_val(res, i, 10));
			free(target);
		}
	}
	PQclear(res);
	return 0;
}
