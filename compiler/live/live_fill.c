/*
 * live_fill.c - `migc test --data`: a few generated rows in every table
 * (live_test.h).
 *
 * Tables are filled so that a foreign key's target comes before the table
 * that references it (tables in a cycle last, in name order); a foreign key's
 * columns take the values of a row of its target; a column with a default,
 * an identity or a generated expression is left to the server; every other
 * column gets a value made from a counter and its type's category, so that
 * unique constraints hold.  A row the server refuses is tried again with
 * other values (small numbers, then NULL where NULL is allowed) and
 * otherwise counted as "could not generate" with the server's reason: a
 * refused row is never an error of the run.
 *
 * Guarantees: values go as parameters (never spliced into SQL); only the
 * tables live_tables_sql() lists are written to.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "live_test.h"

#define ATTEMPTS 5
#define PARENT_ROWS 20

struct col {
	const char *name;	/* quoted */
	int attnum;
	bool notnull, server;	/* server: default, identity or generated */
	const char *type;	/* the base type's name */
	char category;
	int maxlen;		/* varchar(n), char(n); else -1 */
	const char **labels;	/* enum labels */
	size_t n_labels;
	int fk;			/* index into the table's fks, or -1 */
	int fk_pos;		/* position among that key's columns */
};

struct fkey {
	long target;		/* index into tables, -1 when not filled here */
	const char *target_cols;	/* "a::text, b::text" */
};

struct table {
	const char *oid, *name;
	struct col *cols;
	size_t n_cols;
	struct fkey *fks;
	size_t n_fks;
	bool placed;
};

/* The counter generated values derive from: over the whole run, so that
 * the rows of every revision's fill differ. */
static unsigned long fill_seed = 1;

static PGresult *query1(PGconn *conn, const char *sql, const char *param)
{
	const char *v[1] = { param };
	return PQexecParams(conn, sql, param ? 1 : 0, NULL, param ? v : NULL, NULL, NULL, 0);
}

static const char *res_err(struct arena *a, PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	return arena_printf(a, "%s (SQLSTATE %s)", msg ? msg : "error", state ? state : "?");
}

static const char cols_sql[] =
	"SELECT quote_ident(a.attname), a.attnum, a.attnotnull, "
	"  a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '', "
	"  bt.typname, bt.typcategory, "
	"  CASE WHEN bt.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4 "
	"       THEN a.atttypmod - 4 ELSE -1 END, "
	"  (SELECT string_agg(e.enumlabel, E'\\n' ORDER BY e.enumsortorder) "
	"     FROM pg_enum e WHERE e.enumtypid = bt.oid) "
	"FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
	"JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END "
	"WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

static const char fks_sql[] =
	"SELECT con.confrelid::text, array_to_string(con.conkey, ','), "
	"  (SELECT string_agg(quote_ident(fa.attname) || '::text', ', ' ORDER BY k.i) "
	"     FROM unnest(con.confkey) WITH ORDINALITY k(n, i) "
	"     JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.n) "
	"FROM pg_constraint con WHERE con.contype = 'f' AND con.conrelid = $1::oid "
	"ORDER BY con.conname";

static const char **split_lines(struct arena *a, const char *s, size_t *n)
{
	*n = 0;
	if (!s || !*s)
		return NULL;
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == '\n';
	const char **v = arena_alloc(a, cap * sizeof *v);
	char *copy = arena_strdup(a, s);
	for (char *p = copy, *e; p; p = e) {
		e = strchr(p, '\n');
		if (e)
			*e++ = '\0';
		v[(*n)++] = p;
	}
	return v;
}

