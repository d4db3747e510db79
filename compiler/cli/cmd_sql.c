/*
 * cmd_sql.c - `migc sql`: the SQL a range would run, without a database.
 *
 * It hands the project's plan to the runtime's own printer (runtime/
 * sqlout.c, linked into migc), so the output is byte for byte what the
 * built migrator's `sql` command prints.
 */
#include "commands.h"
#include "plan_build.h"
#include "rt.h"

int cmd_sql_plan(const struct migrt_plan *plan, int argc, char **argv)
{
	struct migrt_ctx ctx = { 0 };
	ctx.plan = plan;
	ctx.prog = "migc sql";
	char *def[] = { "upgrade", NULL };
	if (argc == 0) {
		argc = 1;
		argv = def;
	}
	return migrt_cmd_sql(&ctx, argc, argv);
}

int cmd_sql(struct arena *a, const struct project *p, int argc, char **argv)
{
	return cmd_sql_plan(plan_build(a, p), argc, argv);
}
