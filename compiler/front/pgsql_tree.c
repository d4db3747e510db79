/*
 * pgsql_tree.c - reads what a plain SQL statement does from PostgreSQL's
 * parse tree (pgsql_tree.h).
 *
 * The library renders the raw parse tree as JSON (pg_query_parse), read
 * with pgsql_json.h; this file knows the node shapes of PostgreSQL 15's
 * gram.y for views, routines and triggers.  A shape it does not expect
 * makes the statement PGSQL_OTHER rather than a guess.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"
#include "sqltext.h"

static bool rangevar(const struct pj *rv, struct pgsql_name *out)
{
	memset(out, 0, sizeof *out);
	out->name = pj_str(rv, "relname");
	out->schema = pj_str(rv, "schemaname");
	return out->name != NULL;
}

static char routine_of(const char *objtype)
{
	if (strcmp(objtype, "OBJECT_FUNCTION") == 0)
		return PGSQL_FUNCTION;
	if (strcmp(objtype, "OBJECT_PROCEDURE") == 0)
		return PGSQL_PROCEDURE;
	if (strcmp(objtype, "OBJECT_AGGREGATE") == 0)
		return PGSQL_AGGREGATE;
	return 0;
}

/* ---- views: what the query reads ---- */

struct walk {
	struct arena *a;
	struct pgsql_stmt *o;
	size_t cap_rels, cap_cols;
	const char **ctes;
	size_t n_ctes, cap_ctes;
};

static void *grow(struct arena *a, void *v, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return v;
	size_t nc = *cap ? *cap * 2 : 8;
	v = arena_grow(a, v, *cap * elem, nc * elem);
	*cap = nc;
	return v;
}

static void walk(struct walk *w, const struct pj *v)
{
	if (!v || (v->kind != PJ_OBJ && v->kind != PJ_ARR))
		return;
	if (v->kind == PJ_OBJ) {
		const struct pj *rv = pj_get(v, "RangeVar");
		struct pgsql_rel r;
		if (rv && rangevar(rv, &r.name)) {
			r.alias = pj_str(pj_get(rv, "alias"), "aliasname");
			w->o->rels = grow(w->a, w->o->rels, w->o->n_rels, &w->cap_rels,
					  sizeof r);
			w->o->rels[w->o->n_rels++] = r;
		}
		const struct pj *cte = pj_get(v, "CommonTableExpr");
		const char *cn = pj_str(cte, "ctename");
		if (cn) {
			w->ctes = grow(w->a, w->ctes, w->n_ctes, &w->cap_ctes, sizeof *w->ctes);
			w->ctes[w->n_ctes++] = cn;
		}
		const struct pj *f = pj_get(pj_get(v, "ColumnRef"), "fields");
		if (f && f->kind == PJ_ARR && f->n >= 1) {
			struct pgsql_colref c = { NULL, NULL };
			const struct pj *last = f->vals[f->n - 1];
			c.name = pj_get(last, "A_Star") ? "*"
							: pj_str(pj_get(last, "String"), "sval");
			if (f->n >= 2)
				c.qual = pj_str(pj_get(f->vals[f->n - 2], "String"), "sval");
			if (c.name) {
				w->o->cols = grow(w->a, w->o->cols, w->o->n_cols,
						  &w->cap_cols, sizeof c);
				w->o->cols[w->o->n_cols++] = c;
			}
		}
	}
	for (size_t i = 0; i < v->n; i++)
		walk(w, v->vals[i]);
}

static void view_reads(struct arena *a, struct pgsql_stmt *o, const struct pj *query)
{
	struct walk w = { .a = a, .o = o };
	walk(&w, query);
	/* a name a WITH clause defines is not a relation */
	size_t k = 0;
	for (size_t i = 0; i < o->n_rels; i++) {
		bool cte = false;
		for (size_t j = 0; !o->rels[i].name.schema && j < w.n_ctes; j++)
			cte = cte || strcmp(w.ctes[j], o->rels[i].name.name) == 0;
		if (!cte)
			o->rels[k++] = o->rels[i];
	}
	o->n_rels = k;
}

