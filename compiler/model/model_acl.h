/*
 * model_acl.h - grants and owners in the model (migc.conf compare_grants,
 * compare_owners; docs/language.md "Grants and owners").
 *
 * A grant is the privileges one grantee holds on one object (or one
 * column of a relation), with the subset it may grant on; an owner is the
 * role an object was given by alter ... owner to or create schema ...
 * authorization.  Both are persistent maps of the model, written by
 * replay only when the model's `acl` asks for them, so a model of a
 * project with the settings off holds none and compares as before.
 * Entries whose object the model no longer holds (dropped) are ignored
 * by every reader here.
 */
#ifndef MIGC_MODEL_ACL_H
#define MIGC_MODEL_ACL_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct model;
struct mast_list;

#define MODEL_ACL_GRANTS 0x1u
#define MODEL_ACL_OWNERS 0x2u

struct m_grant {
	char objkind;		/* PGSQL_ACL_TABLE, _SEQUENCE, _SCHEMA, _FUNCTION (pgsql_tree.h) */
	const char *schema;	/* NULL for a schema's own grant */
	const char *name;	/* relation, routine or schema */
	const char *args;	/* routines: identity argument types ("int4,text") */
	const char *column;	/* NULL: the object itself */
	const char *grantee;	/* role, "public" for PUBLIC */
	unsigned privs;		/* PGSQL_PRIV_* held */
	unsigned grantable;	/* subset of privs held with grant option */
};

struct m_owner {
	char objkind;		/* PGSQL_ACL_* (PGSQL_ACL_TYPE too) */
	char word;		/* pgsql_acl.owner_word: how to name it in alter ... */
	const char *schema, *name, *args;
	const char *owner;
};

/* The privileges `objkind` (column: column != NULL) can have. */
unsigned model_acl_valid(char objkind, bool column);
/* Lookups by identity (NULL when absent) and writes (copy on write). */
struct m_grant *model_grant(const struct model *m, const struct m_grant *like);
void model_grant_set(struct model *m, struct arena *a, struct m_grant *g);
void model_grant_del(struct model *m, struct arena *a, const struct m_grant *g);
struct m_owner *model_owner(const struct model *m, const struct m_owner *like);
void model_owner_set(struct model *m, struct arena *a, struct m_owner *o);
/* Does `m` hold the object of a grant or owner (kind, schema, name, args). */
bool model_acl_object(const struct model *m, char objkind, const char *schema,
		      const char *name, const char *args);
/* "table "s"."t"", "function "s"."f"(int4)", "schema "s"": for messages */
const char *model_acl_label(struct arena *a, char objkind, const char *schema,
			    const char *name, const char *args);

/* model_diff()'s lines for the grants and owners of two models. */
void model_acl_diff(struct arena *a, const struct model *expected,
		    const struct model *actual, void (*add)(void *ctx, const char *line),
		    void *ctx);

/* The grant, revoke and alter ... owner to statements (plain SQL) that
 * take `from`'s grants and owners to `to`'s, appended to l; only for
 * objects `to` holds.  An owner `to` does not record stays as it is; when
 * `unknown` is not NULL it gets the label of the first object whose owner
 * `from` records and `to` does not (NULL when none). */
void model_acl_stmts(struct arena *a, const struct model *from, const struct model *to,
		     struct mast_list *l, const char **unknown);

#endif