static int load_table(PGconn *conn, struct arena *a, struct table *t, struct table *all,
		      size_t n_all, const char **err)
{
	PGresult *res = query1(conn, cols_sql, t->oid);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = res_err(a, res);
		PQclear(res);
		return -1;
	}
	t->n_cols = (size_t)PQntuples(res);
	t->cols = arena_alloc(a, (t->n_cols + 1) * sizeof *t->cols);
	for (size_t i = 0; i < t->n_cols; i++) {
		struct col *c = &t->cols[i];
		int r = (int)i;
		c->name = arena_strdup(a, PQgetvalue(res, r, 0));
		c->attnum = atoi(PQgetvalue(res, r, 1));
		c->notnull = PQgetvalue(res, r, 2)[0] == 't';
		c->server = PQgetvalue(res, r, 3)[0] == 't';
		c->type = arena_strdup(a, PQgetvalue(res, r, 4));
		c->category = PQgetvalue(res, r, 5)[0];
		c->maxlen = atoi(PQgetvalue(res, r, 6));
		c->labels = PQgetisnull(res, r, 7) ? NULL
			: split_lines(a, PQgetvalue(res, r, 7), &c->n_labels);
		c->fk = -1;
	}
	PQclear(res);
	res = query1(conn, fks_sql, t->oid);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = res_err(a, res);
		PQclear(res);
		return -1;
	}
	t->n_fks = (size_t)PQntuples(res);
	t->fks = arena_alloc(a, (t->n_fks + 1) * sizeof *t->fks);
	for (size_t k = 0; k < t->n_fks; k++) {
		struct fkey *f = &t->fks[k];
		const char *target = PQgetvalue(res, (int)k, 0);
		f->target = -1;
		for (size_t j = 0; j < n_all; j++)
			if (strcmp(all[j].oid, target) == 0)
				f->target = (long)j;
		f->target_cols = arena_strdup(a, PQgetvalue(res, (int)k, 2));
		int pos = 0;
		for (const char *p = PQgetvalue(res, (int)k, 1); *p; pos++) {
			int attnum = atoi(p);
			for (size_t i = 0; i < t->n_cols; i++)
				if (t->cols[i].attnum == attnum && t->cols[i].fk < 0) {
					t->cols[i].fk = (int)k;
					t->cols[i].fk_pos = pos;
				}
			p += strcspn(p, ",");
			if (*p == ',')
				p++;
		}
	}
	PQclear(res);
	return 0;
}

/* A value for column c from `seed` at attempt `k`: its text, or NULL. */
static const char *gen_value(struct arena *a, const struct col *c, unsigned long seed, int k)
{
	if (k >= 3 && !c->notnull)
		return NULL;
	unsigned long v = k == 0 ? seed : k == 1 ? seed % 97 + 1 : seed % 7 + 1;
	unsigned long y = 2000 + (v / 336) % 100, m = 1 + (v / 28) % 12, d = 1 + v % 28;
	const char *t = c->type;
	if (c->labels)
		return c->labels[(v + (unsigned long)k) % c->n_labels];
	if (strcmp(t, "date") == 0)
		return arena_printf(a, "%04lu-%02lu-%02lu", y, m, d);
	if (strcmp(t, "timestamp") == 0 || strcmp(t, "timestamptz") == 0)
		return arena_printf(a, "%04lu-%02lu-%02lu %02lu:%02lu:00", y, m, d,
				    v % 24, (v / 24) % 60);
	if (strcmp(t, "time") == 0 || strcmp(t, "timetz") == 0)
		return arena_printf(a, "%02lu:%02lu:%02lu", (v / 3600) % 24, (v / 60) % 60, v % 60);
	if (strcmp(t, "interval") == 0)
		return arena_printf(a, "%lu seconds", v);
	if (strcmp(t, "uuid") == 0)
		return arena_printf(a, "00000000-0000-4000-8000-%012lu", v);
	if (strcmp(t, "json") == 0 || strcmp(t, "jsonb") == 0)
		return arena_printf(a, "{\"n\": %lu}", v);
	if (strcmp(t, "bytea") == 0)
		return arena_printf(a, "\\x%08lx", v);
	if (strcmp(t, "inet") == 0)
		return arena_printf(a, "10.%lu.%lu.%lu", (v >> 16) & 255, (v >> 8) & 255, v & 255);
	if (strcmp(t, "cidr") == 0)
		return arena_printf(a, "10.%lu.%lu.0/24", (v >> 8) & 255, v & 255);
	if (strcmp(t, "macaddr") == 0)
		return arena_printf(a, "08:00:2b:%02lx:%02lx:%02lx", (v >> 16) & 255,
				    (v >> 8) & 255, v & 255);
	if (strcmp(t, "xml") == 0)
		return arena_printf(a, "<v>%lu</v>", v);
	switch (c->category) {
	case 'B':
		return (v + (unsigned long)k) % 2 ? "true" : "false";
	case 'N':
		return arena_printf(a, "%lu", strcmp(t, "int2") == 0 ? v % 32000 : v);
	case 'A':
		return "{}";
	case 'S': {
		const char *s = arena_printf(a, "v%lu", v);
		size_t n = strlen(s);
		if (c->maxlen > 0 && n > (size_t)c->maxlen)
			s += n - (size_t)c->maxlen;	/* the low digits */
		return s;
	}
	default:
		return c->notnull ? arena_printf(a, "%lu", v) : NULL;
	}
}

/* Up to PARENT_ROWS rows of a foreign key's target, as text. */
static PGresult *parent_rows(PGconn *conn, struct arena *a, const struct table *all,
			     const struct fkey *f)
{
	const char *sql = arena_printf(a, "SELECT %s FROM %s LIMIT %d", f->target_cols,
				       all[f->target].name, PARENT_ROWS);
	return PQexec(conn, sql);
}

