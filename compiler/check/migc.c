/*
 * migc.c - the facade's load pipeline (migc.h): project_load(), then the
 * graph, the single head and the checking pass, each only if the stage
 * asks for it and nothing before it failed.
 */
#include "migc.h"

#include "diag.h"
#include "model.h"

bool migc_advance(struct arena *a, struct diag *d, struct project *p,
		  enum migc_stage stage)
{
	if (d->n_errors)
		return false;
	if (stage >= MIGC_GRAPH && !p->graph_built) {
		if (!graph_build(a, d, p))
			return false;
		p->graph_built = true;
	}
	if (stage == MIGC_CHECKED && !graph_require_single_head(a, d, p))
		return false;
	if (stage >= MIGC_CHECKED_ANY_HEADS && !p->head_model) {
		if (!compile_project(a, d, p))
			return false;
		released_check(a, d, p);
	}
	return d->n_errors == 0;
}

static struct project *load(struct arena *a, struct diag *d, const char *root,
			    enum migc_stage stage, int *status, bool plan_facts)
{
	struct project *p = project_load(a, d, root);
	if (p)
		p->no_plan_facts = !plan_facts;
	if (!p) {
		diag_finish(d);
		*status = 2;
		return NULL;
	}
	bool ok = migc_advance(a, d, p, stage);
	diag_finish(d);
	if (!ok) {
		/* a file that could not be read is an I/O error, not the
		 * project's: exit 2 as when the project cannot be found */
		*status = d->n_io_errors ? 2 : 1;
		return NULL;
	}
	*status = 0;
	return p;
}

size_t migc_models_diff(struct arena *a, const struct project *p,
			const char ***lines)
{
	*lines = NULL;
	if (!p->schema_model || !p->head_model)
		return 0;
	return model_diff_sides(a, p->schema_model, p->head_model, "in schema.mig", "at head",
				lines);
}

struct project *migc_load(struct arena *a, struct diag *d, const char *root,
			  enum migc_stage stage, int *status)
{
	return load(a, d, root, stage, status, true);
}

struct project *migc_load_no_plan(struct arena *a, struct diag *d, const char *root,
				  enum migc_stage stage, int *status)
{
	return load(a, d, root, stage, status, false);
}
