/*
 * replay_resolve.c - what every statement handler uses: messages at the
 * statement, name resolution (schemas, tables, types), and building a
 * column from its definition (and COLLATE names).  Below the handlers (replay_table.c,
 * replay_alter.c, ...) and the dispatch (replay.c): it calls none of them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "naming.h"
#include "model_coll.h"
#include "replay_int.h"
#include "sql.h"

static void rp_vdiag(struct rp *r, enum diag_level lv, struct loc loc,
		     const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	if (!loc.file)
		loc = r->s->loc;
	if (lv == DIAG_NOTE)
		diag_note(r->d, loc, "%s", buf);
	else
		diag_error(r->d, loc, "%s", buf);
}

void rp_error(struct rp *r, struct loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rp_vdiag(r, DIAG_ERROR, loc, fmt, ap);
	va_end(ap);
}

void rp_note(struct rp *r, struct loc loc, const char *fmt, ...)
{
	if (!loc.file)
		return;		/* built-in objects have nowhere to point */
	va_list ap;
	va_start(ap, fmt);
	rp_vdiag(r, DIAG_NOTE, loc, fmt, ap);
	va_end(ap);
}

const char **rp_names(struct arena *a, const struct ast_ident *ids, size_t n)
{
	const char **v = arena_calloc(a, n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = ids[i].name;
	return v;
}

const char *rp_fmt_type(struct arena *a, const struct ast_type *t)
{
	struct ast_type c = *t;
	if (c.kind == TY_NAMED)
		c.named.schema = NULL;
	return sql_type(a, &c);
}

bool rp_names_equal_set(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		size_t j = 0;
		while (j < nb && strcmp(a[i], b[j]) != 0)
			j++;
		if (j == nb)
			return false;
	}
	return true;
}

const char *rp_table_label(struct rp *r, const struct m_table *t)
{
	if (strcmp(t->schema, r->m->default_schema) == 0)
		return t->name;
	return arena_printf(r->a, "%s.%s", t->schema, t->name);
}

struct m_schema *rp_schema(struct rp *r, const struct ast_name *n, bool quiet)
{
	struct m_schema *s = model_schema(r->m, n->schema);
	if (!s && !quiet)
		rp_error(r, n->loc, "schema \"%s\" does not exist", n->schema);
	return s;
}

struct m_table *rp_table(struct rp *r, const struct ast_name *n, bool quiet)
{
	struct m_schema *s = rp_schema(r, n, quiet);
	if (!s)
		return NULL;
	struct m_table *t = pmap_get(&s->tables, n->name);
	if (t || quiet)
		return t;
	struct m_rel *rel = pmap_get(&s->rels, n->name);
	if (rel)
		rp_error(r, n->loc, "\"%s\" is not a table", n->name);
	else
		rp_error(r, n->loc, "table \"%s\" does not exist", n->name);
	return NULL;
}

bool rp_missing_ok(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	if (!s->if_exists)
		return false;
	if (model_rel(r->m, s->target.schema, s->target.name)) {
		rp_error(r, s->target.loc, "\"%s\" is not a table", s->target.name);
		return false;
	}
	return true;
}

/* PostgreSQL's limits (15): MaxAttrSize for char lengths, NUMERIC_MAX_PRECISION
 * and NUMERIC_MIN/MAX_SCALE, MAX_TIME_PRECISION / MAX_INTERVAL_PRECISION, and
 * MaxHeapAttributeNumber for columns (docs/language.md lists them). */
#define RP_MAX_CHAR_LENGTH 10485760
#define RP_MAX_NUMERIC_PRECISION 1000
#define RP_MAX_NUMERIC_SCALE 1000
#define RP_MAX_TIME_PRECISION 6
#define RP_MAX_COLUMNS 1600

static const char *rp_type_word(enum ast_type_kind k)
{
	switch (k) {
	case TY_VARCHAR: return "varchar";
	case TY_CHAR: return "char";
	case TY_TIME: return "time";
	case TY_TIMETZ: return "time with time zone";
	case TY_TIMESTAMP: return "timestamp";
	case TY_TIMESTAMPTZ: return "timestamp with time zone";
	case TY_INTERVAL: return "interval";
	default: return "numeric";
	}
}

/* The type modifiers PostgreSQL's type input functions refuse (22023), or
 * (time precision over 6) silently lower, which would leave the model
 * different from the database. */
