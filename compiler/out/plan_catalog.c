/*
 * plan_catalog.c - the catalog read of the head's expected schema,
 * predicted at build time (plan ABI 7: check_catalog of struct
 * migrt_revision), so that `check` on a database at the head reads only
 * the live catalogs instead of building the head's model in scratch
 * schemas first.
 *
 * Each object of the head model is printed exactly as common/catalog*.c
 * prints what PostgreSQL stores for it (catalog.h describes the text and
 * the keys): double-quoted identifiers, types as format_type() spells
 * them, constraints and indexes from their parts.  Only what the compiler
 * can print with certainty is predicted: schemas, enum types, tables,
 * columns of the plain built-in types (serial ones as the reader folds
 * them), not null, a short list of column defaults whose stored form is
 * fixed (a small non-negative integer, a plain string literal on text,
 * character varying, json and '{}' on jsonb or text[], true/false, now(),
 * current_date, current_timestamp, gen_random_uuid()), primary keys,
 * unique and foreign keys, plain column indexes, comments.  A table with
 * anything else (a check constraint, an expression or partial index, an
 * identity or generated column, another default, a policy, a partition
 * ...) is left out of the rows and built on the server instead, with what
 * it needs (plan_partial.c: check_partial, plan ABI 8).  Objects the
 * history closure builds (plan_hist.c, ABI 9) have no rows either.
 * Anything else in the model outside tables (a view, routine, sequence,
 * domain, event trigger, grants ...) makes the head unpredicted:
 * check_catalog stays NULL and `check` builds the scratch schemas.
 *
 * Guarantees: rows are set only when check_model is exact (but for the
 * history closure's objects); they are
 * sorted by key and keys are unique; every table left out is in
 * check_partial's closure.  The runtime uses them only to
 * decide that a database is clean: on any difference it runs the scratch
 * build and reports from that, so a prediction that is wrong can cost
 * time, never change a verdict that a differing database gets.
 */
#include "plan_head.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "catalog.h"
#include "migrt.h"
#include "model.h"
#include "model_coll.h"
#include "model_seq.h"
#include "project.h"
#include "sql.h"

struct pc_rows {
	struct arena *a;
	struct migrt_catrow *v;
	size_t n, cap;
	const struct head_chains *chains;
	const char **server;	/* "schema.table": tables not printed */
	size_t n_server, cap_server;
	const struct pmap *hist;	/* names the history closure builds */
};

/* ---- printing as catalog_build.c does --------------------------------- */

static void put_ident(struct strbuf *b, const char *s)
{
	sb_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_putc(b, '"');
		sb_putc(b, *s);
	}
	sb_putc(b, '"');
}

static void put_qname(struct strbuf *b, const char *schema, const char *name)
{
	put_ident(b, schema);
	sb_putc(b, '.');
	put_ident(b, name);
}

static void put_literal(struct strbuf *b, const char *s)
{
	sb_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sb_putc(b, '\'');
		sb_putc(b, *s);
	}
	sb_putc(b, '\'');
}

static void put_idents(struct strbuf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(b, ", ");
		put_ident(b, v[i]);
	}
}

/* Adds a row: key "<word> schema[.table][.name]" as cat_add() makes it. */
static void add(struct pc_rows *r, enum catalog_kind kind, const char *word,
		const char *schema, const char *table, const char *name,
		const char *key_table, const char *sql)
{
	struct strbuf k;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		r->v = arena_grow(r->a, r->v, r->cap * sizeof *r->v, cap * sizeof *r->v);
		r->cap = cap;
	}
	sb_init(&k, r->a);
	sb_puts(&k, word);
	sb_putc(&k, ' ');
	sb_puts(&k, schema);
	if (key_table) {
		sb_putc(&k, '.');
		sb_puts(&k, key_table);
	}
	if (name && kind != CATALOG_SCHEMA) {
		sb_putc(&k, '.');
		sb_puts(&k, name);
	}
	r->v[r->n++] = (struct migrt_catrow){
		(uint32_t)kind, arena_strdup(r->a, sb_str(&k)), sql,
		arena_strdup(r->a, schema), table ? arena_strdup(r->a, table) : NULL,
		name ? arena_strdup(r->a, name) : NULL,
	};
}

