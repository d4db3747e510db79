/*
 * rt_planview.h - private to plan_cmd.c and plan_out.c: the plan of a run
 * as the database makes it (the revisions, the live size of each relation
 * their statements touch), and the judgements both files print.
 */
#ifndef RT_RT_PLANVIEW_H
#define RT_RT_PLANVIEW_H

#include "rt.h"

/* Assumed throughputs for the time estimates (docs/migrator.md, "plan"). */
#define RT_PLAN_SCAN_MBPS 200LL		/* reading a table: a check, an index build */
#define RT_PLAN_REWRITE_MBPS 50LL	/* reading, writing, rebuilding indexes, WAL */
/* How long reading a table's size may wait behind an ACCESS EXCLUSIVE. */
#define RT_PLAN_LOCK_TIMEOUT "3s"
/* Default size thresholds of the sized lint findings. */
#define RT_PLAN_SMALL_TABLE (10LL << 20)	/* under 10 MB: fine */
#define RT_PLAN_LARGE_TABLE (1LL << 30)		/* from 1 GB: an error */

/* One relation a statement of the plan names, as the database has it now. */
struct rt_rel_size {
	char *rel;		/* the SQL name from the plan; owned */
	int exists;		/* 0: not there (yet) */
	long long rows;		/* pg_class.reltuples (-1: never analyzed) */
	long long bytes;	/* pg_total_relation_size */
};

/* One pre-flight check run read-only (plan_preflight.c). */
struct rt_pf_count {
	uint32_t k;		/* the revision: list[k] */
	uint32_t line;		/* the line of the statement it guards */
	int failed;		/* 0 no offending row, 1 some (message: the
				 * counts, detail: sample keys), 2 could not count */
	char *message, *detail, *sqlstate;	/* owned; NULL when clean */
};

struct rt_plan_view {
	struct rt_ctx *ctx;
	int up;
	const uint32_t *list;	/* the revisions in run order */
	uint32_t n;
	struct rt_rel_size *sizes;
	size_t n_sizes;
	long long small_table, large_table;
	char *at;		/* where the database is now; owned */
	int n_errors;		/* findings at severity error, and failing
				 * pre-flight checks */
	struct rt_pf_count *pf;	/* owned */
	size_t n_pf;
};

/* The info of statement i of revision idx in the view's direction, or NULL. */
const struct migrt_stmt_info *rt_pv_info(const struct rt_plan_view *v, uint32_t idx,
					 uint32_t i);
/* The size of the relation a statement's effect concerns, or NULL. */
const struct rt_rel_size *rt_pv_size(const struct rt_plan_view *v,
				     const struct migrt_stmt_info *in);
const struct rt_rel_size *rt_pv_rel(const struct rt_plan_view *v, const char *rel);
const char *rt_pv_lock_name(uint32_t mode);
const char *rt_pv_effect_name(uint32_t effect);
/* Milliseconds a scan or rewrite of the relation may take; -1: none. */
long long rt_pv_estimate_ms(const struct migrt_stmt_info *in,
			    const struct rt_rel_size *sz);
/* "ok", "warning" or "error": a finding weighed with the table's size. */
const char *rt_pv_severity(const struct rt_plan_view *v, const struct migrt_finding *f,
			   const struct rt_rel_size *sz);

/* plan_preflight.c: runs the upgrade's pre-flight checks read-only and
 * records their counts in v (none for a downgrade or --no-preflight);
 * returns an exit status. */
int rt_pv_preflight(struct rt_plan_view *v);
void rt_pv_preflight_free(struct rt_plan_view *v);
/* Revision list[k]'s results as text lines / a JSON member. */
void rt_pv_preflight_text(const struct rt_plan_view *v, uint32_t k);
void rt_pv_preflight_json(const struct rt_plan_view *v, uint32_t k);

/* plan_out.c */
void rt_plan_out_text(const struct rt_plan_view *v);
void rt_plan_out_json(const struct rt_plan_view *v);
void rt_plan_out_markdown(const struct rt_plan_view *v);
/* GitHub workflow annotation lines (::error / ::warning / ::notice). */
void rt_plan_out_github(const struct rt_plan_view *v);

#endif
