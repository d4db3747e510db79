/*
 * catalog.c - a live database's schema read from PostgreSQL's catalogs, each
 * object printed as the canonical migc statement that creates it
 * (catalog.h describes the text).
 *
 * Guarantees: a fixed number of queries per schema (catalog_query.h), none
 * per table; every PGresult is cleared where it is made; on a database
 * error nothing is returned but the server's message.  Memory is plain
 * malloc, owned by the struct catalog the caller frees; running out of it
 * aborts, as everywhere in the runtime.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog.h"
#include "catalog_query.h"

/* ---- small helpers -------------------------------------------------------- */

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(xrealloc(NULL, len), s, len);
}

/* A growing string. */
struct sb {
	char *s;
	size_t len, cap;
};

static void sb_addn(struct sb *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void sb_add(struct sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

/* Appends `s` as a double-quoted identifier. */
static void sb_ident(struct sb *b, const char *s)
{
	sb_add(b, "\"");
	for (; *s; s++) {
		if (*s == '"')
			sb_add(b, "\"\"");
		else
			sb_addn(b, s, 1);
	}
	sb_add(b, "\"");
}

/* Appends "schema"."name". */
static void sb_qname(struct sb *b, const char *schema, const char *name)
{
	sb_ident(b, schema);
	sb_add(b, ".");
	sb_ident(b, name);
}

/* Appends `s` as a standard string literal ('' doubles a quote). */
static void sb_literal(struct sb *b, const char *s)
{
	sb_add(b, "'");
	for (; *s; s++) {
		if (*s == '\'')
			sb_add(b, "''");
		else
			sb_addn(b, s, 1);
	}
	sb_add(b, "'");
}

static char *sb_take(struct sb *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* ---- the read in progress ----------------------------------------------- */

/* A schema as read: its oid, and how its name is printed by PostgreSQL
 * (quote_ident) as it is and as shown, for rewriting qualified names. */
struct rd_schema {
	const char *name, *shown;
	char *oid;
	char *q_name, *q_shown;
};

/* A table of the schema being read. */
struct rd_table {
	char *oid, *name;
	int skip;		/* excluded, or not expressible */
	struct sb cols;		/* the column list of CREATE TABLE */
	int n_cols;
};

/* A sequence of the schema being read; used when a column consumes it. */
struct rd_seq {
	char *oid, *name;
	int used;
};

struct rd {
	PGconn *conn;
	struct catalog *out;
	size_t cap_objects, cap_unsupported;
	struct rd_schema *schemas;
	size_t n_schemas;
	const char *const *exclude;
	size_t n_exclude;
	int server_version;
	char *err;

	/* the schema being read */
	struct rd_schema *cur;
	struct rd_table *tables;
	size_t n_tables;
	struct rd_seq *seqs;
	size_t n_seqs;
};

static int fail(struct rd *r, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	struct sb b = { 0 };

	if (!msg || !*msg)
		msg = PQerrorMessage(r->conn);
	sb_add(&b, "reading the catalogs: ");
	sb_add(&b, msg && *msg ? msg : "unknown error\n");
	while (b.len && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == ' '))
		b.s[--b.len] = 0;
	if (state) {
		sb_add(&b, " (SQLSTATE ");
		sb_add(&b, state);
		sb_add(&b, ")");
	}
	r->err = sb_take(&b);
	PQclear(res);
	return -1;
}

/* Runs `sql` with the schema oid as $1; NULL after fail(). */
static PGresult *query(struct rd *r, const char *sql, int n_params,
		       const char *const *params)
{
	PGresult *res = PQexecParams(r->conn, sql, n_params, NULL, params,
				     NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fail(r, res);
		return NULL;
	}
	return res;
}

static const char *val(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static int flag(PGresult *res, int row, int col)
{
	const char *v = val(res, row, col);

	return v && v[0] == 't';
}

/* Text printed by PostgreSQL (an expression, a type) with every read
 * schema's name qualifying something replaced by its shown name: a scratch
 * schema's objects print as the real ones'. */
static char *remap(struct rd *r, const char *text)
{
	struct sb b = { 0 };
	const char *p = text;

	while (*p) {
		size_t i, n = 0;
		int boundary = p == text ||
			!(p[-1] == '_' || p[-1] == '$' || p[-1] == '"' ||
			  (p[-1] >= '0' && p[-1] <= '9') ||
			  ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z') ||
			  (unsigned char)p[-1] >= 0x80);

		for (i = 0; boundary && i < r->n_schemas; i++) {
			struct rd_schema *s = &r->schemas[i];

			if (!s->q_name || strcmp(s->q_name, s->q_shown) == 0)
				continue;
			n = strlen(s->q_name);
			if (strncmp(p, s->q_name, n) == 0 && p[n] == '.') {
				sb_add(&b, s->q_shown);
				p += n;
				break;
			}
			n = 0;
		}
		if (!n) {
			sb_addn(&b, p, 1);
			p++;
		}
	}
	return sb_take(&b);
}

static const char *shown_schema(struct rd *r, const char *real)
{
	size_t i;

	for (i = 0; i < r->n_schemas; i++)
		if (strcmp(r->schemas[i].name, real) == 0)
			return r->schemas[i].shown;
	return real;
}

static int excluded(struct rd *r, const char *table)
{
	size_t i, n = strlen(r->cur->shown);

	for (i = 0; i < r->n_exclude; i++) {
		const char *e = r->exclude[i];

		if (strncmp(e, r->cur->shown, n) == 0 && e[n] == '.' &&
		    strcmp(e + n + 1, table) == 0)
			return 1;
	}
	return 0;
}

/* Adds an object; takes `sql`, copies the names. */
static void add(struct rd *r, enum catalog_kind kind, const char *key_word,
		const char *table, const char *name, char *sql)
{
	struct catalog *c = r->out;
	struct catalog_object *o;
	struct sb key = { 0 };

	if (c->n == r->cap_objects) {
		r->cap_objects = r->cap_objects ? r->cap_objects * 2 : 64;
		c->objects = xrealloc(c->objects, r->cap_objects * sizeof *c->objects);
	}
	sb_add(&key, key_word);
	sb_add(&key, " ");
	sb_add(&key, r->cur->shown);
	if (table) {
		sb_add(&key, ".");
		sb_add(&key, table);
	}
	if (name && kind != CATALOG_SCHEMA) {
		sb_add(&key, ".");
		sb_add(&key, name);
	}
	o = &c->objects[c->n++];
	o->kind = kind;
	o->key = sb_take(&key);
	o->sql = sql;
	o->schema = xstrdup(r->cur->shown);
	o->table = table ? xstrdup(table) : NULL;
	o->name = name ? xstrdup(name) : NULL;
}

/* Adds "WHAT schema.a[.b]" to the unsupported list. */
static void unsupported(struct rd *r, const char *what, const char *a,
			const char *b)
{
	struct catalog *c = r->out;
	struct sb s = { 0 };

	if (c->n_unsupported == r->cap_unsupported) {
		r->cap_unsupported = r->cap_unsupported ? r->cap_unsupported * 2 : 16;
		c->unsupported = xrealloc(c->unsupported,
					  r->cap_unsupported * sizeof *c->unsupported);
	}
	sb_add(&s, what);
	sb_add(&s, " ");
	sb_add(&s, r->cur->shown);
	if (a) {
		sb_add(&s, ".");
		sb_add(&s, a);
	}
	if (b) {
		sb_add(&s, ".");
		sb_add(&s, b);
	}
	c->unsupported[c->n_unsupported++] = sb_take(&s);
}

/* COMMENT ON <what> <target> IS 'text' as the object "comment <word> ...". */
static void add_comment(struct rd *r, const char *word, const char *what,
			const char *target_sql, const char *table,
			const char *name, const char *text)
{
	struct sb b = { 0 };
	struct sb k = { 0 };

	sb_add(&b, "COMMENT ON ");
	sb_add(&b, what);
	sb_add(&b, " ");
	sb_add(&b, target_sql);
	sb_add(&b, " IS ");
	sb_literal(&b, text);
	sb_add(&k, "comment ");
	sb_add(&k, word);
	add(r, CATALOG_COMMENT, k.s, table, name, sb_take(&b));
	free(k.s);
}

static struct rd_table *find_table(struct rd *r, const char *oid)
{
	size_t i;

	for (i = 0; i < r->n_tables; i++)
		if (strcmp(r->tables[i].oid, oid) == 0)
			return &r->tables[i];
	return NULL;
}

/* ---- one query each ------------------------------------------------------ */

static int read_types(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = query(r, CATQ_TYPES, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		const char *name = val(res, i, 0), *kind = val(res, i, 1);
		const char *labels = val(res, i, 2), *comment = val(res, i, 3);
		struct sb b = { 0 };

		if (strcmp(kind, "e") != 0) {
			unsupported(r, strcmp(kind, "d") == 0 ? "domain" :
				    strcmp(kind, "r") == 0 ? "range type" :
				    strcmp(kind, "c") == 0 ? "composite type" :
				    "type", name, NULL);
			continue;
		}
		sb_add(&b, "CREATE TYPE ");
		sb_qname(&b, r->cur->shown, name);
		sb_add(&b, " AS ENUM (");
		sb_add(&b, labels ? labels : "");
		sb_add(&b, ")");
		add(r, CATALOG_ENUM, "enum", NULL, name, sb_take(&b));
		if (comment) {
			sb_qname(&b, r->cur->shown, name);
			add_comment(r, "type", "TYPE", b.s, NULL, name, comment);
			free(sb_take(&b));
		}
	}
	PQclear(res);
	return 0;
}

static int read_relations(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = query(r, CATQ_RELATIONS, 1, params);
	int i, n;

	if (!res)
		return -1;
	n = PQntuples(res);
	r->tables = xrealloc(NULL, (size_t)n * sizeof *r->tables);
	r->seqs = xrealloc(NULL, (size_t)n * sizeof *r->seqs);
	for (i = 0; i < n; i++) {
		const char *oid = val(res, i, 0), *name = val(res, i, 1);
		char kind = val(res, i, 2)[0];
		int partition = flag(res, i, 3), unlogged = val(res, i, 4)[0] == 'u';
		int inherits = flag(res, i, 5), rls = flag(res, i, 6);
		int options = flag(res, i, 7);
		const char *comment = val(res, i, 8);
		struct rd_table *t;

		if (kind == 'S') {
			r->seqs[r->n_seqs].oid = xstrdup(oid);
			r->seqs[r->n_seqs].name = xstrdup(name);
			r->seqs[r->n_seqs].used = 0;
			r->n_seqs++;
			continue;
		}
		if (kind != 'r') {
			unsupported(r, kind == 'v' ? "view" :
				    kind == 'm' ? "materialized view" :
				    kind == 'p' ? "partitioned table" :
				    kind == 'f' ? "foreign table" : "relation",
				    name, NULL);
			continue;
		}
		t = &r->tables[r->n_tables++];
		memset(t, 0, sizeof *t);
		t->oid = xstrdup(oid);
		t->name = xstrdup(name);
		if (excluded(r, name)) {
			t->skip = 1;
			continue;
		}
		if (partition || inherits) {
			unsupported(r, partition ? "partition" : "inheriting table",
				    name, NULL);
			t->skip = 1;
			continue;
		}
		if (unlogged)
			unsupported(r, "unlogged table", name, NULL);
		if (rls)
			unsupported(r, "row level security on", name, NULL);
		if (options)
			unsupported(r, "storage parameters of", name, NULL);
		if (comment) {
			struct sb b = { 0 };

			sb_qname(&b, r->cur->shown, name);
			add_comment(r, "table", "TABLE", b.s, name, NULL, comment);
			free(b.s);
		}
	}
	PQclear(res);
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

static void use_seq(struct rd *r, const char *oid)
{
	size_t i;

	for (i = 0; oid && i < r->n_seqs; i++)
		if (strcmp(r->seqs[i].oid, oid) == 0)
			r->seqs[i].used = 1;
}

static int read_columns(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = query(r, CATQ_COLUMNS, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		struct rd_table *t = find_table(r, val(res, i, 0));
		const char *name = val(res, i, 1), *type = val(res, i, 2);
		int notnull = flag(res, i, 3);
		const char *def = val(res, i, 4), *identity = val(res, i, 5);
		const char *generated = val(res, i, 6), *typid = val(res, i, 7);
		const char *owned = val(res, i, 8);
		int collated = flag(res, i, 9);
		const char *comment = val(res, i, 10);
		int known = flag(res, i, 11);
		const char *serial = owned && notnull && !*identity ?
			serial_type(typid, def) : NULL;
		struct sb b = { 0 };
		char *text;

		if (!t || t->skip)
			continue;
		if (*identity)
			use_seq(r, owned);
		sb_ident(&b, name);
		sb_add(&b, " ");
		if (serial) {
			use_seq(r, owned);
			sb_add(&b, serial);
		} else {
			text = remap(r, type);
			sb_add(&b, text);
			free(text);
		}
		if (notnull)
			sb_add(&b, " NOT NULL");
		if (*generated) {
			unsupported(r, "generated column", t->name, name);
		} else if (def && !serial) {
			sb_add(&b, " DEFAULT ");
			text = remap(r, def);
			sb_add(&b, text);
			free(text);
		}
		if (*identity)
			sb_add(&b, *identity == 'a' ? " GENERATED ALWAYS AS IDENTITY" :
			       " GENERATED BY DEFAULT AS IDENTITY");
		if (!known)
			unsupported(r, "column of a type migc does not know", t->name, name);
		if (collated)
			unsupported(r, "collation of column", t->name, name);
		sb_add(&t->cols, t->n_cols++ ? ", " : "");
		sb_add(&t->cols, b.s);
		add(r, CATALOG_COLUMN, "column", t->name, name, sb_take(&b));
		if (comment) {
			sb_qname(&b, r->cur->shown, t->name);
			sb_add(&b, ".");
			sb_ident(&b, name);
			add_comment(r, "column", "COLUMN", b.s, t->name, name, comment);
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

static int read_constraints(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = query(r, r->server_version >= 150000 ?
			      CATQ_CONSTRAINTS_15 : CATQ_CONSTRAINTS, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		struct rd_table *t = find_table(r, val(res, i, 0));
		const char *name = val(res, i, 1);
		char type = val(res, i, 2)[0];
		int deferrable = flag(res, i, 3), deferred = flag(res, i, 4);
		int validated = flag(res, i, 5), noinherit = flag(res, i, 6);
		const char *cols = val(res, i, 7), *expr = val(res, i, 8);
		const char *fschema = val(res, i, 9), *ftable = val(res, i, 10);
		const char *fcols = val(res, i, 11);
		const char *upd = val(res, i, 12), *del = val(res, i, 13);
		int full = val(res, i, 14)[0] == 'f', odd = flag(res, i, 15);
		const char *comment = val(res, i, 16);
		struct sb b = { 0 };
		char *text;

		if (!t || t->skip)
			continue;
		if (type == 'x' || type == 't') {
			unsupported(r, type == 'x' ? "exclusion constraint" :
				    "constraint trigger", t->name, name);
			continue;
		}
		noinherit = noinherit && type == 'c';	/* keys are never inherited */
		if (noinherit || full || odd)
			unsupported(r, noinherit ? "no inherit of constraint" :
				    full ? "match full of constraint" :
				    "options of constraint", t->name, name);
		sb_add(&b, "ALTER TABLE ");
		sb_qname(&b, r->cur->shown, t->name);
		sb_add(&b, " ADD CONSTRAINT ");
		sb_ident(&b, name);
		switch (type) {
		case 'p':
		case 'u':
			sb_add(&b, type == 'p' ? " PRIMARY KEY (" : " UNIQUE (");
			sb_add(&b, cols ? cols : "");
			sb_add(&b, ")");
			break;
		case 'c':
			sb_add(&b, " CHECK (");
			text = remap(r, expr ? expr : "");
			sb_add(&b, text);
			free(text);
			sb_add(&b, ")");
			break;
		case 'f':
			sb_add(&b, " FOREIGN KEY (");
			sb_add(&b, cols ? cols : "");
			sb_add(&b, ") REFERENCES ");
			sb_qname(&b, shown_schema(r, fschema), ftable);
			sb_add(&b, " (");
			sb_add(&b, fcols ? fcols : "");
			sb_add(&b, ")");
			if (fk_action(del[0])) {
				sb_add(&b, " ON DELETE ");
				sb_add(&b, fk_action(del[0]));
			}
			if (fk_action(upd[0])) {
				sb_add(&b, " ON UPDATE ");
				sb_add(&b, fk_action(upd[0]));
			}
			break;
		default:
			break;
		}
		if (deferrable)
			sb_add(&b, deferred ? " DEFERRABLE INITIALLY DEFERRED" :
			       " DEFERRABLE");
		if (!validated)
			sb_add(&b, " NOT VALID");
		add(r, CATALOG_CONSTRAINT, "constraint", t->name, name, sb_take(&b));
		if (comment) {
			sb_ident(&b, name);
			sb_add(&b, " ON ");
			sb_qname(&b, r->cur->shown, t->name);
			add_comment(r, "constraint", "CONSTRAINT", b.s, t->name, name,
				    comment);
			free(b.s);
		}
	}
	PQclear(res);
	return 0;
}

static int read_indexes(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = query(r, r->server_version >= 150000 ?
			      CATQ_INDEXES_15 : CATQ_INDEXES, 1, params);
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		struct rd_table *t = find_table(r, val(res, i, 0));
		const char *name = val(res, i, 1);
		int unique = flag(res, i, 2);
		const char *method = val(res, i, 3), *elems = val(res, i, 4);
		const char *include = val(res, i, 5), *pred = val(res, i, 6);
		int valid = flag(res, i, 7), odd = flag(res, i, 8);
		const char *comment = val(res, i, 9);
		struct sb b = { 0 };
		char *text;

		if (!t || t->skip)
			continue;
		if (!valid)
			unsupported(r, "invalid index", name, NULL);
		if (odd)
			unsupported(r, "operator class or option of index", name, NULL);
		sb_add(&b, unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
		sb_ident(&b, name);
		sb_add(&b, " ON ");
		sb_qname(&b, r->cur->shown, t->name);
		if (strcmp(method, "btree") != 0) {
			sb_add(&b, " USING ");
			sb_ident(&b, method);
		}
		sb_add(&b, " (");
		text = remap(r, elems ? elems : "");
		sb_add(&b, text);
		free(text);
		sb_add(&b, ")");
		if (include) {
			sb_add(&b, " INCLUDE (");
			sb_add(&b, include);
			sb_add(&b, ")");
		}
		if (pred) {
			sb_add(&b, " WHERE ");
			text = remap(r, pred);
			sb_add(&b, text);
			free(text);
		}
		add(r, CATALOG_INDEX, "index", NULL, name, sb_take(&b));
		if (comment) {
			sb_qname(&b, r->cur->shown, name);
			add_comment(r, "index", "INDEX", b.s, NULL, name, comment);
			free(b.s);
		}
	}
	PQclear(res);
	return 0;
}

/* Functions, triggers, policies, rules, extensions, statistics: each row is
 * (what, table or NULL, name). */
static int read_others(struct rd *r)
{
	const char *params[1] = { r->cur->oid };
	PGresult *res = query(r, CATQ_OTHERS, 1, params);
	size_t k;
	int i;

	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		const char *table = val(res, i, 1);

		if (table && excluded(r, table))
			continue;
		unsupported(r, val(res, i, 0), table ? table : val(res, i, 2),
			    table ? val(res, i, 2) : NULL);
	}
	PQclear(res);
	for (k = 0; k < r->n_seqs; k++)
		if (!r->seqs[k].used)
			unsupported(r, "sequence", r->seqs[k].name, NULL);
	return 0;
}

/* CREATE TABLE with the columns read_columns() collected. */
static void add_tables(struct rd *r)
{
	size_t i;

	for (i = 0; i < r->n_tables; i++) {
		struct rd_table *t = &r->tables[i];
		struct sb b = { 0 };

		if (t->skip)
			continue;
		sb_add(&b, "CREATE TABLE ");
		sb_qname(&b, r->cur->shown, t->name);
		sb_add(&b, " (");
		sb_add(&b, t->cols.s ? t->cols.s : "");
		sb_add(&b, ")");
		add(r, CATALOG_TABLE, "table", NULL, t->name, sb_take(&b));
	}
}

static void free_schema_state(struct rd *r)
{
	size_t i;

	for (i = 0; i < r->n_tables; i++) {
		free(r->tables[i].oid);
		free(r->tables[i].name);
		free(r->tables[i].cols.s);
	}
	for (i = 0; i < r->n_seqs; i++) {
		free(r->seqs[i].oid);
		free(r->seqs[i].name);
	}
	free(r->tables);
	free(r->seqs);
	r->tables = NULL;
	r->seqs = NULL;
	r->n_tables = r->n_seqs = 0;
}

/* Looks up every schema first (so that each schema's expressions can
 * rename every other read schema), then reads them one by one with an
 * empty search_path. */
static int read_all(struct rd *r)
{
	PGresult *res;
	size_t i;

	for (i = 0; i < r->n_schemas; i++) {
		struct rd_schema *s = &r->schemas[i];
		const char *params[2] = { s->name, s->shown };

		res = query(r, CATQ_SCHEMA, 2, params);
		if (!res)
			return -1;
		if (PQntuples(res) == 1) {
			s->oid = xstrdup(val(res, 0, 0));
			s->q_name = xstrdup(val(res, 0, 1));
			s->q_shown = xstrdup(val(res, 0, 2));
			r->cur = s;
			{
				struct sb b = { 0 };

				sb_add(&b, "CREATE SCHEMA ");
				sb_ident(&b, s->shown);
				add(r, CATALOG_SCHEMA, "schema", NULL, s->shown,
				    sb_take(&b));
			}
			/* PostgreSQL's own comment on public is not the user's */
			if (val(res, 0, 3) &&
			    !(strcmp(s->name, "public") == 0 &&
			      strcmp(val(res, 0, 3), "standard public schema") == 0))
				unsupported(r, "comment on schema", NULL, NULL);
		}
		PQclear(res);
	}
	res = query(r, CATQ_SEARCH_PATH, 0, NULL);
	if (!res)
		return -1;
	PQclear(res);
	for (i = 0; i < r->n_schemas; i++) {
		struct rd_schema *s = &r->schemas[i];

		if (!s->oid)
			continue;
		r->cur = s;
		if (read_types(r) || read_relations(r) || read_columns(r) ||
		    read_constraints(r) || read_indexes(r) || read_others(r))
			return -1;
		add_tables(r);
		free_schema_state(r);
	}
	return 0;
}

static int cmp_object(const void *a, const void *b)
{
	return strcmp(((const struct catalog_object *)a)->key,
		      ((const struct catalog_object *)b)->key);
}

static int cmp_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int catalog_read(struct pg_conn *conn, const char *const *schemas,
		 const char *const *shown, size_t n,
		 const char *const *exclude, size_t n_exclude,
		 struct catalog *out, char **err)
{
	struct rd r = { 0 };
	size_t i;
	int rc;

	memset(out, 0, sizeof *out);
	*err = NULL;
	r.conn = conn;
	r.out = out;
	r.exclude = exclude;
	r.n_exclude = n_exclude;
	r.server_version = PQserverVersion(conn);
	r.n_schemas = n;
	r.schemas = xrealloc(NULL, n * sizeof *r.schemas);
	for (i = 0; i < n; i++) {
		memset(&r.schemas[i], 0, sizeof r.schemas[i]);
		r.schemas[i].name = schemas[i];
		r.schemas[i].shown = shown && shown[i] ? shown[i] : schemas[i];
	}
	rc = read_all(&r);
	free_schema_state(&r);
	for (i = 0; i < n; i++) {
		free(r.schemas[i].oid);
		free(r.schemas[i].q_name);
		free(r.schemas[i].q_shown);
	}
	free(r.schemas);
	if (rc) {
		catalog_free(out);
		*err = r.err;
		return -1;
	}
	if (out->n)
		qsort(out->objects, out->n, sizeof *out->objects, cmp_object);
	if (out->n_unsupported)
		qsort(out->unsupported, out->n_unsupported,
		      sizeof *out->unsupported, cmp_string);
	return 0;
}

void catalog_free(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->objects[i].key);
		free(c->objects[i].sql);
		free(c->objects[i].schema);
		free(c->objects[i].table);
		free(c->objects[i].name);
	}
	for (i = 0; i < c->n_unsupported; i++)
		free(c->unsupported[i]);
	free(c->objects);
	free(c->unsupported);
	memset(c, 0, sizeof *c);
}

const struct catalog_object *catalog_find(const struct catalog *c, const char *key)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->objects[mid].key, key);

		if (d == 0)
			return &c->objects[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
