/*
 * catalog_objects.c - the catalog queries of catalog_read(), one function
 * each, and the objects they print (catalog.h describes the text): enum
 * types, tables and their columns, constraints, indexes, and what migc
 * cannot express.  Each reads the whole schema in one query.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog_int.h"
#include "catalog_query.h"

int cat_read_types(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_TYPES, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		const char *name = cat_val(res, i, 0), *kind = cat_val(res, i, 1);
		const char *labels = cat_val(res, i, 2), *comment = cat_val(res, i, 3);
		struct sb b = { 0 };

		if (strchr("dcr", kind[0]) && kind[0]) {
			cat_add_utype(r, res, i, kind[0]);
			continue;
		}
		if (strcmp(kind, "p") == 0) {	/* only shells are selected */
			cat_add_utype(r, res, i, 's');
			continue;
		}
		if (strcmp(kind, "e") != 0) {
			cat_unsupported(r, strcmp(kind, "d") == 0 ? "domain" :
				    strcmp(kind, "r") == 0 ? "range type" :
				    strcmp(kind, "c") == 0 ? "composite type" :
				    "type", name, NULL);
			continue;
		}
		cat_sb_add(&b, "CREATE TYPE ");
		cat_sb_qname(&b, r->cur->shown, name);
		cat_sb_add(&b, " AS ENUM (");
		cat_sb_add(&b, labels ? labels : "");
		cat_sb_add(&b, ")");
		cat_add(r, CATALOG_ENUM, "enum", NULL, name, cat_sb_take(&b));
		if (comment) {
			cat_sb_qname(&b, r->cur->shown, name);
			cat_add_comment(r, "type", "TYPE", b.s, NULL, name, comment);
			free(cat_sb_take(&b));
		}
	}
	PQclear(res);
	return 0;
}

/* The partition key, parent and bound of relation row i (columns 9-12). */
static void cat_read_partitioning(struct rd *r, struct rd_table *t, PGresult *res, int i)
{
	const char *by = cat_val(res, i, 9), *ps = cat_val(res, i, 10);
	const char *pp = cat_val(res, i, 11), *bound = cat_val(res, i, 12);

	t->part_by = by ? cat_remap(r, by) : NULL;
	if (pp && ps) {
		t->part_schema = cat_xstrdup(ps);
		t->part_parent = cat_xstrdup(pp);
		t->part_bound = bound ? cat_remap(r, bound) : NULL;
	}
}

int cat_read_relations(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_RELATIONS, 1, params);
	int i, n;

	if (!res)
		return -1;
	n = PQntuples(res);
	r->tables = cat_xrealloc(NULL, (size_t)n * sizeof *r->tables);
	r->seqs = cat_xrealloc(NULL, (size_t)n * sizeof *r->seqs);
	for (i = 0; i < n; i++) {
		const char *oid = cat_val(res, i, 0), *name = cat_val(res, i, 1);
		char kind = cat_val(res, i, 2)[0];
		int partition = cat_flag(res, i, 3), unlogged = cat_val(res, i, 4)[0] == 'u';
		int inherits = cat_flag(res, i, 5), rls = cat_flag(res, i, 6);
		int options = cat_flag(res, i, 7);
		const char *comment = cat_val(res, i, 8);
		struct rd_table *t;

		if (kind == 'S') {
			r->seqs[r->n_seqs].oid = cat_xstrdup(oid);
			r->seqs[r->n_seqs].name = cat_xstrdup(name);
			r->seqs[r->n_seqs].used = 0;
			r->n_seqs++;
			continue;
		}
		if (kind == 'v' || kind == 'm')
			continue;	/* catalog_views.c */
		if (kind != 'r' && kind != 'p') {
			cat_unsupported(r,
				    kind == 'f' ? "foreign table" : "relation",
				    name, NULL);
			continue;
		}
		t = &r->tables[r->n_tables++];
		memset(t, 0, sizeof *t);
		t->oid = cat_xstrdup(oid);
		t->name = cat_xstrdup(name);
		if (cat_excluded(r, name)) {
			t->skip = 1;
			continue;
		}
		if (inherits && !partition) {
			cat_unsupported(r, "inheriting table", name, NULL);
			t->skip = 1;
			continue;
		}
		cat_read_partitioning(r, t, res, i);
		if (unlogged)
			cat_unsupported(r, "unlogged table", name, NULL);
		if (rls || cat_flag(res, i, 13)) {
			struct sb b = { 0 };

			cat_sb_add(&b, "ALTER TABLE ");
			cat_sb_qname(&b, r->cur->shown, name);
			cat_sb_add(&b, rls ? " ENABLE ROW LEVEL SECURITY" : "");
			cat_sb_add(&b, rls && cat_flag(res, i, 13) ? "," : "");
			cat_sb_add(&b, cat_flag(res, i, 13) ? " FORCE ROW LEVEL SECURITY" : "");
			cat_add(r, CATALOG_ROW_SECURITY, "row security", name, NULL, cat_sb_take(&b));
		}
		if (options)
			cat_unsupported(r, "storage parameters of", name, NULL);
		if (comment) {
			struct sb b = { 0 };

			cat_sb_qname(&b, r->cur->shown, name);
			cat_add_comment(r, "table", "TABLE", b.s, name, NULL, comment);
			free(b.s);
		}
	}
	PQclear(res);
	cat_index_relations(r);
	return 0;
}

