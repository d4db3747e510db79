/*
 * model_acl.c - the grants and owners of a model (model_acl.h): lookups
 * keyed by identity, their comparison, and the statements that take one
 * model's grants and owners to another's (derived downgrades and
 * autogenerate share them, so both are exact for the privileges that
 * differ: granted ones are revoked, revoked ones granted back, a grant
 * option alone with "revoke grant option for").
 */
#include <string.h>

#include "arena.h"
#include "model.h"
#include "model_acl.h"
#include "model_ast.h"
#include "model_coll.h"
#include "pgsql_tree.h"
#include "sql.h"

static const char *const priv_words[PGSQL_N_PRIVS] = {
	"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER",
	"USAGE", "CREATE", "EXECUTE",
};

unsigned model_acl_valid(char objkind, bool column)
{
	if (column)
		return PGSQL_PRIV_SELECT | PGSQL_PRIV_INSERT | PGSQL_PRIV_UPDATE |
		       PGSQL_PRIV_REFERENCES;
	switch (objkind) {
	case PGSQL_ACL_TABLE: return 0x7fu;	/* select .. trigger */
	case PGSQL_ACL_SEQUENCE: return PGSQL_PRIV_USAGE | PGSQL_PRIV_SELECT | PGSQL_PRIV_UPDATE;
	case PGSQL_ACL_SCHEMA: return PGSQL_PRIV_USAGE | PGSQL_PRIV_CREATE;
	case PGSQL_ACL_FUNCTION: return PGSQL_PRIV_EXECUTE;
	default: return 0;
	}
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static const char *grant_key(struct arena *a, const struct m_grant *g)
{
	return arena_printf(a, "%c\n%s\n%s\n%s\n%s\n%s", g->objkind, nz(g->schema), g->name,
			    nz(g->args), nz(g->column), g->grantee);
}

static const char *owner_key(struct arena *a, const struct m_owner *o)
{
	return arena_printf(a, "%c\n%s\n%s\n%s", o->objkind, nz(o->schema), o->name, nz(o->args));
}

struct m_grant *model_grant(const struct model *m, const struct m_grant *like)
{
	if (!m->grants.count)
		return NULL;
	struct arena a;
	arena_init(&a);
	struct m_grant *g = pmap_get(&m->grants, grant_key(&a, like));
	arena_free(&a);
	return g;
}

void model_grant_set(struct model *m, struct arena *a, struct m_grant *g)
{
	pmap_set(&m->grants, a, model_stamp(m), grant_key(a, g), g);
}

void model_grant_del(struct model *m, struct arena *a, const struct m_grant *g)
{
	pmap_del(&m->grants, a, model_stamp(m), grant_key(a, g));
}

struct m_owner *model_owner(const struct model *m, const struct m_owner *like)
{
	if (!m->owners.count)
		return NULL;
	struct arena a;
	arena_init(&a);
	struct m_owner *o = pmap_get(&m->owners, owner_key(&a, like));
	arena_free(&a);
	return o;
}

void model_owner_set(struct model *m, struct arena *a, struct m_owner *o)
{
	pmap_set(&m->owners, a, model_stamp(m), owner_key(a, o), o);
}

bool model_acl_object(const struct model *m, char objkind, const char *schema,
		      const char *name, const char *args)
{
	switch (objkind) {
	case PGSQL_ACL_SCHEMA:
		return model_schema(m, name) != NULL;
	case PGSQL_ACL_FUNCTION:
		return model_routine(m, schema, name, args) != NULL;
	case PGSQL_ACL_COLLATION:
		return model_coll(m, schema, name) != NULL;
	case PGSQL_ACL_TYPE:
		return model_utype(m, schema, name) != NULL ||
		       (model_schema(m, schema) &&
			pmap_get(&model_schema(m, schema)->enums, name) != NULL);
	default:
		return model_table(m, schema, name) || model_view(m, schema, name) ||
		       model_rel(m, schema, name);
	}
}

static const char *obj_sql(struct arena *a, char objkind, const char *schema,
			   const char *name, const char *args)
{
	if (objkind == PGSQL_ACL_SCHEMA)
		return sql_ident(a, name);
	const char *q = arena_printf(a, "%s.%s", sql_ident(a, schema), sql_ident(a, name));
	return objkind == PGSQL_ACL_FUNCTION ? arena_printf(a, "%s(%s)", q, nz(args)) : q;
}

static const char *kind_word(char objkind)
{
	switch (objkind) {
	case PGSQL_ACL_SEQUENCE: return "sequence";
	case PGSQL_ACL_SCHEMA: return "schema";
	case PGSQL_ACL_FUNCTION: return "routine";
	case PGSQL_ACL_TYPE: return "type";
	case PGSQL_ACL_COLLATION: return "collation";
	default: return "table";
	}
}

const char *model_acl_label(struct arena *a, char objkind, const char *schema,
			    const char *name, const char *args)
{
	return arena_printf(a, "%s %s", objkind == PGSQL_ACL_FUNCTION ? "function" :
			    kind_word(objkind), obj_sql(a, objkind, schema, name, args));
}

static const char *privs_sql(struct arena *a, unsigned privs)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "");
	for (unsigned i = 0; i < PGSQL_N_PRIVS; i++)
		if (privs & (1u << i))
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", priv_words[i]);
	return sb_str(&sb);
}

