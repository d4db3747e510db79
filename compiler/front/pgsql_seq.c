/*
 * pgsql_seq.c - standalone sequences of plain SQL read from PostgreSQL's
 * parse tree (libpg_query): create sequence [if not exists] s [options],
 * alter sequence [if exists] s [options], drop sequence [if exists] a, b
 * [cascade] and alter sequence s rename to t.  Fills the pgsql_stmt of
 * pgsql_tree.h (kind, names, if_exists, cascade, new_name) and its `seq`
 * options.  The numbers are read from the statement's text at each
 * option's position, since the library's JSON leaves negative integers
 * out; an option migc cannot read sets seq->bad (the statement is then
 * still described, and replay refuses it rather than guessing).  Also the
 * schema qualifiers of sequence names in places a scratch copy must remap
 * (pgsql_schema_refs): "owned by S.t.c", and a relation named inside a
 * string literal ('S.seq'::regclass, nextval('S.seq')).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"
#include "sqltext.h"

/* The number after the option's words at character position `loc`:
 * "increment [by] [-]N", "start [with] N", "minvalue N", "cache N". */
static bool number_at(const char *sql, size_t n, const struct pj *loc, long long *out)
{
	if (!loc || loc->kind != PJ_NUM)
		return false;
	size_t i = pj_char_to_byte(sql, n, atol(loc->str));
	bool neg = false;
	for (int guard = 0; guard < 4 && i < n; guard++) {
		enum sqlt_kind k;
		i = sqlt_skip_blank(sql, n, i);
		size_t e = sqlt_token(sql, n, i, &k);
		if (k == SQLT_NUMBER) {
			char buf[32];
			if (e - i >= sizeof buf)
				return false;
			memcpy(buf, sql + i, e - i);
			buf[e - i] = '\0';
			errno = 0;
			char *end;
			unsigned long long v = strtoull(buf, &end, 10);
			if (*end || errno || v > (unsigned long long)9223372036854775807LL + neg)
				return false;
			*out = neg ? (long long)(0 - v) : (long long)v;
			return true;
		}
		if (k == SQLT_OP && e - i == 1 && (sql[i] == '-' || sql[i] == '+'))
			neg = sql[i] == '-';
		else if (k != SQLT_WORD)
			return false;
		i = e;
	}
	return false;
}

static const char *int_type(const struct pj *tn)
{
	const struct pj *names = pj_get(tn, "names");
	if (!names || names->kind != PJ_ARR || !names->n)
		return NULL;
	const char *s = pj_str(pj_get(names->vals[names->n - 1], "String"), "sval");
	if (!s)
		return NULL;
	if (strcmp(s, "int2") == 0 || strcmp(s, "smallint") == 0)
		return "smallint";
	if (strcmp(s, "int4") == 0 || strcmp(s, "integer") == 0 || strcmp(s, "int") == 0)
		return "integer";
	if (strcmp(s, "int8") == 0 || strcmp(s, "bigint") == 0)
		return "bigint";
	return NULL;
}

static void owner_of(const struct pj *arg, struct pgsql_seq *q)
{
	const struct pj *items = pj_get(pj_get(arg, "List"), "items");
	q->has_owner = true;
	if (!items || items->kind != PJ_ARR || !items->n || items->n > 3) {
		q->bad = true;
		return;
	}
	const char *p[3] = { 0 };
	for (size_t i = 0; i < items->n; i++)
		if (!(p[i] = pj_str(pj_get(items->vals[i], "String"), "sval"))) {
			q->bad = true;
			return;
		}
	if (items->n == 1) {
		if (strcmp(p[0], "none") == 0)
			q->owner_none = true;
		else
			q->bad = true;
		return;
	}
	q->owner_column = p[items->n - 1];
	q->owner_table = p[items->n - 2];
	q->owner_schema = items->n == 3 ? p[0] : NULL;
}