/* The serial type a column's integer type and nextval default stand for,
 * or NULL. */
static const char *serial_type(const char *typid, const char *def)
{
	if (!def || strncmp(def, "nextval(", 8) != 0)
		return NULL;
	if (strcmp(typid, "21") == 0)
		return "smallserial";
	if (strcmp(typid, "23") == 0)
		return "serial";
	if (strcmp(typid, "20") == 0)
		return "bigserial";
	return NULL;
}

/* The owned sequence's name when it is not the one PostgreSQL gives a new
 * column (TABLE_COLUMN_seq; a table renamed after creation keeps the old
 * one), else NULL. */
static const char *seq_renamed(struct rd *r, const char *table, const char *col,
			       const char *oid)
{
	const struct rd_seq *q = cat_find_seq(r, oid);

	if (q) {
		const char *n = q->name;
		size_t tl = strlen(table), cl = strlen(col);
		if (strlen(n) == tl + cl + 5 && strncmp(n, table, tl) == 0 && n[tl] == '_' &&
		    strncmp(n + tl + 1, col, cl) == 0 && strcmp(n + tl + 1 + cl, "_seq") == 0)
			return NULL;
		return n;
	}
	return NULL;
}

static void use_seq(struct rd *r, const char *oid)
{
	struct rd_seq *q = cat_find_seq(r, oid);

	if (q)
		q->used = 1;
}