static const char *role_sql(struct arena *a, const char *role)
{
	return strcmp(role, "public") == 0 ? "PUBLIC" : sql_ident(a, role);
}

static const char *lower(struct arena *a, const char *w)
{
	char *u = arena_strdup(a, w);
	for (char *c = u; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
	return u;
}

static const char *upper(struct arena *a, const char *w)
{
	char *u = arena_strdup(a, w);
	for (char *c = u; *c; c++)
		*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
	return u;
}

/* "SELECT, UPDATE (\"a\") ON TABLE \"s\".\"t\"" */
static const char *target(struct arena *a, const struct m_grant *g, unsigned privs)
{
	return arena_printf(a, "%s%s%s%s ON %s %s", privs_sql(a, privs),
			    g->column ? " (" : "", g->column ? sql_ident(a, g->column) : "",
			    g->column ? ")" : "",
			    upper(a, g->objkind == PGSQL_ACL_FUNCTION ? "routine" : kind_word(g->objkind)),
			    obj_sql(a, g->objkind, g->schema, g->name, g->args));
}

static bool live(const struct model *m, const struct m_grant *g)
{
	return model_acl_object(m, g->objkind, g->schema, g->name, g->args);
}

/* The statements taking grant f (NULL: none) to t (NULL: none). */
static void grant_stmts(struct arena *a, const struct m_grant *f, const struct m_grant *t,
			struct mast_list *l)
{
	const struct m_grant *g = t ? t : f;
	unsigned fp = f ? f->privs : 0, fg = f ? f->grantable : 0;
	unsigned tp = t ? t->privs : 0, tg = t ? t->grantable : 0;
	unsigned rem = fp & ~tp, remg = fg & ~tg & ~rem;
	unsigned add_opt = tg & ~fg, add = tp & ~fp & ~add_opt;
	const char *role = role_sql(a, g->grantee);
	if (rem)
		mast_push_sql(l, arena_printf(a, "REVOKE %s FROM %s", target(a, g, rem), role));
	if (remg)
		mast_push_sql(l, arena_printf(a, "REVOKE GRANT OPTION FOR %s FROM %s",
					      target(a, g, remg), role));
	if (add)
		mast_push_sql(l, arena_printf(a, "GRANT %s TO %s", target(a, g, add), role));
	if (add_opt)
		mast_push_sql(l, arena_printf(a, "GRANT %s TO %s WITH GRANT OPTION",
					      target(a, g, add_opt), role));
}

static const char *owner_word_sql(char w)
{
	switch (w) {
	case 'v': return "VIEW";
	case 'm': return "MATERIALIZED VIEW";
	case 's': return "SEQUENCE";
	case 'f': return "FUNCTION";
	case 'p': return "PROCEDURE";
	case 'n': return "SCHEMA";
	case 'y': return "TYPE";
	case 'd': return "DOMAIN";
	case 'l': return "COLLATION";
	default: return "TABLE";
	}
}

static const char *owner_sql(struct arena *a, const struct m_owner *o)
{
	return arena_printf(a, "ALTER %s %s OWNER TO %s", owner_word_sql(o->word),
			    obj_sql(a, o->objkind, o->schema, o->name, o->args),
			    sql_ident(a, o->owner));
}

void model_acl_stmts(struct arena *a, const struct model *from, const struct model *to,
		     struct mast_list *l, const char **unknown)
{
	size_t nf, nt, i = 0, j = 0;
	if (unknown)
		*unknown = NULL;
	struct m_grant **fg = (struct m_grant **)pmap_sorted(&from->grants, a, &nf);
	struct m_grant **tg = (struct m_grant **)pmap_sorted(&to->grants, a, &nt);
	while (i < nf || j < nt) {
		int c = i == nf ? 1 : j == nt ? -1
			: strcmp(grant_key(a, fg[i]), grant_key(a, tg[j]));
		const struct m_grant *f = c <= 0 ? fg[i++] : NULL;
		const struct m_grant *t = c >= 0 ? tg[j++] : NULL;
		if (f && !live(from, f))
			f = NULL;
		if (t && !live(to, t))
			t = NULL;
		if ((f || t) && live(to, t ? t : f))
			grant_stmts(a, f, t, l);
	}
	struct m_owner **fo = (struct m_owner **)pmap_sorted(&from->owners, a, &nf);
	struct m_owner **to_ = (struct m_owner **)pmap_sorted(&to->owners, a, &nt);
	for (i = 0, j = 0; i < nf || j < nt;) {
		int c = i == nf ? 1 : j == nt ? -1
			: strcmp(owner_key(a, fo[i]), owner_key(a, to_[j]));
		const struct m_owner *f = c <= 0 ? fo[i++] : NULL;
		const struct m_owner *t = c >= 0 ? to_[j++] : NULL;
		const struct m_owner *o = t ? t : f;
		if (!model_acl_object(to, o->objkind, o->schema, o->name, o->args))
			continue;
		if (t && (!f || strcmp(f->owner, t->owner) != 0))
			mast_push_sql(l, owner_sql(a, t));
		else if (!t && unknown && !*unknown)
			*unknown = arena_printf(a, "%s %s", lower(a, owner_word_sql(o->word)),
						obj_sql(a, o->objkind, o->schema, o->name, o->args));
	}
}

/* "table "s"."t" column "a" to bob" */
static const char *grant_who(struct arena *a, const struct m_grant *g)
{
	return arena_printf(a, "%s%s to %s", model_acl_label(a, g->objkind, g->schema, g->name,
							      g->args),
			    g->column ? arena_printf(a, " column \"%s\"", g->column) : "",
			    g->grantee);
}

void model_acl_diff(struct arena *a, const struct model *expected,
		    const struct model *actual, void (*add)(void *ctx, const char *line),
		    void *ctx)
{
	size_t ne, na;
	struct m_grant **eg = (struct m_grant **)pmap_sorted(&expected->grants, a, &ne);
	struct m_grant **ag = (struct m_grant **)pmap_sorted(&actual->grants, a, &na);
	for (size_t i = 0, j = 0; i < ne || j < na;) {
		int c = i == ne ? 1 : j == na ? -1
			: strcmp(grant_key(a, eg[i]), grant_key(a, ag[j]));
		const struct m_grant *e = c <= 0 ? eg[i++] : NULL;
		const struct m_grant *g = c >= 0 ? ag[j++] : NULL;
		e = e && live(expected, e) ? e : NULL;
		g = g && live(actual, g) ? g : NULL;
		if (!e && !g)
			continue;
		unsigned ep = e ? e->privs : 0, gp = g ? g->privs : 0;
		unsigned eo = e ? e->grantable : 0, go = g ? g->grantable : 0;
		if (ep == gp && eo == go)
			continue;
		const struct m_grant *x = e ? e : g;
		add(ctx, arena_printf(a, "grant on %s is %s%s, expected %s%s",
				      grant_who(a, x),
				      gp ? privs_sql(a, gp) : "none",
				      go ? arena_printf(a, " (grant option: %s)", privs_sql(a, go)) : "",
				      ep ? privs_sql(a, ep) : "none",
				      eo ? arena_printf(a, " (grant option: %s)", privs_sql(a, eo)) : ""));
	}
	struct m_owner **eo = (struct m_owner **)pmap_sorted(&expected->owners, a, &ne);
	struct m_owner **ao = (struct m_owner **)pmap_sorted(&actual->owners, a, &na);
	for (size_t i = 0, j = 0; i < ne || j < na;) {
		int c = i == ne ? 1 : j == na ? -1
			: strcmp(owner_key(a, eo[i]), owner_key(a, ao[j]));
		const struct m_owner *e = c <= 0 ? eo[i++] : NULL;
		const struct m_owner *g = c >= 0 ? ao[j++] : NULL;
		const struct m_owner *x = e ? e : g;
		if (!model_acl_object(e ? expected : actual, x->objkind, x->schema, x->name, x->args) ||
		    (e && g && strcmp(e->owner, g->owner) == 0))
			continue;
		add(ctx, arena_printf(a, "owner of %s is %s, expected %s",
				      model_acl_label(a, x->objkind, x->schema, x->name, x->args),
				      g ? arena_printf(a, "\"%s\"", g->owner) : "not set",
				      e ? arena_printf(a, "\"%s\"", e->owner) : "not set"));
	}
}