static struct pgsql_seq *options(struct arena *a, const char *sql, size_t n,
				 const struct pj *opts)
{
	struct pgsql_seq *q = arena_calloc(a, 1, sizeof *q);
	for (size_t i = 0; opts && opts->kind == PJ_ARR && i < opts->n; i++) {
		const struct pj *de = pj_get(opts->vals[i], "DefElem");
		const char *dn = pj_str(de, "defname");
		const struct pj *arg = pj_get(de, "arg"), *loc = pj_get(de, "location");
		if (!dn) {
			q->bad = true;
		} else if (strcmp(dn, "as") == 0) {
			q->as_type = int_type(pj_get(arg, "TypeName"));
			q->bad |= !q->as_type;
		} else if (strcmp(dn, "increment") == 0) {
			q->has_inc = true;
			q->bad |= !number_at(sql, n, loc, &q->inc);
		} else if (strcmp(dn, "start") == 0) {
			q->has_start = true;
			q->bad |= !number_at(sql, n, loc, &q->start);
		} else if (strcmp(dn, "minvalue") == 0) {
			if (arg) {
				q->has_min = true;
				q->bad |= !number_at(sql, n, loc, &q->min);
			} else {
				q->no_min = true;
			}
		} else if (strcmp(dn, "maxvalue") == 0) {
			if (arg) {
				q->has_max = true;
				q->bad |= !number_at(sql, n, loc, &q->max);
			} else {
				q->no_max = true;
			}
		} else if (strcmp(dn, "cache") == 0) {
			q->has_cache = true;
			q->bad |= !number_at(sql, n, loc, &q->cache);
		} else if (strcmp(dn, "cycle") == 0) {
			q->has_cycle = true;
			q->cycle = pj_bool(pj_get(arg, "Boolean"), "boolval");
		} else if (strcmp(dn, "restart") == 0) {
			q->has_restart = true;	/* the current value: not the model's */
		} else if (strcmp(dn, "owned_by") == 0) {
			owner_of(arg, q);
		} else {
			q->bad = true;	/* sequence_name, logged, ... */
		}
	}
	return q;
}

static bool one(struct arena *a, const struct pj *rv, struct pgsql_stmt *o)
{
	struct pgsql_name nm;
	memset(&nm, 0, sizeof nm);
	nm.name = pj_str(rv, "relname");
	nm.schema = pj_str(rv, "schemaname");
	if (!nm.name)
		return false;
	o->names = arena_alloc(a, sizeof nm);
	o->names[0] = nm;
	o->n_names = 1;
	return true;
}

/* alter function|procedure|routine|aggregate|type|domain X set schema S
 * (PGSQL_SETSCHEMA_OBJECT): names[0] X, new_name S, obj_word the kind. */
static bool set_schema_object(struct arena *a, const struct pj *x, const char *ot,
			      struct pgsql_stmt *o)
{
	static const struct { const char *ot, *word; char routine; } kinds[] = {
		{ "OBJECT_FUNCTION", "function", PGSQL_FUNCTION },
		{ "OBJECT_PROCEDURE", "procedure", PGSQL_PROCEDURE },
		{ "OBJECT_AGGREGATE", "aggregate", PGSQL_AGGREGATE },
		{ "OBJECT_ROUTINE", "routine", 0 },
		{ "OBJECT_TYPE", "type", 0 },
		{ "OBJECT_DOMAIN", "domain", 0 },
	};
	const struct pj *obj = pj_get(x, "object");
	struct pgsql_name nm;
	memset(&nm, 0, sizeof nm);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(ot, kinds[i].ot) != 0)
			continue;
		bool routine = i < 4;
		if (routine ? !pgsql_objwithargs(a, pj_get(obj, "ObjectWithArgs"),
						 kinds[i].routine == PGSQL_PROCEDURE, &nm)
			    : !pgsql_any_name(pj_get(pj_get(obj, "List"), "items"), &nm))
			return false;
		if (!pj_str(x, "newschema"))
			return false;
		o->names = arena_alloc(a, sizeof nm);
		o->names[0] = nm;
		o->n_names = 1;
		o->kind = PGSQL_SETSCHEMA_OBJECT;
		o->routine = kinds[i].routine;
		o->obj_word = kinds[i].word;
		o->new_name = pj_str(x, "newschema");
		o->if_exists = pj_bool(x, "missing_ok");
		return true;
	}
	return false;
}