int cat_read_columns(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_COLUMNS, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		struct rd_table *t = cat_find_table(r, cat_val(res, i, 0));
		const char *name = cat_val(res, i, 1), *type = cat_val(res, i, 2);
		int notnull = cat_flag(res, i, 3);
		const char *def = cat_val(res, i, 4), *identity = cat_val(res, i, 5);
		const char *generated = cat_val(res, i, 6), *typid = cat_val(res, i, 7);
		const char *owned = cat_val(res, i, 8);
		const char *collation = cat_val(res, i, 9);	/* NULL: the type's */
		const char *comment = cat_val(res, i, 10);
		int known = cat_flag(res, i, 11);
		/* a sequence with options of its own is not a serial's: the
		 * column keeps its nextval default, the sequence is read as a
		 * standalone one owned by the column (catalog_seq.c) */
		int plain_seq = cat_flag(res, i, 13);
		const char *serial = owned && notnull && !*identity && plain_seq ?
			serial_type(typid, def) : NULL;
		struct sb b = { 0 };
		char *text;

		if (!t || t->skip)
			continue;
		if (*identity)
			use_seq(r, owned);
		cat_sb_ident(&b, name);
		cat_sb_add(&b, " ");
		const char *seqname = serial || *identity ? seq_renamed(r, t->name, name, owned) : NULL;
		if (serial) {
			use_seq(r, owned);
			cat_sb_add(&b, serial);
			if (seqname) {	/* schema.mig's clause: no SQL has it for a serial */
				cat_sb_add(&b, " SEQUENCE NAME ");
				cat_sb_ident(&b, seqname);
			}
		} else {
			/* a type of PostgreSQL's that migc does not list: kept
			 * qualified, which migc takes as PostgreSQL's to check */
			if (!known && cat_flag(res, i, 12))
				cat_sb_add(&b, "pg_catalog.");
			text = cat_remap(r, type);
			cat_sb_add(&b, text);
			free(text);
		}
		if (collation) {	/* a scratch schema's collation as the live one */
			cat_sb_add(&b, " COLLATE ");
			text = cat_remap(r, collation);
			cat_sb_add(&b, text);
			free(text);
		}
		if (notnull)
			cat_sb_add(&b, " NOT NULL");
		if (*generated == 's' && def) {
			cat_sb_add(&b, " GENERATED ALWAYS AS (");
			text = cat_remap(r, def);
			cat_sb_add(&b, text);
			free(text);
			cat_sb_add(&b, ") STORED");
		} else if (*generated) {
			cat_unsupported(r, "generated column", t->name, name);
		} else if (def && !serial) {
			cat_sb_add(&b, " DEFAULT ");
			text = cat_remap(r, def);
			cat_sb_add(&b, text);
			free(text);
		}
		if (*identity) {
			const char *opts = cat_val(res, i, 14);
			cat_sb_add(&b, *identity == 'a' ? " GENERATED ALWAYS AS IDENTITY" :
			       " GENERATED BY DEFAULT AS IDENTITY");
			if (seqname || (opts && *opts)) {
				cat_sb_add(&b, " (");
				if (seqname) {
					cat_sb_add(&b, "SEQUENCE NAME ");
					cat_sb_ident(&b, seqname);
				}
				if (opts && *opts) {
					cat_sb_add(&b, seqname ? " " : "");
					cat_sb_add(&b, opts);
				}
				cat_sb_add(&b, ")");
			}
		}
		if (!known && !cat_flag(res, i, 12))
			cat_unsupported(r, "column of a type migc does not know", t->name, name);
		text = def && !*generated && !serial && !*identity ? cat_remap(r, def) : NULL;
		cat_part_col(t, name, notnull, text);
		free(text);
		cat_sb_add(&t->cols, t->n_cols++ ? ", " : "");
		cat_sb_add(&t->cols, b.s);
		cat_add(r, CATALOG_COLUMN, "column", t->name, name, cat_sb_take(&b));
		if (comment) {
			cat_sb_qname(&b, r->cur->shown, t->name);
			cat_sb_add(&b, ".");
			cat_sb_ident(&b, name);
			cat_add_comment(r, "column", "COLUMN", b.s, t->name, name, comment);
			free(b.s);
		}
	}
	PQclear(res);
	return 0;
}

static const char *fk_action(char c)
{
	switch (c) {
	case 'r': return "RESTRICT";
	case 'c': return "CASCADE";
	case 'n': return "SET NULL";
	case 'd': return "SET DEFAULT";
	default: return NULL;	/* 'a': NO ACTION, the default */
	}
}

