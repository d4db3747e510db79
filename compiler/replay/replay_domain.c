/*
 * replay_domain.c - alter domain replayed into the model (plain SQL,
 * pgsql_domain.c): add constraint (a check; unnamed ones get PostgreSQL's
 * name), drop constraint [if exists], validate constraint, rename
 * constraint, set|drop default, set|drop not null.  The domain's parts
 * (model_domain.c) change and its create statement is written again from
 * them; the columns typed by the domain stay as they are (PostgreSQL
 * checks their rows when the revision runs).
 *
 * Checked as PostgreSQL does: the type is a domain; a constraint added or
 * renamed to is new, one dropped, validated or renamed exists.  A domain
 * the model does not hold (created by a statement migc does not
 * describe) changes nothing here.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"

static struct loc at_stmt(void)
{
	return (struct loc){ 0 };
}

static bool no_con(struct rp *r, const char *con, const char *dom)
{
	rp_error(r, at_stmt(), "constraint \"%s\" of domain \"%s\" does not exist", con, dom);
	return false;
}

static bool dup_con(struct rp *r, const char *con, const char *dom)
{
	rp_error(r, at_stmt(), "constraint \"%s\" for domain \"%s\" already exists", con, dom);
	return false;
}

static bool apply(struct rp *r, const struct pgsql_stmt *p, const struct m_utype *t,
		  struct m_domain *d)
{
	struct m_domcon *c = p->con_name ? model_domain_con(d, p->con_name) : NULL;
	switch (p->domain_op) {
	case 'T': {
		const char *def = p->has_default ? model_domain_clause(r->a, r->s->u.exec.sql, false) : NULL;
		if (p->has_default && !def)
			return true;	/* not a shape migc reads: left as it is */
		d->def = def;
		return true;
	}
	case 'O':
	case 'N':
		d->notnull = p->domain_op == 'O';
		return true;
	case 'C': {
		struct m_domcon n = { p->con_name, model_domain_clause(r->a, r->s->u.exec.sql, true),
				      p->not_valid };
		if (!n.check)
			return true;	/* not a shape migc reads: PostgreSQL checks it */
		if (!n.name)
			n.name = model_domain_auto_name(r->a, d, t->name);
		else if (c)
			return dup_con(r, n.name, t->name);
		d->cons = arena_grow(r->a, d->cons, d->n_cons * sizeof n, (d->n_cons + 1) * sizeof n);
		d->cons[d->n_cons++] = n;
		return true;
	}
	case 'X':
		if (!c)
			return p->if_exists || no_con(r, p->con_name, t->name);
		memmove(c, c + 1, (size_t)(d->cons + d->n_cons - (c + 1)) * sizeof *c);
		d->n_cons--;
		return true;
	case 'V':
		if (!c)
			return no_con(r, p->con_name, t->name);
		c->not_valid = false;
		return true;
	case 'R':
		if (!c)
			return no_con(r, p->con_name, t->name);
		if (model_domain_con(d, p->new_name))
			return dup_con(r, p->new_name, t->name);
		c->name = p->new_name;
		return true;
	default:
		return true;
	}
}

bool rp_domain_stmt(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	const char *sch = model_schema_name(r->m, n->schema);
	const struct m_utype *t = model_utype(r->m, sch, n->name);
	if (!t)
		return true;	/* not a type migc holds: PostgreSQL checks it */
	if (t->kind != PGSQL_DOMAIN) {
		rp_error(r, at_stmt(), "\"%s\" is not a domain", n->name);
		return false;
	}
	struct m_domain *d = model_domain_of(r->a, t);
	if (!d)
		return true;	/* a create domain migc does not read: left as it is */
	if (!apply(r, p, t, d))
		return false;
	struct m_utype *u = arena_alloc(r->a, sizeof *u);
	*u = *t;
	model_domain_store(r->a, u, d);
	model_utype_set(r->m, r->a, u);
	return true;
}
