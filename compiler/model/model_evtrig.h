/*
 * model_evtrig.h - the event triggers of a model (model_evtrig.c):
 * database-wide, keyed by name, each with its function, event, tags and
 * enable state; included by model.h.
 */
#ifndef MIGC_MODEL_EVTRIG_H
#define MIGC_MODEL_EVTRIG_H

#include "model.h"

struct m_evtrig {
	const char *name;
	const char *func_schema, *func_name;	/* the function it executes */
	const char *event, *tags;	/* its event; tags upper case, sorted ("" none) */
	char enabled;			/* 'O' (enabled), 'D', 'R' (replica), 'A' (always) */
	const char *body;		/* the create statement after "create " */
	struct loc loc;
};

struct m_evtrig *model_evtrig(const struct model *m, const char *name);
void model_evtrig_set(struct model *m, struct arena *a, struct m_evtrig *t);
void model_evtrig_del(struct model *m, struct arena *a, const struct m_evtrig *t);
/* Do x and y (both given) fire alike: event, tags and function, whatever
 * the spelling of their statements. */
bool model_evtrig_same(const struct m_evtrig *x, const struct m_evtrig *y);
struct m_evtrig **model_evtrigs_sorted(const struct model *m, struct arena *a, size_t *n);
/* The statements that create `t` (create, then its enable state when not
 * the default), in *n. */
const char **model_evtrig_create_sql(struct arena *a, const struct m_evtrig *t, size_t *n);
/* "ALTER EVENT TRIGGER name DISABLE|ENABLE [REPLICA|ALWAYS]". */
const char *model_evtrig_enable_sql(struct arena *a, const char *name, char enabled);
/* model_diff()'s line, or NULL when the same (text as written, state). */
const char *model_evtrig_diff_line(struct arena *a, const struct m_evtrig *e,
				   const struct m_evtrig *c);

#endif
