/*
 * replay_acl.c - grant, revoke and alter ... owner to (plain SQL,
 * pgsql_acl.c) replayed into the model's grants and owners (model_acl.h),
 * only when the model asks (migc.conf compare_grants, compare_owners);
 * otherwise they change nothing, as before.
 *
 * PostgreSQL's rules kept here: "all [privileges]" means every privilege
 * of the object's kind; a privilege the kind does not have is an error
 * ("invalid privilege type"); revoking a privilege also revokes its grant
 * option; "revoke grant option for" keeps the privilege; "on all tables|
 * sequences|functions in schema s" means the ones s holds now.  An object
 * the model does not hold (created by a statement migc does not describe)
 * is recorded all the same: PostgreSQL checks it when the revision runs.
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "model_acl.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "sqltext.h"

static const char *const priv_names[PGSQL_N_PRIVS] = {
	"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER",
	"USAGE", "CREATE", "EXECUTE",
};

static const char *kind_word(char objkind, bool column)
{
	if (column)
		return "column";
	switch (objkind) {
	case PGSQL_ACL_SEQUENCE: return "sequence";
	case PGSQL_ACL_SCHEMA: return "schema";
	case PGSQL_ACL_FUNCTION: return "function";
	default: return "relation";
	}
}

/* The written privileges, checked against the kind; "all" widened. */
static bool privs_for(struct rp *r, char objkind, bool column, unsigned written,
		      unsigned *out)
{
	unsigned valid = model_acl_valid(objkind, column);
	if (written == PGSQL_PRIV_ALL) {
		*out = valid;
		return true;
	}
	for (unsigned i = 0; i < PGSQL_N_PRIVS; i++)
		if ((written & (1u << i)) && !(valid & (1u << i))) {
			rp_error(r, (struct loc){ 0 }, "invalid privilege type %s for %s",
				 priv_names[i], kind_word(objkind, column));
			return false;
		}
	*out = written;
	return true;
}

static void apply(struct rp *r, const struct pgsql_acl *acl, struct m_grant like,
		  unsigned privs)
{
	struct m_grant *old = model_grant(r->m, &like);
	struct m_grant *g = arena_alloc(r->a, sizeof *g);
	*g = old ? *old : like;
	if (!old)
		g->privs = g->grantable = 0;
	if (acl->is_grant) {
		g->privs |= privs;
		if (acl->grant_option)
			g->grantable |= privs;
	} else if (acl->grant_option) {
		g->grantable &= ~privs;
	} else {
		g->privs &= ~privs;
		g->grantable &= ~privs;
	}
	if (g->privs)
		model_grant_set(r->m, r->a, g);
	else if (old)
		model_grant_del(r->m, r->a, old);
}

/* One object: its privileges and column privileges for every grantee. */
static bool grant_one(struct rp *r, const struct pgsql_acl *acl, char objkind,
		      const char *schema, const char *name, const char *args)
{
	unsigned privs = 0;
	if (acl->privs && !privs_for(r, objkind, false, acl->privs, &privs))
		return false;
	for (size_t k = 0; k < acl->n_grantees; k++) {
		struct m_grant like = { objkind, schema, name, args, NULL, acl->grantees[k], 0, 0 };
		if (privs)
			apply(r, acl, like, privs);
		for (size_t c = 0; c < acl->n_cols; c++) {
			unsigned cp;
			if (!privs_for(r, objkind, true, acl->col_privs[c], &cp))
				return false;
			like.column = acl->cols[c];
			apply(r, acl, like, cp);
		}
	}
	return true;
}

