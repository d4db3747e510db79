/*
 * vtable.c - every statement that writes the version table, in one place.
 *
 * The migrator runs them with parameters ($1, $2, $3) and `sql` prints
 * them with SQL literals in their place, from the same templates, so the
 * script a DBA reviews records revisions exactly as `upgrade` does.  Uses
 * no libpq (migc links it for `migc sql`).
 */
#include "rt.h"
#include "rt_run.h"

const char *const rt_vt_params[3] = { "$1", "$2", "$3" };

char *rt_vt_create_sql(const struct migrt_plan *plan)
{
	return rt_xprintf("CREATE TABLE IF NOT EXISTS %s (\n"
			     "    revision text PRIMARY KEY,\n"
			     "    checksum text NOT NULL,\n"
			     "    applied_at timestamptz NOT NULL DEFAULT now(),\n"
			     "    duration_ms integer NOT NULL DEFAULT 0,\n"
			     "    migc_version text NOT NULL\n"
			     ")", plan->version_table);
}

char *rt_vt_sql(const struct migrt_plan *plan, enum rt_vt which,
		   const char *const arg[3])
{
	const char *t = plan->version_table;

	switch (which) {
	case RT_VT_APPLIED:
		return rt_xprintf("INSERT INTO %s (revision, checksum, applied_at, "
				     "duration_ms, migc_version) VALUES (%s, %s, now(), "
				     RT_SQL_ELAPSED_MS ", %s)", t, arg[0], arg[1], arg[2]);
	case RT_VT_STARTED:
		return rt_xprintf("INSERT INTO %s (revision, checksum, applied_at, "
				     "duration_ms, migc_version) VALUES (%s, %s, now(), -1, %s)",
				     t, arg[0], arg[1], arg[2]);
	case RT_VT_DONE:
		return rt_xprintf("UPDATE %s SET duration_ms = %s WHERE revision = %s",
				     t, arg[1], arg[0]);
	case RT_VT_UNDO_STARTED:
		return rt_xprintf("UPDATE %s SET duration_ms = -1 WHERE revision = %s",
				     t, arg[0]);
	case RT_VT_REMOVED:
		return rt_xprintf("DELETE FROM %s WHERE revision = %s", t, arg[0]);
	}
	return rt_xstrdup("");
}
