/*
 * live_snap.c - `migc test --data`: every table's rows as text, and
 * whether rows survived a downgrade and upgrade (live_test.h).
 *
 * A snapshot holds, per table (as live_tables_sql() lists them), the
 * columns with their types (format_type), the primary key's columns and
 * every row, each value cast to text by the server (NULL kept apart).  The
 * comparison looks only at the columns the revision did not touch: those
 * the parent's state has too, with the same type.  With a primary key
 * among them, rows are matched by it (a missing key or a changed value is
 * named); else the rows compare as a multiset.
 *
 * Guarantees: the first difference found is reported with the table, the
 * row's key where there is one, and the column; values are quoted and cut
 * to 40 bytes.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "live_test.h"

struct snap_table {
	const char *name, *relname;
	const char **cols, **types;
	bool *in_key;
	size_t n_cols;
	const char ***rows;	/* rows[r][c], NULL for NULL */
	size_t n_rows;
};

struct live_snap {
	struct snap_table *t;
	size_t n;
};

static const char snap_cols_sql[] =
	"SELECT quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), "
	"  coalesce(a.attnum = ANY (pk.conkey), false) "
	"FROM pg_attribute a LEFT JOIN pg_constraint pk "
	"  ON pk.conrelid = a.attrelid AND pk.contype = 'p' "
	"WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

static const char *snap_err(struct arena *a, PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *e = arena_printf(a, "%s (SQLSTATE %s)", msg ? msg : "error",
				     state ? state : "?");
	PQclear(res);
	return e;
}

static int snap_table(PGconn *conn, struct arena *a, const char *oid, struct snap_table *t,
		      const char **err)
{
	const char *p[1] = { oid };
	PGresult *res = PQexecParams(conn, snap_cols_sql, 1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = snap_err(a, res);
		return -1;
	}
	t->n_cols = (size_t)PQntuples(res);
	t->cols = arena_alloc(a, (t->n_cols + 1) * sizeof *t->cols);
	t->types = arena_alloc(a, (t->n_cols + 1) * sizeof *t->types);
	t->in_key = arena_alloc(a, (t->n_cols + 1) * sizeof *t->in_key);
	char *list = arena_strdup(a, "");
	for (size_t i = 0; i < t->n_cols; i++) {
		t->cols[i] = arena_strdup(a, PQgetvalue(res, (int)i, 0));
		t->types[i] = arena_strdup(a, PQgetvalue(res, (int)i, 1));
		t->in_key[i] = PQgetvalue(res, (int)i, 2)[0] == 't';
		list = arena_printf(a, "%s%s%s::text", list, i ? ", " : "", t->cols[i]);
	}
	PQclear(res);
	if (t->n_cols == 0)
		return 0;
	res = PQexec(conn, arena_printf(a, "SELECT %s FROM %s", list, t->name));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = snap_err(a, res);
		return -1;
	}
	t->n_rows = (size_t)PQntuples(res);
	t->rows = arena_alloc(a, (t->n_rows + 1) * sizeof *t->rows);
	for (size_t r = 0; r < t->n_rows; r++) {
		t->rows[r] = arena_alloc(a, t->n_cols * sizeof **t->rows);
		for (size_t c = 0; c < t->n_cols; c++)
			t->rows[r][c] = PQgetisnull(res, (int)r, (int)c) ? NULL
				: arena_strdup(a, PQgetvalue(res, (int)r, (int)c));
	}
	PQclear(res);
	return 0;
}

struct live_snap *live_snapshot(struct live_db *db, struct arena *a,
				const char *version_table, const char **err)
{
	PGconn *conn = live_db_conn(db);
	PGresult *res = PQexec(conn, live_tables_sql(a, version_table));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = snap_err(a, res);
		return NULL;
	}
	struct live_snap *s = arena_alloc(a, sizeof *s);
	s->n = (size_t)PQntuples(res);
	s->t = arena_alloc(a, (s->n + 1) * sizeof *s->t);
	const char **oids = arena_alloc(a, (s->n + 1) * sizeof *oids);
	for (size_t i = 0; i < s->n; i++) {
		oids[i] = arena_strdup(a, PQgetvalue(res, (int)i, 0));
		s->t[i].name = arena_strdup(a, PQgetvalue(res, (int)i, 1));
		s->t[i].relname = arena_strdup(a, PQgetvalue(res, (int)i, 2));
	}
	PQclear(res);
	for (size_t i = 0; i < s->n; i++)
		if (snap_table(conn, a, oids[i], &s->t[i], err) < 0)
			return NULL;
	return s;
}

static const struct snap_table *find_table(const struct live_snap *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->t[i].name, name) == 0)
			return &s->t[i];
	return NULL;
}