static bool rp_type_limits(struct rp *r, const struct ast_type *t)
{
	const char *w = rp_type_word(t->kind);
	switch (t->kind) {
	case TY_VARCHAR:
	case TY_CHAR:
		if (t->mod1 == -1)
			return true;
		if (t->mod1 < 1) {
			rp_error(r, t->loc, "length for type %s must be at least 1", w);
			return false;
		}
		if (t->mod1 > RP_MAX_CHAR_LENGTH) {
			rp_error(r, t->loc, "length for type %s cannot exceed %d", w,
				 RP_MAX_CHAR_LENGTH);
			return false;
		}
		return true;
	case TY_NUMERIC:
		if (t->mod1 != -1 && (t->mod1 < 1 || t->mod1 > RP_MAX_NUMERIC_PRECISION)) {
			rp_error(r, t->loc, "numeric precision %d must be between 1 and %d",
				 t->mod1, RP_MAX_NUMERIC_PRECISION);
			return false;
		}
		if (t->mod2 != -1 && (t->mod2 < -RP_MAX_NUMERIC_SCALE ||
				      t->mod2 > RP_MAX_NUMERIC_SCALE)) {
			rp_error(r, t->loc, "numeric scale %d must be between %d and %d",
				 t->mod2, -RP_MAX_NUMERIC_SCALE, RP_MAX_NUMERIC_SCALE);
			return false;
		}
		return true;
	case TY_TIME:
	case TY_TIMETZ:
	case TY_TIMESTAMP:
	case TY_TIMESTAMPTZ:
	case TY_INTERVAL:
		if (t->mod1 > RP_MAX_TIME_PRECISION) {
			rp_error(r, t->loc, "%s precision %d is more than %d (PostgreSQL would lower it to %d)",
				 w, t->mod1, RP_MAX_TIME_PRECISION, RP_MAX_TIME_PRECISION);
			return false;
		}
		return true;
	default:
		return true;
	}
}

bool rp_resolve_type(struct rp *r, const struct ast_type *in, struct ast_type *out)
{
	if (!rp_type_limits(r, in))
		return false;
	*out = model_type_normalize(in);
	if (in->kind == TY_NAMED && in->named.schema &&
	    strcmp(in->named.schema, "pg_catalog") == 0)
		return true;	/* a type of PostgreSQL's migc does not list: it checks it */
	if (in->kind == TY_NAMED) {
		const char *sch = model_schema_name(r->m, in->named.schema);
		struct m_schema *s = model_schema(r->m, sch);
		if (!s) {
			rp_error(r, in->named.loc, "schema \"%s\" does not exist", sch);
			return false;
		}
		const struct m_utype *ut = model_utype(r->m, s->name, in->named.name);
		if (!pmap_get(&s->enums, in->named.name) &&
		    !model_ext_owner(r->m, s->name, in->named.name) && !ut) {
			rp_error(r, in->named.loc.file ? in->named.loc : in->loc,
				 "type \"%s\" does not exist", in->named.name);
			return false;
		}
		if (ut && ut->kind == 's') {
			rp_error(r, in->named.loc.file ? in->named.loc : in->loc,
				 "type \"%s\" is only a shell", in->named.name);
			return false;
		}
		out->named.schema = s->name;
	}
	return true;
}

static bool rp_is_serial(enum ast_type_kind k)
{
	return k == TY_SMALLSERIAL || k == TY_SERIAL || k == TY_BIGSERIAL;
}

static bool rp_is_int(enum ast_type_kind k)
{
	return k == TY_SMALLINT || k == TY_INTEGER || k == TY_BIGINT;
}

/* The sequence name written for a column (SEQUENCE NAME x); kept in
 * out->seq for rp_add_sequence(). */
static bool rp_seq_name(struct rp *r, struct m_column *out, const struct ast_constraint *k)
{
	if (out->seq) {
		rp_error(r, k->seq_loc, "conflicting or redundant options: sequence name of column \"%s\"",
			 out->name);
		return false;
	}
	out->seq = k->seq_name;
	out->seq_loc = k->seq_loc;
	return true;
}

