/*
 * model_routine.h - the functions, procedures, aggregates and triggers of
 * a model (model_routine.c); included by model.h.
 */
#ifndef MIGC_MODEL_ROUTINE_H
#define MIGC_MODEL_ROUTINE_H

#include "model.h"

/* Immutable like views.  A routine is identified by schema, name and
 * argument types (identity text as pgsql_tree.h prints it: "int4,text");
 * a trigger by schema, table and name.  `body` is the statement as
 * written after "create [or replace]", so that it can be run again. */
struct m_routine {
	const char *schema, *name, *args;
	char kind;			/* 'f' function, 'p' procedure, 'a' aggregate */
	const char *body;
	struct loc loc;
	const char *comment;
};
struct m_trigger {
	const char *schema, *table, *name;
	const char *func_schema, *func_name;	/* the function it executes */
	const char *body;
	struct loc loc;
	const char *comment;
};
const char *model_routine_key(struct arena *a, const char *name, const char *args);
struct m_routine *model_routine(const struct model *m, const char *schema, const char *name,
				const char *args);
void model_routine_set(struct model *m, struct arena *a, struct m_routine *f);
void model_routine_del(struct model *m, struct arena *a, const struct m_routine *f);
struct m_routine **model_routines_sorted(const struct model *m, struct arena *a, size_t *n);
const char *model_trigger_key(struct arena *a, const char *table, const char *name);
struct m_trigger *model_trigger(const struct model *m, const char *schema, const char *table,
				const char *name);
void model_trigger_set(struct model *m, struct arena *a, struct m_trigger *t);
void model_trigger_del(struct model *m, struct arena *a, const struct m_trigger *t);
struct m_trigger **model_triggers_sorted(const struct model *m, struct arena *a, size_t *n);
/* The difference between two versions as a model_diff line, or NULL. */
const char *model_routine_diff(struct arena *a, const char *label, const struct m_routine *e,
			       const struct m_routine *c);
const char *model_trigger_diff(struct arena *a, const char *label, const struct m_trigger *e,
			       const struct m_trigger *c);

#endif