bool pgsql_describe_seq(struct arena *a, const char *sql, size_t n, const struct pj *st,
			struct pgsql_stmt *o)
{
	const struct pj *x;
	if ((x = pj_get(st, "CreateSeqStmt")) || (x = pj_get(st, "AlterSeqStmt"))) {
		bool create = pj_get(st, "CreateSeqStmt") != NULL;
		if (!one(a, pj_get(x, "sequence"), o))
			return false;
		o->kind = create ? PGSQL_CREATE_SEQUENCE : PGSQL_ALTER_SEQUENCE;
		o->if_exists = pj_bool(x, create ? "if_not_exists" : "missing_ok");
		o->seq = options(a, sql, n, pj_get(x, "options"));
		return true;
	}
	if ((x = pj_get(st, "RenameStmt"))) {
		const char *rt = pj_str(x, "renameType");
		if (!rt || strcmp(rt, "OBJECT_SEQUENCE") != 0 || !pj_str(x, "newname") ||
		    !one(a, pj_get(x, "relation"), o))
			return false;
		o->kind = PGSQL_RENAME_SEQUENCE;
		o->new_name = pj_str(x, "newname");
		o->if_exists = pj_bool(x, "missing_ok");
		return true;
	}
	if ((x = pj_get(st, "CommentStmt"))) {
		const char *ot = pj_str(x, "objtype");
		o->names = arena_calloc(a, 1, sizeof *o->names);
		if (!ot || strcmp(ot, "OBJECT_SEQUENCE") != 0 ||
		    !pgsql_any_name(pj_get(pj_get(pj_get(x, "object"), "List"), "items"), &o->names[0]))
			return false;
		o->n_names = 1;
		o->kind = PGSQL_COMMENT_SEQUENCE;
		o->comment = pj_str(x, "comment");
		return true;
	}
	if ((x = pj_get(st, "AlterObjectSchemaStmt"))) {
		const char *ot = pj_str(x, "objectType");
		bool table = ot && (strcmp(ot, "OBJECT_TABLE") == 0 || strcmp(ot, "OBJECT_VIEW") == 0 ||
				    strcmp(ot, "OBJECT_MATVIEW") == 0);
		if (ot && !table && strcmp(ot, "OBJECT_SEQUENCE") != 0)
			return set_schema_object(a, x, ot, o);
		if (!ot || (!table && strcmp(ot, "OBJECT_SEQUENCE") != 0) ||
		    !pj_str(x, "newschema") || !one(a, pj_get(x, "relation"), o))
			return false;
		o->kind = table ? PGSQL_SETSCHEMA_TABLE : PGSQL_SETSCHEMA_SEQUENCE;
		o->obj_word = !table ? "sequence" : strcmp(ot, "OBJECT_TABLE") == 0 ? "table"
			      : strcmp(ot, "OBJECT_VIEW") == 0 ? "view" : "materialized view";
		o->new_name = pj_str(x, "newschema");
		o->if_exists = pj_bool(x, "missing_ok");
		return true;
	}
	if ((x = pj_get(st, "DropStmt"))) {
		const char *rt = pj_str(x, "removeType"), *beh = pj_str(x, "behavior");
		const struct pj *objs = pj_get(x, "objects");
		if (!rt || strcmp(rt, "OBJECT_SEQUENCE") != 0 || !objs || objs->kind != PJ_ARR ||
		    !objs->n)
			return false;
		o->names = arena_calloc(a, objs->n, sizeof *o->names);
		for (size_t i = 0; i < objs->n; i++)
			if (!pgsql_any_name(pj_get(pj_get(objs->vals[i], "List"), "items"),
					    &o->names[i]))
				return false;
		o->n_names = objs->n;
		o->kind = PGSQL_DROP_SEQUENCE;
		o->if_exists = pj_bool(x, "missing_ok");
		o->cascade = beh && strcmp(beh, "DROP_CASCADE") == 0;
		return true;
	}
	return false;
}