/* COMMENT ON <what> <target> IS 'text' (cat_add_comment()). */
static void add_comment(struct pc_rows *r, const char *word, const char *what,
			const char *target, const char *schema, const char *table,
			const char *name, const char *key_table, const char *text)
{
	struct strbuf b, w;

	sb_init(&b, r->a);
	sb_puts(&b, "COMMENT ON ");
	sb_puts(&b, what);
	sb_putc(&b, ' ');
	sb_puts(&b, target);
	sb_puts(&b, " IS ");
	put_literal(&b, text);
	sb_init(&w, r->a);
	sb_puts(&w, "comment ");
	sb_puts(&w, word);
	add(r, CATALOG_COMMENT, sb_str(&w), schema, table, name, key_table, sb_str(&b));
}

/* ---- what is predicted ------------------------------------------------- */

/* format_type()'s text of a column type the reader prints as it is, or
 * NULL (not predicted). */
static const char *type_text(struct arena *a, const struct ast_type *t0)
{
	struct ast_type t = model_type_normalize(t0);
	struct strbuf b;

	switch (t.kind) {
	case TY_SMALLINT: case TY_INTEGER: case TY_BIGINT: case TY_BOOLEAN:
	case TY_NUMERIC: case TY_REAL: case TY_DOUBLE: case TY_TEXT:
	case TY_VARCHAR: case TY_CHAR: case TY_DATE: case TY_TIME: case TY_TIMETZ:
	case TY_TIMESTAMP: case TY_TIMESTAMPTZ: case TY_UUID: case TY_JSON:
	case TY_JSONB: case TY_BYTEA: case TY_INET:
		break;
	case TY_INTERVAL:
		if (t.mod2 >= 0)
			return NULL;	/* fields */
		break;
	default:
		return NULL;
	}
	sb_init(&b, a);
	sql_put_type(&b, &t);
	return arena_strdup(a, sb_str(&b));
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The plain body of a string literal 'x' ('' for a quote), or NULL. */
static const char *plain_literal(struct arena *a, const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || s[0] != '\'' || s[n - 1] != '\'')
		return NULL;
	struct strbuf b;
	sb_init(&b, a);
	for (size_t i = 1; i + 1 < n; i++) {
		if (s[i] == '\\' || (unsigned char)s[i] < 0x20)
			return NULL;
		if (s[i] == '\'') {
			if (i + 2 >= n || s[i + 1] != '\'')
				return NULL;	/* two literals, or not one */
			i++;
		}
		sb_putc(&b, s[i]);
	}
	return arena_strdup(a, sb_str(&b));
}

/* pg_get_expr()'s text of default `text` stored on a column of type `t`
 * (or of the type it had when it got the default, which a later type
 * change coerces invisibly), or NULL when not predicted. */