bool rp_build_column(struct rp *r, struct m_table *t, const struct ast_column *c,
		     struct m_column *out, const struct ast_constraint ***cons,
		     size_t *n_cons)
{
	const char *tn = rp_table_label(r, t);
	const char *cn = c->name.name;
	if (t->n_cols >= RP_MAX_COLUMNS) {
		rp_error(r, c->name.loc, "tables can have at most %d columns", RP_MAX_COLUMNS);
		return false;
	}
	if (table_column(t, cn)) {
		rp_error(r, c->name.loc, "column \"%s\" specified more than once", cn);
		rp_note(r, table_column(t, cn)->loc, "previously defined here");
		return false;
	}
	memset(out, 0, sizeof *out);
	out->name = cn;
	out->loc = c->name.loc;
	if (rp_is_serial(c->type.kind)) {
		if (c->type.array_dims) {
			rp_error(r, c->type.loc, "array of serial is not implemented");
			return false;
		}
		out->serial = c->type.kind;
		out->not_null = true;
	}
	if (!rp_resolve_type(r, &c->type, &out->type))
		return false;
	if (!rp_collation(r, &c->collation, &out->coll_schema, &out->collation))
		return false;
	bool said_null = false, said_not_null = false, has_default = false;
	for (size_t i = 0; i < c->n_constraints; i++) {
		const struct ast_constraint *k = &c->constraints[i];
		struct loc kl = k->loc;
		switch (k->kind) {
		case CON_NOT_NULL:
		case CON_NULL:
			if (k->kind == CON_NULL ? (said_not_null || out->serial || out->identity)
						: said_null) {
				rp_error(r, kl, "conflicting NULL/NOT NULL declarations for column \"%s\" of table \"%s\"",
					 cn, tn);
				return false;
			}
			if (k->kind == CON_NULL)
				said_null = true;
			else
				said_not_null = out->not_null = true;
			break;
		case CON_GENERATED:
			if (has_default || out->serial || out->identity) {
				rp_error(r, kl, out->identity
					 ? "both identity and generation expression specified for column \"%s\" of table \"%s\""
					 : "both default and generation expression specified for column \"%s\" of table \"%s\"",
					 cn, tn);
				return false;
			}
			has_default = true;
			out->generated = true;
			out->default_text = k->expr->text;
			break;
		case CON_DEFAULT:
			if (out->generated) {
				rp_error(r, kl, "both default and generation expression specified for column \"%s\" of table \"%s\"",
					 cn, tn);
				return false;
			}
			if (has_default || out->serial) {
				rp_error(r, kl, "multiple default values specified for column \"%s\" of table \"%s\"",
					 cn, tn);
				return false;
			}
			if (out->identity) {
				rp_error(r, kl, "both default and identity specified for column \"%s\" of table \"%s\"",
					 cn, tn);
				return false;
			}
			if (k->expr && k->expr->n_columns) {
				rp_error(r, k->expr->columns[0].loc,
					 "cannot use column reference in DEFAULT expression");
				return false;
			}
			has_default = true;
			out->default_text = k->expr ? k->expr->text : NULL;
			break;
		case CON_IDENTITY:
			if (out->identity) {
				rp_error(r, kl, "multiple identity specifications for column \"%s\" of table \"%s\"",
					 cn, tn);
				return false;
			}
			if (has_default || out->serial) {
				rp_error(r, kl, out->generated
					 ? "both identity and generation expression specified for column \"%s\" of table \"%s\""
					 : "both default and identity specified for column \"%s\" of table \"%s\"",
					 cn, tn);
				return false;
			}
			if (said_null) {
				rp_error(r, kl, "conflicting NULL/NOT NULL declarations for column \"%s\" of table \"%s\"",
					 cn, tn);
				return false;
			}
			if (!rp_is_int(out->type.kind) || out->type.array_dims) {
				rp_error(r, kl, "identity column type must be smallint, integer, or bigint");
				return false;
			}
			out->identity = k->identity_always ? ID_ALWAYS : ID_BY_DEFAULT;
			out->not_null = true;	/* options: rp_identity_column() */
			if (k->seq_name && !rp_seq_name(r, out, k))
				return false;
			break;
		case CON_SEQUENCE:
			if (!rp_seq_name(r, out, k))
				return false;
			break;
		default:
			*cons = arena_grow(r->a, *cons, *n_cons * sizeof **cons,
					   (*n_cons + 1) * sizeof **cons);
			(*cons)[(*n_cons)++] = k;
			break;
		}
	}
	if (out->seq && !out->serial && !out->identity) {
		rp_error(r, out->seq_loc, "sequence name for column \"%s\", which is neither serial nor identity",
			 cn);
		return false;
	}
	return true;
}