static long find_col(const struct snap_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_cols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return (long)i;
	return -1;
}

static const char *shown(struct arena *a, const char *v)
{
	if (!v)
		return "NULL";
	return strlen(v) > 40 ? arena_printf(a, "'%.37s...'", v) : arena_printf(a, "'%s'", v);
}

static bool same(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* The row's values in columns `bi` (of before) as one string. */
static const char *row_text(struct arena *a, const char *const *row, const long *idx, size_t n,
			    const bool *only)
{
	char *s = arena_strdup(a, "");
	for (size_t k = 0; k < n; k++)
		if (!only || only[k])
			s = arena_printf(a, "%s%s%s", s, *s ? ", " : "", row[idx[k]] ? row[idx[k]] : "NULL");
	return s;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static const char *compare_table(struct arena *a, const struct snap_table *b,
				 const struct snap_table *p, const struct snap_table *f)
{
	/* the untouched columns, as indexes into before (bi) and after (fi) */
	long *bi = arena_alloc(a, (b->n_cols + 1) * sizeof *bi);
	long *fi = arena_alloc(a, (b->n_cols + 1) * sizeof *fi);
	bool *key = arena_alloc(a, (b->n_cols + 1) * sizeof *key);
	size_t n = 0, n_key = 0, b_key = 0;
	for (size_t c = 0; c < b->n_cols; c++) {
		b_key += b->in_key[c];
		long pc = find_col(p, b->cols[c]);
		if (pc < 0 || strcmp(p->types[pc], b->types[c]) != 0)
			continue;
		long fc = find_col(f, b->cols[c]);
		if (fc < 0)
			return arena_printf(a, "table %s: column %s is gone", b->name, b->cols[c]);
		bi[n] = (long)c;
		fi[n] = fc;
		key[n] = b->in_key[c];
		n_key += key[n];
		n++;
	}
	if (n == 0 || b->n_rows == 0)
		return NULL;
	if (n_key > 0 && n_key == b_key) {
		for (size_t r = 0; r < b->n_rows; r++) {
			const char *k = row_text(a, b->rows[r], bi, n, key);
			size_t m = 0;
			while (m < f->n_rows && strcmp(row_text(a, f->rows[m], fi, n, key), k) != 0)
				m++;
			if (m == f->n_rows)
				return arena_printf(a, "table %s: the row with key (%s) is gone",
						    b->name, k);
			for (size_t c = 0; c < n; c++)
				if (!same(b->rows[r][bi[c]], f->rows[m][fi[c]]))
					return arena_printf(a,
						"table %s: row (%s), column %s: %s before, %s after",
						b->name, k, b->cols[bi[c]], shown(a, b->rows[r][bi[c]]),
						shown(a, f->rows[m][fi[c]]));
		}
		return NULL;
	}
	const char **x = arena_alloc(a, (b->n_rows + 1) * sizeof *x);
	const char **y = arena_alloc(a, (f->n_rows + 1) * sizeof *y);
	for (size_t r = 0; r < b->n_rows; r++)
		x[r] = row_text(a, b->rows[r], bi, n, NULL);
	for (size_t r = 0; r < f->n_rows; r++)
		y[r] = row_text(a, f->rows[r], fi, n, NULL);
	qsort(x, b->n_rows, sizeof *x, cmp_str);
	qsort(y, f->n_rows, sizeof *y, cmp_str);
	size_t j = 0;
	for (size_t r = 0; r < b->n_rows; r++) {
		while (j < f->n_rows && strcmp(y[j], x[r]) < 0)
			j++;
		if (j == f->n_rows || strcmp(y[j], x[r]) != 0)
			return arena_printf(a, "table %s: %zu row%s before, %zu after; "
					    "the row (%s) is gone", b->name, b->n_rows,
					    b->n_rows == 1 ? "" : "s", f->n_rows, x[r]);
		j++;
	}
	return NULL;
}

const char *live_snap_compare(struct arena *a, const struct live_snap *before,
			      const struct live_snap *parent, const struct live_snap *after,
			      const char *const *skip, size_t n_skip)
{
	for (size_t i = 0; i < before->n; i++) {
		const struct snap_table *b = &before->t[i];
		bool skipped = false;
		for (size_t k = 0; k < n_skip && !skipped; k++)
			skipped = strcmp(skip[k], b->relname) == 0;
		if (skipped)
			continue;	/* the revision writes rows to it */
		const struct snap_table *p = find_table(parent, b->name);
		if (!p)
			continue;	/* the revision created it */
		const struct snap_table *f = find_table(after, b->name);
		if (!f)
			return arena_printf(a, "table %s is gone", b->name);
		const char *d = compare_table(a, b, p, f);
		if (d)
			return d;
	}
	return NULL;
}
