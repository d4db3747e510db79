/*
 * emit.h - writing a plan (runtime/migrt.h) as C data for the runtime.
 */
#ifndef MIGC_EMIT_H
#define MIGC_EMIT_H

#include <stdio.h>

struct migrt_plan;

/* Writes the generated C: one `migrt_project_plan`.  The output depends
 * only on the plan: no time stamps, no absolute paths, a fixed order.
 * Returns 0, or -1 on a write error. */
int emit_c(const struct migrt_plan *plan, FILE *out);

#endif