bool rp_add_sequence(struct rp *r, struct m_table *t, struct m_column *col)
{
	struct m_schema *s = model_schema_mut(r->m, r->a, t->schema);
	const char *seq = col->seq;
	if (seq && model_rel(r->m, t->schema, seq)) {
		rp_error(r, col->seq_loc, "relation \"%s\" already exists", seq);
		return false;
	}
	if (!seq)
		seq = naming_relation(r->a, s, t->name, col->name, "seq", false);
	schema_rel_set(r->m, r->a, s, REL_SEQUENCE, seq, t->name, col->name);
	col->seq = seq;
	if (col->serial) {
		const char *q = sql_ident_min(r->a, seq);
		if (strcmp(t->schema, r->m->default_schema) != 0)
			q = arena_printf(r->a, "%s.%s", sql_ident_min(r->a, t->schema), q);
		struct strbuf sb;
		sb_init(&sb, r->a);
		sb_puts(&sb, "nextval(");
		sql_put_literal(&sb, q);
		sb_puts(&sb, "::regclass)");
		col->default_text = sb_str(&sb);
	}
	return true;
}

struct rp_all {
	struct m_table **v;
	size_t n, cap;
	struct arena *a;
};

static void rp_all_fn(void *ctx, const char *key, void *val)
{
	(void)key;
	struct rp_all *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		c->v = arena_grow(c->a, c->v, c->n * sizeof *c->v, cap * sizeof *c->v);
		c->cap = cap;
	}
	c->v[c->n++] = val;
}

struct m_table **rp_all_tables(struct rp *r, size_t *n)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(r->m, r->a, &ns);
	struct rp_all c = { .a = r->a };
	for (size_t i = 0; i < ns; i++)
		pmap_each(&ss[i]->tables, rp_all_fn, &c);
	*n = c.n;
	return c.v;
}

bool rp_col_users(struct rp *r, const struct rp_col_users *u)
{
	size_t nt;
	struct m_table **all = rp_all_tables(r, &nt);
	bool reported = false;
	for (size_t i = 0; i < nt; i++) {
		for (size_t c = 0; c < all[i]->n_cols; c++) {
			const struct m_column *col = &all[i]->cols[c];
			if (!u->uses(r, col, u->ctx))
				continue;
			if (!u->cascade) {
				if (!reported)
					rp_error(r, u->at,
						 "cannot drop %s because other objects depend on it",
						 u->what);
				reported = true;
				rp_note(r, col->loc, "%scolumn \"%s\" of table \"%s\" depends on %s",
					u->on_default ? "default value for " : "", col->name,
					rp_table_label(r, all[i]), u->what);
				continue;
			}
			int gone = u->drop(r, &all[i], c, u->ctx);
			if (gone < 0)
				return false;
			c -= (size_t)gone;	/* the next column moved into place c */
		}
	}
	if (reported)
		rp_note(r, r->s->loc, "use \"cascade\" to drop the dependent objects too");
	return !reported;
}


void rp_catalog_name(const struct ast_name *n, const char **schema, const char **name)
{
	*name = n->name;
	*schema = n->name && n->schema && strcmp(n->schema, "pg_catalog") != 0 ? n->schema : NULL;
}

/* A qualified name outside pg_catalog must be a collation of the model
 * (an error at the name, as for an unknown type); an unqualified one is
 * the default schema's when the model has it there, otherwise
 * pg_catalog's (which depend on the server's locales: not checked); a
 * database's catalog replayed (replay_ctx.any_collation) names only
 * collations that exist. */
bool rp_collation(struct rp *r, const struct ast_name *n, const char **schema, const char **name)
{
	rp_catalog_name(n, schema, name);
	if (!n->name)
		return true;
	if (!*schema) {
		if (!n->schema && model_coll(r->m, r->m->default_schema, n->name))
			*schema = r->m->default_schema;
		return true;
	}
	if (r->any_collation || model_coll(r->m, *schema, n->name))
		return true;
	rp_error(r, n->loc, "collation \"%s.%s\" does not exist", *schema, n->name);
	return false;
}