static const char *default_text(struct arena *a, const char *text, const struct ast_type *t)
{
	enum ast_type_kind k = t->kind;
	bool scalar = t->array_dims == 0;
	const char *lit;
	struct strbuf b;

	if (scalar && all_digits(text) && strlen(text) <= 9 && (text[0] != '0' || !text[1]) &&
	    (k == TY_SMALLINT || k == TY_INTEGER || k == TY_BIGINT || k == TY_NUMERIC ||
	     k == TY_REAL || k == TY_DOUBLE))
		return text;	/* an integer constant, its casts implicit */
	if (scalar && k == TY_BOOLEAN && (strcasecmp(text, "true") == 0 ||
					  strcasecmp(text, "false") == 0))
		return text[0] == 't' || text[0] == 'T' ? "true" : "false";
	if (scalar && k == TY_TIMESTAMPTZ && strcasecmp(text, "now()") == 0)
		return "now()";
	if (scalar && k == TY_TIMESTAMPTZ && strcasecmp(text, "current_timestamp") == 0)
		return "CURRENT_TIMESTAMP";
	if (scalar && k == TY_DATE && strcasecmp(text, "current_date") == 0)
		return "CURRENT_DATE";
	if (scalar && k == TY_UUID && strcasecmp(text, "gen_random_uuid()") == 0)
		return "gen_random_uuid()";
	if (!(lit = plain_literal(a, text)))
		return NULL;
	const char *cast = !scalar ? (k == TY_TEXT && t->array_dims == 1 &&
				      strcmp(lit, "{}") == 0 ? "text[]" : NULL)
			   : k == TY_TEXT ? "text"
			   : k == TY_VARCHAR ? "character varying"
			   : k == TY_JSON ? "json"
			   : k == TY_JSONB && (strcmp(lit, "{}") == 0 || strcmp(lit, "[]") == 0)
			   ? "jsonb" : NULL;
	if (!cast)
		return NULL;
	sb_init(&b, a);
	put_literal(&b, lit);
	sb_puts(&b, "::");
	sb_puts(&b, cast);
	return arena_strdup(a, sb_str(&b));
}

/* The type a column had when it got its default (plan_head_types.c). */
static const struct ast_type *default_type(const struct pc_rows *r, const char *schema,
					   const char *table, const struct m_column *c)
{
	for (size_t i = 0; r->chains && i < r->chains->n; i++) {
		const struct head_chain *h = &r->chains->v[i];
		if (!h->dead && strcmp(h->schema, schema) == 0 &&
		    strcmp(h->table, table) == 0 && strcmp(h->col, c->name) == 0)
			return &h->first;
	}
	return &c->type;
}

/* A column as cat_read_columns() prints it, or NULL. */
static const char *column_text(struct pc_rows *r, const struct m_table *t,
			       const struct m_column *c)
{
	struct strbuf b;

	if (c->identity != ID_NONE || c->generated)
		return NULL;
	sb_init(&b, r->a);
	put_ident(&b, c->name);
	sb_putc(&b, ' ');
	if (c->serial) {
		struct ast_type st = { .kind = c->serial };
		/* the reader folds the nextval default (the model keeps it)
		 * of a sequence of the column's own type only: a serial
		 * column whose type changed is not one */
		if (!c->not_null || !c->seq || c->type.array_dims ||
		    (c->serial != TY_SMALLSERIAL && c->serial != TY_SERIAL &&
		     c->serial != TY_BIGSERIAL) ||
		    model_type_normalize(&st).kind != c->type.kind)
			return NULL;
		sb_puts(&b, c->serial == TY_SMALLSERIAL ? "smallserial"
			: c->serial == TY_SERIAL ? "serial" : "bigserial");
		const char *plain = arena_printf(r->a, "%s_%s_seq", t->name, c->name);
		if (strcmp(plain, c->seq) != 0) {
			sb_puts(&b, " SEQUENCE NAME ");
			put_ident(&b, c->seq);
		}
	} else {
		const char *ty = type_text(r->a, &c->type);
		if (!ty || c->seq)
			return NULL;
		sb_puts(&b, ty);
	}
	if (c->not_null)
		sb_puts(&b, " NOT NULL");
	if (c->default_text && !c->serial) {
		const char *d = default_text(r->a, c->default_text,
					     default_type(r, t->schema, t->name, c));
		if (!d)
			return NULL;
		sb_puts(&b, " DEFAULT ");
		sb_puts(&b, d);
	}
	return arena_strdup(r->a, sb_str(&b));
}

