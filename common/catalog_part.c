/*
 * catalog_part.c - a partition's own column options, as `init --from-url`
 * writes them: PARTITION OF parent (col WITH OPTIONS NOT NULL DEFAULT x)
 * for each column whose not null or default differs from its parent's.
 *
 * Guarantees: only a parent in the schema being read is compared (one in
 * another schema gives no options: the columns are taken as the
 * parent's); a not null the parent has is never repeated; a default the
 * partition lacks where the parent has one is written DEFAULT NULL (which
 * PostgreSQL stores as no default); the text is freed with the table.
 *
 * Also a table's own partitioning, which tables compare by (catalog.h:
 * catalog_object.part): the parent, as shown (a parent in a scratch
 * schema reads as the live one), and the bound as pg_get_expr prints it,
 * then the partition key; the column options are left out (the columns
 * compare one by one).
 */
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"

void cat_part_col(struct rd_table *t, const char *name, int notnull, const char *def)
{
	struct rd_col *v = realloc(t->colv, (t->n_colv + 1) * sizeof *v);
	if (!v)
		abort();
	t->colv = v;
	v[t->n_colv].name = cat_xstrdup(name);
	v[t->n_colv].def = def ? cat_xstrdup(def) : NULL;
	v[t->n_colv].notnull = notnull;
	t->n_colv++;
}

void cat_part_free(struct rd_table *t)
{
	for (size_t i = 0; i < t->n_colv; i++) {
		free(t->colv[i].name);
		free(t->colv[i].def);
	}
	free(t->colv);
	t->colv = NULL;
	t->n_colv = 0;
}

static const struct rd_table *parent_of(struct rd *r, const struct rd_table *t)
{
	if (!t->part_schema || strcmp(t->part_schema, r->cur->name) != 0)
		return NULL;
	for (size_t i = 0; i < r->n_tables; i++)
		if (strcmp(r->tables[i].name, t->part_parent) == 0)
			return &r->tables[i];
	return NULL;
}

static const struct rd_col *col_of(const struct rd_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_colv; i++)
		if (strcmp(t->colv[i].name, name) == 0)
			return &t->colv[i];
	return NULL;
}

void cat_part_options(struct rd *r, const struct rd_table *t, struct sb *b)
{
	const struct rd_table *p = parent_of(r, t);
	size_t n = 0;

	if (!p)
		return;
	for (size_t i = 0; i < t->n_colv; i++) {
		const struct rd_col *c = &t->colv[i], *pc = col_of(p, c->name);
		int nn = pc && c->notnull && !pc->notnull;
		int def = pc && (c->def ? !pc->def || strcmp(c->def, pc->def) != 0 : pc->def != NULL);
		if (!nn && !def)
			continue;
		cat_sb_add(b, n++ ? ", " : " (");
		cat_sb_ident(b, c->name);
		cat_sb_add(b, " WITH OPTIONS");
		if (nn)
			cat_sb_add(b, " NOT NULL");
		if (def) {
			cat_sb_add(b, " DEFAULT ");
			cat_sb_add(b, c->def ? c->def : "NULL");
		}
	}
	if (n)
		cat_sb_add(b, ")");
}

char *cat_part_level(struct rd *r, const struct rd_table *t)
{
	struct sb b = { 0 };

	if (t->part_parent) {
		cat_sb_add(&b, "PARTITION OF ");
		cat_sb_qname(&b, cat_shown_schema(r, t->part_schema), t->part_parent);
		cat_sb_add(&b, " ");
		cat_sb_add(&b, t->part_bound ? t->part_bound : "");
	}
	if (t->part_by) {
		cat_sb_add(&b, t->part_parent ? " PARTITION BY " : "PARTITION BY ");
		cat_sb_add(&b, t->part_by);
	}
	return b.s ? cat_sb_take(&b) : NULL;
}
