/*
 * replay_coll.c - collations replayed into the model (plain SQL,
 * pgsql_coll.c): create collation needs its schema and a new name (if not
 * exists: nothing when it exists); drop collation needs each to exist
 * unless if exists.  Dropping a collation that columns use is not
 * checked.  The COLLATE of columns and index elements is resolved by
 * rp_collation (replay_resolve.c).
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "model_coll.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "sqltext.h"

/* The next token of sql[..n) at or after *i: its start; *i after it. */
static size_t next(const char *sql, size_t n, size_t *i)
{
	enum sqlt_kind k;
	size_t b = sqlt_skip_blank(sql, n, *i);
	*i = sqlt_token(sql, n, b, &k);
	return b;
}

/* The text after the collation's name in create collation `sql`. */
static const char *def_of(struct arena *a, const char *sql)
{
	size_t n = strlen(sql), i = 0;
	while (n && (sql[n - 1] == ';' || sql[n - 1] == ' ' || sql[n - 1] == '\n' ||
		     sql[n - 1] == '\t' || sql[n - 1] == '\r'))
		n--;
	next(sql, n, &i);	/* create */
	next(sql, n, &i);	/* collation */
	size_t b = next(sql, n, &i);	/* if not exists, or the name */
	if (i - b == 2 && strncasecmp(sql + b, "if", 2) == 0) {
		next(sql, n, &i);
		next(sql, n, &i);
		next(sql, n, &i);
	}
	size_t j = sqlt_skip_blank(sql, n, i);
	if (j < n && sql[j] == '.') {
		i = j + 1;
		next(sql, n, &i);
	}
	i = sqlt_skip_blank(sql, n, i);
	return arena_strndup(a, sql + i, n - i);
}

static const char *label(struct rp *r, const char *schema, const char *name)
{
	return strcmp(schema, r->m->default_schema) == 0 ? name
		: arena_printf(r->a, "%s.%s", schema, name);
}

bool rp_coll_stmt(struct rp *r, const struct pgsql_stmt *p)
{
	struct loc at = { 0 };
	if (p->kind == PGSQL_CREATE_COLL) {
		const char *s = model_schema_name(r->m, p->names[0].schema);
		if (!model_schema(r->m, s)) {
			rp_error(r, at, "schema \"%s\" does not exist", s);
			return false;
		}
		const struct m_coll *old = model_coll(r->m, s, p->names[0].name);
		if (old) {
			if (p->if_exists)
				return true;
			rp_error(r, at, "collation \"%s\" already exists", p->names[0].name);
			if (old->loc.file)
				rp_note(r, old->loc, "collation \"%s\" was defined here",
					p->names[0].name);
			return false;
		}
		struct m_coll *c = arena_calloc(r->a, 1, sizeof *c);
		c->schema = arena_strdup(r->a, s);
		c->name = arena_strdup(r->a, p->names[0].name);
		c->def = def_of(r->a, r->s->u.exec.sql);
		c->loc = r->s->loc;
		model_coll_set(r->m, r->a, c);
		return true;
	}
	for (size_t i = 0; i < p->n_names; i++) {
		const char *s = model_schema_name(r->m, p->names[i].schema);
		const struct m_coll *c = model_coll(r->m, s, p->names[i].name);
		if (c) {
			model_coll_del(r->m, r->a, c);
		} else if (!p->if_exists) {
			rp_error(r, at, "collation \"%s\" does not exist",
				 label(r, s, p->names[i].name));
			return false;
		}
	}
	return true;
}
