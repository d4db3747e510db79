/*
 * ast_types.c - type names that are not keywords (ast_type_generic():
 * migc's own kinds by their catalog names, then the other built-in types
 * of PostgreSQL 15 as format_type() prints them, then a user type), the
 * interval fields, and the constructors for `interval <fields>`,
 * `bit [varying] (n)` and the generated-column constraint; an index's
 * storage parameters and operator class options in their one printed form.
 *
 * Every name a user may write for such a type (its catalog name or an
 * alias, optionally qualified with pg_catalog) maps to one spelling, so a
 * type written "varbit(8)" and read back from a database as
 * "bit varying(8)" are the same model type.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"
#include "sqltext.h"

/* Sorted by name (strcmp order): found by binary search. */
static const struct builtin {
	const char *name;	/* as written (catalog name or alias) */
	const char *shown;	/* format_type()'s spelling */
	int max_mods;
} builtins[] = {
	{ "aclitem", "aclitem", 0 },
	{ "bit", "bit", 1 },
	{ "box", "box", 0 },
	{ "char", "\"char\"", 0 },	/* reached only quoted: char is a keyword */
	{ "cid", "cid", 0 },
	{ "cidr", "cidr", 0 },
	{ "circle", "circle", 0 },
	{ "datemultirange", "datemultirange", 0 },
	{ "daterange", "daterange", 0 },
	{ "gtsvector", "gtsvector", 0 },
	{ "int2vector", "int2vector", 0 },
	{ "int4multirange", "int4multirange", 0 },
	{ "int4range", "int4range", 0 },
	{ "int8multirange", "int8multirange", 0 },
	{ "int8range", "int8range", 0 },
	{ "jsonpath", "jsonpath", 0 },
	{ "line", "line", 0 },
	{ "lseg", "lseg", 0 },
	{ "macaddr", "macaddr", 0 },
	{ "macaddr8", "macaddr8", 0 },
	{ "money", "money", 0 },
	{ "name", "name", 0 },
	{ "nummultirange", "nummultirange", 0 },
	{ "numrange", "numrange", 0 },
	{ "oid", "oid", 0 },
	{ "oidvector", "oidvector", 0 },
	{ "path", "path", 0 },
	{ "pg_brin_bloom_summary", "pg_brin_bloom_summary", 0 },
	{ "pg_brin_minmax_multi_summary", "pg_brin_minmax_multi_summary", 0 },
	{ "pg_dependencies", "pg_dependencies", 0 },
	{ "pg_lsn", "pg_lsn", 0 },
	{ "pg_mcv_list", "pg_mcv_list", 0 },
	{ "pg_ndistinct", "pg_ndistinct", 0 },
	{ "pg_node_tree", "pg_node_tree", 0 },
	{ "pg_snapshot", "pg_snapshot", 0 },
	{ "point", "point", 0 },
	{ "polygon", "polygon", 0 },
	{ "refcursor", "refcursor", 0 },
	{ "regclass", "regclass", 0 },
	{ "regcollation", "regcollation", 0 },
	{ "regconfig", "regconfig", 0 },
	{ "regdictionary", "regdictionary", 0 },
	{ "regnamespace", "regnamespace", 0 },
	{ "regoper", "regoper", 0 },
	{ "regoperator", "regoperator", 0 },
	{ "regproc", "regproc", 0 },
	{ "regprocedure", "regprocedure", 0 },
	{ "regrole", "regrole", 0 },
	{ "regtype", "regtype", 0 },
	{ "tid", "tid", 0 },
	{ "tsmultirange", "tsmultirange", 0 },
	{ "tsquery", "tsquery", 0 },
	{ "tsrange", "tsrange", 0 },
	{ "tstzmultirange", "tstzmultirange", 0 },
	{ "tstzrange", "tstzrange", 0 },
	{ "tsvector", "tsvector", 0 },
	{ "txid_snapshot", "txid_snapshot", 0 },
	{ "varbit", "bit varying", 1 },
	{ "xid", "xid", 0 },
	{ "xid8", "xid8", 0 },
	{ "xml", "xml", 0 },
};