static const char *fk_action(enum ast_fk_action x)
{
	switch (x) {
	case FK_RESTRICT: return "RESTRICT";
	case FK_CASCADE: return "CASCADE";
	case FK_SET_NULL: return "SET NULL";
	case FK_SET_DEFAULT: return "SET DEFAULT";
	default: return NULL;
	}
}

/* A constraint as cat_read_constraints() prints it, or NULL. */
static const char *constraint_text(struct arena *a, const struct m_table *t,
				   const struct m_constraint *c)
{
	struct strbuf b;

	sb_init(&b, a);
	sb_puts(&b, "ALTER TABLE ");
	put_qname(&b, t->schema, t->name);
	sb_puts(&b, " ADD CONSTRAINT ");
	put_ident(&b, c->name);
	switch (c->kind) {
	case MC_PKEY:
	case MC_UNIQUE:
		sb_puts(&b, c->kind == MC_PKEY ? " PRIMARY KEY (" : " UNIQUE (");
		put_idents(&b, c->cols, c->n_cols);
		sb_putc(&b, ')');
		break;
	case MC_FKEY:
		if (!c->ref_schema || !c->ref_table || !c->n_ref_cols || c->n_del_set_cols)
			return NULL;
		sb_puts(&b, " FOREIGN KEY (");
		put_idents(&b, c->cols, c->n_cols);
		sb_puts(&b, ") REFERENCES ");
		put_qname(&b, c->ref_schema, c->ref_table);
		sb_puts(&b, " (");
		put_idents(&b, c->ref_cols, c->n_ref_cols);
		sb_putc(&b, ')');
		if (fk_action(c->on_delete)) {
			sb_puts(&b, " ON DELETE ");
			sb_puts(&b, fk_action(c->on_delete));
		}
		if (fk_action(c->on_update)) {
			sb_puts(&b, " ON UPDATE ");
			sb_puts(&b, fk_action(c->on_update));
		}
		break;
	default:
		return NULL;	/* a check: PostgreSQL's deparse */
	}
	if (c->deferrable)
		sb_puts(&b, c->initially_deferred ? " DEFERRABLE INITIALLY DEFERRED"
			: " DEFERRABLE");
	if (!c->validated)
		sb_puts(&b, " NOT VALID");
	return arena_strdup(a, sb_str(&b));
}