/* The text after the qualified name that starts at byte `at`. */
static const char *after_name(struct arena *a, const char *sql, size_t n, size_t at)
{
	size_t i = at;
	for (int part = 0; part < 3 && i < n; part++) {
		enum sqlt_kind k;
		i = sqlt_skip_blank(sql, n, i);
		size_t e = sqlt_token(sql, n, i, &k);
		if (k != SQLT_WORD && k != SQLT_QIDENT)
			break;
		i = sqlt_skip_blank(sql, n, e);
		if (i >= n || sql[i] != '.') {
			i = e;
			break;
		}
		i++;
	}
	i = sqlt_skip_blank(sql, n, i);
	return arena_strndup(a, sql + i, n - i);
}

static void add_name(struct arena *a, struct pgsql_stmt *o, struct pgsql_name nm)
{
	o->names = arena_grow(a, o->names, o->n_names * sizeof nm, (o->n_names + 1) * sizeof nm);
	o->names[o->n_names++] = nm;
}

static bool describe(struct arena *a, const char *sql, size_t n, const struct pj *st,
		     struct pgsql_stmt *o)
{
	const struct pj *x;
	struct pgsql_name nm;
	if ((x = pj_get(st, "ViewStmt"))) {
		const struct pj *rv = pj_get(x, "view");
		if (!rangevar(rv, &nm))
			return false;
		o->kind = PGSQL_CREATE_VIEW;
		o->replace = pj_bool(x, "replace");
		add_name(a, o, nm);
		const struct pj *loc = pj_get(rv, "location");
		o->def = after_name(a, sql, n, pj_char_to_byte(sql, n, loc ? atol(loc->str) : 0));
		view_reads(a, o, pj_get(x, "query"));
		return true;
	}
	if ((x = pj_get(st, "CreateTableAsStmt"))) {
		const char *ot = pj_str(x, "objtype");
		const struct pj *rv = pj_get(pj_get(x, "into"), "rel");
		if (!ot || strcmp(ot, "OBJECT_MATVIEW") != 0 || !rangevar(rv, &nm))
			return false;
		o->kind = PGSQL_CREATE_VIEW;
		o->materialized = true;
		o->if_exists = pj_bool(x, "if_not_exists");
		add_name(a, o, nm);
		const struct pj *loc = pj_get(rv, "location");
		o->def = after_name(a, sql, n, pj_char_to_byte(sql, n, loc ? atol(loc->str) : 0));
		view_reads(a, o, pj_get(x, "query"));
		return true;
	}
	if ((x = pj_get(st, "DropStmt"))) {
		const char *rt = pj_str(x, "removeType");
		const struct pj *objs = pj_get(x, "objects");
		const char *beh = pj_str(x, "behavior");
		if (!rt || !objs || objs->kind != PJ_ARR)
			return false;
		o->if_exists = pj_bool(x, "missing_ok");
		o->cascade = beh && strcmp(beh, "DROP_CASCADE") == 0;
		bool view = strcmp(rt, "OBJECT_VIEW") == 0, mat = strcmp(rt, "OBJECT_MATVIEW") == 0;
		bool trig = strcmp(rt, "OBJECT_TRIGGER") == 0;
		char rk = routine_of(rt);
		if (view || mat || trig) {
			o->kind = trig ? PGSQL_DROP_TRIGGER : PGSQL_DROP_VIEW;
			o->materialized = mat;
			for (size_t i = 0; i < objs->n; i++) {
				const struct pj *items = pj_get(pj_get(objs->vals[i], "List"), "items");
				if (!items || items->kind != PJ_ARR || items->n < 1)
					return false;
				struct pgsql_name tn;
				memset(&nm, 0, sizeof nm);
				if (trig) {
					/* [schema,] table, trigger */
					if (items->n < 2)
						return false;
					nm.name = pj_str(pj_get(items->vals[items->n - 1], "String"), "sval");
					struct pj sub = *items;
					sub.n--;
					if (!pgsql_qname(&sub, &tn) || !nm.name)
						return false;
					nm.schema = tn.schema;
					nm.table = tn.name;
				} else if (!pgsql_qname(items, &nm)) {
					return false;
				}
				add_name(a, o, nm);
			}
			return true;
		}
		if (rk || strcmp(rt, "OBJECT_ROUTINE") == 0) {
			o->kind = PGSQL_DROP_FUNCTION;
			o->routine = rk;
			for (size_t i = 0; i < objs->n; i++) {
				if (!pgsql_objwithargs(a, pj_get(objs->vals[i], "ObjectWithArgs"),
						 rk == PGSQL_PROCEDURE, &nm))
					return false;
				add_name(a, o, nm);
			}
			return true;
		}
		return pgsql_describe_type(a, st, o) || pgsql_describe_seq(a, sql, n, st, o);
	}
	if ((x = pj_get(st, "RenameStmt"))) {
		const char *rt = pj_str(x, "renameType");
		o->new_name = pj_str(x, "newname");
		o->if_exists = pj_bool(x, "missing_ok");
		if (!rt || !o->new_name)
			return false;
		bool view = strcmp(rt, "OBJECT_VIEW") == 0, mat = strcmp(rt, "OBJECT_MATVIEW") == 0;
		if (view || mat) {
			if (!rangevar(pj_get(x, "relation"), &nm))
				return false;
			o->kind = PGSQL_RENAME_VIEW;
			o->materialized = mat;
			add_name(a, o, nm);
			return true;
		}
		char rk = routine_of(rt);
		if (rk || strcmp(rt, "OBJECT_ROUTINE") == 0) {
			if (!pgsql_objwithargs(a, pj_get(pj_get(x, "object"), "ObjectWithArgs"),
					 rk == PGSQL_PROCEDURE, &nm))
				return false;
			o->kind = PGSQL_RENAME_FUNCTION;
			o->routine = rk;
			add_name(a, o, nm);
			return true;
		}
		return pgsql_describe_type(a, st, o) || pgsql_describe_seq(a, sql, n, st, o);
	}
	if ((x = pj_get(st, "CreateFunctionStmt"))) {
		if (!pgsql_qname(pj_get(x, "funcname"), &nm))
			return false;
		o->kind = PGSQL_CREATE_FUNCTION;
		o->routine = pj_bool(x, "is_procedure") ? PGSQL_PROCEDURE : PGSQL_FUNCTION;
		o->replace = pj_bool(x, "replace");
		nm.args = pgsql_params(a, pj_get(x, "parameters"), o->routine == PGSQL_PROCEDURE);
		add_name(a, o, nm);
		const struct pj *opts = pj_get(x, "options");
		for (size_t i = 0; opts && opts->kind == PJ_ARR && i < opts->n; i++) {
			const struct pj *de = pj_get(opts->vals[i], "DefElem");
			const char *dn = pj_str(de, "defname");
			if (dn && strcmp(dn, "language") == 0)
				o->language = pj_str(pj_get(pj_get(de, "arg"), "String"), "sval");
			if (dn && strcmp(dn, "as") == 0)
				o->body_as = true;
		}
		if (!o->language)
			o->language = "sql";
		return true;
	}
	if ((x = pj_get(st, "DefineStmt"))) {
		const char *k = pj_str(x, "kind");
		if (k && (strcmp(k, "OBJECT_TYPE") == 0 || strcmp(k, "OBJECT_COLLATION") == 0))
			return pgsql_describe_type(a, st, o);	/* shell, base types, collations */
		if (!k || strcmp(k, "OBJECT_AGGREGATE") != 0 || !pgsql_qname(pj_get(x, "defnames"), &nm))
			return false;
		o->kind = PGSQL_CREATE_FUNCTION;
		o->routine = PGSQL_AGGREGATE;
		o->replace = pj_bool(x, "replace");
		const struct pj *args = pj_get(x, "args");
		const struct pj *first = args && args->kind == PJ_ARR && args->n ? args->vals[0] : NULL;
		nm.args = pgsql_params(a, pj_get(pj_get(first, "List"), "items"), false);
		add_name(a, o, nm);
		return true;
	}
	if ((x = pj_get(st, "CreateTrigStmt"))) {
		const char *tn = pj_str(x, "trigname");
		if (!tn || !rangevar(pj_get(x, "relation"), &nm) ||
		    !pgsql_qname(pj_get(x, "funcname"), &o->func))
			return false;
		o->kind = PGSQL_CREATE_TRIGGER;
		o->replace = pj_bool(x, "replace");
		nm.table = nm.name;
		nm.name = tn;
		o->func.args = "";
		add_name(a, o, nm);
		return true;
	}
	return pgsql_describe_type(a, st, o) || pgsql_describe_acl(a, st, o) ||
	       pgsql_describe_attach(a, st, o) ||
	       pgsql_describe_seq(a, sql, n, st, o) || pgsql_describe_comment(a, st, o);
}