static int builtin_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct builtin *)elem)->name);
}

const char *ast_builtin_type(const char *name, int *max_mods)
{
	const struct builtin *b = bsearch(name, builtins, sizeof builtins / sizeof builtins[0],
					  sizeof builtins[0], builtin_cmp);
	if (!b)
		return NULL;
	if (max_mods)
		*max_mods = b->max_mods;
	return b->shown;
}

/* Built-in types that PostgreSQL spells as plain names, not keywords, and
 * how many modifiers each takes. */
static const struct {
	const char *name;
	enum ast_type_kind kind;
	int max_mods;
} generic_types[] = {
	{ "bigserial", TY_BIGSERIAL, 0 },	{ "bool", TY_BOOLEAN, 0 },
	{ "bpchar", TY_CHAR, 1 },		{ "bytea", TY_BYTEA, 0 },
	{ "date", TY_DATE, 0 },			{ "float4", TY_REAL, 0 },
	{ "float8", TY_DOUBLE, 0 },		{ "inet", TY_INET, 0 },
	{ "int2", TY_SMALLINT, 0 },		{ "int4", TY_INTEGER, 0 },
	{ "int8", TY_BIGINT, 0 },		{ "json", TY_JSON, 0 },
	{ "jsonb", TY_JSONB, 0 },		{ "serial", TY_SERIAL, 0 },
	{ "serial2", TY_SMALLSERIAL, 0 },	{ "serial4", TY_SERIAL, 0 },
	{ "serial8", TY_BIGSERIAL, 0 },		{ "smallserial", TY_SMALLSERIAL, 0 },
	{ "text", TY_TEXT, 0 },			{ "timestamptz", TY_TIMESTAMPTZ, 1 },
	{ "timetz", TY_TIMETZ, 1 },		{ "uuid", TY_UUID, 0 },
};

struct ast_type *ast_type_generic(struct parse_ctx *c, struct ast_name name,
				  struct ast_list *mods, struct loc loc)
{
	size_t n_mods = mods ? mods->n : 0;
	const struct ast_ident *m1 = n_mods > 0 ? mods->items[0] : NULL;
	const struct ast_ident *m2 = n_mods > 1 ? mods->items[1] : NULL;
	int max_mods = 0;
	struct ast_type *t = NULL;
	if (!name.schema || strcmp(name.schema, "pg_catalog") == 0) {
		for (size_t i = 0; i < sizeof generic_types / sizeof generic_types[0]; i++)
			if (strcmp(generic_types[i].name, name.name) == 0) {
				max_mods = generic_types[i].max_mods;
				t = ast_type_new(c, generic_types[i].kind,
						 max_mods ? m1 : NULL, NULL, loc);
				break;
			}
	}
	const char *builtin = !t && (!name.schema || strcmp(name.schema, "pg_catalog") == 0)
		? ast_builtin_type(name.name, &max_mods) : NULL;
	if (builtin) {
		t = ast_type_new(c, TY_BUILTIN, max_mods ? m1 : NULL, NULL, loc);
		t->named.name = builtin;
		t->named.loc = name.loc;
	}
	if (!t) {
		t = ast_type_new(c, TY_NAMED, NULL, NULL, loc);
		t->named = name;
	}
	if (n_mods > (size_t)max_mods) {
		const struct ast_ident *bad = max_mods ? m2 : m1;
		diag_error(c->diag, bad->loc,
			   max_mods ? "too many type modifiers for type \"%s\""
				    : "type modifier is not allowed for type \"%s\"",
			   name.name);
	}
	return t;
}

