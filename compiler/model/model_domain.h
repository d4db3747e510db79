/*
 * model_domain.h - a domain's parts in the model (model_domain.c); included
 * by model.h, which it extends.
 */
#ifndef MIGC_MODEL_DOMAIN_H
#define MIGC_MODEL_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct m_utype;

struct m_domcon {
	const char *name;		/* as PostgreSQL names it (unnamed: d_check...) */
	const char *check;		/* the expression inside check ( ) */
	bool not_valid;
};

struct m_domain {
	const char *head;		/* "create domain [schema.]name" as written */
	const char *base, *collate, *def;	/* texts; collate, def NULL when none */
	bool notnull;
	struct m_domcon *cons;
	size_t n_cons;
};

/* The parts of domain `t` (its create statement and its not valid
 * constraints); NULL when the text is not a create domain migc reads. */
struct m_domain *model_domain_of(struct arena *a, const struct m_utype *t);
/* Sets t->sql (create domain with the valid checks, each named) and
 * t->nv from `d`. */
void model_domain_store(struct arena *a, struct m_utype *t, const struct m_domain *d);
/* The constraint named `name`, or NULL. */
struct m_domcon *model_domain_con(const struct m_domain *d, const char *name);
/* The name PostgreSQL gives the next unnamed check of domain `dname`. */
const char *model_domain_auto_name(struct arena *a, const struct m_domain *d,
				   const char *dname);
/* The alter domain statements (for domain `q`, quoted as written in them)
 * that take `from` to `to`, in *n; NULL when no alter domain can (the
 * base type or collation differ).  Whether a check is validated is not
 * compared (a check added is added not valid when `to`'s is). */
const char **model_domain_alter(struct arena *a, const char *q, const struct m_domain *from,
				const struct m_domain *to, size_t *n);
/* The statements that create `t`: its create statement, then one alter
 * domain per not valid constraint (`q` names it), in *n. */
const char **model_utype_create_sql(struct arena *a, const struct m_utype *t, const char *q,
				    size_t *n);
/* In the text of an alter domain statement: the expression of its check
 * ( ... ), or of its set default (to the end); NULL when none. */
const char *model_domain_clause(struct arena *a, const char *sql, bool check);

#endif