const char *pgsql_seq_owner_ref(struct arena *a, const struct pj *de, const char *sql,
				size_t n, const char **schema)
{
	const struct pj *items = pj_get(pj_get(pj_get(de, "arg"), "List"), "items");
	const char *dn = pj_str(de, "defname");
	const struct pj *loc = pj_get(de, "location");
	if (!dn || strcmp(dn, "owned_by") != 0 || !items || items->kind != PJ_ARR ||
	    items->n != 3 || !loc || loc->kind != PJ_NUM ||
	    !(*schema = pj_str(pj_get(items->vals[0], "String"), "sval")))
		return NULL;
	/* the third token from the option's position: "owned", "by", SCHEMA */
	size_t i = pj_char_to_byte(sql, n, atol(loc->str));
	for (int w = 0; w < 2; w++) {
		enum sqlt_kind k;
		i = sqlt_token(sql, n, sqlt_skip_blank(sql, n, i), &k);
	}
	i = sqlt_skip_blank(sql, n, i);
	size_t chars = 0;
	for (size_t j = 0; j < i; j++)
		if (((unsigned char)sql[j] & 0xc0) != 0x80)
			chars++;
	return arena_printf(a, "%zu", chars);
}

static void sink(void *ctx, const char *s, size_t n)
{
	sb_put(ctx, s, n);
}

/* The character position of the schema in the standard literal node
 * (A_Const) at byte-or-char position `loc` of sql, when its text is
 * "SCHEMA.rest" (*schema: SCHEMA as PostgreSQL reads it); else NULL. */
static const char *literal_schema(struct arena *a, const struct pj *lit, const char *sql,
				  size_t n, const char **schema)
{
	const struct pj *c = pj_get(lit, "A_Const");
	const char *v = pj_str(pj_get(c, "sval"), "sval");
	const struct pj *loc = pj_get(c, "location");
	if (!v || !loc || loc->kind != PJ_NUM)
		return NULL;
	size_t i = pj_char_to_byte(sql, n, atol(loc->str));
	if (i >= n || sql[i] != '\'')
		return NULL;
	size_t vn = strlen(v), s = sqlt_skip_blank(v, vn, 0);
	enum sqlt_kind k;
	size_t e = sqlt_token(v, vn, s, &k);
	if ((k != SQLT_WORD && k != SQLT_QIDENT) || e >= vn || v[e] != '.' ||
	    memchr(v, '\'', e) || strncmp(sql + i + 1, v, e) != 0)
		return NULL;	/* no schema, or the text is not the value as is */
	struct strbuf id;
	sb_init(&id, a);
	sqlt_put_token_ident(sink, &id, v + s, e - s, k);
	*schema = sb_str(&id);
	size_t chars = 0;
	for (size_t j = 0; j < i + 1 + s; j++)
		if (((unsigned char)sql[j] & 0xc0) != 0x80)
			chars++;
	return arena_printf(a, "%zu", chars);
}

const char *pgsql_seq_literal_ref(struct arena *a, const char *key, const struct pj *node,
				  const char *sql, size_t n, const char **schema)
{
	if (strcmp(key, "TypeCast") == 0) {
		const struct pj *names = pj_get(pj_get(node, "typeName"), "names");
		if (!names || names->kind != PJ_ARR || names->n < 1)
			return NULL;
		const char *t = pj_str(pj_get(names->vals[names->n - 1], "String"), "sval");
		if (!t || strcmp(t, "regclass") != 0)
			return NULL;
		return literal_schema(a, pj_get(node, "arg"), sql, n, schema);
	}
	if (strcmp(key, "FuncCall") != 0)
		return NULL;
	const struct pj *fn = pj_get(node, "funcname"), *args = pj_get(node, "args");
	if (!fn || fn->kind != PJ_ARR || fn->n < 1 || !args || args->kind != PJ_ARR ||
	    args->n < 1)
		return NULL;
	const char *f = pj_str(pj_get(fn->vals[fn->n - 1], "String"), "sval");
	if (!f || (strcmp(f, "nextval") != 0 && strcmp(f, "currval") != 0 &&
		   strcmp(f, "setval") != 0))
		return NULL;
	return literal_schema(a, args->vals[0], sql, n, schema);
}
