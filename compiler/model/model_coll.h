/*
 * model_coll.h - the collations of a model (model_coll.c): user-defined
 * collations keyed by schema and name, each with its definition as
 * written (the text after the name: "(provider = icu, locale = ...)" or
 * "from x").  The model keeps them so that a column or index naming one
 * resolves, and so that autogenerate and derived downgrades create and
 * drop them; alter collation ... rename to renames one (replay_coll.c),
 * ... owner to is an owner of the model's acl (model_acl.c), the version
 * is not kept.
 */
#ifndef MIGC_MODEL_COLL_H
#define MIGC_MODEL_COLL_H

#include "model.h"

struct m_coll {
	const char *schema, *name;
	const char *def;	/* after the name, as written */
	struct loc loc;
};

struct m_coll *model_coll(const struct model *m, const char *schema, const char *name);
void model_coll_set(struct model *m, struct arena *a, struct m_coll *c);
void model_coll_del(struct model *m, struct arena *a, const struct m_coll *c);
struct m_coll **model_colls_sorted(const struct model *m, struct arena *a, size_t *n);
/* "CREATE COLLATION schema.name def" and "DROP COLLATION schema.name". */
const char *model_coll_create_sql(struct arena *a, const struct m_coll *c);
const char *model_coll_drop_sql(struct arena *a, const struct m_coll *c);
/* model_diff()'s line, or NULL when the same (definition as written,
 * whitespace and case of bare words ignored). */
const char *model_coll_diff_line(struct arena *a, const struct m_coll *e, const struct m_coll *c);

#endif