/* on all tables|sequences|functions in schema s: what s holds now */
static bool grant_all_in(struct rp *r, const struct pgsql_acl *acl, const char *schema)
{
	struct m_schema *s = model_schema(r->m, schema);
	if (!s) {
		rp_error(r, (struct loc){ 0 }, "schema \"%s\" does not exist", schema);
		return false;
	}
	size_t n;
	void **v;
	if (acl->objkind == PGSQL_ACL_FUNCTION) {
		v = pmap_sorted(&s->routines, r->a, &n);
		for (size_t i = 0; i < n; i++) {
			const struct m_routine *f = v[i];
			if (!grant_one(r, acl, PGSQL_ACL_FUNCTION, s->name, f->name, f->args))
				return false;
		}
		return true;
	}
	if (acl->objkind == PGSQL_ACL_SEQUENCE) {
		v = pmap_sorted(&s->rels, r->a, &n);
		for (size_t i = 0; i < n; i++) {
			const struct m_rel *q = v[i];
			if (q->kind == REL_SEQUENCE &&
			    !grant_one(r, acl, PGSQL_ACL_SEQUENCE, s->name, q->name, NULL))
				return false;
		}
		return true;
	}
	v = pmap_sorted(&s->tables, r->a, &n);
	for (size_t i = 0; i < n; i++)
		if (!grant_one(r, acl, PGSQL_ACL_TABLE, s->name, ((struct m_table *)v[i])->name, NULL))
			return false;
	v = pmap_sorted(&s->views, r->a, &n);
	for (size_t i = 0; i < n; i++)
		if (!grant_one(r, acl, PGSQL_ACL_TABLE, s->name, ((struct m_view *)v[i])->name, NULL))
			return false;
	return true;
}

/* "on table" naming a sequence grants on the sequence (PostgreSQL takes
 * it so): one identity for both spellings. */
static char rel_kind(struct rp *r, char objkind, const struct pgsql_name *n)
{
	if (objkind != PGSQL_ACL_TABLE)
		return objkind;
	const struct m_rel *q = model_rel(r->m, model_schema_name(r->m, n->schema), n->name);
	return q && q->kind == REL_SEQUENCE ? PGSQL_ACL_SEQUENCE : objkind;
}

static bool grant(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_acl *acl = p->acl;
	for (size_t i = 0; i < p->n_names; i++) {
		const struct pgsql_name *n = &p->names[i];
		bool ok;
		if (acl->all_in_schema)
			ok = grant_all_in(r, acl, n->name);
		else if (acl->objkind == PGSQL_ACL_SCHEMA)
			ok = grant_one(r, acl, PGSQL_ACL_SCHEMA, NULL, n->name, NULL);
		else
			ok = grant_one(r, acl, rel_kind(r, acl->objkind, n),
				       model_schema_name(r->m, n->schema), n->name,
				       acl->objkind == PGSQL_ACL_FUNCTION ? n->args : NULL);
		if (!ok)
			return false;
	}
	return true;
}

static bool owner(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_acl *acl = p->acl;
	const struct pgsql_name *n = &p->names[0];
	struct m_owner *o = arena_alloc(r->a, sizeof *o);
	o->objkind = acl->objkind;
	o->word = acl->owner_word;
	o->schema = acl->objkind == PGSQL_ACL_SCHEMA ? NULL : model_schema_name(r->m, n->schema);
	o->name = n->name;
	o->args = acl->objkind == PGSQL_ACL_FUNCTION ? n->args : NULL;
	o->owner = acl->owner;
	model_owner_set(r->m, r->a, o);
	return true;
}

bool rp_acl_stmt(struct rp *r, const struct pgsql_stmt *p)
{
	if (p->kind == PGSQL_GRANT && (r->m->acl & MODEL_ACL_GRANTS))
		return grant(r, p);
	if (p->kind == PGSQL_OWNER && (r->m->acl & MODEL_ACL_OWNERS))
		return owner(r, p);
	return true;
}

bool rp_acl_sql(const char *sql)
{
	size_t n = strlen(sql), i = sqlt_skip_blank(sql, n, 0), e;
	enum sqlt_kind k;
	e = sqlt_token(sql, n, i, &k);
	if (k != SQLT_WORD)
		return false;
	if ((e - i == 5 && strncasecmp(sql + i, "grant", 5) == 0) ||
	    (e - i == 6 && strncasecmp(sql + i, "revoke", 6) == 0))
		return true;
	if (e - i != 5 || strncasecmp(sql + i, "alter", 5) != 0)
		return false;
	/* alter ... owner to: the two words in a row anywhere */
	bool owner = false;
	for (i = sqlt_skip_blank(sql, n, e); i < n; i = sqlt_skip_blank(sql, n, e)) {
		e = sqlt_token(sql, n, i, &k);
		if (e <= i)
			break;
		bool w = k == SQLT_WORD;
		if (owner && w && e - i == 2 && strncasecmp(sql + i, "to", 2) == 0)
			return true;
		owner = w && e - i == 5 && strncasecmp(sql + i, "owner", 5) == 0;
	}
	return false;
}