bool pgsql_describe(struct arena *a, const char *sql, size_t n, struct pgsql_stmt *out)
{
	memset(out, 0, sizeof *out);
	char *text = arena_strndup(a, sql, n);
	PgQueryParseResult r = pg_query_parse(text);
	bool ok = false;
	if (!r.error && r.parse_tree) {
		const struct pj *root = pj_parse(a, r.parse_tree);
		const struct pj *stmts = pj_get(root, "stmts");
		if (stmts && stmts->kind == PJ_ARR && stmts->n == 1) {
			ok = true;
			if (!describe(a, text, n, pj_get(stmts->vals[0], "stmt"), out)) {
				memset(out, 0, sizeof *out);
				out->kind = PGSQL_OTHER;
			}
		}
	}
	pg_query_free_parse_result(r);
	return ok;
}

/* ---- schema qualifiers ---- */

struct refs {
	struct arena *a;
	const char *sql;
	size_t n, cap, len;
	struct pgsql_schema_ref *v;
};

static void add_ref(struct refs *x, const struct pj *locnode, const char *schema,
		    enum pgsql_ref_kind kind, const char *name)
{
	if (!locnode || locnode->kind != PJ_NUM || !schema)
		return;
	size_t off = pj_char_to_byte(x->sql, x->len, atol(locnode->str));
	enum sqlt_kind k;
	if (off >= x->len)
		return;
	size_t e = sqlt_token(x->sql, x->len, off, &k);
	/* only when the token there is the schema as written */
	char *tok;
	if (k == SQLT_QIDENT) {
		struct strbuf sb;
		sb_init(&sb, x->a);
		for (size_t i = off + 1; i + 1 < e; i++) {
			sb_putc(&sb, x->sql[i]);
			if (x->sql[i] == '"')
				i++;
		}
		tok = (char *)sb_str(&sb);
	} else if (k == SQLT_WORD) {
		tok = arena_strndup(x->a, x->sql + off, e - off);
		for (char *c = tok; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	} else {
		return;
	}
	if (strcmp(tok, schema) != 0)
		return;
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 8;
		x->v = arena_grow(x->a, x->v, x->cap * sizeof *x->v, nc * sizeof *x->v);
		x->cap = nc;
	}
	x->v[x->n++] = (struct pgsql_schema_ref){ off, e - off, schema, kind, name };
}