static const char *const interval_fields[] = {
	[AST_IV_YEAR] = "year",
	[AST_IV_MONTH] = "month",
	[AST_IV_DAY] = "day",
	[AST_IV_HOUR] = "hour",
	[AST_IV_MINUTE] = "minute",
	[AST_IV_SECOND] = "second",
	[AST_IV_YEAR_MONTH] = "year to month",
	[AST_IV_DAY_HOUR] = "day to hour",
	[AST_IV_DAY_MINUTE] = "day to minute",
	[AST_IV_DAY_SECOND] = "day to second",
	[AST_IV_HOUR_MINUTE] = "hour to minute",
	[AST_IV_HOUR_SECOND] = "hour to second",
	[AST_IV_MINUTE_SECOND] = "minute to second",
};

const char *ast_interval_fields_text(int code)
{
	if (code < 0 || (size_t)code >= sizeof interval_fields / sizeof interval_fields[0])
		return NULL;
	return interval_fields[code];
}

struct ast_type *ast_type_interval(struct parse_ctx *c, int fields,
				   const struct ast_ident *prec, struct loc loc)
{
	struct ast_type *t = ast_type_new(c, TY_INTERVAL, prec, NULL, loc);
	bool second = fields == AST_IV_SECOND || fields == AST_IV_DAY_SECOND ||
		      fields == AST_IV_HOUR_SECOND || fields == AST_IV_MINUTE_SECOND;
	/* PostgreSQL's grammar takes a precision only after "second". */
	if (prec && !second)
		diag_error(c->diag, prec->loc,
			   "interval precision is allowed only after the field second");
	t->mod2 = fields;
	return t;
}

struct ast_type *ast_type_bit(struct parse_ctx *c, bool varying,
			      const struct ast_ident *len, struct loc loc)
{
	struct ast_type *t = ast_type_new(c, TY_BUILTIN, len, NULL, loc);
	t->named.name = varying ? "bit varying" : "bit";
	t->named.loc = loc;
	/* PostgreSQL's messages and limit (VARBITMAXLEN), SQLSTATE 22023. */
	const char *pg_name = varying ? "varbit" : "bit";
	if (len && t->mod1 < 1)
		diag_error(c->diag, len->loc, "length for type %s must be at least 1",
			   pg_name);
	else if (len && t->mod1 > 83886080)
		diag_error(c->diag, len->loc, "length for type %s cannot exceed 83886080",
			   pg_name);
	return t;
}

struct ast_constraint *ast_con_generated(struct parse_ctx *c, bool always,
					 struct ast_expr *e, struct loc loc)
{
	struct ast_constraint *con = ast_con_simple(c, CON_GENERATED, loc);
	con->expr = e;
	if (!always)
		diag_error(c->diag, loc,
			   "for a generated column, GENERATED ALWAYS must be specified");
	return con;
}

struct ast_col_qual *ast_qual_collate(struct parse_ctx *c, struct ast_name *n,
				      struct loc loc)
{
	struct ast_col_qual *q = arena_alloc(c->arena, sizeof *q);
	q->collate = n;
	q->loc = loc;
	return q;
}

struct ast_index_elem *ast_ielem_class(struct parse_ctx *c, struct ast_index_elem *e,
				       struct ast_name *collate, struct ast_name *opclass,
				       const char *opc_opts)
{
	(void)c;
	if (collate)
		e->collation = *collate;
	if (opclass)
		e->opclass = *opclass;
	e->opc_opts = opc_opts;
	return e;
}

static void reloption_sink(void *sb, const char *s, size_t n)
{
	sb_put(sb, s, n);
}

const char *ast_reloption(struct parse_ctx *c, struct ast_ident name, const char *value)
{
	struct strbuf sb;
	sb_init(&sb, c->arena);
	sqlt_put_ident(reloption_sink, &sb, name.name);
	sb_putc(&sb, '=');
	sqlt_put_literal(reloption_sink, &sb, value ? value : "true");
	return sb_str(&sb);
}

const char *ast_reloption_join(struct parse_ctx *c, const char *list, const char *one)
{
	return arena_printf(c->arena, "%s, %s", list, one);
}

struct ast_alter *ast_alter_collate(struct parse_ctx *c, struct ast_alter *a,
				    struct ast_name *collate)
{
	(void)c;
	if (collate)
		a->collation = *collate;
	return a;
}