int cat_read_constraints(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, r->server_version >= 150000 ?
			      CATQ_CONSTRAINTS_15 : CATQ_CONSTRAINTS, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		struct rd_table *t = cat_find_table(r, cat_val(res, i, 0));
		const char *name = cat_val(res, i, 1);
		char type = cat_val(res, i, 2)[0];
		int deferrable = cat_flag(res, i, 3), deferred = cat_flag(res, i, 4);
		int validated = cat_flag(res, i, 5), noinherit = cat_flag(res, i, 6);
		const char *cols = cat_val(res, i, 7), *expr = cat_val(res, i, 8);
		const char *fschema = cat_val(res, i, 9), *ftable = cat_val(res, i, 10);
		const char *fcols = cat_val(res, i, 11);
		const char *upd = cat_val(res, i, 12), *del = cat_val(res, i, 13);
		int full = cat_val(res, i, 14)[0] == 'f', odd = cat_flag(res, i, 15);
		const char *comment = cat_val(res, i, 16);
		int nnd = cat_flag(res, i, 17);
		const char *exdef = cat_val(res, i, 18), *delset = cat_val(res, i, 19);
		struct sb b = { 0 };
		char *text;

		if (!t || t->skip)
			continue;
		if (type == 't') {
			cat_unsupported(r, "constraint trigger", t->name, name);
			continue;
		}
		noinherit = noinherit && type == 'c';	/* keys are never inherited */
		if (odd)
			cat_unsupported(r, "options of constraint", t->name, name);
		cat_sb_add(&b, "ALTER TABLE ");
		cat_sb_qname(&b, r->cur->shown, t->name);
		cat_sb_add(&b, " ADD CONSTRAINT ");
		cat_sb_ident(&b, name);
		switch (type) {
		case 'p':
		case 'u':
			cat_sb_add(&b, type == 'p' ? " PRIMARY KEY (" :
				   nnd ? " UNIQUE NULLS NOT DISTINCT (" : " UNIQUE (");
			cat_sb_add(&b, cols ? cols : "");
			cat_sb_add(&b, ")");
			break;
		case 'c':
			cat_sb_add(&b, " CHECK (");
			text = cat_remap(r, expr ? expr : "");
			cat_sb_add(&b, text);
			free(text);
			cat_sb_add(&b, noinherit ? ") NO INHERIT" : ")");
			break;
		case 'f':
			cat_sb_add(&b, " FOREIGN KEY (");
			cat_sb_add(&b, cols ? cols : "");
			cat_sb_add(&b, ") REFERENCES ");
			cat_sb_qname(&b, cat_shown_schema(r, fschema), ftable);
			cat_sb_add(&b, " (");
			cat_sb_add(&b, fcols ? fcols : "");
			cat_sb_add(&b, full ? ") MATCH FULL" : ")");
			if (fk_action(del[0])) {
				cat_sb_add(&b, " ON DELETE ");
				cat_sb_add(&b, fk_action(del[0]));
				if (delset) {
					cat_sb_add(&b, " (");
					cat_sb_add(&b, delset);
					cat_sb_add(&b, ")");
				}
			}
			if (fk_action(upd[0])) {
				cat_sb_add(&b, " ON UPDATE ");
				cat_sb_add(&b, fk_action(upd[0]));
			}
			break;
		case 'x':	/* PostgreSQL's own text, deferrability included */
			cat_sb_add(&b, " ");
			text = cat_remap(r, exdef ? exdef : "");
			cat_sb_add(&b, text);
			free(text);
			deferrable = 0;
			break;
		default:
			break;
		}
		if (deferrable)
			cat_sb_add(&b, deferred ? " DEFERRABLE INITIALLY DEFERRED" :
			       " DEFERRABLE");
		if (!validated)
			cat_sb_add(&b, " NOT VALID");
		cat_add(r, CATALOG_CONSTRAINT, "constraint", t->name, name, cat_sb_take(&b));
		if (comment) {
			cat_sb_ident(&b, name);
			cat_sb_add(&b, " ON ");
			cat_sb_qname(&b, r->cur->shown, t->name);
			cat_add_comment(r, "constraint", "CONSTRAINT", b.s, t->name, name,
				    comment);
			free(b.s);
		}
	}
	PQclear(res);
	return 0;
}