/* Inserts one row; NULL, or the server's refusal of the last attempt. */
static const char *insert_row(PGconn *conn, struct arena *a, const struct table *t,
			      PGresult **parents, unsigned long seed)
{
	const char *last = NULL;
	const char **vals = arena_alloc(a, (t->n_cols + 1) * sizeof *vals);
	for (int k = 0; k < ATTEMPTS; k++) {
		char *cols = arena_strdup(a, ""), *params = arena_strdup(a, "");
		int n = 0;
		for (size_t i = 0; i < t->n_cols; i++) {
			const struct col *c = &t->cols[i];
			const char *v;
			if (c->fk >= 0) {
				PGresult *pr = parents[c->fk];
				int rows = pr ? PQntuples(pr) : 0;
				if (rows == 0 && c->notnull)
					return arena_printf(a, "the table %s references has no row",
							    t->fks[c->fk].target >= 0 ? "it" : "another");
				if (rows == 0)
					v = NULL;
				else {
					int r = (int)((seed + (unsigned long)k) % (unsigned long)rows);
					v = PQgetisnull(pr, r, c->fk_pos) ? NULL
						: PQgetvalue(pr, r, c->fk_pos);
				}
			} else if (c->server) {
				continue;
			} else {
				v = gen_value(a, c, seed, k);
			}
			vals[n++] = v;
			cols = arena_printf(a, "%s%s%s", cols, n > 1 ? ", " : "", c->name);
			params = arena_printf(a, "%s%s$%d", params, n > 1 ? ", " : "", n);
		}
		const char *sql = n ? arena_printf(a, "INSERT INTO %s (%s) VALUES (%s)", t->name,
						   cols, params)
			: arena_printf(a, "INSERT INTO %s DEFAULT VALUES", t->name);
		PGresult *res = PQexecParams(conn, sql, n, NULL, vals, NULL, NULL, 0);
		bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			last = res_err(a, res);
		PQclear(res);
		if (ok)
			return NULL;
	}
	return last;
}

/* Appends to `order` every table whose foreign keys' targets are placed
 * (a key to itself or to a table not filled here does not wait), then the
 * rest: the tables in a cycle. */
static void fill_order(struct table *v, size_t n, size_t *order)
{
	size_t done = 0;
	for (bool progress = true; progress;) {
		progress = false;
		for (size_t i = 0; i < n; i++) {
			if (v[i].placed)
				continue;
			bool ready = true;
			for (size_t k = 0; k < v[i].n_fks; k++) {
				long tg = v[i].fks[k].target;
				if (tg >= 0 && (size_t)tg != i && !v[tg].placed)
					ready = false;
			}
			if (ready) {
				v[i].placed = progress = true;
				order[done++] = i;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!v[i].placed)
			order[done++] = i;
}

int live_fill(struct live_db *db, struct arena *a, const char *version_table,
	      int rows, struct live_fill_result *out, const char **err)
{
	PGconn *conn = live_db_conn(db);
	memset(out, 0, sizeof *out);
	PGresult *res = PQexec(conn, live_tables_sql(a, version_table));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = res_err(a, res);
		PQclear(res);
		return -1;
	}
	size_t n = (size_t)PQntuples(res);
	struct table *v = arena_alloc(a, (n + 1) * sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i].oid = arena_strdup(a, PQgetvalue(res, (int)i, 0));
		v[i].name = arena_strdup(a, PQgetvalue(res, (int)i, 1));
	}
	PQclear(res);
	for (size_t i = 0; i < n; i++)
		if (load_table(conn, a, &v[i], v, n, err) < 0)
			return -1;
	size_t *order = arena_alloc(a, (n + 1) * sizeof *order);
	fill_order(v, n, order);
	out->skipped = arena_alloc(a, (n + 1) * sizeof *out->skipped);
	out->tables = n;
	for (size_t o = 0; o < n; o++) {
		struct table *t = &v[order[o]];
		int failed = 0;
		const char *why = NULL;
		for (int r = 0; r < rows; r++) {
			PGresult **parents = arena_alloc(a, (t->n_fks + 1) * sizeof *parents);
			for (size_t k = 0; k < t->n_fks; k++)
				parents[k] = t->fks[k].target >= 0
					? parent_rows(conn, a, v, &t->fks[k]) : NULL;
			const char *e = insert_row(conn, a, t, parents, fill_seed++);
			for (size_t k = 0; k < t->n_fks; k++)
				if (parents[k])
					PQclear(parents[k]);
			if (e) {
				failed++;
				if (!why)
					why = e;
			} else {
				out->rows++;
			}
		}
		if (failed)
			out->skipped[out->n_skipped++] = arena_printf(a,
				"%s: could not generate %d of %d rows: %s", t->name, failed, rows, why);
	}
	return 0;
}