static const char *qualifier(const struct pj *names)
{
	if (!names || names->kind != PJ_ARR || names->n < 2)
		return NULL;
	return pj_str(pj_get(names->vals[names->n - 2], "String"), "sval");
}

/* The last part of a qualified name list (the object's own name). */
static const char *last_name(const struct pj *names)
{
	if (!names || names->kind != PJ_ARR || names->n < 1)
		return NULL;
	return pj_str(pj_get(names->vals[names->n - 1], "String"), "sval");
}

static void walk_refs(struct refs *x, const struct pj *v)
{
	if (!v || (v->kind != PJ_OBJ && v->kind != PJ_ARR))
		return;
	if (v->kind == PJ_OBJ) {
		for (size_t i = 0; i < v->n; i++) {
			const struct pj *node = v->vals[i];
			const char *key = v->keys[i];
			if (strcmp(key, "RangeVar") == 0 || strcmp(key, "view") == 0 ||
			    strcmp(key, "relation") == 0 || strcmp(key, "rel") == 0 ||
			    strcmp(key, "sequence") == 0)
				add_ref(x, pj_get(node, "location"), pj_str(node, "schemaname"),
					PGSQL_REF_OTHER, NULL);
			else if (strcmp(key, "FuncCall") == 0)
				add_ref(x, pj_get(node, "location"), qualifier(pj_get(node, "funcname")),
					PGSQL_REF_FUNC, last_name(pj_get(node, "funcname")));
			else if (strcmp(key, "TypeName") == 0 || strcmp(key, "typeName") == 0 ||
				 strcmp(key, "argType") == 0 || strcmp(key, "returnType") == 0)
				add_ref(x, pj_get(node, "location"), qualifier(pj_get(node, "names")),
					PGSQL_REF_TYPE, last_name(pj_get(node, "names")));
			else if (strcmp(key, "DefElem") == 0) {
				const char *sch;
				struct pj at = { .kind = PJ_NUM };
				if ((at.str = pgsql_seq_owner_ref(x->a, node, x->sql, x->len, &sch)))
					add_ref(x, &at, sch, PGSQL_REF_OTHER, NULL);
			}
			const char *lsch;	/* 'S.seq'::regclass, nextval('S.seq') */
			struct pj lat = { .kind = PJ_NUM };
			if ((lat.str = pgsql_seq_literal_ref(x->a, key, node, x->sql, x->len, &lsch)))
				add_ref(x, &lat, lsch, PGSQL_REF_OTHER, NULL);
		}
	}
	for (size_t i = 0; i < v->n; i++)
		walk_refs(x, v->vals[i]);
}