int cat_read_indexes(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, r->server_version >= 150000 ?
			      CATQ_INDEXES_15 : CATQ_INDEXES, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		struct rd_table *t = cat_find_table(r, cat_val(res, i, 0));
		const char *name = cat_val(res, i, 1);
		int unique = cat_flag(res, i, 2);
		const char *method = cat_val(res, i, 3), *elems = cat_val(res, i, 4);
		const char *include = cat_val(res, i, 5), *pred = cat_val(res, i, 6);
		int valid = cat_flag(res, i, 7);
		const char *comment = cat_val(res, i, 9), *rel = cat_val(res, i, 11);
		int nnd = cat_flag(res, i, 10), matview = cat_val(res, i, 12)[0] == 'm';
		struct sb b = { 0 };
		char *text;

		if (matview && cat_excluded(r, rel))
			continue;
		if (!t && !matview) {	/* never silently: its relation was not read */
			cat_unsupported(r, "index on a relation migc does not read", rel, name);
			continue;
		}
		if (t && t->skip)
			continue;	/* the table is excluded, or listed as left out */
		/* an index on only a partitioned table, not yet attached to
		 * indexes of all its partitions (see docs/language.md) */
		int only = !valid && cat_val(res, i, 12)[0] == 'p';
		const char *with = cat_val(res, i, 13);
		if (!valid && !only)
			cat_unsupported(r, "invalid index", name, NULL);
		cat_sb_add(&b, unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
		cat_sb_ident(&b, name);
		cat_sb_add(&b, only ? " ON ONLY " : " ON ");
		cat_sb_qname(&b, r->cur->shown, rel);
		if (strcmp(method, "btree") != 0) {
			cat_sb_add(&b, " USING ");
			cat_sb_ident(&b, method);
		}
		cat_sb_add(&b, " (");
		text = cat_remap(r, elems ? elems : "");
		cat_sb_add(&b, text);
		free(text);
		cat_sb_add(&b, ")");
		if (include) {
			cat_sb_add(&b, " INCLUDE (");
			cat_sb_add(&b, include);
			cat_sb_add(&b, ")");
		}
		if (nnd)
			cat_sb_add(&b, " NULLS NOT DISTINCT");
		if (with) {
			cat_sb_add(&b, " WITH (");
			cat_sb_add(&b, with);
			cat_sb_add(&b, ")");
		}
		if (pred) {
			cat_sb_add(&b, " WHERE ");
			text = cat_remap(r, pred);
			cat_sb_add(&b, text);
			free(text);
		}
		cat_add(r, CATALOG_INDEX, "index", NULL, name, cat_sb_take(&b));
		/* the key has no table (index names are per schema); the field does */
		r->out->objects[r->out->n - 1].table = cat_xstrdup(rel);
		r->out->objects[r->out->n - 1].order = matview;
		if (comment) {
			cat_sb_qname(&b, r->cur->shown, name);
			cat_add_comment(r, "index", "INDEX", b.s, NULL, name, comment);
			r->out->objects[r->out->n - 1].table = cat_xstrdup(rel);
			r->out->objects[r->out->n - 1].order = matview;
			free(b.s);
		}
	}
	PQclear(res);
	return 0;
}

/* Functions, triggers, policies, rules, extensions, statistics: each row is
 * (what, table or NULL, name). */
int cat_read_others(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = cat_query(r, CATQ_OTHERS, 1, params);
	size_t k;
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		const char *table = cat_val(res, i, 1);

		if (table && cat_excluded(r, table))
			continue;
		cat_unsupported(r, cat_val(res, i, 0), table ? table : cat_val(res, i, 2),
			    table ? cat_val(res, i, 2) : NULL);
	}
	PQclear(res);
	for (k = 0; k < r->n_seqs; k++)
		if (!r->seqs[k].used)
			cat_unsupported(r, "sequence", r->seqs[k].name, NULL);
	return 0;
}

/* CREATE TABLE with the columns cat_read_columns() collected. */
void cat_add_tables(struct rd *r)
{
	size_t i;

	for (i = 0; i < r->n_tables; i++) {
		struct rd_table *t = &r->tables[i];
		struct sb b = { 0 };

		if (t->skip)
			continue;
		cat_sb_add(&b, "CREATE TABLE ");
		cat_sb_qname(&b, r->cur->shown, t->name);
		if (t->part_parent) {	/* its columns are its parent's */
			cat_sb_add(&b, " PARTITION OF ");
			cat_sb_qname(&b, cat_shown_schema(r, t->part_schema), t->part_parent);
			cat_part_options(r, t, &b);
			cat_sb_add(&b, " ");
			cat_sb_add(&b, t->part_bound ? t->part_bound : "");
		} else {
			cat_sb_add(&b, " (");
			cat_sb_add(&b, t->cols.s ? t->cols.s : "");
			cat_sb_add(&b, ")");
		}
		if (t->part_by) {
			cat_sb_add(&b, " PARTITION BY ");
			cat_sb_add(&b, t->part_by);
		}
		cat_add(r, CATALOG_TABLE, "table", NULL, t->name, cat_sb_take(&b));
		r->out->objects[r->out->n - 1].part = cat_part_level(r, t);
	}
}