/* An index as cat_read_indexes() prints it, or NULL. */
static const char *index_text(struct arena *a, const struct m_table *t,
			      const struct m_index *x)
{
	struct strbuf b;

	if (x->where_text || !x->method || !x->n_elems || x->with || x->only)
		return NULL;
	sb_init(&b, a);
	sb_puts(&b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	put_ident(&b, x->name);
	sb_puts(&b, " ON ");
	put_qname(&b, t->schema, t->name);
	if (strcmp(x->method, "btree") != 0) {
		sb_puts(&b, " USING ");
		put_ident(&b, x->method);
	}
	sb_puts(&b, " (");
	for (size_t i = 0; i < x->n_elems; i++) {
		const struct m_index_elem *e = &x->elems[i];
		if (!e->column || e->expr || e->opc_opts)
			return NULL;
		if (i)
			sb_puts(&b, ", ");
		put_ident(&b, e->column);
		if (e->desc)
			sb_puts(&b, e->nulls == 2 ? " DESC NULLS LAST" : " DESC");
		else if (e->nulls == 1)
			sb_puts(&b, " NULLS FIRST");
	}
	sb_putc(&b, ')');
	if (x->n_include) {
		sb_puts(&b, " INCLUDE (");
		put_idents(&b, x->include, x->n_include);
		sb_putc(&b, ')');
	}
	return arena_strdup(a, sb_str(&b));
}

/* One table's rows; false when something of it is not predicted. */
static bool table_rows(struct pc_rows *r, const struct m_table *t)
{
	struct strbuf cols, b, target;
	const char *s = t->schema;

	if (t->part_by || t->part_parent || t->rls_enabled || t->rls_forced || t->n_pols)
		return false;
	sb_init(&cols, r->a);
	for (size_t i = 0; i < t->n_cols; i++) {
		const struct m_column *c = &t->cols[i];
		const char *text = column_text(r, t, c);
		if (!text)
			return false;
		if (i)
			sb_puts(&cols, ", ");
		sb_puts(&cols, text);
		add(r, CATALOG_COLUMN, "column", s, t->name, c->name, t->name, text);
		if (c->comment) {
			sb_init(&target, r->a);
			put_qname(&target, s, t->name);
			sb_putc(&target, '.');
			put_ident(&target, c->name);
			add_comment(r, "column", "COLUMN", sb_str(&target), s, t->name,
				    c->name, t->name, c->comment);
		}
	}
	sb_init(&b, r->a);
	sb_puts(&b, "CREATE TABLE ");
	put_qname(&b, s, t->name);
	sb_puts(&b, " (");
	sb_puts(&b, sb_str(&cols));
	sb_putc(&b, ')');
	add(r, CATALOG_TABLE, "table", s, NULL, t->name, NULL, arena_strdup(r->a, sb_str(&b)));
	if (t->comment) {
		sb_init(&target, r->a);
		put_qname(&target, s, t->name);
		add_comment(r, "table", "TABLE", sb_str(&target), s, t->name, NULL, t->name,
			    t->comment);
	}
	for (size_t i = 0; i < t->n_cons; i++) {
		const struct m_constraint *c = &t->cons[i];
		const char *text = constraint_text(r->a, t, c);
		if (!text)
			return false;
		add(r, CATALOG_CONSTRAINT, "constraint", s, t->name, c->name, t->name, text);
		if (c->comment) {
			sb_init(&target, r->a);
			put_ident(&target, c->name);
			sb_puts(&target, " ON ");
			put_qname(&target, s, t->name);
			add_comment(r, "constraint", "CONSTRAINT", sb_str(&target), s, t->name,
				    c->name, t->name, c->comment);
		}
	}
	for (size_t i = 0; i < t->n_idx; i++) {
		const struct m_index *x = &t->idx[i];
		if (x->constraint) {
			if (x->comment)
				return false;	/* the reader lists it under the index */
			continue;
		}
		const char *text = index_text(r->a, t, x);
		if (!text)
			return false;
		add(r, CATALOG_INDEX, "index", s, t->name, x->name, NULL, text);
		if (x->comment) {
			sb_init(&target, r->a);
			put_qname(&target, s, x->name);
			add_comment(r, "index", "INDEX", sb_str(&target), s, t->name, x->name,
				    NULL, x->comment);
		}
	}
	return true;
}

static bool schema_rows(struct pc_rows *r, const struct m_schema *sc)
{
	size_t n;
	struct strbuf b;

	if (!plan_hist_owns(r->a, r->hist, &sc->views, offsetof(struct m_view, name)) ||
	    !plan_hist_owns(r->a, r->hist, &sc->routines, offsetof(struct m_routine, name)) ||
	    !plan_hist_owns(r->a, r->hist, &sc->triggers, offsetof(struct m_trigger, name)) ||
	    !plan_hist_owns(r->a, r->hist, &sc->seqs, offsetof(struct m_seq, name)))
		return false;
	sb_init(&b, r->a);
	sb_puts(&b, "CREATE SCHEMA ");
	put_ident(&b, sc->name);
	add(r, CATALOG_SCHEMA, "schema", sc->name, NULL, sc->name, NULL,
	    arena_strdup(r->a, sb_str(&b)));
	struct m_enum **es = schema_enums_sorted(sc, r->a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_enum *e = es[i];
		if (r->hist && pmap_get(r->hist, e->name))
			continue;	/* built by the history closure */
		sb_init(&b, r->a);
		sb_puts(&b, "CREATE TYPE ");
		put_qname(&b, sc->name, e->name);
		sb_puts(&b, " AS ENUM (");
		for (size_t k = 0; k < e->n_labels; k++) {
			if (k)
				sb_puts(&b, ", ");
			put_literal(&b, e->labels[k]);
		}
		sb_putc(&b, ')');
		add(r, CATALOG_ENUM, "enum", sc->name, NULL, e->name, NULL,
		    arena_strdup(r->a, sb_str(&b)));
		if (e->comment) {
			sb_init(&b, r->a);
			put_qname(&b, sc->name, e->name);
			add_comment(r, "type", "TYPE", sb_str(&b), sc->name, NULL, e->name,
				    NULL, e->comment);
		}
	}
	struct m_table **ts = schema_tables_sorted(sc, r->a, &n);
	for (size_t i = 0; i < n; i++) {
		size_t before = r->n;
		if (r->hist && pmap_get(r->hist, ts[i]->name))
			continue;
		if (table_rows(r, ts[i]))
			continue;
		/* not printed: built on the server (plan_partial.c) */
		r->n = before;
		if (r->n_server == r->cap_server) {
			size_t cap = r->cap_server ? r->cap_server * 2 : 8;
			r->server = arena_grow(r->a, r->server, r->cap_server * sizeof *r->server,
					       cap * sizeof *r->server);
			r->cap_server = cap;
		}
		r->server[r->n_server++] = arena_printf(r->a, "%s.%s", sc->name, ts[i]->name);
	}
	return true;
}

static int cmp_row(const void *x, const void *y)
{
	return strcmp(((const struct migrt_catrow *)x)->key,
		      ((const struct migrt_catrow *)y)->key);
}

void plan_head_catalog(struct arena *a, const struct project *p,
		       const struct head_chains *chains, const struct ast_stmt *const *stmts,
		       const struct pmap *hist, struct migrt_revision *head)
{
	const struct model *m = p->head_model;
	struct pc_rows r = { .a = a, .chains = chains, .hist = hist };
	size_t n;

	if ((!head->check_model_exact && !hist) || !m || m->acl)
		return;
	/* domains, composite and range types, collations: only the history's */
	if (!plan_hist_owns(a, hist, &m->utypes, offsetof(struct m_utype, name)) ||
	    !plan_hist_owns(a, hist, &m->colls, offsetof(struct m_coll, name)))
		return;
	if (pmap_sorted(&m->evtrigs, a, &n), n)
		return;
	struct m_schema **ss = model_schemas_sorted(m, a, &n);
	for (size_t i = 0; i < n; i++)
		if (!schema_rows(&r, ss[i]))
			return;
	if (r.n)
		qsort(r.v, r.n, sizeof *r.v, cmp_row);
	for (size_t i = 1; i < r.n; i++)
		if (strcmp(r.v[i - 1].key, r.v[i].key) == 0)
			return;		/* two objects the reader would not tell apart */
	if (r.n_server) {
		const char **sql = arena_calloc(a, head->n_check_model + 1, sizeof *sql);
		uint32_t *idx;
		for (uint32_t i = 0; i < head->n_check_model; i++)
			sql[i] = head->check_model[i].sql;
		size_t k = plan_partial_closure(a, m, stmts, sql, head->n_check_model,
						r.server, r.n_server, &idx);
		if (k == head->n_check_model && !hist)
			return;		/* all of it: the model build (ABI 6) */
		size_t kept = 0;	/* with a history closure, it has the schemas */
		for (size_t i = 0; i < k; i++)
			if (!hist || stmts[idx[i]]->kind != STMT_CREATE_SCHEMA)
				idx[kept++] = idx[i];
		head->check_partial = idx;
		head->n_check_partial = (uint32_t)kept;
	}
	head->check_catalog = r.n ? r.v : NULL;
	head->n_check_catalog = (uint32_t)r.n;
	head->check_catalog_exact = 1;
}