/* A name token's name: a quoted one unquoted, a bare one folded. */
static char *tok_name(struct arena *a, const char *text, size_t i, size_t e,
		      enum sqlt_kind k)
{
	if (k == SQLT_QIDENT) {
		struct strbuf sb;
		sb_init(&sb, a);
		for (size_t j = i + 1; j + 1 < e; j++) {
			sb_putc(&sb, text[j]);
			if (text[j] == '"')
				j++;
		}
		return (char *)sb_str(&sb);
	}
	char *s = arena_strndup(a, text + i, e - i);
	for (char *c = s; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return s;
}

/* add_ref's place: the character position of byte i */
static struct pj *char_pos(struct arena *a, const char *text, size_t i)
{
	struct pj *loc = arena_calloc(a, 1, sizeof *loc);
	size_t chars = 0;
	for (size_t j = 0; j < i; j++)
		if (((unsigned char)text[j] & 0xc0) != 0x80)
			chars++;
	loc->kind = PJ_NUM;
	loc->str = arena_printf(a, "%zu", chars);
	return loc;
}

static int ref_cmp(const void *p, const void *q)
{
	const struct pgsql_schema_ref *a = p, *b = q;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	return (a->kind > b->kind) - (a->kind < b->kind);	/* what the tree knows first */
}

size_t pgsql_schema_refs(struct arena *a, const char *sql, size_t n,
			 struct pgsql_schema_ref **out)
{
	*out = NULL;
	char *text = arena_strndup(a, sql, n);
	PgQueryParseResult r = pg_query_parse(text);
	struct refs x = { .a = a, .sql = text, .len = n };
	const struct pj *tree = NULL;
	if (!r.error && r.parse_tree)
		walk_refs(&x, tree = pj_parse(a, r.parse_tree));
	pg_query_free_parse_result(r);
	/* names the tree keeps without a place (routines, a trigger's
	 * function): a qualified name outside parentheses, for statements
	 * whose text there holds nothing but names and keywords */
	const struct pj *st = NULL, *stmts = pj_get(tree, "stmts");
	if (stmts && stmts->kind == PJ_ARR && stmts->n == 1)
		st = pj_get(stmts->vals[0], "stmt");
	/* grant ... on schema S, ... | in schema S, ...; alter schema S owner
	 * to; alter ... set schema S: the names after the word "schema" are
	 * schemas */
	const struct pj *g = pj_get(st, "GrantStmt"), *ao = pj_get(st, "AlterOwnerStmt");
	const struct pj *mv = pj_get(st, "AlterObjectSchemaStmt");	/* ... set schema S */
	const char *gt = pj_str(g, "objtype"), *gtarg = pj_str(g, "targtype");
	bool schema_names = (gt && strcmp(gt, "OBJECT_SCHEMA") == 0) ||
			    (gtarg && strcmp(gtarg, "ACL_TARGET_ALL_IN_SCHEMA") == 0) ||
			    (ao && pj_str(ao, "objectType") &&
			     strcmp(pj_str(ao, "objectType"), "OBJECT_SCHEMA") == 0) || mv;
	if (pj_get(st, "CreateFunctionStmt") || pj_get(st, "CreateTrigStmt") ||
	    pj_get(st, "DefineStmt") || pj_get(st, "RenameStmt") || pj_get(st, "DropStmt") ||
	    pj_get(st, "CreateDomainStmt") || pj_get(st, "CompositeTypeStmt") ||
	    pj_get(st, "CreateRangeStmt") || pj_get(st, "AlterDomainStmt") || g || ao ||
	    pj_get(st, "CreateEventTrigStmt") || mv || pj_get(st, "CommentStmt")) {
		int depth = 0;
		int list = 0;	/* after "schema" (schema_names): 1 a name next, 2 a ',' */
		for (size_t i = 0; i < n;) {
			enum sqlt_kind k;
			size_t e = sqlt_token(text, n, i, &k);
			bool name = k == SQLT_WORD || k == SQLT_QIDENT, blank = k == SQLT_SPACE ||
				k == SQLT_LINE_COMMENT || k == SQLT_BLOCK_COMMENT;
			if (k == SQLT_PUNCT && text[i] == '(')
				depth++;
			else if (k == SQLT_PUNCT && text[i] == ')')
				depth--;
			if (list == 1 && name && (e >= n || text[e] != '.')) {
				add_ref(&x, char_pos(a, text, i), tok_name(a, text, i, e, k),
					PGSQL_REF_OTHER, NULL);
				list = 2;
			} else if (list == 2 && k == SQLT_PUNCT && text[i] == ',') {
				list = 1;
			} else if (!blank) {
				list = 0;
				if (depth == 0 && name && e < n && text[e] == '.')
					add_ref(&x, char_pos(a, text, i), tok_name(a, text, i, e, k),
						PGSQL_REF_OTHER, NULL);
				else if (schema_names && depth == 0 && k == SQLT_WORD &&
					 e - i == 6 && strncasecmp(text + i, "schema", 6) == 0)
					list = 1;
			}
			i = e;
		}
	}
	if (x.n > 1)
		qsort(x.v, x.n, sizeof *x.v, ref_cmp);
	/* one node may be seen twice (a RangeVar under "relation", a type the
	 * text scan found too): the first, the tree's, stays */
	size_t k = 0;
	for (size_t i = 0; i < x.n; i++)
		if (k == 0 || x.v[k - 1].offset != x.v[i].offset)
			x.v[k++] = x.v[i];
	*out = x.v;
	return k;
}

bool pgsql_check_plpgsql(const char *sql, size_t n, char *msg, size_t cap, int *line)
{
	*line = 0;
	char *text = malloc(n + 1);
	if (!text)
		abort();
	memcpy(text, sql, n);
	text[n] = '\0';
	PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(text);
	bool ok = r.error == NULL;
	if (!ok && cap) {
		const char *m = r.error->message ? r.error->message : "syntax error";
		size_t len = strlen(m);
		if (len >= cap)
			len = cap - 1;
		memcpy(msg, m, len);
		msg[len] = '\0';
		const char *ctx = r.error->context ? strstr(r.error->context, "near line ") : NULL;
		if (ctx)
			*line = atoi(ctx + strlen("near line "));
	}
	pg_query_free_plpgsql_parse_result(r);
	free(text);
	return ok;
}
